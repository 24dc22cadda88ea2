//! The event form itself: every field of the event, each with its label,
//! hint and error line, the repeatable sources, the status, and the map to
//! place the point.

use leptos::html;
use leptos::prelude::*;

use super::codebook::Codebook;
use super::inputs::{input_id, input_name, messages};
use super::labelled::Labelled;
use super::refusal::{ErrorSummary, Refusal};
use crate::components::action_form::ActionForm;
use crate::components::location_picker::LocationPicker;
use crate::editing::{EditError, SaveEvent, Typed};
use crate::i18n::{use_lang, Arg};
use domain::event::{EventKind, GeoPrecision, SourceInput};
use domain::field::{Field, FieldPath, SourcePart};
use domain::store::Status;
use domain::tiles::TileLayer;
use domain::violation::Violation;

/// One source row as the form keeps it: a stable key for the list and the
/// typed values it started with.
type SourceRow = (u32, SourceInput);

/// The form itself.
#[component]
pub(super) fn EventForm(
    /// Where the fields start: the stored event, or a new one's defaults.
    typed: Typed,
    /// Raster tiles for the map, if configured.
    tiles: Option<TileLayer>,
    /// The reader's report this new event is made from (`R-XXXXX`), sent
    /// with the form so that saving accepts it.
    #[prop(default = None)]
    report: Option<String>,
) -> impl IntoView {
    let action = ServerAction::<SaveEvent>::new();
    let lang = use_lang();
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
    let coded = i.clone();
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
    super::client::check_as_you_go(form, refusal);

    let msg = move |key: Field| move || messages(lang, &errors.read(), &key.into(), &lang.field(key));
    let invalid =
        move |key: Field| move || errors.read().iter().any(|v| v.field.is_within(&key.into())).then_some("true");
    let described = |key: Field| format!("{}-error", input_id(&key.into()));
    let country_name = move || {
        let code = country.get().trim().to_ascii_uppercase();
        isocountry::CountryCode::for_alpha2(&code).map(|c| c.name().to_owned()).unwrap_or_default()
    };
    let status = Status::parse(&typed.status).unwrap_or(Status::Draft);

    view! {
        <ActionForm action node_ref=form attr:class="event-form" attr:novalidate=true>
            <ErrorSummary refusal/>
            {report.map(|r| view! { <input type="hidden" name="report" value=r/> })}
            <div class="form-columns">
                <div class="form-fields">
                    {if updating {
                        view! { <input type="hidden" name=input_name(Field::Id) value=i.id.clone()/> }.into_any()
                    } else {
                        view! {
                            <Labelled key=Field::Id label=lang.field(Field::Id) msg=msg(Field::Id) hint=lang.t_with("form-id-hint", &[("example", Arg::Code("2020-01-18-stockholm"))])>
                                <input type="text" dir="ltr" id=input_id(&Field::Id.into()) name=input_name(Field::Id) value=i.id.clone() autocomplete="off"
                                    aria-invalid=invalid(Field::Id) aria-describedby=described(Field::Id)/>
                            </Labelled>
                        }
                        .into_any()
                    }}
                    <Labelled key=Field::Title label=lang.field(Field::Title) msg=msg(Field::Title)>
                        <input type="text" dir="auto" id=input_id(&Field::Title.into()) name=input_name(Field::Title) value=i.title.clone() required
                            aria-invalid=invalid(Field::Title) aria-describedby=described(Field::Title)/>
                    </Labelled>
                    <Labelled key=Field::Kind label=lang.field(Field::Kind) msg=msg(Field::Kind)>
                        <select id=input_id(&Field::Kind.into()) name=input_name(Field::Kind) aria-invalid=invalid(Field::Kind) aria-describedby=described(Field::Kind)>
                            {EventKind::LISTED.iter().map(|k| {
                                view! { <option value=k.as_str() selected=i.kind == k.as_str()>{lang.kind(*k)}</option> }
                            }).collect_view()}
                        </select>
                    </Labelled>
                    <div class="field-row">
                        // Text, not `type="date"`: a date input hands the
                        // server an empty value for a day that does not exist
                        // (29 February 2023), which would read as "one-day
                        // event" or "missing"; text reaches the check as typed.
                        // Ids, dates, codes, coordinates and URLs are typed
                    // left to right in every language.
                    <Labelled key=Field::DateStart label=lang.field(Field::DateStart) msg=msg(Field::DateStart) hint=lang.t("form-first-day-hint")>
                            <input type="text" dir="ltr" id=input_id(&Field::DateStart.into()) name=input_name(Field::DateStart) value=i.date_start.clone() required
                                placeholder="YYYY-MM-DD" autocomplete="off" spellcheck="false" size="12"
                                aria-invalid=invalid(Field::DateStart) aria-describedby=described(Field::DateStart)/>
                        </Labelled>
                        <Labelled key=Field::DateEnd label=lang.field(Field::DateEnd) msg=msg(Field::DateEnd) hint=lang.t("form-last-day-hint")>
                            <input type="text" dir="ltr" id=input_id(&Field::DateEnd.into()) name=input_name(Field::DateEnd) value=i.date_end.clone()
                                placeholder="YYYY-MM-DD" autocomplete="off" spellcheck="false" size="12"
                                aria-invalid=invalid(Field::DateEnd) aria-describedby=described(Field::DateEnd)/>
                        </Labelled>
                    </div>
                    <fieldset class="field choice" class:invalid=move || msg(Field::DatePrecision)().is_some()>
                        <legend>{lang.field(Field::DatePrecision)}</legend>
                        <label>
                            <input type="radio" id=input_id(&Field::DatePrecision.into()) name=input_name(Field::DatePrecision) value="exact"
                                checked=i.date_precision == "exact"/>
                            " " {lang.t("form-exact")}
                        </label>
                        <label>
                            <input type="radio" name=input_name(Field::DatePrecision) value="approximate"
                                checked=i.date_precision == "approximate"/>
                            " " {lang.t("form-approximate")}
                        </label>
                        <p class="field-error" id=described(Field::DatePrecision)>{msg(Field::DatePrecision)}</p>
                    </fieldset>
                    <Labelled key=Field::LocationName label=lang.t("form-place") msg=msg(Field::LocationName) hint=lang.t("form-place-hint")>
                        <input type="text" dir="auto" id=input_id(&Field::LocationName.into()) name=input_name(Field::LocationName) value=i.location_name.clone() required
                            aria-invalid=invalid(Field::LocationName) aria-describedby=described(Field::LocationName)/>
                    </Labelled>
                    <Labelled key=Field::CountryCode label=lang.field(Field::CountryCode) msg=msg(Field::CountryCode) hint=lang.t_with("form-country-hint", &[("standard", Arg::Code("ISO 3166-1 alpha-2"))])>
                        <span class="with-note">
                            <input type="text" dir="ltr" id=input_id(&Field::CountryCode.into()) name=input_name(Field::CountryCode) class="short" size="3"
                                autocapitalize="characters" autocomplete="off" required
                                value=i.country_code.clone() prop:value=move || country.get()
                                on:input=move |ev| country.set(event_target_value(&ev))
                                aria-invalid=invalid(Field::CountryCode) aria-describedby=described(Field::CountryCode)/>
                            <span class="country-name" aria-live="polite">{country_name}</span>
                        </span>
                    </Labelled>
                    <fieldset class="field point" class:invalid=move || msg(Field::Geometry)().is_some()>
                        <legend>{lang.t_with("form-point", &[("crs", Arg::Code("WGS 84"))])}</legend>
                        <p class="hint">{lang.t("form-point-hint")}</p>
                        <div class="field-row">
                            <label>
                                {lang.t("form-longitude")}
                                <input type="text" dir="ltr" id=input_id(&Field::Geometry.into()) name="input[lon]" inputmode="decimal" autocomplete="off" required
                                    value=i.lon.clone() prop:value=move || lon.get() on:input=move |ev| lon.set(event_target_value(&ev))
                                    aria-invalid=invalid(Field::Geometry) aria-describedby=described(Field::Geometry)/>
                            </label>
                            <label>
                                {lang.t("form-latitude")}
                                <input type="text" dir="ltr" id="f-lat" name="input[lat]" inputmode="decimal" autocomplete="off" required
                                    value=i.lat.clone() prop:value=move || lat.get() on:input=move |ev| lat.set(event_target_value(&ev))
                                    aria-invalid=invalid(Field::Geometry) aria-describedby=described(Field::Geometry)/>
                            </label>
                        </div>
                        <p class="field-error" id=described(Field::Geometry)>{msg(Field::Geometry)}</p>
                    </fieldset>
                    <Labelled key=Field::GeoPrecision label=lang.t("form-geo") msg=msg(Field::GeoPrecision)>
                        <select id=input_id(&Field::GeoPrecision.into()) name=input_name(Field::GeoPrecision)
                            aria-invalid=invalid(Field::GeoPrecision) aria-describedby=described(Field::GeoPrecision)>
                            {GeoPrecision::ALL.iter().map(|p| {
                                view! { <option value=p.as_str() selected=i.geo_precision == p.as_str()>{format!("{}: {}", p.as_str(), lang.place_note(*p))}</option> }
                            }).collect_view()}
                        </select>
                    </Labelled>
                    <Labelled key=Field::CrowdSizeText label=lang.t("form-crowd") msg=msg(Field::CrowdSizeText) hint=lang.t("form-crowd-hint")>
                        <input type="text" dir="auto" id=input_id(&Field::CrowdSizeText.into()) name=input_name(Field::CrowdSizeText) value=i.crowd_size_text.clone()
                            aria-invalid=invalid(Field::CrowdSizeText) aria-describedby=described(Field::CrowdSizeText)/>
                    </Labelled>
                    <Labelled key=Field::Description label=lang.t("form-description") msg=msg(Field::Description)>
                        <textarea dir="auto" id=input_id(&Field::Description.into()) name=input_name(Field::Description) rows="5"
                            aria-invalid=invalid(Field::Description) aria-describedby=described(Field::Description)
                            inner_html=crate::raw_text::textarea_html(&i.description)></textarea>
                    </Labelled>
                    <Sources rows next_key errors spare/>
                    <Codebook i=coded errors/>
                    <Labelled key=Field::Tags label=lang.t("form-tags") msg=msg(Field::Tags) hint=lang.t("form-tags-hint")>
                        <input type="text" dir="auto" id=input_id(&Field::Tags.into()) name=input_name(Field::Tags) value=i.tags.join(", ") autocomplete="off"
                            aria-invalid=invalid(Field::Tags) aria-describedby=described(Field::Tags)/>
                    </Labelled>
                    <Labelled key=Field::ExternalId label=lang.t("form-external-id") msg=msg(Field::ExternalId) hint=lang.t("form-external-id-hint")>
                        <input type="text" dir="ltr" id=input_id(&Field::ExternalId.into()) name=input_name(Field::ExternalId) value=i.external_id.clone() autocomplete="off"
                            aria-invalid=invalid(Field::ExternalId) aria-describedby=described(Field::ExternalId)/>
                    </Labelled>
                    <fieldset class="field choice" class:invalid=move || msg(Field::Status)().is_some()>
                        <legend>{lang.field(Field::Status)}</legend>
                        <label>
                            <input type="radio" id=input_id(&Field::Status.into()) name=input_name(Field::Status) value="draft" checked=status == Status::Draft/>
                            " " {lang.t("form-draft")}
                        </label>
                        <label>
                            <input type="radio" id="f-status-published" name=input_name(Field::Status) value="published" checked=status == Status::Published/>
                            " " {lang.t("form-published")}
                        </label>
                        <p class="field-error" id=described(Field::Status)>{msg(Field::Status)}</p>
                    </fieldset>
                    {typed.version.map(|v| view! {
                        <input type="hidden" name="version" value=v.to_string()
                            prop:value=move || version.get().map(|v| v.to_string()).unwrap_or_default()/>
                    })}
                    <div class="form-actions">
                        <button type="submit" class="primary" disabled=move || action.pending().get()>
                            {move || lang.t(if action.pending().get() { "form-saving" } else { "form-save" })}
                        </button>
                        <a href=crate::base::href("/editor")>{lang.t("form-cancel")}</a>
                    </div>
                </div>
                <div class="form-map">
                    <p class="hint">{lang.t("form-map-hint")}</p>
                    <LocationPicker lon lat tiles/>
                </div>
            </div>
        </ActionForm>
    }
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
    let lang = use_lang();
    let add = move |_| {
        let k = next_key.get_value();
        next_key.set_value(k + 1);
        rows.update(|r| r.push((k, SourceInput::default())));
    };
    let general = move || {
        errors
            .read()
            .iter()
            .find(|v| v.field == Field::Sources.into())
            .map(|v| lang.violation(v, &lang.field(Field::Sources)))
    };
    view! {
        <fieldset class="field sources" class:invalid=move || general().is_some()>
            <legend>{lang.field(Field::Sources)}</legend>
            <p class="hint">{lang.t("form-sources-hint")}</p>
            <ol>
                <For each=move || rows.get() key=|(k, _)| *k let:row>
                    <SourceRowView key=row.0 start=row.1 rows errors spare=spare == Some(row.0)/>
                </For>
            </ol>
            <p class="field-error" id=format!("{}-error", input_id(&Field::Sources.into()))>{general}</p>
            <button type="button" class="js-only add-source" on:click=add>{lang.t("form-add-source")}</button>
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
    let lang = use_lang();
    let index = Memo::new(move |_| rows.read().iter().position(|(k, _)| *k == key).unwrap_or(0));
    let name_key = move || FieldPath::Source(index.get(), SourcePart::Name);
    let url_key = move || FieldPath::Source(index.get(), SourcePart::Url);
    let name_msg = move || messages(lang, &errors.read(), &name_key(), &lang.field_path(&name_key()));
    let url_msg = move || messages(lang, &errors.read(), &url_key(), &lang.field_path(&url_key()));
    let remove = move |_| rows.update(|r| r.retain(|(k, _)| *k != key));
    view! {
        <li class="source-row" class:spare=spare>
            <div class="field" class:invalid=move || name_msg().is_some()>
                <label for=move || input_id(&name_key())>{lang.t("form-source-name")}</label>
                <input type="text" dir="auto" id=move || input_id(&name_key()) name=move || format!("input[sources][{}][name]", index.get())
                    value=start.name placeholder=lang.t("form-source-name-example")
                    aria-invalid=move || name_msg().map(|_| "true") aria-describedby=move || format!("{}-error", input_id(&name_key()))/>
                <p class="field-error" id=move || format!("{}-error", input_id(&name_key()))>{name_msg}</p>
            </div>
            <div class="field" class:invalid=move || url_msg().is_some()>
                <label for=move || input_id(&url_key())>{lang.t("form-source-url")}</label>
                <input type="url" dir="ltr" id=move || input_id(&url_key()) name=move || format!("input[sources][{}][url]", index.get())
                    value=start.url placeholder="https://…"
                    aria-invalid=move || url_msg().map(|_| "true") aria-describedby=move || format!("{}-error", input_id(&url_key()))/>
                <p class="field-error" id=move || format!("{}-error", input_id(&url_key()))>{url_msg}</p>
            </div>
            <button type="button" class="js-only remove-source" on:click=remove
                aria-label=move || lang.t_with("form-remove-source", &[("n", Arg::Number(index.get() as i64 + 1))])>{lang.t("ed-remove")}</button>
        </li>
    }
}
