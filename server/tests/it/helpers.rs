//! Shared helpers: a fresh app on its own SQLite file (or, when
//! `RALLYMAP_TEST_POSTGRES` names a PostgreSQL server, on its own fresh
//! PostgreSQL database), and requests to it.

use std::path::PathBuf;
use std::sync::OnceLock;

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use http_body_util::BodyExt;
use leptos_axum::AxumRouteListing;
use server::config::Config;
use server::state::AppState;
use tempfile::TempDir;
use tower::ServiceExt;

/// The repository's `data/` folder.
pub fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../data")
}

/// The pages' route list, made once for the whole test process: making it
/// while another test renders a page can hang that render (see
/// `server::router_with_routes`).
pub fn routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| leptos_axum::generate_route_list(app::App)).clone()
}

/// An app on a new SQLite file in a temporary folder (or a new PostgreSQL
/// database), kept alive with it.
pub struct TestApp {
    pub router: Router,
    pub state: AppState,
    pub dir: TempDir,
    /// The PostgreSQL database, dropped with the app.
    pub pg: Option<PgDatabase>,
}

/// The server `RALLYMAP_TEST_POSTGRES` names (`postgres://USER@HOST:PORT/DB`,
/// a user who may create databases), if it is set.
pub fn postgres_server() -> Option<String> {
    std::env::var("RALLYMAP_TEST_POSTGRES").ok().filter(|s| !s.is_empty())
}

/// A database of its own for one test on the PostgreSQL server, so that
/// tests run in parallel; dropped (`WITH (FORCE)`) when the test ends.
pub struct PgDatabase {
    admin: String,
    name: String,
    /// Its URL, as `DATABASE_URL` takes it.
    pub url: String,
}

impl PgDatabase {
    /// Creates a database with a name of its own on `admin`'s server.
    pub fn create(admin: &str) -> Self {
        use std::sync::atomic::{AtomicU64, Ordering};
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!("rallymap_test_{}_{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        admin_sql(admin, format!("CREATE DATABASE \"{name}\""));
        let mut url = url::Url::parse(admin).expect("RALLYMAP_TEST_POSTGRES is a URL");
        url.set_path(&name);
        Self { admin: admin.to_owned(), name, url: url.to_string() }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        admin_sql(&self.admin, format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
    }
}

/// Runs one statement on the server's administrative database, on a thread
/// of its own (tests drop their apps inside the runtime).
fn admin_sql(admin: &str, sql: String) {
    use sqlx::Connection;
    let admin = admin.to_owned();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async {
            let mut c = sqlx::PgConnection::connect(&admin).await.expect("connect to RALLYMAP_TEST_POSTGRES");
            sqlx::query(&sql).execute(&mut c).await.unwrap_or_else(|e| panic!("{sql}: {e}"));
        });
    })
    .join()
    .expect("admin statement");
}

/// A config for a database file in `dir`, seeded from `seed`.
pub fn config_in(dir: &TempDir, seed: impl Into<PathBuf>) -> Config {
    let mut c = Config::for_tests(format!("sqlite://{}", dir.path().join("db/rallymap.sqlite3").display()), seed);
    c.import_dir = dir.path().join("imports");
    c
}

/// An app seeded with the repository's `data/`.
pub async fn seeded() -> TestApp {
    with_seed(data_dir()).await
}

/// An app seeded from `seed`.
pub async fn with_seed(seed: impl Into<PathBuf>) -> TestApp {
    with_config(seed, |_| {}).await
}

/// An app seeded from `seed`, with settings changed by `change`.
pub async fn with_config(seed: impl Into<PathBuf>, change: impl FnOnce(&mut Config)) -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let mut config = config_in(&dir, seed);
    let pg = postgres_server().map(|admin| PgDatabase::create(&admin));
    if let Some(pg) = &pg {
        config.database_url = pg.url.clone();
    }
    change(&mut config);
    let state = server::open_state(config).await.expect("app starts");
    TestApp { router: server::router_with_routes(state.clone(), routes()), state, dir, pg }
}

/// A response, its body read.
pub struct Answer {
    pub headers: axum::http::HeaderMap,
    pub status: StatusCode,
    pub content_type: String,
    pub body: Vec<u8>,
}

impl Answer {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// A response header as text, or "" when absent.
    pub fn header(&self, name: &str) -> String {
        self.headers.get(name).map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default()
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The `id`s of a FeatureCollection's features, in order.
    pub fn ids(&self) -> Vec<String> {
        self.json()["features"]
            .as_array()
            .expect("features array")
            .iter()
            .map(|f| f["id"].as_str().expect("string id").to_owned())
            .collect()
    }
}

impl TestApp {
    pub async fn request(&self, method: Method, uri: &str) -> Answer {
        self.request_with(method, uri, &[]).await
    }

    pub async fn request_with(&self, method: Method, uri: &str, headers: &[(&str, &str)]) -> Answer {
        let mut req = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let req = req.body(Body::empty()).expect("request");
        let res = self.router.clone().oneshot(req).await.expect("infallible");
        let status = res.status();
        let headers = res.headers().clone();
        let content_type =
            res.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default();
        let body = res.into_body().collect().await.expect("body").to_bytes().to_vec();
        Answer { headers, status, content_type, body }
    }

    pub async fn get(&self, uri: &str) -> Answer {
        self.request(Method::GET, uri).await
    }
}

/// `rallymap import` run on a test app's database, as the command line
/// runs it.
pub mod cli {
    use std::path::Path;

    use super::TestApp;
    use domain::import::dates::DateFormat;
    use server::cli::{import, ImportArgs};

    /// The app's database as `--database` takes it.
    pub fn db(app: &TestApp) -> String {
        app.state.config.database_url.clone()
    }

    /// `rallymap import FILES` with nothing chosen.
    pub fn args(files: &[&Path]) -> ImportArgs {
        ImportArgs {
            files: files.iter().map(|p| p.to_path_buf()).collect(),
            publish: false,
            dry_run: false,
            valid_only: false,
            update_existing: false,
            editor: "command line".into(),
            mapping: Vec::new(),
            date_format: DateFormat::Iso,
            decimal_comma: false,
            decimal_dot: false,
            dataset: None,
            crowd_convention: None,
            sync: None,
            kind: None,
            geo_precision: None,
            source_name: None,
            source_url: None,
            no_default_source: false,
            country: None,
            country_from_point: false,
            accept_border_countries: false,
            accept_unusual_dates: false,
        }
    }

    /// Runs `rallymap import` on `app`'s database: the exit code, the
    /// report (standard output) and the refusals (standard error).
    pub async fn run(app: &TestApp, a: &ImportArgs) -> (u8, String, String) {
        let (mut out, mut err) = (Vec::new(), Vec::new());
        let code = import(&app.state.config, a, &mut out, &mut err).await.expect("import runs");
        (code, String::from_utf8(out).expect("utf-8"), String::from_utf8(err).expect("utf-8"))
    }

    /// What protest research codes of each stored event, by id: conduct,
    /// areas, online, organisers, participants, claims, the crowd (phrase,
    /// numbers, derived), estimates, outcomes (arrests, injuries, fatalities,
    /// damage) and where it came from; `-` for not reported.
    pub async fn coded(app: &TestApp) -> Vec<String> {
        let store = server::store::open(&db(app)).await.expect("open");
        let mut all = store.list_for_editors().await.expect("list");
        all.sort_by(|a, b| a.event.id.cmp(&b.event.id));
        let or = |t: Option<String>| t.unwrap_or_else(|| "-".into());
        let n = |x: Option<u64>| or(x.map(|x| x.to_string()));
        let b = |x: Option<bool>| or(x.map(|x| x.to_string()));
        all.iter()
            .map(|r| {
                let e = &r.event;
                format!(
                    "{} | {} | {} / {} | online {} | org [{}] | part [{}] | claims {} | crowd {} {}..{} {} | est [{}] | \
                     {} {} {} {} | {} {} {}",
                    e.id,
                    or(e.conduct.map(|c| c.as_str().to_owned())),
                    or(e.admin1.clone()),
                    or(e.admin2.clone()),
                    b(e.online),
                    e.organisers.join("; "),
                    e.participants.join("; "),
                    or(e.claims.clone()),
                    or(e.crowd_size_text.clone()),
                    n(e.crowd_size_low),
                    n(e.crowd_size_high),
                    or(e.crowd_size_derived.map(|c| c.as_str().to_owned())),
                    e.crowd_estimates
                        .iter()
                        .map(|x| format!("{}: {}-{}", x.source, x.low, x.high))
                        .collect::<Vec<_>>()
                        .join("; "),
                    n(e.arrests),
                    n(e.injuries),
                    n(e.fatalities),
                    b(e.property_damage),
                    or(e.dataset.clone()),
                    or(e.external_id.clone()),
                    or(e.upstream_updated_at.map(domain::event::format_timestamp)),
                )
            })
            .collect()
    }
}
