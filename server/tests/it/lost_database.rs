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

/// A TCP relay between the server and PostgreSQL that the test can cut (the
/// listener closed and every open connection dropped, as when the database
/// host goes away: new connections are refused) and restore on the same
/// port — PostgreSQL restarting, as the server sees it.
struct Relay {
    port: u16,
    upstream: String,
    running: std::sync::Mutex<Vec<tokio::task::JoinHandle<()>>>,
}

impl Relay {
    async fn start(upstream: String) -> std::sync::Arc<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let port = listener.local_addr().expect("address").port();
        let relay = std::sync::Arc::new(Self { port, upstream, running: Default::default() });
        relay.serve(listener);
        relay
    }

    fn serve(self: &std::sync::Arc<Self>, listener: tokio::net::TcpListener) {
        let me = self.clone();
        let accepting = tokio::spawn(async move {
            while let Ok((mut client, _)) = listener.accept().await {
                let upstream = me.upstream.clone();
                let pipe = tokio::spawn(async move {
                    if let Ok(mut db) = tokio::net::TcpStream::connect(upstream).await {
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut db).await;
                    }
                });
                me.running.lock().expect("relay").push(pipe);
            }
        });
        self.running.lock().expect("relay").push(accepting);
    }

    async fn cut(&self) {
        let tasks: Vec<_> = std::mem::take(&mut *self.running.lock().expect("relay"));
        for t in tasks {
            t.abort();
            let _ = t.await;
        }
    }

    async fn restore(self: &std::sync::Arc<Self>) {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", self.port)).await.expect("bind again");
        self.serve(listener);
    }
}

#[tokio::test]
async fn when_postgresql_comes_back_the_server_serves_and_saves_again_without_a_restart() {
    let Some(admin) = postgres_server() else {
        eprintln!("skipped: RALLYMAP_TEST_POSTGRES is not set (scripts/test.sh sets it)");
        return;
    };
    let pg = PgDatabase::create(&admin);
    let mut url = url::Url::parse(&pg.url).expect("url");
    let upstream = format!("{}:{}", url.host_str().expect("host"), url.port().unwrap_or(5432));
    let relay = Relay::start(upstream).await;
    url.set_host(Some("127.0.0.1")).expect("host");
    url.set_port(Some(relay.port)).expect("port");

    let dir = TempDir::new().expect("temp dir");
    let mut config = config_in(&dir, data_dir());
    config.database_url = url.to_string();
    let opened = server::store::open(&config.database_url).await.expect("opens");
    opened.accounts().add("anna", "correct horse battery").await.expect("add");
    let state = server::state_with(config, opened).await.expect("starts");
    let app = TestApp { router: server::router_with_routes(state.clone(), routes()), state, dir, pg: Some(pg) };
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let cookie = pair(&r.cookie);
    assert_eq!(app.get("/api/events?datetime=2020-01-18").await.ids().len(), 6, "serving before");

    relay.cut().await;
    let lost = app.get("/api/events?datetime=2020-01-19").await;
    assert_eq!(lost.status.as_u16(), 503, "{}", lost.text());
    assert_eq!(lost.header("retry-after"), "5");
    let form = "input[title]=Vigil&input[kind]=vigil&input[date_start]=2020-01-25&input[date_end]=2020-01-25\
        &input[date_precision]=exact&input[location_name]=Copenhagen&input[country_code]=DK&input[lon]=12.5\
        &input[lat]=55.6&input[geo_precision]=city&input[sources][0][name]=desk&status=published";
    let refused = call(&app, "/_fn/save_event", form, OURS, Some(&cookie)).await;
    assert_eq!((refused.status, refused.body.as_str()), (503, "\"Unavailable\""));

    // PostgreSQL is back: the same server, the same session, no restart.
    relay.restore().await;
    let back = app.get("/api/events?datetime=2020-01-19").await;
    assert_eq!(back.status.as_u16(), 200, "{}", back.text());
    assert_eq!(back.ids(), ["2020-01-copenhagen", "2020-01-hamburg", "2020-01-tehran-banners", "2020-01-the-hague"]);
    let saved = call(&app, "/_fn/save_event", form, OURS, Some(&cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);
    let day = app.get("/api/events?datetime=2020-01-25").await;
    let titles: Vec<_> = day.json()["features"]
        .as_array()
        .expect("features")
        .iter()
        .map(|f| f["properties"]["title"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(titles, ["Vigil"], "the save while the database was lost was not stored; the one after it was");
    relay.cut().await;
}
