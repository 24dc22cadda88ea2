//! One module per page.

pub mod editor;
pub mod embed;
pub mod event;
pub mod home;
pub mod login;

use leptos::prelude::*;

/// The page for an unknown path or id; answers with HTTP 404.
#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(http::StatusCode::NOT_FOUND);
    }
    view! {
        <main class="page">
            <h1>"Not found"</h1>
            <p>"There is nothing here. " <a href="/">"Back to the map"</a></p>
        </main>
    }
}
