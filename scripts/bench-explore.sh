#!/usr/bin/env bash
# Benchmark of exploring at scale (README, "Filters and search"): at
# 1,000,000 generated events, the server's answers to what the filter panel
# and a filtered map ask for, each request a new query (random 1-3 day
# windows, two filters and a search word), so nothing comes from the answer
# cache. Prints figures; never fails on them.
#
#   scripts/bench-explore.sh                 # 1,000,000 events (~4 minutes)
#   BENCH_SIZES=100000 scripts/bench-explore.sh
#
# Needs the release binary (built here if missing) and wrk (installed here
# if missing). Data and databases go to var/bench/ (git-ignored).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
SIZES="${BENCH_SIZES:-1000000}"
DURATION="${BENCH_SECONDS:-10}"
WORK="$ROOT/var/bench"
mkdir -p "$WORK"
say() { printf '\033[1m[bench-explore]\033[0m %s\n' "$*" >&2; }
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
if ! command -v wrk >/dev/null; then
  say "installing wrk (Debian package)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq wrk >/dev/null
fi
BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  # shellcheck source=scripts/leptos-env.sh
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi
SERVER_PID=""
trap '[[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true' EXIT

# Random 1-3 day windows in the data's busy years, two filters (kinds and
# countries, several values each) and one search word; PATH is the route.
lua() {
  cat > "$WORK/explore-${1//\//_}.lua" <<EOF
math.randomseed(${2:-5})
local function day(n)
  local t = os.time({ year = 2017, month = 1, day = 1, hour = 12 }) + n * 86400
  return os.date("!%Y-%m-%d", t)
end
local kinds = { "rally,march", "protest,rally", "march,vigil,strike", "rally" }
local countries = { "IR", "IR,DE,SE", "DE,GB,FR,US", "IR,IQ,TR" }
local words = { "protest", "rally", "solidar", "students", "%D8%AA%D8%AC%D9%85%D8%B9", "mahnwache" }
request = function()
  local s = math.random(0, 2400)
  local q = "datetime=" .. day(s) .. "/" .. day(s + math.random(0, 2))
    .. "&kind=" .. kinds[math.random(#kinds)] .. "&country_code=" .. countries[math.random(#countries)]
  if math.random() < ${3:-1} then q = q .. "&q=" .. words[math.random(#words)] end
  return wrk.format("GET", "$1?" .. q)
end
EOF
}

for N in $SIZES; do
  DATA="$WORK/data-$N"
  mkdir -p "$DATA"
  if [[ ! -s "$DATA/events.geojson" ]]; then
    say "generating $N events"
    "$BIN" generate --events "$N" > "$DATA/events.geojson"
  fi
  DB="$WORK/explore-db-$N"
  LOG="$WORK/explore-server-$N.log"
  # The database is kept between runs (loading a million events takes a
  # minute or two); delete var/bench/explore-db-* to load it again.
  mkdir -p "$DB"
  RUST_LOG=info LEPTOS_SITE_ADDR=127.0.0.1:3911 DATABASE_URL="sqlite://$DB/rallymap.sqlite3" \
    RALLYMAP_SEED_DIR="$DATA" "$BIN" > "$LOG" 2>&1 &
  SERVER_PID=$!
  until grep -q "rallymap is serving" "$LOG" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
    sleep 0.5
  done
  BASE=http://127.0.0.1:3911
  curl -s "$BASE/api/map/histogram" -o /dev/null
  curl -s "$BASE/api/map/events?datetime=2019-11-16" -o /dev/null
  OUT="$WORK/explore-results-$N.txt"
  : > "$OUT"
  echo "== $N events; each request a new query: a 1-3 day window, kind=… and country_code=… (several values), and q=<word>" | tee -a "$OUT"
  run() {
    local label="$1" path="$2" share="${3:-1}"
    lua "$path" 5 "$share"
    echo "$label:" | tee -a "$OUT"
    wrk -t1 -c1 -d"${DURATION}s" --latency -s "$WORK/explore-${path//\//_}.lua" "$BASE" 2>/dev/null \
      | awk '/Requests\/sec|50%|90%|99%/' | tee -a "$OUT"
  }
  # The filter panel's counts (every facet, one pass over the window).
  run "facet counts, /api/map/facets" /api/map/facets
  # A search as the API answers it (FTS5), with the two filters.
  run "search with two filters, /api/events (GeoJSON)" /api/events
  # What a filtered map asks for: the compact events, the bars, the summary.
  run "the map's events, /api/map/events" /api/map/events
  run "the window's bars, /api/map/histogram" /api/map/histogram
  run "the summary, /api/map/summary" /api/map/summary
  run "filters without a search, /api/map/facets" /api/map/facets 0
  # A filter change: the slider's bars over the whole extent (what the
  # browser asks once per change), each a new query.
  for q in "kind=rally,march&country_code=IR,DE,SE" "kind=protest&country_code=DE,GB,FR,US" \
    "kind=rally&country_code=IR&q=solidar" "kind=march,vigil,strike&q=students"; do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/map/histogram?$q")
    echo "a filter change, the slider's bars over every day (/api/map/histogram?$q): ${t} s" | tee -a "$OUT"
    t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/map/events?datetime=2019-11-01/2019-11-30&$q")
    echo "  and the map's events of November 2019: ${t} s" | tee -a "$OUT"
  done
  t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/map/facets?datetime=2019-11-15/2019-11-30&country_code=IR")
  big=$(curl -s "$BASE/api/map/facets?datetime=2019-11-15/2019-11-30&country_code=IR" | grep -o '"total":[0-9]*')
  echo "facet counts of Iran, 15-30 November 2019 (the peak; $big events): ${t} s" | tee -a "$OUT"
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
done
