//! Every file in `data/` is a fixture: it parses, validates, and re-serialises
//! to an equal FeatureCollection (georust/geojson's `tests/roundtrip.rs` habit).

use std::path::PathBuf;

use domain::geojson::{read_collection, to_collection};

fn data_files() -> Vec<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../data");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("data/ exists")
        .map(|e| e.expect("readable entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "geojson"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_data_file_round_trips() {
    let files = data_files();
    assert!(!files.is_empty(), "data/ has no .geojson files");
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable");
        let events = read_collection(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let original: serde_json::Value = serde_json::from_str(&text).expect("json");
        let written = serde_json::to_value(to_collection(&events)).expect("serialisable");
        assert_eq!(written, original, "{} does not round-trip", path.display());
    }
}

#[test]
fn the_report_has_six_events_two_exact() {
    let text = std::fs::read_to_string(&data_files()[0]).expect("readable");
    let events = read_collection(&text).expect("valid");
    let summary: Vec<(String, String, String, String, String)> = events
        .iter()
        .map(|e| {
            (
                e.id.clone(),
                e.kind.to_string(),
                e.date_precision.to_string(),
                e.geo_precision.to_string(),
                e.country_code.clone(),
            )
        })
        .collect();
    let s = |a: &str, b: &str, c: &str, d: &str, e: &str| (a.into(), b.into(), c.into(), d.into(), e.into());
    assert_eq!(
        summary,
        vec![
            s("2020-01-18-stockholm", "rally", "exact", "city", "SE"),
            s("2020-01-18-washington", "rally", "exact", "site", "US"),
            s("2020-01-the-hague", "protest", "approximate", "site", "NL"),
            s("2020-01-hamburg", "rally", "approximate", "city", "DE"),
            s("2020-01-copenhagen", "protest", "approximate", "city", "DK"),
            s("2020-01-tehran-banners", "banner_action", "approximate", "region", "IR"),
        ]
    );
    // No crowd sizes: the report gives none.
    assert!(events.iter().all(|e| e.crowd_size_text.is_none()));
}
