# A throwaway PostgreSQL cluster of our own (README, "Several servers, one
# PostgreSQL"), for scripts/test.sh and scripts/bench-instances.sh to
# source: Debian's PostgreSQL 15 and PostGIS (installed only when missing),
# in a folder of its own on a free port of 127.0.0.1, never the system's
# service.
#
#   source scripts/throwaway-postgres.sh
#   start_postgres DIR        # sets PG_PORT and PG_ADMIN_URL
#   trap stop_postgres EXIT   # stopped however the caller ends
#
# The administrator `postgres` connects without a password (it makes each
# test's database); every other user must give one, so a wrong one is
# refused. fsync is off: a cluster thrown away at the end need not survive a
# crash.

PG_BIN=/usr/lib/postgresql/15/bin
PG_DIR=""
# initdb will not run as root: the cluster then runs as Debian's postgres user.
AS_PG=()

start_postgres() {
  PG_DIR="$1"
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  if [[ ! -x $PG_BIN/initdb || ! -e /usr/share/postgresql/15/extension/postgis.control ]]; then
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql postgresql-15-postgis-3 >/dev/null
  fi
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$PG_DIR"
    AS_PG=(runuser -u postgres --)
  fi
  PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  "${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat > "$PG_DIR/pg_hba.conf" <<'HBA'
local   all             all                                     trust
host    all             postgres        127.0.0.1/32            trust
host    all             all             127.0.0.1/32            scram-sha-256
HBA
  "${AS_PG[@]}" cp "$PG_DIR/pg_hba.conf" "$PG_DIR/data/pg_hba.conf"
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null
  PG_ADMIN_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

stop_postgres() {
  [[ -n "$PG_DIR" ]] || return 0
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
}
