//! `/api/map/summary`: what a view's events add up to.

use std::path::PathBuf;

use serde_json::json;
use server::cli::ImportArgs;

use crate::helpers::cli::{args, run};
use crate::helpers::{seeded, with_config};

#[tokio::test]
async fn the_seed_events_report_no_numbers_and_none_are_invented() {
    let app = seeded().await;
    let a = app.get("/api/map/summary?datetime=2020-01-18/2020-01-20").await;
    assert_eq!(a.status.as_u16(), 200);
    assert_eq!(
        a.json(),
        json!({"events": 6, "people": {"low": 0, "high": 0, "events": 0}, "no_number": 6,
               "arrests": {"total": 0, "events": 0}, "injuries": {"total": 0, "events": 0},
               "fatalities": {"total": 0, "events": 0}})
    );
}

#[tokio::test]
async fn an_acled_window_sums_people_as_a_range_and_counts_who_reported() {
    let empty = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/empty");
    let app = with_config(empty, |_| {}).await;
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/acled-iran-2025-02.csv");
    let (code, _out, err) = run(&app, &ImportArgs { publish: true, ..args(&[&file]) }).await;
    assert_eq!((code, err.as_str()), (0, ""));
    // "around 3,000" and "between 200 and 300" give numbers; "hundreds" and
    // a row with no tag do not. ACLED codes fatalities on every row (0 is
    // its zero): 2 deaths over 4 reporting events; arrests and injuries are
    // not ACLED columns, so nothing is reported.
    assert_eq!(
        app.get("/api/map/summary").await.json(),
        json!({"events": 4, "people": {"low": 3200, "high": 3300, "events": 2}, "no_number": 2,
               "arrests": {"total": 0, "events": 0}, "injuries": {"total": 0, "events": 0},
               "fatalities": {"total": 2, "events": 4}})
    );
    // The same filters as the API: the one met with excessive force.
    assert_eq!(
        app.get("/api/map/summary?conduct=excessive_force").await.json()["fatalities"],
        json!({"total": 2, "events": 1})
    );
    assert_eq!(app.get("/api/map/summary?kind=riot").await.status.as_u16(), 400);
}
