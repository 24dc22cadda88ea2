//! `/embed`: the map for other sites' iframes. The same permalink parameters
//! as `/`, plus `slider=0`, `list=0`, `lock=1`, `filters=0`, `report=1`
//! (a link to `/report`, off by default), `title=...` and `lang=...`; no
//! editor links; links open in a new tab so the host page is never
//! navigated.

use leptos::prelude::*;

use super::home::{embed_options_from_query, map_page};

/// The embed page.
#[component]
pub fn EmbedPage() -> impl IntoView {
    map_page(Some(embed_options_from_query()))
}
