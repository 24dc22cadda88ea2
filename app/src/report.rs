//! What the server hands the report page (`/report`, `pages::report`):
//! the form's values, its signed start time, and why a post was refused.
//!
//! The form is posted to the server's own route (`POST /report`, not a
//! server function) so that a refusal answers with its HTTP status (400,
//! 429, 503) and the form again, values kept, with or without JavaScript.

use domain::report::{ReportInput, ReportRefusal};
use serde::{Deserialize, Serialize};

/// The form's input for the start time the server signed.
pub const STAMP_FIELD: &str = "started";
/// The form's trap for robots: a field people never see or fill.
pub const TRAP_FIELD: &str = "website";

/// The report form as the server renders it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ReportFormState {
    /// What the reader typed (empty for a new form).
    pub input: ReportInput,
    /// The signed time the form was served (`SECONDS.SIGNATURE`).
    pub stamp: String,
    /// Why the last post was refused, if it was.
    pub refused: Option<Refused>,
}

/// Why a report was not received; each has its HTTP status on the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Refused {
    /// 400: fields break the rules.
    Fields(ReportRefusal),
    /// 400: sent faster than a person fills the form.
    TooFast,
    /// 400: the form's start time is missing, forged or older than a day.
    Expired,
    /// 429: this sender's hourly limit.
    Throttled {
        /// Whole minutes until the next report is taken.
        minutes: u64,
    },
    /// 503: the editors' queue is full.
    QueueFull,
    /// 503: the database cannot be reached.
    Unavailable,
}

/// Makes a fresh signed start time for a new form; provided as context by
/// the server. Server only.
#[cfg(feature = "ssr")]
#[derive(Clone)]
pub struct StampMaker(pub std::sync::Arc<dyn Fn() -> String + Send + Sync>);
