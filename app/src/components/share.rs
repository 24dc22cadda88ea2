//! The share dialog: the permalink of the current view, and iframe code for
//! `/embed` with its display options, both under the public base URL.

use leptos::prelude::*;

use domain::embed::{embed_url, iframe_html, EmbedOptions, DEFAULT_SIZE};
use domain::permalink::Permalink;

/// Sizes offered for the iframe, in CSS pixels.
pub const SIZES: [(u32, u32); 3] = [DEFAULT_SIZE, (480, 360), (300, 250)];

/// A "Share / embed" button and its dialog.
#[component]
pub fn ShareDialog(
    /// The public base URL, e.g. `https://map.example.org`.
    base: String,
    /// The view being shared.
    permalink: Memo<Permalink>,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    let (slider, list, lock) = (RwSignal::new(true), RwSignal::new(true), RwSignal::new(false));
    let title = RwSignal::new(String::new());
    let size = RwSignal::new(DEFAULT_SIZE);
    let link = {
        let base = base.clone();
        move || format!("{base}/?{}", permalink.get().to_query())
    };
    let code = move || {
        let o = EmbedOptions {
            slider: slider.get(),
            list: list.get(),
            lock: lock.get(),
            title: Some(title.get().trim().to_owned()).filter(|t| !t.is_empty()),
        };
        let (w, h) = size.get();
        let name = o.title.clone().unwrap_or_else(|| "rallymap: reported rallies and protests".into());
        iframe_html(&embed_url(&base, &permalink.get(), &o), w, h, &name)
    };
    let open = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(d) = dialog.get() {
            let _ = d.show_modal();
        }
    };
    let close = move |_| {
        #[cfg(feature = "hydrate")]
        if let Some(d) = dialog.get() {
            d.close();
        }
    };
    let copy = move |text: String| {
        #[cfg(feature = "hydrate")]
        {
            let _ = window().navigator().clipboard().write_text(&text);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = text;
    };
    let link_for_copy = link.clone();
    let code_for_copy = code.clone();
    view! {
        <button type="button" class="share-open" on:click=open>"Share / embed"</button>
        <dialog class="share" node_ref=dialog aria-labelledby="share-heading">
            <h2 id="share-heading">"Share this view"</h2>
            <label class="share-field">
                "Link to this view"
                <input type="text" readonly class="share-link" prop:value=link/>
            </label>
            <button type="button" class="copy-link" on:click=move |_| copy(link_for_copy())>"Copy link"</button>
            <h3>"Embed it on your site"</h3>
            <fieldset class="share-options">
                <legend>"Show"</legend>
                {option("opt-slider", " the date slider", slider)}
                {option("opt-list", " the list of events", list)}
                {option("opt-lock", " only these dates (lock the window)", lock)}
                <label>
                    "Title line "
                    <input type="text" class="opt-title" maxlength="120" prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <label>
                    "Size "
                    <select class="opt-size" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = SIZES.iter().find(|(w, h)| format!("{w}x{h}") == v) {
                            size.set(*s);
                        }
                    }>
                        {SIZES
                            .iter()
                            .map(|(w, h)| view! { <option value=format!("{w}x{h}")>{format!("{w} × {h} px")}</option> })
                            .collect_view()}
                    </select>
                </label>
            </fieldset>
            <label class="share-field">
                "Embed code"
                <textarea readonly class="share-code" rows="4" prop:value=code></textarea>
            </label>
            <div class="share-actions">
                <button type="button" class="copy-code" on:click=move |_| copy(code_for_copy())>"Copy code"</button>
                <button type="button" class="share-close" on:click=close>"Close"</button>
            </div>
        </dialog>
    }
}

/// A checkbox bound to `value`.
fn option(class: &'static str, label: &'static str, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label>
            <input type="checkbox" class=class prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))/>
            {label}
        </label>
    }
}
