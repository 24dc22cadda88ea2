//! Exploring the map (README, "Filters and search"): one grammar of
//! filters and search on every route that reads events, the same sets from
//! each, and refusals that name the parameter.

use domain::compact::CompactEvents;
use domain::filter::EventFilter;
use domain::store::Status;
use serde_json::json;

use crate::helpers::{with_seed, TestApp};

/// An app with `n` made-up events and no seed data.
async fn generated(n: u64) -> TestApp {
    let app = with_seed("/nonexistent/rallymap-seed").await;
    let events: Vec<_> = (0..n).map(|i| domain::synthetic::event(7, i)).collect();
    app.state.store.insert_all(&events).await.expect("stored");
    app
}

/// The ids every public event matching `query` has, filtered in memory by
/// the domain's rule.
async fn reference(app: &TestApp, query: &str) -> Vec<String> {
    let mut filter = EventFilter::default();
    for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
        filter.set(name.parse().expect("a parameter"), &value).expect("valid");
    }
    let all = app.state.store.list().await.expect("list");
    all.iter().filter(|e| filter.matches(e)).map(|e| e.id.clone()).collect()
}

/// Every page of the map's list for `query`.
async fn map_list(app: &TestApp, query: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut total = None;
    loop {
        let page = app.get(&format!("/api/map/list?{query}&offset={}&limit=500", ids.len())).await.json();
        let items = page["items"].as_array().expect("items").clone();
        // Every page tells the same total.
        assert_eq!(*total.get_or_insert(page["total"].as_u64()), page["total"].as_u64(), "{query}");
        if items.is_empty() {
            assert_eq!(page["total"].as_u64(), Some(ids.len() as u64), "{query}");
            return ids;
        }
        ids.extend(items.iter().map(|i| i["id"].as_str().expect("id").to_owned()));
    }
}

const FILTERS: &[&str] = &[
    "kind=rally,march",
    "country_code=IR",
    "country_code=de,se&kind=vigil,protest",
    "conduct=peaceful,intervention",
    "outcome=arrests,fatalities",
    "crowd_size=reported",
    "crowd_size=not_reported&kind=rally",
    "crowd_size=500/2000",
    "online=false&geo_precision=city,region",
    "date_precision=approximate",
    "q=%D8%AA%D8%AC%D9%85%D8%B9%20%D8%A7%D8%B9%D8%AA%D8%B1%D8%A7%D8%B6%D9%8A",
    "q=solidar&country_code=SE,DE,GB",
    "q=NEAR%20OR%20%22students%22*",
];

const VIEWS: &[&str] =
    &["datetime=2019-11-01/2019-11-30", "datetime=2020-01-01/2020-12-31&bbox=-10,35,30,60", "datetime=2017-01-01/.."];

#[tokio::test]
async fn every_route_selects_the_same_events_for_the_same_filters() {
    let app = generated(3_000).await;
    let mut with_events = 0;
    for view in VIEWS {
        for filter in FILTERS {
            let query = format!("{view}&{filter}");
            let expected = reference(&app, &query).await;
            with_events += usize::from(!expected.is_empty());
            let api = app.get(&format!("/api/events?{query}")).await;
            assert_eq!(api.status.as_u16(), 200, "{query}: {}", api.text());
            assert_eq!(api.ids(), expected, "/api/events?{query}");
            let items = app.get(&format!("/api/collections/events/items?{query}&limit=10000")).await;
            assert_eq!(items.ids(), expected, "items?{query}");
            let compact = app.get(&format!("/api/map/events?{query}")).await;
            assert_eq!(compact.status.as_u16(), 200, "{query}");
            let decoded = CompactEvents::decode(&compact.body).expect("compact");
            assert_eq!(decoded.ids, expected, "map/events?{query}");
            assert_eq!(map_list(&app, &query).await, expected, "map/list?{query}");
            let summary = app.get(&format!("/api/map/summary?{query}")).await.json();
            assert_eq!(summary["events"].as_u64(), Some(expected.len() as u64), "summary?{query}");
            let clusters = app.get(&format!("/api/map/clusters?{query}&zoom=3")).await.json();
            assert_eq!(clusters["total"].as_u64(), Some(expected.len() as u64), "clusters?{query}");
            // The people: the summary's range is the clusters' ranges added
            // up, and the browser's (from the compact form) the same.
            let people = |p: &serde_json::Value| ["low", "high", "events"].map(|k| p[k].as_u64().unwrap_or(0));
            let mut in_clusters = [0u64; 3];
            for c in clusters["clusters"].as_array().expect("clusters") {
                in_clusters.iter_mut().zip(people(&c["people"])).for_each(|(sum, n)| *sum += n);
            }
            assert_eq!(in_clusters, people(&summary["people"]), "people in clusters?{query}");
            let browser = decoded.people_of(0..decoded.len());
            assert_eq!(
                [browser.low, browser.high, browser.events],
                people(&summary["people"]),
                "compact people?{query}"
            );
        }
    }
    assert!(with_events >= 25, "only {with_events} comparisons had events");
}

#[tokio::test]
async fn the_histogram_counts_only_what_the_filters_select() {
    let app = generated(1_000).await;
    let all = app.get("/api/map/histogram?datetime=2019-11-15/2019-11-20").await.json();
    let rallies = app.get("/api/map/histogram?datetime=2019-11-15/2019-11-20&kind=rally").await.json();
    let rest = app
        .get(
            "/api/map/histogram?datetime=2019-11-15/2019-11-20&kind=protest,march,vigil,banner_action,other,strike,\
             sit_in,blockade,boycott,counter_protest",
        )
        .await
        .json();
    let n = |v: &serde_json::Value| {
        v["counts"].as_array().expect("counts").iter().map(|c| c.as_u64().unwrap_or(0)).collect::<Vec<_>>()
    };
    assert!(n(&rallies).iter().sum::<u64>() > 0, "rallies in November 2019: {rallies}");
    let expected: Vec<u64> = n(&all).iter().zip(n(&rallies)).map(|(a, i)| a - i).collect();
    assert_eq!(n(&rest), expected, "every other kind");
    // The stacked layers: the rallies' own layer is the rally filter's
    // counts, and the layers of any answer add up to its counts.
    assert_eq!(rallies["kinds"], json!([{"kind": "rally", "counts": rallies["counts"]}]));
    let layers = all["kinds"].as_array().expect("kinds");
    assert_eq!(layers.iter().find(|l| l["kind"] == "rally").expect("a rally layer")["counts"], rallies["counts"]);
    let summed = layers.iter().fold(vec![0; n(&all).len()], |mut acc, l| {
        for (a, c) in acc.iter_mut().zip(l["counts"].as_array().expect("counts")) {
            *a += c.as_u64().unwrap_or(0);
        }
        acc
    });
    assert_eq!(summed, n(&all));
    assert!(layers.len() >= 5, "generated data has many kinds: {}", layers.len());
}

#[tokio::test]
async fn a_search_finds_persian_typed_with_arabic_letters_and_nothing_else() {
    let app = with_seed("/nonexistent/rallymap-seed").await;
    let mut e = domain::synthetic::event(7, 1);
    e.id = "tehran-workers".into();
    e.title = "اعتصاب کارگران در تهران".into();
    e.description = "کارگران می‌خواهند دستمزدشان پرداخت شود".into();
    let mut other = domain::synthetic::event(7, 2);
    other.id = "hamburg".into();
    other.title = "Kundgebung in Hamburg, Straße der Solidarität".into();
    other.description = String::new();
    for x in [&e, &other] {
        app.state.store.create(x, Status::Published, "test").await.expect("stored");
    }
    // Arabic kaf and yeh, no ZWNJ, a prefix: the Persian words still match.
    for q in ["كارگران", "ميخواهند", "تهر", "كارگر%20تهران"] {
        assert_eq!(app.get(&format!("/api/events?q={q}")).await.ids(), ["tehran-workers"], "q={q}");
    }
    for q in ["strasse", "SOLIDARITAT", "hamb"] {
        assert_eq!(app.get(&format!("/api/events?q={q}")).await.ids(), ["hamburg"], "q={q}");
    }
    assert!(app.get("/api/events?q=berlin").await.ids().is_empty());
    // The index follows a correction and a removal.
    let current = app.state.store.revision("hamburg").await.expect("read").expect("there");
    let mut changed = current.event.clone();
    changed.title = "Kundgebung in Berlin".into();
    app.state.store.update(&changed, Status::Published, current.version, "test").await.expect("saved");
    assert_eq!(app.get("/api/events?q=berlin").await.ids(), ["hamburg"]);
    assert!(app.get("/api/events?q=hamb").await.ids().is_empty());
}

#[tokio::test]
async fn bad_filter_values_are_refused_naming_the_parameter() {
    let app = generated(50).await;
    let many = vec!["IR"; 500].join(",");
    let long = "%D8%A7".repeat(300);
    let cases: Vec<(String, &str)> = vec![
        ("kind=riot".into(), "kind"),
        (format!("country_code={many}"), "country_code"),
        ("conduct=angry".into(), "conduct"),
        ("outcome=arrests,tears".into(), "outcome"),
        ("crowd_size=many".into(), "crowd_size"),
        ("crowd_size=5000/10".into(), "crowd_size"),
        ("country_code=IR,IRN".into(), "country_code"),
        ("q=%20%20%20".into(), "q"),
        ("q=%D9%8E%D9%91".into(), "q"),
        (format!("q={long}"), "q"),
        ("q=a&q=b".into(), "q"),
    ];
    for route in ["/api/events", "/api/collections/events/items", "/api/map/events", "/api/map/list", "/feed.atom"] {
        for (query, param) in &cases {
            let a = app.get(&format!("{route}?{query}")).await;
            assert_eq!(a.status.as_u16(), 400, "{route}?{query}");
            assert_eq!(a.content_type, "application/problem+json", "{route}?{query}");
            assert_eq!(a.json()["invalid-params"][0]["name"].as_str(), Some(*param), "{route}?{query}: {}", a.text());
        }
    }
    // FTS5 syntax is searched for as words, never read as operators: the
    // same events as the words alone, in a long window (the full-text
    // index) and a short one (the window's rows).
    for q in ["%22", "*", "%22%20*%20-"] {
        let a = app.get(&format!("/api/events?q={q}")).await;
        assert_eq!(a.json()["detail"], "q: must have a letter or a digit", "q={q}");
    }
    for (q, words) in [
        ("NEAR(rally%20in)", "near%20rally%20in"),
        ("rally%20OR%20hamburg", "rally%20or%20hamburg"),
        ("-rally", "rally"),
        ("title:protest", "title%20protest"),
        ("%5Erally%20%22in", "rally%20in"),
    ] {
        for view in ["datetime=2017-01-01/..", "datetime=2019-11-01/2019-11-30"] {
            let a = app.get(&format!("/api/events?{view}&q={q}")).await;
            assert_eq!(a.status.as_u16(), 200, "q={q}");
            assert_eq!(a.ids(), reference(&app, &format!("{view}&q={words}")).await, "q={q} {view}");
        }
    }
    let rallies = app.get("/api/events?q=-rally").await.ids();
    assert!(!rallies.is_empty(), "\"-rally\" finds rallies, it does not exclude them");
    // A search too long for any link is refused before it is read.
    let a = app.get(&format!("/api/events?q={}", "a".repeat(10_000))).await;
    assert_eq!(a.status.as_u16(), 414);
}

#[tokio::test]
async fn facet_counts_leave_out_their_own_choice() {
    let app = crate::helpers::seeded().await;
    let a = app.get("/api/map/facets?datetime=2020-01-18/2020-01-20&kind=rally").await;
    assert_eq!(a.status.as_u16(), 200);
    let c = a.json();
    assert_eq!(c["total"], 3);
    let counts = |facet: &str| -> Vec<(String, u64)> {
        c["facets"][facet]
            .as_array()
            .expect("values")
            .iter()
            .filter(|v| v["count"].as_u64() != Some(0))
            .map(|v| (v["value"].as_str().expect("value").to_owned(), v["count"].as_u64().expect("count")))
            .collect()
    };
    let pairs = |p: &[(&str, u64)]| p.iter().map(|(v, n)| ((*v).to_owned(), *n)).collect::<Vec<_>>();
    // Every kind in the window (its own choice left out), every kind listed.
    assert_eq!(counts("kind"), pairs(&[("rally", 3), ("protest", 2), ("banner_action", 1)]));
    assert_eq!(c["facets"]["kind"].as_array().map(Vec::len), Some(11));
    // The other facets within the rallies.
    assert_eq!(counts("country_code"), pairs(&[("DE", 1), ("SE", 1), ("US", 1)]));
    // Open sets most frequent first.
    assert_eq!(counts("tags"), pairs(&[("mek", 3), ("solidarity", 2), ("political-prisoners", 1)]));
    assert_eq!(counts("crowd_size"), pairs(&[("not_reported", 3)]));
}

#[tokio::test]
async fn facet_counts_from_the_store_agree_with_counting_in_memory() {
    use domain::facets::{FacetCounter, Facts};
    let app = generated(2_000).await;
    for query in [
        "datetime=2019-11-01/2019-11-30&country_code=IR&kind=rally,march",
        "datetime=2017-01-01/..&bbox=-10,35,30,60&outcome=arrests&crowd_size=reported",
        "datetime=2017-01-01/..&q=solidar",
    ] {
        let mut filter = EventFilter::default();
        for (name, value) in url::form_urlencoded::parse(query.as_bytes()) {
            filter.set(name.parse().expect("a parameter"), &value).expect("valid");
        }
        let seen = EventFilter {
            properties: domain::filter::PropertyFilter { q: filter.properties.q.clone(), ..Default::default() },
            ..filter.clone()
        };
        let all = app.state.store.list().await.expect("list");
        let mut counter = FacetCounter::new(&filter.properties);
        for e in all.iter().filter(|e| seen.matches(e)) {
            counter.add(&Facts::of(e));
        }
        let expected = serde_json::to_value(counter.finish()).expect("json");
        assert_eq!(app.get(&format!("/api/map/facets?{query}")).await.json(), expected, "{query}");
        assert!(expected["total"].as_u64() > Some(0), "{query}");
    }
}

#[tokio::test]
async fn oembed_keeps_the_filters_the_search_and_a_hidden_panel() {
    use axum::http::Method;
    let app = crate::helpers::seeded().await;
    let page = "http://rallymap.test/?start=2020-01-18&end=2020-01-20&kind=rally&country_code=se&q=stock&filters=0";
    let url: String = url::form_urlencoded::byte_serialize(page.as_bytes()).collect();
    let a = app.request_with(Method::GET, &format!("/oembed?url={url}"), &[("host", "rallymap.test")]).await;
    assert_eq!(a.status.as_u16(), 200, "{}", a.text());
    let html = a.json()["html"].as_str().expect("html").to_owned();
    assert!(
        html.contains(
            "src=\"http://rallymap.test/embed?start=2020-01-18&amp;end=2020-01-20&amp;kind=rally&amp;\
             country_code=SE&amp;q=stock&amp;filters=0\""
        ),
        "{html}"
    );
}
