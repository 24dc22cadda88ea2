//! [`AppState`]: everything a request handler needs, passed explicitly.

use std::sync::Arc;

use axum::extract::FromRef;
use domain::store::SharedStore;
use leptos::config::LeptosOptions;

use crate::config::Config;

/// The server's shared state: settings, the store and Leptos's options.
#[derive(Clone)]
pub struct AppState {
    /// Settings as parsed at start.
    pub config: Arc<Config>,
    /// The event store.
    pub store: SharedStore,
    /// Editor sessions and sign-in.
    pub sessions: app::auth::SharedSessions,
    /// Editors' uploads between preview and import (in the database).
    pub uploads: app::importing::files::SharedUploads,
    /// Where the built site is and what it is called.
    pub leptos_options: LeptosOptions,
    /// Built API answers, kept per data version and query.
    pub answers: crate::answers::AnswerCache,
    /// The build being served (`page_cache::build_id`), part of the pages'
    /// validators.
    pub build_id: String,
    /// Link-preview images and the basemap they are drawn on.
    pub previews: crate::preview::Previews,
    /// Readers' reports (never public).
    pub reports: domain::store::SharedReports,
    /// The keys of the report form's defences, shared by every server of
    /// the database (`report_keys`).
    pub report_keys: crate::report_keys::ReportKeys,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(s: &AppState) -> Self {
        s.leptos_options.clone()
    }
}

impl FromRef<AppState> for SharedStore {
    fn from_ref(s: &AppState) -> Self {
        s.store.clone()
    }
}
