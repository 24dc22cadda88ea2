//! The database lost while serving (README, "When the database fails"):
//! the API answers 503 problem details with `Retry-After`, pages say the
//! map is temporarily unavailable (503), and an editor's save says the
//! change was not stored — never a false success, never "sign in again".

use server::store::Opened;
use tempfile::TempDir;

use crate::helpers::{config_in, data_dir, postgres_server, routes, PgDatabase, TestApp};
use crate::sign_in::{call, pair, post, OURS};

/// An app whose store's pool the test can close (on either store), with an
/// editor signed in.
async fn app_with_pool() -> (TestApp, Opened, String) {
    let dir = TempDir::new().expect("temp dir");
    let mut config = config_in(&dir, data_dir());
    let pg = postgres_server().map(|admin| PgDatabase::create(&admin));
    if let Some(pg) = &pg {
        config.database_url = pg.url.clone();
    }
    let opened = server::store::open(&config.database_url).await.expect("opens");
    opened.accounts().add("anna", "correct horse battery").await.expect("add");
    let state = server::state_with(config, opened.clone()).await.expect("starts");
    let app = TestApp { router: server::router_with_routes(state.clone(), routes()), state, dir, pg };
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    (app, opened, pair(&r.cookie))
}

#[tokio::test]
async fn a_lost_database_is_a_503_with_retry_after_everywhere_and_no_save_claims_success() {
    let (app, opened, cookie) = app_with_pool().await;
    assert_eq!(app.get("/api/events?datetime=2020-01-18").await.status.as_u16(), 200, "serving before");
    opened.close().await;
    // The database is lost: the pool gives no more connections.

    // The API: problem details, 503, Retry-After; a query not answered
    // before, so it is not a kept answer.
    for uri in [
        "/api/events?datetime=2020-01-19",
        "/api/collections/events/items?datetime=2020-01-20",
        "/api/events/2020-01-hamburg",
        "/api/map/summary?datetime=2020-01-19",
    ] {
        let a = app.get(uri).await;
        assert_eq!(a.status.as_u16(), 503, "{uri}: {}", a.text());
        assert_eq!(a.header("retry-after"), "5", "{uri}");
        assert_eq!(a.content_type, "application/problem+json", "{uri}");
        assert_eq!(a.json()["detail"], "the database is unavailable right now; try again in 5 seconds", "{uri}");
    }

    // A page: 503 and the words, in English and Persian.
    let page = app.get("/?start=2020-01-19&end=2020-01-19").await;
    assert_eq!(page.status.as_u16(), 503, "{}", page.text());
    assert_eq!(page.header("retry-after"), "5");
    assert!(page.text().contains("The map is temporarily unavailable"), "{}", page.text());
    let fa = app.get("/?start=2020-01-20&end=2020-01-20&lang=fa").await;
    assert!(fa.text().contains("نقشه موقتاً در دسترس نیست"));

    // An editor's save: 503 and the error the form words as "Not saved: the
    // database cannot be reached right now" — not "sign in again".
    let form = "input[title]=Vigil&input[kind]=vigil&input[date_start]=2020-01-25&input[date_end]=2020-01-25\
        &input[date_precision]=exact&input[location_name]=Copenhagen&input[country_code]=DK&input[lon]=12.5\
        &input[lat]=55.6&input[geo_precision]=city&input[sources][0][name]=desk&status=published";
    let r = call(&app, "/_fn/save_event", form, OURS, Some(&cookie)).await;
    assert_eq!(r.status, 503, "{}", r.body);
    assert_eq!(r.body, "\"Unavailable\"");
}
