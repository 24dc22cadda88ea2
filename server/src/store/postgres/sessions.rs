//! Editors' sessions and the sign-in throttle in PostgreSQL: the same
//! rules and statements as [`crate::auth::sessions::SqliteSessions`], so
//! a session made on one server is known (and revoked) on every other, and
//! failed sign-ins count wherever they were tried.

use app::auth::{Sessions, SignInError};
use argon2::password_hash::rand_core::{OsRng, RngCore};
use domain::event::format_timestamp;
use sha2::{Digest, Sha256};
use sqlx::PgPool;
use time::OffsetDateTime;

use crate::auth::sessions::{FAILURE_WINDOW, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SESSION_LENGTH};

/// Sessions in the `sessions` table of PostgreSQL.
#[derive(Debug, Clone)]
pub struct PgSessions {
    /// The database.
    pub pool: PgPool,
    /// Mark the cookie `Secure`.
    pub secure: bool,
}

fn digest(token: &str) -> String {
    Sha256::digest(token.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

fn unavailable(e: impl std::fmt::Display) -> SignInError {
    tracing::error!(error = %e, "sign-in failed on the database");
    SignInError::Unavailable
}

impl PgSessions {
    /// Minutes until `key` may try again, if it is throttled now.
    async fn throttled(&self, key: &str, max: i64, now: OffsetDateTime) -> Result<Option<u32>, sqlx::Error> {
        let (n, oldest): (i64, Option<String>) = sqlx::query_as(
            "SELECT COUNT(*), MIN(failed_at) FROM sign_in_failures WHERE throttle_key = $1 AND failed_at > $2",
        )
        .bind(key)
        .bind(format_timestamp(now - FAILURE_WINDOW))
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
        let keys =
            [(format!("name:{name}"), MAX_FAILURES_PER_ACCOUNT), (format!("addr:{client}"), MAX_FAILURES_PER_ADDRESS)];
        for (key, max) in &keys {
            if let Some(minutes) = self.throttled(key, *max, now).await.map_err(unavailable)? {
                return Err(SignInError::Throttled { minutes });
            }
        }
        let hash = super::accounts::password_hash(&self.pool, name).await.map_err(unavailable)?;
        if !crate::auth::verify_stored(hash, password).await.map_err(unavailable)? {
            let mut tx = super::begin_write(&self.pool).await.map_err(unavailable)?;
            sqlx::query("DELETE FROM sign_in_failures WHERE failed_at <= $1")
                .bind(format_timestamp(now - FAILURE_WINDOW))
                .execute(&mut *tx)
                .await
                .map_err(unavailable)?;
            for (key, _) in &keys {
                sqlx::query("INSERT INTO sign_in_failures (throttle_key, failed_at) VALUES ($1, $2)")
                    .bind(key)
                    .bind(format_timestamp(now))
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
        let mut tx = super::begin_write(&self.pool).await.map_err(unavailable)?;
        sqlx::query("DELETE FROM sign_in_failures WHERE throttle_key = $1")
            .bind(&keys[0].0)
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(format_timestamp(now))
            .execute(&mut *tx)
            .await
            .map_err(unavailable)?;
        let made = sqlx::query(
            "INSERT INTO sessions (token_hash, editor_id, created_at, expires_at) \
             SELECT $1, id, $2, $3 FROM editors WHERE name = $4",
        )
        .bind(digest(&token))
        .bind(format_timestamp(now))
        .bind(format_timestamp(now + SESSION_LENGTH))
        .bind(name)
        .execute(&mut *tx)
        .await
        .map_err(unavailable)?;
        if made.rows_affected() != 1 {
            return Err(SignInError::Invalid);
        }
        tx.commit().await.map_err(unavailable)?;
        Ok(token)
    }
}

#[async_trait::async_trait]
impl Sessions for PgSessions {
    async fn sign_in(&self, name: &str, password: &str, client: &str) -> Result<String, SignInError> {
        self.try_sign_in(name, password, client).await
    }

    async fn editor(&self, token: &str) -> Result<Option<String>, SignInError> {
        sqlx::query_scalar(
            "SELECT e.name FROM sessions s JOIN editors e ON e.id = s.editor_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2",
        )
        .bind(digest(token))
        .bind(format_timestamp(OffsetDateTime::now_utc()))
        .fetch_optional(&self.pool)
        .await
        .map_err(|e| {
            tracing::error!(error = %e, "session lookup failed");
            SignInError::Unavailable
        })
    }

    async fn sign_out(&self, token: &str) {
        let signed_out = async {
            let mut tx = super::begin_write(&self.pool).await?;
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
