#!/usr/bin/env bash
# Benchmark of the store and the API at 100,000 and 1,000,000 events, side
# by side with nginx serving the identical bytes, in the same run, on
# loopback (README, "Size and speed"). A benchmark: it prints figures and
# never fails on them.
#
#   scripts/bench.sh            # both sizes (about 15 minutes on 2 cores)
#   BENCH_SIZES=100000 scripts/bench.sh
#
# Needs the release binary (built here if missing), nginx and wrk (Debian
# packages, installed here if missing). Generated data and databases go to
# var/bench/ (git-ignored) and are reused.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
SIZES="${BENCH_SIZES:-100000 1000000}"
DURATION="${BENCH_SECONDS:-10}"
WORK="$ROOT/var/bench"
mkdir -p "$WORK"

say() { printf '\033[1m[bench]\033[0m %s\n' "$*" >&2; }

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
if ! command -v nginx >/dev/null || ! command -v wrk >/dev/null; then
  say "installing nginx and wrk (Debian packages)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx wrk >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

# RALLYMAP_BIN: measure that binary (another build, say) instead of building.
BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  # shellcheck source=scripts/leptos-env.sh
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi

SERVER_PID=""
NGINX_PID=""
cleanup() {
  [[ -n "$SERVER_PID" ]] && kill "$SERVER_PID" 2>/dev/null || true
  [[ -n "$NGINX_PID" ]] && kill "$NGINX_PID" 2>/dev/null || true
}
trap cleanup EXIT

# wrk's requests per second for a URL, with optional extra arguments.
reqs() { wrk -t2 -c16 -d"${DURATION}s" "$@" 2>/dev/null | awk '/Requests\/sec/ {print $2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
ENC=(-H "Accept-Encoding: gzip, deflate, br")

# Starts nginx on port 3902 serving $1 (a folder), gzip at level 1.
start_nginx() {
  local dir="$1"
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
  server { listen 127.0.0.1:3902; root $dir; }
}
EOF
  "$NGINX" -c "$WORK/nginx.conf" -g 'daemon off;' &
  NGINX_PID=$!
  sleep 0.5
}

# Peak resident memory (VmHWM) of a process since it started, in MB.
peak_mb() { awk '/VmHWM/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# Samples a process's resident memory every 0.2 s into $2 until stopped.
sample_rss() {
  while kill -0 "$1" 2>/dev/null; do
    awk '/VmRSS/ {print int($2 / 1024)}' "/proc/$1/status" 2>/dev/null >> "$2" || true
    sleep 0.2
  done
}
max_of() { sort -n "$1" | tail -1; }

for N in $SIZES; do
  say "== $N events"
  DATA="$WORK/data-$N"
  # Made again each run (seconds), so the data always matches the binary.
  mkdir -p "$DATA"
  say "generating $N events"
  "$BIN" generate --events "$N" > "$DATA/events.geojson"
  DB="$WORK/db-$N"
  rm -rf "$DB"
  LOG="$WORK/server-$N.log"
  START=$(date +%s.%N)
  RUST_LOG=info LEPTOS_SITE_ADDR=127.0.0.1:3901 DATABASE_URL="sqlite://$DB/rallymap.sqlite3" \
    RALLYMAP_SEED_DIR="$DATA" "$BIN" > "$LOG" 2>&1 &
  SERVER_PID=$!
  until grep -q "rallymap is serving" "$LOG" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$LOG"; exit 1; }
    sleep 0.2
  done
  LOAD=$(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }')
  BASE=http://127.0.0.1:3901
  : > "$WORK/results-$N.txt"
  echo "load $N events (parse, validate, store, start serving): ${LOAD} s; peak memory while loading $(peak_mb "$SERVER_PID") MB" \
    | tee -a "$WORK/results-$N.txt"
  : > "$WORK/rss-$N.txt"
  sample_rss "$SERVER_PID" "$WORK/rss-$N.txt" &
  SAMPLER=$!

  # Settle the checkpoint of the load, build the map's index and warm the
  # caches, as a server that has been running a while would have.
  curl -s "$BASE/api/events" -o /dev/null
  curl -s "$BASE/api/map/histogram?bbox=0,0,1,1" -o /dev/null

  if [[ "$N" -le 200000 ]]; then
    STATIC="$WORK/static-$N"
    rm -rf "$STATIC"
    mkdir -p "$STATIC"
    # A 3-day window in a busy period, and the 3-day peak.
    declare -A WINDOWS=([busy]="2022-10-10/2022-10-12" [peak]="2019-11-16/2019-11-18")
    for name in busy peak; do
      curl -s "$BASE/api/events?datetime=${WINDOWS[$name]}" -o "$STATIC/$name.geojson"
    done
    start_nginx "$STATIC"
    printf '\n| %s events | answer | ours req/s | nginx req/s | ratio | ours bytes | nginx bytes |\n|---|---|---|---|---|---|---|\n' "$N"
    for name in busy peak; do
      url="$BASE/api/events?datetime=${WINDOWS[$name]}"
      count=$(grep -o '"type":"Feature"' "$STATIC/$name.geojson" | wc -l)
      size=$(stat -c %s "$STATIC/$name.geojson")
      ours=$(reqs "$url")
      theirs=$(reqs "http://127.0.0.1:3902/$name.geojson")
      printf '| %s window %s (%s events) | identity | %s | %s | %s | %s | %s |\n' \
        "$name" "${WINDOWS[$name]}" "$count" "$ours" "$theirs" "$(ratio "$ours" "$theirs")" "$size" "$size"
      oursz=$(curl -s "${ENC[@]}" -o /dev/null -w '%{size_download}' "$url")
      theirsz=$(curl -s "${ENC[@]}" -o /dev/null -w '%{size_download}' "http://127.0.0.1:3902/$name.geojson")
      ours=$(reqs "${ENC[@]}" "$url")
      theirs=$(reqs "${ENC[@]}" "http://127.0.0.1:3902/$name.geojson")
      printf '| %s window | br (ours) / gzip 1 (nginx) | %s | %s | %s | %s | %s |\n' \
        "$name" "$ours" "$theirs" "$(ratio "$ours" "$theirs")" "$oursz" "$theirsz"
    done | tee -a "$WORK/results-$N.txt"
    kill "$NGINX_PID" 2>/dev/null || true
    NGINX_PID=""
  fi

  # Random windows of 1 to 3 days outside the waves, half with a box, each
  # request a new query (so the database answers, not the kept answers).
  cat > "$WORK/random.lua" <<'EOF'
math.randomseed(7)
local function day(n)
  local t = os.time({ year = 2017, month = 1, day = 1, hour = 12 }) + n * 86400
  return os.date("!%Y-%m-%d", t)
end
request = function()
  -- 2017-01-01 to late 2017, or April 2020 to mid 2022: outside the waves.
  local s = math.random() < 0.3 and math.random(0, 330) or math.random(1200, 2050)
  local q = "datetime=" .. day(s) .. "/" .. day(s + math.random(0, 2))
  if math.random() < 0.5 then
    local w = math.random() * 70 - 10
    local south = math.random() * 40 + 10
    q = q .. string.format("&bbox=%.4f,%.4f,%.4f,%.4f", w, south, w + math.random() * 20, south + math.random() * 15)
  end
  return wrk.format("GET", "/api/events?" .. q)
end
EOF
  for c in 1 4; do
    echo "random 1–3 day windows, half with a box, each a new query (database reads), $c at a time:" \
      | tee -a "$WORK/results-$N.txt"
    wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$WORK/random.lua" "$BASE" 2>/dev/null \
      | awk '/Requests\/sec|50%|90%|99%/' | tee -a "$WORK/results-$N.txt"
  done
  # The map's clusters (what the page asks for when a window holds more than
  # 200,000 events): random views at zoom 1 to 8 over windows of 1 day to
  # 14 months, each a new query.
  cat > "$WORK/clusters.lua" <<'EOF'
math.randomseed(11)
local function day(n)
  local t = os.time({ year = 2017, month = 1, day = 1, hour = 12 }) + n * 86400
  return os.date("!%Y-%m-%d", t)
end
request = function()
  local s = math.random(0, 2400)
  local len = math.random() < 0.5 and math.random(0, 2) or math.random(30, 420)
  local z = math.random(1, 8)
  -- A 1280x800 view at zoom z is 1280 / (256 * 2^z) of the world wide.
  local width = math.min(360, 360 * 5 / 2 ^ z)
  local height = math.min(170, width * 0.6)
  local w = math.random() * (360 - width) - 180
  local south = math.random() * (170 - height) - 85
  local q = string.format("datetime=%s/%s&bbox=%.4f,%.4f,%.4f,%.4f&zoom=%d",
    day(s), day(s + len), w, south, w + width, south + height, z)
  return wrk.format("GET", "/api/map/clusters?" .. q)
end
EOF
  for c in 1 4; do
    echo "map clusters, random views and windows (1 day to 14 months), each a new query, $c at a time:" \
      | tee -a "$WORK/results-$N.txt"
    wrk -t1 -c"$c" -d"${DURATION}s" --latency -s "$WORK/clusters.lua" "$BASE" 2>/dev/null \
      | awk '/Requests\/sec|50%|90%|99%/' | tee -a "$WORK/results-$N.txt"
  done
  big=$(curl -s "$BASE/api/map/clusters?datetime=2019-01-01/2020-03-01&zoom=2" | grep -o '"total":[0-9]*')
  echo "  (a 14-month window at zoom 2, $big events)" | tee -a "$WORK/results-$N.txt"
  t=$(curl -s "${ENC[@]}" -o /dev/null -w '%{size_download} bytes in %{time_total} s' "$BASE/api/map/events")
  raw=$(curl -s -o /dev/null -w '%{size_download}' "$BASE/api/map/events")
  echo "the map's compact form of every event: $raw bytes; compressed (br) $t" | tee -a "$WORK/results-$N.txt"
  one=$(curl -s "$BASE/api/events?datetime=2021-03-01/2021-03-03" | grep -o '"type":"Feature"' | wc -l)
  echo "  (a typical such window: $one events)" | tee -a "$WORK/results-$N.txt"
  for q in "" "?bbox=44,25,63,40" "?datetime=2022-09-01/2022-12-31&bbox=44,25,63,40"; do
    t=$(curl -s -o /dev/null -w '%{time_total}' "$BASE/api/map/histogram$q")
    echo "histogram$q: ${t} s" | tee -a "$WORK/results-$N.txt"
  done
  t=$(curl -s -o /dev/null -w '%{time_total} s, %{size_download} bytes' "$BASE/api/events")
  echo "whole collection, streamed: $t" | tee -a "$WORK/results-$N.txt"
  kill "$SAMPLER" 2>/dev/null || true
  echo "largest resident memory while serving all of the above: $(max_of "$WORK/rss-$N.txt") MB" | tee -a "$WORK/results-$N.txt"
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
done
