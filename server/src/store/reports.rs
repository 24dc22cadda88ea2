//! [`ReportStore`] on either database: readers' reports in the `reports`
//! table (`migrations/0010`, `migrations-postgres/0003`) and the keys every
//! server of the database shares in `report_keys`. The statements are the
//! same on both (`$n` placeholders, text times that compare as text); one
//! body, [`report_store!`], is given each store's write transaction, which
//! on SQLite is the one write queue and on PostgreSQL holds the write lock
//! of every server, so the queue's cap, the sender's hourly count and
//! duplicates are checked in the same transaction as the insert and two
//! reports arriving together, on one server or two, cannot both slip under
//! a limit. A refused submission commits its (empty) transaction: a
//! refusal is no failure.

use domain::event::format_timestamp;
use domain::report::ReportStatus;
use domain::store::{NewReport, ReportStore, StoreError, Submission, SubmitLimits};
use time::{Duration, OffsetDateTime};

use super::{PgStore, SqliteStore};

/// The statuses of a report still waiting for an editor's decision.
const OPEN: &str = "status IN ('new', 'in_review')";

/// Now, UTC, whole seconds: stored times then compare as text.
fn now() -> OffsetDateTime {
    OffsetDateTime::now_utc().replace_nanosecond(0).unwrap_or_else(|_| OffsetDateTime::now_utc())
}

/// Seconds until the oldest of a sender's reports in the last hour
/// (`received`, RFC 3339, oldest first) is an hour old; at least 1.
fn retry_after(received: &[String], at: OffsetDateTime) -> u64 {
    let oldest = received
        .first()
        .and_then(|t| OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339).ok())
        .unwrap_or(at);
    u64::try_from((oldest + Duration::hours(1) - at).whole_seconds()).unwrap_or(0).max(1)
}

/// The [`ReportStore`] of `$store`, whose `begin()` and `commit()` are its
/// write transaction and `backend` its error classifier.
macro_rules! report_store {
    ($store:ty, $backend:path) => {
        #[async_trait::async_trait]
        impl ReportStore for $store {
            async fn submit(&self, new: &NewReport, limits: SubmitLimits) -> Result<Submission, StoreError> {
                let at = now();
                let hour_ago = format_timestamp(at - Duration::hours(1));
                let day_ago = format_timestamp(at - Duration::days(1));
                let mut tx = self.begin().await?;
                // A sender's hash is needed only for the last hour's count:
                // older ones are erased.
                sqlx::query("UPDATE reports SET client_hash = '' WHERE client_hash <> '' AND received_at <= $1")
                    .bind(&hour_ago)
                    .execute(&mut *tx)
                    .await
                    .map_err($backend)?;
                let open: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM reports WHERE {OPEN}"))
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($backend)?;
                if u64::try_from(open).unwrap_or(0) >= limits.open_cap {
                    self.commit(tx).await?;
                    return Ok(Submission::QueueFull);
                }
                let recent: Vec<String> = sqlx::query_scalar(
                    "SELECT received_at FROM reports WHERE client_hash = $1 AND received_at > $2 \
                     ORDER BY received_at",
                )
                .bind(&new.client_hash)
                .bind(&hour_ago)
                .fetch_all(&mut *tx)
                .await
                .map_err($backend)?;
                if recent.len() >= limits.per_hour as usize {
                    self.commit(tx).await?;
                    return Ok(Submission::Throttled { retry_after: retry_after(&recent, at) });
                }
                let first: Option<String> = sqlx::query_scalar(
                    "SELECT reference FROM reports WHERE fingerprint = $1 AND received_at > $2 ORDER BY id LIMIT 1",
                )
                .bind(&new.fingerprint)
                .bind(&day_ago)
                .fetch_optional(&mut *tx)
                .await
                .map_err($backend)?;
                if let Some(reference) = first {
                    self.commit(tx).await?;
                    return Ok(Submission::Duplicate(reference));
                }
                let taken: Option<i64> = sqlx::query_scalar("SELECT id FROM reports WHERE reference = $1")
                    .bind(&new.reference)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($backend)?;
                if taken.is_some() {
                    self.commit(tx).await?;
                    return Err(StoreError::DuplicateId(new.reference.clone()));
                }
                let e = &new.report.event;
                let source_url = e.sources.iter().find_map(|s| s.url.clone());
                sqlx::query(
                    "INSERT INTO reports (reference, status, title, description, kind, location_name, \
                     country_code, lon, lat, date_start, date_end, date_precision, source_url, was_there, \
                     crowd_size_text, contact_email, received_at, client_hash, fingerprint) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)",
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
                .map_err($backend)?;
                self.commit(tx).await?;
                Ok(Submission::Stored(new.reference.clone()))
            }

            async fn open_reports(&self) -> Result<u64, StoreError> {
                let n: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM reports WHERE {OPEN}"))
                    .fetch_one(self.pool())
                    .await
                    .map_err($backend)?;
                Ok(u64::try_from(n).unwrap_or(0))
            }

            async fn shared_key(&self, name: &str, candidate: &[u8], replaces: &str) -> Result<Vec<u8>, StoreError> {
                let mut tx = self.begin().await?;
                sqlx::query("DELETE FROM report_keys WHERE name <> $1 AND substr(name, 1, length($2)) = $2")
                    .bind(name)
                    .bind(replaces)
                    .execute(&mut *tx)
                    .await
                    .map_err($backend)?;
                sqlx::query("INSERT INTO report_keys (name, key) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
                    .bind(name)
                    .bind(candidate)
                    .execute(&mut *tx)
                    .await
                    .map_err($backend)?;
                let key: Vec<u8> = sqlx::query_scalar("SELECT key FROM report_keys WHERE name = $1")
                    .bind(name)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($backend)?;
                self.commit(tx).await?;
                Ok(key)
            }
        }
    };
}

report_store!(SqliteStore, super::sqlite::backend);
report_store!(PgStore, super::postgres::backend);

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[test]
    fn the_wait_is_until_the_oldest_of_the_hour_is_an_hour_old() {
        let at = datetime!(2024-03-01 12:00:00 UTC);
        assert_eq!(super::retry_after(&["2024-03-01T11:10:00Z".to_owned()], at), 600);
        assert_eq!(super::retry_after(&[], at), 3600);
        assert_eq!(super::retry_after(&["2024-03-01T10:59:59Z".to_owned()], at), 1);
    }
}
