//! The store and the API at scale: answers filtered in the database are the
//! same bytes as filtering every event in memory; large answers stream;
//! validators and CORS on every answer; loading is all or nothing.

use axum::http::{Method, StatusCode};
use domain::dates::{format_date, parse_date};
use domain::filter::EventFilter;
use domain::geojson::to_collection;
use domain::store::{EventReader, Status};
use domain::synthetic::Rng;
use serde_json::json;

use crate::helpers::{seeded, with_seed, TestApp};

/// An app with `n` made-up events and no seed data.
async fn generated(n: u64) -> TestApp {
    let app = with_seed("/nonexistent/rallymap-seed").await;
    let events: Vec<_> = (0..n).map(|i| domain::synthetic::event(42, i)).collect();
    app.state.store.insert_all(&events).await.expect("stored");
    app
}

/// A query's window and box, read as the API's routes read them.
fn parse_query(query: &str) -> EventFilter {
    use server::routes::params::{Query, WindowOnly};
    Query::<WindowOnly>::read(Some(query), &axum::http::HeaderMap::new()).expect("valid query").filter
}

/// The answer as filtering every public event in memory would give it.
async fn reference(app: &TestApp, query: &str) -> Vec<u8> {
    let filter = parse_query(query);
    let all = app.state.store.list().await.expect("list");
    serde_json::to_vec(&to_collection(all.iter().filter(|e| filter.matches(e)))).expect("json")
}

/// Windows and boxes to compare: fixed edge cases and random ones.
fn queries(seed: u64, n: usize) -> Vec<String> {
    let mut q: Vec<String> = [
        "",
        "datetime=2020-01-18",
        "datetime=2020-01-19/..",
        "datetime=../2020-01-18",
        "datetime=2019-11-16/2019-11-18",
        "datetime=2022-10-01/2022-10-03",
        "bbox=170,-40,-170,0",
        "bbox=-180,-90,180,90",
        "bbox=44,25,63,40&datetime=2019-11-17",
        "bbox=0,50,20,60",
        "datetime=2030-01-01/..",
    ]
    .iter()
    .map(|s| (*s).to_owned())
    .collect();
    let mut rng = Rng::new(seed);
    let first = parse_date("2017-01-01").expect("date");
    for _ in 0..n {
        let start = first + time::Duration::days(rng.below(2900) as i64);
        let end = start + time::Duration::days(rng.below(20) as i64);
        let mut s = format!("datetime={}/{}", format_date(start), format_date(end));
        if rng.unit() < 0.5 {
            let (w, south) = (rng.unit() * 360.0 - 180.0, rng.unit() * 140.0 - 70.0);
            let (e, north) = (w + rng.unit() * 60.0, south + rng.unit() * 20.0);
            let e = if e > 180.0 { e - 360.0 } else { e };
            s.push_str(&format!("&bbox={w:.3},{south:.3},{e:.3},{north:.3}"));
        }
        q.push(s);
    }
    q
}

#[tokio::test]
async fn the_seed_data_answers_are_byte_identical_to_filtering_in_memory() {
    let app = seeded().await;
    for q in queries(1, 40) {
        let a = app.get(&format!("/api/events?{q}")).await;
        assert_eq!(a.status, StatusCode::OK, "{q}");
        assert_eq!(a.body, reference(&app, &q).await, "{q}");
    }
}

#[tokio::test]
async fn ten_thousand_events_answer_as_filtering_them_in_memory() {
    let app = generated(10_000).await;
    for q in queries(2, 60) {
        let a = app.get(&format!("/api/events?{q}")).await;
        assert_eq!(a.status, StatusCode::OK, "{q}");
        assert!(a.body == reference(&app, &q).await, "{q}: the answer differs from filtering in memory");
    }
}

#[tokio::test]
async fn a_streamed_answer_of_100_000_events_is_one_valid_feature_collection() {
    let app = generated(100_000).await;
    let a = app.get("/api/events").await;
    assert_eq!(a.status, StatusCode::OK);
    assert!(a.body.len() > server::routes::events::KEEP_LIMIT, "large enough to stream: {} bytes", a.body.len());
    let fc: geojson::FeatureCollection = std::str::from_utf8(&a.body).expect("utf-8").parse().expect("GeoJSON");
    assert_eq!(fc.features.len(), 100_000);
    assert!(a.body == reference(&app, "").await, "the streamed bytes are the collection's");
}

#[tokio::test]
async fn etags_answer_304_and_change_with_every_edit() {
    let app = seeded().await;
    let a = app.get("/api/events?datetime=2020-01-19").await;
    let etag = a.header("etag");
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_eq!(a.header("cache-control"), "no-cache");
    assert_eq!(a.header("vary"), "accept-encoding");
    let modified = a.header("last-modified");
    assert!(modified.ends_with(" GMT"), "{modified}");
    let again = app.request_with(Method::GET, "/api/events?datetime=2020-01-19", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert!(again.body.is_empty());
    assert_eq!(again.header("etag"), etag);
    let since =
        app.request_with(Method::GET, "/api/events?datetime=2020-01-19", &[("if-modified-since", &modified)]).await;
    assert_eq!(since.status, StatusCode::NOT_MODIFIED);
    // The same query written otherwise is the same answer.
    let same = app.get("/api/events?datetime=2020-01-19%2F2020-01-19").await;
    assert_eq!(same.header("etag"), etag);

    let one = app.get("/api/events/2020-01-hamburg").await;
    let one_tag = one.header("etag");
    let mut hamburg = app.state.store.revision("2020-01-hamburg").await.expect("read").expect("exists");
    hamburg.event.title = "Rally in Hamburg, corrected".into();
    app.state.store.update(&hamburg.event, Status::Published, hamburg.version, "anna").await.expect("edit");
    for (path, old) in [("/api/events?datetime=2020-01-19", &etag), ("/api/events/2020-01-hamburg", &one_tag)] {
        let after = app.request_with(Method::GET, path, &[("if-none-match", old)]).await;
        assert_eq!(after.status, StatusCode::OK, "{path}: an edit changes the ETag at once");
        assert_ne!(&after.header("etag"), old);
        assert!(after.text().contains("Rally in Hamburg, corrected"), "{path}");
    }
    // Removing it changes the answer too.
    let now = app.state.store.revision("2020-01-hamburg").await.expect("read").expect("exists");
    app.state.store.set_deleted("2020-01-hamburg", true, now.version, "anna").await.expect("remove");
    assert_eq!(app.get("/api/events?datetime=2020-01-19").await.ids().len(), 3);
}

#[tokio::test]
async fn compressed_answers_are_made_once_and_decompress_to_the_same_bytes() {
    use std::io::Read;
    let app = seeded().await;
    let plain = app.get("/api/events?datetime=2020-01-18").await;
    let br = app
        .request_with(Method::GET, "/api/events?datetime=2020-01-18", &[("accept-encoding", "gzip, deflate, br")])
        .await;
    assert_eq!(br.header("content-encoding"), "br");
    assert_eq!(br.header("etag"), plain.header("etag"));
    let mut back = Vec::new();
    brotli::Decompressor::new(&br.body[..], 4096).read_to_end(&mut back).expect("brotli");
    assert_eq!(back, plain.body);
    let gz = app.request_with(Method::GET, "/api/events?datetime=2020-01-18", &[("accept-encoding", "gzip")]).await;
    assert_eq!(gz.header("content-encoding"), "gzip");
    let mut back = Vec::new();
    flate2::read::GzDecoder::new(&gz.body[..]).read_to_end(&mut back).expect("gzip");
    assert_eq!(back, plain.body);
}

#[tokio::test]
async fn every_api_answer_carries_cors_errors_included_and_editors_none() {
    let app = seeded().await;
    let long = format!("/api/events?datetime={}", "x".repeat(3000));
    for (method, path, status) in [
        (Method::GET, "/api/events", 200),
        (Method::GET, "/api/events?bbox=1,2,3", 400),
        (Method::GET, "/api/events/nope", 404),
        (Method::GET, "/api/nothing", 404),
        (Method::POST, "/api/events", 405),
        (Method::GET, long.as_str(), 414),
        (Method::GET, "/api/map/histogram", 200),
    ] {
        let a = app.request_with(method.clone(), path, &[("origin", "https://news.example")]).await;
        assert_eq!(a.status.as_u16(), status, "{method} {path}");
        assert_eq!(a.header("access-control-allow-origin"), "*", "{method} {path}");
    }
    // A failing store: still CORS, still problem details.
    match server::store::open(&app.state.config.database_url).await.expect("open") {
        server::store::Opened::Sqlite(raw) => {
            sqlx::query("DROP TABLE events_rtree").execute(raw.pool()).await.map(|_| ())
        }
        server::store::Opened::Postgres(raw) => {
            sqlx::query("ALTER TABLE events RENAME COLUMN feature TO gone").execute(raw.pool()).await.map(|_| ())
        }
    }
    .expect("damage");
    let a = app.request_with(Method::GET, "/api/events?bbox=0,0,10,10", &[("origin", "https://news.example")]).await;
    assert_eq!(a.status.as_u16(), 500);
    assert_eq!(a.header("access-control-allow-origin"), "*");
    assert_eq!(a.content_type, "application/problem+json");

    let preflight = app
        .request_with(
            Method::OPTIONS,
            "/api/events",
            &[
                ("origin", "https://news.example"),
                ("access-control-request-method", "GET"),
                ("access-control-request-headers", "if-none-match"),
            ],
        )
        .await;
    assert_eq!(preflight.header("access-control-allow-origin"), "*");
    assert!(preflight.header("access-control-allow-headers").contains("if-none-match"), "{:?}", preflight.headers);
    let editor = app.request_with(Method::GET, "/editor", &[("origin", "https://news.example")]).await;
    assert_eq!(editor.header("access-control-allow-origin"), "");
}

#[tokio::test]
async fn the_histogram_counts_each_day_of_the_window() {
    let app = seeded().await;
    let h = app.get("/api/map/histogram").await;
    assert_eq!(
        h.json(),
        json!({
            "first_day": "2020-01-18", "last_day": "2020-01-20", "start": "2020-01-18", "end": "2020-01-20",
            "counts": [6, 4, 4],
            // Stacked by kind in the legend's order: Stockholm's and
            // Washington's one-day rallies, Hamburg's three days; The Hague
            // and Copenhagen; Tehran's banners.
            "kinds": [
                {"kind": "rally", "counts": [3, 1, 1]},
                {"kind": "protest", "counts": [2, 2, 2]},
                {"kind": "banner_action", "counts": [1, 1, 1]},
            ],
        })
    );
    assert_eq!(app.get("/api/map/histogram?datetime=2020-01-19/..").await.json()["counts"], json!([4, 4]));
    assert_eq!(app.get("/api/map/histogram?bbox=0,50,20,60").await.json()["counts"], json!([4, 3, 3]));
    assert_eq!(app.get("/api/map/histogram?bbox=20,30,-100,70").await.json()["counts"], json!([1, 1, 1]));
    let nothing = app.get("/api/map/histogram?datetime=2030-01-01/..").await.json();
    assert_eq!(nothing["counts"], json!([]));
    assert_eq!(app.get("/api/map/histogram?datetime=soon").await.status.as_u16(), 400);

    let mut e = app.state.store.revision("2020-01-18-stockholm").await.expect("read").expect("exists");
    e.event.dates =
        domain::dates::DateRange::new(parse_date("2020-01-18").expect("d"), parse_date("2020-01-20").expect("d"))
            .expect("range");
    app.state.store.update(&e.event, Status::Published, e.version, "anna").await.expect("edit");
    assert_eq!(app.get("/api/map/histogram").await.json()["counts"], json!([6, 5, 5]));
}

#[tokio::test]
async fn the_histogram_of_a_box_agrees_with_the_events_in_it() {
    let app = generated(5_000).await;
    let all = app.state.store.list().await.expect("list");
    for q in
        ["bbox=44,25,63,40", "bbox=170,-40,-170,0&datetime=2019-01-01/2020-12-31", "datetime=2019-11-10/2019-11-25"]
    {
        let h = app.get(&format!("/api/map/histogram?{q}")).await.json();
        let filter = parse_query(q);
        let start = parse_date(h["start"].as_str().expect("start")).expect("date");
        let counts: Vec<u64> = h["counts"].as_array().expect("counts").iter().map(|c| c.as_u64().expect("n")).collect();
        for (i, n) in counts.iter().enumerate() {
            let day = start + time::Duration::days(i as i64);
            let w = domain::dates::DateWindow { start: Some(day), end: Some(day) };
            let expected = all
                .iter()
                .filter(|e| filter.bbox.is_none_or(|b| b.contains(e.lon, e.lat)) && e.dates.intersects(&w))
                .count() as u64;
            assert_eq!(*n, expected, "{q}: {}", format_date(day));
        }
    }
}

#[tokio::test]
async fn nothing_is_stored_when_one_of_100_000_seed_events_is_invalid_or_repeated() {
    for bad in ["invalid", "repeated"] {
        let dir = tempfile::TempDir::new().expect("dir");
        let mut out = Vec::new();
        domain::synthetic::write_collection(&mut out, 42, 100_000).expect("written");
        let mut text = String::from_utf8(out).expect("utf-8");
        let extra = match bad {
            "invalid" => {
                r#",{"type":"Feature","id":"bad","geometry":{"type":"Point","coordinates":[200,0]},"properties":{}}"#
                    .to_owned()
            }
            _ => serde_json::to_string(&domain::geojson::to_feature(&domain::synthetic::event(42, 99_999)))
                .map(|f| format!(",{f}"))
                .expect("json"),
        };
        let end = text.rfind(']').expect("end of features");
        text.insert_str(end, &extra);
        std::fs::write(dir.path().join("events.geojson"), text).expect("file");
        let db = tempfile::TempDir::new().expect("db");
        let config = crate::helpers::config_in(&db, dir.path());
        let err = server::open_state(config.clone()).await.err().expect("refused").to_string();
        match bad {
            "invalid" => assert!(
                err.contains("feature 100000 (bad): ")
                    && err.contains("geometry: longitude must be between -180 and 180 degrees, got 200"),
                "{err}"
            ),
            _ => assert!(err.contains("features 99999 and 100000 share the id \"gen-99999\""), "{err}"),
        }
        let store = server::store::SqliteStore::open(&config.database_url).await.expect("open");
        assert_eq!(store.count().await.expect("count"), 0, "{bad}: nothing stored");
    }
}

#[tokio::test]
async fn queryables_and_pages_agree_with_filtering_in_memory() {
    use domain::event::{DatePrecision, EventKind, GeoPrecision};
    use domain::filter::PropertyFilter;
    let app = generated(3_000).await;
    let all = app.state.store.list().await.expect("list");
    use domain::filter::{CrowdCondition, Outcome};
    let q = |s: &str| Some(s.parse().expect("a search"));
    let properties = [
        PropertyFilter { kind: vec![EventKind::Vigil], ..Default::default() },
        PropertyFilter { kind: vec![EventKind::Rally, EventKind::March], ..Default::default() },
        PropertyFilter {
            country_code: vec!["IR".into()],
            date_precision: vec![DatePrecision::Exact],
            ..Default::default()
        },
        PropertyFilter { country_code: vec!["DE".into(), "SE".into()], ..Default::default() },
        PropertyFilter {
            geo_precision: vec![GeoPrecision::Region],
            tag: Some("generated".into()),
            ..Default::default()
        },
        PropertyFilter { tag: Some("not-a-tag".into()), ..Default::default() },
        PropertyFilter { outcome: vec![Outcome::Arrests, Outcome::Fatalities], ..Default::default() },
        PropertyFilter { crowd_size: Some(CrowdCondition::Reported), ..Default::default() },
        PropertyFilter { crowd_size: Some(CrowdCondition::NotReported), ..Default::default() },
        PropertyFilter {
            crowd_size: Some(CrowdCondition::Between { low: Some(500), high: Some(2_000) }),
            ..Default::default()
        },
        // Persian typed with Arabic letters, and a prefix of a word.
        PropertyFilter { q: q("تجمع اعتراضي"), ..Default::default() },
        PropertyFilter { q: q("solidar IRAN"), kind: vec![EventKind::Rally], ..Default::default() },
        PropertyFilter { q: q("Manifestation OR NEAR"), ..Default::default() },
    ];
    let mut compared = 0;
    for q in queries(3, 12) {
        let filter = parse_query(&q);
        for p in &properties {
            let filter = EventFilter { properties: p.clone(), ..filter.clone() };
            let expected: Vec<String> = all.iter().filter(|e| filter.matches(e)).map(|e| e.id.clone()).collect();
            let page = app.state.store.feature_page(&filter, 5, 20).await.expect("page");
            assert_eq!(page.matched, expected.len() as u64, "{q} {p:?}");
            let ids: Vec<String> =
                page.features.iter().map(|f| domain::geojson::read_written(f).expect("a stored Feature").id).collect();
            let wanted: Vec<String> = expected.iter().skip(5).take(20).cloned().collect();
            assert_eq!(ids, wanted, "{q} {p:?}");
            compared += usize::from(!expected.is_empty());
        }
    }
    assert!(compared > 20, "only {compared} of the comparisons had events in them");
}
