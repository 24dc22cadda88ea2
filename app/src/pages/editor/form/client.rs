//! In the browser: the same check the server runs, as the editor leaves
//! each field and before the form is sent.

use std::collections::HashSet;

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use super::inputs::field_of;
use super::refusal::Refusal;
use crate::editing::{check, SaveEvent};
use domain::field::FieldPath;
use domain::violation::Violation;

/// The form's violations now, from what its inputs hold.
fn violations(form: &web_sys::HtmlFormElement) -> Vec<Violation> {
    let Ok(data) = web_sys::FormData::new_with_form(form) else { return Vec::new() };
    match <SaveEvent as leptos::form::FromFormData>::from_form_data(&data) {
        Ok(s) => check(&s.input, &s.status, s.version.is_some()).err().map(|v| v.0).unwrap_or_default(),
        // Unreadable (a version that is not a number): the server answers.
        Err(_) => Vec::new(),
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
        let touched = StoredValue::new_local(HashSet::<FieldPath>::new());
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
                        t.extend(field_of(&name));
                    });
                }
                let all = attempted.get_value();
                let shown: Vec<Violation> = violations(&f)
                    .into_iter()
                    .filter(|v| all || touched.with_value(|t| t.iter().any(|k| v.field.is_within(k))))
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
