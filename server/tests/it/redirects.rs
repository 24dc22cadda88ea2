//! Every route that redirects answers with a redirect status for every
//! client, never a 200 with a `Location` header; only Leptos's own
//! server-function client (asking for JSON) gets its redirect header.

use axum::body::Body;
use axum::http::{header, Request};
use tower::ServiceExt;

use crate::helpers::TestApp;
use crate::sign_in::{pair, post, with_editor, OURS};

/// Status, `Location` and the Leptos redirect header of a request.
async fn answer(app: &TestApp, req: axum::http::request::Builder, body: &str) -> (u16, String, bool) {
    let req = req.header(header::HOST, "rallymap.test").body(Body::from(body.to_owned())).expect("request");
    let res = app.router.clone().oneshot(req).await.expect("infallible");
    let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default();
    (res.status().as_u16(), location, res.headers().contains_key("serverfnredirect"))
}

#[tokio::test]
async fn editor_pages_redirect_every_anonymous_client_to_sign_in() {
    let app = with_editor().await;
    for path in ["/editor", "/editor/new", "/editor/events/2020-01-hamburg", "/editor/events/2020-01-hamburg/history"] {
        for accept in [None, Some("*/*"), Some("application/json"), Some("text/html,application/xhtml+xml")] {
            let mut req = Request::get(path);
            if let Some(a) = accept {
                req = req.header(header::ACCEPT, a);
            }
            assert_eq!(answer(&app, req, "").await, (302, "/login".to_owned(), false), "{path} with Accept {accept:?}");
        }
    }
}

#[tokio::test]
async fn form_posts_redirect_with_see_other_unless_the_leptos_client_asks() {
    let app = with_editor().await;
    let form = "name=anna&password=correct+horse+battery";
    let post_with = |accept: &'static str| {
        Request::post("/_fn/sign_in")
            .header(header::ACCEPT, accept)
            .header(header::ORIGIN, "http://rallymap.test")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
    };
    assert_eq!(answer(&app, post_with("*/*"), form).await, (303, "/editor".to_owned(), false), "curl");
    assert_eq!(answer(&app, post_with("text/html"), form).await, (302, "/editor".to_owned(), false), "a browser");
    assert_eq!(
        answer(&app, post_with("application/json"), form).await,
        (200, "/editor".to_owned(), true),
        "Leptos's client reads its redirect header"
    );

    let cookie = pair(&post(&app, "/_fn/sign_in", form, OURS, None).await.cookie);
    let sign_out = Request::post("/_fn/sign_out")
        .header(header::ACCEPT, "*/*")
        .header(header::ORIGIN, "http://rallymap.test")
        .header(header::COOKIE, cookie.as_str());
    assert_eq!(answer(&app, sign_out, "").await, (303, "/login".to_owned(), false));
}
