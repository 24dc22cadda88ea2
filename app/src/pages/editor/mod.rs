//! The editors' pages, all behind a session: every event (`/editor`), the
//! event form (`/editor/new`, `/editor/events/{id}`) and an event's history
//! (`/editor/events/{id}/history`) and the import (`/editor/import`). Without a session each sends the browser
//! to `/login` (a redirect on the server, navigation in the browser).

/// Declares `$route`, a lazily loaded route that renders the page `$page`:
/// built with `cargo leptos --split`, its code is a WASM chunk of its own,
/// which readers of the map never download.
macro_rules! lazy_page {
    ($(#[$doc:meta])* $route:ident => $page:ident) => {
        $(#[$doc])*
        pub struct $route;

        #[leptos_router::lazy_route]
        impl leptos_router::LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                view! { <$page/> }.into_any()
            }
        }
    };
}

pub mod form;
pub mod history;
pub mod import;
pub mod list;
pub mod reports;

use leptos::prelude::*;

use crate::auth::SignOut;
use crate::components::action_form::ActionForm;
use crate::editing::{DeleteEvent, EditError, RestoreEvent};
use crate::i18n::{use_lang, Arg, Lang};

/// Runs a page's `load` for the signed-in editor and returns their name
/// with its result. Each editor page loads everything in one resource like
/// this and renders it under one `Suspense` (nested ones can break
/// hydration in Leptos 0.8).
///
/// # Errors
/// [`EditError::SignInRequired`] without a session (`load` is not run);
/// whatever `load` fails with.
pub async fn as_editor<T>(
    load: impl std::future::Future<Output = Result<T, EditError>>,
) -> Result<(String, T), EditError> {
    let name = crate::editing::signed_in_editor().await?;
    Ok((name, load.await?))
}

/// Shows what [`as_editor`] loaded: the editor bar and `content`; a redirect
/// to `/login` without a session; the 404 page for an unknown event; the
/// error otherwise.
pub fn editor_view<T, V>(loaded: Result<(String, T), EditError>, content: impl FnOnce(T) -> V) -> AnyView
where
    V: IntoView + 'static,
{
    match loaded {
        Ok((name, data)) => view! { <EditorBar name/> {content(data)} }.into_any(),
        Err(EditError::SignInRequired) => to_login().into_any(),
        Err(EditError::NotFound(_)) => view! { <crate::pages::NotFound/> }.into_any(),
        Err(error) => view! { <main class="page"><EditNotice error/></main> }.into_any(),
    }
}

/// The fallback while an editor page loads.
pub fn loading() -> impl IntoView {
    view! { <p class="page">{use_lang().t("loading")}</p> }
}

/// [`Lang::t_around`] for a view: an empty side is no text at all (an empty
/// text node is rendered on the server as a space).
pub fn words_around(lang: Lang, key: &str, arg: &'static str) -> (Option<String>, Option<String>) {
    let (before, after) = lang.t_around(key, arg);
    ((!before.is_empty()).then_some(before), (!after.is_empty()).then_some(after))
}

/// A page's `<title>`: "Events — rallymap editor".
pub fn page_title(lang: Lang, page: &str) -> String {
    lang.t_with("ed-page-title", &[("page", Arg::Verbatim(page))])
}

/// Sends the browser to `/login` and says so.
fn to_login() -> impl IntoView {
    #[cfg(feature = "ssr")]
    leptos_axum::redirect(&crate::base::href("/login"));
    #[cfg(feature = "hydrate")]
    leptos_router::hooks::use_navigate()("/login", Default::default());
    let lang = use_lang();
    let (before, after) = words_around(lang, "ed-please-sign-in", "link");
    view! { <p class="page">{before}<a href=crate::base::href("/login")>{lang.t("ed-sign-in-link")}</a>{after}</p> }
}

/// The bar on every editor page: where to go, who is signed in, sign out.
#[component]
fn EditorBar(
    /// The editor's name.
    name: String,
) -> impl IntoView {
    let sign_out = ServerAction::<SignOut>::new();
    let lang = use_lang();
    let (signed_in, after) = words_around(lang, "ed-signed-in-as", "name");
    // Once this bar and the page under it are live (an editor page is a
    // lazily loaded chunk, so it can come to life after the rest of the
    // app), `<body data-editor-live>` says so: browser tests wait for it
    // before they type into the page.
    #[cfg(feature = "hydrate")]
    Effect::new(|_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-editor-live", "true");
        }
    });
    view! {
        <header class="bar editor-bar">
            <h1><a href=crate::base::href("/editor")>{lang.t("ed-brand")}</a></h1>
            <nav aria-label=lang.t("ed-nav")>
                <a href=crate::base::href("/editor")>{lang.t("ed-all-events")}</a>
                <a href=crate::base::href("/editor/new") class="new-event">{lang.t("ed-new-event")}</a>
                <a href=crate::base::href("/editor/import")>{lang.t("ed-import")}</a>
                <a href=crate::base::href("/editor/reports")>{lang.t("rq-heading")}</a>
                <a href=crate::base::href("/")>{lang.t("ed-public-map")}</a>
            </nav>
            <p class="signed-in">{signed_in}<strong dir="auto">{name}</strong>{after}</p>
            <ActionForm action=sign_out attr:class="sign-out-form">
                <button type="submit" class="sign-out">{lang.t("ed-sign-out")}</button>
            </ActionForm>
        </header>
    }
}

/// An error of an editing request as a notice; a lapsed session gets a
/// link to sign in again (in a new tab, so nothing typed here is lost).
#[component]
fn EditNotice(
    /// The error.
    error: EditError,
) -> impl IntoView {
    let lang = use_lang();
    let again = matches!(error, EditError::SignInRequired)
        .then(|| view! { " " <a href=crate::base::href("/login") target="_blank">{lang.t("ed-sign-in-again")}</a> });
    view! { <p class="notice error" role="alert">{error_text(lang, &error)} {again}</p> }
}

/// An editing error in the interface's language: the errors of the
/// editor's own doing from the message files; what the server said (a
/// refused value's API sentence, a failed request) as it said it.
fn error_text(lang: Lang, error: &EditError) -> String {
    match error {
        EditError::SignInRequired => lang.t("ed-error-sign-in"),
        EditError::NotFound(id) => lang.t_with("ed-error-not-found", &[("id", Arg::Code(id))]),
        EditError::Unavailable => lang.t("ed-error-unavailable"),
        other => other.to_string(),
    }
}

/// The Remove button of an event, or Restore for a removed one: a form that
/// works without JavaScript, naming the version the editor saw.
#[component]
fn RemoveOrRestore(
    /// The event's id.
    id: String,
    /// The version shown.
    version: i64,
    /// Whether the event is removed now (then the button restores it).
    deleted: bool,
    /// The page's remove action.
    remove: ServerAction<DeleteEvent>,
    /// The page's restore action.
    restore: ServerAction<RestoreEvent>,
    /// Whether the restore button says "Undo" (class `undo`) rather than
    /// "Restore".
    #[prop(optional)]
    undo: bool,
) -> impl IntoView {
    let lang = use_lang();
    let fields = view! {
        <input type="hidden" name="id" value=id/>
        <input type="hidden" name="version" value=version.to_string()/>
    };
    if deleted {
        let (text, class) = if undo { (lang.t("ed-undo"), "undo") } else { (lang.t("ed-restore"), "restore") };
        view! { <ActionForm action=restore attr:class="inline">{fields}<button type="submit" class=class>{text}</button></ActionForm> }
            .into_any()
    } else {
        view! { <ActionForm action=remove attr:class="inline">{fields}<button type="submit" class="remove">{lang.t("ed-remove")}</button></ActionForm> }
            .into_any()
    }
}

/// The latest refusal of a page's remove or restore action, as a notice.
fn action_error(
    remove: ServerAction<DeleteEvent>,
    restore: ServerAction<RestoreEvent>,
) -> impl Fn() -> Option<AnyView> + Copy {
    move || {
        [remove.value().get(), restore.value().get()]
            .into_iter()
            .flatten()
            .find_map(Result::err)
            .map(|error| view! { <EditNotice error/> }.into_any())
    }
}

/// A time as editors read it, to the minute in UTC: `2026-11-30 11:40 UTC`
/// in English; in other languages the day as the reader's pages write it
/// (`date-time`), e.g. "۳۰ نوامبر ۲۰۲۶ (۹ آذر ۱۴۰۵)، ۱۱:۴۰ UTC".
pub fn utc_minute(lang: Lang, t: time::OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    let clock = format!("{:02}:{:02}", t.hour(), t.minute());
    if lang == Lang::default() {
        return format!("{} {clock} UTC", domain::dates::format_date(t.date()));
    }
    lang.t_with("date-time", &[("date", Arg::Text(lang.date(t.date()).into())), ("time", Arg::Text(clock.into()))])
}

/// [`utc_minute`] of an RFC 3339 timestamp (a history entry's time); the
/// text itself if it does not parse.
pub fn when(lang: Lang, rfc3339: &str) -> String {
    time::OffsetDateTime::parse(rfc3339, &time::format_description::well_known::Rfc3339)
        .map_or_else(|_| rfc3339.to_owned(), |t| utc_minute(lang, t))
}

#[cfg(test)]
mod tests {
    #[test]
    fn times_read_in_utc_to_the_minute() {
        let en = super::Lang::default();
        assert_eq!(super::when(en, "2026-11-30T11:40:59Z"), "2026-11-30 11:40 UTC");
        assert_eq!(super::when(en, "2026-11-30T23:10:00-02:00"), "2026-12-01 01:10 UTC");
        assert_eq!(super::when(en, "soon"), "soon");
        let fa = super::Lang::parse("fa").expect("Persian");
        assert_eq!(super::when(fa, "2026-11-30T11:40:59Z"), "۳۰ نوامبر ۲۰۲۶ (۹ آذر ۱۴۰۵)، ۱۱:۴۰ UTC");
    }
}
