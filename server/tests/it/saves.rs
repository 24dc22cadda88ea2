//! What a save promises (README, "Saves"): editors saving at the same time
//! wait for each other instead of being refused, a conflict is a 409 every
//! time, an import and editors' saves both succeed, a success means the
//! change is committed, and a write made by another process is seen by the
//! next request (its validators change at once).

use std::sync::Arc;

use domain::store::Status;
use serde_json::Value;

use crate::helpers::TestApp;
use crate::sign_in::{call, pair, post, with_editor, OURS};

/// The database of `app`, as a URL another process (on PostgreSQL,
/// another server) opens.
fn db_url(app: &TestApp) -> String {
    app.state.config.database_url.clone()
}

async fn signed_in(app: &TestApp) -> String {
    let r = post(app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let cookie = pair(&r.cookie);
    assert!(cookie.starts_with("rallymap_session="), "signed in: {} {}", r.status, r.body);
    cookie
}

/// The form of a new published event at `lon` (its title says `n`).
fn new_event(n: usize, lon: f64) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("input[title]", format!("Rally {n}")),
            ("input[kind]", "rally".into()),
            ("input[date_start]", "2020-02-01".into()),
            ("input[date_end]", "2020-02-01".into()),
            ("input[date_precision]", "exact".into()),
            ("input[location_name]", format!("Square {n}, Bern")),
            ("input[country_code]", "CH".into()),
            ("input[lon]", format!("{lon}")),
            ("input[lat]", "46.948".into()),
            ("input[geo_precision]", "site".into()),
            ("input[sources][0][name]", "test desk".into()),
            ("status", "published".into()),
        ])
        .finish()
}

/// The form that changes Hamburg's title, from `version`.
fn hamburg_update(title: &str, version: i64) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("input[id]", "2020-01-hamburg".to_owned()),
            ("input[title]", title.to_owned()),
            ("input[kind]", "rally".into()),
            ("input[date_start]", "2020-01-18".into()),
            ("input[date_end]", "2020-01-20".into()),
            ("input[date_precision]", "approximate".into()),
            ("input[location_name]", "Hamburg, Germany".into()),
            ("input[country_code]", "DE".into()),
            ("input[lon]", "9.9937".into()),
            ("input[lat]", "53.5511".into()),
            ("input[geo_precision]", "city".into()),
            ("input[sources][0][name]", "irannewsupdate".into()),
            ("status", "published".into()),
            ("version", version.to_string()),
        ])
        .finish()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn editors_saving_at_the_same_moment_are_never_refused() {
    let app = Arc::new(with_editor().await);
    let cookie = Arc::new(signed_in(&app).await);
    let mut saves = Vec::new();
    // 4 editors, 15 saves each, all at once.
    for editor in 0..4 {
        let (app, cookie) = (app.clone(), cookie.clone());
        saves.push(tokio::spawn(async move {
            let mut statuses = Vec::new();
            for i in 0..15 {
                let n = editor * 100 + i;
                let r =
                    call(&app, "/_fn/save_event", &new_event(n, 7.0 + n as f64 / 1000.0), OURS, Some(&cookie)).await;
                statuses.push((r.status, r.body));
            }
            statuses
        }));
    }
    let mut refused = Vec::new();
    for s in saves {
        refused.extend(s.await.expect("editor").into_iter().filter(|(status, _)| *status != 200));
    }
    assert_eq!(refused, Vec::<(u16, String)>::new(), "every save answered 200");
    let ids = app.get("/api/events?bbox=6.9,46,7.5,47").await.ids();
    assert_eq!(ids.len(), 60, "all 60 saves are stored and public");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn two_editors_saving_the_same_version_get_one_save_and_one_conflict_every_time() {
    let app = Arc::new(with_editor().await);
    let cookie = Arc::new(signed_in(&app).await);
    for round in 0..20 {
        let version = app.state.store.revision("2020-01-hamburg").await.expect("read").expect("exists").version;
        let race = |who: &'static str| {
            let (app, cookie) = (app.clone(), cookie.clone());
            tokio::spawn(async move {
                let form = hamburg_update(&format!("Rally in Hamburg ({who}, round {round})"), version);
                call(&app, "/_fn/save_event", &form, OURS, Some(&cookie)).await
            })
        };
        let (a, b) = (race("anna"), race("bob"));
        let (a, b) = (a.await.expect("a"), b.await.expect("b"));
        let mut statuses = [a.status, b.status];
        statuses.sort_unstable();
        assert_eq!(statuses, [200, 409], "round {round}: {} / {}", a.body, b.body);
        let loser = if a.status == 409 { &a } else { &b };
        let body: Value = serde_json::from_str(&loser.body).expect("json");
        assert!(body.get("Conflict").is_some(), "round {round}: the refusal is a conflict: {}", loser.body);
    }
    let after = app.state.store.revision("2020-01-hamburg").await.expect("read").expect("exists");
    assert_eq!(after.version, 21, "one save per round went in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn an_import_by_another_process_and_editors_saves_both_succeed() {
    let app = Arc::new(with_editor().await);
    let cookie = signed_in(&app).await;
    // `rallymap import` is another process: another pool on the same file.
    let other = server::store::open(&db_url(&app)).await.expect("second process opens");
    let events: Vec<_> = (0..20_000).map(|i| domain::synthetic::event(7, i)).collect();
    let import = tokio::spawn(async move { other.insert_all(&events).await });
    let mut statuses = Vec::new();
    for n in 0..20 {
        let r = call(&app, "/_fn/save_event", &new_event(n, 7.0 + n as f64 / 1000.0), OURS, Some(&cookie)).await;
        statuses.push(r.status);
    }
    import.await.expect("import task").expect("the import is stored");
    assert_eq!(statuses, vec![200; 20], "every save during the import answered 200");
    assert_eq!(app.state.store.count().await.expect("count"), 6 + 20_000 + 20);
}

#[tokio::test]
async fn a_write_by_another_process_changes_the_validators_at_once() {
    let app = with_editor().await;
    let first = app.get("/api/events").await;
    assert_eq!(first.ids().len(), 6);
    let etag = first.header("etag");
    // Another process (the command line) adds an event.
    let other = server::store::open(&db_url(&app)).await.expect("second process opens");
    let mut e = domain::synthetic::event(3, 1);
    e.dates = domain::dates::DateRange::new(time::macros::date!(2020 - 01 - 19), time::macros::date!(2020 - 01 - 19))
        .expect("range");
    other.insert_all(&[e]).await.expect("stored");
    // At once, not after a while: the old tag no longer matches, and the
    // answer under a new tag has the new event.
    let again = app.request_with(axum::http::Method::GET, "/api/events", &[("if-none-match", &etag)]).await;
    assert_eq!(again.status, 200, "the old entity tag is not answered 304");
    assert_ne!(again.header("etag"), etag);
    assert_eq!(again.ids().len(), 7);
    let window = app.get("/api/events?datetime=2020-01-19").await;
    assert_eq!(window.ids().len(), 5, "the four approximate events and the new one");
}

#[tokio::test]
async fn answers_of_an_older_version_are_let_go() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    for day in ["2020-01-18", "2020-01-19", "2020-01-20", "2020-01-21"] {
        assert_eq!(app.get(&format!("/api/events?datetime={day}")).await.status, 200);
    }
    assert_eq!(app.state.answers.kept().await, 4);
    let r = call(&app, "/_fn/save_event", &new_event(1, 7.0), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(app.get("/api/events?datetime=2020-01-18").await.status, 200);
    assert_eq!(app.state.answers.kept().await, 1, "only the current version's answer is kept");
}

#[tokio::test]
async fn a_draft_saved_by_one_editor_is_stored_for_every_connection() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let form = new_event(1, 7.0).replace("status=published", "status=draft");
    let r = call(&app, "/_fn/save_event", &form, OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let saved: Value = serde_json::from_str(&r.body).expect("json");
    let id = saved["event"]["id"].as_str().expect("id").to_owned();
    let other = server::store::open(&db_url(&app)).await.expect("another process");
    let seen = other.revision(&id).await.expect("read").expect("committed");
    assert_eq!(seen.status, Status::Draft);
}
