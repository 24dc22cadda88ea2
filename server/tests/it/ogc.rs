//! OGC API – Features at `/api`: the documents, items with paging and
//! queries, one item, formats and errors (README, "OGC API – Features").

use axum::http::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{seeded, Answer, TestApp};

const BASE: &str = "http://maps.example.org";
const ITEMS: &str = "/api/collections/events/items";

async fn get(app: &TestApp, uri: &str) -> Answer {
    app.request_with(Method::GET, uri, &[("host", "maps.example.org")]).await
}

fn ids(v: &Value) -> Vec<String> {
    v["features"].as_array().expect("features").iter().map(|f| f["id"].as_str().expect("id").to_owned()).collect()
}

fn link<'a>(v: &'a Value, rel: &str) -> Option<&'a str> {
    v["links"].as_array()?.iter().find(|l| l["rel"] == rel)?["href"].as_str()
}

fn assert_problem(a: &Answer, status: u16, detail: &str) {
    assert_eq!(a.status.as_u16(), status, "{}", a.text());
    assert_eq!(a.content_type, "application/problem+json");
    assert_eq!(a.json()["detail"], detail);
}

#[tokio::test]
async fn the_landing_page_links_the_definition_the_conformance_and_the_data() {
    let app = seeded().await;
    let a = get(&app, "/api").await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.content_type, "application/json");
    let v = a.json();
    let rels: Vec<(&str, &str, &str)> = v["links"]
        .as_array()
        .expect("links")
        .iter()
        .map(|l| (l["rel"].as_str().unwrap_or(""), l["href"].as_str().unwrap_or(""), l["type"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        rels,
        [
            ("self", "http://maps.example.org/api?f=json", "application/json"),
            ("alternate", "http://maps.example.org/api?f=html", "text/html"),
            ("service-desc", "http://maps.example.org/api/openapi", "application/vnd.oai.openapi+json;version=3.0"),
            ("service-doc", "http://maps.example.org/api/openapi?f=html", "text/html"),
            ("conformance", "http://maps.example.org/api/conformance", "application/json"),
            ("data", "http://maps.example.org/api/collections", "application/json"),
        ]
    );
    let c = get(&app, "/api/conformance").await.json();
    for class in ["core", "geojson", "html", "oas30"] {
        let uri = format!("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/{class}");
        assert!(c["conformsTo"].as_array().expect("list").contains(&json!(uri)), "{class}");
    }
    let o = get(&app, "/api/openapi").await;
    assert_eq!(o.content_type, "application/vnd.oai.openapi+json;version=3.0");
    assert_eq!(o.json()["servers"][0]["url"], "http://maps.example.org/api");
}

#[tokio::test]
async fn the_collection_has_the_extent_of_the_data() {
    let app = seeded().await;
    let list = get(&app, "/api/collections").await.json();
    assert_eq!(list["collections"].as_array().expect("collections").len(), 1);
    let c = get(&app, "/api/collections/events").await.json();
    assert_eq!(c, list["collections"][0]);
    assert_eq!(c["id"], "events");
    assert_eq!(c["itemType"], "feature");
    assert_eq!(c["extent"]["spatial"]["bbox"], json!([[-77.0365, 35.6892, 51.389, 59.3293]]));
    assert_eq!(c["extent"]["temporal"]["interval"], json!([["2020-01-18T00:00:00Z", "2020-01-20T23:59:59Z"]]));
    assert_eq!(link(&c, "items"), Some("http://maps.example.org/api/collections/events/items?f=json"));
    let q = get(&app, "/api/collections/events/queryables").await;
    assert_eq!(q.content_type, "application/schema+json");
    let props: Vec<String> = q.json()["properties"].as_object().expect("object").keys().cloned().collect();
    assert_eq!(
        props,
        ["kind", "country_code", "date_precision", "geo_precision", "tags", "conduct", "online", "admin1", "dataset"]
    );
    assert_eq!(
        q.json()["properties"]["kind"]["enum"],
        json!([
            "rally",
            "protest",
            "march",
            "vigil",
            "banner_action",
            "other",
            "strike",
            "sit_in",
            "blockade",
            "boycott",
            "counter_protest"
        ])
    );
    assert_eq!(
        q.json()["properties"]["conduct"]["enum"],
        json!(["peaceful", "intervention", "excessive_force", "violent"])
    );
}

#[tokio::test]
async fn items_come_in_pages_that_a_client_can_follow() {
    let app = seeded().await;
    let all = get(&app, ITEMS).await;
    assert_eq!(all.content_type, "application/geo+json");
    let v = all.json();
    assert_eq!(v["type"], "FeatureCollection");
    assert_eq!((v["numberMatched"].as_u64(), v["numberReturned"].as_u64()), (Some(6), Some(6)));
    assert!(v["timeStamp"].as_str().is_some_and(|t| t.ends_with('Z') && t.len() == 20), "{}", v["timeStamp"]);
    assert_eq!(ids(&v), get(&app, "/api/events").await.ids());
    assert_eq!(link(&v, "next"), None);

    // Pages of two, following `next` as GDAL does: every event once, in order.
    let mut seen = Vec::new();
    let mut url = format!("{ITEMS}?limit=2");
    let mut pages = 0;
    loop {
        let page = get(&app, &url).await.json();
        assert_eq!(page["numberMatched"], 6);
        seen.extend(ids(&page));
        pages += 1;
        match link(&page, "next") {
            Some(next) => url = next.strip_prefix(BASE).expect("absolute").to_owned(),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, get(&app, "/api/events").await.ids());
    let second = get(&app, &format!("{ITEMS}?limit=2&offset=2")).await.json();
    assert_eq!(
        link(&second, "prev"),
        Some("http://maps.example.org/api/collections/events/items?f=json&limit=2&offset=0")
    );
    assert_eq!(
        link(&second, "next"),
        Some("http://maps.example.org/api/collections/events/items?f=json&limit=2&offset=4")
    );
    assert_eq!(
        link(&second, "self"),
        Some("http://maps.example.org/api/collections/events/items?f=json&limit=2&offset=2")
    );
    let past = get(&app, &format!("{ITEMS}?offset=10")).await.json();
    assert_eq!((past["numberMatched"].as_u64(), past["numberReturned"].as_u64()), (Some(6), Some(0)));
}

#[tokio::test]
async fn queryables_filter_as_query_parameters() {
    let app = seeded().await;
    let cases: [(&str, &[&str]); 9] = [
        ("kind=rally", &["2020-01-18-stockholm", "2020-01-18-washington", "2020-01-hamburg"]),
        ("country_code=se", &["2020-01-18-stockholm"]),
        ("geo_precision=region", &["2020-01-tehran-banners"]),
        ("date_precision=exact&kind=rally", &["2020-01-18-stockholm", "2020-01-18-washington"]),
        ("tags=regime-change", &["2020-01-copenhagen"]),
        ("tags=Regime-Change", &["2020-01-copenhagen"]),
        ("tags=mek&bbox=0,50,20,60", &["2020-01-18-stockholm", "2020-01-hamburg", "2020-01-the-hague"]),
        ("kind=vigil", &[]),
        ("tags=mek&bbox=170,-20,-170,20", &[]),
    ];
    for (query, expected) in cases {
        let v = get(&app, &format!("{ITEMS}?{query}")).await.json();
        assert_eq!(ids(&v), expected, "{query}");
        assert_eq!(v["numberMatched"].as_u64(), Some(expected.len() as u64), "{query}");
    }
}

#[tokio::test]
async fn an_instant_is_matched_by_its_calendar_date_in_its_offset() {
    let app = seeded().await;
    // 23:30 on 18 January in Washington is already 19 January in UTC; the
    // day that counts is the one written, 18 January: all six.
    let cases = [
        ("2020-01-18T23:30:00-05:00", 6),
        ("2020-01-19T04:30:00Z", 4),
        ("2020-01-20T01:00:00%2B03:30", 4),
        ("2020-01-21T00:00:00Z/..", 0),
        ("../2020-01-18T12:00:00Z", 6),
    ];
    for (datetime, n) in cases {
        let v = get(&app, &format!("{ITEMS}?datetime={datetime}")).await.json();
        assert_eq!(v["numberMatched"].as_u64(), Some(n), "{datetime}: {v}");
    }
    assert_eq!(get(&app, "/api/events?datetime=2020-01-19T04:30:00Z").await.ids().len(), 4);
}

#[tokio::test]
async fn one_item_links_its_collection_and_its_page() {
    let app = seeded().await;
    let a = get(&app, &format!("{ITEMS}/2020-01-hamburg")).await;
    assert_eq!(a.content_type, "application/geo+json");
    let f = a.json();
    let simple = get(&app, "/api/events/2020-01-hamburg").await.json();
    assert_eq!(f["geometry"], simple["geometry"]);
    assert_eq!(f["properties"], simple["properties"]);
    assert_eq!(link(&f, "collection"), Some("http://maps.example.org/api/collections/events"));
    assert_eq!(link(&f, "describedby"), Some("http://maps.example.org/events/2020-01-hamburg"));
    assert_problem(&get(&app, &format!("{ITEMS}/no-such-event")).await, 404, "no event with id \"no-such-event\"");
}

#[tokio::test]
async fn bad_requests_name_the_parameter() {
    let app = seeded().await;
    let cases = [
        (format!("{ITEMS}?limit=0"), 400, "limit: must be a whole number from 1 to 10000, got \"0\""),
        (format!("{ITEMS}?limit=10001"), 400, "limit: must be a whole number from 1 to 10000, got \"10001\""),
        (
            format!("{ITEMS}?kind=riot"),
            400,
            "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
         boycott, counter_protest, got \"riot\"",
        ),
        (format!("{ITEMS}?f=xml"), 406, "f: \"xml\" is not a format of this resource; use json, html or csv"),
        ("/api/collections?f=csv".to_owned(), 406, "f: \"csv\" is not a format of this resource; use json or html"),
        (
            "/api/collections/protests".to_owned(),
            404,
            "no collection \"protests\"; this server has the collection \"events\"",
        ),
        (
            "/api/collections/protests/items".to_owned(),
            404,
            "no collection \"protests\"; this server has the collection \"events\"",
        ),
        ("/api/conformance?page=2".to_owned(), 400, "page: unknown parameter; this resource accepts f"),
    ];
    for (uri, status, detail) in cases {
        assert_problem(&get(&app, &uri).await, status, detail);
    }
    let a = app.request(Method::POST, ITEMS).await;
    assert_eq!(a.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn browsers_get_pages_and_clients_get_304_while_the_data_is_unchanged() {
    let app = seeded().await;
    let page = app
        .request_with(Method::GET, &format!("{ITEMS}?kind=rally"), &[("accept", "text/html,application/xhtml+xml")])
        .await;
    assert_eq!(page.content_type, "text/html; charset=utf-8");
    let doc = scraper::Html::parse_document(&page.text());
    let sel = |s: &str| scraper::Selector::parse(s).expect("selector");
    let rows: Vec<String> =
        doc.select(&sel("table.api-items tbody tr td:first-child a")).map(|a| a.text().collect()).collect();
    assert_eq!(rows.len(), 3);
    assert!(doc.select(&sel("a[href='/']")).next().is_some(), "links to the map");
    let landing = get(&app, "/api?f=html").await;
    assert!(landing.text().contains("href=\"http://maps.example.org/api/collections\""), "{}", landing.text());

    let first = get(&app, ITEMS).await;
    let etag = first.header("etag");
    let again = app.request_with(Method::GET, ITEMS, &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, StatusCode::NOT_MODIFIED);
    assert_eq!(first.header("access-control-allow-origin"), "*");
}

#[tokio::test]
async fn items_as_csv_have_one_row_per_event_with_the_import_columns() {
    let app = seeded().await;
    let a = get(&app, &format!("{ITEMS}?f=csv&kind=rally&limit=2")).await;
    assert_eq!(a.status, StatusCode::OK);
    assert_eq!(a.content_type, "text/csv; charset=utf-8");
    assert_eq!(a.header("content-disposition"), "attachment; filename=\"events.csv\"");
    let text = a.text();
    let text = text.strip_prefix('\u{feff}').expect("a byte-order mark for spreadsheets");
    let mut rows = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = rows.headers().expect("header").iter().map(str::to_owned).collect();
    assert_eq!(
        header.join(","),
        "id,title,description,kind,conduct,date_start,date_end,date_precision,location_name,admin1,admin2,\
         country_code,longitude,latitude,geo_precision,online,organisers,participants,claims,crowd_size_text,\
         crowd_size_low,crowd_size_high,crowd_size_derived,crowd_estimates,arrests,injuries,fatalities,\
         property_damage,sources,tags,dataset,external_id,upstream_updated_at"
    );
    let records: Vec<csv::StringRecord> = rows.records().map(|r| r.expect("row")).collect();
    assert_eq!(records.len(), 2);
    let washington = &records[1];
    assert_eq!(&washington[0], "2020-01-18-washington");
    assert_eq!(&washington[3], "rally");
    assert_eq!((&washington[5], &washington[6], &washington[7]), ("2020-01-18", "2020-01-18", "exact"));
    assert_eq!((&washington[11], &washington[12], &washington[13]), ("US", "-77.0365", "38.8977"));
    assert_eq!(&washington[17], "MEK supporters");
    // Not reported: empty cells, never 0 (conduct, areas, crowd numbers, outcomes).
    for i in [4, 9, 10, 15, 16, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 30, 32] {
        assert_eq!(&washington[i], "", "column {i}");
    }
    assert_eq!(&washington[29], "mek, political-prisoners");
    let sources: Value = serde_json::from_str(&washington[28]).expect("sources are a JSON array");
    let simple = get(&app, "/api/events/2020-01-18-washington").await.json();
    assert_eq!(sources, simple["properties"]["sources"]);
    let json = get(&app, &format!("{ITEMS}?kind=rally&limit=2")).await.json();
    let alternates: Vec<&str> = json["links"]
        .as_array()
        .expect("links")
        .iter()
        .filter(|l| l["rel"] == "alternate")
        .filter_map(|l| l["type"].as_str())
        .collect();
    assert_eq!(alternates, ["text/html", "text/csv"]);
}

/// `s` percent-encoded for a query string.
fn enc(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[tokio::test]
async fn cql2_filters_by_properties_space_and_time() {
    let app = seeded().await;
    let cases: [(&str, &[&str]); 5] = [
        (
            "kind = 'rally' AND S_INTERSECTS(geometry, BBOX(0, 50, 20, 60))",
            &["2020-01-18-stockholm", "2020-01-hamburg"],
        ),
        (
            "T_INTERSECTS(days, INTERVAL('2020-01-19', '2020-01-20'))",
            &["2020-01-copenhagen", "2020-01-hamburg", "2020-01-tehran-banners", "2020-01-the-hague"],
        ),
        (
            "NOT (kind = 'rally') OR country_code = 'SE'",
            &["2020-01-18-stockholm", "2020-01-copenhagen", "2020-01-tehran-banners", "2020-01-the-hague"],
        ),
        ("date_precision = 'exact' AND geo_precision = 'site'", &["2020-01-18-washington"]),
        ("S_INTERSECTS(geometry, POLYGON((50 30, 55 30, 55 40, 50 40, 50 30)))", &["2020-01-tehran-banners"]),
    ];
    for (filter, expected) in cases {
        let v = get(&app, &format!("{ITEMS}?filter={}", enc(filter))).await.json();
        assert_eq!(ids(&v), expected, "{filter}");
        assert_eq!(v["numberMatched"].as_u64(), Some(expected.len() as u64), "{filter}");
    }
    // With the other parameters, and paged: the next link keeps the filter.
    let first = get(&app, &format!("{ITEMS}?tags=mek&limit=1&filter={}", enc("kind = 'rally'"))).await.json();
    assert_eq!(ids(&first), ["2020-01-18-stockholm"]);
    assert_eq!(first["numberMatched"], 3);
    let next = link(&first, "next").expect("next").strip_prefix(BASE).expect("absolute").to_owned();
    assert!(next.contains("filter=kind+%3D+%27rally%27&filter-lang=cql2-text"), "{next}");
    assert_eq!(ids(&get(&app, &next).await.json()), ["2020-01-18-washington"]);
    assert_problem(
        &get(&app, &format!("{ITEMS}?filter={}", enc("title = 'x'"))).await,
        400,
        "filter: \"title\" is not a queryable; a filter may name kind, country_code, date_precision, geo_precision, \
         tags, date_start, date_end, days, geometry",
    );
    assert_problem(
        &get(&app, &format!("{ITEMS}?filter-lang=cql2-text")).await,
        400,
        "filter-lang: is given without a filter",
    );
}

/// The seed events and three near the antimeridian: Suva (Fiji, 178.4° E),
/// Apia (Samoa, 171.8° W) and Nukuʻalofa (Tonga, 175.2° W).
async fn with_pacific() -> TestApp {
    let app = seeded().await;
    let pacific: Vec<_> = [("suva", 178.44, -18.14), ("apia", -171.77, -13.83), ("nukualofa", -175.2, -21.14)]
        .into_iter()
        .enumerate()
        .map(|(i, (id, lon, lat))| domain::event::Event {
            id: format!("2020-01-{id}"),
            lon,
            lat,
            ..domain::synthetic::event(11, i as u64)
        })
        .collect();
    app.state.store.insert_all(&pacific).await.expect("stored");
    app
}

#[tokio::test]
async fn a_cql2_box_across_the_antimeridian_means_what_the_bbox_parameter_means() {
    let app = with_pacific().await;
    let by_param = ids(&get(&app, &format!("{ITEMS}?bbox=170,-25,-170,-10")).await.json());
    let mut sorted = by_param.clone();
    sorted.sort();
    assert_eq!(sorted, ["2020-01-apia", "2020-01-nukualofa", "2020-01-suva"]);
    let filter = enc("S_INTERSECTS(geometry, BBOX(170, -25, -170, -10))");
    let by_filter = ids(&get(&app, &format!("{ITEMS}?filter={filter}")).await.json());
    assert_eq!(by_filter, by_param);
    // A box that does not cross it still means the one box.
    let filter = enc("S_INTERSECTS(geometry, BBOX(170, -25, 180, -10))");
    assert_eq!(ids(&get(&app, &format!("{ITEMS}?filter={filter}")).await.json()), ["2020-01-suva"]);
}

#[tokio::test]
async fn a_cql2_filter_is_read_whole_or_refused_where_reading_stopped() {
    let app = seeded().await;
    for (filter, detail) in [
        (
            "kind='rally' || country_code='DE'",
            "filter: not CQL2 text: reading stopped at column 14, at \"|| country_code='DE'\"",
        ),
        (
            "kind='rally' AN country_code='DE'",
            "filter: not CQL2 text: reading stopped at column 14, at \"AN country_code='DE'\"",
        ),
        (
            "kind='rally' && country_code='DE'",
            "filter: not CQL2 text: reading stopped at column 14, at \"&& country_code='DE'\"",
        ),
        (
            "kind='rally' EXCEPT kind='vigil'",
            "filter: not CQL2 text: reading stopped at column 14, at \"EXCEPT kind='vigil'\"",
        ),
        (
            "(kind='rally'",
            "filter: not CQL2 text: the text ends before the condition is complete (a value, a closing bracket or a \
             quote is missing)",
        ),
        (
            "kind='rally'); DELETE FROM events; --",
            "filter: not CQL2 text: reading stopped at column 13, at \"); DELETE FROM events; --\"",
        ),
        (
            "kind='rally' UNION SELECT * FROM editors",
            "filter: not CQL2 text: reading stopped at column 14, at \"UNION SELECT * FROM editors\"",
        ),
        ("foo(1) IS NULL", "filter: foo() is not a CQL2 function this server has"),
        ("kind = 'rally' AND bar(kind) = 1", "filter: bar() is not a CQL2 function this server has"),
    ] {
        let a = get(&app, &format!("{ITEMS}?filter={}", enc(filter))).await;
        assert_problem(&a, 400, detail);
        assert_eq!(a.json()["invalid-params"][0]["name"], "filter", "{filter}");
    }
}

#[tokio::test]
async fn problem_details_speak_our_words_not_the_parser_s() {
    let app = seeded().await;
    for (filter, lang) in [
        (r#"{"op": "=", "args": [{"property": "kind"}]}"#, "cql2-json"),
        (r#"{"op": "nonsense"}"#, "cql2-json"),
        ("kind + 1", "cql2-text"),
        ("kind = 1 + 'x'", "cql2-text"),
        ("T_INTERSECTS(days, 'yesterday')", "cql2-text"),
    ] {
        let a = get(&app, &format!("{ITEMS}?filter={}&filter-lang={lang}", enc(filter))).await;
        assert_eq!(a.status.as_u16(), 400, "{filter}: {}", a.text());
        let detail = a.json()["detail"].as_str().expect("detail").to_owned();
        assert!(detail.starts_with("filter: "), "{filter}: {detail}");
        for library in ["untagged", "enum", "Expr", "Could not", "reduce", "pest", "-->", "Rule"] {
            assert!(!detail.contains(library), "{filter}: {detail:?} has the library's wording {library:?}");
        }
    }
}

/// Filter text made of the pieces CQL2 is made of, in any order.
fn cql2_like() -> impl proptest::strategy::Strategy<Value = String> {
    use proptest::prelude::*;
    let piece = prop_oneof![
        Just("kind"),
        Just("country_code"),
        Just("tags"),
        Just("days"),
        Just("geometry"),
        Just("date_start"),
        Just("'rally'"),
        Just("'DE'"),
        Just("'2020-01-19'"),
        Just("1"),
        Just("-2.5"),
        Just("1e309"),
        Just("="),
        Just("<>"),
        Just("<"),
        Just(">="),
        Just("||"),
        Just("&&"),
        Just("|"),
        Just("!"),
        Just("AND"),
        Just("OR"),
        Just("NOT"),
        Just("LIKE"),
        Just("IN"),
        Just("BETWEEN"),
        Just("IS"),
        Just("NULL"),
        Just("("),
        Just(")"),
        Just(","),
        Just("'"),
        Just("\""),
        Just(";"),
        Just("--"),
        Just("%"),
        Just("*"),
        Just("S_INTERSECTS"),
        Just("T_INTERSECTS"),
        Just("A_CONTAINS"),
        Just("BBOX"),
        Just("INTERVAL"),
        Just("DATE"),
        Just("TIMESTAMP"),
        Just("POINT"),
        Just("POLYGON"),
        Just("GEOMETRYCOLLECTION"),
        Just("CASEI"),
        Just("ACCENTI"),
        Just("EMPTY"),
        Just("Z"),
        Just("foo"),
        Just("["),
        Just("]"),
        Just("{"),
        Just("}"),
        Just("ü"),
        Just("\u{0}"),
        Just("ـ"),
    ];
    proptest::collection::vec((piece, prop_oneof![Just(""), Just(" ")]), 0..14)
        .prop_map(|parts| parts.into_iter().map(|(p, s)| format!("{p}{s}")).collect())
}

#[test]
fn random_cql2_like_filters_are_answered_200_or_400_never_a_failure() {
    use proptest::test_runner::{Config, TestRunner};
    let rt = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("runtime");
    let app = rt.block_on(seeded());
    let mut runner = TestRunner::new(Config { cases: 400, ..Config::default() });
    runner
        .run(&cql2_like(), |filter| {
            for lang in ["cql2-text", "cql2-json"] {
                let a = rt.block_on(get(&app, &format!("{ITEMS}?filter={}&filter-lang={lang}", enc(&filter))));
                let status = a.status.as_u16();
                proptest::prop_assert!(status == 200 || status == 400, "{filter:?} ({lang}): {status} {}", a.text());
            }
            Ok(())
        })
        .expect("every filter answered");
}
