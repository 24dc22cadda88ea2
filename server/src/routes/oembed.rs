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

/// `size` scaled down to fit `max_width` × `max_height` (each optional),
/// keeping its ratio (oembed.com §2.2: "the response must not be larger");
/// never scaled up.
pub fn fit(size: (u32, u32), max_width: Option<u32>, max_height: Option<u32>) -> (u32, u32) {
    let (w, h) = (f64::from(size.0), f64::from(size.1));
    let scale = [Some(1.0), max_width.map(|m| f64::from(m) / w), max_height.map(|m| f64::from(m) / h)]
        .into_iter()
        .flatten()
        .fold(f64::INFINITY, f64::min);
    // Rounded down, so neither side passes its maximum; at least a pixel.
    let side = |v: f64| ((v * scale + 1e-9).floor() as u32).max(1);
    (side(w), side(h))
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
    let mut event_title = None;
    // The page's path inside the site: behind a proxy, under the site's
    // path (`/rallies/events/…`), which the discovery links name.
    let path = state.config.base_path().strip(page.path()).ok_or_else(not_ours)?.to_owned();
    match path.as_str() {
        "/" | "/embed" => {}
        p => match p.strip_prefix("/events/") {
            Some(id) => match state.store.get(id).await? {
                Some(e) => {
                    view.event = Some(id.to_owned());
                    event_title = Some(e.title);
                }
                None => return Err(not_ours()),
            },
            None => return Err(not_ours()),
        },
    }
    let (width, height) = fit(DEFAULT_SIZE, max_w, max_h);
    let title = options.title.clone().or(event_title).unwrap_or_else(|| TITLE.to_owned());
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

#[cfg(test)]
mod tests {
    use super::fit;

    #[test]
    fn the_size_keeps_its_ratio_within_both_maxima() {
        assert_eq!(fit((640, 480), None, None), (640, 480));
        assert_eq!(fit((640, 480), Some(400), None), (400, 300));
        assert_eq!(fit((640, 480), None, Some(200)), (266, 200));
        assert_eq!(fit((640, 480), Some(400), Some(200)), (266, 200));
        assert_eq!(fit((640, 480), Some(1000), Some(1000)), (640, 480));
        assert_eq!(fit((640, 480), Some(1), Some(1)), (1, 1));
    }
}
