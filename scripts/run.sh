#!/usr/bin/env bash
# Runs rallymap on the embedded default: a SQLite file in var/ (git-ignored),
# seeded from data/ on first start. Installs what is missing first.
# Settings can be given as environment variables or as flags after --
# (see README): LEPTOS_SITE_ADDR=127.0.0.1:8080 scripts/run.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
bash scripts/setup.sh
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"
[[ "${1:-}" == "--" ]] && shift
# --precompress writes .br/.gz beside the WASM, JS and CSS, served as they are;
# --split puts the editor pages (lazy routes) in WASM chunks of their own.
exec cargo leptos serve --release --precompress --split -- "$@"
