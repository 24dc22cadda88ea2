//! The share dialog: the permalink of the current view, and iframe code for
//! `/embed` with its display options, both under the public base URL.

use leptos::prelude::*;

use crate::i18n::{use_lang, Arg, Lang};
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
    let lang = use_lang();
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // The embed's language: the page's, unless the sharer picks another.
    let embed_lang = RwSignal::new(lang);
    let (slider, list, lock) = (RwSignal::new(true), RwSignal::new(true), RwSignal::new(false));
    // The reader's filters go with the embed unless the sharer says not;
    // the panel shows unless hidden (a newsroom's fixed view).
    let (keep_filters, panel) = (RwSignal::new(true), RwSignal::new(true));
    // A link to the report form only if the sharer asks for it.
    let report = RwSignal::new(false);
    let filtered = Memo::new(move |_| permalink.with(|p| p.filter != Default::default()));
    let title = RwSignal::new(String::new());
    let size = RwSignal::new(DEFAULT_SIZE);
    let link = {
        let base = base.clone();
        // A link shared from a page in another language than the default
        // opens in that language.
        let in_language = lang.query_unless_default('&');
        move || format!("{base}/?{}{in_language}", permalink.get().to_query())
    };
    let code = move || {
        let o = EmbedOptions {
            slider: slider.get(),
            list: list.get(),
            lock: lock.get(),
            title: Some(title.get().trim().to_owned()).filter(|t| !t.is_empty()),
            lang: Some(embed_lang.get()).filter(|l| *l != Lang::default()).map(Lang::tag),
            filters: panel.get(),
            report: report.get(),
        };
        let (w, h) = size.get();
        let name = o.title.clone().unwrap_or_else(|| embed_lang.get().t("site-title"));
        let mut view = permalink.get();
        if !keep_filters.get() {
            view.filter = Default::default();
        }
        iframe_html(&embed_url(&base, &view, &o), w, h, &name)
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
        <button type="button" class="share-open" on:click=open>{lang.t("share-open")}</button>
        <dialog class="share" node_ref=dialog aria-labelledby="share-heading">
            <h2 id="share-heading">{lang.t("share-heading")}</h2>
            <label class="share-field">
                {lang.t("share-link")}
                <input type="text" readonly class="share-link" dir="ltr" prop:value=link/>
            </label>
            <button type="button" class="copy-link" on:click=move |_| copy(link_for_copy())>{lang.t("copy-link")}</button>
            <h3>{lang.t("embed-heading")}</h3>
            <fieldset class="share-options">
                <legend>{lang.t("embed-show")}</legend>
                {option("opt-slider", lang.t("embed-slider"), slider)}
                {option("opt-list", lang.t("embed-list"), list)}
                {option("opt-lock", lang.t("embed-lock"), lock)}
                {option("opt-panel", lang.t("embed-filter-panel"), panel)}
                {option("opt-report", lang.t("embed-report"), report)}
                {move || filtered.get().then(|| option("opt-filters", lang.t("embed-with-filters"), keep_filters))}
                <label>
                    {lang.t("embed-title")} " "
                    <input type="text" class="opt-title" maxlength="120" dir="auto" prop:value=move || title.get()
                        on:input=move |ev| title.set(event_target_value(&ev))/>
                </label>
                <label>
                    {lang.t("language")} " "
                    <select class="opt-lang" on:change=move |ev| {
                        if let Some(l) = Lang::parse(&event_target_value(&ev)) {
                            embed_lang.set(l);
                        }
                    }>
                        {Lang::all()
                            .into_iter()
                            .map(|l| view! { <option value=l.tag() selected=l == lang lang=l.tag()>{l.name()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {lang.t("embed-size")} " "
                    <select class="opt-size" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = SIZES.iter().find(|(w, h)| format!("{w}x{h}") == v) {
                            size.set(*s);
                        }
                    }>
                        {SIZES
                            .iter()
                            .map(|(w, h)| {
                                let size = [("width", Arg::Number((*w).into())), ("height", Arg::Number((*h).into()))];
                                view! { <option value=format!("{w}x{h}")>{lang.t_with("embed-size-px", &size)}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
            </fieldset>
            <label class="share-field">
                {lang.t("embed-code")}
                <textarea readonly class="share-code" rows="4" dir="ltr" prop:value=code></textarea>
            </label>
            <div class="share-actions">
                <button type="button" class="copy-code" on:click=move |_| copy(code_for_copy())>{lang.t("copy-code")}</button>
                <button type="button" class="share-close" on:click=close>{lang.t("close")}</button>
            </div>
        </dialog>
    }
}

/// A checkbox bound to `value`.
fn option(class: &'static str, label: String, value: RwSignal<bool>) -> impl IntoView {
    view! {
        <label>
            <input type="checkbox" class=class prop:checked=move || value.get()
                on:change=move |ev| value.set(event_target_checked(&ev))/>
            " "
            {label}
        </label>
    }
}
