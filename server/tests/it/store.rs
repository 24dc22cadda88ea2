//! The SQLite store and the seed loader: migrations, seeding, transactions.

use domain::geojson::read_collection;
use domain::store::{EventReader, StoreError};
use server::store::SqliteStore;
use tempfile::TempDir;

use crate::helpers::{config_in, data_dir, seeded, with_seed};

fn seed_events() -> Vec<domain::event::Event> {
    let text = std::fs::read_to_string(data_dir().join("2020-01-iran-solidarity.geojson")).expect("seed file");
    read_collection(&text).expect("valid seed")
}

#[tokio::test]
async fn a_new_database_is_created_in_its_folder_migrated_and_seeded() {
    let app = seeded().await;
    if app.pg.is_some() {
        // About the SQLite file; `postgres::` has PostgreSQL's start.
        return;
    }
    assert!(app.dir.path().join("db/rallymap.sqlite3").exists());
    assert_eq!(app.state.store.count().await.expect("count"), 6);
    let (mode,): (String,) = sqlx::query_as("PRAGMA journal_mode")
        .fetch_one(
            SqliteStore::open(&format!("sqlite://{}", app.dir.path().join("db/rallymap.sqlite3").display()))
                .await
                .expect("open")
                .pool(),
        )
        .await
        .expect("pragma");
    assert_eq!(mode, "wal");
}

#[tokio::test]
async fn a_second_start_does_not_seed_again() {
    let dir = TempDir::new().expect("tmp");
    let first = server::open_state(config_in(&dir, data_dir())).await.expect("first start");
    let stamp = first.store.get("2020-01-hamburg").await.expect("get").expect("present").updated_at;
    drop(first);
    let second = server::open_state(config_in(&dir, data_dir())).await.expect("second start");
    assert_eq!(second.store.count().await.expect("count"), 6);
    let again = second.store.get("2020-01-hamburg").await.expect("get").expect("present").updated_at;
    assert_eq!(again, stamp, "events were not rewritten");
}

#[tokio::test]
async fn an_invalid_seed_file_stops_start_and_stores_nothing() {
    let seed = TempDir::new().expect("tmp");
    let good = std::fs::read_to_string(data_dir().join("2020-01-iran-solidarity.geojson")).expect("seed");
    std::fs::write(seed.path().join("a.geojson"), &good).expect("write");
    let bad = good.replace("\"2020-01-18-stockholm\"", "\"2020-01-18-oslo\"").replace("\"SE\"", "\"SWE\"");
    let bad = bad.replace("2020-01-18-washington", "w").replace("2020-01-the-hague", "h");
    let bad =
        bad.replace("2020-01-hamburg", "hh").replace("2020-01-copenhagen", "c").replace("2020-01-tehran-banners", "t");
    std::fs::write(seed.path().join("b.geojson"), bad).expect("write");
    let dir = TempDir::new().expect("tmp");
    let err = server::open_state(config_in(&dir, seed.path())).await.err().expect("refused");
    let msg = err.to_string();
    assert!(msg.starts_with("seed data: "), "{msg}");
    assert!(
        msg.ends_with("b.geojson: feature 0 (2020-01-18-oslo): country_code: must be an ISO 3166-1 alpha-2 code such as SE or US, got \"SWE\""),
        "{msg}"
    );
    let store = SqliteStore::open(&format!("sqlite://{}", dir.path().join("db/rallymap.sqlite3").display()))
        .await
        .expect("open");
    assert_eq!(store.count().await.expect("count"), 0, "a.geojson was not stored either");
}

#[tokio::test]
async fn the_same_id_in_two_seed_files_is_refused() {
    let seed = TempDir::new().expect("tmp");
    let good = std::fs::read_to_string(data_dir().join("2020-01-iran-solidarity.geojson")).expect("seed");
    std::fs::write(seed.path().join("a.geojson"), &good).expect("write");
    std::fs::write(seed.path().join("b.geojson"), &good).expect("write");
    let dir = TempDir::new().expect("tmp");
    let msg = server::open_state(config_in(&dir, seed.path())).await.err().expect("refused").to_string();
    assert!(msg.contains("the id \"2020-01-18-stockholm\" is used in both"), "{msg}");
}

#[tokio::test]
async fn a_missing_seed_folder_starts_empty() {
    let app = with_seed("/nonexistent/rallymap-seed").await;
    assert_eq!(app.get("/api/events").await.ids(), Vec::<String>::new());
}

#[tokio::test]
async fn a_batch_with_a_repeated_id_stores_nothing() {
    let app = with_seed("/nonexistent/rallymap-seed").await;
    let mut events = seed_events();
    events.push(events[0].clone());
    let err = app.state.store.insert_all(&events).await.expect_err("duplicate");
    assert!(matches!(err, StoreError::DuplicateId(ref id) if id == "2020-01-18-stockholm"), "{err}");
    assert_eq!(app.state.store.count().await.expect("count"), 0);
}

#[tokio::test]
async fn reads_serve_what_was_validated_when_written() {
    let app = seeded().await;
    let raw = server::store::open(&app.state.config.database_url).await.expect("open");
    let damage = |sql: &'static str| {
        let raw = raw.clone();
        async move {
            match raw {
                server::store::Opened::Sqlite(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
                server::store::Opened::Postgres(s) => sqlx::query(sql).execute(s.pool()).await.map(|_| ()),
            }
            .expect("damage");
        }
    };
    // A column changed by hand is not re-validated on every read: the API
    // answers with the Feature stored (and validated) when it was written.
    damage("UPDATE events SET latitude = 123.0 WHERE id = '2020-01-hamburg'").await;
    let a = app.get("/api/events/2020-01-hamburg").await;
    assert_eq!(a.status.as_u16(), 200);
    assert_eq!(a.json()["geometry"]["coordinates"], serde_json::json!([9.9937, 53.5511]));
    // Where a row must be read as an event, a value that no longer reads is
    // the store's failure, not a panic and not invalid data.
    damage("UPDATE events SET kind = 'riot' WHERE id = '2020-01-hamburg'").await;
    let err = app.state.store.list().await.expect_err("corrupt");
    assert_eq!(err.to_string(), "stored event \"2020-01-hamburg\" is invalid: kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
         boycott, counter_protest, got \"riot\"");
}

#[tokio::test]
async fn the_sqlite_store_refuses_a_postgres_url_and_the_server_another_scheme() {
    let err = SqliteStore::open("postgres://localhost/rallymap").await.expect_err("refused");
    assert_eq!(
        err.to_string(),
        "DATABASE_URL \"postgres://localhost/rallymap\": not a SQLite database; open it with server::store::open"
    );
    let dir = TempDir::new().expect("dir");
    let mut config = config_in(&dir, data_dir());
    config.database_url = "mysql://localhost/rallymap".into();
    let err = server::open_state(config).await.err().expect("refused");
    assert_eq!(
        err.to_string(),
        "DATABASE_URL \"mysql://localhost/rallymap\": the scheme \"mysql\" is not supported; use sqlite://PATH, a \
         file path, or postgres://USER@HOST/DATABASE"
    );
}
