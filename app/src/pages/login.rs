//! `/login`: editors sign in. Works without JavaScript (a plain form post to
//! the server function, which redirects to `/editor`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{SignIn, SignInError};
use crate::components::action_form::ActionForm;
use crate::i18n::{Arg, Lang};

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let lang = crate::i18n::use_lang();
    let error = move || action.value().get().and_then(Result::err).map(|e| refusal_text(lang, &e));
    view! {
        <Title text=lang.t("sign-in-title")/>
        <main class="page narrow">
            <crate::pages::home::LanguageSwitch here="/login".to_owned()/>
            <h1>{lang.t("sign-in-heading")}</h1>
            <ActionForm action=action attr:class="sign-in">
                <label>
                    {lang.t("sign-in-name")}
                    <input type="text" name="name" autocomplete="username" required/>
                </label>
                <label>
                    {lang.t("sign-in-password")}
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                <p class="error" role="alert">{error}</p>
                <button type="submit">{lang.t("sign-in")}</button>
            </ActionForm>
            <p class="muted">{lang.t("sign-in-accounts")} " " <code dir="ltr">"rallymap editor add NAME"</code></p>
        </main>
    }
}

/// Why signing in failed, in the page's language; a failed request says
/// what the server said.
fn refusal_text(lang: Lang, e: &SignInError) -> String {
    match e {
        SignInError::Invalid => lang.t("sign-in-invalid"),
        SignInError::Throttled { minutes } => {
            lang.t_with("sign-in-throttled", &[("minutes", Arg::Number(i64::from(*minutes)))])
        }
        SignInError::Unavailable => lang.t("sign-in-unavailable"),
        SignInError::ServerFn(_) => e.to_string(),
    }
}
