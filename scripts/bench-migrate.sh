#!/usr/bin/env bash
# Benchmark of `rallymap migrate-data` (README, "Moving between SQLite and
# PostgreSQL"): made-up events imported into SQLite, copied into a new
# PostgreSQL database and back into a new SQLite file, with wall time and
# peak memory of each copy (its check after the commit included). A
# benchmark: it prints figures and never fails on them.
#
#   BENCH_POSTGRES=postgres://postgres@127.0.0.1:5432/postgres scripts/bench-migrate.sh
#   BENCH_MIGRATE_EVENTS=1000000 BENCH_POSTGRES=… scripts/bench-migrate.sh
#
# BENCH_POSTGRES names a user who may create databases; the script creates
# one (rallymap_bench_migrate) and drops it at the end. Files go to
# var/bench-migrate/ (git-ignored). RALLYMAP_BIN skips building.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"
EVENTS="${BENCH_MIGRATE_EVENTS:-100000}"
ADMIN="${BENCH_POSTGRES:?set BENCH_POSTGRES to postgres://USER@HOST:PORT/DB, a user who may create databases}"
WORK="$ROOT/var/bench-migrate"
DBNAME=rallymap_bench_migrate
rm -rf "$WORK" && mkdir -p "$WORK"

say() { printf '\033[1m[bench-migrate]\033[0m %s\n' "$*" >&2; }

BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  # shellcheck source=scripts/leptos-env.sh
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi
TARGET_PG="${ADMIN%/*}/$DBNAME"
psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $DBNAME" -c "CREATE DATABASE $DBNAME"
trap 'psql -q "$ADMIN" -c "DROP DATABASE IF EXISTS $DBNAME WITH (FORCE)" || true' EXIT

say "generating $EVENTS made-up events and importing them into SQLite"
"$BIN" generate --events "$EVENTS" > "$WORK/events.geojson"
RUST_LOG=warn "$BIN" --database-url "sqlite://$WORK/source.sqlite3" import --publish "$WORK/events.geojson" >/dev/null

# Wall seconds and peak RSS (MB) of one copy.
measure() {
  local label="$1" from="$2" to="$3" out
  out=$( { RUST_LOG=warn /usr/bin/time -f '%e %M' "$BIN" migrate-data --from "$from" --to "$to" >"$WORK/$label.txt"; } 2>&1 | tail -1)
  awk -v e="${out% *}" -v m="${out#* }" -v l="$label" -v n="$EVENTS" \
    'BEGIN { printf "%-18s %8d events  %6.1f s  peak RSS %5.0f MB\n", l, n, e, m / 1024 }'
}
echo "rallymap migrate-data, $EVENTS events with a history row each (copy and check)"
measure sqlite-to-postgres "sqlite://$WORK/source.sqlite3" "$TARGET_PG"
measure postgres-to-sqlite "$TARGET_PG" "sqlite://$WORK/back.sqlite3"
measure sqlite-to-sqlite "sqlite://$WORK/back.sqlite3" "sqlite://$WORK/again.sqlite3"
