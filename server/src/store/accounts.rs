//! The editors' accounts in whichever database the store is: one way for
//! `rallymap editor` to add, reset, list and check them (names checked and
//! passwords hashed in [`crate::auth`]).

use sqlx::SqlitePool;

use super::sqlite::writer::Writer;
use crate::auth::{
    add_editor, check_credentials, check_name, hash_off_runtime, list_editors, now, reset_password, verify_stored,
    AccountError, Editor,
};

/// The editors' accounts, in whichever database the store is
/// ([`crate::store::Opened::accounts`]): what `rallymap editor` changes.
#[derive(Debug, Clone)]
pub enum Accounts {
    /// In a SQLite file, written through the store's one writer.
    Sqlite {
        /// For reads.
        pool: SqlitePool,
        /// The store's one way to write.
        writer: Writer,
    },
    /// In PostgreSQL.
    Postgres(sqlx::PgPool),
}

impl Accounts {
    /// Adds an editor ([`crate::auth::add_editor`]).
    ///
    /// # Errors
    /// A bad name or password, or [`AccountError::Exists`].
    pub async fn add(&self, name: &str, password: &str) -> Result<(), AccountError> {
        match self {
            Self::Sqlite { writer, .. } => add_editor(writer, name, password).await,
            Self::Postgres(pool) => {
                check_name(name)?;
                let hash = hash_off_runtime(password).await?;
                super::postgres::accounts::add(pool, name, &hash, &now()).await
            }
        }
    }

    /// Sets a new password ([`crate::auth::reset_password`]).
    ///
    /// # Errors
    /// A bad password, or [`AccountError::Unknown`].
    pub async fn reset_password(&self, name: &str, password: &str) -> Result<(), AccountError> {
        match self {
            Self::Sqlite { writer, .. } => reset_password(writer, name, password).await,
            Self::Postgres(pool) => {
                let hash = hash_off_runtime(password).await?;
                super::postgres::accounts::reset(pool, name, &hash, &now()).await
            }
        }
    }

    /// Every editor, by name.
    ///
    /// # Errors
    /// [`AccountError::Database`].
    pub async fn list(&self) -> Result<Vec<Editor>, AccountError> {
        match self {
            Self::Sqlite { pool, .. } => list_editors(pool).await,
            Self::Postgres(pool) => super::postgres::accounts::list(pool).await,
        }
    }

    /// Checks a name and password ([`crate::auth::check_credentials`]).
    ///
    /// # Errors
    /// [`AccountError::Database`].
    pub async fn check(&self, name: &str, password: &str) -> Result<bool, AccountError> {
        match self {
            Self::Sqlite { pool, .. } => check_credentials(pool, name, password).await,
            Self::Postgres(pool) => {
                let hash = super::postgres::accounts::password_hash(pool, name).await?;
                verify_stored(hash, password).await
            }
        }
    }
}
