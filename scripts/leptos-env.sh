# The environment cargo-leptos gives the compiler (see `cargo leptos build -vv`).
# leptos reads LEPTOS_OUTPUT_NAME at compile time (it decides the WASM's file
# name), and RUSTFLAGS is part of every crate's fingerprint: `cargo test` run
# without these rebuilds everything and leaves a server binary whose pages ask
# for `pkg/rallymap_bg.wasm`. Source this before running cargo directly.
export LEPTOS_OUTPUT_NAME=rallymap
export LEPTOS_SITE_ROOT=target/site
export LEPTOS_SITE_PKG_DIR=pkg
export LEPTOS_SITE_ADDR=127.0.0.1:3000
export LEPTOS_RELOAD_PORT=3001
export LEPTOS_LIB_DIR=frontend
export LEPTOS_BIN_DIR=server
export LEPTOS_JS_MINIFY=false
export LEPTOS_HASH_FILES=false
export RUSTFLAGS="--cfg erase_components"
