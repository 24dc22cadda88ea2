//! What the request log (tower-http's `TraceLayer`, set up in [`crate::router_with_routes`])
//! counts as a failed answer, logged at ERROR: as tower-http's
//! [`ServerErrorsAsFailures`], any 5xx or error, except an answer marked
//! [`Refusal`] — a refusal the server means, such as the reports' queue
//! being full (README, "Reports from readers: a flood"). Without the mark a
//! flood of reports against a full queue writes one ERROR line per attempt.

use axum::http::Response;
use tower_http::classify::{
    ClassifiedResponse, ClassifyResponse, NeverClassifyEos, ServerErrorsAsFailures, ServerErrorsFailureClass,
};

/// Put in a response's extensions: the answer is a documented refusal of a
/// healthy server (its status may be a 5xx, as the full queue's 503), not a
/// failure; the request log keeps it at DEBUG with every other answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refusal;

/// The request log's classifier: [`ServerErrorsAsFailures`] but for answers
/// marked [`Refusal`].
#[derive(Debug, Clone, Copy, Default)]
pub struct Failures;

impl ClassifyResponse for Failures {
    type FailureClass = ServerErrorsFailureClass;
    type ClassifyEos = NeverClassifyEos<ServerErrorsFailureClass>;

    fn classify_response<B>(self, res: &Response<B>) -> ClassifiedResponse<Self::FailureClass, Self::ClassifyEos> {
        if res.extensions().get::<Refusal>().is_some() {
            return ClassifiedResponse::Ready(Ok(()));
        }
        ServerErrorsAsFailures::new().classify_response(res)
    }

    fn classify_error<E>(self, error: &E) -> Self::FailureClass
    where
        E: std::fmt::Display + 'static,
    {
        ServerErrorsAsFailures::new().classify_error(error)
    }
}

#[cfg(test)]
mod tests {
    use axum::http::StatusCode;

    use super::*;

    fn classify(status: StatusCode, refusal: bool) -> bool {
        let mut res = Response::new(());
        *res.status_mut() = status;
        if refusal {
            res.extensions_mut().insert(Refusal);
        }
        matches!(Failures.classify_response(&res), ClassifiedResponse::Ready(Err(_)))
    }

    #[test]
    fn a_5xx_is_a_failure_unless_marked_a_refusal() {
        assert!(classify(StatusCode::INTERNAL_SERVER_ERROR, false));
        assert!(classify(StatusCode::SERVICE_UNAVAILABLE, false), "the database down");
        assert!(!classify(StatusCode::SERVICE_UNAVAILABLE, true), "the queue full");
        assert!(!classify(StatusCode::TOO_MANY_REQUESTS, false));
        assert!(!classify(StatusCode::OK, false));
    }
}
