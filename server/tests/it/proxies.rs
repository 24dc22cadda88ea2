//! Behind a proxy (README, "Behind a proxy, under a path"): with
//! `RALLYMAP_TRUSTED_PROXIES` the throttles count each reader and each
//! address that fails to sign in by the address the proxy saw, not the
//! proxy's own; without it, or from a peer that is not trusted,
//! `X-Forwarded-For` changes nothing.

use axum::http::StatusCode;

use crate::helpers::{data_dir, with_config, TestApp};
use crate::reports::{encode, fields, post_via, rows, with};

const PROXY: &str = "127.0.0.1";

async fn behind(proxies: &str) -> TestApp {
    let proxies = proxies.parse().expect("valid setting");
    with_config(data_dir(), |c| c.trusted_proxies = proxies).await
}

/// Report `n` (a distinct title) through the proxy for `forwarded`.
async fn report(app: &TestApp, n: usize, forwarded: &str) -> StatusCode {
    let f = with(fields(app, 10), "title", &format!("Rally number {n} by the harbour"));
    post_via(app, encode(&f), PROXY, "en", Some(forwarded)).await.status
}

#[tokio::test]
async fn through_a_trusted_proxy_each_reader_has_their_own_hourly_count() {
    let app = behind("127.0.0.1, 10.0.0.0/8").await;
    for n in 1..=5 {
        assert_eq!(report(&app, n, "203.0.113.9").await, StatusCode::SEE_OTHER, "report {n}");
    }
    assert_eq!(report(&app, 6, "203.0.113.9").await, StatusCode::TOO_MANY_REQUESTS);
    // What the reader writes into the header stays left of what nginx appends.
    assert_eq!(report(&app, 7, "192.0.2.77, 203.0.113.9").await, StatusCode::TOO_MANY_REQUESTS);
    // Through a second, trusted hop.
    assert_eq!(report(&app, 8, "203.0.113.9, 10.1.1.1").await, StatusCode::TOO_MANY_REQUESTS);
    // Another reader behind the same proxy is not throttled.
    assert_eq!(report(&app, 9, "198.51.100.20").await, StatusCode::SEE_OTHER);
    assert_eq!(rows(&app).await.len(), 6);
}

#[tokio::test]
async fn without_trusted_proxies_the_header_is_ignored_and_everyone_behind_the_proxy_shares_one_count() {
    let app = behind("").await;
    for n in 1..=5 {
        assert_eq!(report(&app, n, &format!("203.0.113.{n}")).await, StatusCode::SEE_OTHER, "report {n}");
    }
    assert_eq!(report(&app, 6, "198.51.100.20").await, StatusCode::TOO_MANY_REQUESTS);
    // A trusted setting does not make an untrusted peer's header believed.
    let app = behind("10.0.0.0/8").await;
    for n in 1..=5 {
        assert_eq!(report(&app, n, &format!("203.0.113.{n}")).await, StatusCode::SEE_OTHER, "report {n}");
    }
    assert_eq!(report(&app, 6, "198.51.100.20").await, StatusCode::TOO_MANY_REQUESTS);
}

#[tokio::test]
async fn a_failed_sign_in_through_a_trusted_proxy_is_counted_for_the_readers_address() {
    use axum::extract::ConnectInfo;
    use axum::http::{header, Request};
    use tower::ServiceExt;
    let app = behind(PROXY).await;
    let mut req = Request::post("/_fn/sign_in")
        .header(header::HOST, "rallymap.test")
        .header(header::ORIGIN, "http://rallymap.test")
        .header(header::ACCEPT, "application/json")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header("x-forwarded-for", "203.0.113.9")
        .body(axum::body::Body::from("name=nobody&password=wrong+horse+battery"))
        .expect("request");
    req.extensions_mut().insert(ConnectInfo(std::net::SocketAddr::from(([127, 0, 0, 1], 50000))));
    let res = app.router.clone().oneshot(req).await.expect("infallible");
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let store = server::store::open(&app.state.config.database_url).await.expect("open");
    let sql = "SELECT throttle_key FROM sign_in_failures ORDER BY throttle_key";
    let keys: Vec<(String,)> = match &store {
        server::store::Opened::Sqlite(s) => sqlx::query_as(sql).fetch_all(s.pool()).await,
        server::store::Opened::Postgres(s) => sqlx::query_as(sql).fetch_all(s.pool()).await,
    }
    .expect("rows");
    let keys: Vec<&str> = keys.iter().map(|(k,)| k.as_str()).collect();
    assert_eq!(keys, ["addr:203.0.113.9", "name:nobody"], "the reader's address, not the proxy's");
}
