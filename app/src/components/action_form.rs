//! A form for a server function, as Leptos's `ActionForm`, whose `action`
//! carries the path the site is served under (`crate::base`). Leptos's own
//! writes the server function's bare path (`/_fn/sign_in`), which a form
//! posted without JavaScript behind a proxy at `/rallies/` would send
//! outside the site. Pages import this one by name, which takes precedence
//! over the prelude's.

use leptos::form::FromFormData;
use leptos::html::Form;
use leptos::prelude::*;
use leptos::server_fn::client::Client;
use leptos::server_fn::codec::PostUrl;
use leptos::server_fn::error::{IntoAppError, ServerFnErrorErr};
use leptos::server_fn::request::ClientReq;
use leptos::server_fn::{Http, ServerFn};
use leptos::tachys::either::Either;
use leptos::web_sys::{FormData, SubmitEvent};
use serde::de::DeserializeOwned;

/// A `<form method="post">` for `action`'s server function: without
/// JavaScript the browser posts it to the function's URL under the site's
/// path; once the page is live, the submit dispatches `action` instead (the
/// client calls the same URL). It must sit inside the app's `Router`, whose
/// redirect hook follows the function's redirects.
#[component]
pub fn ActionForm<ServFn, OutputProtocol>(
    /// The action from which to build the form.
    action: ServerAction<ServFn>,
    /// Where the `<form>` element is stored.
    #[prop(optional)]
    node_ref: Option<NodeRef<Form>>,
    /// The form's fields.
    children: Children,
) -> impl IntoView
where
    ServFn: DeserializeOwned + ServerFn<Protocol = Http<PostUrl, OutputProtocol>> + Clone + Send + Sync + 'static,
    <<ServFn::Client as Client<ServFn::Error>>::Request as ClientReq<ServFn::Error>>::FormData: From<FormData>,
    ServFn::Output: Send + Sync + 'static,
    ServFn::Error: Send + Sync + 'static,
    <ServFn as ServerFn>::Client: Client<<ServFn as ServerFn>::Error>,
{
    let version = action.version();
    let value = action.value();
    let on_submit = move |ev: SubmitEvent| {
        if ev.default_prevented() {
            return;
        }
        ev.prevent_default();
        match ServFn::from_event(&ev) {
            Ok(input) => {
                action.dispatch(input);
            }
            Err(err) => {
                leptos::logging::error!("form fields do not make the server function's arguments: {err:?}");
                value.set(Some(Err(ServerFnErrorErr::Serialization(err.to_string()).into_app_error())));
                version.update(|n| *n += 1);
            }
        }
    };
    let form = leptos::html::form()
        .action(crate::base::href(ServFn::url()))
        .method("post")
        .on(leptos::ev::submit, on_submit)
        .child(children());
    match node_ref {
        Some(r) => Either::Left(form.node_ref(r)),
        None => Either::Right(form),
    }
}
