//! `rallymap migrate-data`: a SQLite database copied into PostgreSQL (with
//! `RALLYMAP_TEST_POSTGRES`; else into another SQLite file) and back into a
//! fresh SQLite file answers as the first did — the API's bytes, an
//! event's history, a session cookie, a password; refusals leave the
//! target as it was, a failure midway too.

use domain::store::{ImportPlan, Status};
use server::cli::{migrate_data, MigrateArgs};
use server::store::Opened;
use tempfile::TempDir;

use crate::helpers::{config_in, data_dir, postgres_server, routes, PgDatabase, TestApp};
use crate::sign_in::{call, pair, post, OURS};

/// An app on a SQLite file of its own (whatever the tests run against),
/// seeded from `seed`.
async fn sqlite_app(seed: impl Into<std::path::PathBuf>) -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let config = config_in(&dir, seed);
    let state = server::open_state(config).await.expect("app starts");
    TestApp { router: server::router_with_routes(state.clone(), routes()), state, dir, pg: None }
}

/// An app on the database `url` (already filled: nothing is seeded).
async fn app_on(url: &str) -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let mut config = config_in(&dir, dir.path().join("no-seed"));
    config.database_url = url.to_owned();
    let state = server::open_state(config).await.expect("app starts");
    TestApp { router: server::router_with_routes(state.clone(), routes()), state, dir, pg: None }
}

/// A new, empty database: on the PostgreSQL server of the tests when there
/// is one, else a SQLite file in `dir`.
fn empty_target(dir: &TempDir, name: &str) -> (String, Option<PgDatabase>) {
    match postgres_server() {
        Some(admin) => {
            let pg = PgDatabase::create(&admin);
            (pg.url.clone(), Some(pg))
        }
        None => (format!("sqlite://{}", dir.path().join(name).display()), None),
    }
}

/// Runs `rallymap migrate-data`: its report, or its one-line error and
/// exit code.
async fn migrate(from: &str, to: &str) -> Result<String, (u8, String)> {
    let mut out = Vec::new();
    let args = MigrateArgs { from: from.to_owned(), to: to.to_owned() };
    match migrate_data(&args, &mut out).await {
        Ok(()) => Ok(String::from_utf8(out).expect("utf-8")),
        Err(e) => Err((e.exit_code(), e.to_string())),
    }
}

/// Rows of `table` in the database `url`.
async fn count(url: &str, table: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table}");
    match server::store::open(url).await.expect("opens") {
        Opened::Sqlite(s) => sqlx::query_scalar(&sql).fetch_one(s.pool()).await.expect("count"),
        Opened::Postgres(s) => sqlx::query_scalar(&sql).fetch_one(s.pool()).await.expect("count"),
    }
}

const PASSWORD: &str = "name=anna&password=correct+horse+battery";

/// A form saving a new draft event (the editing tests' Copenhagen vigil).
fn draft() -> String {
    let fields = crate::editing::copenhagen_vigil("draft");
    crate::editing::form(&fields.iter().map(|(k, v)| (*k, v.as_str())).collect::<Vec<_>>())
}

/// The seeded app with an editor, a session, a removed event, a draft, an
/// event saved twice and a failed sign-in; the session's cookie.
async fn edited_source() -> (TestApp, String) {
    let app = sqlite_app(data_dir()).await;
    let store = server::store::open(&app.state.config.database_url).await.expect("open");
    store.accounts().add("anna", "correct horse battery").await.expect("add");
    let cookie = pair(&post(&app, "/_fn/sign_in", PASSWORD, OURS, None).await.cookie);
    let r = call(&app, "/_fn/delete_event", "id=2020-01-hamburg&version=1", OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let r = call(&app, "/_fn/save_event", &draft(), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let wrong = post(&app, "/_fn/sign_in", "name=anna&password=wrong", OURS, None).await;
    assert_eq!(wrong.cookie, "", "refused");
    let report = domain::report::ReportInput {
        title: "Banner on the Vasa bridge".into(),
        kind: "banner_action".into(),
        location_name: "Vasabron, Stockholm".into(),
        country_code: "SE".into(),
        lat: "59.3313".into(),
        lon: "18.0632".into(),
        date_start: "2020-01-19".into(),
        was_there: true,
        contact_email: "witness@example.org".into(),
        ..Default::default()
    }
    .validate()
    .expect("a valid report");
    let new = domain::store::NewReport {
        report,
        reference: "R-7K3QX".into(),
        client_hash: "ab".repeat(32),
        fingerprint: "cd".repeat(32),
    };
    let limits = domain::store::SubmitLimits { per_hour: 5, open_cap: 10 };
    assert_eq!(
        store.reports().submit(&new, limits).await.expect("stored"),
        domain::store::Submission::Stored("R-7K3QX".into())
    );
    // A second report, rejected: its decision travels with it.
    let rejected = domain::store::NewReport {
        reference: "R-9N5SZ".into(),
        fingerprint: "ef".repeat(32),
        report: domain::report::Report { contact_email: None, ..new.report.clone() },
        ..new
    };
    store.reports().submit(&rejected, limits).await.expect("stored");
    let reason = domain::report::Decision::Reject("Not in any source we know".into());
    store.reports().decide("R-9N5SZ", &reason, "anna", 90).await.expect("decided");
    (app, cookie)
}

/// What a reader and an editor get from `app`: the bodies of a few API
/// queries and of an event's history, with the status of each.
async fn answers(app: &TestApp, cookie: &str) -> Vec<(String, u16, String)> {
    let mut all = Vec::new();
    for uri in [
        "/api/events",
        "/api/events?datetime=2020-01-18/2020-01-20",
        "/api/events?bbox=0,45,15,56",
        "/api/events?q=iran",
        "/api/events/2020-01-the-hague",
        "/api/collections/events/items/2020-01-copenhagen",
        "/api/map/events",
    ] {
        let a = app.get(uri).await;
        all.push((uri.to_owned(), a.status.as_u16(), a.text()));
    }
    for id in ["2020-01-hamburg", "2020-01-25-copenhagen"] {
        let h = call(app, "/_fn/event_history", &format!("id={id}"), OURS, Some(cookie)).await;
        all.push((format!("history of {id}"), h.status, h.body));
    }
    let list = call(app, "/_fn/editor_events", "", OURS, Some(cookie)).await;
    all.push(("the editors' list".into(), list.status, list.body));
    all
}

/// The report after its first line (which names the two databases).
fn counts(report: &str) -> Vec<&str> {
    report.lines().skip(1).collect()
}

#[tokio::test]
async fn a_database_copied_there_and_back_answers_as_before_and_keeps_sessions_and_passwords() {
    let (source, cookie) = edited_source().await;
    let before = answers(&source, &cookie).await;
    assert_eq!(before[7].1, 200, "the history is there: {}", before[7].2);
    assert_eq!(before[8].1, 200, "the draft's history: {}", before[8].2);
    assert_ne!(before[8].2, "[]", "the draft's creation is in its history");
    assert!(before[9].2.contains("Copenhagen"), "and the draft: {}", before[9].2);
    let dir = TempDir::new().expect("temp dir");
    let (middle, _pg) = empty_target(&dir, "middle.sqlite3");
    let report = migrate(&source.state.config.database_url, &middle).await.expect("copied there");
    let expected = [
        "  events                    7",
        "  event_history             2",
        "  editors                   1",
        "  sessions                  1",
        "  sign_in_failures          2",
        "  reports                   2",
        "  day_counts                3 (counted again from the public events)",
    ];
    assert_eq!(count(&source.state.config.database_url, "day_counts").await, 3, "as the source counts them");
    assert_eq!(counts(&report)[..7], expected, "{report}");
    assert_eq!(
        report.lines().last(),
        Some(
            "checked in the target after the commit: every count above; every event's id, version, status, \
             removal, editor and Feature; event_history, editors, sessions and reports row for row"
        )
    );
    let back = format!("sqlite://{}", dir.path().join("back.sqlite3").display());
    let report = migrate(&middle, &back).await.expect("copied back");
    assert_eq!(counts(&report)[..7], expected, "{report}");

    for url in [&middle, &back] {
        let target = app_on(url).await;
        for (after, before) in answers(&target, &cookie).await.iter().zip(&before) {
            assert_eq!(after, before, "{url}");
        }
        let again = post(&target, "/_fn/sign_in", PASSWORD, OURS, None).await;
        assert!(again.status == 302 || again.status == 303, "{url}: {} {}", again.status, again.body);
        assert_eq!(again.location, "/editor", "{url}: the same password signs in");
        // New history rows and accounts take ids after the copied ones.
        let r = call(&target, "/_fn/delete_event", "id=2020-01-the-hague&version=1", OURS, Some(&cookie)).await;
        assert_eq!(r.status, 200, "{url}: {}", r.body);
        let opened = server::store::open(url).await.expect("open");
        opened.accounts().add("ben", "another horse battery").await.expect("a new editor");
        assert_eq!(count(url, "event_history").await, 3, "{url}");
        assert_eq!(count(url, "editors").await, 2, "{url}");
        // The copied report is there, contact and all; a new one takes the next id.
        let contact: Option<String> = match &opened {
            Opened::Sqlite(s) => sqlx::query_scalar("SELECT contact_email FROM reports WHERE reference = 'R-7K3QX'")
                .fetch_one(s.pool())
                .await
                .expect("the copied report"),
            Opened::Postgres(s) => sqlx::query_scalar("SELECT contact_email FROM reports WHERE reference = 'R-7K3QX'")
                .fetch_one(s.pool())
                .await
                .expect("the copied report"),
        };
        assert_eq!(contact.as_deref(), Some("witness@example.org"), "{url}");
        let decided: (Option<String>, Option<String>) = match &opened {
            Opened::Sqlite(s) => {
                sqlx::query_as("SELECT decided_by, decision_reason FROM reports WHERE reference = 'R-9N5SZ'")
                    .fetch_one(s.pool())
                    .await
                    .expect("the rejected report")
            }
            Opened::Postgres(s) => {
                sqlx::query_as("SELECT decided_by, decision_reason FROM reports WHERE reference = 'R-9N5SZ'")
                    .fetch_one(s.pool())
                    .await
                    .expect("the rejected report")
            }
        };
        assert_eq!(decided, (Some("anna".into()), Some("Not in any source we know".into())), "{url}");
        let report = domain::report::ReportInput {
            title: "Another banner".into(),
            kind: "banner_action".into(),
            location_name: "Slussen, Stockholm".into(),
            country_code: "SE".into(),
            lat: "59.32".into(),
            lon: "18.07".into(),
            date_start: "2020-01-20".into(),
            was_there: true,
            ..Default::default()
        }
        .validate()
        .expect("a valid report");
        let new = domain::store::NewReport {
            report,
            reference: "R-8M4RY".into(),
            client_hash: "ef".repeat(32),
            fingerprint: "01".repeat(32),
        };
        let limits = domain::store::SubmitLimits { per_hour: 5, open_cap: 10 };
        assert!(opened.reports().submit(&new, limits).await.is_ok(), "{url}: a new report after the copied one");
        assert_eq!(count(url, "reports").await, 3, "{url}");
    }
}

#[tokio::test]
async fn the_data_version_moves_past_both_databases() {
    let (source, _) = edited_source().await;
    let dir = TempDir::new().expect("temp dir");
    let (target, _pg) = empty_target(&dir, "target.sqlite3");
    let source_version = source.state.store.data_version().await.expect("version").version;
    let report = migrate(&source.state.config.database_url, &target).await.expect("copied");
    let line = format!("  data_version      {:>9}", source_version + 1);
    assert!(report.lines().any(|l| l == line), "{line:?} in {report}");
    let copy = app_on(&target).await;
    assert_eq!(copy.state.store.data_version().await.expect("version").version, source_version + 1);
}

#[tokio::test]
async fn a_target_with_events_is_refused_and_left_as_it_was() {
    let source = sqlite_app(data_dir()).await;
    let dir = TempDir::new().expect("temp dir");
    let (target, _pg) = empty_target(&dir, "target.sqlite3");
    migrate(&source.state.config.database_url, &target).await.expect("copied once");
    let refused = migrate(&source.state.config.database_url, &target).await.expect_err("not twice");
    assert_eq!(
        refused,
        (
            1,
            format!(
                "--to {target} is not empty: it holds 6 events and 0 editors; migrate-data copies only into an empty \
                 database"
            )
        )
    );
    assert_eq!(count(&target, "events").await, 6);
}

#[tokio::test]
async fn an_unreachable_or_missing_source_and_another_scheme_are_refused_in_one_line() {
    let dir = TempDir::new().expect("temp dir");
    let target = format!("sqlite://{}", dir.path().join("target.sqlite3").display());
    let (code, message) = migrate("postgres://rallymap:secret@127.0.0.1:1/rallymap", &target).await.expect_err("down");
    assert_eq!(code, 1);
    assert!(message.starts_with("--from: cannot reach PostgreSQL at 127.0.0.1:1: "), "{message}");
    assert!(!message.contains("secret"), "{message}");
    let missing = dir.path().join("missing.sqlite3");
    assert_eq!(
        migrate(&missing.display().to_string(), &target).await,
        Err((1, format!("--from {0}: there is no SQLite database {0}", missing.display())))
    );
    assert!(!missing.exists(), "not created");
    let source = sqlite_app(data_dir()).await;
    assert_eq!(
        migrate(&source.state.config.database_url, "mysql://root:secret@db/rallymap").await,
        Err((
            1,
            "--to \"mysql://root:***@db/rallymap\": the scheme \"mysql\" is not supported; use sqlite://PATH, a file \
             path, or postgres://USER@HOST/DATABASE"
                .into()
        ))
    );
    assert_eq!(
        migrate(&source.state.config.database_url, &source.state.config.database_url).await,
        Err((1, format!("--from and --to name the same database ({})", source.state.config.database_url)))
    );
    assert!(!dir.path().join("target.sqlite3").exists(), "nothing was opened for the refusals");
}

/// Makes the target refuse its `n`-th history row, as a full disk or a
/// lost connection would refuse a statement midway.
async fn fail_at_history_row(url: &str, n: i64) {
    match server::store::open(url).await.expect("opens") {
        Opened::Sqlite(s) => {
            sqlx::query(&format!(
                "CREATE TRIGGER fail_midway BEFORE INSERT ON event_history WHEN NEW.id = {n} \
                 BEGIN SELECT RAISE(ABORT, 'refused history row {n}'); END"
            ))
            .execute(s.pool())
            .await
            .expect("trigger");
        }
        Opened::Postgres(s) => {
            sqlx::query(&format!(
                "CREATE FUNCTION fail_midway() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
                 IF NEW.id = {n} THEN RAISE EXCEPTION 'refused history row {n}'; END IF; RETURN NEW; END $$"
            ))
            .execute(s.pool())
            .await
            .expect("function");
            sqlx::query(
                "CREATE TRIGGER fail_midway BEFORE INSERT ON event_history FOR EACH ROW EXECUTE FUNCTION fail_midway()",
            )
            .execute(s.pool())
            .await
            .expect("trigger");
        }
    }
}

#[tokio::test]
async fn a_copy_that_fails_midway_leaves_the_target_empty() {
    let source = sqlite_app(data_dir()).await;
    let store = server::store::open(&source.state.config.database_url).await.expect("open");
    store.accounts().add("anna", "correct horse battery").await.expect("add");
    // 1,200 events with a history row each: three pages of events and
    // three statements of history rows before the refused one.
    let events: Vec<_> = (0..1_200).map(|i| domain::synthetic::event(3, i)).collect();
    let plan = ImportPlan {
        status: Status::Published,
        update_existing: false,
        editor: "test".into(),
        note: "imported from test".into(),
        keep_status: false,
    };
    store.import(&events, &plan).await.expect("imported");
    let dir = TempDir::new().expect("temp dir");
    let (target, _pg) = empty_target(&dir, "target.sqlite3");
    fail_at_history_row(&target, 1_100).await;
    let version = count(&target, "data_version WHERE version = 1").await;
    let failed = migrate(&source.state.config.database_url, &target).await.expect_err("refused midway");
    // The database's words after sqlx's: SQLite's carry its code.
    let (code, message) = failed;
    assert_eq!(code, 1);
    let start = format!(
        "nothing was copied, --to {target} is as it was: writing event_history: error returned from database: "
    );
    assert!(message.starts_with(&start) && message.ends_with("refused history row 1100"), "{message}");
    for table in ["events", "event_history", "editors", "sessions", "day_counts"] {
        assert_eq!(count(&target, table).await, 0, "{table}");
    }
    assert_eq!(count(&target, "data_version WHERE version = 1").await, version, "the data version too");
    // Once the database stops refusing, the same copy goes through.
    let drop = "DROP TRIGGER fail_midway";
    match server::store::open(&target).await.expect("opens") {
        Opened::Sqlite(s) => sqlx::query(drop).execute(s.pool()).await.map(|_| ()),
        Opened::Postgres(s) => sqlx::query(&format!("{drop} ON event_history")).execute(s.pool()).await.map(|_| ()),
    }
    .expect("dropped");
    let report = migrate(&source.state.config.database_url, &target).await.expect("copied");
    assert_eq!(
        counts(&report)[..3],
        ["  events                 1206", "  event_history          1200", "  editors                   1"]
    );
}

/// Runs one statement on the database `url`.
async fn execute(url: &str, sql: &str) {
    match server::store::open(url).await.expect("opens") {
        Opened::Sqlite(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
        Opened::Postgres(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

#[tokio::test]
async fn the_check_after_the_commit_names_what_differs() {
    let (source, _) = edited_source().await;
    let dir = TempDir::new().expect("temp dir");
    let (target, _pg) = empty_target(&dir, "target.sqlite3");
    let from = server::store::open(&source.state.config.database_url).await.expect("source");
    let to = server::store::open(&target).await.expect("target");
    let copied = server::store::copy::copy(&from, &to).await.expect("copied");
    server::store::copy::check(&to, &copied).await.expect("the same");
    let differs = |e: server::store::copy::Mismatch| e.to_string();

    execute(&target, "UPDATE events SET title = 'Changed' WHERE id = '2020-01-the-hague'").await;
    assert_eq!(
        server::store::copy::check(&to, &copied).await.map_err(differs),
        Err("the event \"2020-01-the-hague\" is stored with a Feature other than its columns make".into())
    );
    execute(&target, "UPDATE events SET version = 5 WHERE id = '2020-01-the-hague'").await;
    execute(
        &target,
        "UPDATE events SET title = 'Protest outside the Dutch Parliament in The Hague' WHERE id = '2020-01-the-hague'",
    )
    .await;
    assert_eq!(
        server::store::copy::check(&to, &copied).await.map_err(differs),
        Err("the events from \"2020-01-18-stockholm\" on differ from the source's (id, version, status, removal, \
             editor or Feature)"
            .into())
    );
    execute(&target, "UPDATE events SET version = 1 WHERE id = '2020-01-the-hague'").await;
    server::store::copy::check(&to, &copied).await.expect("the same again");
    execute(&target, "UPDATE editors SET password_hash = 'x'").await;
    assert_eq!(
        server::store::copy::check(&to, &copied).await.map_err(differs),
        Err("editors differs from the source's, row for row".into())
    );
    execute(&target, "DELETE FROM sessions").await;
    assert_eq!(
        server::store::copy::check(&to, &copied).await.map_err(differs),
        Err("sessions has 0 rows in the target, 1 were copied".into())
    );
}
