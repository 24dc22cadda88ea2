#!/usr/bin/env bash
# Runs every test: unit and doc tests (app), integration tests against real
# SQLite files (server), and browser tests in headless Debian Chromium against
# the real server binary (end2end). Installs what is missing first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh --test
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

echo "== building the site (server binary + WASM) for the browser tests"
cargo leptos build

echo "== unit, doc and integration tests"
# Same compile-time environment as cargo-leptos, so nothing is rebuilt and
# the server binary the browser tests run stays the one built above.
source scripts/leptos-env.sh
cargo test --locked -p app -p server

echo "== browser tests (headless chromium)"
node --test --test-concurrency=1 end2end/tests/
