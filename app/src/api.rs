//! Server functions: thin wrappers that read the store from context. The
//! logic they call is plain Rust elsewhere.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use crate::components::map::TileLayer;
use crate::event::Event;

/// What the map page loads: the public events and the basemap setting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapData {
    /// Every public event, sorted by first day then id.
    pub events: Vec<Event>,
    /// Raster tiles to draw instead of the bundled basemap, if configured.
    pub tiles: Option<TileLayer>,
}

/// The server's tile setting, provided as Leptos context. Server only.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct TileSetting(pub Option<TileLayer>);

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
fn store() -> Result<crate::store::SharedStore, AppError> {
    use_context::<crate::store::SharedStore>().ok_or(AppError::Unavailable)
}

#[cfg(feature = "ssr")]
fn unavailable(e: crate::store::StoreError) -> AppError {
    leptos::logging::error!("store: {e}");
    AppError::Unavailable
}

/// Every public event, sorted by first day then id.
///
/// # Errors
/// [`AppError::Unavailable`] when the store fails.
#[server(prefix = "/_fn", endpoint = "list_events")]
pub async fn list_events() -> Result<Vec<Event>, AppError> {
    store()?.list().await.map_err(unavailable)
}

/// The map page's data: events and the tile setting.
///
/// # Errors
/// [`AppError::Unavailable`] when the store fails.
#[server(prefix = "/_fn", endpoint = "load_map")]
pub async fn load_map() -> Result<MapData, AppError> {
    let events = store()?.list().await.map_err(unavailable)?;
    let tiles = use_context::<TileSetting>().and_then(|t| t.0);
    Ok(MapData { events, tiles })
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
