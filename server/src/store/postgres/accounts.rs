//! Editors' accounts in PostgreSQL: the statements behind
//! [`crate::store::Accounts`] (names checked and passwords hashed there).

use sqlx::PgPool;

use crate::auth::{AccountError, Editor};

/// Stores a new editor with its password hash.
///
/// # Errors
/// [`AccountError::Exists`], or the database's.
pub async fn add(pool: &PgPool, name: &str, hash: &str, now: &str) -> Result<(), AccountError> {
    let mut tx = super::begin_write(pool).await?;
    let r = sqlx::query("INSERT INTO editors (name, password_hash, created_at, updated_at) VALUES ($1, $2, $3, $3)")
        .bind(name)
        .bind(hash)
        .bind(now)
        .execute(&mut *tx)
        .await;
    match r {
        Ok(_) => Ok(tx.commit().await?),
        Err(sqlx::Error::Database(d)) if d.is_unique_violation() => Err(AccountError::Exists(name.to_owned())),
        Err(e) => Err(e.into()),
    }
}

/// Replaces an editor's password hash.
///
/// # Errors
/// [`AccountError::Unknown`], or the database's.
pub async fn reset(pool: &PgPool, name: &str, hash: &str, now: &str) -> Result<(), AccountError> {
    let mut tx = super::begin_write(pool).await?;
    let r = sqlx::query("UPDATE editors SET password_hash = $1, updated_at = $2 WHERE name = $3")
        .bind(hash)
        .bind(now)
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
/// The database's.
pub async fn list(pool: &PgPool) -> Result<Vec<Editor>, AccountError> {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, created_at, updated_at FROM editors ORDER BY name").fetch_all(pool).await?;
    Ok(rows.into_iter().map(|(name, created_at, updated_at)| Editor { name, created_at, updated_at }).collect())
}

/// The stored password hash of `name`, if there is such an editor.
///
/// # Errors
/// The database's.
pub async fn password_hash(pool: &PgPool, name: &str) -> Result<Option<String>, AccountError> {
    Ok(sqlx::query_scalar("SELECT password_hash FROM editors WHERE name = $1").bind(name).fetch_optional(pool).await?)
}
