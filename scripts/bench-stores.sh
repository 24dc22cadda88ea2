#!/usr/bin/env bash
# Benchmark of the two stores side by side (README, "Size and speed", "The
# stores side by side"), in one run on loopback:
#
# 1. load: `rallymap import --publish` of BENCH_LOAD_EVENTS made-up events
#    (default 1,000,000) into an empty SQLite database, an empty PostgreSQL
#    database with PostGIS and one without (wall time, peak memory);
# 2. serve: BENCH_EVENTS (default 100,000) events in each store; the busy
#    3-day window (kept answers) from rallymap on SQLite, on PostgreSQL with
#    PostGIS, nginx serving the same bytes and pygeoapi (gunicorn, its
#    PostgreSQL provider on a view of the same table) answering the same
#    window; then random small boxes over all the events, each a new query
#    (no kept answer), on PostgreSQL with and without PostGIS, SQLite and
#    pygeoapi.
#
#   scripts/bench-stores.sh                          # about 20 minutes on 2 cores
#   BENCH_LOAD_EVENTS=0 scripts/bench-stores.sh       # serving only
#
# A benchmark: it prints figures and never fails on them. Needs the release
# binary (built here if missing), PostgreSQL 15 with PostGIS, nginx and wrk
# (Debian packages, installed here if missing), and pygeoapi with gunicorn
# in a venv in var/pygeoapi (installed from PyPI here; if that fails the
# pygeoapi rows say so and are skipped). Its own PostgreSQL cluster (default
# settings, fsync on) runs in var/bench-stores/pg on a free port and is
# stopped however the script ends. Everything goes to var/bench-stores/.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
LOAD_N="${BENCH_LOAD_EVENTS:-1000000}"
N="${BENCH_EVENTS:-100000}"
DURATION="${BENCH_SECONDS:-10}"
WORK="$ROOT/var/bench-stores"
WINDOW="2022-10-10/2022-10-12"
mkdir -p "$WORK"
RESULTS="$WORK/results.txt"
: > "$RESULTS"

say() { printf '\033[1m[bench-stores]\033[0m %s\n' "$*" >&2; }
out() { echo "$*" | tee -a "$RESULTS"; }

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
PGBIN=/usr/lib/postgresql/15/bin
need=()
command -v nginx >/dev/null || need+=(nginx)
command -v wrk >/dev/null || need+=(wrk)
[[ -x /usr/bin/time ]] || need+=(time)
[[ -x $PGBIN/initdb ]] || need+=(postgresql-15)
ls /usr/share/postgresql/15/extension/postgis.control >/dev/null 2>&1 || need+=(postgresql-15-postgis-3)
if [[ ${#need[@]} -gt 0 ]]; then
  say "installing ${need[*]} (Debian packages)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  # shellcheck source=scripts/leptos-env.sh
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap) || exit 1
fi

PIDS=()
PG="$WORK/pg"
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  [[ -f $PG/data/postmaster.pid ]] && runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG/data" -m fast stop >/dev/null 2>&1
  true
}
trap cleanup EXIT

# A throwaway cluster: the superuser `postgres` (who may create PostGIS)
# and `rallymap`, who owns a database but may not create the extension.
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
say "starting PostgreSQL on port $PORT"
rm -rf "$PG" && mkdir -p "$PG" && chown postgres "$PG"
runuser -u postgres -- "$PGBIN/initdb" -D "$PG/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PG/data" -l "$PG/log" -w \
  -o "-p $PORT -k $PG -c listen_addresses=127.0.0.1 -c max_connections=100" start >/dev/null
ADMIN="postgres://postgres@127.0.0.1:$PORT"
psql_admin() { psql -q -X -v ON_ERROR_STOP=1 "$ADMIN/${2:-postgres}" -c "$1" >/dev/null; }
psql_admin "CREATE ROLE rallymap LOGIN PASSWORD 'bench'"
# Fresh databases: $1 name, $2 owner.
fresh_db() {
  psql_admin "DROP DATABASE IF EXISTS $1"
  psql_admin "CREATE DATABASE $1 OWNER $2"
}
GIS_URL="$ADMIN/rallymap_gis"
PLAIN_URL="postgres://rallymap:bench@127.0.0.1:$PORT/rallymap_plain"

# Wall seconds and peak memory of $BIN with the arguments given.
timed() {
  /usr/bin/time -o "$WORK/time.txt" -f '%e %M' "$BIN" "$@" >/dev/null 2>"$WORK/last.err" \
    || { echo "failed: $(tail -1 "$WORK/last.err")"; return; }
  awk '{ printf "%.1f s, peak memory %.0f MB", $1, $2 / 1024 }' "$WORK/time.txt"
}

# ---------------------------------------------------------------- 1. load
if [[ "$LOAD_N" -gt 0 ]]; then
  say "generating $LOAD_N events"
  mkdir -p "$WORK/load"
  "$BIN" generate --events "$LOAD_N" > "$WORK/load/events.geojson"
  size=$(du -m "$WORK/load/events.geojson" | cut -f1)
  out "## load: rallymap import --publish of $LOAD_N made-up events ($size MB of GeoJSON) into an empty database"
  out "(target: 1,000,000 events into PostgreSQL in at most 2 minutes)"
  rm -rf "$WORK/load/db" && mkdir -p "$WORK/load/db"
  say "import into SQLite"
  out "SQLite:                       $(timed --database-url "sqlite://$WORK/load/db/rallymap.sqlite3" \
    --seed-dir "$WORK/none" import --publish "$WORK/load/events.geojson")"
  fresh_db rallymap_gis postgres
  say "import into PostgreSQL with PostGIS"
  out "PostgreSQL with PostGIS:      $(timed --database-url "$GIS_URL" --seed-dir "$WORK/none" \
    import --publish "$WORK/load/events.geojson")"
  fresh_db rallymap_plain rallymap
  say "import into PostgreSQL without PostGIS"
  out "PostgreSQL without PostGIS:   $(timed --database-url "$PLAIN_URL" --seed-dir "$WORK/none" \
    import --publish "$WORK/load/events.geojson")"
  n=$(psql -X -At "$GIS_URL" -c "SELECT count(*) FROM events" 2>/dev/null)
  m=$(psql -X -At "$PLAIN_URL" -c "SELECT count(*) FROM events" 2>/dev/null)
  out "(rows stored: $n with PostGIS, $m without; load average $(cut -d' ' -f1-3 /proc/loadavg))"
  # A million events take a few GB in each database: free them.
  rm -rf "$WORK/load"
  psql_admin "DROP DATABASE rallymap_gis"
  psql_admin "DROP DATABASE rallymap_plain"
fi

# --------------------------------------------------------------- 2. serve
say "generating $N events for serving"
mkdir -p "$WORK/seed"
"$BIN" generate --events "$N" > "$WORK/seed/events.geojson"
fresh_db rallymap_gis postgres
fresh_db rallymap_plain rallymap
rm -rf "$WORK/sqlite" && mkdir -p "$WORK/sqlite"

# Starts rallymap on port $1 with database $2, seeded; waits until it serves.
serve() {
  local log="$WORK/server-$1.log"
  RUST_LOG=info LEPTOS_SITE_ADDR=127.0.0.1:$1 DATABASE_URL="$2" RALLYMAP_SEED_DIR="$WORK/seed" \
    RALLYMAP_IMPORT_DIR="$WORK/imports" "$BIN" > "$log" 2>&1 &
  PIDS+=($!)
  local pid=$!
  local start
  start=$(date +%s.%N)
  until grep -q "rallymap is serving" "$log" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { say "rallymap on $1 did not start:"; tail -5 "$log" >&2; return 1; }
    sleep 0.2
  done
  awk -v s="$start" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}
declare -A NAME=([3921]="rallymap, SQLite" [3922]="rallymap, PostgreSQL + PostGIS" [3923]="rallymap, PostgreSQL, no PostGIS")
declare -A URL=([3921]="sqlite://$WORK/sqlite/rallymap.sqlite3" [3922]="$GIS_URL" [3923]="$PLAIN_URL")
out ""
out "## serve: $N events"
for p in 3921 3922 3923; do
  say "starting ${NAME[$p]} (seeding $N events)"
  t=$(serve "$p" "${URL[$p]}") && out "${NAME[$p]}: seeded and serving in $t s"
  # Build the map's index and warm the caches, as a running server has.
  curl -s "http://127.0.0.1:$p/api/events" -o /dev/null
done

# nginx on the identical bytes of the window's answer.
STATIC="$WORK/static"
rm -rf "$STATIC" && mkdir -p "$STATIC"
curl -s "http://127.0.0.1:3922/api/events?datetime=$WINDOW" -o "$STATIC/window.geojson"
cat > "$WORK/nginx.conf" <<EOF
worker_processes 2;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { application/geo+json geojson; }
  gzip on;
  gzip_comp_level 1;
  gzip_types application/geo+json;
  gzip_min_length 0;
  server { listen 127.0.0.1:3924; root $STATIC; }
}
EOF
"$NGINX" -c "$WORK/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
sleep 0.5
COUNT=$(grep -o '"type":"Feature"' "$STATIC/window.geojson" | wc -l)
BYTES=$(stat -c %s "$STATIC/window.geojson")

# pygeoapi: a venv in var/pygeoapi, gunicorn with 2 workers (2 cores), its
# PostgreSQL provider on a view of the published events with a geometry
# (PostGIS's point) and an id column, and the first day as a date for
# its datetime filter.
PYGEOAPI=""
VENV="$ROOT/var/pygeoapi/venv"
if [[ ! -x $VENV/bin/gunicorn ]]; then
  say "installing pygeoapi and gunicorn from PyPI into var/pygeoapi/venv"
  { python3 -m venv "$VENV" && "$VENV/bin/pip" install -q pygeoapi gunicorn psycopg2-binary SQLAlchemy GeoAlchemy2 \
      shapely pygeofilter; } > "$WORK/pip.log" 2>&1 || say "pygeoapi could not be installed (see $WORK/pip.log)"
fi
if [[ -x $VENV/bin/gunicorn ]]; then
  psql -q -X "$GIS_URL" >/dev/null 2>&1 <<'EOF'
CREATE OR REPLACE VIEW pygeoapi_events AS
SELECT id, title, kind, DATE '1970-01-01' + day_start AS date_start, date_end, location_name,
       country_code, geo_precision, crowd_size_low, crowd_size_high, point
FROM events WHERE status = 'published' AND deleted_at IS NULL;
EOF
  cat > "$WORK/pygeoapi.yml" <<EOF
server:
  bind: {host: 127.0.0.1, port: 3925}
  url: http://127.0.0.1:3925
  mimetype: application/json; charset=UTF-8
  encoding: utf-8
  language: en-US
  pretty_print: false
  limits: {default_items: 10, max_items: 100000}
  map: {url: 'http://127.0.0.1/{z}/{x}/{y}.png', attribution: none}
logging:
  level: ERROR
metadata:
  identification:
    title: rallymap benchmark
    description: the same events as rallymap
    keywords: [events]
    keywords_type: theme
    terms_of_service: none
    url: http://127.0.0.1:3925
  license: {name: none, url: 'http://127.0.0.1'}
  provider: {name: bench, url: 'http://127.0.0.1'}
  contact: {name: bench, position: bench, address: none, city: none, stateorprovince: none, postalcode: none,
            country: none, phone: none, fax: none, email: none, url: 'http://127.0.0.1', hours: none,
            instructions: none, role: pointOfContact}
resources:
  events:
    type: collection
    title: events
    description: events
    keywords: [events]
    links: []
    extents:
      spatial: {bbox: [-180, -90, 180, 90], crs: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84'}
    providers:
      - type: feature
        name: PostgreSQL
        data: {host: 127.0.0.1, port: $PORT, dbname: rallymap_gis, user: postgres, password: none,
               search_path: [public]}
        id_field: id
        table: pygeoapi_events
        geom_field: point
        time_field: date_start
EOF
  export PYGEOAPI_CONFIG="$WORK/pygeoapi.yml" PYGEOAPI_OPENAPI="$WORK/pygeoapi-openapi.yml"
  if "$VENV/bin/pygeoapi" openapi generate "$PYGEOAPI_CONFIG" --output-file "$PYGEOAPI_OPENAPI" > "$WORK/pygeoapi.log" 2>&1; then
    "$VENV/bin/gunicorn" -w 2 -b 127.0.0.1:3925 pygeoapi.flask_app:APP >> "$WORK/pygeoapi.log" 2>&1 &
    PIDS+=($!)
    for _ in $(seq 1 50); do curl -sf -o /dev/null "http://127.0.0.1:3925/" && break; sleep 0.2; done
    if curl -sf -o /dev/null "http://127.0.0.1:3925/collections/events/items?limit=1"; then
      PYGEOAPI="http://127.0.0.1:3925/collections/events/items"
    else
      say "pygeoapi did not answer (see $WORK/pygeoapi.log)"
    fi
  else
    say "pygeoapi could not make its OpenAPI document (see $WORK/pygeoapi.log)"
  fi
fi

# wrk's req/s and latency (50%, 99%) for a URL or a script: "req/s p50 p99".
measure() {
  wrk -t2 -c"${CONNS:-16}" -d"${DURATION}s" --latency "$@" 2>/dev/null |
    awk '/Requests\/sec/ {r = $2} / 50%/ {p50 = $2} / 99%/ {p99 = $2} END { printf "%s %s %s", r ? r : 0, p50 ? p50 : "-", p99 ? p99 : "-" }'
}
row() { # name, "req/s p50 p99", bytes, versus
  read -r r p50 p99 <<<"$2"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$r" "$p50" "$p99" "$3" "$4" | tee -a "$RESULTS"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

out ""
out "### the busy 3-day window $WINDOW ($COUNT events, $BYTES bytes), kept answers, 16 connections"
out ""
out "| server | req/s | latency p50 | p99 | bytes | ratio |"
out "|---|---|---|---|---|---|"
NG=$(measure "http://127.0.0.1:3924/window.geojson")
row "nginx, the same bytes (identity)" "$NG" "$BYTES" "1.00 × nginx"
for p in 3921 3922 3923; do
  m=$(measure "http://127.0.0.1:$p/api/events?datetime=$WINDOW")
  row "${NAME[$p]} (identity)" "$m" "$BYTES" "$(ratio "${m%% *}" "${NG%% *}") × nginx"
  [[ $p == 3922 ]] && PGR="${m%% *}"
done
ENC=(-H "Accept-Encoding: gzip, deflate, br")
ngz=$(curl -s "${ENC[@]}" -o /dev/null -w '%{size_download}' "http://127.0.0.1:3924/window.geojson")
NGZ=$(measure "${ENC[@]}" "http://127.0.0.1:3924/window.geojson")
row "nginx, the same bytes (gzip 1)" "$NGZ" "$ngz" "1.00 × nginx gzip"
for p in 3921 3922; do
  b=$(curl -s "${ENC[@]}" -o /dev/null -w '%{size_download}' "http://127.0.0.1:$p/api/events?datetime=$WINDOW")
  m=$(measure "${ENC[@]}" "http://127.0.0.1:$p/api/events?datetime=$WINDOW")
  row "${NAME[$p]} (br)" "$m" "$b" "$(ratio "${m%% *}" "${NGZ%% *}") × nginx gzip"
done
PYR=0
if [[ -n $PYGEOAPI ]]; then
  url="$PYGEOAPI?datetime=${WINDOW/\//T00:00:00Z\/}T23:59:59Z&limit=$COUNT&f=json"
  pc=$(curl -s "$url" | grep -o '"type": *"Feature"' | wc -l)
  pb=$(curl -s -o /dev/null -w '%{size_download}' "$url")
  m=$(measure "$url")
  PYR="${m%% *}"
  row "pygeoapi 0.$("$VENV/bin/pip" show pygeoapi 2>/dev/null | awk '/^Version/ {print $2}' | cut -d. -f2-), gunicorn 2 workers ($pc events started in the window)" "$m" "$pb" "$(ratio "$PYR" "${NG%% *}") × nginx"
else
  out "| pygeoapi | skipped: not installed or not answering (see var/bench-stores/) | | | | |"
fi
out ""
vs_nginx=$(ratio "$PGR" "${NG%% *}")
verdict() { awk -v a="$1" -v t="$2" 'BEGIN { print (a != "n/a" && a + 0 >= t) ? "met" : "missed" }'; }
out "rallymap on PostgreSQL: $vs_nginx × nginx on the same bytes (target ≥ 0.8: $(verdict "$vs_nginx" 0.8))"
if [[ $PYR != 0 ]]; then
  vs_py=$(ratio "$PGR" "$PYR")
  out "rallymap on PostgreSQL: $vs_py × pygeoapi (target ≥ 100: $(verdict "$vs_py" 100))"
fi

# Random small boxes (0.5 to 3 degrees) over all the events, no window:
# every request is a new query, answered from the spatial index. $1: the
# path, $2: more of the query.
boxes_lua() {
  cat <<EOF
math.randomseed(13)
request = function()
  local w = math.random() * 70 - 10
  local s = math.random() * 40 + 10
  local d = 0.5 + math.random() * 2.5
  return wrk.format("GET", string.format("$1?bbox=%.4f,%.4f,%.4f,%.4f$2", w, s, w + d, s + d * 0.7))
end
EOF
}
boxes_lua /api/events "" > "$WORK/boxes.lua"
boxes_lua /collections/events/items "&limit=10000&f=json" > "$WORK/boxes-pygeoapi.lua"
out ""
out "### random boxes of 0.5 to 3 degrees over all $N events, each a new query (no kept answer), 4 connections"
out ""
out "| server | req/s | latency p50 | p99 | index | |"
out "|---|---|---|---|---|---|"
CONNS=4
declare -A INDEX=([3921]="R*Tree" [3922]="GiST (PostGIS)" [3923]="btree (longitude, latitude)")
for p in 3921 3922 3923; do
  row "${NAME[$p]}" "$(measure -s "$WORK/boxes.lua" "http://127.0.0.1:$p")" "${INDEX[$p]}" ""
done
if [[ -n $PYGEOAPI ]]; then
  row "pygeoapi" "$(measure -s "$WORK/boxes-pygeoapi.lua" "http://127.0.0.1:3925")" "GiST (PostGIS)" ""
fi
out ""
out "figures in $RESULTS"
