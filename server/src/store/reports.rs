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
use domain::report::{Decision, ReportStatus, StoredReport};
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

/// The columns a [`StoredReport`] is read from, in [`Row`]'s order.
const SELECT: &str = "SELECT reference, status, title, description, kind, location_name, country_code, lon, lat, \
     date_start, date_end, date_precision, source_url, was_there, crowd_size_text, contact_email, received_at, \
     decided_by, decided_at, decision_reason, event_id FROM reports";

/// A report's row as either database gives it.
#[derive(sqlx::FromRow)]
struct Row {
    reference: String,
    status: String,
    title: String,
    description: String,
    kind: String,
    location_name: String,
    country_code: String,
    lon: f64,
    lat: f64,
    date_start: String,
    date_end: String,
    date_precision: String,
    source_url: Option<String>,
    was_there: bool,
    crowd_size_text: Option<String>,
    contact_email: Option<String>,
    received_at: String,
    decided_by: Option<String>,
    decided_at: Option<String>,
    decision_reason: Option<String>,
    event_id: Option<String>,
}

impl Row {
    fn into_report(self) -> Result<StoredReport, StoreError> {
        let status = ReportStatus::parse(&self.status).ok_or_else(|| StoreError::Corrupt {
            id: self.reference.clone(),
            reason: format!("unknown report status {:?}", self.status),
        })?;
        Ok(StoredReport {
            reference: self.reference,
            status,
            title: self.title,
            description: self.description,
            kind: self.kind,
            location_name: self.location_name,
            country_code: self.country_code,
            lon: self.lon,
            lat: self.lat,
            date_start: self.date_start,
            date_end: self.date_end,
            date_precision: self.date_precision,
            source_url: self.source_url.filter(|u| !u.is_empty()),
            was_there: self.was_there,
            crowd_size_text: self.crowd_size_text.unwrap_or_default(),
            contact_email: self.contact_email,
            received_at: self.received_at,
            decided_by: self.decided_by,
            decided_at: self.decided_at,
            decision_reason: self.decision_reason,
            event_id: self.event_id,
        })
    }
}

/// The first moment a report is too old to keep (decided) or to keep a
/// contact address of: `keep_days` days before `at`.
fn keep_since(at: OffsetDateTime, keep_days: u32) -> String {
    format_timestamp(at - Duration::days(i64::from(keep_days)))
}

/// The statements of a purge (README, "Reports from readers: what is
/// kept"), each bound to [`keep_since`].
const PURGE: [&str; 2] = [
    "DELETE FROM reports WHERE status IN ('accepted', 'rejected', 'spam') AND received_at < $1",
    "UPDATE reports SET contact_email = NULL WHERE contact_email IS NOT NULL AND received_at < $1",
];

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
            async fn reports(&self, statuses: &[ReportStatus]) -> Result<Vec<StoredReport>, StoreError> {
                // The statuses are the enum's own names, never typed text.
                let list = statuses.iter().map(|s| format!("'{}'", s.as_str())).collect::<Vec<_>>().join(", ");
                if list.is_empty() {
                    return Ok(Vec::new());
                }
                let rows: Vec<Row> = sqlx::query_as(&format!(
                    "{SELECT} WHERE status IN ({list}) ORDER BY received_at DESC, reference"
                ))
                .fetch_all(self.pool())
                .await
                .map_err($backend)?;
                rows.into_iter().map(Row::into_report).collect()
            }

            async fn report(&self, reference: &str) -> Result<Option<StoredReport>, StoreError> {
                let row: Option<Row> = sqlx::query_as(&format!("{SELECT} WHERE reference = $1"))
                    .bind(reference)
                    .fetch_optional(self.pool())
                    .await
                    .map_err($backend)?;
                row.map(Row::into_report).transpose()
            }

            async fn decide(
                &self,
                reference: &str,
                decision: &Decision,
                editor: &str,
                keep_days: u32,
            ) -> Result<StoredReport, StoreError> {
                let at = now();
                let (reason, event_id) = match decision {
                    Decision::Reject(reason) => (Some(reason.as_str()), None),
                    Decision::Spam | Decision::Review => (None, None),
                    Decision::Accept(id) => (None, Some(id.as_str())),
                };
                let mut tx = self.begin().await?;
                let status: Option<String> = sqlx::query_scalar("SELECT status FROM reports WHERE reference = $1")
                    .bind(reference)
                    .fetch_optional(&mut *tx)
                    .await
                    .map_err($backend)?;
                match status.as_deref().and_then(ReportStatus::parse) {
                    None => {
                        self.commit(tx).await?;
                        return Err(StoreError::NotFound(reference.to_owned()));
                    }
                    Some(ReportStatus::New | ReportStatus::InReview) => {}
                    Some(_) => {
                        self.commit(tx).await?;
                        return Err(StoreError::Conflict { id: reference.to_owned(), current: 0 });
                    }
                }
                // The contact address goes with the decision (README,
                // "Reports from readers: what is kept"), not with a review.
                sqlx::query(
                    "UPDATE reports SET status = $1, decided_by = $2, decided_at = $3, decision_reason = $4, \
                     event_id = $5, contact_email = CASE WHEN $7 THEN NULL ELSE contact_email END \
                     WHERE reference = $6",
                )
                .bind(decision.status().as_str())
                .bind(editor)
                .bind(format_timestamp(at))
                .bind(reason)
                .bind(event_id)
                .bind(reference)
                .bind(decision.closes())
                .execute(&mut *tx)
                .await
                .map_err($backend)?;
                let row: Row = sqlx::query_as(&format!("{SELECT} WHERE reference = $1"))
                    .bind(reference)
                    .fetch_one(&mut *tx)
                    .await
                    .map_err($backend)?;
                for statement in PURGE {
                    sqlx::query(statement).bind(keep_since(at, keep_days)).execute(&mut *tx).await.map_err($backend)?;
                }
                self.commit(tx).await?;
                row.into_report()
            }

            async fn purge(&self, keep_days: u32) -> Result<u64, StoreError> {
                let since = keep_since(now(), keep_days);
                let mut tx = self.begin().await?;
                let deleted = sqlx::query(PURGE[0]).bind(&since).execute(&mut *tx).await.map_err($backend)?;
                sqlx::query(PURGE[1]).bind(&since).execute(&mut *tx).await.map_err($backend)?;
                self.commit(tx).await?;
                Ok(deleted.rows_affected())
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
