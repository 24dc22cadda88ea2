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
    view! {
        <Title text="Sign in — rallymap"/>
        <main class="page narrow">
            <h1>"Editor sign-in"</h1>
            <ActionForm action=action attr:class="sign-in">
                <label>
                    "Name"
                    <input type="text" name="name" autocomplete="username" required/>
                </label>
                <label>
                    "Password"
                    <input type="password" name="password" autocomplete="current-password" required/>
                </label>
                <p class="error" role="alert">{error}</p>
                <button type="submit">"Sign in"</button>
            </ActionForm>
            <p class="muted">"Accounts are made by the site's administrator with "<code>"rallymap editor add NAME"</code>"."</p>
        </main>
    }
}
