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
    /// Whether the import keeps the file's dataset in step (a sync).
    pub sync: bool,
    /// With `sync`: the dataset kept in step, and the counts of new,
    /// updated, unchanged and older events and the events the file lacks,
    /// as the command line prints them.
    pub sync_lines: Vec<String>,
    /// The kind for records without one ("" for none).
    pub default_kind: String,
    /// The place precision for records without one.
    pub default_geo_precision: String,
    /// The name of the source of records without one ("" for none: such
    /// records are refused); the file's name unless the editor changed it.
    pub source_name: String,
    /// The URL of that source ("" for none).
    pub source_url: String,
    /// Where the country of records without one comes from: `none`, `code`
    /// or `point`.
    pub country_from: String,
    /// The fixed country code, when `country_from` is `code`.
    pub country_code: String,
    /// Records whose country from the point needs the editor's look (near a
    /// border, off a coast, in no country).
    pub border: usize,
    /// Whether the editor takes the proposed countries of those.
    pub accept_border: bool,
    /// Records dated before 1800 or after next year.
    pub unusual_dates: usize,
    /// Whether the editor confirms those dates.
    pub accept_dates: bool,
    /// The first year read without confirmation (1800).
    pub earliest_year: i32,
    /// The last year read without confirmation (next year).
    pub latest_year: i32,
    /// The distance to another country that makes a point "near a border",
    /// in km.
    pub border_km: u32,
    /// A problem of the server's setup that the editor cannot fix: the
    /// country outlines are missing.
    pub setup_error: Option<String>,
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

/// An editor's upload, found for `token`.
#[cfg(feature = "ssr")]
struct Opened {
    editor: String,
    store: domain::store::SharedStore,
    upload: files::Upload,
    /// The uploaded file.
    path: std::path::PathBuf,
    /// The country outlines.
    outlines: std::path::PathBuf,
}

/// The editor, the store, the upload and its file for `token`.
#[cfg(feature = "ssr")]
async fn upload(token: &str) -> Result<Opened, EditError> {
    let editor = crate::editing::signed_in_editor().await?;
    let store = use_context::<domain::store::SharedStore>().ok_or(EditError::Unavailable)?;
    let uploads = use_context::<files::Uploads>().ok_or(EditError::Unavailable)?;
    let gone = || {
        EditError::Refused("This upload is not there any more (uploads are kept a day); upload the file again.".into())
    };
    let upload = match files::find(&uploads.dir, token, &editor) {
        Some(upload) => upload,
        // Uploaded through another server: copied here from the database.
        None if files::is_token(token) => {
            let kept = use_context::<files::SharedUploads>().ok_or(EditError::Unavailable)?;
            let (upload, bytes) = kept.fetch(token, &editor).await?.ok_or_else(gone)?;
            let (dir, token, copy) = (uploads.dir.clone(), token.to_owned(), upload.clone());
            tokio::task::spawn_blocking(move || files::write_copy(&dir, &token, &copy, &bytes))
                .await
                .map_err(|_| EditError::Unavailable)?
                .map_err(|e| {
                    leptos::logging::error!("cannot copy an upload into {}: {e}", uploads.dir.display());
                    EditError::Unavailable
                })?;
            upload
        }
        None => return Err(gone()),
    };
    let path = files::data_path(&uploads.dir, token);
    Ok(Opened { editor, store, upload, path, outlines: uploads.outlines.clone() })
}

/// What reading an upload gave: the reading (or why the file cannot be
/// read), and a problem of the server's setup that changed the reading.
#[cfg(feature = "ssr")]
type Read = (Result<domain::import::Reading, domain::import::FileError>, Option<String>);

/// Reads the upload with `options` off the async threads. With "country
/// from the point" and no outlines on the server, the file is read without
/// that default and the setup problem is returned beside the reading.
#[cfg(feature = "ssr")]
async fn read(
    path: std::path::PathBuf,
    mut options: domain::import::Options,
    outlines: std::path::PathBuf,
) -> Result<Read, EditError> {
    use domain::import::{countries::Outlines, CountryDefault};
    tokio::task::spawn_blocking(move || {
        let mut setup = None;
        let loaded = if options.default_country == CountryDefault::FromPoint {
            match Outlines::read(&outlines) {
                Ok(o) => Some(o),
                Err(e) => {
                    setup = Some(format!(
                        "Country from the point is not available: {e}. The server's site folder (LEPTOS_SITE_ROOT) \
                         lacks the file that scripts/setup.sh makes and cargo leptos build copies; ask the \
                         administrator, and meanwhile choose a fixed country or a country column."
                    ));
                    options.default_country = CountryDefault::None;
                    None
                }
            }
        } else {
            None
        };
        (domain::import::read(&path, &options, loaded.as_ref()), setup)
    })
    .await
    .map_err(|_| EditError::Unavailable)
}

/// The preview of upload `token` read with the options of `query`
/// (`map.COLUMN=FIELD`, `date_format`, `decimal_comma`, `kind`,
/// `geo_precision`, `source_name`, `source_url`, `country_from`, `country`,
/// `accept_border`, `accept_dates`: see `domain::import::Options::from_query`).
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
            use domain::import::{columns::Target, dates::DateFormat, CountryDefault, Options};
            let Opened { upload, path, outlines, store, .. } = upload(&token).await?;
            let options = Options::from_query(&query, &upload.file_name).map_err(EditError::Refused)?;
            let source = options.default_source.clone().unwrap_or_default();
            let today = time::OffsetDateTime::now_utc().date();
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
                sync: options.sync,
                sync_lines: Vec::new(),
                default_kind: options.default_kind.clone().unwrap_or_default(),
                default_geo_precision: options.default_geo_precision.clone().unwrap_or_default(),
                source_name: source.name,
                source_url: source.url,
                country_from: match options.default_country {
                    CountryDefault::None => "none",
                    CountryDefault::Code(_) => "code",
                    CountryDefault::FromPoint => "point",
                }
                .to_owned(),
                country_code: match &options.default_country {
                    CountryDefault::Code(c) => c.clone(),
                    _ => String::new(),
                },
                border: 0,
                accept_border: options.accept_border_countries,
                unusual_dates: 0,
                accept_dates: options.accept_unusual_dates,
                earliest_year: domain::import::convert::EARLIEST_YEAR,
                latest_year: today.year() + 1,
                // A whole number of km by construction (see BORDER_KM).
                border_km: domain::import::countries::BORDER_KM as u32,
                setup_error: None,
                query: options.to_query(),
            };
            let sync = options.sync;
            let (reading, setup) = read(path, options, outlines).await?;
            preview.setup_error = setup;
            if let (true, Ok(r)) = (sync, &reading) {
                // The counts a sync would store, before anything is stored.
                let policy = domain::import::run::Policy { sync: true, dry_run: true, ..Default::default() };
                let report = domain::import::run::check(store.as_ref(), r, policy, &upload.file_name).await?;
                preview.sync_lines = report.sync_lines(LISTED);
                if report.sync.is_none() {
                    preview.sync_lines = report.notes.iter().filter(|n| n.starts_with("sync:")).cloned().collect();
                }
            }
            match reading {
                Err(e) => preview.error = Some(e.to_string()),
                Ok(r) => {
                    preview.border = r.counts.border;
                    preview.unusual_dates = r.counts.unusual_dates;
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
            let Opened { editor, store, upload, path, outlines } = upload(&token).await?;
            let options = Options::from_query(&query, &upload.file_name).map_err(EditError::Refused)?;
            let (reading, setup) = read(path, options, outlines).await?;
            if let Some(problem) = setup {
                return Err(EditError::Refused(problem));
            }
            let reading = reading.map_err(|e| EditError::Refused(e.to_string()))?;
            let sync = Options::from_query(&query, &upload.file_name).map_err(EditError::Refused)?.sync;
            let policy = run::Policy {
                publish: publish.is_some(),
                valid_only: valid_only.is_some(),
                update_existing: update_existing.is_some(),
                dry_run: false,
                sync,
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
