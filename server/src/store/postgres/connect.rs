//! Opening a PostgreSQL database: every way it can fail is one line that
//! names the host and the problem (README, "Several servers, one
//! PostgreSQL").

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgPoolOptions};
use sqlx::{Connection, PgConnection, PgPool};

use super::super::{OpenError, MIN_POSTGRES};
use crate::config::redacted;

/// What the messages name.
struct Target {
    host: String,
    user: String,
    database: String,
}

impl Target {
    /// The error for a failed connection or statement.
    fn classify(&self, e: sqlx::Error) -> OpenError {
        match &e {
            sqlx::Error::Database(d) => match d.code().as_deref() {
                // invalid_password, invalid_authorization_specification
                Some("28P01" | "28000") => {
                    OpenError::Refused { host: self.host.clone(), user: self.user.clone(), reason: d.message().into() }
                }
                Some("3D000") => OpenError::NoDatabase { host: self.host.clone(), database: self.database.clone() },
                Some("42501") => self.no_rights(d.message()),
                _ => OpenError::Connect(e),
            },
            sqlx::Error::Io(_) | sqlx::Error::PoolTimedOut | sqlx::Error::Tls(_) => {
                OpenError::Unreachable { host: self.host.clone(), reason: e.to_string() }
            }
            _ => OpenError::Connect(e),
        }
    }

    fn no_rights(&self, reason: &str) -> OpenError {
        OpenError::NoRights {
            host: self.host.clone(),
            user: self.user.clone(),
            database: self.database.clone(),
            reason: reason.to_owned(),
        }
    }
}

/// Connects, checks, migrates; whether PostGIS serves boxes.
pub async fn open(url: &str) -> Result<(PgPool, bool), OpenError> {
    let options =
        PgConnectOptions::from_str(url).map_err(|e| OpenError::Url { url: redacted(url), reason: e.to_string() })?;
    let target = Target {
        host: format!("{}:{}", options.get_host(), options.get_port()),
        user: options.get_username().to_owned(),
        database: options.get_database().unwrap_or(options.get_username()).to_owned(),
    };
    // One connection first: its error is the server's own (refused,
    // wrong password, no such database), where the pool would retry until
    // its timeout and say only that it timed out.
    let first = PgConnection::connect_with(&options).await.map_err(|e| target.classify(e))?;
    let _ = first.close().await;
    let pool = PgPoolOptions::new()
        .max_connections(8)
        .acquire_timeout(Duration::from_secs(10))
        .connect_with(options)
        .await
        .map_err(|e| target.classify(e))?;
    let version: i32 = sqlx::query_scalar("SELECT current_setting('server_version_num')::integer")
        .fetch_one(&pool)
        .await
        .map_err(|e| target.classify(e))?;
    if u32::try_from(version).unwrap_or(0) < MIN_POSTGRES * 10_000 {
        return Err(OpenError::TooOld {
            host: target.host,
            version: format!("{}.{}", version / 10_000, version % 10_000),
        });
    }
    let migrator = sqlx::migrate!("./migrations-postgres");
    let applied: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(version) FROM _sqlx_migrations WHERE success \
         AND EXISTS (SELECT 1 FROM pg_tables WHERE tablename = '_sqlx_migrations')",
    )
    .fetch_one(&pool)
    .await
    .unwrap_or(None);
    let latest = migrator.iter().map(|m| m.version).max();
    if applied < latest {
        let may_create: Option<bool> = sqlx::query_scalar("SELECT has_schema_privilege(current_schema(), 'CREATE')")
            .fetch_one(&pool)
            .await
            .map_err(|e| target.classify(e))?;
        if may_create != Some(true) {
            return Err(target.no_rights("no CREATE right on its schema"));
        }
    }
    migrator.run(&pool).await.map_err(|e| match e {
        sqlx::migrate::MigrateError::Execute(x) | sqlx::migrate::MigrateError::ExecuteMigration(x, _) => {
            target.classify(x)
        }
        e => OpenError::Migrate(e),
    })?;
    let postgis = add_postgis(&pool).await;
    Ok((pool, postgis))
}

/// Adds PostGIS's point column and GiST index when the extension is there
/// or can be created; `false` (boxes from the btree on longitude and
/// latitude) otherwise.
async fn add_postgis(pool: &PgPool) -> bool {
    let installed = |pool: &PgPool| {
        let pool = pool.clone();
        async move {
            sqlx::query_scalar::<_, bool>("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'postgis')")
                .fetch_one(&pool)
                .await
                .unwrap_or(false)
        }
    };
    if !installed(pool).await {
        if let Err(e) = sqlx::query("CREATE EXTENSION IF NOT EXISTS postgis").execute(pool).await {
            tracing::info!(reason = %e, "PostGIS is not available: boxes use the index on longitude and latitude");
            return false;
        }
    }
    let added = async {
        let mut tx = pool.begin().await?;
        sqlx::query(
            "ALTER TABLE events ADD COLUMN IF NOT EXISTS point geometry(Point, 4326) \
             GENERATED ALWAYS AS (ST_SetSRID(ST_MakePoint(longitude, latitude), 4326)) STORED",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "CREATE INDEX IF NOT EXISTS events_public_by_point_gist ON events USING gist (point) \
             WHERE status = 'published' AND deleted_at IS NULL",
        )
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    };
    match added.await {
        Ok(()) => true,
        Err(e) => {
            tracing::warn!(reason = %e, "could not add the PostGIS point index: boxes use longitude and latitude");
            false
        }
    }
}
