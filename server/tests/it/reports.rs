//! `/report`: readers' reports (issue 26). Stored only when every check
//! passes; refused with the form again and the right status otherwise;
//! never in a public answer; the sender's address never stored.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use http_body_util::BodyExt;
use sqlx::Row;
use tower::ServiceExt;

use crate::helpers::{data_dir, seeded, with_config, TestApp};

const ADDR: &str = "203.0.113.7";
pub(crate) const EMAIL: &str = "witness-7c1@example.org";
pub(crate) const TITLE: &str = "Candlelight vigil by the old harbour crane";

pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) location: String,
    retry_after: String,
    pub(crate) body: String,
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A valid report's fields, with a start time signed `age` seconds ago.
pub(crate) fn fields(app: &TestApp, age: i64) -> Vec<(String, String)> {
    [
        ("title", TITLE),
        ("description", "About two hundred people, candles, no speeches."),
        ("kind", "vigil"),
        ("location_name", "Gamla hamnen, Malmö"),
        ("country_code", "se"),
        ("lat", "55.6075"),
        ("lon", "12.9986"),
        ("date_start", "2024-03-01"),
        ("date_end", ""),
        ("source_url", "https://news.example.org/vigil"),
        ("crowd_size_text", "about two hundred"),
        ("contact_email", EMAIL),
        ("website", ""),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .chain([("started".to_owned(), app.state.report_keys.stamp(now() - age))])
    .collect()
}

pub(crate) fn with(mut f: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    f.retain(|(k, _)| k != key);
    f.push((key.to_owned(), value.to_owned()));
    f
}

pub(crate) fn encode(f: &[(String, String)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(f).finish()
}

pub(crate) async fn post_from(app: &TestApp, body: String, addr: &str, lang: &str) -> Reply {
    post_via(app, body, addr, lang, None).await
}

/// As [`post_from`], the connection from `addr`, with `X-Forwarded-For:
/// forwarded` when given (as a proxy at `addr` sends it).
pub(crate) async fn post_via(app: &TestApp, body: String, addr: &str, lang: &str, forwarded: Option<&str>) -> Reply {
    let mut req = Request::post("/report")
        .header(header::HOST, "rallymap.test")
        .header(header::ACCEPT, "text/html")
        .header(header::ACCEPT_LANGUAGE, lang)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
    if let Some(f) = forwarded {
        req = req.header("x-forwarded-for", f);
    }
    let mut req = req.body(Body::from(body)).expect("request");
    let peer: SocketAddr = format!("{addr}:50000").parse().expect("addr");
    req.extensions_mut().insert(ConnectInfo(peer));
    let res = app.router.clone().oneshot(req).await.expect("infallible");
    let h = |n: header::HeaderName| res.headers().get(n).and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let (status, location, retry_after) = (res.status(), h(header::LOCATION), h(header::RETRY_AFTER));
    let body = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes()).into_owned();
    Reply { status, location, retry_after, body }
}

pub(crate) async fn post(app: &TestApp, f: &[(String, String)]) -> Reply {
    post_from(app, encode(f), ADDR, "en").await
}

/// Every answer a reader or a GIS tool gets that could carry event text:
/// the API, OGC items and CSV, the feed, the map's routes and the page.
pub(crate) const PUBLIC_ANSWERS: [&str; 11] = [
    "/api/events",
    "/api/events?q=vigil",
    "/api/collections/events/items?limit=1000",
    "/feed.atom",
    "/api/map/events",
    "/api/map/list?datetime=2024-01-01/2024-12-31",
    "/api/map/summary?datetime=2024-01-01/2024-12-31",
    "/api/map/countries?datetime=2024-01-01/2024-12-31",
    "/api/map/histogram?datetime=2024-01-01/2024-12-31",
    "/?start=2024-02-01&end=2024-03-31",
    "/api/collections/events/items?f=csv&limit=1000",
];

/// Asserts that every [`PUBLIC_ANSWERS`] answer is a 200 without any of `secrets`.
pub(crate) async fn assert_nothing_public(app: &TestApp, secrets: &[&str]) {
    for uri in PUBLIC_ANSWERS {
        let a = app.get(uri).await;
        assert_eq!(a.status, StatusCode::OK, "{uri}");
        let text = a.text();
        for secret in secrets {
            assert!(!text.contains(secret), "{uri} shows {secret}");
        }
    }
}

/// Every column of the `reports` table, as text, on either store.
const COLUMNS: [&str; 20] = [
    "id",
    "reference",
    "status",
    "title",
    "description",
    "kind",
    "location_name",
    "country_code",
    "lon",
    "lat",
    "date_start",
    "date_end",
    "date_precision",
    "source_url",
    "was_there",
    "crowd_size_text",
    "contact_email",
    "received_at",
    "client_hash",
    "fingerprint",
];

/// A stored report: each column's value as text (`None` for NULL).
pub(crate) struct Stored(Vec<Option<String>>);

impl Stored {
    pub(crate) fn get(&self, column: &str) -> Option<&str> {
        let i = COLUMNS.iter().position(|c| *c == column).expect("a column of reports");
        self.0[i].as_deref()
    }
}

/// The stored reports, oldest first, read from the app's database.
pub(crate) async fn rows(app: &TestApp) -> Vec<Stored> {
    let select = format!(
        "SELECT {} FROM reports ORDER BY id",
        COLUMNS.iter().map(|c| format!("CAST({c} AS TEXT)")).collect::<Vec<_>>().join(", ")
    );
    let decode = |n: usize, get: &dyn Fn(usize) -> Option<String>| Stored((0..n).map(get).collect());
    match &app.pg {
        Some(pg) => {
            let pool = sqlx::PgPool::connect(&pg.url).await.expect("open");
            let rows = sqlx::query(&select).fetch_all(&pool).await.expect("read");
            rows.iter().map(|r| decode(COLUMNS.len(), &|i| r.get::<Option<String>, _>(i))).collect()
        }
        None => {
            let db = format!("sqlite://{}", app.dir.path().join("db/rallymap.sqlite3").display());
            let pool = sqlx::SqlitePool::connect(&db).await.expect("open");
            let rows = sqlx::query(&select).fetch_all(&pool).await.expect("read");
            rows.iter().map(|r| decode(COLUMNS.len(), &|i| r.get::<Option<String>, _>(i))).collect()
        }
    }
}

pub(crate) fn reference_of(location: &str) -> String {
    let r = location.split("ref=").nth(1).expect("a reference").split('&').next().unwrap_or("").to_owned();
    assert!(domain::report::is_reference(&r), "{r}");
    r
}

#[tokio::test]
async fn a_valid_report_is_stored_and_answered_with_its_reference() {
    let app = seeded().await;
    let form = app.get("/report").await;
    assert_eq!(form.status, StatusCode::OK);
    let html = form.text();
    assert!(html.contains("name=\"started\""), "the signed start time");
    assert!(html.contains("aria-hidden=\"true\"") && html.contains("tabindex=\"-1\""), "the trap is hidden");
    let home = app.get("/").await.text();
    assert!(home.contains("href=\"/report\""), "the map's header links to the form");

    let r = post(&app, &fields(&app, 10)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    assert!(r.location.starts_with("/report/received?ref=R-"), "{}", r.location);
    let reference = reference_of(&r.location);
    let stored = rows(&app).await;
    assert_eq!(stored.len(), 1);
    let row = &stored[0];
    assert_eq!(row.get("reference"), Some(reference.as_str()));
    assert_eq!(row.get("status"), Some("new"));
    assert_eq!(row.get("title"), Some(TITLE));
    assert_eq!(row.get("country_code"), Some("SE"));
    assert_eq!(row.get("contact_email"), Some(EMAIL));

    let page = app.get(&r.location).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text().contains(&reference), "the reader sees the reference");
    assert!(!page.text().contains(TITLE), "and nothing of the report");
}

/// The point's inputs of a report page, as `(id, name, type)`.
fn point_inputs(html: &str) -> Vec<(String, String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(".field.point input").expect("selector");
    doc.select(&sel)
        .map(|i| {
            let attr = |n| i.value().attr(n).unwrap_or("").to_owned();
            (attr("id"), attr("name"), attr("type"))
        })
        .collect()
}

#[tokio::test]
async fn without_javascript_the_point_is_typed_and_the_map_comes_with_the_live_page_only() {
    const TILES: &str = "http://127.0.0.1:9/tiles/{z}/{x}/{y}.png";
    let app = with_config(data_dir(), |c| {
        c.tile_url = Some(TILES.into());
        c.tile_attribution = Some("Test tiles".into());
    })
    .await;
    let typed = vec![
        ("r-lat".to_owned(), "lat".to_owned(), "text".to_owned()),
        ("r-lon".to_owned(), "lon".to_owned(), "text".to_owned()),
    ];
    let form = app.get("/report").await.text();
    assert_eq!(point_inputs(&form), typed);
    assert!(!form.contains("class=\"picker"), "no empty map box without JavaScript");
    assert!(!form.contains("report-map-hint") && !form.contains("Or click the map"), "nor its hint");
    // The page carries the site's tiles for the map the live page adds,
    // and so does a refused form.
    assert!(form.contains(TILES), "the tiles setting travels with the page");
    let refused = post(&app, &with(fields(&app, 10), "lat", "95")).await;
    assert_eq!(refused.status, StatusCode::BAD_REQUEST);
    assert_eq!(point_inputs(&refused.body), typed);
    assert!(refused.body.contains("value=\"95\""), "the typed point is kept");
    assert!(refused.body.contains(TILES), "the refused form's map has the tiles too");
}

#[tokio::test]
async fn a_bad_field_is_named_in_the_readers_language_and_nothing_is_stored() {
    let app = seeded().await;
    let f = with(with(fields(&app, 10), "lat", "95"), "contact_email", "not-an-address");
    let f = with(f, "title", "<b>bold</b> & \"quoted\"");
    let r = post(&app, &f).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert!(r.body.contains("2 fields need a correction"), "{}", r.body);
    assert!(r.body.contains("id=\"e-point\"") && r.body.contains("id=\"e-contact\""));
    assert!(r.body.contains("value=\"&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;\""), "kept, as text");
    assert!(!r.body.contains("<b>bold</b>"));
    assert!(r.body.contains("value=\"not-an-address\""));
    assert!(rows(&app).await.is_empty());

    let fa = post_from(&app, encode(&with(fields(&app, 10), "kind", "")), ADDR, "fa").await;
    assert_eq!(fa.status, StatusCode::BAD_REQUEST);
    assert!(fa.body.contains("dir=\"rtl\""));
    assert!(fa.body.contains("گزارش فرستاده نشد"), "in Persian");
    assert!(rows(&app).await.is_empty());
}

#[tokio::test]
async fn the_trap_too_fast_and_too_large_are_refused_and_nothing_is_stored() {
    let app = seeded().await;
    let trapped = post(&app, &with(fields(&app, 10), "website", "http://spam.example")).await;
    assert_eq!(trapped.status, StatusCode::SEE_OTHER, "answered as received");
    reference_of(&trapped.location);

    let fast = post(&app, &fields(&app, 0)).await;
    assert_eq!(fast.status, StatusCode::BAD_REQUEST);
    assert!(fast.body.contains("faster than a person"), "{}", fast.body);
    assert!(fast.body.contains(TITLE), "the values are kept");

    let forged = post(&app, &with(fields(&app, 10), "started", "1.00")).await;
    assert_eq!(forged.status, StatusCode::BAD_REQUEST);
    assert!(forged.body.contains("the form was too old"));

    let large = post(&app, &with(fields(&app, 10), "description", &"x".repeat(200_000))).await;
    assert_eq!(large.status, StatusCode::PAYLOAD_TOO_LARGE);

    let long = post(&app, &with(fields(&app, 10), "description", &"x".repeat(5001))).await;
    assert_eq!(long.status, StatusCode::BAD_REQUEST, "the field's own limit");
    assert!(rows(&app).await.is_empty());
}

#[tokio::test]
async fn the_sixth_report_in_an_hour_is_throttled_and_a_duplicate_gives_the_first_reference() {
    let app = seeded().await;
    let first = post(&app, &fields(&app, 10)).await;
    let again = post(&app, &fields(&app, 10)).await;
    assert_eq!(again.status, StatusCode::SEE_OTHER);
    assert_eq!(reference_of(&again.location), reference_of(&first.location));
    assert!(again.location.contains("already=1"));
    assert_eq!(rows(&app).await.len(), 1, "not stored twice");
    for i in 2..=5 {
        let r = post(&app, &with(fields(&app, 10), "title", &format!("Another rally number {i}"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "report {i}");
    }
    let sixth = post(&app, &with(fields(&app, 10), "title", "The sixth")).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = sixth.retry_after.parse().expect("Retry-After");
    assert!((3000..=3600).contains(&wait), "{wait}");
    assert!(sixth.body.contains("many reports in the last hour"));
    assert_eq!(rows(&app).await.len(), 5);
    let other = post_from(&app, encode(&with(fields(&app, 10), "title", "The sixth")), "198.51.100.2", "en").await;
    assert_eq!(other.status, StatusCode::SEE_OTHER, "another sender is not throttled");
}

#[tokio::test]
async fn a_full_queue_answers_503_and_the_server_stays_up() {
    let app = with_config(data_dir(), |c| c.reports_open_max = 2).await;
    for (i, addr) in ["192.0.2.1", "192.0.2.2"].into_iter().enumerate() {
        let r = post_from(&app, encode(&with(fields(&app, 10), "title", &format!("Report {i}"))), addr, "en").await;
        assert_eq!(r.status, StatusCode::SEE_OTHER);
    }
    let full = post_from(&app, encode(&with(fields(&app, 10), "title", "Report 3")), "192.0.2.3", "en").await;
    assert_eq!(full.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(!full.retry_after.is_empty());
    assert!(full.body.contains("queue is full"));
    assert_eq!(rows(&app).await.len(), 2);
    assert_eq!(app.get("/api/events").await.status, StatusCode::OK, "still serving");
}

/// A flood against a full queue is answered 503 attempt after attempt
/// (scripts/bench-flood.sh): a refusal the server means, which the request
/// log must not count as a failed answer, or it writes an ERROR line for
/// each attempt (README, "Reports from readers: a flood").
#[tokio::test]
async fn a_full_queue_is_a_refusal_not_a_failure_in_the_request_log() {
    use tower_http::classify::{ClassifiedResponse, ClassifyResponse};
    let app = with_config(data_dir(), |c| c.reports_open_max = 1).await;
    let first = post_from(&app, encode(&fields(&app, 10)), "192.0.2.1", "en").await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let mut req = Request::post("/report")
        .header(header::HOST, "rallymap.test")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(encode(&with(fields(&app, 10), "title", "Report 2"))))
        .expect("request");
    req.extensions_mut().insert(ConnectInfo("192.0.2.2:50000".parse::<SocketAddr>().expect("addr")));
    let full = app.router.clone().oneshot(req).await.expect("infallible");
    assert_eq!(full.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(full.headers().get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("3600"));
    let class = server::request_log::Failures.classify_response(&full);
    assert!(matches!(class, ClassifiedResponse::Ready(Ok(()))), "logged as a failure");
}

#[tokio::test]
async fn nothing_of_a_report_is_public_and_the_address_is_not_stored() {
    let app = seeded().await;
    let r = post(&app, &fields(&app, 10)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER);
    let reference = reference_of(&r.location);
    assert_nothing_public(&app, &[EMAIL, TITLE, reference.as_str(), "harbour crane"]).await;
    let stored = rows(&app).await;
    let row = &stored[0];
    for (column, value) in COLUMNS.iter().zip(&row.0) {
        assert!(!value.as_deref().unwrap_or("").contains(ADDR), "{column} holds the address");
    }
    assert_eq!(row.get("client_hash").map(str::len), Some(64));
}

/// A second server on the same database as `app` (another process behind
/// the same load balancer).
pub(crate) async fn second_server(app: &TestApp) -> TestApp {
    let dir = tempfile::TempDir::new().expect("temp dir");
    let config = (*app.state.config).clone();
    let state = server::open_state(config).await.expect("the second server starts");
    TestApp { router: server::router_with_routes(state.clone(), crate::helpers::routes()), state, dir, pg: None }
}

#[tokio::test]
async fn behind_a_load_balancer_a_form_from_one_server_is_taken_by_another_and_the_hourly_count_is_one() {
    let first = seeded().await;
    let second = second_server(&first).await;
    // The form as the first server serves it, posted to the second.
    let r = post(&second, &fields(&first, 10)).await;
    assert_eq!(r.status, StatusCode::SEE_OTHER, "{}", r.body);
    // Five in an hour from one sender across both servers, then 429 on either.
    for i in 2..=5 {
        let to = if i % 2 == 0 { &first } else { &second };
        let r = post(to, &with(fields(to, 10), "title", &format!("Another rally number {i}"))).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "report {i}");
    }
    let sixth = post(&first, &with(fields(&second, 10), "title", "The sixth")).await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(rows(&first).await.len(), 5);
    let hashes: std::collections::BTreeSet<_> =
        rows(&first).await.iter().map(|r| r.get("client_hash").unwrap_or("").to_owned()).collect();
    assert_eq!(hashes.len(), 1, "one sender, one hash, whichever server took it");
}

#[tokio::test]
async fn a_senders_hash_is_erased_once_an_hour_old() {
    let app = seeded().await;
    assert_eq!(post(&app, &fields(&app, 10)).await.status, StatusCode::SEE_OTHER);
    // As if the report had come two hours ago.
    let two_hours_ago = domain::event::format_timestamp(time::OffsetDateTime::now_utc() - time::Duration::hours(2));
    let sql = "UPDATE reports SET received_at = $1";
    match &app.pg {
        Some(pg) => {
            let pool = sqlx::PgPool::connect(&pg.url).await.expect("open");
            sqlx::query(sql).bind(&two_hours_ago).execute(&pool).await.expect("update");
        }
        None => {
            let db = format!("sqlite://{}", app.dir.path().join("db/rallymap.sqlite3").display());
            let pool = sqlx::SqlitePool::connect(&db).await.expect("open");
            sqlx::query(sql).bind(&two_hours_ago).execute(&pool).await.expect("update");
        }
    }
    let next = post_from(&app, encode(&with(fields(&app, 10), "title", "Later")), "198.51.100.9", "en").await;
    assert_eq!(next.status, StatusCode::SEE_OTHER);
    let stored = rows(&app).await;
    assert_eq!(stored[0].get("client_hash"), Some(""), "the old report's hash is gone");
    assert_eq!(stored[1].get("client_hash").map(str::len), Some(64), "the new one counts this hour");
}
