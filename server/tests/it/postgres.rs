//! PostgreSQL (README, "Several servers, one PostgreSQL"): what start-up
//! refuses, in one line each, and the same answers, byte for byte, from
//! both stores for the same data and queries. The tests that need a server
//! run when `RALLYMAP_TEST_POSTGRES` names one (scripts/test.sh starts one).

use crate::helpers::{config_in, data_dir, postgres_server, routes, PgDatabase, TestApp};

/// The one-line message `url` is refused with.
async fn refused(url: &str) -> String {
    let e = server::store::open(url).await.err().expect("refused");
    let message = e.to_string();
    assert!(!message.contains('\n'), "{message}");
    message
}

#[tokio::test]
async fn another_scheme_is_refused_naming_the_setting_without_the_password() {
    let m = refused("mysql://root:hunter2@db.example/rallymap").await;
    assert!(m.starts_with("DATABASE_URL \"mysql://root:***@db.example/rallymap\""), "{m}");
    assert!(!m.contains("hunter2"), "{m}");
}

#[tokio::test]
async fn an_unreachable_server_is_named() {
    // Port 1 on this machine: nothing listens there.
    let m = refused("postgres://rallymap:secret@127.0.0.1:1/rallymap").await;
    assert!(m.starts_with("DATABASE_URL: cannot reach PostgreSQL at 127.0.0.1:1: "), "{m}");
    assert!(!m.contains("secret"), "{m}");
}

#[tokio::test]
async fn a_wrong_password_a_missing_database_and_no_rights_are_named() {
    let Some(admin) = postgres_server() else { return };
    let db = PgDatabase::create(&admin);
    let with = |user: &str, database: &str| {
        let mut u = url::Url::parse(&admin).expect("url");
        u.set_username(user).expect("user");
        u.set_path(database);
        u
    };
    let name = db.url.rsplit('/').next().expect("name").to_owned();
    let missing = with(url::Url::parse(&admin).expect("url").username(), "rallymap_no_such_database");
    let m = refused(missing.as_str()).await;
    assert!(m.contains("has no database \"rallymap_no_such_database\""), "{m}");
    // A user without the right to create tables (PostgreSQL 15 no longer
    // lets every user create in `public`); scripts/test.sh's cluster asks
    // for passwords over TCP, so the wrong one is refused too.
    let role = format!("{name}_limited");
    let admin_url = db.url.clone();
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin_url).await.expect("connect");
    for sql in [
        format!("CREATE ROLE \"{role}\" LOGIN PASSWORD 'right password'"),
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC".to_owned(),
    ] {
        sqlx::query(&sql).execute(&mut conn).await.expect("setup");
    }
    let mut limited = with(&role, &name);
    limited.set_password(Some("right password")).expect("password");
    let m = refused(limited.as_str()).await;
    assert!(m.contains(&format!("the user \"{role}\" may not create tables in database \"{name}\"")), "{m}");
    limited.set_password(Some("wrong password")).expect("password");
    let m = server::store::open(limited.as_str()).await.err().expect("refused").to_string();
    // Under `trust` (a developer's cluster) any password is taken.
    assert!(m.contains(&format!("refused the user \"{role}\"")) || m.contains("may not create tables"), "{m}");
    assert!(!m.contains("wrong password"), "{m}");
    drop(conn);
    let mut conn = <sqlx::PgConnection as sqlx::Connection>::connect(&admin).await.expect("connect");
    drop(db);
    sqlx::query(&format!("DROP ROLE \"{role}\"")).execute(&mut conn).await.expect("drop role");
}

/// `"updated_at":"…"` (written at load time) and `"timeStamp":"…"` (when
/// the answer was made) differ by the second they ran in; everything else
/// must be the same bytes.
fn without_load_times(body: &[u8]) -> String {
    let mut text = String::from_utf8_lossy(body).into_owned();
    // When each row was loaded, and when the answer was made (the OGC
    // items' `timeStamp`, which two requests a second apart differ in).
    for key in ["\"updated_at\":\"", "\"timeStamp\":\""] {
        let mut out = String::with_capacity(text.len());
        let mut rest = text.as_str();
        while let Some(i) = rest.find(key) {
            let (head, tail) = rest.split_at(i + key.len());
            out.push_str(head);
            out.push('T');
            rest = tail.find('"').map_or("", |j| &tail[j..]);
        }
        out.push_str(rest);
        text = out;
    }
    text
}

#[tokio::test]
async fn both_stores_answer_the_same_bytes() {
    let Some(admin) = postgres_server() else { return };
    let events: Vec<_> = (0..2_000).map(|i| domain::synthetic::event(11, i)).collect();
    // SQLite; PostgreSQL with PostGIS's index; PostgreSQL without it.
    let mut apps = Vec::new();
    for (pg, postgis) in
        [(None, false), (Some(PgDatabase::create(&admin)), true), (Some(PgDatabase::create(&admin)), false)]
    {
        let dir = tempfile::TempDir::new().expect("dir");
        let mut config = config_in(&dir, data_dir());
        if let Some(pg) = &pg {
            config.database_url = pg.url.clone();
        }
        let mut state = server::open_state(config).await.expect("starts");
        if let server::store::Opened::Postgres(store) =
            server::store::open(&state.config.database_url).await.expect("open")
        {
            assert!(store.has_postgis(), "the test cluster has PostGIS");
            if !postgis {
                state.store = std::sync::Arc::new(store.without_postgis());
            }
        }
        state.store.insert_all(&events).await.expect("stored");
        apps.push(TestApp { router: server::router_with_routes(state.clone(), routes()), state, dir, pg });
    }
    let queries = [
        "",
        "datetime=2019-11-01/2019-11-30",
        "datetime=2020-01-01/2020-12-31&bbox=-10,35,30,60",
        "bbox=170,-50,-170,50",
        "kind=rally,march&country_code=de,se",
        "outcome=arrests,fatalities&crowd_size=500/2000",
        "online=false&geo_precision=city,region",
        "q=solidar",
        "q=%D8%AA%D8%AC%D9%85%D8%B9",
        "datetime=2017-01-01/..&q=workers%20stud",
        "q=it's%20a%20%5C%27%22test",
    ];
    assert!(apps[0].get("/api/events").await.ids().len() > 2_000, "the answers compared hold events");
    let mut compared = 0;
    for q in queries {
        for route in [
            format!("/api/events?{q}"),
            format!("/api/collections/events/items?{q}&limit=50&offset=10"),
            format!("/api/map/events?{q}"),
            format!("/api/map/summary?{q}"),
            format!("/api/map/countries?{q}"),
            format!("/api/map/histogram?{q}"),
        ] {
            let a = apps[0].get(&route).await;
            for (other, name) in apps[1..].iter().zip(["PostgreSQL with PostGIS", "PostgreSQL without PostGIS"]) {
                let b = other.get(&route).await;
                assert_eq!(a.status, b.status, "{route}: {name}");
                assert_eq!(a.content_type, b.content_type, "{route}: {name}");
                let (a, b) = (without_load_times(&a.body), without_load_times(&b.body));
                assert!(a == b, "{route}: SQLite and {name} differ\nSQLite: {a:.600}\n{name}: {b:.600}");
                compared += 1;
            }
        }
    }
    assert_eq!(compared, queries.len() * 6 * 2);
}

/// Texts that COPY's text format must escape or could mistake for its own
/// marks: tabs, line breaks, backslashes, the NULL mark `\N`, the end mark
/// `\.`, quotes, and Persian.
const AWKWARD: [&str; 6] = [
    "\\N",
    "back\\slash \\t not a tab, \\\\ two",
    "\"double\" and 'single' quotes, ``",
    "تجمع در تهران — «آزادی»",
    "\\.",
    "a\\Nb , | {\"json\": [1]}",
];

/// Made-up events carrying [`AWKWARD`] in every text that takes them.
fn awkward_events(prefix: &str) -> Vec<domain::event::Event> {
    AWKWARD
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let mut e = domain::synthetic::event(5, i as u64);
            e.id = format!("{prefix}-{i}");
            e.title = (*text).to_owned();
            e.description = format!("line one\twith a tab\nline two\r\nline three\r{text}\n\\N");
            e.location_name = format!("{text} square");
            e.admin1 = Some((*text).to_owned());
            e.admin2 = Some("\\N".to_owned());
            e.claims = Some(format!("claims: {text}"));
            e.organisers = vec![(*text).to_owned(), "back\\slash org".to_owned()];
            e.participants = vec!["\\N".to_owned()];
            e.sources = vec![domain::event::Source { name: (*text).to_owned(), url: None }];
            e.external_id = Some(format!("ext\\{i}\\N"));
            e
        })
        .collect()
}

/// The stored events (read back from the columns), by id.
async fn stored_events(app: &TestApp, ids: &[String]) -> Vec<domain::event::Event> {
    let mut found = app.state.store.revisions(ids).await.expect("read");
    found.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    found.into_iter().map(|r| r.event).collect()
}

#[tokio::test]
async fn bulk_loads_and_imports_round_trip_awkward_text_exactly_through_copy() {
    let Some(_) = postgres_server() else { return };
    let app = crate::helpers::with_seed(
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/empty"),
    )
    .await;
    // A load (the seed's path) and `rallymap import` (an import's path).
    let loaded = awkward_events("loaded");
    app.state.store.insert_all(&loaded).await.expect("loaded");
    let imported = awkward_events("imported");
    let dir = tempfile::TempDir::new().expect("dir");
    let path = dir.path().join("awkward.geojson");
    std::fs::write(&path, serde_json::to_vec(&domain::geojson::to_collection(&imported)).expect("json"))
        .expect("write");
    let mut a = crate::helpers::cli::args(&[&path]);
    a.publish = true;
    let (code, report, refusals) = crate::helpers::cli::run(&app, &a).await;
    assert_eq!((code, refusals.as_str()), (0, ""), "{report}");

    let answer = app.get("/api/events").await;
    assert_eq!(answer.status, 200);
    let body = answer.json();
    let features = body["features"].as_array().expect("features");
    assert_eq!(features.len(), 2 * AWKWARD.len());
    for expected in loaded.iter().chain(&imported) {
        let f = features.iter().find(|f| f["id"] == expected.id.as_str()).expect("answered");
        let p = &f["properties"];
        let i: usize = expected.id.rsplit('-').next().and_then(|n| n.parse().ok()).expect("index");
        let text = AWKWARD[i];
        assert_eq!(p["title"], text, "{}", expected.id);
        assert_eq!(p["description"], format!("line one\twith a tab\nline two\r\nline three\r{text}\n\\N"));
        assert_eq!(p["location_name"], format!("{text} square"));
        assert_eq!(p["admin1"], text);
        assert_eq!(p["admin2"], "\\N");
        assert_eq!(p["claims"], format!("claims: {text}"));
        assert_eq!(p["organisers"], serde_json::json!([text, "back\\slash org"]));
        assert_eq!(p["participants"], serde_json::json!(["\\N"]));
        assert_eq!(p["sources"][0]["name"], text);
        assert_eq!(p["external_id"], format!("ext\\{i}\\N"));
        assert_eq!(f["geometry"]["coordinates"], serde_json::json!([expected.lon, expected.lat]));
    }
    // The columns hold the same values (read back without the Feature text).
    for events in [&loaded, &imported] {
        let ids: Vec<String> = events.iter().map(|e| e.id.clone()).collect();
        let back = stored_events(&app, &ids).await;
        let mut sent = events.clone();
        sent.sort_by(|a, b| a.id.cmp(&b.id));
        for (b, mut s) in back.into_iter().zip(sent) {
            s.updated_at = b.updated_at;
            assert_eq!(b, s);
        }
    }
    // The folded words went in through COPY too: the Persian one is found.
    let found = app.get("/api/events?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86").await.ids();
    assert_eq!(found, ["imported-3", "loaded-3"]);
}
