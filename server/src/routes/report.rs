//! `POST /report`: a reader's report, from the plain form of `/report`
//! (`app::pages::report`), with or without JavaScript (README, "Reports
//! from readers").
//!
//! In order: the body's size (413 beyond [`BODY_LIMIT`]), the robots' trap
//! (a filled one is answered as a success with a made-up reference and
//! nothing is stored), the form's signed start time (400 when missing,
//! forged, or sent faster than `RALLYMAP_REPORT_MIN_SECONDS`), the event's
//! rules and the report's own (400, the form again with each field's
//! error), then the store, in one write: the queue's cap (503), the
//! sender's hourly limit (429 with `Retry-After`), a duplicate within a day
//! (303 to the first one's reference) and the new report (303 to its
//! reference). Every refusal shows the form again with what was typed.

use app::report::{Refused, ReportFormState, STAMP_FIELD, TRAP_FIELD};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::Router;
use domain::report::{reference_from_bits, ReportInput};
use domain::store::{NewReport, StoreError, Submission, SubmitLimits};
use leptos::prelude::provide_context;

use crate::report_keys::{fingerprint, StampError};
use crate::request_log::Refusal;
use crate::state::AppState;

/// The largest report body, in bytes: every field at its limit
/// (`domain::limits`), in a script that takes six bytes a letter once
/// URL-encoded, fits.
pub const BODY_LIMIT: usize = 96 * 1024;

/// How many fresh references are tried when one is taken.
const REFERENCE_TRIES: usize = 8;

/// The route.
pub fn router() -> Router<AppState> {
    Router::new().route("/report", post(submit))
}

/// The form's fields, the trap's value and the start time.
fn read_form(bytes: &[u8]) -> (ReportInput, String, String) {
    let mut input = ReportInput::default();
    let (mut stamp, mut trap) = (String::new(), String::new());
    for (k, v) in url::form_urlencoded::parse(bytes) {
        let v = v.into_owned();
        let on = v == "true" || v == "on";
        match k.as_ref() {
            "title" => input.title = v,
            "description" => input.description = v,
            "kind" => input.kind = v,
            "location_name" => input.location_name = v,
            "country_code" => input.country_code = v,
            "lat" => input.lat = v,
            "lon" => input.lon = v,
            "date_start" => input.date_start = v,
            "date_end" => input.date_end = v,
            "approximate" => input.approximate = on,
            "source_url" => input.source_url = v,
            "was_there" => input.was_there = on,
            "crowd_size_text" => input.crowd_size_text = v,
            "contact_email" => input.contact_email = v,
            k if k == STAMP_FIELD => stamp = v,
            k if k == TRAP_FIELD => trap = v,
            _ => {}
        }
    }
    (input, stamp, trap)
}

fn now_unix() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

fn fresh_reference() -> String {
    reference_from_bits(OsRng.next_u64())
}

/// `303 See Other` to the page that shows `reference`.
fn received(state: &AppState, reference: &str, already: bool) -> Response {
    let already = if already { "&already=1" } else { "" };
    let to = state.config.base_path().join(&format!("/report/received?ref={reference}{already}"));
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(&to) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

/// Takes a report; see the module's documentation for the order of checks.
async fn submit(State(state): State<AppState>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, BODY_LIMIT).await else {
        let (lang, _) = app::i18n::for_request(&parts.uri, &parts.headers);
        let text = lang.t_with("report-too-large", &[("kb", app::i18n::Arg::Number((BODY_LIMIT / 1024) as i64))]);
        return (StatusCode::PAYLOAD_TOO_LARGE, [(header::CONTENT_TYPE, "text/plain; charset=utf-8")], text)
            .into_response();
    };
    let (input, stamp, trap) = read_form(&bytes);
    if !trap.trim().is_empty() {
        tracing::debug!("a report filled the robots' trap; answered as received, not stored");
        return received(&state, &fresh_reference(), false);
    }
    let form = |refused| ReportFormState { input: input.clone(), stamp: state.report_keys.stamp(now_unix()), refused };
    match state.report_keys.check_stamp(&stamp, now_unix(), state.config.report_min_seconds) {
        Ok(()) => {}
        Err(StampError::Invalid) => {
            return page(&state, parts, form(Some(Refused::Expired)), StatusCode::BAD_REQUEST, None).await
        }
        Err(StampError::TooFast(_)) => {
            return page(&state, parts, form(Some(Refused::TooFast)), StatusCode::BAD_REQUEST, None).await
        }
    }
    let report = match input.validate() {
        Ok(r) => r,
        Err(refusal) => {
            return page(&state, parts, form(Some(Refused::Fields(refusal))), StatusCode::BAD_REQUEST, None).await
        }
    };
    let client = parts.extensions.get::<app::auth::ClientAddr>().map_or("unknown", |c| c.0.as_str());
    let limits = SubmitLimits { per_hour: state.config.reports_per_hour, open_cap: state.config.reports_open_max };
    let client_hash = match state.report_keys.client_hash(client).await {
        Ok(h) => h,
        Err(e) => {
            tracing::error!(error = %e, "could not read the day's sender key");
            let f = form(Some(Refused::Unavailable));
            return page(&state, parts, f, StatusCode::SERVICE_UNAVAILABLE, Some(60)).await;
        }
    };
    let mut new = NewReport { fingerprint: fingerprint(&report), report, reference: fresh_reference(), client_hash };
    let mut outcome = Err(StoreError::DuplicateId(new.reference.clone()));
    for _ in 0..REFERENCE_TRIES {
        outcome = state.reports.submit(&new, limits).await;
        if !matches!(outcome, Err(StoreError::DuplicateId(_))) {
            break;
        }
        new.reference = fresh_reference();
    }
    match outcome {
        Ok(Submission::Stored(r)) => received(&state, &r, false),
        Ok(Submission::Duplicate(r)) => received(&state, &r, true),
        Ok(Submission::Throttled { retry_after }) => {
            let minutes = retry_after.div_ceil(60);
            let f = form(Some(Refused::Throttled { minutes }));
            page(&state, parts, f, StatusCode::TOO_MANY_REQUESTS, Some(retry_after)).await
        }
        Ok(Submission::QueueFull) => {
            let mut res =
                page(&state, parts, form(Some(Refused::QueueFull)), StatusCode::SERVICE_UNAVAILABLE, Some(3600)).await;
            // Meant, not a failure: no ERROR line per attempt of a flood.
            res.extensions_mut().insert(Refusal);
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "could not store a report");
            page(&state, parts, form(Some(Refused::Unavailable)), StatusCode::SERVICE_UNAVAILABLE, Some(60)).await
        }
    }
}

/// The report page rendered with `form` (the reader's values and why they
/// were refused), answered with `status` and, if given, `Retry-After`.
async fn page(
    state: &AppState,
    parts: axum::http::request::Parts,
    form: ReportFormState,
    status: StatusCode,
    retry_after: Option<u64>,
) -> Response {
    let options = state.leptos_options.clone();
    let base = state.config.base_path();
    // The form's map draws the same tiles as on `GET /report`.
    let settings = state.config.site_settings();
    let render = leptos_axum::render_app_async_with_context(
        move || {
            provide_context(form.clone());
            provide_context(base.clone());
            provide_context(settings.clone());
        },
        move || app::shell(options.clone()),
    );
    let mut req = Request::from_parts(parts, Body::empty());
    *req.method_mut() = Method::GET;
    let mut res = render(req).await;
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(v) = retry_after.and_then(|s| HeaderValue::from_str(&s.to_string()).ok()) {
        h.insert(header::RETRY_AFTER, v);
    }
    res
}
