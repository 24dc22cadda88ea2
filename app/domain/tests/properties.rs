//! Property tests for the parsers people feed: the `datetime` and `bbox`
//! parameters, the permalink query, and the GeoJSON event reader. Each
//! parser never panics on any text, and what it accepts it writes back to
//! text that reads as the same value.

use domain::bbox::BBox;
use domain::dates::{format_date, DateWindow};
use domain::event::{CrowdEstimateInput, EventInput, SourceInput};
use domain::geojson::{from_feature, to_feature};
use domain::permalink::{MapView, Permalink};
use proptest::prelude::*;
use time::{Date, Month};

fn date() -> impl Strategy<Value = Date> {
    (1u16..=9999, 1u8..=12, 1u8..=31).prop_filter_map("a day of the calendar", |(y, m, d)| {
        Date::from_calendar_date(i32::from(y), Month::try_from(m).ok()?, d).ok()
    })
}

proptest! {
    #[test]
    fn datetime_never_panics_and_reads_back_what_it_writes(s in "\\PC{0,40}") {
        if let Ok(w) = DateWindow::parse(&s) {
            prop_assert_eq!(DateWindow::parse(&w.to_string()), Ok(w));
        }
    }

    #[test]
    fn every_interval_of_days_parses(a in date(), b in date(), open_start: bool, open_end: bool) {
        let (s, e) = if a <= b { (a, b) } else { (b, a) };
        let side = |d: Date, open: bool| if open { "..".to_owned() } else { format_date(d) };
        let text = format!("{}/{}", side(s, open_start), side(e, open_end));
        let w = DateWindow::parse(&text);
        if open_start && open_end {
            prop_assert!(w.is_err());
        } else {
            let w = w.expect("a valid interval");
            prop_assert_eq!(w.start, (!open_start).then_some(s));
            prop_assert_eq!(w.end, (!open_end).then_some(e));
        }
    }

    #[test]
    fn bbox_never_panics_and_holds_its_corners(s in "[-0-9.,eE+a-z ]{0,40}") {
        if let Ok(b) = BBox::parse(&s) {
            prop_assert!(b.contains(b.min_lon, b.min_lat));
            prop_assert!(b.contains(b.max_lon, b.max_lat));
        }
    }

    #[test]
    fn every_box_in_range_reads_back_exactly(
        w in -180.0f64..=180.0, e in -180.0f64..=180.0, s in -90.0f64..=90.0, n in -90.0f64..=90.0,
    ) {
        let (s, n) = if s <= n { (s, n) } else { (n, s) };
        let b = BBox::parse(&format!("{w},{s},{e},{n}")).expect("in range");
        prop_assert_eq!(b, BBox { min_lon: w, min_lat: s, max_lon: e, max_lat: n });
        prop_assert_eq!(b.crosses_antimeridian(), w > e);
    }

    #[test]
    fn permalinks_never_panic(pairs in proptest::collection::vec(("[a-z]{1,6}", "\\PC{0,20}"), 0..8)) {
        let p = Permalink::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        if let (Some(s), Some(e)) = (p.start, p.end) {
            prop_assert!(s <= e);
        }
    }

    #[test]
    fn a_permalink_reads_back_from_its_query(
        a in date(), b in date(), lat in -90.0f64..=90.0, lon in -180.0f64..=180.0, zoom in 0u8..=18,
        event in proptest::option::of("[a-z0-9][a-z0-9_-]{0,30}"),
        search in proptest::option::of("[\\p{L}\\p{N}][\\p{L}\\p{N} &+=#%,]{0,40}"),
        kinds in proptest::sample::subsequence(domain::event::EventKind::ALL.to_vec(), 0..4),
        shade_countries in proptest::bool::ANY,
        people_in_clusters in proptest::bool::ANY,
    ) {
        let (start, end) = if a <= b { (a, b) } else { (b, a) };
        let round = |x: f64| (x * 1e5).round() / 1e5;
        let mut filter = domain::filter::PropertyFilter { kind: kinds, ..Default::default() };
        filter.q = search.and_then(|s| s.parse().ok());
        let p = Permalink {
            start: Some(start),
            end: Some(end),
            view: Some(MapView { lat: round(lat), lon: round(lon), zoom: f64::from(zoom) }),
            filter,
            event,
            shade_countries,
            people_in_clusters,
        };
        let q = p.to_query();
        let pairs: Vec<(String, String)> = url::form_urlencoded::parse(q.as_bytes()).into_owned().collect();
        prop_assert_eq!(Permalink::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()))), p);
    }

    #[test]
    fn a_valid_event_survives_geojson_and_back(
        title in "[\\p{L}\\p{N} <>&\"'.,!?-]{1,60}",
        description in "[\\p{L}\\p{N} <>&\\n]{0,80}",
        kind in proptest::sample::select(vec![
            "rally", "protest", "march", "vigil", "banner_action", "other", "strike", "sit_in", "blockade",
            "boycott", "counter_protest",
        ]),
        conduct in proptest::sample::select(vec!["", "peaceful", "intervention", "excessive_force", "violent"]),
        start in date(),
        days in 0i64..40,
        approximate: bool,
        lon in -180.0f64..=180.0,
        lat in -90.0f64..=90.0,
        participants in proptest::collection::vec("[\\p{L} ]{1,30}", 0..4),
        admin1 in proptest::option::of("[\\p{L} ]{1,30}"),
        crowd in proptest::option::of((0u64..1_000_000, 0u64..1_000_000)),
        counts in (proptest::option::of(0u64..10_000), proptest::option::of(0u64..100)),
        flags in (proptest::option::of(proptest::bool::ANY), proptest::option::of(proptest::bool::ANY)),
        url in proptest::option::of("https://example\\.org/[a-z0-9/?=&]{0,30}"),
        tags in proptest::collection::btree_set("[a-z0-9-]{1,12}", 0..5),
    ) {
        let end = start.checked_add(time::Duration::days(days)).unwrap_or(start);
        let input = EventInput {
            id: "prop-event".into(),
            title,
            description,
            kind: kind.into(),
            date_start: format_date(start),
            date_end: format_date(end),
            date_precision: if approximate { "approximate" } else { "exact" }.into(),
            location_name: "Somewhere".into(),
            country_code: "IR".into(),
            lon: lon.to_string(),
            lat: lat.to_string(),
            geo_precision: "city".into(),
            conduct: conduct.into(),
            participants,
            admin1: admin1.unwrap_or_default(),
            crowd_size_low: crowd.map(|(a, b)| a.min(b).to_string()).unwrap_or_default(),
            crowd_size_high: crowd.map(|(a, b)| a.max(b).to_string()).unwrap_or_default(),
            crowd_estimates: crowd
                .map(|(a, b)| vec![CrowdEstimateInput { low: a.min(b).to_string(), high: a.max(b).to_string(), source: "desk".into() }])
                .unwrap_or_default(),
            arrests: counts.0.map(|n| n.to_string()).unwrap_or_default(),
            fatalities: counts.1.map(|n| n.to_string()).unwrap_or_default(),
            online: flags.0.map(|b| b.to_string()).unwrap_or_default(),
            property_damage: flags.1.map(|b| b.to_string()).unwrap_or_default(),
            sources: vec![SourceInput { name: "desk".into(), url: url.unwrap_or_default() }],
            tags: tags.into_iter().collect(),
            ..Default::default()
        };
        // Whatever validation keeps (text is trimmed) must come back the same.
        if let Ok(event) = input.validate_with_id() {
            let text = serde_json::to_string(&to_feature(&event)).expect("json");
            let feature: geojson::Feature = text.parse().expect("GeoJSON");
            prop_assert_eq!(domain::geojson::read_written(&text), Some(domain::event::Event { updated_at: None, ..event.clone() }));
            prop_assert_eq!(from_feature(&feature), Ok(event));
        }
    }
}
