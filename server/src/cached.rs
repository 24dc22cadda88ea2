//! The one path of every data answer of the API: key → validators → `304`
//! → kept answer → build → compression (README, "API at scale").
//!
//! A route says what it answers ([`Resource`]: its key, media type and
//! `Vary`) and how to build the body ([`Built`]); [`respond`] does the rest
//! the same way for all of them:
//!
//! 1. reads the data version and makes the validators from it and the key
//!    (`conditional.rs`); a client that has them gets `304`, carrying the
//!    same `Vary` as the full answer would;
//! 2. serves the kept answer of that version and key, compressed once per
//!    coding (`answers.rs`);
//! 3. else builds the body, once however many ask for it at the same time
//!    (the others wait), then reads the version again. Only when it is
//!    unchanged is the body known to be that version's: then it is kept and
//!    sent with the validators. When a write (of this process or another,
//!    such as `rallymap import`) committed meanwhile, the body is sent
//!    without validators and not kept, so an entity tag never stands for
//!    two different bodies.

use std::future::Future;
use std::sync::{Arc, Mutex};

use axum::body::Body;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::Response;
use bytes::Bytes;

use crate::answers::{Answer, Coding};
use crate::conditional::{Validators, REVALIDATE};
use crate::error::ApiError;
use crate::state::AppState;

/// `Vary` of answers that differ only by content coding.
pub const VARY_ENCODING: &str = "accept-encoding";
/// `Vary` of answers whose format also follows `Accept` (the OGC API's
/// JSON or HTML).
pub const VARY_ACCEPT_AND_ENCODING: &str = "accept, accept-encoding";

/// What a data route answers.
#[derive(Debug, Clone)]
pub struct Resource {
    /// The normalised request (path and query, format): the same text for
    /// every way of asking for the same thing. Part of the entity tag and
    /// of the kept answer's key.
    pub key: String,
    /// `Content-Type` of the full answer.
    pub media_type: &'static str,
    /// `Vary` of the full answer and of its `304`.
    pub vary: &'static str,
    /// `Content-Disposition`, for downloads.
    pub disposition: Option<&'static str>,
}

impl Resource {
    /// A resource at `key` answered as `media_type`, varying by coding only.
    pub fn new(key: impl Into<String>, media_type: &'static str) -> Self {
        Self { key: key.into(), media_type, vary: VARY_ENCODING, disposition: None }
    }

    /// The same, varying by `Accept` as well.
    pub fn negotiated(mut self) -> Self {
        self.vary = VARY_ACCEPT_AND_ENCODING;
        self
    }

    /// The same, as a download.
    pub fn download(mut self, disposition: &'static str) -> Self {
        self.disposition = Some(disposition);
        self
    }
}

/// A body a route built.
pub enum Built {
    /// The whole body, kept and compressed once per coding.
    Whole(Bytes),
    /// A body too large to keep, already in its content coding.
    Streamed(Body, Coding),
}

/// What was built but not kept, for the requests that waited for it.
enum Unkept {
    /// A write committed while it was built: sent without validators.
    Changed(Bytes),
    /// Too large to keep; the one who takes it streams it.
    Streamed(Mutex<Option<(Body, Coding)>>),
    /// The build failed; the one who takes it answers with the error.
    Failed(Mutex<Option<ApiError>>),
}

/// Answers `resource` for a request with `headers`: `304` when the client
/// has it, the kept answer when there is one, else what `build` makes for
/// the coding the client accepts. Requests for the same answer at the same
/// time wait for one build.
///
/// # Errors
/// The store's (the version cannot be read) and whatever `build` returns.
pub async fn respond<F, Fut>(
    state: &AppState,
    headers: &HeaderMap,
    resource: Resource,
    build: F,
) -> Result<Response, ApiError>
where
    F: Fn(Coding) -> Fut,
    Fut: Future<Output = Result<Built, ApiError>>,
{
    let version = state.store.data_version().await?;
    let validators = Validators::of(version, &resource.key);
    if validators.fresh_for(headers) {
        let mut res = validators.not_modified();
        res.headers_mut().insert(header::VARY, HeaderValue::from_static(resource.vary));
        return Ok(res);
    }
    let coding = Coding::negotiate(headers.get(header::ACCEPT_ENCODING));
    let unchanged = || async { state.store.data_version().await.is_ok_and(|v| v.version == version.version) };
    let made = state
        .answers
        .get_or_build(version.version, &resource.key, async {
            match build(coding).await {
                // Kept only when no write committed while it was built: then
                // the body is this version's.
                Ok(Built::Whole(bytes)) if unchanged().await => Ok(Arc::new(Answer::new(bytes))),
                Ok(Built::Whole(bytes)) => Err(Unkept::Changed(bytes)),
                Ok(Built::Streamed(body, coding)) => Err(Unkept::Streamed(Mutex::new(Some((body, coding))))),
                Err(e) => Err(Unkept::Failed(Mutex::new(Some(e)))),
            }
        })
        .await;
    let unkept = match made {
        Ok(answer) => {
            return Ok(finish(&resource, Body::from(answer.body(coding).await), coding, Some(&validators)));
        }
        Err(unkept) => unkept,
    };
    let taken = match &*unkept {
        Unkept::Changed(bytes) => return Ok(finish(&resource, Body::from(bytes.clone()), Coding::Identity, None)),
        Unkept::Streamed(slot) => take(slot).map(|(body, coding)| Built::Streamed(body, coding)),
        Unkept::Failed(slot) => match take(slot) {
            Some(e) => return Err(e),
            None => None,
        },
    };
    // What was built for another request that waited was taken by it: build
    // again for this one, and keep nothing.
    let built = match taken {
        Some(built) => built,
        None => build(coding).await?,
    };
    let validators = unchanged().await.then_some(&validators);
    Ok(match built {
        Built::Whole(bytes) => finish(&resource, Body::from(bytes), Coding::Identity, validators),
        Built::Streamed(body, coding) => finish(&resource, body, coding, validators),
    })
}

/// What `slot` holds, taken out (a poisoned lock still gives it).
fn take<T>(slot: &Mutex<Option<T>>) -> Option<T> {
    slot.lock().unwrap_or_else(std::sync::PoisonError::into_inner).take()
}

/// Marks an answer whose body is already in its final coding, so that the
/// router's compression leaves it alone.
#[derive(Debug, Clone, Copy)]
pub struct Encoded;

/// The full answer: body, media type, coding, `Vary`, download name and,
/// when the body is known to be the version they name, the validators.
fn finish(resource: &Resource, body: Body, coding: Coding, validators: Option<&Validators>) -> Response {
    let mut res = Response::new(body);
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(resource.media_type));
    h.insert(header::VARY, HeaderValue::from_static(resource.vary));
    if let Some(c) = coding.content_encoding() {
        h.insert(header::CONTENT_ENCODING, HeaderValue::from_static(c));
    }
    if let Some(d) = resource.disposition {
        h.insert(header::CONTENT_DISPOSITION, HeaderValue::from_static(d));
    }
    match validators {
        Some(v) => v.apply(h),
        None => {
            h.insert(header::CACHE_CONTROL, HeaderValue::from_static(REVALIDATE));
        }
    }
    res.extensions_mut().insert(Encoded);
    res
}
