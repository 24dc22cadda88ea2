//! [`app::importing::files::UploadStore`] on either database: an editor's
//! upload between preview and import, in the `import_uploads` table
//! (`migrations/0009`, `migrations-postgres/0002`), so that any server
//! behind a load balancer finds it (README, "Several servers, one
//! PostgreSQL"). The statements are the same on both; SQLite writes take
//! the store's one write queue ([`super::sqlite::writer::Writer`]).

use app::importing::files::{Upload, UploadStore, KEPT_SECONDS};
use domain::store::StoreError;
use sqlx::{PgPool, SqlitePool};

use super::sqlite::writer::Writer;

/// Removes uploads uploaded before `$1` (seconds since 1970).
const SWEEP: &str = "DELETE FROM import_uploads WHERE uploaded_at < $1";
/// Keeps one upload.
const INSERT: &str = "INSERT INTO import_uploads (token, editor, file_name, size, uploaded_at, bytes) \
                      VALUES ($1, $2, $3, $4, $5, $6)";
/// One upload, if uploaded at or after `$2`.
const FETCH: &str = "SELECT editor, file_name, size, bytes FROM import_uploads WHERE token = $1 AND uploaded_at >= $2";

/// Now, seconds since 1970; and the oldest upload still kept.
fn now_and_oldest() -> (i64, i64) {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    (now, now - KEPT_SECONDS)
}

/// A row of [`FETCH`] as the upload, for `editor` only.
fn owned_by(row: Option<(String, String, i64, Vec<u8>)>, editor: &str) -> Option<(Upload, Vec<u8>)> {
    let (owner, file_name, size, bytes) = row?;
    (owner == editor).then(|| (Upload { file_name, editor: owner, size: u64::try_from(size).unwrap_or(0) }, bytes))
}

/// The [`UploadStore`] of `$uploads`, whose `begin()` is its write
/// transaction, `pool` its pool and `$backend` its error classifier.
macro_rules! upload_store {
    ($uploads:ty, $backend:path) => {
        #[async_trait::async_trait]
        impl UploadStore for $uploads {
            async fn keep(&self, token: &str, upload: &Upload, bytes: Vec<u8>) -> Result<(), StoreError> {
                let (now, oldest) = now_and_oldest();
                let mut tx = self.begin().await.map_err($backend)?;
                sqlx::query(SWEEP).bind(oldest).execute(&mut *tx).await.map_err($backend)?;
                sqlx::query(INSERT)
                    .bind(token)
                    .bind(&upload.editor)
                    .bind(&upload.file_name)
                    .bind(i64::try_from(upload.size).unwrap_or(i64::MAX))
                    .bind(now)
                    .bind(bytes)
                    .execute(&mut *tx)
                    .await
                    .map_err($backend)?;
                tx.commit().await.map_err($backend)
            }

            async fn fetch(&self, token: &str, editor: &str) -> Result<Option<(Upload, Vec<u8>)>, StoreError> {
                let row = sqlx::query_as(FETCH)
                    .bind(token)
                    .bind(now_and_oldest().1)
                    .fetch_optional(&self.pool)
                    .await
                    .map_err($backend)?;
                Ok(owned_by(row, editor))
            }
        }
    };
}

/// Uploads in a SQLite file.
pub struct SqliteUploads {
    /// The store's pool (reads).
    pub pool: SqlitePool,
    /// The store's write queue.
    pub writer: Writer,
}

impl SqliteUploads {
    async fn begin(&self) -> Result<super::sqlite::writer::WriteTx, sqlx::Error> {
        self.writer.begin().await
    }
}

/// Uploads in a PostgreSQL database (not under the events' write lock:
/// they touch no event).
pub struct PgUploads {
    /// The store's pool.
    pub pool: PgPool,
}

impl PgUploads {
    async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error> {
        self.pool.begin().await
    }
}

upload_store!(SqliteUploads, super::sqlite::backend);
upload_store!(PgUploads, super::postgres::backend);
