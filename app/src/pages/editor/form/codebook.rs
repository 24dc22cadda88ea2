//! The form's inputs for what protest research codes (README, "The data"):
//! what happened, the area by name, online, organisers and groups, claims,
//! the crowd in numbers and each source's estimate, outcomes, and the
//! dataset the event came from. Every value is optional; empty means "not
//! reported", which is not zero.

use leptos::prelude::*;

use super::inputs::{input_id, input_name, messages};
use super::labelled::Labelled;
use crate::i18n::use_lang;
use domain::crowd::CrowdConvention;
use domain::event::{Conduct, CrowdEstimateInput, EventInput};
use domain::field::{EstimatePart, Field, FieldPath};
use domain::violation::Violation;

/// The inputs of the coded fields, starting from `i`.
#[component]
pub(super) fn Codebook(
    /// What the form starts with.
    i: EventInput,
    /// The refused values, by field.
    errors: Memo<Vec<Violation>>,
) -> impl IntoView {
    let lang = use_lang();
    let msg = move |key: Field| move || messages(lang, &errors.read(), &key.into(), &lang.field(key));
    let invalid =
        move |key: Field| move || errors.read().iter().any(|v| v.field.is_within(&key.into())).then_some("true");
    let described = |key: Field| format!("{}-error", input_id(&key.into()));
    // A text input of one field, in the event's own direction or left to
    // right (numbers, names of datasets, timestamps).
    let text = move |key: Field, label: &str, hint: Option<String>, value: String, ltr: bool| {
        view! {
            <Labelled key label=lang.t(label) msg=msg(key) hint=hint.unwrap_or_default()>
                <input type="text" dir=if ltr { "ltr" } else { "auto" } id=input_id(&key.into()) name=input_name(key) value=value
                    inputmode=if ltr { "numeric" } else { "text" } autocomplete="off"
                    aria-invalid=invalid(key) aria-describedby=described(key)/>
            </Labelled>
        }
    };
    let count = move |key: Field, value: String| {
        view! {
            <Labelled key label=lang.field(key) msg=msg(key)>
                <input type="text" dir="ltr" inputmode="numeric" class="short" size="8" id=input_id(&key.into()) name=input_name(key)
                    value=value autocomplete="off" aria-invalid=invalid(key) aria-describedby=described(key)/>
            </Labelled>
        }
    };
    // Yes, no, or not reported.
    let yes_no = move |key: Field, label: &str, value: String| {
        view! {
            <Labelled key label=lang.t(label) msg=msg(key)>
                <select id=input_id(&key.into()) name=input_name(key) aria-invalid=invalid(key) aria-describedby=described(key)>
                    <option value="" selected=value.is_empty()>{lang.t("form-not-reported")}</option>
                    <option value="true" selected=value == "true">{lang.t("form-yes")}</option>
                    <option value="false" selected=value == "false">{lang.t("form-no")}</option>
                </select>
            </Labelled>
        }
    };
    // The stored estimates and one empty row, for one more per save.
    let mut estimates = i.crowd_estimates.clone();
    estimates.push(CrowdEstimateInput::default());
    view! {
        <Labelled key=Field::Conduct label=lang.t("form-conduct") msg=msg(Field::Conduct) hint=lang.t("form-conduct-hint")>
            <select id=input_id(&Field::Conduct.into()) name=input_name(Field::Conduct)
                aria-invalid=invalid(Field::Conduct) aria-describedby=described(Field::Conduct)>
                <option value="" selected=i.conduct.is_empty()>{lang.t("form-not-reported")}</option>
                {Conduct::ALL.iter().map(|c| {
                    view! { <option value=c.as_str() selected=i.conduct == c.as_str()>{lang.conduct(*c)}</option> }
                }).collect_view()}
            </select>
        </Labelled>
        <div class="field-row">
            {text(Field::Admin1, "form-admin1", Some(lang.t("form-admin-hint")), i.admin1.clone(), false)}
            {text(Field::Admin2, "form-admin2", None, i.admin2.clone(), false)}
        </div>
        {yes_no(Field::Online, "form-online", i.online.clone())}
        {text(Field::Organisers, "form-organisers", Some(lang.t("form-names-hint")), i.organisers.join("; "), false)}
        {text(Field::Participants, "form-participants", None, i.participants.join("; "), false)}
        {text(Field::Claims, "form-claims", Some(lang.t("form-claims-hint")), i.claims.clone(), false)}
        <fieldset class="field crowd-numbers">
            <legend>{lang.t("form-crowd-numbers")}</legend>
            <p class="hint">{lang.t("form-crowd-numbers-hint")}</p>
            <div class="field-row">
                {count(Field::CrowdSizeLow, i.crowd_size_low.clone())}
                {count(Field::CrowdSizeHigh, i.crowd_size_high.clone())}
            </div>
            <Labelled key=Field::CrowdSizeDerived label=lang.t("form-crowd-derived") msg=msg(Field::CrowdSizeDerived)>
                <select id=input_id(&Field::CrowdSizeDerived.into()) name=input_name(Field::CrowdSizeDerived)
                    aria-invalid=invalid(Field::CrowdSizeDerived) aria-describedby=described(Field::CrowdSizeDerived)>
                    <option value="" selected=i.crowd_size_derived.is_empty()>{lang.t("form-crowd-derived-none")}</option>
                    {CrowdConvention::ALL.iter().map(|c| {
                        view! { <option value=c.as_str() selected=i.crowd_size_derived == c.as_str()>{lang.t(&format!("form-crowd-derived-{}", c.as_str()))}</option> }
                    }).collect_view()}
                </select>
            </Labelled>
        </fieldset>
        <fieldset class="field estimates">
            <legend>{lang.t("form-estimates")}</legend>
            <p class="hint">{lang.t("form-estimates-hint")}</p>
            <ol>
                {estimates.into_iter().enumerate().map(|(n, e)| view! { <EstimateRow n start=e errors/> }).collect_view()}
            </ol>
        </fieldset>
        <fieldset class="field outcomes">
            <legend>{lang.t("form-outcomes")}</legend>
            <div class="field-row">
                {count(Field::Arrests, i.arrests.clone())}
                {count(Field::Injuries, i.injuries.clone())}
                {count(Field::Fatalities, i.fatalities.clone())}
            </div>
            {yes_no(Field::PropertyDamage, "input-property_damage", i.property_damage.clone())}
        </fieldset>
        <div class="field-row">
            {text(Field::Dataset, "form-dataset", Some(lang.t("form-dataset-hint")), i.dataset.clone(), true)}
            {text(Field::UpstreamUpdatedAt, "form-upstream", Some(lang.t("form-upstream-hint")), i.upstream_updated_at.clone(), true)}
        </div>
    }
}

/// One estimate: low, high and the source that gave it.
#[component]
fn EstimateRow(n: usize, start: CrowdEstimateInput, errors: Memo<Vec<Violation>>) -> impl IntoView {
    let lang = use_lang();
    let part = move |p: EstimatePart, value: String, ltr: bool| {
        let path = FieldPath::Estimate(n, p);
        let id = input_id(&path);
        let error = {
            let path = path.clone();
            Memo::new(move |_| messages(lang, &errors.read(), &path, &lang.field_path(&path)))
        };
        let label = lang.field_path(&path);
        view! {
            <div class="field" class:invalid=move || error.read().is_some()>
                <label for=id.clone()>{label}</label>
                <input type="text" dir=if ltr { "ltr" } else { "auto" } inputmode=if ltr { "numeric" } else { "text" }
                    id=id.clone() name=format!("input[crowd_estimates][{n}][{}]", p.name()) value=value autocomplete="off"
                    aria-describedby=format!("{id}-error")/>
                <p class="field-error" id=format!("{id}-error")>{move || error.get()}</p>
            </div>
        }
    };
    view! {
        <li class="estimate-row">
            {part(EstimatePart::Low, start.low, true)}
            {part(EstimatePart::High, start.high, true)}
            {part(EstimatePart::Source, start.source, false)}
        </li>
    }
}
