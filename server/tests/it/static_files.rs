//! Static files of the built site: compressed, with cache headers.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use tempfile::TempDir;
use tower::ServiceExt;

use crate::helpers::{config_in, data_dir, routes};

async fn app_with_site() -> (axum::Router, TempDir, TempDir) {
    let site = TempDir::new().expect("tmp");
    std::fs::create_dir_all(site.path().join("pkg")).expect("mkdir");
    std::fs::create_dir_all(site.path().join("vendor/leaflet")).expect("mkdir");
    // Compressible content, as JS is.
    let js = "function f(){return 1}\n".repeat(400);
    std::fs::write(site.path().join("pkg/rallymap.js"), &js).expect("write");
    std::fs::write(site.path().join("vendor/leaflet/leaflet.js"), &js).expect("write");
    // As `--precompress` leaves them: a brotli sibling beside the file.
    std::fs::write(site.path().join("pkg/rallymap.wasm"), b"\0asm plain").expect("write");
    std::fs::write(site.path().join("pkg/rallymap.wasm.br"), b"brotli bytes").expect("write");
    // Files at the site's root (the style sheet, the icon), precompressed too.
    let css = "body{margin:0}\n".repeat(200);
    std::fs::write(site.path().join("rallymap.css"), &css).expect("write");
    std::fs::write(site.path().join("rallymap.css.br"), b"brotli css").expect("write");
    std::fs::write(site.path().join("rallymap.css.gz"), b"gzip css").expect("write");
    let db = TempDir::new().expect("tmp");
    let mut config = config_in(&db, data_dir());
    config.site_root = site.path().to_owned();
    let state = server::open_state(config).await.expect("starts");
    (server::router_with_routes(state, routes()), site, db)
}

async fn fetch(router: &axum::Router, uri: &str, encoding: &str) -> axum::response::Response {
    let req =
        Request::builder().uri(uri).header(header::ACCEPT_ENCODING, encoding).body(Body::empty()).expect("request");
    router.clone().oneshot(req).await.expect("infallible")
}

#[tokio::test]
async fn site_files_are_compressed_with_cache_headers() {
    let (router, _site, _db) = app_with_site().await;
    let r = fetch(&router, "/pkg/rallymap.js", "br").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(r.headers()[header::CACHE_CONTROL], "no-cache");
    assert!(r.headers().contains_key(header::LAST_MODIFIED), "revalidation needs Last-Modified");
    let r = fetch(&router, "/vendor/leaflet/leaflet.js", "gzip").await;
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
    assert_eq!(r.headers()[header::CACHE_CONTROL], "public, max-age=86400");
}

#[tokio::test]
async fn every_answer_that_depends_on_accept_encoding_says_so() {
    let (router, _site, _db) = app_with_site().await;
    for (uri, encoding, coded) in [
        ("/pkg/rallymap.wasm", "br", Some("br")),
        ("/pkg/rallymap.wasm", "identity", None),
        ("/pkg/rallymap.js", "gzip", Some("gzip")),
        ("/vendor/leaflet/leaflet.js", "identity", None),
        ("/api/events", "br", Some("br")),
        ("/api/events", "identity", None),
        ("/rallymap.css", "br", Some("br")),
        ("/rallymap.css", "gzip", Some("gzip")),
    ] {
        let r = fetch(&router, uri, encoding).await;
        assert_eq!(
            r.headers().get(header::CONTENT_ENCODING).map(|v| v.to_str().unwrap_or("")),
            coded,
            "{uri} {encoding}"
        );
        let vary: Vec<&str> = r
            .headers()
            .get_all(header::VARY)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(',').map(str::trim))
            .filter(|v| v.eq_ignore_ascii_case("accept-encoding"))
            .collect();
        assert_eq!(vary.len(), 1, "{uri} {encoding}: Vary names Accept-Encoding once");
    }
}

#[tokio::test]
async fn the_geojson_api_is_compressed_too() {
    let (router, _site, _db) = app_with_site().await;
    let r = fetch(&router, "/api/events", "gzip").await;
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn a_missing_site_file_is_404() {
    let (router, _site, _db) = app_with_site().await;
    assert_eq!(fetch(&router, "/pkg/nothing.wasm", "gzip").await.status(), StatusCode::NOT_FOUND);
}
