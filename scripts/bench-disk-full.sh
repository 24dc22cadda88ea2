#!/usr/bin/env bash
# Saves while the disk under the database fills up and is freed again
# (README, "Saves"): the database lives on a 3 MB tmpfs; editors save without
# pause while a filler takes every free byte for a few seconds, then frees
# it, several times; then the server is stopped and started again on the same
# file and every save that was answered 200 must be there. Prints saves
# answered, refused and lost. A benchmark: it prints figures, never fails on
# them. Needs root (to mount the tmpfs).
#
#   scripts/bench-disk-full.sh
#   BENCH_CYCLES=8 scripts/bench-disk-full.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
CYCLES="${BENCH_CYCLES:-4}"
EDITORS="${BENCH_EDITORS:-4}"
WORK="$ROOT/var/bench/disk-full"
MNT="$WORK/mnt"
say() { printf '\033[1m[bench-disk-full]\033[0m %s\n' "$*" >&2; }
[[ $(id -u) -eq 0 ]] || { say "needs root to mount a 3 MB tmpfs"; exit 1; }

BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi

SERVER_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  umount "$MNT" 2>/dev/null || true
}
trap cleanup EXIT
umount "$MNT" 2>/dev/null || true
rm -rf "$WORK"
mkdir -p "$MNT" "$WORK/seed"
cp data/*.geojson "$WORK/seed/"
mount -t tmpfs -o size=3m tmpfs "$MNT"
DB="sqlite://$MNT/rallymap.sqlite3"
for k in $(seq 1 "$EDITORS"); do
  printf 'correct horse battery\n' | "$BIN" --database-url "$DB" --seed-dir "$WORK/seed" editor add "editor$k" >/dev/null
done

start_server() {
  RUST_LOG=warn LEPTOS_SITE_ADDR=127.0.0.1:3912 DATABASE_URL="$DB" RALLYMAP_SEED_DIR="$WORK/seed" "$BIN" >> "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  until grep -q "rallymap is serving" "$WORK/server.log" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.2
  done
}
: > "$WORK/server.log"
start_server
SECONDS_=$((CYCLES * 8 + 4))
say "$EDITORS editors saving for $SECONDS_ s; the disk fills $CYCLES times for 4 s"
# Each editor saves every 100 ms: the data alone must not fill the 3 MB.
node end2end/bench/saves.mjs --url http://127.0.0.1:3912 --editors "$EDITORS" --seconds "$SECONDS_" --pace 100 \
  --record "$WORK/saves.json" --timeline > "$WORK/saves.txt" &
SAVER=$!
sleep 2
for c in $(seq 1 "$CYCLES"); do
  # Take every free byte, hold it, give it back.
  dd if=/dev/zero of="$MNT/filler" bs=16k 2>/dev/null || true
  echo "second $((2 + (c - 1) * 8)): disk full ($(df --output=avail "$MNT" | tail -1 | tr -d ' ') KB free) for 4 s" >&2
  sleep 4
  rm -f "$MNT/filler"
  echo "second $((6 + (c - 1) * 8)): space back ($(df --output=avail "$MNT" | tail -1 | tr -d ' ') KB free)" >&2
  sleep 4
done
wait "$SAVER"
cat "$WORK/saves.txt"
say "stopping the server and starting it again on the same file"
kill -INT "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
start_server
node end2end/bench/saves.mjs --url http://127.0.0.1:3912 --verify "$WORK/saves.json"
echo "disk-full errors in the server log: $(grep -c -i 'full' "$WORK/server.log" || true)"
