//! `/editor`: the editors' start page, for signed-in editors only; anyone
//! else is sent to `/login`.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::auth::{current_editor, SignOut};

/// The editors' page.
#[component]
pub fn EditorPage() -> impl IntoView {
    let who = Resource::new(|| (), |_| current_editor());
    view! {
        <Title text="Editor — rallymap"/>
        <Suspense fallback=|| view! { <p class="page">"Checking your session…"</p> }>
            {move || Suspend::new(async move {
                match who.await {
                    Ok(Some(name)) => view! { <EditorHome name=name/> }.into_any(),
                    _ => {
                        #[cfg(feature = "ssr")]
                        leptos_axum::redirect("/login");
                        #[cfg(feature = "hydrate")]
                        leptos_router::hooks::use_navigate()("/login", Default::default());
                        view! { <p class="page">"Please " <a href="/login">"sign in"</a> "."</p> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

/// What a signed-in editor sees.
#[component]
fn EditorHome(
    /// The editor's name.
    name: String,
) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    view! {
        <main class="page">
            <h1>"Editor"</h1>
            <p class="signed-in">"Signed in as " <strong>{name}</strong></p>
            <ActionForm action=sign_out>
                <button type="submit" class="sign-out">"Sign out"</button>
            </ActionForm>
        </main>
    }
}
