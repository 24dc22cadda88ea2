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

use super::{as_editor, editor_view, loading, page_title, EditNotice};
use crate::components::action_form::ActionForm;
use crate::i18n::{use_lang, Arg, Lang};
use crate::importing::{import_preview, ImportConfirm, Outcome, Preview};
use domain::field::Field;

/// The upload page.
#[component]
pub fn ImportPage() -> impl IntoView {
    let who = Resource::new(|| (), |_| as_editor(async { Ok(()) }));
    let progress = RwSignal::new(None::<f64>);
    let failed = RwSignal::new(None::<String>);
    let lang = use_lang();
    // The running upload's request and handlers: dropped (the request
    // aborted) when another upload starts or the page goes away.
    #[cfg(feature = "hydrate")]
    let running = StoredValue::new_local(None::<upload::Running>);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            use leptos::wasm_bindgen::JsCast;
            let Some(form) = ev.target().and_then(|t| t.dyn_into::<leptos::web_sys::HtmlFormElement>().ok()) else {
                return;
            };
            if let Ok(sent) = upload::send(&form, progress, failed, lang) {
                running.update_value(|r| *r = Some(sent));
                ev.prevent_default();
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = ev;
    };
    view! {
        <Title text=page_title(lang, &lang.t("ed-import"))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(who.await, move |()| view! {
                    <main class="page import">
                        <h1>{lang.t("im-title")}</h1>
                        <p>{lang.t("im-intro")}</p>
                        <form method="post" action=crate::base::href("/editor/import/upload") enctype="multipart/form-data" class="upload" on:submit=on_submit>
                            <label for="import-file">{lang.t("im-file")}</label>
                            <input id="import-file" type="file" name="file" required accept=".geojson,.json,.csv,.tsv,.txt,.js,application/geo+json,text/csv"/>
                            <button type="submit">{lang.t("im-upload")}</button>
                        </form>
                        {move || progress.get().map(|p| {
                            let text = if p >= 1.0 {
                                lang.t("im-uploaded")
                            } else {
                                lang.t_with("im-uploading", &[("percent", Arg::Number((p * 100.0).round() as i64))])
                            };
                            view! {
                                <progress class="upload-progress" max="1" value=p aria-label=lang.t("im-upload-label")></progress>
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
mod upload;

/// The preview page of one upload.
#[component]
pub fn ImportPreviewPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let confirm = ServerAction::<ImportConfirm>::new();
    let lang = use_lang();
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
        <Title text=page_title(lang, &lang.t("im-preview"))/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(preview.await, move |p: Preview| view! { <PreviewView p confirm/> })
            })}
        </Suspense>
    }
}

#[component]
fn PreviewView(p: Preview, confirm: ServerAction<ImportConfirm>) -> impl IntoView {
    let lang = use_lang();
    let size = lang.digits(&format!("{:.1} KB", p.size as f64 / 1024.0));
    let head = view! {
        <h1>{lang.t("im-preview")}</h1>
        <p class="file"><strong dir="auto">{p.file_name.clone()}</strong> " · " {size} " · " <a href=crate::base::href("/editor/import")>{lang.t("im-another")}</a></p>
    };
    if let Some(error) = p.error.clone() {
        return view! {
            <main class="page import">
                {head}
                <p class="notice error" role="alert">{lang.t_with("im-cannot", &[("error", Arg::Code(&error))])}</p>
            </main>
        }
        .into_any();
    }
    let count = |n: usize| Arg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    let summary = lang.t_with(
        "im-summary",
        &[
            ("format", Arg::Code(&p.format)),
            ("records", count(p.records)),
            ("valid", count(p.valid)),
            ("refused", count(p.refused)),
        ],
    );
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
                    .map(|(n, l)| view! { <option value=n.clone() selected={*n == chosen} lang="en">{l.clone()}</option> })
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
        .map(|(n, l)| view! { <option value=n.clone() selected={*n == p.date_format} lang="en">{l.clone()}</option> })
        .collect_view();
    let kinds = std::iter::once(("", lang.t("im-no-default-kind")))
        .chain(domain::event::EventKind::ALL.iter().map(|k| (k.as_str(), lang.kind(*k))))
        .map(|(n, l)| view! { <option value=n selected={n == p.default_kind}>{l}</option> })
        .collect_view();
    let precisions = std::iter::once("")
        .chain(domain::event::GeoPrecision::ALL.iter().map(|g| g.as_str()))
        .map(|n| {
            let label = if n.is_empty() { lang.t("im-no-default-geo") } else { n.to_owned() };
            view! { <option value=n selected={n == p.default_geo_precision}>{label}</option> }
        })
        .collect_view();
    let refusals = (!p.refusals.is_empty()).then(|| {
        let more = (p.refused > p.refusals.len()).then(|| {
            let n = (p.refused - p.refusals.len()) as i64;
            view! { <li>{lang.t_with("im-more", &[("count", Arg::Number(n))])}</li> }
        });
        view! {
            <h2>{lang.t("im-refused")}</h2>
            <ul class="refusals" lang="en">{p.refusals.iter().map(|r| view! { <li dir="auto">{r.clone()}</li> }).collect_view()}{more}</ul>
        }
    });
    let notes = p.notes.iter().map(|n| view! { <li dir="auto">{n.clone()}</li> }).collect_view();
    let setup =
        p.setup_error.clone().map(|e| view! { <p class="notice error" role="alert" lang="en" dir="auto">{e}</p> });
    let defaults = view! { <Defaults p=p.clone()/> };
    let confirm_boxes = view! { <Confirmations p=p.clone()/> };
    let samples = p
        .samples
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <td lang="en" dir="auto">{s.position.clone()}</td><td dir="ltr">{s.id.clone()}</td><td dir="auto">{s.title.clone()}</td>
                    <td lang="en" dir="auto">{s.dates.clone()}</td><td dir="auto">{s.place.clone()}</td><td dir="ltr">{s.point.clone()}</td>
                </tr>
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
            {setup}
            <p class="summary" role="status">{summary}</p>
            // The server's own words (the same the command line prints) are
            // English in every language (README, "Languages").
            <ul class="notes" lang="en">{notes}</ul>
            {(!p.sync_lines.is_empty()).then(|| view! {
                <h2>{lang.t("im-sync-preview")}</h2>
                <ul class="sync" lang="en">{p.sync_lines.iter().map(|n| view! { <li dir="auto">{n.clone()}</li> }).collect_view()}</ul>
            })}
            <form method="get" class="mapping">
                <h2>{lang.t("im-columns")}</h2>
                <table class="columns">
                    <thead><tr><th>{lang.t("im-column")}</th><th>{lang.t("im-first-values")}</th><th>{lang.t("im-import-as")}</th></tr></thead>
                    <tbody>{columns}</tbody>
                </table>
                <h2>{lang.t("im-reading")}</h2>
                <p><label for="date-format">{lang.t("im-dates")} " "</label><select id="date-format" name="date_format">{formats}</select></p>
                <p><label><input type="checkbox" name="decimal_comma" value="on" checked=p.decimal_comma/>" " {lang.t_with("im-decimal-comma", &[("example", Arg::Code("59,3293"))])}</label></p>
                <p><label><input type="checkbox" name="sync" value="on" checked=p.sync/>" " {lang.t("im-sync")}</label></p>
                <p><label for="default-kind">{lang.t("im-default-kind")} " "</label><select id="default-kind" name="kind">{kinds}</select></p>
                <p><label for="default-geo">{lang.t("im-default-geo")} " "</label><select id="default-geo" name="geo_precision">{precisions}</select></p>
                {defaults}
                {confirm_boxes}
                <button type="submit">{lang.t("im-update")}</button>
            </form>
            {refusals}
            <h2>{lang.t("im-first-valid")}</h2>
            <table class="sample">
                <thead><tr>
                    <th>{lang.t("im-where")}</th><th>{lang.field(Field::Id)}</th><th>{lang.field(Field::Title)}</th>
                    <th>{lang.t("ed-col-dates")}</th><th>{lang.t("ed-col-place")}</th><th>{lang.t("im-latlon")}</th>
                </tr></thead>
                <tbody>{samples}</tbody>
            </table>
            <ActionForm action=confirm attr:class="confirm">
                <h2>{lang.t("ed-import")}</h2>
                <input type="hidden" name="token" value=p.token.clone()/>
                <input type="hidden" name="query" value=p.query.clone()/>
                <p><label><input type="checkbox" name="publish" value="on"/>" " {lang.t("im-publish")}</label></p>
                <p><label><input type="checkbox" name="valid_only" value="on"/>" " {lang.t("im-valid-only")}</label></p>
                <p><label><input type="checkbox" name="update_existing" value="on"/>" " {lang.t("im-update-existing")}</label></p>
                // Nothing to import: the button says so and cannot be pressed.
                <button type="submit" disabled=move || valid == 0 || pending.get()>{count_text(lang, "im-confirm", valid)}</button>
            </ActionForm>
            {move || pending.get().then(|| view! {
                <progress class="store-progress" aria-label=lang.t("im-importing")></progress>
                <p role="status">{count_text(lang, "im-storing", valid)}</p>
            })}
            {outcome}
        </main>
    }
    .into_any()
}

/// The source and the country of records without one (README, "Import and
/// export"): fields of the preview's form.
#[component]
fn Defaults(p: Preview) -> impl IntoView {
    let lang = use_lang();
    let from = |v: &str| p.country_from == v;
    view! {
        <p>
            <label for="source-name">{lang.t("im-source-name")} " "</label>
            <input id="source-name" type="text" name="source_name" dir="auto" value=p.source_name.clone() aria-describedby="source-hint"/>
        </p>
        <p>
            <label for="source-url">{lang.t("im-source-url")} " "</label>
            <input id="source-url" type="url" name="source_url" dir="ltr" value=p.source_url.clone() aria-describedby="source-hint"/>
        </p>
        <p class="hint" id="source-hint">{lang.t("im-source-hint")}</p>
        <fieldset class="country-default" aria-describedby="country-hint">
            <legend>{lang.t("im-country")}</legend>
            <p><label><input type="radio" name="country_from" value="none" checked=from("none")/>" " {lang.t("im-country-none")}</label></p>
            <p>
                <label><input type="radio" name="country_from" value="code" checked=from("code")/>" " {lang.t("im-country-code")}</label>
                " "
                <label for="default-country">{lang.t_with("im-country-code-label", &[("standard", Arg::Code("ISO 3166-1"))])} " "</label>
                <input id="default-country" type="text" name="country" class="short" size="3" dir="ltr" value=p.country_code.clone()/>
            </p>
            <p><label><input type="radio" name="country_from" value="point" checked=from("point")/>" " {lang.t("im-country-point")}</label></p>
            <p class="hint" id="country-hint">{lang.t_with("im-country-hint", &[("km", Arg::Number(i64::from(p.border_km)))])}</p>
        </fieldset>
    }
}

/// What the editor confirms: proposed countries near a border, dates
/// outside the usual years. Shown when the file has such records (or the
/// editor already confirmed them).
#[component]
fn Confirmations(p: Preview) -> impl IntoView {
    let lang = use_lang();
    let count = |n: usize| Arg::Number(i64::try_from(n).unwrap_or(i64::MAX));
    let border = (p.border > 0 || p.accept_border).then(|| {
        let text = lang.t_with("im-accept-border", &[("count", count(p.border)), ("km", Arg::Number(i64::from(p.border_km)))]);
        view! { <p><label><input type="checkbox" name="accept_border" value="on" checked=p.accept_border/>" " {text}</label></p> }
    });
    let dates = (p.unusual_dates > 0 || p.accept_dates).then(|| {
        let text = lang.t_with(
            "im-accept-dates",
            &[
                ("count", count(p.unusual_dates)),
                ("earliest", Arg::Number(i64::from(p.earliest_year))),
                ("latest", Arg::Number(i64::from(p.latest_year))),
            ],
        );
        view! { <p><label><input type="checkbox" name="accept_dates" value="on" checked=p.accept_dates/>" " {text}</label></p> }
    });
    let any = border.is_some() || dates.is_some();
    any.then(|| view! { <h2>{lang.t("im-to-confirm")}</h2> {border} {dates} })
}

#[component]
fn OutcomeView(o: Outcome) -> impl IntoView {
    let lang = use_lang();
    let class = if o.stored && o.refused == 0 {
        "notice ok"
    } else if o.stored {
        "notice"
    } else {
        "notice error"
    };
    let list = (!o.refusals.is_empty())
        .then(|| view! { <ul class="refusals" lang="en">{o.refusals.iter().map(|r| view! { <li dir="auto">{r.clone()}</li> }).collect_view()}</ul> });
    view! {
        <div class=class role="status" id="import-outcome">
            <p lang="en" dir="auto">{o.summary.clone()}</p>
            {list}
            <p><a href=crate::base::href("/editor")>{lang.t("ed-all-events")}</a> " · " <a href=crate::base::href("/")>{lang.t("ed-public-map")}</a></p>
        </div>
    }
}

/// The message `key` with a count of records.
fn count_text(lang: Lang, key: &str, count: usize) -> String {
    lang.t_with(key, &[("count", Arg::Number(i64::try_from(count).unwrap_or(i64::MAX)))])
}

lazy_page!(
    /// `/editor/import`, lazily loaded.
    ImportRoute => ImportPage
);

lazy_page!(
    /// `/editor/import/{token}`, lazily loaded.
    ImportPreviewRoute => ImportPreviewPage
);
