//! The keys behind `/report`'s defences, shared by every server of the
//! database (`report_keys` table, `ReportStore::shared_key`), so that a
//! form served by one server is taken by another and a sender's hourly
//! count is one count behind a load balancer:
//!
//! - the **sender key**, new every day (UTC), yesterday's deleted: a
//!   sender's address is kept only as HMAC-SHA-256 under it
//!   ([`ReportKeys::client_hash`]), enough to count one sender's reports in
//!   the last hour, and the hash itself is erased once it is an hour old
//!   (`store::reports`). Once the day's key is gone, no one can tell whose
//!   address a stored hash was, not even with the database and a list of
//!   addresses;
//! - the **form key**, made once per database: the form carries the time it
//!   was served, signed with it ([`ReportKeys::stamp`]), so a post faster
//!   than a person can fill the form is told apart.

use std::sync::{Arc, Mutex};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use domain::store::{SharedReports, StoreError};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

type HmacSha256 = Hmac<Sha256>;

/// The longest a served form stays good: a day, in seconds.
pub const FORM_MAX_AGE: i64 = 86_400;

/// The name of the form key in `report_keys`.
const FORM_KEY: &str = "form";
/// The prefix of the sender keys' names (`sender-2024-03-01`).
const SENDER_KEY: &str = "sender-";

/// The day's sender key, once read: the day (UTC) and the key.
type DayKey = Option<(Date, Arc<[u8]>)>;

/// The keys; cheap to clone (shared).
#[derive(Clone)]
pub struct ReportKeys {
    store: SharedReports,
    form: Arc<[u8]>,
    daily: Arc<Mutex<DayKey>>,
}

impl std::fmt::Debug for ReportKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportKeys(..)")
    }
}

fn random_key() -> [u8; 32] {
    let mut k = [0u8; 32];
    OsRng.fill_bytes(&mut k);
    k
}

fn mac(key: &[u8], text: &str) -> String {
    // An HMAC takes a key of any length.
    let mut m = HmacSha256::new_from_slice(key).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
    m.update(text.as_bytes());
    hex(&m.finalize().into_bytes())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Why a form's start time was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StampError {
    /// Missing, forged, signed for another database, or older than
    /// [`FORM_MAX_AGE`].
    Invalid,
    /// Sent this many seconds after it was served, fewer than allowed.
    TooFast(i64),
}

/// The form's start time for `at` (Unix seconds) under `key`:
/// `SECONDS.SIGNATURE` (64 hex digits of HMAC-SHA-256).
fn stamp_with(key: &[u8], at: i64) -> String {
    format!("{at}.{}", mac(key, &at.to_string()))
}

/// Checks a start time sent back at `now` (Unix seconds) under `key`.
fn check_with(key: &[u8], stamp: &str, now: i64, min_seconds: u64) -> Result<(), StampError> {
    let (secs, sig) = stamp.split_once('.').ok_or(StampError::Invalid)?;
    let at: i64 = secs.parse().map_err(|_| StampError::Invalid)?;
    let mut m = HmacSha256::new_from_slice(key).map_err(|_| StampError::Invalid)?;
    m.update(secs.as_bytes());
    let sig = (0..sig.len())
        .step_by(2)
        .map(|i| sig.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()))
        .collect::<Option<Vec<u8>>>()
        .ok_or(StampError::Invalid)?;
    m.verify_slice(&sig).map_err(|_| StampError::Invalid)?;
    let age = now - at;
    if !(0..=FORM_MAX_AGE).contains(&age) {
        return Err(StampError::Invalid);
    }
    if age < i64::try_from(min_seconds).unwrap_or(i64::MAX) {
        return Err(StampError::TooFast(age));
    }
    Ok(())
}

impl ReportKeys {
    /// The database's form key (made now if it has none); the sender key
    /// is read when first needed each day.
    ///
    /// # Errors
    /// [`StoreError`] when the database cannot be read or written.
    pub async fn load(store: SharedReports) -> Result<Self, StoreError> {
        let form = store.shared_key(FORM_KEY, &random_key(), FORM_KEY).await?;
        Ok(Self { store, form: form.into(), daily: Arc::new(Mutex::new(None)) })
    }

    /// HMAC-SHA-256 of `addr` under today's sender key (64 hex digits): the
    /// same on every server of the database; a new day takes a new key
    /// and deletes yesterday's.
    ///
    /// # Errors
    /// [`StoreError`] when today's key cannot be read or made.
    pub async fn client_hash(&self, addr: &str) -> Result<String, StoreError> {
        let today = OffsetDateTime::now_utc().date();
        let known = self.daily.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        let key = match known {
            Some((day, key)) if day == today => key,
            _ => {
                let name = format!("{SENDER_KEY}{today}");
                let key: Arc<[u8]> = self.store.shared_key(&name, &random_key(), SENDER_KEY).await?.into();
                *self.daily.lock().unwrap_or_else(std::sync::PoisonError::into_inner) = Some((today, key.clone()));
                key
            }
        };
        Ok(mac(&key, addr))
    }

    /// The form's start time for `at` (Unix seconds): `SECONDS.SIGNATURE`.
    pub fn stamp(&self, at: i64) -> String {
        stamp_with(&self.form, at)
    }

    /// Checks a start time sent back at `now` (Unix seconds): genuine (made
    /// by any server of this database), no older than a day, and at least
    /// `min_seconds` old.
    ///
    /// # Errors
    /// [`StampError`].
    pub fn check_stamp(&self, stamp: &str, now: i64, min_seconds: u64) -> Result<(), StampError> {
        check_with(&self.form, stamp, now, min_seconds)
    }
}

/// What makes two reports "the same": SHA-256 of the title, description,
/// place name and point (to about 100 m), case and spacing folded.
pub fn fingerprint(report: &domain::report::Report) -> String {
    let e = &report.event;
    let fold = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase();
    let text = format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{:.3}\u{1f}{:.3}",
        fold(&e.title),
        fold(&e.description),
        fold(&e.location_name),
        e.lat,
        e.lon
    );
    hex(&Sha256::digest(text.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_checked() {
        let key = [7u8; 32];
        let s = stamp_with(&key, 1000);
        assert_eq!(check_with(&key, &s, 1005, 3), Ok(()));
        assert_eq!(check_with(&key, &s, 1001, 3), Err(StampError::TooFast(1)));
        assert_eq!(check_with(&key, &s, 1000 + FORM_MAX_AGE + 1, 3), Err(StampError::Invalid));
        assert_eq!(check_with(&key, "1000.00", 1005, 3), Err(StampError::Invalid));
        assert_eq!(check_with(&key, &s.replace("1000.", "900."), 1005, 3), Err(StampError::Invalid));
        assert_eq!(check_with(&[8u8; 32], &s, 1005, 3), Err(StampError::Invalid), "another key");
    }

    #[test]
    fn the_address_is_not_in_its_hash() {
        let h = mac(&[7u8; 32], "203.0.113.7");
        assert_eq!(h.len(), 64);
        assert_eq!(h, mac(&[7u8; 32], "203.0.113.7"));
        assert_ne!(h, mac(&[7u8; 32], "203.0.113.8"));
        assert_ne!(h, mac(&[8u8; 32], "203.0.113.7"), "keys differ");
    }
}
