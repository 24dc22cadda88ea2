//! Server-rendered pages, read as a browser without JavaScript would.

use axum::http::StatusCode;

use crate::helpers::seeded;

#[tokio::test]
async fn the_home_page_lists_every_event_without_javascript() {
    let app = seeded().await;
    let a = app.get("/").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.content_type.starts_with("text/html"), "{}", a.content_type);
    let html = a.text();
    for (id, when) in [
        ("2020-01-18-stockholm", "18 January 2020"),
        ("2020-01-the-hague", "around 18–20 January 2020 (date not reported)"),
    ] {
        assert!(html.contains(&format!("href=\"/events/{id}\"")), "link to {id}");
        assert!(html.contains(when), "{when}");
    }
    assert!(html.contains("6 of 6 events"));
    assert!(!html.contains("Loading events"), "no streamed placeholder: the list is in the HTML itself");
}

#[tokio::test]
async fn an_event_page_reads_without_javascript() {
    let app = seeded().await;
    let a = app.get("/events/2020-01-18-washington").await;
    assert_eq!(a.status, StatusCode::OK);
    let html = a.text();
    assert!(html.contains("MEK supporters gather outside the White House"));
    assert!(html.contains("outside the White House, Washington, D.C., United States (US)"));
    assert!(html.contains("irannewsupdate"));
}

#[tokio::test]
async fn an_unknown_event_page_is_404() {
    let app = seeded().await;
    let a = app.get("/events/2020-01-19-paris").await;
    assert_eq!(a.status, StatusCode::NOT_FOUND);
    assert!(a.text().contains("Not found"));
}

#[tokio::test]
async fn pages_with_event_data_revalidate_and_change_with_an_edit() {
    use axum::http::Method;
    use domain::store::Status;
    let app = seeded().await;
    for path in ["/", "/embed?list=0", "/events/2020-01-hamburg"] {
        let a = app.get(path).await;
        let etag = a.header("etag");
        assert!(etag.starts_with("W/\""), "{path}: {etag}");
        assert_eq!(a.header("cache-control"), "no-cache", "{path}");
        assert!(a.header("last-modified").ends_with(" GMT"), "{path}");
        let again = app.request_with(Method::GET, path, &[("if-none-match", &etag)]).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{path}");
        assert_eq!(again.header("content-security-policy"), "", "{path}: the stored policy (and its nonce) stays");
    }
    let before = app.get("/events/2020-01-hamburg").await.header("etag");
    let mut e = app.state.store.revision("2020-01-hamburg").await.expect("read").expect("exists");
    e.event.title = "Rally in Hamburg, corrected".into();
    app.state.store.update(&e.event, Status::Published, e.version, "anna").await.expect("edit");
    let after = app.request_with(Method::GET, "/events/2020-01-hamburg", &[("if-none-match", &before)]).await;
    assert_eq!(after.status, StatusCode::OK, "a reload after an edit shows the edit");
    assert!(after.text().contains("Rally in Hamburg, corrected"));
    for path in ["/editor", "/login"] {
        assert_eq!(app.get(path).await.header("cache-control"), "no-store", "{path}");
    }
}
