//! A refused save as the form shows it: every violation at its field and
//! in a summary at the top, or a conflict with what another editor saved.

use leptos::prelude::*;

use super::super::EditNotice;
use super::inputs::input_id;
use crate::editing::EditError;
use crate::i18n::{use_lang, Arg};
use domain::changes::{changed_fields, field_text};
use domain::field::Field;
use domain::store::Status;
use domain::violation::Violation;

/// How a refused save is shown: the violations, or a conflict with what the
/// other editor saved.
#[derive(Debug, Clone, Default, PartialEq)]
pub(super) struct Refusal {
    pub violations: Vec<Violation>,
    pub conflict: Option<Conflict>,
    pub other: Option<EditError>,
}

/// Someone else saved first.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Conflict {
    /// Who saved (`None` when not recorded), and the version they made.
    pub who: Option<String>,
    pub version: i64,
    /// `(field, their value)` of each field where their version differs
    /// from what this editor submitted.
    pub differences: Vec<(Field, String)>,
}

impl Refusal {
    pub fn from_error(e: &EditError) -> Self {
        match e {
            EditError::Invalid { violations, .. } => Self { violations: violations.0.clone(), ..Default::default() },
            EditError::Conflict { theirs, typed, .. } => {
                let Some(theirs) = theirs else { return Self { other: Some(e.clone()), ..Default::default() } };
                let mine = typed.as_ref().and_then(|t| Some((t.input.validate().ok()?, Status::parse(&t.status)?)));
                let differences = match mine {
                    Some((event, status)) => changed_fields((&event, status), (&theirs.event, theirs.status))
                        .into_iter()
                        .map(|f| (f, field_text(&theirs.event, theirs.status, f)))
                        .collect(),
                    None => Vec::new(),
                };
                let who = theirs.updated_by.clone();
                Self { conflict: Some(Conflict { who, version: theirs.version, differences }), ..Default::default() }
            }
            other => Self { other: Some(other.clone()), ..Default::default() },
        }
    }
}

/// The top of a refused form: every problem with a link to its field, a
/// conflict with what the other editor saved, or another failure.
#[component]
pub(super) fn ErrorSummary(refusal: RwSignal<Refusal>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let r = refusal.get();
        if let Some(c) = r.conflict {
            let who = c.who.clone().unwrap_or_else(|| lang.t("ed-someone"));
            let differences = if c.differences.is_empty() {
                view! { <p>{lang.t("form-conflict-same")}</p> }.into_any()
            } else {
                view! {
                    <p>{lang.t("form-conflict-differs")}</p>
                    <dl class="differences">
                        {c.differences.into_iter().map(|(f, v)| view! { <dt>{lang.field(f)}</dt><dd dir="auto">{v}</dd> }).collect_view()}
                    </dl>
                }
                .into_any()
            };
            return view! {
                <div class="error-summary conflict" role="alert" tabindex="-1">
                    <h2>{lang.t_with("form-conflict", &[("who", Arg::Verbatim(&who)), ("version", Arg::Number(c.version))])}</h2>
                    {differences}
                    <p>{lang.t("form-conflict-kept")}</p>
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
        let title = lang.t_with("form-problems", &[("count", Arg::Number(n as i64))]);
        view! {
            <div class="error-summary" role="alert" tabindex="-1">
                <h2>{title}</h2>
                <ul>
                    {r.violations.iter().map(|v| {
                        view! { <li><a href=format!("#{}", input_id(&v.field))>{lang.violation(v, &lang.field_path(&v.field))}</a></li> }
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}
