//! Server functions: thin wrappers that read the store from context. The
//! logic they call is plain Rust elsewhere.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use domain::event::Event;
use domain::tiles::TileLayer;

/// What the map page loads: the public events and the basemap setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    /// Every public event, sorted by first day then id.
    pub events: Vec<Event>,
    /// Raster tiles to draw instead of the bundled basemap, if configured.
    pub tiles: Option<TileLayer>,
    /// The public base URL for links and embed code (an origin, no
    /// trailing slash): the setting, else from the request's `Host`.
    pub base_url: String,
}

/// The server's settings that pages need, provided as Leptos context.
/// Server only.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct SiteSettings {
    /// `RALLYMAP_TILE_URL` and its attribution.
    pub tiles: Option<TileLayer>,
    /// `RALLYMAP_PUBLIC_URL`.
    pub public_url: Option<String>,
    /// The listen address, the base URL's last resort.
    pub listen: String,
}

/// What a server function can fail with, as it crosses the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The store failed; details are in the server log, not here.
    #[error("the event store is unavailable")]
    Unavailable,
    /// The request or response itself failed (network, encoding).
    #[error(transparent)]
    ServerFn(#[from] ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
fn store() -> Result<domain::store::SharedStore, AppError> {
    use_context::<domain::store::SharedStore>().ok_or(AppError::Unavailable)
}

#[cfg(feature = "ssr")]
fn unavailable(e: domain::store::StoreError) -> AppError {
    leptos::logging::error!("store: {e}");
    AppError::Unavailable
}

/// The map page's data: events and the tile setting.
///
/// # Errors
/// [`AppError::Unavailable`] when the store fails.
#[server(prefix = "/_fn", endpoint = "load_map")]
pub async fn load_map() -> Result<MapData, AppError> {
    let events = store()?.list().await.map_err(unavailable)?;
    let settings = use_context::<SiteSettings>().unwrap_or_default();
    let host = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::HOST).and_then(|h| h.to_str().ok().map(str::to_owned)));
    let base_url = domain::embed::base_url(settings.public_url.as_deref(), host.as_deref(), &settings.listen);
    Ok(MapData { events, tiles: settings.tiles, base_url })
}

/// One public event by id, or `None`.
///
/// # Errors
/// [`AppError::Unavailable`] when the store fails.
#[server(prefix = "/_fn", endpoint = "get_event")]
pub async fn get_event(
    /// The event's id.
    id: String,
) -> Result<Option<Event>, AppError> {
    store()?.get(&id).await.map_err(unavailable)
}

/// The raster tile setting (`RALLYMAP_TILE_URL`), for maps other than the
/// reader's (the event form's); `None` means the bundled basemap.
///
/// # Errors
/// Only transport errors.
#[server(prefix = "/_fn", endpoint = "tile_setting")]
pub async fn tile_setting() -> Result<Option<TileLayer>, AppError> {
    Ok(use_context::<SiteSettings>().unwrap_or_default().tiles)
}
