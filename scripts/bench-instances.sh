#!/usr/bin/env bash
# Two instances on one PostgreSQL behind nginx (README, "Several servers,
# one PostgreSQL"): requests per second for a kept 3-day window of
# /api/events from one instance directly, from two directly (a load
# generator each), from one and from two behind nginx, and from nginx alone
# serving the same bytes from a file; the CPU each process and the rest of
# the machine took meanwhile; and the staleness across instances (a save
# through A until B answers it). A benchmark: it prints
# figures and never fails on them.
#
#   scripts/bench-instances.sh
#   BENCH_EVENTS=100000 BENCH_SECONDS=10 BENCH_SAVES=20 scripts/bench-instances.sh
#
# Run it on a quiet machine: where several share one, under the build lock
# (`flock /tmp/rallymap-build.lock scripts/bench-instances.sh`).
#
# Needs the release binary (built here if missing), nginx and wrk (Debian
# packages, installed here if missing), and PostgreSQL 15: a throwaway
# cluster of its own in var/bench/instances/pg on a free port (never the
# system's service), stopped at the end.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
EVENTS="${BENCH_EVENTS:-100000}"
DURATION="${BENCH_SECONDS:-10}"
SAVES="${BENCH_SAVES:-20}"
# The busy 3-day window of scripts/bench.sh.
WINDOW="${BENCH_WINDOW:-2022-10-10/2022-10-12}"
WORK="$ROOT/var/bench/instances"
say() { printf '\033[1m[bench-instances]\033[0m %s\n' "$*" >&2; }

SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
if ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]] || ! command -v wrk >/dev/null; then
  say "installing nginx and wrk (Debian packages)"
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq nginx wrk >/dev/null
fi
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"

BIN="${RALLYMAP_BIN:-$ROOT/target/release/rallymap}"
if [[ -z "${RALLYMAP_BIN:-}" ]]; then
  say "building the release binary (seconds when it is up to date)"
  # shellcheck source=scripts/leptos-env.sh
  (source scripts/leptos-env.sh && cargo build --release -p server --bin rallymap)
fi

rm -rf "$WORK"
mkdir -p "$WORK/seed" "$WORK/static"
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  stop_postgres
}
# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
trap cleanup EXIT
say "a throwaway PostgreSQL cluster"
start_postgres "$WORK/pg"
DB="postgres://postgres@127.0.0.1:$PG_PORT/rallymap"
"$PG_BIN/psql" -X -q -d "$PG_ADMIN_URL" -c 'CREATE DATABASE rallymap'

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
A_PORT=$(free_port); B_PORT=$(free_port); LB_PORT=$(free_port); ONE_PORT=$(free_port); STATIC_PORT=$(free_port)
PUBLIC="http://127.0.0.1:$LB_PORT"

say "generating $EVENTS events"
"$BIN" generate --events "$EVENTS" > "$WORK/seed/events.geojson"

# Starts an instance on $2 with its log in $1; its pid in LAST_PID.
start_instance() {
  local log="$WORK/$1.log"
  RUST_LOG=warn LEPTOS_SITE_ADDR="127.0.0.1:$2" DATABASE_URL="$DB" RALLYMAP_SEED_DIR="$WORK/seed" \
    RALLYMAP_PUBLIC_URL="$PUBLIC" RALLYMAP_IMPORT_DIR="$WORK/imports" "$BIN" > "$log" 2>&1 &
  LAST_PID=$!
  PIDS+=("$LAST_PID")
  until grep -q "rallymap is serving" "$log" 2>/dev/null; do
    kill -0 "$LAST_PID" 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.2
  done
}
say "instance A loads the events into PostgreSQL"
START=$(date +%s.%N)
start_instance a "$A_PORT"
A_PID=$LAST_PID
echo "load $EVENTS events into PostgreSQL and start serving: $(awk -v s="$START" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }') s"
start_instance b "$B_PORT"
B_PID=$LAST_PID
printf 'correct horse battery\n' | RUST_LOG=warn "$BIN" --database-url "$DB" editor add bench >/dev/null

URL_PATH="/api/events?datetime=$WINDOW"
ENC=(-H "Accept-Encoding: gzip, deflate, br")
# The same bytes as files for nginx alone: as sent without and with br.
curl -s "http://127.0.0.1:$A_PORT$URL_PATH" -o "$WORK/static/window.geojson"
curl -s "${ENC[@]}" "http://127.0.0.1:$A_PORT$URL_PATH" -o "$WORK/static/window.geojson.br"

cat > "$WORK/nginx.conf" <<EOF
worker_processes auto;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  types { application/geo+json geojson; }
  upstream both { server 127.0.0.1:$A_PORT; server 127.0.0.1:$B_PORT; keepalive 32; }
  upstream one { server 127.0.0.1:$A_PORT; keepalive 32; }
  server {
    listen 127.0.0.1:$LB_PORT;
    location / { proxy_pass http://both; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$http_host; }
  }
  server {
    listen 127.0.0.1:$ONE_PORT;
    location / { proxy_pass http://one; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_set_header Host \$http_host; }
  }
  server { listen 127.0.0.1:$STATIC_PORT; root $WORK/static; }
}
EOF
"$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -g 'daemon off;' &
NGINX_PID=$!
PIDS+=("$NGINX_PID")
sleep 0.5

# Warm every path: the kept answers of both instances, nginx's connections.
for port in "$A_PORT" "$B_PORT" "$LB_PORT" "$LB_PORT" "$ONE_PORT"; do
  curl -s "http://127.0.0.1:$port$URL_PATH" -o /dev/null
  curl -s "${ENC[@]}" "http://127.0.0.1:$port$URL_PATH" -o /dev/null
done

# CPU time (ticks) of a process and its children's threads: utime + stime.
TICK=$(getconf CLK_TCK)
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }
group() {
  case "$1" in
    a) echo "$A_PID" ;;
    b) echo "$B_PID" ;;
    nginx) echo "$NGINX_PID $(pgrep -P "$NGINX_PID" | tr '\n' ' ')" ;;
    postgres) local pm; pm=$(head -1 "$PG_DIR/data/postmaster.pid"); echo "$pm $(pgrep -P "$pm" | tr '\n' ' ')" ;;
  esac
}
# Busy and total ticks of the whole machine (all cores) from /proc/stat.
machine() { awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat; }
pct() { awk -v t="$1" -v s="$DURATION" -v k="$TICK" 'BEGIN { printf "%.0f", 100 * t / k / s }'; }

printf '\n%s events on PostgreSQL, the window %s (%s bytes, %s bytes br), wrk -t2 -c16 -d%ss, %s cores\n' \
  "$EVENTS" "$WINDOW" "$(stat -c %s "$WORK/static/window.geojson")" "$(stat -c %s "$WORK/static/window.geojson.br")" "$DURATION" "$(nproc)"
printf '\n| setup | answer | req/s | CPU %% (of one core): A | B | nginx | PostgreSQL | wrk | other processes | machine busy (of %s%%) |\n|---|---|---|---|---|---|---|---|---|---|\n' "$(( $(nproc) * 100 ))"
# One row: setup name, answer name, then one or more URLs and after `--`
# extra wrk arguments. Several URLs: one wrk each at the same time, the 16
# connections and 2 threads shared out, their requests per second added.
measure() {
  local name="$1" answer="$2"; shift 2
  local urls=() groups=(a b nginx postgres) before=() after=() g m0 m1 out k
  while [[ $# -gt 0 && $1 != -- ]]; do urls+=("$1"); shift; done
  [[ $# -gt 0 ]] && shift
  local n=${#urls[@]}
  for g in "${groups[@]}"; do before+=("$(ticks $(group "$g"))"); done
  m0=$(machine)
  out=$( { TIMEFORMAT='%U %S'; time {
    for k in "${!urls[@]}"; do
      wrk -t$((2 / n)) -c$((16 / n)) -d"${DURATION}s" "$@" "${urls[k]}" >"$WORK/wrk-$k.out" 2>/dev/null &
    done
    wait
  }; } 2>&1 )
  m1=$(machine)
  for g in "${groups[@]}"; do after+=("$(ticks $(group "$g"))"); done
  local rps wrk_ticks ours=0 i row=""
  rps=$(cat "$WORK"/wrk-*.out | awk '/Requests\/sec/ { s += $2 } END { printf "%.0f", s }')
  rm -f "$WORK"/wrk-*.out
  wrk_ticks=$(awk -v k="$TICK" '{ printf "%d", ($1 + $2) * k }' <<<"$out")
  for i in "${!groups[@]}"; do
    local d=$(( after[i] - before[i] ))
    ours=$((ours + d))
    row+=" $(pct "$d") |"
  done
  ours=$((ours + wrk_ticks))
  local busy total
  read -r busy total <<<"$(awk -v a="$m0" -v b="$m1" 'BEGIN { split(a, x, " "); split(b, y, " "); print y[1] - x[1], y[2] - x[2] }')"
  local others=$(( busy - ours ))
  (( others < 0 )) && others=0
  printf '| %s | %s | %s |%s %s | %s | %s |\n' "$name" "$answer" "$rps" "$row" "$(pct "$wrk_ticks")" "$(pct "$others")" "$(pct "$busy")"
}
A="http://127.0.0.1:$A_PORT$URL_PATH"
B="http://127.0.0.1:$B_PORT$URL_PATH"
for enc in identity br; do
  extra=()
  file=window.geojson
  if [[ $enc == br ]]; then extra=("${ENC[@]}"); file=window.geojson.br; fi
  measure "one instance, directly" "$enc" "$A" -- "${extra[@]}"
  measure "two instances, directly (a wrk each)" "$enc" "$A" "$B" -- "${extra[@]}"
  measure "one instance behind nginx" "$enc" "http://127.0.0.1:$ONE_PORT$URL_PATH" -- "${extra[@]}"
  measure "two instances behind nginx" "$enc" "http://127.0.0.1:$LB_PORT$URL_PATH" -- "${extra[@]}"
  measure "nginx alone, the same bytes from a file" "$enc" "http://127.0.0.1:$STATIC_PORT/$file"
done

echo
node end2end/bench/instances.mjs --save "http://127.0.0.1:$A_PORT" --read "http://127.0.0.1:$B_PORT" \
  --origin "$PUBLIC" --saves "$SAVES" --editor bench
