//! `GET /oembed`: oEmbed 1.0 (oembed.com §2) for our own map URLs, answering
//! a `rich` response whose `html` is the same iframe code as the share dialog.

use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use domain::embed::{base_url, embed_url, iframe_html, EmbedOptions, DEFAULT_SIZE};
use domain::permalink::Permalink;
use serde::Serialize;

use crate::error::ApiError;
use crate::state::AppState;

/// The oEmbed route.
pub fn router() -> Router<AppState> {
    Router::new().route("/oembed", get(oembed))
}

/// An oEmbed `rich` response (oembed.com §2.3.4).
#[derive(Debug, Serialize)]
pub struct OEmbed {
    /// Always `"1.0"`.
    pub version: &'static str,
    /// Always `"rich"`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// `"rallymap"`.
    pub provider_name: &'static str,
    /// The public base URL.
    pub provider_url: String,
    /// A title for the embedded map.
    pub title: String,
    /// The iframe code.
    pub html: String,
    /// Width in pixels, at most `maxwidth`.
    pub width: u32,
    /// Height in pixels, at most `maxheight`.
    pub height: u32,
}

const TITLE: &str = "rallymap: reported rallies and protests";

/// The public base URL for a request: the setting, else the `Host` header.
pub fn request_base(state: &AppState, headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    base_url(state.config.public_url.as_ref().map(url::Url::as_str), host, &state.config.listen.to_string())
}

fn positive(name: &str, v: &str) -> Result<u32, ApiError> {
    v.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| ApiError::InvalidParameter {
        param: name.to_owned(),
        reason: format!("must be a positive whole number of pixels, got {v:?}"),
    })
}

async fn oembed(
    State(state): State<AppState>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Result<Response, ApiError> {
    let (mut target, mut max_w, mut max_h, mut format) = (None, None, None, None);
    for (k, v) in url::form_urlencoded::parse(query.as_deref().unwrap_or("").as_bytes()) {
        match k.as_ref() {
            "url" => target = Some(v.into_owned()),
            "maxwidth" => max_w = Some(positive("maxwidth", &v)?),
            "maxheight" => max_h = Some(positive("maxheight", &v)?),
            "format" => format = Some(v.into_owned()),
            // oEmbed consumers may send their own parameters; they are ignored.
            _ => {}
        }
    }
    match format.as_deref() {
        None | Some("json") => {}
        Some("xml") => return Err(ApiError::FormatNotImplemented("xml".into())),
        Some(other) => {
            return Err(ApiError::InvalidParameter {
                param: "format".into(),
                reason: format!("must be json or xml, got {other:?}"),
            })
        }
    }
    let target =
        target.ok_or_else(|| ApiError::InvalidParameter { param: "url".into(), reason: "is required".into() })?;
    let base = request_base(&state, &headers);
    let not_ours = || ApiError::NotOurUrl(target.clone());
    let page = url::Url::parse(&target).map_err(|_| not_ours())?;
    let ours = url::Url::parse(&base).map_err(|_| not_ours())?;
    if page.origin() != ours.origin() {
        return Err(not_ours());
    }
    let pairs: Vec<(String, String)> = page.query_pairs().map(|(k, v)| (k.into_owned(), v.into_owned())).collect();
    let pairs = || pairs.iter().map(|(k, v)| (k.as_str(), v.as_str()));
    let mut view = Permalink::from_pairs(pairs());
    let options = EmbedOptions::from_pairs(pairs());
    match page.path() {
        "/" | "/embed" => {}
        p => match p.strip_prefix("/events/") {
            Some(id) if state.store.get(id).await?.is_some() => view.event = Some(id.to_owned()),
            _ => return Err(not_ours()),
        },
    }
    let width = max_w.map_or(DEFAULT_SIZE.0, |m| m.min(DEFAULT_SIZE.0));
    let height = max_h.map_or(DEFAULT_SIZE.1, |m| m.min(DEFAULT_SIZE.1));
    let title = options.title.clone().unwrap_or_else(|| TITLE.to_owned());
    let body = OEmbed {
        version: "1.0",
        kind: "rich",
        provider_name: "rallymap",
        provider_url: format!("{base}/"),
        html: iframe_html(&embed_url(&base, &view, &options), width, height, &title),
        title,
        width,
        height,
    };
    Ok(([(header::CONTENT_TYPE, "application/json")], serde_json::to_vec(&body).unwrap_or_default()).into_response())
}
