#!/usr/bin/env bash
# A flood of readers' reports (issue 26; README, "Reports from readers: a
# flood"): 10,000 posts to /report in one minute from 100 simulated readers
# on loopback, each from its own address (127.0.0.2 … 127.0.0.101), against
# the release binary on a fresh SQLite file in a temporary folder, with a
# small queue cap so that the cap is reached; meanwhile a reader's
# /api/events latency, idle and during the flood, and the server's memory.
# Then the queue in the database: at most the cap, and exactly the reports
# answered as stored.
#
#   scripts/bench-flood.sh
#   RALLYMAP_BIN=target/release/rallymap BENCH_CAP=300 BENCH_PER_HOUR=5 scripts/bench-flood.sh
#   RALLYMAP_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres scripts/bench-flood.sh
#
# With RALLYMAP_TEST_POSTGRES (an administrator's URL of a running cluster),
# the same on PostgreSQL: a fresh database of its own in that cluster,
# dropped at the end. Prints figures; exits 1 when an attempt went
# unanswered, was answered with a 5xx other than the full queue's 503, the
# queue holds more than the cap, or the database does not hold exactly the
# reports answered as stored. Latency and memory are figures, never a
# failure. Run it on a quiet machine: where several share one, under the
# build lock (`flock /tmp/rallymap-build.lock scripts/bench-flood.sh`).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
CLIENTS="${BENCH_CLIENTS:-100}"
ATTEMPTS="${BENCH_ATTEMPTS:-10000}"
SECONDS_="${BENCH_SECONDS:-60}"
IDLE="${BENCH_IDLE:-20}"
RAMP="${BENCH_RAMP:-30}"
CAP="${BENCH_CAP:-300}"
PER_HOUR="${BENCH_PER_HOUR:-5}"
MIN_SECONDS="${BENCH_MIN_SECONDS:-3}"
READ_RATE="${BENCH_READ_RATE:-20}"
say() { printf '\033[1m[bench-flood]\033[0m %s\n' "$*" >&2; }

BIN="$(realpath "${RALLYMAP_BIN:-$ROOT/target/release/rallymap}")"
[[ -x "$BIN" ]] || { say "no binary at $BIN: build it (cargo leptos build --release) or set RALLYMAP_BIN"; exit 2; }

WORK="$(mktemp -d /tmp/rallymap-flood.XXXXXX)"
mkdir -p "$WORK/seed"
cp data/*.geojson "$WORK/seed/"
PG_ADMIN="${RALLYMAP_TEST_POSTGRES:-}"
if [[ -n "$PG_ADMIN" ]]; then
  PG_DB="rallymap_flood_$$"
  psql -X -q -d "$PG_ADMIN" -c "CREATE DATABASE $PG_DB"
  DB="${PG_ADMIN%/*}/$PG_DB"
  STORE="PostgreSQL"
  count_open() { psql -X -qAt -d "$DB" -c "SELECT count(*) FROM reports WHERE status IN ('new', 'in_review')"; }
  references() { psql -X -qAt -d "$DB" -c "SELECT reference FROM reports ORDER BY reference"; }
else
  DB="sqlite://$WORK/rallymap.sqlite3"
  STORE="SQLite"
  count_open() { sqlite3 "$WORK/rallymap.sqlite3" "SELECT count(*) FROM reports WHERE status IN ('new', 'in_review')"; }
  references() { sqlite3 "$WORK/rallymap.sqlite3" "SELECT reference FROM reports ORDER BY reference"; }
fi

SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]]; then kill "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [[ -n "$PG_ADMIN" ]]; then psql -X -q -d "$PG_ADMIN" -c "DROP DATABASE IF EXISTS $PG_DB" || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
LOG="$WORK/server.log"
RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$PORT" DATABASE_URL="$DB" RALLYMAP_SEED_DIR="$WORK/seed" \
  RALLYMAP_REPORTS_OPEN_MAX="$CAP" RALLYMAP_REPORTS_PER_HOUR="$PER_HOUR" RALLYMAP_REPORT_MIN_SECONDS="$MIN_SECONDS" \
  "$BIN" > "$LOG" 2>&1 &
SERVER_PID=$!
until grep -q "rallymap is serving" "$LOG" 2>/dev/null; do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
  sleep 0.2
done

say "$STORE, queue cap $CAP, $PER_HOUR reports a sender an hour, $(nproc) cores, $(date -u +%F)"
STATUS=0
node end2end/bench/flood.mjs --url "http://127.0.0.1:$PORT" --pid "$SERVER_PID" --clients "$CLIENTS" \
  --attempts "$ATTEMPTS" --seconds "$SECONDS_" --idle "$IDLE" --ramp "$RAMP" --read-rate "$READ_RATE" \
  --min-seconds "$MIN_SECONDS" --refs "$WORK/answered.txt" || STATUS=1

OPEN=$(count_open)
references > "$WORK/stored.txt"
sort -o "$WORK/answered.txt" "$WORK/answered.txt"
MISSING=$(comm -23 "$WORK/answered.txt" "$WORK/stored.txt" | wc -l)
EXTRA=$(comm -13 "$WORK/answered.txt" "$WORK/stored.txt" | wc -l)
echo "queue ($STORE): $OPEN open reports, cap $CAP ($([[ $OPEN -le $CAP ]] && echo 'within' || echo 'OVER') the cap);" \
  "answered as stored but not in the database: $MISSING; in the database but never answered as stored: $EXTRA"
# The log without colours and times, its lines counted by what they say.
sed -e 's/\x1b\[[0-9;]*m//g' -e 's/^[0-9T:.-]*Z *//' -e 's/latency=[0-9]* ms//' "$LOG" > "$WORK/plain.log"
PANICS=$(grep -c -i 'panick' "$WORK/plain.log" || true)
echo "server log: $(wc -l < "$WORK/plain.log") lines, $PANICS panics; by what they say:"
grep -v 'rallymap is serving' "$WORK/plain.log" | sort | uniq -c | sort -rn | head -8 | grep . || echo "  (only the line saying it serves)"
[[ $OPEN -le $CAP && $MISSING -eq 0 && $EXTRA -eq 0 && $PANICS -eq 0 ]] || STATUS=1
exit "$STATUS"
