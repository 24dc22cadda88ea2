#!/usr/bin/env bash
# Saves while the server is killed (README, "Saves"): editors save without
# pause; the server is killed with SIGKILL several times (no chance to finish
# anything) and started again on the same file at once; at the end every
# save that was answered 200 must be there. Prints saves answered, refused
# (the ones sent while the server was down) and lost. A benchmark: it prints
# figures, never fails on them.
#
#   scripts/bench-kill.sh
#   BENCH_KILLS=8 scripts/bench-kill.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
KILLS="${BENCH_KILLS:-4}"
EDITORS="${BENCH_EDITORS:-4}"
WORK="$ROOT/var/bench/kill"
say() { printf '\033[1m[bench-kill]\033[0m %s\n' "$*" >&2; }

BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi

SERVER_PID=""
trap '[[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true' EXIT
rm -rf "$WORK"
mkdir -p "$WORK/seed"
cp data/*.geojson "$WORK/seed/"
DB="sqlite://$WORK/rallymap.sqlite3"
for k in $(seq 1 "$EDITORS"); do
  printf 'correct horse battery\n' | "$BIN" --database-url "$DB" --seed-dir "$WORK/seed" editor add "editor$k" >/dev/null
done

start_server() {
  : > "$WORK/server.log"
  RUST_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:3913 DATABASE_URL="$DB" RALLYMAP_SEED_DIR="$WORK/seed" "$BIN" >> "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until grep -q "rallymap is serving" "$WORK/server.log" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.05
  done
}
start_server
SECONDS_=$((KILLS * 5 + 5))
say "$EDITORS editors saving for $SECONDS_ s; the server is killed (SIGKILL) $KILLS times"
node end2end/bench/saves.mjs --url http://127.0.0.1:3913 --editors "$EDITORS" --seconds "$SECONDS_" \
  --record "$WORK/saves.json" --timeline > "$WORK/saves.txt" &
SAVER=$!
for c in $(seq 1 "$KILLS"); do
  sleep 5
  kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  echo "kill $c: SIGKILL, started again" >&2
  start_server
done
wait "$SAVER"
cat "$WORK/saves.txt"
say "checking every acknowledged save against the database after the last start"
node end2end/bench/saves.mjs --url http://127.0.0.1:3913 --verify "$WORK/saves.json"
