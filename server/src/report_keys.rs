//! The keys behind `/report`'s defences, in memory only (never stored):
//!
//! - the **sender key**, new every day (UTC): a sender's address is kept
//!   only as HMAC-SHA-256 under it ([`ReportKeys::client_hash`]), enough to
//!   count one sender's reports in the last hour. Once the day's key is
//!   gone (at midnight, or when the server restarts) no one can tell whose
//!   address a stored hash was, not even with the database and a list of
//!   addresses;
//! - the **form key**, for the server's life: the form carries the time it
//!   was served, signed with it ([`ReportKeys::stamp`]), so a post faster
//!   than a person can fill the form is told apart.

use std::sync::{Arc, Mutex};

use argon2::password_hash::rand_core::{OsRng, RngCore};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use time::{Date, OffsetDateTime};

type HmacSha256 = Hmac<Sha256>;

/// The longest a served form stays good: a day, in seconds.
pub const FORM_MAX_AGE: i64 = 86_400;

/// The keys; cheap to clone (shared).
#[derive(Clone)]
pub struct ReportKeys {
    daily: Arc<Mutex<(Date, [u8; 32])>>,
    form: Arc<[u8; 32]>,
}

impl std::fmt::Debug for ReportKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ReportKeys(..)")
    }
}

impl Default for ReportKeys {
    fn default() -> Self {
        Self::new()
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
    /// Missing, forged, from before a restart, or older than [`FORM_MAX_AGE`].
    Invalid,
    /// Sent this many seconds after it was served, fewer than allowed.
    TooFast(i64),
}

impl ReportKeys {
    /// Fresh random keys.
    pub fn new() -> Self {
        let today = OffsetDateTime::now_utc().date();
        Self { daily: Arc::new(Mutex::new((today, random_key()))), form: Arc::new(random_key()) }
    }

    /// HMAC-SHA-256 of `addr` under today's sender key (64 hex digits); a
    /// new day takes a new key and forgets the old one.
    pub fn client_hash(&self, addr: &str) -> String {
        let today = OffsetDateTime::now_utc().date();
        let mut daily = self.daily.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        if daily.0 != today {
            *daily = (today, random_key());
        }
        mac(&daily.1, addr)
    }

    /// The form's start time for `at` (Unix seconds): `SECONDS.SIGNATURE`.
    pub fn stamp(&self, at: i64) -> String {
        format!("{at}.{}", mac(self.form.as_ref(), &at.to_string()))
    }

    /// Checks a start time sent back at `now` (Unix seconds): genuine, no
    /// older than a day, and at least `min_seconds` old.
    ///
    /// # Errors
    /// [`StampError`].
    pub fn check_stamp(&self, stamp: &str, now: i64, min_seconds: u64) -> Result<(), StampError> {
        let (secs, sig) = stamp.split_once('.').ok_or(StampError::Invalid)?;
        let at: i64 = secs.parse().map_err(|_| StampError::Invalid)?;
        let mut m = HmacSha256::new_from_slice(self.form.as_ref()).map_err(|_| StampError::Invalid)?;
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
        let keys = ReportKeys::new();
        let s = keys.stamp(1000);
        assert_eq!(keys.check_stamp(&s, 1005, 3), Ok(()));
        assert_eq!(keys.check_stamp(&s, 1001, 3), Err(StampError::TooFast(1)));
        assert_eq!(keys.check_stamp(&s, 1000 + FORM_MAX_AGE + 1, 3), Err(StampError::Invalid));
        assert_eq!(keys.check_stamp("1000.00", 1005, 3), Err(StampError::Invalid));
        assert_eq!(keys.check_stamp(&s.replace("1000.", "900."), 1005, 3), Err(StampError::Invalid));
        assert_eq!(ReportKeys::new().check_stamp(&s, 1005, 3), Err(StampError::Invalid), "another key");
    }

    #[test]
    fn the_address_is_not_in_its_hash() {
        let keys = ReportKeys::new();
        let h = keys.client_hash("203.0.113.7");
        assert_eq!(h.len(), 64);
        assert_eq!(h, keys.client_hash("203.0.113.7"));
        assert_ne!(h, keys.client_hash("203.0.113.8"));
        assert_ne!(h, ReportKeys::new().client_hash("203.0.113.7"), "keys differ");
    }
}
