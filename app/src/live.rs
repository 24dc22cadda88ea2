//! Whether the page is live in the browser: parts that only work with
//! JavaScript (a form's map, the map's toggles, the list's handle) are
//! added once it is, so the server's page, and the browser's until it has
//! hydrated, never shows a control that does nothing.

use leptos::prelude::*;

/// `false` on the server and while the page hydrates; `true` from the first
/// effect after hydration. Reading it in a view adds the part then, without
/// a hydration mismatch.
pub fn once_live() -> ReadSignal<bool> {
    let (live, set_live) = signal(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| set_live.set(true));
    #[cfg(not(feature = "hydrate"))]
    let _ = set_live;
    live
}
