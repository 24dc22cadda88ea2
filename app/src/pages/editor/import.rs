//! `/editor/import` and `/editor/import/{token}`: upload → preview →
//! confirm (README, "Import and export"). The upload is a plain multipart
//! form to `/editor/import/upload` (it works without JavaScript); with
//! JavaScript it is sent with a progress bar. The preview is a GET form
//! (the mapping is in the URL, so the preview can be reloaded or shared
//! between tabs), and the import is a server function whose report is shown
//! on the same page.

use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{as_editor, editor_view, loading, EditNotice};
use crate::importing::{import_preview, ImportConfirm, Outcome, Preview};

/// The upload page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let who = Resource::new(|| (), |_| as_editor(async { Ok(()) }));
    let progress = RwSignal::new(None::<f64>);
    let failed = RwSignal::new(None::<String>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            if upload::send(&form, progress, failed).is_ok() {
                ev.prevent_default();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <Title text="Import — rallymap editor"/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(who.await, move |()| view! {
                    <main class="page import">
                        <h1>"Import events"</h1>
                        <p>"GeoJSON (a FeatureCollection or a Feature, also inside a JavaScript file), CSV separated by commas, semicolons or tabs, or an ACLED export. You choose how the columns are read on the next page; nothing is stored before you confirm."</p>
                        <form method="post" action="/editor/import/upload" enctype="multipart/form-data" class="upload" on:submit=on_submit>
                            <label for="import-file">"File"</label>
                            <input id="import-file" type="file" name="file" required accept=".geojson,.json,.csv,.tsv,.txt,.js,application/geo+json,text/csv"/>
                            <button type="submit">"Upload and preview"</button>
                        </form>
                        {move || progress.get().map(|p| {
                            let text = if p >= 1.0 { "Uploaded; reading the file…".to_owned() } else { format!("Uploading… {:.0} %", p * 100.0) };
                            view! {
                                <progress class="upload-progress" max="1" value=p aria-label="Upload"></progress>
                                <p role="status">{text}</p>
                            }
                        })}
                        {move || failed.get().map(|text| view! { <p class="notice error" role="alert">{text}</p> })}
                    </main>
                })
            })}
        </Suspense>
    }
}

/// Sending the form with a progress bar (browser only).
#[cfg(feature = "hydrate")]
mod upload {
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys;

    /// Posts `form` with `XMLHttpRequest` (fetch has no upload progress),
    /// setting `progress` from 0 to 1; on success goes to the preview it was
    /// sent to, else sets `failed` to the server's message.
    pub fn send(
        form: &web_sys::HtmlFormElement,
        progress: RwSignal<Option<f64>>,
        failed: RwSignal<Option<String>>,
    ) -> Result<(), JsValue> {
        let data = web_sys::FormData::new_with_form(form)?;
        let xhr = web_sys::XmlHttpRequest::new()?;
        xhr.open("POST", "/editor/import/upload")?;
        xhr.set_request_header("Accept", "text/plain")?;
        let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
            if e.length_computable() && e.total() > 0.0 {
                progress.set(Some(e.loaded() / e.total()));
            }
        });
        xhr.upload()?.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
        let done = xhr.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            let status = done.status().unwrap_or(0);
            let url = done.response_url();
            if status == 200 && url.contains("/editor/import/") {
                let _ = window().location().assign(&url);
            } else {
                progress.set(None);
                failed.set(Some(
                    done.response_text().ok().flatten().unwrap_or_else(|| format!("The upload failed ({status}).")),
                ));
            }
        });
        xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let on_error = Closure::<dyn FnMut()>::new(move || {
            progress.set(None);
            failed.set(Some("The upload failed: the server could not be reached.".into()));
        });
        xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        progress.set(Some(0.0));
        failed.set(None);
        xhr.send_with_opt_form_data(Some(&data))
    }
}

/// The preview page of one upload.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let confirm = ServerAction::<ImportConfirm>::new();
    let preview = Resource::new(
        move || {
            let token = params.read().get("token").unwrap_or_default();
            let q = query.read();
            let pairs: Vec<(String, String)> = q.clone().into_iter().map(|(k, v)| (k.to_string(), v)).collect();
            let qs = url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();
            (token, qs)
        },
        |(token, qs)| as_editor(import_preview(token, qs)),
    );
    view! {
        <Title text="Import preview — rallymap editor"/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(preview.await, move |p: Preview| view! { <PreviewView p confirm/> })
            })}
        </Suspense>
    }
}

#[component]
fn PreviewView(p: Preview, confirm: ServerAction<ImportConfirm>) -> impl IntoView {
    let size = format!("{:.1} KB", p.size as f64 / 1024.0);
    let head = view! {
        <h1>"Import preview"</h1>
        <p class="file"><strong dir="auto">{p.file_name.clone()}</strong> " · " {size} " · " <a href="/editor/import">"Upload another file"</a></p>
    };
    if let Some(error) = p.error.clone() {
        return view! {
            <main class="page import">
                {head}
                <p class="notice error" role="alert">{format!("This file cannot be imported: {error}")}</p>
            </main>
        }
        .into_any();
    }
    let summary = format!("{}: {} records, {} valid, {} refused.", p.format, p.records, p.valid, p.refused);
    let targets = StoredValue::new(p.targets.clone());
    let columns = p
        .columns
        .iter()
        .map(|c| {
            let name = format!("map.{}", c.name);
            let id = format!("col-{}", c.name.replace(|ch: char| !ch.is_alphanumeric(), "_"));
            let chosen = c.target.clone();
            let options = targets.with_value(|t| {
                t.iter()
                    .map(|(n, l)| view! { <option value=n.clone() selected={*n == chosen}>{l.clone()}</option> })
                    .collect_view()
            });
            view! {
                <tr>
                    <th scope="row"><label for=id.clone() dir="auto">{c.name.clone()}</label></th>
                    <td class="samples" dir="auto">{c.samples.join(" · ")}</td>
                    <td><select id=id name=name>{options}</select></td>
                </tr>
            }
        })
        .collect_view();
    let formats = p
        .date_formats
        .iter()
        .map(|(n, l)| view! { <option value=n.clone() selected={*n == p.date_format}>{l.clone()}</option> })
        .collect_view();
    let kinds = std::iter::once(("", "(none: each row names its kind)"))
        .chain(domain::event::EventKind::ALL.iter().map(|k| (k.as_str(), domain::labels::kind_label(*k))))
        .map(|(n, l)| view! { <option value=n selected={n == p.default_kind}>{l}</option> })
        .collect_view();
    let precisions = std::iter::once("")
        .chain(domain::event::GeoPrecision::ALL.iter().map(|g| g.as_str()))
        .map(|n| {
            let label = if n.is_empty() { "(none: each row gives it)" } else { n };
            view! { <option value=n selected={n == p.default_geo_precision}>{label}</option> }
        })
        .collect_view();
    let refusals = (!p.refusals.is_empty()).then(|| {
        let more = (p.refused > p.refusals.len()).then(|| view! { <li>{format!("… and {} more", p.refused - p.refusals.len())}</li> });
        view! {
            <h2>"Refused records"</h2>
            <ul class="refusals">{p.refusals.iter().map(|r| view! { <li dir="auto">{r.clone()}</li> }).collect_view()}{more}</ul>
        }
    });
    let notes = p.notes.iter().map(|n| view! { <li>{n.clone()}</li> }).collect_view();
    let samples = p
        .samples
        .iter()
        .map(|s| {
            view! {
                <tr><td>{s.position.clone()}</td><td>{s.id.clone()}</td><td dir="auto">{s.title.clone()}</td><td>{s.dates.clone()}</td><td dir="auto">{s.place.clone()}</td><td>{s.point.clone()}</td></tr>
            }
        })
        .collect_view();
    let valid = p.valid;
    let pending = confirm.pending();
    let outcome = move || {
        confirm.value().get().map(|r| match r {
            Ok(o) => view! { <OutcomeView o/> }.into_any(),
            Err(error) => view! { <EditNotice error/> }.into_any(),
        })
    };
    view! {
        <main class="page import">
            {head}
            <p class="summary" role="status">{summary}</p>
            <ul class="notes">{notes}</ul>
            <form method="get" class="mapping">
                <h2>"Columns"</h2>
                <table class="columns">
                    <thead><tr><th>"Column"</th><th>"First values"</th><th>"Import as"</th></tr></thead>
                    <tbody>{columns}</tbody>
                </table>
                <h2>"Reading"</h2>
                <p><label for="date-format">"Dates "</label><select id="date-format" name="date_format">{formats}</select></p>
                <p><label><input type="checkbox" name="decimal_comma" value="on" checked=p.decimal_comma/>" Coordinates use a decimal comma (59,3293)"</label></p>
                <p><label for="default-kind">"Kind of rows without one "</label><select id="default-kind" name="kind">{kinds}</select></p>
                <p><label for="default-geo">"Place precision of rows without one "</label><select id="default-geo" name="geo_precision">{precisions}</select></p>
                <button type="submit">"Update preview"</button>
            </form>
            {refusals}
            <h2>"First valid records"</h2>
            <table class="sample">
                <thead><tr><th>"Where"</th><th>"Id"</th><th>"Title"</th><th>"Dates"</th><th>"Place"</th><th>"Latitude, longitude"</th></tr></thead>
                <tbody>{samples}</tbody>
            </table>
            <ActionForm action=confirm attr:class="confirm">
                <h2>"Import"</h2>
                <input type="hidden" name="token" value=p.token.clone()/>
                <input type="hidden" name="query" value=p.query.clone()/>
                <p><label><input type="checkbox" name="publish" value="on"/>" Publish now (otherwise drafts)"</label></p>
                <p><label><input type="checkbox" name="valid_only" value="on"/>" Store the valid records even if others are refused"</label></p>
                <p><label><input type="checkbox" name="update_existing" value="on"/>" Update events whose id already exists"</label></p>
                <button type="submit" disabled=move || pending.get()>{format!("Import {valid} valid records")}</button>
            </ActionForm>
            {move || pending.get().then(|| view! {
                <progress class="store-progress" aria-label="Importing"></progress>
                <p role="status">{format!("Checking and storing {valid} records…")}</p>
            })}
            {outcome}
        </main>
    }
    .into_any()
}

#[component]
fn OutcomeView(o: Outcome) -> impl IntoView {
    let class = if o.stored && o.refused == 0 {
        "notice ok"
    } else if o.stored {
        "notice"
    } else {
        "notice error"
    };
    let list = (!o.refusals.is_empty())
        .then(|| view! { <ul class="refusals">{o.refusals.iter().map(|r| view! { <li dir="auto">{r.clone()}</li> }).collect_view()}</ul> });
    view! {
        <div class=class role="status" id="import-outcome">
            <p>{o.summary.clone()}</p>
            {list}
            <p><a href="/editor">"All events"</a> " · " <a href="/">"Public map"</a></p>
        </div>
    }
}

lazy_page!(
    /// `/editor/import`, lazily loaded.
    ImportRoute => ImportPage
);

lazy_page!(
    /// `/editor/import/{token}`, lazily loaded.
    ImportPreviewRoute => ImportPreviewPage
);
