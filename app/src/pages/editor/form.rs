//! The event form: `/editor/new` and `/editor/events/{id}`.
//!
//! A Leptos `ActionForm` on [`save_event`](crate::editing::save_event), so it
//! also works as a plain form post without JavaScript. Every field of
//! DESIGN.md's event table; the point is set by clicking the map, dragging
//! its pin or typing longitude and latitude. With JavaScript, the same
//! [`check`](crate::editing::check) the server runs shows each error next to
//! its field as the editor leaves it, and on submit. A refused save stores
//! nothing and shows the form again as typed (without JavaScript too: the
//! refusal carries what was typed back through the redirect).

use leptos::html;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use super::{action_error, as_editor, editor_view, loading, utc_minute, EditNotice, RemoveOrRestore};
use crate::api::tile_setting;
use crate::components::location_picker::LocationPicker;
use crate::editing::{editor_event, DeleteEvent, EditError, RestoreEvent, SaveEvent, Typed};
use domain::changes::{changed_fields, field_text, label};
use domain::event::{DatePrecision, EventInput, EventKind, GeoPrecision, SourceInput, Violation};
use domain::labels::{geo_precision_note, kind_label};
use domain::store::{Revision, Status};
use domain::tiles::TileLayer;

/// `/editor/new`.
#[component]
pub fn NewEventPage() -> impl IntoView {
    let tiles = Resource::new(|| (), |_| as_editor(async { Ok(tile_setting().await.ok().flatten()) }));
    view! {
        <Title text="New event — rallymap editor"/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                editor_view(tiles.await, |tiles| {
                    let input = EventInput {
                        kind: EventKind::Rally.as_str().into(),
                        date_precision: DatePrecision::Exact.as_str().into(),
                        geo_precision: GeoPrecision::City.as_str().into(),
                        ..Default::default()
                    };
                    view! {
                        <main class="page wide">
                            <h1>"New event"</h1>
                            <EventForm typed=Typed { input, status: Status::Draft.as_str().into(), version: None } tiles/>
                        </main>
                    }
                })
            })}
        </Suspense>
    }
}

/// `/editor/events/{id}`.
#[component]
pub fn EditEventPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let remove = ServerAction::<DeleteEvent>::new();
    let restore = ServerAction::<RestoreEvent>::new();
    let data = Resource::new(
        move || {
            let id = params.read().get("id").unwrap_or_default();
            (id, query.read().get("saved"), remove.version().get(), restore.version().get())
        },
        |(id, ..)| as_editor(async move { Ok((editor_event(id).await?, tile_setting().await.ok().flatten())) }),
    );
    view! {
        <Title text="Edit event — rallymap editor"/>
        <Suspense fallback=loading>
            {move || Suspend::new(async move {
                let saved = query.read_untracked().get("saved").and_then(|v| v.parse::<i64>().ok());
                editor_view(data.await, move |(r, tiles): (Revision, Option<TileLayer>)| {
                    let typed = Typed { input: r.event.to_input(), status: r.status.as_str().into(), version: Some(r.version) };
                    view! {
                        <Title text=format!("Edit “{}” — rallymap editor", r.event.title)/>
                        <main class="page wide">
                            <EditHead r=r.clone() saved remove restore/>
                            <EventForm typed tiles/>
                        </main>
                    }
                })
            })}
        </Suspense>
    }
}

/// The edit page's heading: status, version, last change, links, the saved
/// notice, and the remove/restore button.
#[component]
fn EditHead(
    r: Revision,
    saved: Option<i64>,
    remove: ServerAction<DeleteEvent>,
    restore: ServerAction<RestoreEvent>,
) -> impl IntoView {
    let id = r.event.id.clone();
    let public = r.status == Status::Published && !r.deleted;
    let state = match (r.deleted, r.status) {
        (true, _) => "Removed: not on the public map or API",
        (false, Status::Draft) => "Draft: only editors see it",
        (false, Status::Published) => "Published: on the public map and API",
    };
    let last = format!(
        "Id {} · version {} · last changed {} by {}",
        r.event.id,
        r.version,
        r.event.updated_at.map(utc_minute).unwrap_or_default(),
        r.updated_by.clone().unwrap_or_else(|| "seed data".into())
    );
    let saved_note = (saved == Some(r.version)).then(|| {
        let text = if public { "Saved. It is on the public map now." } else { "Saved." };
        view! { <p class="notice ok" role="status">{text}</p> }
    });
    let failed = action_error(remove, restore);
    let toggle = view! { <RemoveOrRestore id=id.clone() version=r.version deleted=r.deleted remove restore/> };
    view! {
        <div class="list-head">
            <h1>"Edit event"</h1>
            {toggle}
        </div>
        {saved_note}
        {failed}
        <p class="state" class:removed=r.deleted><strong>{state}</strong> " · " {last}</p>
        <p class="links">
            <a href=format!("/editor/events/{id}/history")>"History"</a>
            {public.then(|| view! {
                " · " <a href=format!("/events/{id}")>"Public page"</a>
                " · " <a href=format!("/?event={id}")>"On the map"</a>
            })}
        </p>
    }
}

/// How a refused save is shown: the violations, or a conflict with what the
/// other editor saved.
#[derive(Debug, Clone, Default, PartialEq)]
struct Refusal {
    violations: Vec<Violation>,
    conflict: Option<Conflict>,
    other: Option<EditError>,
}

/// Someone else saved first.
#[derive(Debug, Clone, PartialEq)]
struct Conflict {
    /// Who saved, and the version they made.
    who: String,
    version: i64,
    /// `(label, their value)` of each field where their version differs
    /// from what this editor submitted.
    differences: Vec<(&'static str, String)>,
}

impl Refusal {
    fn from_error(e: &EditError) -> Self {
        match e {
            EditError::Invalid { violations, .. } => Self { violations: violations.0.clone(), ..Default::default() },
            EditError::Conflict { theirs, typed, .. } => {
                let Some(theirs) = theirs else { return Self { other: Some(e.clone()), ..Default::default() } };
                let mine = typed.as_ref().and_then(|t| Some((t.input.validate().ok()?, Status::parse(&t.status)?)));
                let differences = match mine {
                    Some((event, status)) => changed_fields((&event, status), (&theirs.event, theirs.status))
                        .into_iter()
                        .map(|f| (label(f), field_text(&theirs.event, theirs.status, f)))
                        .collect(),
                    None => Vec::new(),
                };
                let who = theirs.updated_by.clone().unwrap_or_else(|| "someone".into());
                Self { conflict: Some(Conflict { who, version: theirs.version, differences }), ..Default::default() }
            }
            other => Self { other: Some(other.clone()), ..Default::default() },
        }
    }
}

/// An error message as a sentence under its field: `("Title", "is
/// required")` → `"Title is required"`; a message that names its own
/// subject is only capitalised (`"longitude is required"` → `"Longitude is
/// required"`).
pub fn sentence(label: &str, message: &str) -> String {
    // The rules name fields as the API does; the form calls this one "First day".
    let message = message.replace("date_start", "the first day");
    let message = message.as_str();
    if message.starts_with("is ") || message.starts_with("must ") || message.starts_with('"') {
        format!("{label} {message}")
    } else {
        let mut c = message.chars();
        c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
    }
}

/// Whether a violation's field belongs to the form field `key`:
/// the same name, or an item of it (`tags` owns `tags[2]`).
pub fn belongs(violation_field: &str, key: &str) -> bool {
    violation_field == key || violation_field.strip_prefix(key).is_some_and(|rest| rest.starts_with('['))
}

/// The form field (violation name) of an input's `name` attribute:
/// `input[title]` → `title`, `input[lon]` → `geometry`,
/// `input[sources][2][url]` → `sources[2].url`, `status` → `status`.
pub fn field_of(input_name: &str) -> String {
    let Some(inner) = input_name.strip_prefix("input[") else { return input_name.to_owned() };
    let parts: Vec<&str> = inner.trim_end_matches(']').split("][").collect();
    match parts.as_slice() {
        ["lon" | "lat"] => "geometry".into(),
        ["sources", i, part] => format!("sources[{i}].{part}"),
        [one] => (*one).to_owned(),
        more => more.join("."),
    }
}

/// The id of the input that shows field `key`, for labels and the error
/// summary's links.
pub fn input_id(key: &str) -> String {
    match key {
        "geometry" => "f-lon".into(),
        "status" => "f-status-draft".into(),
        k if k.starts_with("tags") => "f-tags".into(),
        k => format!("f-{}", k.replace(['[', ']', '.'], "-").replace("--", "-").trim_end_matches('-')),
    }
}

/// Every message for the form field `key`, as sentences.
fn messages(violations: &[Violation], key: &str, label: &str) -> Option<String> {
    let found: Vec<String> =
        violations.iter().filter(|v| belongs(&v.field, key)).map(|v| sentence(label, &v.message)).collect();
    (!found.is_empty()).then(|| found.join("\n"))
}

/// One source row as the form keeps it: a stable key for the list and the
/// typed values it started with.
type SourceRow = (u32, SourceInput);

/// The form itself.
#[component]
fn EventForm(
    /// Where the fields start: the stored event, or a new one's defaults.
    typed: Typed,
    /// Raster tiles for the map, if configured.
    tiles: Option<TileLayer>,
) -> impl IntoView {
    let action = ServerAction::<SaveEvent>::new();
    // A form posted without JavaScript comes back through a redirect with
    // what was typed and why it was refused: show exactly that.
    let returned = action.value().get_untracked().and_then(Result::err);
    let typed = match &returned {
        Some(EditError::Invalid { typed: Some(t), .. }) => (**t).clone(),
        Some(EditError::Conflict { typed: Some(t), theirs, .. }) => {
            Typed { version: theirs.as_ref().map(|r| r.version).or(t.version), ..(**t).clone() }
        }
        _ => typed,
    };
    let refusal = RwSignal::new(returned.as_ref().map(Refusal::from_error).unwrap_or_default());
    let version = RwSignal::new(typed.version);
    Effect::new(move |_| {
        if let Some(Err(e)) = action.value().get() {
            let r = Refusal::from_error(&e);
            if let Some(c) = &r.conflict {
                // Saving again now replaces their version, knowingly.
                version.set(Some(c.version));
            }
            refusal.set(r);
        }
    });
    let errors = Memo::new(move |_| refusal.read().violations.clone());
    let i = typed.input;
    let updating = typed.version.is_some();
    let lon = RwSignal::new(i.lon.clone());
    let lat = RwSignal::new(i.lat.clone());
    let country = RwSignal::new(i.country_code.clone());
    // Without JavaScript there is no "Add a source": a spare empty row (hidden
    // once the page is live) lets an editor add one more per save.
    let mut start_rows: Vec<SourceInput> = i.sources.clone();
    if start_rows.last().is_none_or(|s| !(s.name.trim().is_empty() && s.url.trim().is_empty())) {
        start_rows.push(SourceInput::default());
    }
    let spare = (start_rows.len() > 1).then(|| start_rows.len() as u32 - 1);
    let next_key = StoredValue::new(start_rows.len() as u32);
    let rows =
        RwSignal::new(start_rows.into_iter().enumerate().map(|(k, s)| (k as u32, s)).collect::<Vec<SourceRow>>());
    let form = NodeRef::<html::Form>::new();
    #[cfg(feature = "hydrate")]
    client::check_as_you_go(form, refusal);

    let msg = move |key: &'static str| move || messages(&errors.read(), key, label(key));
    let invalid =
        move |key: &'static str| move || errors.read().iter().any(|v| belongs(&v.field, key)).then_some("true");
    let described = |key: &str| format!("{}-error", input_id(key));
    let country_name = move || {
        let code = country.get().trim().to_ascii_uppercase();
        isocountry::CountryCode::for_alpha2(&code).map(|c| c.name().to_owned()).unwrap_or_default()
    };
    let status = Status::parse(&typed.status).unwrap_or(Status::Draft);

    view! {
        <ActionForm action node_ref=form attr:class="event-form" attr:novalidate=true>
            <ErrorSummary refusal/>
            <div class="form-columns">
                <div class="form-fields">
                    {if updating {
                        view! { <input type="hidden" name="input[id]" value=i.id.clone()/> }.into_any()
                    } else {
                        view! {
                            <Field key="id" label="Id" msg=msg("id")
                                hint="Optional. Made from the date and place when left empty, e.g. 2020-01-18-stockholm. It cannot be changed later.">
                                <input type="text" id="f-id" name="input[id]" value=i.id.clone() autocomplete="off"
                                    aria-invalid=invalid("id") aria-describedby=described("id")/>
                            </Field>
                        }
                        .into_any()
                    }}
                    <Field key="title" label="Title" msg=msg("title")>
                        <input type="text" id="f-title" name="input[title]" value=i.title.clone() required
                            aria-invalid=invalid("title") aria-describedby=described("title")/>
                    </Field>
                    <Field key="kind" label="Kind" msg=msg("kind")>
                        <select id="f-kind" name="input[kind]" aria-invalid=invalid("kind") aria-describedby=described("kind")>
                            {EventKind::ALL.iter().map(|k| {
                                view! { <option value=k.as_str() selected=i.kind == k.as_str()>{kind_label(*k)}</option> }
                            }).collect_view()}
                        </select>
                    </Field>
                    <div class="field-row">
                        // Text, not `type="date"`: a date input hands the
                        // server an empty value for a day that does not exist
                        // (29 February 2023), which would read as "one-day
                        // event" or "missing"; text reaches the check as typed.
                        <Field key="date_start" label="First day" msg=msg("date_start") hint="The day it happened or began, as YYYY-MM-DD.">
                            <input type="text" id="f-date_start" name="input[date_start]" value=i.date_start.clone() required
                                placeholder="YYYY-MM-DD" autocomplete="off" spellcheck="false" size="12"
                                aria-invalid=invalid("date_start") aria-describedby=described("date_start")/>
                        </Field>
                        <Field key="date_end" label="Last day" msg=msg("date_end") hint="YYYY-MM-DD; empty for a one-day event.">
                            <input type="text" id="f-date_end" name="input[date_end]" value=i.date_end.clone()
                                placeholder="YYYY-MM-DD" autocomplete="off" spellcheck="false" size="12"
                                aria-invalid=invalid("date_end") aria-describedby=described("date_end")/>
                        </Field>
                    </div>
                    <fieldset class="field choice" class:invalid=move || msg("date_precision")().is_some()>
                        <legend>"Date precision"</legend>
                        <label>
                            <input type="radio" id="f-date_precision" name="input[date_precision]" value="exact"
                                checked=i.date_precision == "exact"/>
                            " Exact: it happened on every day of the range"
                        </label>
                        <label>
                            <input type="radio" name="input[date_precision]" value="approximate"
                                checked=i.date_precision == "approximate"/>
                            " Approximate: the source gives no exact date; some day of the range"
                        </label>
                        <p class="field-error" id=described("date_precision")>{msg("date_precision")}</p>
                    </fieldset>
                    <Field key="location_name" label="Place, as reported" msg=msg("location_name")
                        hint="e.g. “outside the White House, Washington, D.C.”">
                        <input type="text" id="f-location_name" name="input[location_name]" value=i.location_name.clone() required
                            aria-invalid=invalid("location_name") aria-describedby=described("location_name")/>
                    </Field>
                    <Field key="country_code" label="Country code" msg=msg("country_code") hint="ISO 3166-1 alpha-2, e.g. SE, US, NL.">
                        <span class="with-note">
                            <input type="text" id="f-country_code" name="input[country_code]" class="short" size="3"
                                autocapitalize="characters" autocomplete="off" required
                                value=i.country_code.clone() prop:value=move || country.get()
                                on:input=move |ev| country.set(event_target_value(&ev))
                                aria-invalid=invalid("country_code") aria-describedby=described("country_code")/>
                            <span class="country-name" aria-live="polite">{country_name}</span>
                        </span>
                    </Field>
                    <fieldset class="field point" class:invalid=move || msg("geometry")().is_some()>
                        <legend>"Point (WGS 84, degrees)"</legend>
                        <p class="hint">"Click the map, drag the pin, or type: longitude east positive, latitude north positive; a dot or a comma before the decimals."</p>
                        <div class="field-row">
                            <label>
                                "Longitude"
                                <input type="text" id="f-lon" name="input[lon]" inputmode="decimal" autocomplete="off" required
                                    value=i.lon.clone() prop:value=move || lon.get() on:input=move |ev| lon.set(event_target_value(&ev))
                                    aria-invalid=invalid("geometry") aria-describedby=described("geometry")/>
                            </label>
                            <label>
                                "Latitude"
                                <input type="text" id="f-lat" name="input[lat]" inputmode="decimal" autocomplete="off" required
                                    value=i.lat.clone() prop:value=move || lat.get() on:input=move |ev| lat.set(event_target_value(&ev))
                                    aria-invalid=invalid("geometry") aria-describedby=described("geometry")/>
                            </label>
                        </div>
                        <p class="field-error" id=described("geometry")>{msg("geometry")}</p>
                    </fieldset>
                    <Field key="geo_precision" label="The point stands for" msg=msg("geo_precision")>
                        <select id="f-geo_precision" name="input[geo_precision]"
                            aria-invalid=invalid("geo_precision") aria-describedby=described("geo_precision")>
                            {GeoPrecision::ALL.iter().map(|p| {
                                view! { <option value=p.as_str() selected=i.geo_precision == p.as_str()>{format!("{}: {}", p.as_str(), geo_precision_note(*p))}</option> }
                            }).collect_view()}
                        </select>
                    </Field>
                    <Field key="actors" label="Who took part (optional)" msg=msg("actors") hint="As reported, e.g. “supporters of the MEK”.">
                        <input type="text" id="f-actors" name="input[actors]" value=i.actors.clone()
                            aria-invalid=invalid("actors") aria-describedby=described("actors")/>
                    </Field>
                    <Field key="crowd_size_text" label="Crowd size (optional)" msg=msg("crowd_size_text")
                        hint="The source's own words, e.g. “hundreds”. Never an estimate of ours.">
                        <input type="text" id="f-crowd_size_text" name="input[crowd_size_text]" value=i.crowd_size_text.clone()
                            aria-invalid=invalid("crowd_size_text") aria-describedby=described("crowd_size_text")/>
                    </Field>
                    <Field key="description" label="Description (optional)" msg=msg("description")>
                        <textarea id="f-description" name="input[description]" rows="5"
                            aria-invalid=invalid("description") aria-describedby=described("description")
                            inner_html=crate::raw_text::textarea_html(&i.description)></textarea>
                    </Field>
                    <Sources rows next_key errors spare/>
                    <Field key="tags" label="Tags (optional)" msg=msg("tags") hint="Lower-case words separated by commas, e.g. mek, diaspora.">
                        <input type="text" id="f-tags" name="input[tags]" value=i.tags.join(", ") autocomplete="off"
                            aria-invalid=invalid("tags") aria-describedby=described("tags")/>
                    </Field>
                    <fieldset class="field choice" class:invalid=move || msg("status")().is_some()>
                        <legend>"Status"</legend>
                        <label>
                            <input type="radio" id="f-status-draft" name="status" value="draft" checked=status == Status::Draft/>
                            " Draft: only editors see it"
                        </label>
                        <label>
                            <input type="radio" id="f-status-published" name="status" value="published" checked=status == Status::Published/>
                            " Published: on the public map and API at once"
                        </label>
                        <p class="field-error" id=described("status")>{msg("status")}</p>
                    </fieldset>
                    {typed.version.map(|v| view! {
                        <input type="hidden" name="version" value=v.to_string()
                            prop:value=move || version.get().map(|v| v.to_string()).unwrap_or_default()/>
                    })}
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || action.pending().get()>
                            {move || if action.pending().get() { "Saving…" } else { "Save" }}
                        </button>
                        <a href="/editor">"Cancel"</a>
                    </div>
                </div>
                <div class="form-map">
                    <p class="hint">"Click the map to place the event; drag the pin to move it."</p>
                    <LocationPicker lon lat tiles/>
                </div>
            </div>
        </ActionForm>
    }
}

/// A labelled field with its hint and its error line.
#[component]
fn Field<M>(
    /// The field's violation name.
    key: &'static str,
    /// The visible label.
    label: &'static str,
    /// The field's current error messages.
    msg: M,
    /// A line of help under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    children: Children,
) -> impl IntoView
where
    M: Fn() -> Option<String> + Copy + Send + Sync + 'static,
{
    let id = input_id(key);
    view! {
        <div class="field" class:invalid=move || msg().is_some() data-field=key>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {children()}
            <p class="field-error" id=format!("{id}-error")>{msg}</p>
        </div>
    }
    .into_any()
}

/// The repeatable source rows: name and URL; rows can be added and removed
/// with JavaScript, and the form always ends with one empty row (blank rows
/// are ignored), so a source can be added without it too.
#[component]
fn Sources(
    rows: RwSignal<Vec<SourceRow>>,
    next_key: StoredValue<u32>,
    errors: Memo<Vec<Violation>>,
    /// The key of the spare empty row, if there is one.
    spare: Option<u32>,
) -> impl IntoView {
    let add = move |_| {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        rows.update(|r| r.push((k, SourceInput::default())));
    };
    let general = move || errors.read().iter().find(|v| v.field == "sources").map(|v| sentence("Sources", &v.message));
    view! {
        <fieldset class="field sources" class:invalid=move || general().is_some()>
            <legend>"Sources"</legend>
            <p class="hint">"At least one: who reported it, and where (http or https), if online."</p>
            <ol>
                <For each=move || rows.get() key=|(k, _)| *k let:row>
                    <SourceRowView key=row.0 start=row.1 rows errors spare=spare == Some(row.0)/>
                </For>
            </ol>
            <p class="field-error" id="f-sources-error">{general}</p>
            <button type="button" class="js-only add-source" on:click=add>"Add a source"</button>
        </fieldset>
    }
}

#[component]
fn SourceRowView(
    key: u32,
    start: SourceInput,
    rows: RwSignal<Vec<SourceRow>>,
    errors: Memo<Vec<Violation>>,
    spare: bool,
) -> impl IntoView {
    let index = Memo::new(move |_| rows.read().iter().position(|(k, _)| *k == key).unwrap_or(0));
    let name_key = move || format!("sources[{}].name", index.get());
    let url_key = move || format!("sources[{}].url", index.get());
    let name_msg = move || messages(&errors.read(), &name_key(), "Source name");
    let url_msg = move || messages(&errors.read(), &url_key(), "URL");
    let remove = move |_| rows.update(|r| r.retain(|(k, _)| *k != key));
    view! {
        <li class="source-row" class:spare=spare>
            <div class="field" class:invalid=move || name_msg().is_some()>
                <label for=move || input_id(&name_key())>"Name"</label>
                <input type="text" id=move || input_id(&name_key()) name=move || format!("input[sources][{}][name]", index.get())
                    value=start.name placeholder="e.g. irannewsupdate"
                    aria-invalid=move || name_msg().map(|_| "true") aria-describedby=move || format!("{}-error", input_id(&name_key()))/>
                <p class="field-error" id=move || format!("{}-error", input_id(&name_key()))>{name_msg}</p>
            </div>
            <div class="field" class:invalid=move || url_msg().is_some()>
                <label for=move || input_id(&url_key())>"URL"</label>
                <input type="url" id=move || input_id(&url_key()) name=move || format!("input[sources][{}][url]", index.get())
                    value=start.url placeholder="https://…"
                    aria-invalid=move || url_msg().map(|_| "true") aria-describedby=move || format!("{}-error", input_id(&url_key()))/>
                <p class="field-error" id=move || format!("{}-error", input_id(&url_key()))>{url_msg}</p>
            </div>
            <button type="button" class="js-only remove-source" on:click=remove
                aria-label=move || format!("Remove source {}", index.get() + 1)>"Remove"</button>
        </li>
    }
}

/// The top of a refused form: every problem with a link to its field, a
/// conflict with what the other editor saved, or another failure.
#[component]
fn ErrorSummary(refusal: RwSignal<Refusal>) -> impl IntoView {
    move || {
        let r = refusal.get();
        if let Some(c) = r.conflict {
            let differences = if c.differences.is_empty() {
                view! { <p>"Their version has the same fields as yours."</p> }.into_any()
            } else {
                view! {
                    <p>"Their version differs from yours here:"</p>
                    <dl class="differences">
                        {c.differences.into_iter().map(|(l, v)| view! { <dt>{l}</dt><dd>{v}</dd> }).collect_view()}
                    </dl>
                }
                .into_any()
            };
            return view! {
                <div class="error-summary conflict" role="alert" tabindex="-1">
                    <h2>{format!("Not saved: {} saved this event while you were editing (now version {}).", c.who, c.version)}</h2>
                    {differences}
                    <p>"Your changes are still in the form below. Saving again will replace their version with yours."</p>
                </div>
            }
            .into_any();
        }
        if let Some(error) = r.other {
            return view! { <EditNotice error/> }.into_any();
        }
        if r.violations.is_empty() {
            return ().into_any();
        }
        let n = r.violations.len();
        let title = if n == 1 { "Not saved: 1 problem".to_owned() } else { format!("Not saved: {n} problems") };
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{title}</h2>
                <ul>
                    {r.violations.iter().map(|v| {
                        let key = v.field.clone();
                        let l = if key.starts_with("sources[") && key.ends_with(".url") { "URL" }
                            else if key.starts_with("sources[") { "Source name" }
                            else if key.starts_with("tags") { "Tags" }
                            else { label(&key) };
                        view! { <li><a href=format!("#{}", input_id(&key))>{sentence(l, &v.message)}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}

/// In the browser: the same check the server runs, as the editor leaves
/// each field and before the form is sent.
#[cfg(feature = "hydrate")]
mod client {
    use std::collections::HashSet;

    use leptos::html;
    use leptos::prelude::*;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    use super::{belongs, field_of, Refusal};
    use crate::editing::{check, SaveEvent};
    use domain::event::Violation;

    /// The form's violations now, from what its inputs hold.
    fn violations(form: &web_sys::HtmlFormElement) -> Vec<Violation> {
        let Ok(data) = web_sys::FormData::new_with_form(form) else { return Vec::new() };
        match <SaveEvent as leptos::form::FromFormData>::from_form_data(&data) {
            Ok(s) => check(&s.input, &s.status, s.version.is_some()).err().map(|v| v.0).unwrap_or_default(),
            Err(e) => vec![Violation { field: "form".into(), message: e.to_string() }],
        }
    }

    /// Checks on submit (before the form's own handler: capture phase),
    /// stopping a submission that would be refused, and re-checks the
    /// fields the editor has left as they leave them.
    pub fn check_as_you_go(form: NodeRef<html::Form>, refusal: RwSignal<Refusal>) {
        let done = StoredValue::new_local(Vec::<Closure<dyn FnMut(web_sys::Event)>>::new());
        Effect::new(move |_| {
            let Some(f) = form.get() else { return };
            if done.with_value(|d| !d.is_empty()) {
                return;
            }
            let f: web_sys::HtmlFormElement = f.unchecked_into();
            let touched = StoredValue::new_local(HashSet::<String>::new());
            let attempted = StoredValue::new_local(false);
            let on_submit = {
                let f = f.clone();
                Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                    attempted.set_value(true);
                    let found = violations(&f);
                    if found.is_empty() {
                        return;
                    }
                    ev.prevent_default();
                    refusal.set(Refusal { violations: found, ..Default::default() });
                    let f = f.clone();
                    request_animation_frame(move || {
                        if let Ok(Some(summary)) = f.query_selector(".error-summary") {
                            let _ = summary.unchecked_into::<web_sys::HtmlElement>().focus();
                        }
                    });
                })
            };
            let _ = f.add_event_listener_with_callback_and_bool("submit", on_submit.as_ref().unchecked_ref(), true);
            let on_leave = {
                let f = f.clone();
                Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
                    let name = ev
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .and_then(|e| e.get_attribute("name"));
                    if let Some(name) = name {
                        touched.update_value(|t| {
                            t.insert(field_of(&name));
                        });
                    }
                    let all = attempted.get_value();
                    let shown: Vec<Violation> = violations(&f)
                        .into_iter()
                        .filter(|v| all || touched.with_value(|t| t.iter().any(|k| belongs(&v.field, k))))
                        .collect();
                    if refusal.with_untracked(|r| r.violations != shown || r.other.is_some()) {
                        refusal.update(|r| {
                            r.violations = shown;
                            r.other = None;
                        });
                    }
                })
            };
            let _ = f.add_event_listener_with_callback("focusout", on_leave.as_ref().unchecked_ref());
            let _ = f.add_event_listener_with_callback("change", on_leave.as_ref().unchecked_ref());
            done.set_value(vec![on_submit, on_leave]);
        });
    }
}

lazy_page!(
    /// `/editor/new`, lazily loaded.
    NewRoute => NewEventPage
);

lazy_page!(
    /// `/editor/events/{id}`, lazily loaded.
    EditRoute => EditEventPage
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_names_map_to_violation_fields() {
        assert_eq!(field_of("input[title]"), "title");
        assert_eq!(field_of("input[lat]"), "geometry");
        assert_eq!(field_of("input[sources][2][url]"), "sources[2].url");
        assert_eq!(field_of("status"), "status");
    }

    #[test]
    fn fields_own_their_items() {
        assert!(belongs("tags[2]", "tags"));
        assert!(belongs("tags", "tags"));
        assert!(!belongs("title", "tags"));
        assert!(!belongs("sources[1].url", "sources[1].name"));
        assert!(belongs("sources[1].url", "sources"));
    }

    #[test]
    fn messages_read_as_sentences_with_links_to_their_inputs() {
        assert_eq!(sentence("Title", "is required"), "Title is required");
        assert_eq!(
            sentence("Point", "longitude must be between -180 and 180 degrees, got 200"),
            "Longitude must be between -180 and 180 degrees, got 200"
        );
        assert_eq!(sentence("Sources", "at least one source is required"), "At least one source is required");
        assert_eq!(
            sentence("Last day", "must not be before date_start (2020-01-20)"),
            "Last day must not be before the first day (2020-01-20)"
        );
        assert_eq!(input_id("sources[0].url"), "f-sources-0-url");
        assert_eq!(input_id("geometry"), "f-lon");
        assert_eq!(input_id("tags[3]"), "f-tags");
        assert_eq!(input_id("date_start"), "f-date_start");
    }
}
