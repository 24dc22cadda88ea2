//! `/api/map/countries`: a view's events by country, for the map's shading.

use std::path::PathBuf;

use axum::http::Method;
use serde_json::json;
use server::cli::ImportArgs;

use crate::helpers::cli::{args, run};
use crate::helpers::seeded;

/// One country's entry with no number of people reported.
fn no_numbers(code: &str, numeric: &str, events: u64) -> serde_json::Value {
    json!({"country_code": code, "iso_numeric": numeric, "events": events,
           "people": {"low": 0, "high": 0, "events": 0}})
}

#[tokio::test]
async fn the_seed_window_has_one_event_in_each_of_six_countries_sorted_by_code() {
    let app = seeded().await;
    let a = app.get("/api/map/countries?datetime=2020-01-18/2020-01-20").await;
    assert_eq!(a.status.as_u16(), 200);
    assert_eq!(a.content_type, "application/json");
    assert_eq!(
        a.json(),
        json!({"countries": [
            no_numbers("DE", "276", 1), no_numbers("DK", "208", 1), no_numbers("IR", "364", 1),
            no_numbers("NL", "528", 1), no_numbers("SE", "752", 1), no_numbers("US", "840", 1),
        ]})
    );
    // A window the events do not reach: no countries.
    assert_eq!(app.get("/api/map/countries?datetime=2021-01-01/2021-12-31").await.json(), json!({"countries": []}));
}

#[tokio::test]
async fn counts_follow_every_selection_parameter_and_sum_people_as_a_range() {
    let app = seeded().await;
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/acled-iran-2025-02.csv");
    let (code, _out, err) = run(&app, &ImportArgs { publish: true, ..args(&[&file]) }).await;
    assert_eq!((code, err.as_str()), (0, ""));
    // The seed's Tehran event and ACLED's four: Iran first, with the two
    // ACLED events that give numbers ("around 3,000", "between 200 and 300").
    let all = app.get("/api/map/countries").await.json();
    assert_eq!(
        all["countries"][0],
        json!({"country_code": "IR", "iso_numeric": "364", "events": 5,
               "people": {"low": 3200, "high": 3300, "events": 2}})
    );
    assert_eq!(all["countries"].as_array().map(Vec::len), Some(6));
    assert_eq!(all["countries"][1], no_numbers("DE", "276", 1));
    // The same selection as /api/map/summary: window, box, properties.
    assert_eq!(app.get("/api/map/countries?datetime=2025-02-01/2025-02-28").await.json()["countries"][0]["events"], 4);
    assert_eq!(
        app.get("/api/map/countries?country_code=SE").await.json(),
        json!({"countries": [no_numbers("SE", "752", 1)]})
    );
    assert_eq!(
        app.get("/api/map/countries?bbox=10,50,20,60&datetime=2020-01-18/2020-01-20").await.json(),
        json!({"countries": [no_numbers("DK", "208", 1), no_numbers("SE", "752", 1)]})
    );
    assert_eq!(app.get("/api/map/countries?conduct=excessive_force").await.json()["countries"][0]["events"], 1);
}

#[tokio::test]
async fn a_bad_or_unknown_parameter_is_a_400_naming_it() {
    let app = seeded().await;
    let a = app.get("/api/map/countries?kind=riot").await;
    assert_eq!(a.status.as_u16(), 400);
    assert_eq!(a.content_type, "application/problem+json");
    assert_eq!(a.json()["invalid-params"][0]["name"], "kind");
    let a = app.get("/api/map/countries?colour=red").await;
    assert_eq!(a.status.as_u16(), 400);
    assert_eq!(a.json()["invalid-params"][0]["name"], "colour");
    // Like every data answer: an ETag, and 304 to a matching If-None-Match.
    let first = app.get("/api/map/countries").await;
    let etag = first.headers.get("etag").expect("an ETag").to_str().expect("text").to_owned();
    let again = app.request_with(Method::GET, "/api/map/countries", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status.as_u16(), 304);
}
