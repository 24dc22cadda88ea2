//! A labelled field of the event form: its label, a line of help, the
//! input (the children) and its error line, tied together by ids
//! (README, "Working on events").

use leptos::prelude::*;

use super::inputs::input_id;
use domain::field::Field;

/// A labelled field with its hint and its error line.
#[component]
pub fn Labelled<M>(
    /// The field.
    key: Field,
    /// The visible label.
    label: String,
    /// The field's current error messages.
    msg: M,
    /// A line of help under the label.
    #[prop(optional)]
    hint: Option<String>,
    children: Children,
) -> impl IntoView
where
    M: Fn() -> Option<String> + Copy + Send + Sync + 'static,
{
    let id = input_id(&key.into());
    view! {
        <div class="field" class:invalid=move || msg().is_some() data-field=key.name()>
            <label for=id.clone()>{label}</label>
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
            {children()}
            <p class="field-error" id=format!("{id}-error")>{msg}</p>
        </div>
    }
    .into_any()
}
