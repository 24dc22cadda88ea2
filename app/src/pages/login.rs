//! `/login`: editors sign in. Works without JavaScript (a plain form post to
//! the server function, which redirects to `/editor`).

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::SignIn;

/// The sign-in page.
#[component]
pub fn LoginPage() -> impl IntoView {
    let action = ServerAction::<SignIn>::new();
    let error = move || action.value().get().and_then(Result::err).map(|e| e.to_string());
    let lang = crate::i18n::use_lang();
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
