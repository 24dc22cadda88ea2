//! The API's errors and their one mapping to HTTP: `application/problem+json`
//! bodies as RFC 9457 defines them.

use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

use domain::store::StoreError;

/// The media type of a problem details body (RFC 9457 §3).
pub const PROBLEM_JSON: &str = "application/problem+json";

/// What a 503 asks the client to wait before trying again, in seconds
/// (`Retry-After`, RFC 9110, section 10.2.3).
pub const RETRY_AFTER_SECONDS: u32 = 5;

/// Everything an API request can fail with.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// 400: a query parameter's value is malformed.
    #[error("{param}: {reason}")]
    InvalidParameter {
        /// The parameter's name.
        param: String,
        /// What is wrong with its value.
        reason: String,
    },
    /// 400: a query parameter this resource does not know.
    #[error("{param}: unknown parameter; this resource accepts {accepted}")]
    UnknownParameter {
        /// The parameter's name.
        param: String,
        /// The accepted names, comma-separated.
        accepted: String,
    },
    /// 400: the same parameter twice.
    #[error("{0}: given more than once")]
    RepeatedParameter(String),
    /// 414: the query string is longer than we read.
    #[error("the query string is {len} bytes long; the limit is {limit}")]
    QueryTooLong {
        /// Its length in bytes.
        len: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// 404: no public event has this id.
    #[error("no event with id {0:?}")]
    EventNotFound(String),
    /// 404: no collection with this id (OGC API – Features, §7.14.1).
    #[error("no collection {0:?}; this server has the collection \"events\"")]
    CollectionNotFound(String),
    /// 406: a format (`f` parameter) this resource does not produce.
    #[error("f: {format:?} is not a format of this resource; use {offered}")]
    NotAcceptable {
        /// The format asked for.
        format: String,
        /// The formats it has, e.g. `json or html`.
        offered: &'static str,
    },
    /// 404: no API resource at this path.
    #[error("no API resource at {0}")]
    NoSuchResource(String),
    /// 404: an oEmbed request for a URL that is not one of our map pages.
    #[error("{0:?} is not a map page of this site")]
    NotOurUrl(String),
    /// 501: an oEmbed format we do not produce.
    #[error("format {0} is not implemented; use format=json")]
    FormatNotImplemented(String),
    /// 403: a state-changing request from another site's page.
    #[error("Origin: requests that change data must come from this site's own pages")]
    ForeignOrigin,
    /// 405: the resource exists but not for this method.
    #[error("{method} is not allowed here; use GET")]
    MethodNotAllowed {
        /// The method used.
        method: String,
    },
    /// 500: the store failed. The cause is logged, never shown.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// 500: the request failed inside the server (a handler panicked); the
    /// cause is logged, never shown, and the server goes on.
    #[error("the server failed while answering; the server log has the details")]
    Internal,
}

/// A problem details object (RFC 9457 §3.1), with the `invalid-params`
/// extension of its §3 example for parameter errors.
#[derive(Debug, Serialize)]
pub struct Problem {
    /// `about:blank`: the status code says it all (RFC 9457 §4.2.1).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The status code's phrase.
    pub title: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, naming the parameter or field.
    pub detail: String,
    /// The offending parameters, for machines.
    #[serde(rename = "invalid-params", skip_serializing_if = "Vec::is_empty")]
    pub invalid_params: Vec<InvalidParam>,
}

/// One offending parameter.
#[derive(Debug, Serialize)]
pub struct InvalidParam {
    /// Its name.
    pub name: String,
    /// Why it is refused.
    pub reason: String,
}

impl ApiError {
    /// The status this error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            Self::InvalidParameter { .. } | Self::UnknownParameter { .. } | Self::RepeatedParameter(_) => {
                StatusCode::BAD_REQUEST
            }
            Self::QueryTooLong { .. } => StatusCode::URI_TOO_LONG,
            Self::ForeignOrigin => StatusCode::FORBIDDEN,
            Self::EventNotFound(_) | Self::NoSuchResource(_) | Self::NotOurUrl(_) | Self::CollectionNotFound(_) => {
                StatusCode::NOT_FOUND
            }
            Self::NotAcceptable { .. } => StatusCode::NOT_ACCEPTABLE,
            Self::FormatNotImplemented(_) => StatusCode::NOT_IMPLEMENTED,
            Self::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            Self::Store(StoreError::Unavailable(_)) => StatusCode::SERVICE_UNAVAILABLE,
            Self::Store(_) | Self::Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// The problem details body.
    pub fn problem(&self) -> Problem {
        let status = self.status();
        let invalid_params = match self {
            Self::InvalidParameter { param, reason } => {
                vec![InvalidParam { name: param.clone(), reason: reason.clone() }]
            }
            Self::UnknownParameter { param, .. } => {
                vec![InvalidParam { name: param.clone(), reason: "unknown parameter".into() }]
            }
            Self::RepeatedParameter(param) => {
                vec![InvalidParam { name: param.clone(), reason: "given more than once".into() }]
            }
            Self::NotAcceptable { format, offered } => {
                vec![InvalidParam { name: "f".into(), reason: format!("{format:?} is not offered; use {offered}") }]
            }
            _ => Vec::new(),
        };
        let detail = match self {
            Self::Store(StoreError::Unavailable(_)) => {
                format!("the database is unavailable right now; try again in {RETRY_AFTER_SECONDS} seconds")
            }
            Self::Store(_) => "the event store failed; the server log has the details".to_owned(),
            other => other.to_string(),
        };
        Problem {
            kind: "about:blank",
            title: status.canonical_reason().unwrap_or("Error"),
            status: status.as_u16(),
            detail,
            invalid_params,
        }
    }
}

/// The answer to a request whose handler panicked (tower-http's
/// `CatchPanicLayer` calls it): a 500 problem, the panic logged, instead of
/// a dropped connection.
pub fn panicked(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let message = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("(no message)");
    tracing::error!(panic = message, "a request panicked; answered 500");
    ApiError::Internal.into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        if let Self::Store(e) = &self {
            tracing::error!(error = %e, "store failed during an API request");
        }
        let body = serde_json::to_vec(&self.problem()).unwrap_or_default();
        let mut response = (self.status(), [(header::CONTENT_TYPE, PROBLEM_JSON)], body).into_response();
        if self.status() == StatusCode::SERVICE_UNAVAILABLE {
            response.headers_mut().insert(header::RETRY_AFTER, header::HeaderValue::from(RETRY_AFTER_SECONDS));
        }
        response
    }
}
