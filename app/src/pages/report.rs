//! `/report`: a reader reports an event; `/report/received`: what happens
//! next. A plain form posted to `POST /report` (the server's
//! `routes::report`), so it works without JavaScript; a refusal comes back
//! as this page with each field's error and the reader's values. Once the
//! page is live, a map under the point's fields fills them in
//! (`components::location_picker`); without JavaScript the typed fields
//! alone do the job.

use domain::event::EventKind;
use domain::report::{ContactProblem, ReportInput};
use domain::tiles::TileLayer;
use domain::violation::Violation;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::location_picker::LocationPicker;
use crate::i18n::{use_lang, Arg, Lang};
use crate::report::{Refused, ReportFormState, STAMP_FIELD, TRAP_FIELD};

/// The report form.
#[component]
pub fn ReportPage() -> impl IntoView {
    let lang = use_lang();
    #[cfg(feature = "ssr")]
    let given = use_context::<ReportFormState>()
        .or_else(|| {
            use_context::<crate::report::StampMaker>()
                .map(|m| ReportFormState { stamp: (m.0)(), ..ReportFormState::default() })
        })
        .unwrap_or_default();
    // The map's tiles, as the editor's form has them (none by default:
    // the bundled outlines).
    #[cfg(feature = "ssr")]
    let tiles = use_context::<crate::api::SiteSettings>().and_then(|s| s.tiles);
    #[cfg(not(feature = "ssr"))]
    let (given, tiles) = (ReportFormState::default(), None::<TileLayer>);
    // The server's values travel with the page, so the browser hydrates
    // the same form.
    let state = OnceResource::new_blocking(async move { (given, tiles) });
    view! {
        <Title text=lang.t("report-title")/>
        <main class="page narrow report">
            <crate::pages::home::LanguageSwitch here="/report".to_owned()/>
            <p><a href=crate::base::href("/")>{lang.t("back-to-map")}</a></p>
            <h1>{lang.t("report-heading")}</h1>
            <p>{lang.t("report-intro")}</p>
            <Suspense>{move || Suspend::new(async move {
                let (given, tiles) = state.await;
                form(lang, given, tiles)
            })}</Suspense>
        </main>
    }
}

/// The messages of a refusal, by the form's part they belong to.
#[derive(Default)]
struct Messages {
    title: Vec<String>,
    description: Vec<String>,
    kind: Vec<String>,
    place: Vec<String>,
    country: Vec<String>,
    point: Vec<String>,
    dates: Vec<String>,
    source: Vec<String>,
    crowd: Vec<String>,
    contact: Vec<String>,
}

impl Messages {
    fn of(lang: Lang, refused: Option<&Refused>) -> Self {
        let mut m = Self::default();
        let Some(Refused::Fields(r)) = refused else { return m };
        for v in &r.event {
            let (slot, label) = m.slot(lang, v);
            slot.push(lang.violation(v, &label));
        }
        match r.contact {
            Some(ContactProblem::TooLong) => m.contact.push(
                lang.t_with("report-contact-too-long", &[("max", Arg::Number(domain::report::CONTACT_EMAIL as i64))]),
            ),
            Some(ContactProblem::NotAnAddress) => m.contact.push(lang.t("report-contact-not-an-address")),
            None => {}
        }
        m
    }

    /// Where a violation is shown, and the label its sentence names.
    fn slot(&mut self, lang: Lang, v: &Violation) -> (&mut Vec<String>, String) {
        let field = v.field.to_string();
        let name = field.split(['[', '.']).next().unwrap_or("");
        match name {
            "title" => (&mut self.title, lang.t("report-what")),
            "description" => (&mut self.description, lang.t("report-description")),
            "kind" => (&mut self.kind, lang.t("report-kind")),
            "location_name" => (&mut self.place, lang.t("report-place")),
            "country_code" => (&mut self.country, lang.t("report-country")),
            "geometry" => (&mut self.point, lang.t("report-point")),
            "sources" => (&mut self.source, lang.t("report-source-url")),
            "crowd_size_text" => (&mut self.crowd, lang.t("report-crowd")),
            "date_end" => (&mut self.dates, lang.t("report-date-end")),
            _ => (&mut self.dates, lang.t("report-date-start")),
        }
    }

    fn count(&self) -> usize {
        [
            &self.title,
            &self.description,
            &self.kind,
            &self.place,
            &self.country,
            &self.point,
            &self.dates,
            &self.source,
            &self.crowd,
            &self.contact,
        ]
        .iter()
        .map(|v| v.len())
        .sum()
    }
}

/// A field's errors under it, with the id its input names in
/// `aria-describedby`. A list, so never inside a `<p>` (the parser would
/// close the paragraph and the browser's tree would no longer hydrate).
fn errors(id: &'static str, msgs: Vec<String>) -> impl IntoView {
    (!msgs.is_empty()).then(|| {
        view! {
            <ul class="error" id=id>
                {msgs.into_iter().map(|m| view! { <li>{m}</li> }).collect_view()}
            </ul>
        }
    })
}

/// What a refusal says above the form.
fn summary(lang: Lang, refused: Option<&Refused>, fields: usize) -> Option<String> {
    Some(match refused? {
        Refused::Fields(_) => lang.t_with("report-refused-fields", &[("count", Arg::Number(fields as i64))]),
        Refused::TooFast => lang.t("report-too-fast"),
        Refused::Expired => lang.t("report-expired"),
        Refused::Throttled { minutes } => {
            lang.t_with("report-throttled", &[("minutes", Arg::Number(i64::try_from(*minutes).unwrap_or(60)))])
        }
        Refused::QueueFull => lang.t("report-queue-full"),
        Refused::Unavailable => lang.t("report-unavailable"),
    })
}

/// The map under the point's fields, added once the page is live (an empty
/// box would only be in the way without JavaScript). Its hint names the
/// fields it fills, which stay the way to type a point.
fn point_map(lang: Lang, lat: RwSignal<String>, lon: RwSignal<String>, tiles: Option<TileLayer>) -> impl IntoView {
    let live = crate::live::once_live();
    move || {
        live.get().then(|| {
            view! {
                <div class="report-map">
                    <p class="hint">{lang.t("report-map-hint")}</p>
                    <LocationPicker lon lat tiles=tiles.clone()/>
                </div>
            }
        })
    }
}

fn form(lang: Lang, state: ReportFormState, tiles: Option<TileLayer>) -> impl IntoView {
    let m = Messages::of(lang, state.refused.as_ref());
    let said = summary(lang, state.refused.as_ref(), m.count());
    let ReportInput {
        title,
        description,
        kind,
        location_name,
        country_code,
        lat,
        lon,
        date_start,
        date_end,
        approximate,
        source_url,
        was_there,
        crowd_size_text,
        contact_email,
    } = state.input;
    // The point's fields and the map keep each other in step.
    let (lat_typed, lon_typed) = (RwSignal::new(lat.clone()), RwSignal::new(lon.clone()));
    let invalid = |v: &Vec<String>| (!v.is_empty()).then_some("true");
    let described = |id: &'static str, v: &Vec<String>| (!v.is_empty()).then_some(id);
    let kinds = EventKind::LISTED
        .into_iter()
        .map(|k| {
            let selected = k.as_str() == kind;
            view! { <option value=k.as_str() selected=selected>{lang.t(&format!("kind-{}", k.as_str()))}</option> }
        })
        .collect_view();
    view! {
        {said.map(|s| view! { <p class="error refusal" role="alert">{s}</p> })}
        <form class="report-form" method="post" action=crate::base::href("/report")>
            <input type="hidden" name=STAMP_FIELD value=state.stamp/>
            <fieldset>
                <legend>{lang.t("report-what-legend")}</legend>
                <div class="field">
                    <label for="r-title">{lang.t("report-what")}</label>
                    <input id="r-title" type="text" name="title" dir="auto" required value=title
                        maxlength=domain::limits::TITLE aria-invalid=invalid(&m.title) aria-describedby=described("e-title", &m.title)/>
                    {errors("e-title", m.title.clone())}
                </div>
                <div class="field">
                    <label for="r-description">{lang.t("report-description")}</label>
                    <textarea id="r-description" name="description" dir="auto" rows="5"
                        aria-invalid=invalid(&m.description) aria-describedby=described("e-description", &m.description)
                        inner_html=crate::raw_text::textarea_html(&description)></textarea>
                    {errors("e-description", m.description.clone())}
                </div>
                <div class="field">
                    <label for="r-kind">{lang.t("report-kind")}</label>
                    <select id="r-kind" name="kind" aria-invalid=invalid(&m.kind) aria-describedby=described("e-kind", &m.kind)>{kinds}</select>
                    {errors("e-kind", m.kind.clone())}
                </div>
                <div class="field">
                    <label for="r-crowd">{lang.t("report-crowd")}</label>
                    <input id="r-crowd" type="text" name="crowd_size_text" dir="auto" value=crowd_size_text
                        aria-invalid=invalid(&m.crowd) aria-describedby=described("e-crowd", &m.crowd)/>
                    {errors("e-crowd", m.crowd.clone())}
                </div>
            </fieldset>
            <fieldset>
                <legend>{lang.t("report-where-legend")}</legend>
                <div class="field">
                    <label for="r-place">{lang.t("report-place")}</label>
                    <input id="r-place" type="text" name="location_name" dir="auto" required value=location_name
                        aria-invalid=invalid(&m.place) aria-describedby=described("e-place", &m.place)/>
                    {errors("e-place", m.place.clone())}
                </div>
                <div class="field">
                    <label for="r-country">{lang.t("report-country")}</label>
                    <input id="r-country" type="text" name="country_code" dir="ltr" required size="3" maxlength="2" value=country_code
                        aria-invalid=invalid(&m.country) aria-describedby=described("e-country", &m.country).unwrap_or("h-country")/>
                    <span class="hint" id="h-country">{lang.t_with("form-country-hint", &[("standard", Arg::Code("ISO 3166-1 alpha-2"))])}</span>
                    {errors("e-country", m.country.clone())}
                </div>
                <div class="field point">
                    <label for="r-lat">{lang.t("report-lat")}</label>
                    <input id="r-lat" type="text" inputmode="decimal" name="lat" dir="ltr" required value=lat
                        prop:value=move || lat_typed.get() on:input=move |ev| lat_typed.set(event_target_value(&ev))
                        aria-invalid=invalid(&m.point) aria-describedby=described("e-point", &m.point)/>
                    <label for="r-lon">{lang.t("report-lon")}</label>
                    <input id="r-lon" type="text" inputmode="decimal" name="lon" dir="ltr" required value=lon
                        prop:value=move || lon_typed.get() on:input=move |ev| lon_typed.set(event_target_value(&ev))
                        aria-invalid=invalid(&m.point) aria-describedby=described("e-point", &m.point)/>
                    {errors("e-point", m.point.clone())}
                </div>
                {point_map(lang, lat_typed, lon_typed, tiles)}
            </fieldset>
            <fieldset>
                <legend>{lang.t("report-when-legend")}</legend>
                <div class="field">
                    <label for="r-start">{lang.t("report-date-start")}</label>
                    <input id="r-start" type="date" name="date_start" dir="ltr" required value=date_start
                        aria-invalid=invalid(&m.dates) aria-describedby=described("e-dates", &m.dates)/>
                    <label for="r-end">{lang.t("report-date-end")}</label>
                    <input id="r-end" type="date" name="date_end" dir="ltr" value=date_end
                        aria-invalid=invalid(&m.dates) aria-describedby=described("e-dates", &m.dates)/>
                    {errors("e-dates", m.dates.clone())}
                </div>
                <div class="field">
                    <label><input type="checkbox" name="approximate" value="true" checked=approximate/>" " {lang.t("report-approximate")}</label>
                </div>
            </fieldset>
            <fieldset>
                <legend>{lang.t("report-source-legend")}</legend>
                <div class="field">
                    <label for="r-source">{lang.t("report-source-url")}</label>
                    <input id="r-source" type="url" name="source_url" dir="ltr" value=source_url
                        aria-invalid=invalid(&m.source) aria-describedby=described("e-source", &m.source)/>
                    {errors("e-source", m.source.clone())}
                </div>
                <div class="field">
                    <label><input type="checkbox" name="was_there" value="true" checked=was_there/>" " {lang.t("report-was-there")}</label>
                </div>
                <div class="field">
                    <label for="r-contact">{lang.t("report-contact")}</label>
                    <input id="r-contact" type="email" name="contact_email" dir="ltr" autocomplete="email" value=contact_email
                        aria-invalid=invalid(&m.contact) aria-describedby=described("e-contact", &m.contact).unwrap_or("h-contact")/>
                    <span class="hint" id="h-contact">{lang.t("report-contact-hint")}</span>
                    {errors("e-contact", m.contact.clone())}
                </div>
            </fieldset>
            // For robots: off-screen, hidden from assistive technology,
            // out of the tab order. A person never fills it.
            <div class="trap" aria-hidden="true">
                <label>{lang.t("report-trap")} <input type="text" name=TRAP_FIELD tabindex="-1" autocomplete="off"/></label>
            </div>
            <p class="muted">{lang.t("report-private")}</p>
            <button type="submit">{lang.t("report-send")}</button>
        </form>
    }
}

/// After a report: its reference and what happens next.
#[component]
pub fn ReceivedPage() -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let reference = move || query.read().get("ref").filter(|r| domain::report::is_reference(r));
    let again = move || query.read().get("already").is_some();
    view! {
        <Title text=lang.t("report-received-title")/>
        <main class="page narrow report">
            <crate::pages::home::LanguageSwitch here=Signal::derive(move || match reference() {
                Some(r) => format!("/report/received?ref={r}"),
                None => "/report/received".to_owned(),
            })/>
            <h1>{move || if again() { lang.t("report-already-heading") } else { lang.t("report-received-heading") }}</h1>
            <p>{lang.t("report-reference")} " " <strong class="reference" dir="ltr">{reference}</strong></p>
            <p>{lang.t("report-next")}</p>
            <p><a href=crate::base::href("/")>{lang.t("back-to-map")}</a> " · " <a href=crate::base::href("/report")>{lang.t("report-another")}</a></p>
        </main>
    }
}
