//! The import's server functions (README, "Import and export"): the
//! preview of an uploaded file with the editor's mapping, and the import
//! itself. Both read the file again from the upload folder with
//! `domain::import`, so what the preview shows is what is stored.

#[cfg(feature = "ssr")]
pub mod files;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::editing::EditError;

/// A column in the preview: its name, where it goes, a few values.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnView {
    /// As in the file.
    pub name: String,
    /// The target's name (`title`, `ignore`, …).
    pub target: String,
    /// Up to three values.
    pub samples: Vec<String>,
}

/// A valid record as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SampleRow {
    /// Row or feature.
    pub position: String,
    /// The id it gets.
    pub id: String,
    /// Title.
    pub title: String,
    /// The dates, in words.
    pub dates: String,
    /// Place name and country.
    pub place: String,
    /// `lat, lon` in degrees.
    pub point: String,
}

/// How many refusals and sample rows the preview lists.
pub const LISTED: usize = 200;

/// What the preview shows for an upload under the editor's options.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The upload's token.
    pub token: String,
    /// The file's name.
    pub file_name: String,
    /// Bytes.
    pub size: u64,
    /// Why the file as a whole cannot be read, if it cannot.
    pub error: Option<String>,
    /// The format, in words.
    pub format: String,
    /// Records read.
    pub records: usize,
    /// Valid records.
    pub valid: usize,
    /// Refused records (all of them are counted, the first [`LISTED`] listed).
    pub refused: usize,
    /// The first refusals, each as "row 5: field: reason".
    pub refusals: Vec<String>,
    /// Notes on the reading.
    pub notes: Vec<String>,
    /// The columns and their targets.
    pub columns: Vec<ColumnView>,
    /// The first valid records.
    pub samples: Vec<SampleRow>,
    /// Every target: name and label.
    pub targets: Vec<(String, String)>,
    /// Every date format: name and label.
    pub date_formats: Vec<(String, String)>,
    /// The chosen date format's name.
    pub date_format: String,
    /// Whether a decimal comma is read.
    pub decimal_comma: bool,
    /// The kind for records without one ("" for none).
    pub default_kind: String,
    /// The place precision for records without one.
    pub default_geo_precision: String,
    /// The options as a query string, for the import form.
    pub query: String,
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// Whether anything was stored.
    pub stored: bool,
    /// Events added.
    pub created: usize,
    /// Events replaced.
    pub updated: usize,
    /// The closing sentence.
    pub summary: String,
    /// The first refusals (skipped or blocking).
    pub refusals: Vec<String>,
    /// How many were refused.
    pub refused: usize,
}

/// The editor, the store, the upload and its file for `token`.
#[cfg(feature = "ssr")]
async fn upload(
    token: &str,
) -> Result<(String, domain::store::SharedStore, files::Upload, std::path::PathBuf), EditError> {
    let editor = crate::auth::current_editor().await.ok().flatten().ok_or(EditError::SignInRequired)?;
    let store = use_context::<domain::store::SharedStore>().ok_or(EditError::Unavailable)?;
    let uploads = use_context::<files::Uploads>().ok_or(EditError::Unavailable)?;
    let upload = files::find(&uploads.dir, token, &editor).ok_or_else(|| {
        EditError::Refused("This upload is not there any more (uploads are kept a day); upload the file again.".into())
    })?;
    Ok((editor, store, upload, files::data_path(&uploads.dir, token)))
}

/// Reads the upload with `options` off the async threads.
#[cfg(feature = "ssr")]
async fn read(
    path: std::path::PathBuf,
    options: domain::import::Options,
) -> Result<Result<domain::import::Reading, domain::import::FileError>, EditError> {
    tokio::task::spawn_blocking(move || domain::import::read(&path, &options)).await.map_err(|_| EditError::Unavailable)
}

/// The preview of upload `token` read with the options of `query`
/// (`map.COLUMN=FIELD`, `date_format`, `decimal_comma`, `kind`,
/// `geo_precision`).
///
/// # Errors
/// [`EditError::SignInRequired`]; [`EditError::Refused`] for an upload
/// that is gone or not the editor's, or options that do not parse.
#[server(prefix = "/_fn", endpoint = "import_preview")]
pub async fn import_preview(
    /// The upload's token.
    token: String,
    /// The options as a query string.
    query: String,
) -> Result<Preview, EditError> {
    crate::editing::with_status(
        async {
            use domain::import::{columns::Target, dates::DateFormat, Options};
            let (_, _, upload, path) = upload(&token).await?;
            let options = Options::from_query(&query).map_err(EditError::Refused)?;
            let mut preview = Preview {
                token: token.clone(),
                file_name: upload.file_name.clone(),
                size: upload.size,
                error: None,
                format: String::new(),
                records: 0,
                valid: 0,
                refused: 0,
                refusals: Vec::new(),
                notes: Vec::new(),
                columns: Vec::new(),
                samples: Vec::new(),
                targets: Target::ALL.iter().map(|t| (t.name().to_owned(), t.label().to_owned())).collect(),
                date_formats: DateFormat::ALL.iter().map(|f| (f.name().to_owned(), f.label().to_owned())).collect(),
                date_format: options.date_format.name().to_owned(),
                decimal_comma: options.decimal_comma,
                default_kind: options.default_kind.clone().unwrap_or_default(),
                default_geo_precision: options.default_geo_precision.clone().unwrap_or_default(),
                query: options.to_query(),
            };
            match read(path, options).await? {
                Err(e) => preview.error = Some(e.to_string()),
                Ok(r) => {
                    preview.format = r.format.to_string();
                    preview.records = r.records;
                    preview.valid = r.events.len();
                    preview.refused = r.refusals.len();
                    preview.refusals = r.refusals.iter().take(LISTED).map(ToString::to_string).collect();
                    preview.notes = r.notes;
                    preview.columns = r
                        .columns
                        .into_iter()
                        .map(|c| ColumnView { name: c.name, target: c.target, samples: c.samples })
                        .collect();
                    preview.samples = r
                        .events
                        .iter()
                        .take(10)
                        .map(|(p, e)| SampleRow {
                            position: p.to_string(),
                            id: e.id.clone(),
                            title: e.title.clone(),
                            dates: domain::dates::human_range(
                                e.dates,
                                e.date_precision == domain::event::DatePrecision::Approximate,
                            ),
                            place: format!("{}, {}", e.location_name, e.country_code),
                            point: format!("{}, {}", e.lat, e.lon),
                        })
                        .collect();
                }
            }
            Ok(preview)
        }
        .await,
    )
}

/// Imports upload `token` with the options of `query` and the editor's
/// policy (checkboxes: `publish`, `valid_only`, `update_existing`, each
/// present when ticked).
///
/// # Errors
/// As [`import_preview`]; [`EditError::Refused`] for a file that cannot be
/// read; [`EditError::Unavailable`] when the store fails (nothing stored).
#[server(prefix = "/_fn", endpoint = "import_confirm")]
pub async fn import_confirm(
    /// The upload's token.
    token: String,
    /// The options as a query string.
    query: String,
    /// Publish the events (else drafts).
    publish: Option<String>,
    /// Store the valid records even when others are refused.
    valid_only: Option<String>,
    /// Replace events whose id exists.
    update_existing: Option<String>,
) -> Result<Outcome, EditError> {
    crate::editing::with_status(
        async {
            use domain::import::{run, Options};
            let (editor, store, upload, path) = upload(&token).await?;
            let options = Options::from_query(&query).map_err(EditError::Refused)?;
            let reading = read(path, options).await?.map_err(|e| EditError::Refused(e.to_string()))?;
            let policy = run::Policy {
                publish: publish.is_some(),
                valid_only: valid_only.is_some(),
                update_existing: update_existing.is_some(),
                dry_run: false,
            };
            let report = run::run(store.as_ref(), reading, policy, &upload.file_name, &editor).await?;
            Ok(Outcome {
                stored: report.stored,
                created: report.created,
                updated: report.updated,
                summary: report.outcome(),
                refused: report.refusals.len(),
                refusals: report.refusals.iter().take(LISTED).map(ToString::to_string).collect(),
            })
        }
        .await,
    )
}
