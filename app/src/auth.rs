//! Signing editors in and out: the port the server implements, and the
//! server functions the sign-in page and the editor pages call.
//!
//! The session cookie is `HttpOnly`, `SameSite=Strict`, `Path=/` (or the
//! path the site is served under, `crate::base`), and
//! `Secure` when the server is configured for HTTPS. Failed sign-ins are
//! throttled per account and per client address, and the message never says
//! which of name or password was wrong.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "rallymap_session";

/// Why signing in failed, as the sign-in page shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum SignInError {
    /// Name or password wrong; deliberately not saying which.
    #[error("That name and password do not match an editor account.")]
    Invalid,
    /// Too many failures for this account or address.
    #[error("Too many failed sign-ins. Try again in {minutes} minutes.")]
    Throttled {
        /// Whole minutes until the next try is accepted.
        minutes: u32,
    },
    /// The server could not check (database down); details are logged.
    #[error("Signing in is unavailable right now.")]
    Unavailable,
    /// The request itself failed.
    #[error("{0}")]
    ServerFn(ServerFnErrorErr),
}

impl FromServerFnError for SignInError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value)
    }
}

/// What the server must provide (as Leptos context) for editors to sign in.
/// Server only.
#[cfg(feature = "ssr")]
#[async_trait::async_trait]
pub trait Sessions: Send + Sync + 'static {
    /// Checks the credentials (throttled per `name` and per `client`
    /// address) and returns a new session token.
    async fn sign_in(&self, name: &str, password: &str, client: &str) -> Result<String, SignInError>;
    /// The editor's name for a live session token; `Ok(None)` for no live
    /// session.
    ///
    /// # Errors
    /// [`SignInError::Unavailable`] when the sessions cannot be read (the
    /// database is lost): not the same as being signed out.
    async fn editor(&self, token: &str) -> Result<Option<String>, SignInError>;
    /// Ends the session server-side.
    async fn sign_out(&self, token: &str);
    /// Whether cookies get the `Secure` attribute.
    fn secure_cookies(&self) -> bool;
    /// How long a session lasts, in seconds.
    fn session_seconds(&self) -> i64;
}

/// The sessions port as shared through context. Server only.
#[cfg(feature = "ssr")]
pub type SharedSessions = std::sync::Arc<dyn Sessions>;

#[cfg(feature = "ssr")]
fn session_token() -> Option<String> {
    session_in(&use_context::<http::request::Parts>()?.headers)
}

/// The session token in a request's `Cookie` headers, if any. Server only;
/// also used by the server's own routes that need the editor
/// (`/editor/import/upload`).
#[cfg(feature = "ssr")]
pub fn session_in(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == SESSION_COOKIE)
        .map(|(_, v)| v.to_owned())
}

/// Sets an error's HTTP status, except for a plain form post (no
/// JavaScript), which Leptos answers with a redirect back to the form.
/// Server only.
#[cfg(feature = "ssr")]
pub(crate) fn set_error_status(code: http::StatusCode) {
    let form_post = use_context::<http::request::Parts>().is_some_and(|p| {
        p.headers.get(http::header::ACCEPT).and_then(|v| v.to_str().ok()).is_some_and(|v| v.contains("text/html"))
    });
    if let (false, Some(res)) = (form_post, use_context::<leptos_axum::ResponseOptions>()) {
        res.set_status(code);
    }
}

#[cfg(feature = "ssr")]
fn set_cookie(value: &str, max_age: i64, secure: bool) {
    if let Some(res) = use_context::<leptos_axum::ResponseOptions>() {
        let secure = if secure { "; Secure" } else { "" };
        let base = crate::base::current();
        let path = base.cookie_path();
        let cookie =
            format!("{SESSION_COOKIE}={value}; Path={path}; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}");
        if let Ok(v) = http::HeaderValue::from_str(&cookie) {
            res.append_header(http::header::SET_COOKIE, v);
        }
    }
}

/// The signed-in editor's name, or `None`.
///
/// # Errors
/// [`SignInError::Unavailable`] when the sessions cannot be read; transport
/// errors.
#[server(prefix = "/_fn", endpoint = "current_editor")]
pub async fn current_editor() -> Result<Option<String>, SignInError> {
    let Some(sessions) = use_context::<SharedSessions>() else { return Ok(None) };
    let Some(token) = session_token() else { return Ok(None) };
    sessions.editor(&token).await
}

/// Signs in and goes to `/editor`.
///
/// # Errors
/// [`SignInError::Invalid`] or [`SignInError::Throttled`]; nothing is set.
#[server(prefix = "/_fn", endpoint = "sign_in")]
pub async fn sign_in(
    /// The editor's name.
    name: String,
    /// The password.
    password: String,
) -> Result<(), SignInError> {
    let sessions = use_context::<SharedSessions>().ok_or(SignInError::Unavailable)?;
    let client = use_context::<http::request::Parts>()
        .and_then(|p| p.extensions.get::<ClientAddr>().map(|c| c.0.clone()))
        .unwrap_or_else(|| "unknown".into());
    let token = match sessions.sign_in(name.trim(), &password, &client).await {
        Ok(t) => t,
        Err(e) => {
            // 401 or 429, never a 500, for a wrong or too-frequent try.
            let code = match e {
                SignInError::Invalid => http::StatusCode::UNAUTHORIZED,
                SignInError::Throttled { .. } => http::StatusCode::TOO_MANY_REQUESTS,
                _ => http::StatusCode::SERVICE_UNAVAILABLE,
            };
            set_error_status(code);
            return Err(e);
        }
    };
    set_cookie(&token, sessions.session_seconds(), sessions.secure_cookies());
    leptos_axum::redirect(&crate::base::href("/editor"));
    Ok(())
}

/// Ends the session (server-side too) and goes to `/`.
///
/// # Errors
/// Only transport errors.
#[server(prefix = "/_fn", endpoint = "sign_out")]
pub async fn sign_out() -> Result<(), SignInError> {
    if let (Some(sessions), Some(token)) = (use_context::<SharedSessions>(), session_token()) {
        sessions.sign_out(&token).await;
        set_cookie("", 0, sessions.secure_cookies());
    }
    leptos_axum::redirect(&crate::base::href("/login"));
    Ok(())
}

/// The client's address, put in the request's extensions by the server
/// (from the connection), for throttling. Server only.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone)]
pub struct ClientAddr(pub String);
