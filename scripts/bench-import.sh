#!/usr/bin/env bash
# Benchmark of `rallymap import` (README, "Import and export"): made-up
# events as GeoJSON and as the CSV the API exports, imported into an empty
# database, with wall time and peak memory. The issue's target is 100,000
# rows in at most 20 s. A benchmark: it prints figures and never fails on
# them.
#
#   scripts/bench-import.sh                    # 100,000 rows
#   BENCH_IMPORT_ROWS=1000000 scripts/bench-import.sh
#
# Needs the release binary (built here if missing). Files go to
# var/bench-import/ (git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
ROWS="${BENCH_IMPORT_ROWS:-100000}"
WORK="$ROOT/var/bench-import"
rm -rf "$WORK" && mkdir -p "$WORK/seed"

say() { printf '\033[1m[bench-import]\033[0m %s\n' "$*" >&2; }

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
if [[ ! -x /usr/bin/time ]]; then
  say "installing GNU time (Debian package)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq time >/dev/null
fi

BIN="$ROOT/target/release/rallymap"
say "building the release binary (seconds when it is up to date)"
# shellcheck source=scripts/leptos-env.sh
(source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)

say "generating $ROWS made-up events"
"$BIN" generate --events "$ROWS" > "$WORK/seed/events.geojson"

# The CSV is what GET /api/events?f=csv gives for the same events.
say "exporting them as CSV through the API"
LEPTOS_SITE_ADDR=127.0.0.1:3911 "$BIN" --database-url "sqlite://$WORK/source.sqlite3" \
  --seed-dir "$WORK/seed" --import-dir "$WORK/uploads" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
trap 'kill $SERVER_PID 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do
  curl -sf -o /dev/null http://127.0.0.1:3911/api && break
  sleep 0.5
done
curl -sf -o "$WORK/events.csv" "http://127.0.0.1:3911/api/events?f=csv"
kill $SERVER_PID

# Wall seconds and peak RSS (MB) of one import into an empty database.
measure() {
  local file="$1" db="$WORK/$2.sqlite3"
  rm -f "$db"*
  local out
  out=$( { /usr/bin/time -f '%e %M' "$BIN" --database-url "sqlite://$db" --seed-dir "$WORK/none" \
      import --publish "$file" >/dev/null; } 2>&1 | tail -1)
  awk -v e="${out% *}" -v m="${out#* }" -v f="$(basename "$file")" -v s="$(du -m "$file" | cut -f1)" \
    'BEGIN { printf "%-16s %6d MB  %6.1f s  peak RSS %5.0f MB\n", f, s, e, m / 1024 }'
}
echo "import of $ROWS rows into an empty SQLite database (target: 100,000 rows in at most 20 s)"
measure "$WORK/seed/events.geojson" geojson
measure "$WORK/events.csv" csv
