//! `GET /api/events` and `GET /api/events/{id}`.

use axum::http::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{seeded, Answer};

const ALL: [&str; 6] = [
    "2020-01-18-stockholm",
    "2020-01-18-washington",
    "2020-01-copenhagen",
    "2020-01-hamburg",
    "2020-01-tehran-banners",
    "2020-01-the-hague",
];
const APPROXIMATE: [&str; 4] = ["2020-01-copenhagen", "2020-01-hamburg", "2020-01-tehran-banners", "2020-01-the-hague"];

fn assert_problem(a: &Answer, status: u16, detail: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text());
    assert_eq!(a.content_type, "application/problem+json");
    let p = a.json();
    assert_eq!(p["type"], "about:blank");
    assert_eq!(p["status"], status);
    assert_eq!(p["detail"], detail);
}

fn assert_bad_param(a: &Answer, param: &str, reason_detail: &str) {
    assert_problem(a, 400, &format!("{param}: {reason_detail}"));
    assert_eq!(a.json()["title"], "Bad Request");
    assert_eq!(a.json()["invalid-params"][0]["name"], param);
}

#[tokio::test]
async fn the_six_seed_events_come_back_sorted_by_date_then_id() {
    let app = seeded().await;
    let a = app.get("/api/events").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.content_type, "application/geo+json");
    assert_eq!(a.ids(), ALL);
    let fc = a.json();
    assert_eq!(fc["type"], "FeatureCollection");
    assert!(fc.get("crs").is_none(), "RFC 7946 has no crs member");
    let by_id =
        |id: &str| fc["features"].as_array().expect("array").iter().find(|f| f["id"] == id).cloned().expect("present");
    let expect = [
        ("2020-01-18-stockholm", [18.0686, 59.3293], "2020-01-18", "2020-01-18", "exact", "city"),
        ("2020-01-18-washington", [-77.0365, 38.8977], "2020-01-18", "2020-01-18", "exact", "site"),
        ("2020-01-the-hague", [4.3133, 52.0799], "2020-01-18", "2020-01-20", "approximate", "site"),
        ("2020-01-hamburg", [9.9937, 53.5511], "2020-01-18", "2020-01-20", "approximate", "city"),
        ("2020-01-copenhagen", [12.5683, 55.6761], "2020-01-18", "2020-01-20", "approximate", "city"),
        ("2020-01-tehran-banners", [51.389, 35.6892], "2020-01-18", "2020-01-20", "approximate", "region"),
    ];
    for (id, coords, start, end, dp, gp) in expect {
        let f = by_id(id);
        assert_eq!(f["type"], "Feature");
        assert_eq!(f["geometry"], json!({"type": "Point", "coordinates": coords}), "{id}");
        assert_eq!(f["properties"]["date_start"], start, "{id}");
        assert_eq!(f["properties"]["date_end"], end, "{id}");
        assert_eq!(f["properties"]["date_precision"], dp, "{id}");
        assert_eq!(f["properties"]["geo_precision"], gp, "{id}");
        assert_eq!(f["properties"]["sources"], json!([{"name": "irannewsupdate"}]), "{id}");
        let stamp = f["properties"]["updated_at"].as_str().expect("updated_at set by the server");
        assert!(stamp.ends_with('Z') && stamp.len() == 20, "RFC 3339 UTC to the second: {stamp}");
    }
}

#[tokio::test]
async fn datetime_windows_intersect_event_ranges() {
    let app = seeded().await;
    let ids = |q: &'static str| {
        let app = &app;
        async move { app.get(&format!("/api/events?datetime={q}")).await.ids() }
    };
    assert_eq!(ids("2020-01-18").await, ALL, "approximate ranges include their first day");
    assert_eq!(ids("2020-01-19").await, APPROXIMATE);
    assert_eq!(ids("2020-01-20").await, APPROXIMATE, "and their last");
    assert_eq!(ids("2020-01-21/..").await, Vec::<String>::new());
    assert_eq!(ids("../2020-01-17").await, Vec::<String>::new());
    assert_eq!(ids("../2020-01-18").await, ALL);
    assert_eq!(ids("2020-01-19/2020-01-30").await, APPROXIMATE);
    assert_eq!(ids("2020-01-01/2020-01-18").await, ALL);
    assert_eq!(ids("2020-01-20/").await, APPROXIMATE, "an empty side is open");
}

#[tokio::test]
async fn bbox_selects_by_position_including_across_the_antimeridian() {
    let app = seeded().await;
    let ids = |q: &'static str| {
        let app = &app;
        async move { app.get(&format!("/api/events?bbox={q}")).await.ids() }
    };
    assert_eq!(
        ids("0,50,20,60").await,
        ["2020-01-18-stockholm", "2020-01-copenhagen", "2020-01-hamburg", "2020-01-the-hague"]
    );
    assert_eq!(ids("-80,38,-77,39").await, ["2020-01-18-washington"]);
    // West edge 20°E, east edge 100°W: the box wraps across 180°.
    assert_eq!(ids("20,30,-100,70").await, ["2020-01-tehran-banners"]);
    assert_eq!(ids("0,30,-60,70").await, ALL);
    assert_eq!(ids("-10,30,-5,70").await, Vec::<String>::new());
    let both = app.get("/api/events?datetime=2020-01-19&bbox=0,50,20,60").await;
    assert_eq!(both.ids(), ["2020-01-copenhagen", "2020-01-hamburg", "2020-01-the-hague"]);
    let crs = app
        .get("/api/events?bbox=-80,38,-77,39&bbox-crs=http%3A%2F%2Fwww.opengis.net%2Fdef%2Fcrs%2FOGC%2F1.3%2FCRS84")
        .await;
    assert_eq!(crs.ids(), ["2020-01-18-washington"]);
}

#[tokio::test]
async fn the_same_query_gives_the_same_bytes() {
    let app = seeded().await;
    let a = app.get("/api/events?datetime=2020-01-18").await;
    let b = app.get("/api/events?datetime=2020-01-18").await;
    assert_eq!(a.body, b.body);
    assert_eq!(app.get("/api/events").await.body, a.body);
}

#[tokio::test]
async fn one_event_is_a_feature() {
    let app = seeded().await;
    let a = app.get("/api/events/2020-01-the-hague").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.content_type, "application/geo+json");
    let f = a.json();
    assert_eq!(f["type"], "Feature");
    assert_eq!(f["id"], "2020-01-the-hague");
    assert_eq!(f["properties"]["location_name"], "outside the Dutch Parliament, The Hague, Netherlands");
    assert_eq!(f["properties"]["kind"], "protest");
}

#[tokio::test]
async fn unknown_ids_and_paths_are_404_problems() {
    let app = seeded().await;
    assert_problem(&app.get("/api/events/2020-01-19-paris").await, 404, "no event with id \"2020-01-19-paris\"");
    assert_problem(&app.get("/api/events/%3Cscript%3E").await, 404, "no event with id \"<script>\"");
    assert_problem(&app.get("/api/places").await, 404, "no API resource at /api/places");
    assert_problem(
        &app.get("/api/events/2020-01-hamburg/history").await,
        404,
        "no API resource at /api/events/2020-01-hamburg/history",
    );
}

#[tokio::test]
async fn malformed_datetime_values_are_400_naming_the_parameter() {
    let app = seeded().await;
    let cases = [
        ("18-01-2020", "date: expected a calendar date YYYY-MM-DD, got \"18-01-2020\""),
        ("2020-02-30", "date: 30 February 2020 is not a day of the calendar"),
        ("2020-01-20/2020-01-18", "the interval starts (2020-01-20) after it ends (2020-01-18)"),
        ("../..", "both ends of the interval are open; leave out datetime to ask for every date"),
        (
            "2020-01-18/2020-01-19/2020-01-20",
            "expected a date or an interval START/END, got \"2020-01-18/2020-01-19/2020-01-20\"",
        ),
        (
            "2020-01-18T00:00",
            "date: \"2020-01-18T00:00\" is neither a date YYYY-MM-DD nor an RFC 3339 date-time such as 2020-01-18T12:00:00Z",
        ),
        ("2020-01-18/tomorrow", "end: expected a calendar date YYYY-MM-DD, got \"tomorrow\""),
        ("", "date: expected a calendar date YYYY-MM-DD, got \"\""),
    ];
    for (value, detail) in cases {
        let a = app.get(&format!("/api/events?datetime={}", value.replace(':', "%3A"))).await;
        assert_bad_param(&a, "datetime", detail);
    }
}

#[tokio::test]
async fn malformed_bboxes_are_400_naming_the_parameter() {
    let app = seeded().await;
    let cases = [
        ("1,2,3", "expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got 3"),
        ("1,2,3,4,5", "expected 4 comma-separated numbers minLon,minLat,maxLon,maxLat (or 6 with heights), got 5"),
        ("west,2,3,4", "minLon is not a finite number: \"west\""),
        ("1,NaN,3,4", "minLat is not a finite number: \"NaN\""),
        ("1,2,Infinity,4", "maxLon is not a finite number: \"Infinity\""),
        ("0,0,190,10", "maxLon must be between -180 and 180 degrees, got 190"),
        ("0,-91,10,10", "minLat must be between -90 and 90 degrees, got -91"),
        ("0,40,10,30", "minLat (40) is greater than maxLat (30)"),
    ];
    for (value, detail) in cases {
        assert_bad_param(&app.get(&format!("/api/events?bbox={value}")).await, "bbox", detail);
    }
}

#[tokio::test]
async fn unknown_and_repeated_parameters_are_400() {
    let app = seeded().await;
    let a = app.get("/api/events?date=2020-01-18").await;
    assert_problem(
        &a,
        400,
        "date: unknown parameter; this resource accepts datetime, bbox, bbox-crs, kind, country_code, date_precision, \
         geo_precision, tags, conduct, online, admin1, dataset, actor, outcome, crowd_size, q, f",
    );
    assert_eq!(a.json()["invalid-params"], json!([{"name": "date", "reason": "unknown parameter"}]));
    assert_problem(
        &app.get("/api/events?datetime=2020-01-18&datetime=2020-01-19").await,
        400,
        "datetime: given more than once",
    );
    assert_problem(
        &app.get("/api/events/2020-01-hamburg?pretty=1").await,
        400,
        "pretty: unknown parameter; this resource accepts no parameters",
    );
    assert_problem(
        &app.get("/api/events?bbox-crs=EPSG%3A4326").await,
        400,
        "bbox-crs: only http://www.opengis.net/def/crs/OGC/1.3/CRS84 (WGS 84 longitude, latitude) is supported",
    );
}

#[tokio::test]
async fn oversized_query_strings_are_414() {
    let app = seeded().await;
    let long = "x".repeat(3000);
    assert_problem(
        &app.get(&format!("/api/events?datetime={long}")).await,
        414,
        "the query string is 3009 bytes long; the limit is 2048",
    );
}

#[tokio::test]
async fn writes_are_405_problems() {
    let app = seeded().await;
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let a = app.request(method.clone(), "/api/events").await;
        assert_problem(&a, 405, &format!("{method} is not allowed here; use GET"));
    }
    assert_problem(
        &app.request(Method::DELETE, "/api/events/2020-01-hamburg").await,
        405,
        "DELETE is not allowed here; use GET",
    );
    // And nothing was removed.
    assert_eq!(app.get("/api/events").await.ids().len(), 6);
}

#[tokio::test]
async fn the_api_root_with_a_slash_is_the_landing_page_as_owslib_asks_for_it() {
    let app = seeded().await;
    let plain = app.request_with(Method::GET, "/api", &[("accept", "application/json")]).await;
    let slash = app.request_with(Method::GET, "/api/", &[("accept", "application/json")]).await;
    assert_eq!(slash.status, StatusCode::OK, "{}", slash.text());
    assert_eq!(slash.content_type, "application/json");
    assert_eq!(slash.header("access-control-allow-origin"), "*");
    assert_eq!(slash.json(), plain.json());
    // Any other path with a trailing slash goes to the path without it.
    let other = app.get("/api/collections/events/?f=json").await;
    assert_eq!(other.status.as_u16(), 308);
    assert_eq!(other.header("location"), "/api/collections/events?f=json");
    assert_eq!(other.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn a_304_varies_as_its_200_does() {
    let app = seeded().await;
    for uri in ["/api/events?datetime=2020-01-18", "/api/collections/events/items", "/api/map/histogram"] {
        let full = app.request_with(Method::GET, uri, &[("accept-encoding", "br")]).await;
        let etag = full.header("etag");
        let not_modified =
            app.request_with(Method::GET, uri, &[("accept-encoding", "br"), ("if-none-match", &etag)]).await;
        assert_eq!(not_modified.status.as_u16(), 304, "{uri}");
        assert_eq!(not_modified.header("vary"), full.header("vary"), "{uri}");
        assert!(full.header("vary").contains("accept-encoding"), "{uri}: {}", full.header("vary"));
    }
    let page = app.request_with(Method::GET, "/", &[("accept-encoding", "br")]).await;
    let etag = page.header("etag");
    let again = app.request_with(Method::GET, "/", &[("accept-encoding", "br"), ("if-none-match", &etag)]).await;
    assert_eq!(again.status.as_u16(), 304);
    let vary = |a: &Answer| {
        let mut v: Vec<String> = a
            .headers
            .get_all("vary")
            .iter()
            .flat_map(|v| {
                v.to_str().unwrap_or("").split(',').map(|s| s.trim().to_ascii_lowercase()).collect::<Vec<_>>()
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(vary(&again), vary(&page));
    assert_eq!(vary(&page), ["accept-encoding", "accept-language", "cookie"]);
}

#[tokio::test]
async fn a_handler_that_panics_is_answered_with_a_500_problem_and_the_server_goes_on() {
    use tower::ServiceExt;
    async fn boom() -> &'static str {
        panic!("a parser inside a library gave up")
    }
    // The layer `server::router` puts around the API and the pages.
    let router = axum::Router::new()
        .route("/boom", axum::routing::get(boom))
        .route("/fine", axum::routing::get(|| async { "fine" }))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(server::error::panicked));
    let req = |uri: &str| axum::http::Request::get(uri).body(axum::body::Body::empty()).expect("request");
    let res = router.clone().oneshot(req("/boom")).await.expect("answered");
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body = http_body_util::BodyExt::collect(res.into_body()).await.expect("body").to_bytes();
    let problem: serde_json::Value = serde_json::from_slice(&body).expect("json");
    assert_eq!(problem["detail"], "the server failed while answering; the server log has the details");
    assert_eq!(router.oneshot(req("/fine")).await.expect("answered").status(), StatusCode::OK);
}

#[tokio::test]
async fn the_simple_form_takes_the_queryables_as_the_ogc_items_do() {
    let app = seeded().await;
    let protests = app.get("/api/events?kind=protest").await;
    assert_eq!(protests.status.as_u16(), 200);
    assert_eq!(protests.ids(), ["2020-01-copenhagen", "2020-01-the-hague"]);
    let ogc = app.get("/api/collections/events/items?kind=protest").await;
    assert_eq!(ogc.ids(), protests.ids());
    assert_eq!(app.get("/api/events?country_code=ir&tags=ps752").await.ids(), Vec::<String>::new());
    let csv = String::from_utf8(app.get("/api/events?country_code=SE&f=csv").await.body).expect("utf-8");
    assert_eq!(csv.lines().count(), 2, "a header and Stockholm: {csv}");
    assert_problem(
        &app.get("/api/events?kind=riot").await,
        400,
        "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
         boycott, counter_protest, got \"riot\"",
    );
}
