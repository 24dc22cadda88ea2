//! Server functions: thin wrappers that read the store from context. The
//! logic they call is plain Rust elsewhere.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use crate::event::Event;

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
