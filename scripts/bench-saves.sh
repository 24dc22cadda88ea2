#!/usr/bin/env bash
# Editors saving at the same time (README, "Saves"): 4 editors save in a
# loop for 60 s while 4 readers read, against the release binary on a fresh
# SQLite file; prints saves answered, refused and lost, the save latency and
# the server's memory. A benchmark: it prints figures and never fails on them.
#
#   scripts/bench-saves.sh
#   BENCH_EDITORS=8 BENCH_SECONDS=180 BENCH_EVENTS=100000 scripts/bench-saves.sh
#   BENCH_EDITORS=1 BENCH_PACE=1000 BENCH_SECONDS=180 scripts/bench-saves.sh   # a soak: 1 save a second
#
# BENCH_EVENTS made-up events are loaded first (default: the six seed events).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
EDITORS="${BENCH_EDITORS:-4}"
READERS="${BENCH_READERS:-4}"
SECONDS_="${BENCH_SECONDS:-60}"
EVENTS="${BENCH_EVENTS:-0}"
# Milliseconds each editor waits between saves (0: as fast as answered).
PACE="${BENCH_PACE:-0}"
WORK="$ROOT/var/bench/saves"
say() { printf '\033[1m[bench-saves]\033[0m %s\n' "$*" >&2; }

BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi

rm -rf "$WORK"
mkdir -p "$WORK/seed"
if [[ "$EVENTS" -gt 0 ]]; then
  say "generating $EVENTS events"
  "$BIN" generate --events "$EVENTS" > "$WORK/seed/events.geojson"
else
  cp data/*.geojson "$WORK/seed/"
fi
DB="sqlite://$WORK/rallymap.sqlite3"
for k in $(seq 1 "$EDITORS"); do
  printf 'correct horse battery\n' | "$BIN" --database-url "$DB" --seed-dir "$WORK/seed" editor add "editor$k" >/dev/null
done

LOG="$WORK/server.log"
RUST_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:3911 DATABASE_URL="$DB" RALLYMAP_SEED_DIR="$WORK/seed" "$BIN" > "$LOG" 2>&1 &
SERVER_PID=$!
trap 'kill "$SERVER_PID" 2>/dev/null || true' EXIT
until grep -q "rallymap is serving" "$LOG" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done
say "$EDITORS editors saving and $READERS readers reading for $SECONDS_ s ($(nproc) cores)"
node end2end/bench/saves.mjs --url http://127.0.0.1:3911 --editors "$EDITORS" --readers "$READERS" \
  --seconds "$SECONDS_" --pace "$PACE" --pid "$SERVER_PID"
echo "database locked in the server log: $(grep -c 'database is locked' "$LOG" || true)"
