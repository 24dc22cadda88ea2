//! Editor accounts: names and Argon2id password hashes (RFC 9106, through
//! the `argon2` crate's defaults: Argon2id v19, m = 19 MiB, t = 2, p = 1).
//!
//! Accounts are made and changed only from the command line
//! (`rallymap editor add NAME`); there is no default account or password.

use argon2::password_hash::{rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sqlx::SqlitePool;

use crate::store::sqlite::writer::Writer;
use time::OffsetDateTime;

use domain::event::format_timestamp;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted, in characters (Argon2 takes any length; this
/// bounds the work an attacker can ask of the server).
pub const MAX_PASSWORD_CHARS: usize = 1024;

/// What account management can fail with.
#[derive(Debug, thiserror::Error)]
pub enum AccountError {
    /// The name breaks the rules.
    #[error("editor name {0:?}: use 1 to 64 characters of a-z, 0-9, '.', '_' and '-'")]
    BadName(String),
    /// The password is too short or too long.
    #[error("password: must be {MIN_PASSWORD_CHARS} to {MAX_PASSWORD_CHARS} characters, got {0}")]
    BadPassword(usize),
    /// The two typed passwords differ.
    #[error("the passwords do not match")]
    Mismatch,
    /// `add` for a name that exists.
    #[error("an editor named {0:?} already exists")]
    Exists(String),
    /// `reset-password` for a name that does not exist.
    #[error("no editor named {0:?}")]
    Unknown(String),
    /// Hashing failed (not expected with valid parameters).
    #[error("could not hash the password: {0}")]
    Hash(String),
    /// The database failed.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
}

/// An editor as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Editor {
    /// The sign-in name.
    pub name: String,
    /// When the account was made, RFC 3339 UTC.
    pub created_at: String,
    /// When the password last changed, RFC 3339 UTC.
    pub updated_at: String,
}

pub(crate) fn check_name(name: &str) -> Result<(), AccountError> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-'));
    if ok {
        Ok(())
    } else {
        Err(AccountError::BadName(name.to_owned()))
    }
}

/// Hashes `password` with Argon2id and a fresh random salt, as a PHC string
/// (`$argon2id$v=19$m=19456,t=2,p=1$…`).
///
/// # Errors
/// [`AccountError::BadPassword`] outside the length limits.
pub fn hash_password(password: &str) -> Result<String, AccountError> {
    let n = password.chars().count();
    if !(MIN_PASSWORD_CHARS..=MAX_PASSWORD_CHARS).contains(&n) {
        return Err(AccountError::BadPassword(n));
    }
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AccountError::Hash(e.to_string()))
}

/// Whether `password` matches the PHC string `hash`. A malformed hash never
/// matches.
pub fn verify_password(password: &str, hash: &str) -> bool {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return false;
    }
    PasswordHash::new(hash).is_ok_and(|h| Argon2::default().verify_password(password.as_bytes(), &h).is_ok())
}

pub(crate) fn now() -> String {
    format_timestamp(OffsetDateTime::now_utc())
}

/// Adds an editor.
///
/// # Errors
/// A bad name or password, or [`AccountError::Exists`].
pub async fn add_editor(writer: &Writer, name: &str, password: &str) -> Result<(), AccountError> {
    check_name(name)?;
    let hash = hash_off_runtime(password).await?;
    let t = now();
    let mut tx = writer.begin().await?;
    let r = sqlx::query("INSERT INTO editors (name, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3)")
        .bind(name)
        .bind(hash)
        .bind(&t)
        .execute(&mut *tx)
        .await;
    match r {
        Ok(_) => Ok(tx.commit().await?),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Err(AccountError::Exists(name.to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// Sets a new password for an existing editor.
///
/// # Errors
/// A bad password, or [`AccountError::Unknown`].
pub async fn reset_password(writer: &Writer, name: &str, password: &str) -> Result<(), AccountError> {
    let hash = hash_off_runtime(password).await?;
    let mut tx = writer.begin().await?;
    let r = sqlx::query("UPDATE editors SET password_hash = $1, updated_at = $2 WHERE name = $3")
        .bind(hash)
        .bind(now())
        .bind(name)
        .execute(&mut *tx)
        .await?;
    if r.rows_affected() == 0 {
        return Err(AccountError::Unknown(name.to_owned()));
    }
    Ok(tx.commit().await?)
}

/// Every editor, by name.
///
/// # Errors
/// [`AccountError::Database`].
pub async fn list_editors(pool: &SqlitePool) -> Result<Vec<Editor>, AccountError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, created_at, updated_at FROM editors ORDER BY name").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(name, created_at, updated_at)| Editor { name, created_at, updated_at }).collect())
}

/// Checks a name and password against the stored hash; `false` for an
/// unknown name too (after the same hashing work, so timing does not tell
/// which of the two was wrong).
///
/// # Errors
/// [`AccountError::Database`].
pub async fn check_credentials(pool: &SqlitePool, name: &str, password: &str) -> Result<bool, AccountError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT password_hash FROM editors WHERE name = $1").bind(name).fetch_optional(pool).await?;
    verify_stored(row.map(|(h,)| h), password).await
}

/// Whether `password` matches the stored hash; for no stored hash, the same
/// work and `false` (see [`check_credentials`]).
pub(crate) async fn verify_stored(hash: Option<String>, password: &str) -> Result<bool, AccountError> {
    let password = password.to_owned();
    // Argon2 takes about 19 MiB and tens of milliseconds: off the async
    // worker threads, so that sign-ins do not stall other requests.
    let matches = tokio::task::spawn_blocking(move || match hash {
        Some(hash) => verify_password(&password, &hash),
        None => {
            // A fixed hash of a random password: same cost, never matches.
            let _ = hash_password("not-an-account-password");
            false
        }
    })
    .await
    .map_err(|e| AccountError::Hash(e.to_string()))?;
    Ok(matches)
}

/// [`hash_password`] on a blocking thread (see [`check_credentials`]).
pub(crate) async fn hash_off_runtime(password: &str) -> Result<String, AccountError> {
    let password = password.to_owned();
    tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .map_err(|e| AccountError::Hash(e.to_string()))?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_argon2id_salted_and_verify() {
        let a = hash_password("correct horse battery").expect("hash");
        let b = hash_password("correct horse battery").expect("hash");
        assert!(a.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{a}");
        assert_ne!(a, b, "a fresh salt each time");
        assert!(verify_password("correct horse battery", &a));
        assert!(!verify_password("correct horse battery!", &a));
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn password_and_name_rules() {
        assert_eq!(
            hash_password("short").expect_err("short").to_string(),
            "password: must be 12 to 1024 characters, got 5"
        );
        assert!(check_name("anna.k").is_ok());
        assert_eq!(
            check_name("Anna K").expect_err("bad").to_string(),
            "editor name \"Anna K\": use 1 to 64 characters of a-z, 0-9, '.', '_' and '-'"
        );
    }
}

/// Sessions and sign-in throttling on SQLite: the server's implementation of
/// [`app::auth::Sessions`].
pub mod sessions {
    use app::auth::{Sessions, SignInError};
    use argon2::password_hash::rand_core::{OsRng, RngCore};
    use sha2::{Digest, Sha256};
    use sqlx::SqlitePool;
    use time::{Duration, OffsetDateTime};

    use crate::store::sqlite::writer::Writer;

    use domain::event::format_timestamp;

    /// Failed sign-ins per account before it is throttled.
    pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
    /// Failed sign-ins per client address before it is throttled.
    pub const MAX_FAILURES_PER_ADDRESS: i64 = 20;
    /// The window failures are counted in.
    pub const FAILURE_WINDOW: Duration = Duration::minutes(15);
    /// How long a session lasts.
    pub const SESSION_LENGTH: Duration = Duration::days(14);

    /// Sessions in the `sessions` table.
    #[derive(Debug, Clone)]
    pub struct SqliteSessions {
        /// The database, for reads.
        pub pool: SqlitePool,
        /// The store's one way to write.
        pub writer: Writer,
        /// Mark the cookie `Secure`.
        pub secure: bool,
    }

    fn digest(token: &str) -> String {
        Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
    }

    fn stamp(t: OffsetDateTime) -> String {
        format_timestamp(t)
    }

    impl SqliteSessions {
        /// Minutes until `key` may try again, if it is throttled now.
        async fn throttled(&self, key: &str, max: i64, now: OffsetDateTime) -> Result<Option<u32>, sqlx::Error> {
            let since = stamp(now - FAILURE_WINDOW);
            let (n, oldest): (i64, Option<String>) = sqlx::query_as(
                "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE throttle_key = $1 AND failed_at > $2",
            )
            .bind(key)
            .bind(&since)
            .fetch_one(&self.pool)
            .await?;
            if n < max {
                return Ok(None);
            }
            let oldest = oldest
                .and_then(|o| OffsetDateTime::parse(&o, &time::format_description::well_known::Rfc3339).ok())
                .unwrap_or(now);
            let wait = (oldest + FAILURE_WINDOW - now).whole_seconds().max(0);
            Ok(Some(u32::try_from(((wait + 59) / 60).max(1)).unwrap_or(15)))
        }

        async fn try_sign_in(&self, name: &str, password: &str, client: &str) -> Result<String, SignInError> {
            let now = OffsetDateTime::now_utc();
            let keys = [
                (format!("name:{name}"), MAX_FAILURES_PER_ACCOUNT),
                (format!("addr:{client}"), MAX_FAILURES_PER_ADDRESS),
            ];
            for (key, max) in &keys {
                if let Some(minutes) = self.throttled(key, *max, now).await.map_err(unavailable)? {
                    return Err(SignInError::Throttled { minutes });
                }
            }
            if !super::check_credentials(&self.pool, name, password).await.map_err(unavailable)? {
                let mut tx = self.writer.begin().await.map_err(unavailable)?;
                // Failures older than the window count for nothing: pruned
                // here, so the table holds one window's worth at most.
                sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
                    .bind(stamp(now - FAILURE_WINDOW))
                    .execute(&mut *tx)
                    .await
                    .map_err(unavailable)?;
                for (key, _) in &keys {
                    sqlx::query("INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES ($1, $2)")
                        .bind(key)
                        .bind(stamp(now))
                        .execute(&mut *tx)
                        .await
                        .map_err(unavailable)?;
                }
                tx.commit().await.map_err(unavailable)?;
                return Err(SignInError::Invalid);
            }
            let mut bytes = [0u8; 32];
            OsRng.fill_bytes(&mut bytes);
            let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
            let mut tx = self.writer.begin().await.map_err(unavailable)?;
            sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1")
                .bind(&keys[0].0)
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
            sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
                .bind(stamp(now))
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
            let made = sqlx::query(
                "INSERT INTO sessions (token_hash, editor_id, created_at, expires_at) \
                 SELECT $1, id, $2, $3 FROM editors WHERE name = $4",
            )
            .bind(digest(&token))
            .bind(stamp(now))
            .bind(stamp(now + SESSION_LENGTH))
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
            if made.rows_affected() != 1 {
                // The account was removed since its password was checked.
                return Err(SignInError::Invalid);
            }
            tx.commit().await.map_err(unavailable)?;
            Ok(token)
        }
    }

    fn unavailable(e: impl std::fmt::Display) -> SignInError {
        tracing::error!(error = %e, "sign-in failed on the database");
        SignInError::Unavailable
    }

    #[async_trait::async_trait]
    impl Sessions for SqliteSessions {
        async fn sign_in(&self, name: &str, password: &str, client: &str) -> Result<String, SignInError> {
            self.try_sign_in(name, password, client).await
        }

        async fn editor(&self, token: &str) -> Result<Option<String>, SignInError> {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT e.name FROM sessions s JOIN editors e ON e.id = s.editor_id \
                 WHERE s.token_hash = $1 AND s.expires_at > $2",
            )
            .bind(digest(token))
            .bind(stamp(OffsetDateTime::now_utc()))
            .fetch_optional(&self.pool)
            .await
            .map_err(|e| {
                tracing::error!(error = %e, "session lookup failed");
                SignInError::Unavailable
            })?;
            Ok(row.map(|(n,)| n))
        }

        async fn sign_out(&self, token: &str) {
            let signed_out = async {
                let mut tx = self.writer.begin().await?;
                sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(digest(token)).execute(&mut *tx).await?;
                tx.commit().await
            };
            if let Err(e) = signed_out.await {
                tracing::error!(error = %e, "sign-out failed on the database");
            }
        }

        fn secure_cookies(&self) -> bool {
            self.secure
        }

        fn session_seconds(&self) -> i64 {
            SESSION_LENGTH.whole_seconds()
        }
    }
}
