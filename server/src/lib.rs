//! rallymap's server: settings, the SQLite store, the GeoJSON API and the
//! server-rendered Leptos pages, wired into one axum [`Router`].
//!
//! `main` only parses the command line and calls [`serve`]; tests build the
//! same router with [`open_state`] and [`router`] and call it in-process.

pub mod answers;
pub mod auth;
pub mod cached;
pub mod cli;
pub mod client_addr;
pub mod conditional;
pub mod config;
pub mod error;
pub mod page_cache;
pub mod preview;
pub mod redirects;
pub mod report_keys;
pub mod request_log;
pub mod routes;
pub mod security;
pub mod server_fns;
pub mod state;
pub mod store;

use std::sync::Arc;

use axum::http::{header, HeaderValue, Method};
use axum::middleware;
use axum::Router;
use domain::store::SharedStore;
use leptos::config::LeptosOptions;
use leptos::prelude::provide_context;
use leptos_axum::{generate_route_list, AxumRouteListing, LeptosRoutes};
use tower_http::classify::SharedClassifier;
use tower_http::compression::CompressionLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeader;
use tower_http::trace::TraceLayer;

use crate::config::Config;
use crate::state::AppState;
use crate::store::seed::{seed_if_empty, SeedError};
use crate::store::OpenError;

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum StartError {
    /// The database could not be opened or migrated.
    #[error(transparent)]
    Open(#[from] OpenError),
    /// The seed data could not be loaded.
    #[error("seed data: {0}")]
    Seed(#[from] SeedError),
    /// The keys of the report form could not be read or made.
    #[error("the report form's keys: {0}")]
    Keys(#[source] domain::store::StoreError),
    /// Decided reports past `RALLYMAP_REPORTS_KEEP_DAYS` could not be deleted.
    #[error("deleting old reports: {0}")]
    Purge(#[source] domain::store::StoreError),
    /// The listen address could not be bound.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The server stopped with an I/O error.
    #[error("server error: {0}")]
    Serve(#[source] std::io::Error),
}

/// Opens the store named by `config`, migrates it, seeds it when empty, and
/// returns the state every handler shares.
///
/// # Errors
/// [`StartError::Open`] or [`StartError::Seed`].
pub async fn open_state(config: Config) -> Result<AppState, StartError> {
    let opened = store::open(&config.database_url).await?;
    state_with(config, opened).await
}

/// The state on a store already opened: seeded when empty, the rest as
/// [`open_state`] makes it (tests that keep a handle on the store's pool
/// use it).
///
/// # Errors
/// [`StartError`] when the seed cannot be loaded.
pub async fn state_with(config: Config, opened: store::Opened) -> Result<AppState, StartError> {
    let loaded = seed_if_empty(&*opened, &config.seed_dir).await?;
    if loaded > 0 {
        tracing::info!(events = loaded, dir = %config.seed_dir.display(), "seeded an empty database");
    }
    let leptos_options = LeptosOptions::builder()
        .output_name("rallymap")
        .site_root(config.site_root.to_string_lossy().as_ref())
        .site_pkg_dir("pkg")
        .site_addr(config.listen)
        .build();
    let sessions = opened.sessions(config.secure_cookies);
    let uploads = opened.uploads();
    let reports = opened.reports();
    let report_keys = report_keys::ReportKeys::load(reports.clone()).await.map_err(StartError::Keys)?;
    let purged = reports.purge(config.reports_keep_days).await.map_err(StartError::Purge)?;
    if purged > 0 {
        tracing::info!(reports = purged, days = config.reports_keep_days, "deleted decided reports past their keeping");
    }
    let store: SharedStore = opened.shared();
    let answers = answers::AnswerCache::new(config.answer_cache_mb.saturating_mul(1024 * 1024));
    let build_id = page_cache::build_id(&config.site_root);
    let previews = preview::Previews::default();
    Ok(AppState {
        config: Arc::new(config),
        store,
        sessions,
        uploads,
        leptos_options,
        answers,
        build_id,
        previews,
        reports,
        report_keys,
    })
}

/// How long browsers may keep the vendored files (Leaflet, the basemap),
/// which change only with an npm version bump: one day.
const VENDOR_CACHE: &str = "public, max-age=86400";
/// The WASM and its JS glue keep their names across builds, so browsers
/// revalidate them (`Last-Modified`) on every load.
const PKG_CACHE: &str = "no-cache";

/// A static folder of the site, with `cache_control` and any `.br`/`.gz`
/// siblings that `cargo leptos build --release --precompress` wrote. The
/// answer depends on `Accept-Encoding`, and says so (`Vary`), so that a
/// shared cache never hands brotli to a client that did not ask for it.
fn static_dir(
    dir: std::path::PathBuf,
    cache_control: &'static str,
) -> SetResponseHeader<SetResponseHeader<ServeDir, HeaderValue>, HeaderValue> {
    SetResponseHeader::appending(
        SetResponseHeader::if_not_present(
            ServeDir::new(dir).precompressed_br().precompressed_gzip(),
            header::CACHE_CONTROL,
            HeaderValue::from_static(cache_control),
        ),
        header::VARY,
        HeaderValue::from_static("accept-encoding"),
    )
}

/// What the router compresses on the fly: what tower-http would, except API
/// answers that are already in their final coding (kept answers are
/// compressed once; large ones are streamed through gzip).
#[derive(Debug, Clone, Copy)]
struct NotEncoded;

impl tower_http::compression::Predicate for NotEncoded {
    fn should_compress<B: http_body::Body>(&self, response: &axum::http::Response<B>) -> bool {
        response.extensions().get::<cached::Encoded>().is_none()
            && tower_http::compression::DefaultPredicate::new().should_compress(response)
    }
}

/// CORS for the API: any origin may read it, revalidate (`If-None-Match`,
/// `If-Modified-Since`) and see the validators; errors carry it too.
fn api_cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::HEAD])
        .allow_headers([header::IF_NONE_MATCH, header::IF_MODIFIED_SINCE, header::ACCEPT])
        .expose_headers([header::ETAG, header::LAST_MODIFIED, header::CONTENT_LENGTH])
        .max_age(std::time::Duration::from_secs(86_400))
}

/// The whole app: `/api` (GeoJSON, problem details), the Leptos pages and
/// server functions, and the built site's static files, all compressed
/// (gzip or brotli, as the browser accepts).
pub fn router(state: AppState) -> Router {
    router_with_routes(state, generate_route_list(app::App))
}

/// [`router`] with the pages' route list (`leptos_axum::generate_route_list`
/// of `app::App`) made beforehand. The list is the same for every router of
/// a build, and making it while a page renders elsewhere in the same
/// process can leave that render waiting forever: Leptos switches resource
/// loading off process-wide while it walks the routes (leptos issue #4773).
/// The program makes one router before it serves; the integration tests,
/// which make many in one process, make the list once and share it.
pub fn router_with_routes(state: AppState, routes: Vec<AxumRouteListing>) -> Router {
    let site = state.config.site_root.clone();
    let store = state.store.clone();
    let sessions = state.sessions.clone();
    let kept_uploads = state.uploads.clone();
    let uploads = app::importing::files::Uploads {
        dir: state.config.import_dir.clone(),
        max_mb: state.config.import_max_mb,
        outlines: state.config.country_outlines(),
    };
    let settings = state.config.site_settings();
    let base = state.config.base_path();
    let policy = std::sync::Arc::new(security::SecurityPolicy::from_config(&state.config));
    // Other sites may read the GeoJSON directly; nothing that writes is CORS-enabled.
    let api = routes::api().layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panicked)).layer(api_cors());
    let api_root = routes::api_root_with_slash()
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panicked))
        .layer(api_cors());
    let options = state.leptos_options.clone();
    let stamps = {
        let keys = state.report_keys.clone();
        app::report::StampMaker(Arc::new(move || keys.stamp(time::OffsetDateTime::now_utc().unix_timestamp())))
    };
    let queue = app::queue::Queue { reports: state.reports.clone(), keep_days: state.config.reports_keep_days };
    let error_context = {
        let (base, settings) = (base.clone(), settings.clone());
        move || {
            provide_context(base.clone());
            provide_context(settings.clone());
        }
    };
    Router::new()
        .nest("/api", api)
        .merge(api_root)
        .merge(routes::oembed::router())
        .merge(routes::feed::router().layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panicked)))
        .merge(routes::preview::router())
        .merge(routes::report::router())
        .merge(routes::report_map::router())
        .merge(routes::import::router(state.config.import_max_mb.saturating_mul(1024 * 1024)))
        .nest_service("/pkg", static_dir(site.join("pkg"), PKG_CACHE))
        .nest_service("/vendor", static_dir(site.join("vendor"), VENDOR_CACHE))
        .leptos_routes_with_context(
            &state,
            routes,
            move || {
                provide_context(store.clone());
                provide_context(sessions.clone());
                provide_context(settings.clone());
                provide_context(uploads.clone());
                provide_context(kept_uploads.clone());
                provide_context(base.clone());
                provide_context(stamps.clone());
                provide_context(queue.clone());
            },
            move || app::shell(options.clone()),
        )
        .fallback(leptos_axum::file_and_error_handler_with_context::<AppState, _>(error_context, app::shell))
        .layer(middleware::from_fn(server_fns::server_fn_input_errors))
        .layer(middleware::from_fn(redirects::honest_statuses))
        .layer(middleware::from_fn_with_state(state.clone(), page_cache::pages))
        .layer(middleware::from_fn(server_fns::fresh_form_referer))
        .layer(CompressionLayer::new().compress_when(NotEncoded))
        .layer(middleware::from_fn(conditional::vary_by_coding))
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(error::panicked))
        .layer(middleware::from_fn_with_state(policy, security::headers))
        .layer(middleware::from_fn_with_state(state.config.trusted_proxies.clone(), client_addr::layer))
        // Request logging at DEBUG (RUST_LOG=tower_http=debug shows it); a
        // failed answer at ERROR, but not a refusal the server means.
        .layer(TraceLayer::new(SharedClassifier::new(request_log::Failures)))
        .with_state(state)
}

/// Serves `config` until Ctrl-C, printing the URL it serves on.
///
/// # Errors
/// [`StartError`] when the database, the seed data or the address fails.
pub async fn serve(config: Config) -> Result<(), StartError> {
    let addr = config.listen;
    let state = open_state(config).await?;
    // Build the map's index now rather than on the first reader's request.
    let store = state.store.clone();
    tokio::spawn(async move {
        if let Err(e) = store.compact().await {
            tracing::warn!(error = %e, "could not build the map's index at start");
        }
    });
    let listener = tokio::net::TcpListener::bind(addr).await.map_err(|source| StartError::Bind { addr, source })?;
    let local = listener.local_addr().unwrap_or(addr);
    println!("rallymap is serving http://{local}/");
    axum::serve(listener, router(state).into_make_service_with_connect_info::<std::net::SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(StartError::Serve)
}
