//! [`ReportStore`] on SQLite: readers' reports in the `reports` table
//! (migration 0009), written through the one [`super::writer::Writer`].
//! The queue's cap, the sender's hourly count and duplicates are checked
//! inside the same write transaction as the insert, so two reports arriving
//! together cannot both slip under a limit. A submission that is refused
//! commits its (empty) transaction: the writer closes a connection whose
//! transaction did not commit, and a refusal is no failure.

use domain::event::format_timestamp;
use domain::report::ReportStatus;
use domain::store::{NewReport, ReportStore, StoreError, Submission, SubmitLimits};
use time::{Duration, OffsetDateTime};

use super::{backend, SqliteStore};

/// The statuses of a report still waiting for an editor's decision.
const OPEN: &str = "status IN ('new', 'in_review')";

/// Now, UTC, whole seconds: stored times then compare as text.
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc())
}

#[async_trait::async_trait]
impl ReportStore for SqliteStore {
    async fn submit(&self, new: &NewReport, limits: SubmitLimits) -> Result<Submission, StoreError> {
        let at = now();
        let hour_ago = format_timestamp(at - Duration::hours(1));
        let day_ago = format_timestamp(at - Duration::days(1));
        let mut tx = self.begin().await?;
        let open: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM reports WHERE {OPEN}"))
            .fetch_one(&mut *tx)
            .await
            .map_err(backend)?;
        if u64::try_from(open).unwrap_or(0) >= limits.open_cap {
            self.commit(tx).await?;
            return Ok(Submission::QueueFull);
        }
        let recent: Vec<String> = sqlx::query_scalar(
            "SELECT received_at FROM reports WHERE client_hash = ? AND received_at > ? ORDER BY received_at",
        )
        .bind(&new.client_hash)
        .bind(&hour_ago)
        .fetch_all(&mut *tx)
        .await
        .map_err(backend)?;
        if recent.len() >= limits.per_hour as usize {
            let oldest = recent
                .first()
                .and_then(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok())
                .unwrap_or(at);
            let free_at = oldest + Duration::hours(1);
            let retry_after = u64::try_from((free_at - at).whole_seconds()).unwrap_or(0).max(1);
            self.commit(tx).await?;
            return Ok(Submission::Throttled { retry_after });
        }
        let first: Option<String> = sqlx::query_scalar(
            "SELECT reference FROM reports WHERE fingerprint = ? AND received_at > ? ORDER BY id LIMIT 1",
        )
        .bind(&new.fingerprint)
        .bind(&day_ago)
        .fetch_optional(&mut *tx)
        .await
        .map_err(backend)?;
        if let Some(reference) = first {
            self.commit(tx).await?;
            return Ok(Submission::Duplicate(reference));
        }
        let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM reports WHERE reference = ?")
            .bind(&new.reference)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        if taken.is_some() {
            self.commit(tx).await?;
            return Err(StoreError::DuplicateId(new.reference.clone()));
        }
        let e = &new.report.event;
        let source_url = e.sources.iter().find_map(|s| s.url.clone());
        sqlx::query(
            "INSERT INTO reports (reference, status, title, description, kind, location_name, country_code, \
             lon, lat, date_start, date_end, date_precision, source_url, was_there, crowd_size_text, \
             contact_email, received_at, client_hash, fingerprint) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(&new.reference)
        .bind(ReportStatus::New.as_str())
        .bind(&e.title)
        .bind(&e.description)
        .bind(e.kind.as_str())
        .bind(&e.location_name)
        .bind(&e.country_code)
        .bind(e.lon)
        .bind(e.lat)
        .bind(domain::dates::format_date(e.dates.start))
        .bind(domain::dates::format_date(e.dates.end))
        .bind(e.date_precision.as_str())
        .bind(source_url)
        .bind(new.report.was_there)
        .bind(&e.crowd_size_text)
        .bind(&new.report.contact_email)
        .bind(format_timestamp(at))
        .bind(&new.client_hash)
        .bind(&new.fingerprint)
        .execute(&mut *tx)
        .await
        .map_err(backend)?;
        self.commit(tx).await?;
        Ok(Submission::Stored(new.reference.clone()))
    }

    async fn open_reports(&self) -> Result<u64, StoreError> {
        let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM reports WHERE {OPEN}"))
            .fetch_one(self.pool())
            .await
            .map_err(backend)?;
        Ok(u64::try_from(n).unwrap_or(0))
    }
}
