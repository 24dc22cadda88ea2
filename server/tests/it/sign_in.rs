//! Editors signing in and out: sessions, cookies, throttling, Origin checks.

use axum::body::Body;
use axum::http::{header, Request};
use http_body_util::BodyExt;
use server::store::Opened;
use tower::ServiceExt;

use crate::helpers::{seeded, TestApp};

const HOST: &str = "rallymap.test";

pub(crate) async fn with_editor() -> TestApp {
    let app = seeded().await;
    let store = server::store::open(&app.state.config.database_url).await.expect("open");
    store.accounts().add("anna", "correct horse battery").await.expect("add");
    app
}

pub(crate) struct Reply {
    pub status: u16,
    pub location: String,
    pub cookie: String,
    pub body: String,
}

pub(crate) async fn post(app: &TestApp, path: &str, form: &str, origin: Option<&str>, cookie: Option<&str>) -> Reply {
    // As a browser posts a form without JavaScript.
    let req = Request::post(path)
        .header(header::ACCEPT, "text/html,application/xhtml+xml")
        .header(header::REFERER, "http://rallymap.test/login");
    send(app, req, form, origin, cookie).await
}

/// A server function called as the app's own script calls it (no redirects).
pub(crate) async fn call(app: &TestApp, path: &str, form: &str, origin: Option<&str>, cookie: Option<&str>) -> Reply {
    send(app, Request::post(path).header(header::ACCEPT, "application/json"), form, origin, cookie).await
}

pub(crate) async fn send(
    app: &TestApp,
    req: axum::http::request::Builder,
    form: &str,
    origin: Option<&str>,
    cookie: Option<&str>,
) -> Reply {
    let mut req = req.header(header::HOST, HOST).header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.router.clone().oneshot(req.body(Body::from(form.to_owned())).expect("req")).await.expect("ok");
    // The headers are read before the body is awaited, so that the future
    // holds no borrow of the response across it (and can run on any thread).
    let (status, location, cookie) = {
        let h = |n| {
            res.headers().get(n).map(|v: &header::HeaderValue| v.to_str().unwrap_or("").to_owned()).unwrap_or_default()
        };
        (res.status().as_u16(), h(header::LOCATION), h(header::SET_COOKIE))
    };
    let body = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes()).into_owned();
    Reply { status, location, cookie, body }
}

pub(crate) async fn get(app: &TestApp, path: &str, cookie: Option<&str>) -> Reply {
    let mut req = Request::get(path).header(header::HOST, HOST).header(header::ACCEPT, "text/html");
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    let res = app.router.clone().oneshot(req.body(Body::empty()).expect("req")).await.expect("ok");
    let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default();
    let status = res.status().as_u16();
    let body = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes()).into_owned();
    Reply { status, location, cookie: String::new(), body }
}

pub(crate) const OURS: Option<&str> = Some("http://rallymap.test");

/// The `name=value` part of a Set-Cookie header.
pub(crate) fn pair(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap_or("").to_owned()
}

#[tokio::test]
async fn signing_in_sets_a_strict_http_only_session_cookie_and_opens_the_editor() {
    let app = with_editor().await;
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    assert!(r.status == 302 || r.status == 303, "{} {}", r.status, r.body);
    assert_eq!(r.location, "/editor");
    assert!(r.cookie.starts_with("rallymap_session="), "{}", r.cookie);
    assert!(r.cookie.contains("; Path=/; HttpOnly; SameSite=Strict; Max-Age=1209600"), "{}", r.cookie);
    assert!(!r.cookie.contains("Secure"), "not configured for HTTPS");
    let token = pair(&r.cookie);
    assert_eq!(token.len(), "rallymap_session=".len() + 64);
    let page = get(&app, "/editor", Some(&token)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Signed in as "), "{}", page.body);
    assert!(page.body.contains(r#"<strong dir="auto">anna"#), "{}", page.body);
}

#[tokio::test]
async fn every_editor_page_sends_anyone_else_to_sign_in() {
    let app = with_editor().await;
    let pages = [
        "/editor",
        "/editor?q=hague",
        "/editor/new",
        "/editor/events/2020-01-hamburg",
        "/editor/events/2020-01-hamburg/history",
        "/editor/reports",
        "/editor/reports?status=spam",
        "/editor/new?report=R-00000",
    ];
    for page in pages {
        for cookie in [None, Some("rallymap_session=0000"), Some("other=1")] {
            let r = get(&app, page, cookie).await;
            assert_eq!((r.status, r.location.as_str()), (302, "/login"), "{page} {cookie:?}");
            assert!(!r.body.contains("Signed in"), "{page}");
            assert!(!r.body.contains("Rally in Hamburg"), "{page}: nothing of the event leaks");
        }
    }
}

#[tokio::test]
async fn signed_in_editor_pages_render_their_data_on_the_server() {
    let app = with_editor().await;
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let token = pair(&r.cookie);
    let list = get(&app, "/editor?q=hamburg", Some(&token)).await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains(r#"<tr data-id="2020-01-hamburg""#), "the list is in the HTML");
    assert!(!list.body.contains(r#"<tr data-id="2020-01-the-hague""#), "and already filtered");
    let form = get(&app, "/editor/events/2020-01-hamburg", Some(&token)).await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains(r#"name="input[title]" value="Rally in Hamburg supporting the protests in Iran""#));
    assert!(form.body.contains(r#"<input type="hidden" name="version" value="1">"#));
    let unknown = get(&app, "/editor/events/no-such-event", Some(&token)).await;
    assert_eq!(unknown.status, 404);
    let history = get(&app, "/editor/events/2020-01-hamburg/history", Some(&token)).await;
    assert_eq!(history.status, 200);
    assert!(history.body.contains("History of “"), "{}", history.body);
    assert!(history.body.contains("<bdi>Rally in Hamburg supporting the protests in Iran"), "{}", history.body);
}

#[tokio::test]
async fn a_failed_sign_in_never_says_which_part_was_wrong() {
    let app = with_editor().await;
    let wrong_password = post(&app, "/_fn/sign_in", "name=anna&password=wrong+horse+battery", OURS, None).await;
    let unknown_name = post(&app, "/_fn/sign_in", "name=nobody&password=correct+horse+battery", OURS, None).await;
    for r in [&wrong_password, &unknown_name] {
        assert_eq!(r.cookie, "", "no session");
        // Without JavaScript the form goes back to the sign-in page with the error.
        assert_eq!(r.status, 302);
        assert!(r.location.starts_with("http://rallymap.test/login?__path=%2F_fn%2Fsign_in&__err="), "{}", r.location);
        assert_eq!(r.body, "\"Invalid\"");
    }
    assert_eq!(wrong_password.status, unknown_name.status);
    assert_eq!(wrong_password.body, unknown_name.body);
    assert_eq!(wrong_password.location, unknown_name.location);
}

#[tokio::test]
async fn sign_ins_are_throttled_per_account() {
    let app = with_editor().await;
    for _ in 0..5 {
        let r = post(&app, "/_fn/sign_in", "name=anna&password=wrong+horse+battery", OURS, None).await;
        assert_eq!(r.cookie, "");
    }
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    assert_eq!(r.cookie, "", "the right password is refused while throttled");
    assert_eq!(r.body, r#"{"Throttled":{"minutes":15}}"#);
}

#[tokio::test]
async fn failures_older_than_the_window_are_pruned() {
    let app = with_editor().await;
    let store = server::store::open(&app.state.config.database_url).await.expect("open");
    let old = "INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES ('name:old', '2020-01-01T00:00:00Z')";
    let left = "SELECT throttle_key FROM sign_in_failures ORDER BY throttle_key";
    for _ in 0..30 {
        match &store {
            Opened::Sqlite(s) => sqlx::query(old).execute(s.pool()).await.map(|_| ()),
            Opened::Postgres(s) => sqlx::query(old).execute(s.pool()).await.map(|_| ()),
        }
        .expect("old failure");
    }
    post(&app, "/_fn/sign_in", "name=anna&password=wrong+horse+battery", OURS, None).await;
    let keys: Vec<(String,)> = match &store {
        Opened::Sqlite(s) => sqlx::query_as(left).fetch_all(s.pool()).await,
        Opened::Postgres(s) => sqlx::query_as(left).fetch_all(s.pool()).await,
    }
    .expect("rows");
    let keys: Vec<&str> = keys.iter().map(|(k,)| k.split(':').next().unwrap_or("")).collect();
    assert_eq!(keys, ["addr", "name"], "only this try's two rows are left");
}

#[tokio::test]
async fn from_the_page_script_a_wrong_try_is_401_and_a_throttled_one_429() {
    let app = with_editor().await;
    for _ in 0..5 {
        let r = call(&app, "/_fn/sign_in", "name=anna&password=wrong+horse+battery", OURS, None).await;
        assert_eq!((r.status, r.body.as_str()), (401, "\"Invalid\""));
    }
    let r = call(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    assert_eq!((r.status, r.body.as_str()), (429, r#"{"Throttled":{"minutes":15}}"#));
}

#[tokio::test]
async fn signing_out_revokes_the_session_on_the_server() {
    let app = with_editor().await;
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let token = pair(&r.cookie);
    let out = post(&app, "/_fn/sign_out", "", OURS, Some(&token)).await;
    assert!(out.cookie.starts_with("rallymap_session=;"), "{}", out.cookie);
    assert!(out.cookie.contains("Max-Age=0"));
    // Replaying the old cookie no longer works.
    let page = get(&app, "/editor", Some(&token)).await;
    assert_eq!((page.status, page.location.as_str()), (302, "/login"));
}

#[tokio::test]
async fn writes_from_another_origin_are_refused() {
    let app = with_editor().await;
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", Some("https://evil.example"), None)
        .await;
    assert_eq!(r.status, 403);
    assert_eq!(r.cookie, "");
    assert!(
        r.body.contains("\"detail\":\"Origin: requests that change data must come from this site's own pages\""),
        "{}",
        r.body
    );
}

#[tokio::test]
async fn the_secure_cookie_setting() {
    let app = crate::helpers::with_config(crate::helpers::data_dir(), |c| c.secure_cookies = true).await;
    let store = server::store::open(&app.state.config.database_url).await.expect("open");
    store.accounts().add("anna", "correct horse battery").await.expect("add");
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    assert!(r.cookie.ends_with("; Secure"), "{}", r.cookie);
}
