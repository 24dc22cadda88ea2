//! The tables copied cell for cell: the history, editors (with their
//! password hashes), sessions (a SHA-256 of each token, so cookies signed
//! in on the source work on the target), failed sign-ins and readers'
//! reports. Their columns are integers, text, floating point and booleans
//! on both databases (`migrations/0002`, `0003`, `0005`, `0010`, `0011`;
//! `migrations-postgres/0001`, `0003`, `0004`), ids kept.

use std::ops::DerefMut;

use sqlx::{PgConnection, Row, SqliteConnection};

use super::{each, marks, Conn, CopyError, RowDigest, SourceTx, TargetTx};

/// What a column holds.
#[derive(Debug, Clone, Copy)]
enum Kind {
    /// INTEGER (SQLite), BIGINT (PostgreSQL).
    Int,
    /// TEXT.
    Text,
    /// REAL (SQLite), DOUBLE PRECISION (PostgreSQL).
    Real,
    /// INTEGER 0/1 (SQLite), BOOLEAN (PostgreSQL).
    Bool,
}

/// One table copied cell for cell.
#[derive(Debug)]
pub(crate) struct Table {
    /// Its name.
    pub name: &'static str,
    columns: &'static [(&'static str, Kind)],
    /// Read in pages of this integer key, or whole.
    key: Option<&'static str>,
    /// The order rows are digested in: on SQLite, on PostgreSQL.
    order: (&'static str, &'static str),
    /// Whether the check compares its rows (the target's failed sign-ins
    /// are kept, so only their count is checked).
    pub checked: bool,
}

/// The tables in the order they are copied (sessions after editors, whose
/// ids they name).
pub(crate) const TABLES: [Table; 5] = [
    Table {
        name: "event_history",
        columns: &[
            ("id", Kind::Int),
            ("event_id", Kind::Text),
            ("version", Kind::Int),
            ("action", Kind::Text),
            ("editor", Kind::Text),
            ("at", Kind::Text),
            ("previous", Kind::Text),
            ("note", Kind::Text),
        ],
        key: Some("id"),
        order: ("id", "id"),
        checked: true,
    },
    Table {
        name: "editors",
        columns: &[
            ("id", Kind::Int),
            ("name", Kind::Text),
            ("password_hash", Kind::Text),
            ("created_at", Kind::Text),
            ("updated_at", Kind::Text),
        ],
        key: None,
        order: ("id", "id"),
        checked: true,
    },
    Table {
        name: "sessions",
        columns: &[
            ("token_hash", Kind::Text),
            ("editor_id", Kind::Int),
            ("created_at", Kind::Text),
            ("expires_at", Kind::Text),
        ],
        key: None,
        order: ("token_hash", "token_hash COLLATE \"C\""),
        checked: true,
    },
    Table {
        name: "sign_in_failures",
        columns: &[("throttle_key", Kind::Text), ("failed_at", Kind::Text)],
        key: None,
        order: ("throttle_key, failed_at", "throttle_key COLLATE \"C\", failed_at"),
        checked: false,
    },
    Table {
        name: "reports",
        columns: &[
            ("id", Kind::Int),
            ("reference", Kind::Text),
            ("status", Kind::Text),
            ("title", Kind::Text),
            ("description", Kind::Text),
            ("kind", Kind::Text),
            ("location_name", Kind::Text),
            ("country_code", Kind::Text),
            ("lon", Kind::Real),
            ("lat", Kind::Real),
            ("date_start", Kind::Text),
            ("date_end", Kind::Text),
            ("date_precision", Kind::Text),
            ("source_url", Kind::Text),
            ("was_there", Kind::Bool),
            ("crowd_size_text", Kind::Text),
            ("contact_email", Kind::Text),
            ("received_at", Kind::Text),
            ("client_hash", Kind::Text),
            ("fingerprint", Kind::Text),
            ("decided_by", Kind::Text),
            ("decided_at", Kind::Text),
            ("decision_reason", Kind::Text),
            ("event_id", Kind::Text),
        ],
        key: Some("id"),
        order: ("id", "id"),
        checked: true,
    },
];

/// Rows read per query of a paged table.
const PAGE: i64 = 5_000;

/// Rows per insert (at most 24 columns: 12,000 parameters, under SQLite's
/// 32,766 and PostgreSQL's 65,535).
const BATCH: usize = 500;

/// One value.
#[derive(Debug, Clone)]
enum Cell {
    Int(Option<i64>),
    Text(Option<String>),
    Real(Option<f64>),
    Bool(Option<bool>),
}

/// A page of `table`'s rows after the key `after` (the whole table when it
/// has no key), in its order.
async fn read<S, P>(table: &Table, c: &mut Conn<S, P>, after: i64) -> Result<Vec<Vec<Cell>>, CopyError>
where
    S: DerefMut<Target = SqliteConnection>,
    P: DerefMut<Target = PgConnection>,
{
    let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    let at = || CopyError::at(format!("reading {}", table.name));
    each!(c, |c, pg| {
        let order = if pg { table.order.1 } else { table.order.0 };
        let sql = match table.key {
            Some(key) => format!(
                "SELECT {} FROM {} WHERE {key} > {} ORDER BY {order} LIMIT {PAGE}",
                columns.join(", "),
                table.name,
                marks(pg, 1, 1)
            ),
            None => format!("SELECT {} FROM {} ORDER BY {order}", columns.join(", "), table.name),
        };
        let mut q = sqlx::query(&sql);
        if table.key.is_some() {
            q = q.bind(after);
        }
        let rows = q.fetch_all(c).await.map_err(at())?;
        rows.iter()
            .map(|row| {
                table
                    .columns
                    .iter()
                    .enumerate()
                    .map(|(i, (_, kind))| match kind {
                        Kind::Int => row.try_get(i).map(Cell::Int),
                        Kind::Text => row.try_get(i).map(Cell::Text),
                        Kind::Real => row.try_get(i).map(Cell::Real),
                        Kind::Bool => row.try_get(i).map(Cell::Bool),
                    })
                    .collect::<Result<Vec<_>, _>>()
                    .map_err(at())
            })
            .collect()
    })
}

/// Every row of `table` in its order, page by page, to `each_page`.
async fn pages<S, P>(
    table: &Table,
    c: &mut Conn<S, P>,
    mut each_page: impl AsyncFnMut(Vec<Vec<Cell>>) -> Result<(), CopyError>,
) -> Result<(), CopyError>
where
    S: DerefMut<Target = SqliteConnection>,
    P: DerefMut<Target = PgConnection>,
{
    let mut after = i64::MIN;
    loop {
        let rows = read(table, c, after).await?;
        let full = table.key.is_some() && rows.len() as i64 == PAGE;
        if let Some(Cell::Int(Some(last))) = rows.last().and_then(|r| r.first()) {
            after = *last;
        }
        each_page(rows).await?;
        if !full {
            return Ok(());
        }
    }
}

/// Adds rows to a digest.
fn digest(rows: &[Vec<Cell>], d: &mut RowDigest) {
    for row in rows {
        for cell in row {
            match cell {
                Cell::Int(v) => d.cell(v.map(i64::to_le_bytes).as_ref().map(|b| b.as_slice())),
                Cell::Text(v) => d.cell(v.as_deref().map(str::as_bytes)),
                Cell::Real(v) => d.cell(v.map(f64::to_le_bytes).as_ref().map(|b| b.as_slice())),
                Cell::Bool(v) => d.cell(v.map(|b| [u8::from(b)]).as_ref().map(|b| b.as_slice())),
            }
        }
    }
}

/// Copies `table`: the rows copied and their digest.
pub(crate) async fn copy(table: &Table, from: &mut SourceTx, to: &mut TargetTx) -> Result<(u64, [u8; 32]), CopyError> {
    let mut d = RowDigest::default();
    let mut n = 0u64;
    pages(table, from, async |rows| {
        digest(&rows, &mut d);
        n += rows.len() as u64;
        insert(table, to, &rows).await
    })
    .await?;
    Ok((n, d.finish()))
}

/// The digest of `table`'s rows in the target, read as the copy read them.
pub(crate) async fn digest_of(table: &Table, c: &mut SourceTx) -> Result<[u8; 32], CopyError> {
    let mut d = RowDigest::default();
    pages(table, c, async |rows| {
        digest(&rows, &mut d);
        Ok(())
    })
    .await?;
    Ok(d.finish())
}

/// Inserts `rows`, [`BATCH`] per statement.
async fn insert(table: &Table, to: &mut TargetTx, rows: &[Vec<Cell>]) -> Result<(), CopyError> {
    let columns: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
    let per_row = columns.len();
    each!(to, |c, pg| {
        for chunk in rows.chunks(BATCH) {
            let values: Vec<String> =
                (0..chunk.len()).map(|i| format!("({})", marks(pg, 1 + i * per_row, per_row))).collect();
            let sql = format!("INSERT INTO {} ({}) VALUES {}", table.name, columns.join(", "), values.join(", "));
            let mut q = sqlx::query(&sql);
            for cell in chunk.iter().flatten() {
                q = match cell {
                    Cell::Int(v) => q.bind(*v),
                    Cell::Text(v) => q.bind(v.as_deref()),
                    Cell::Real(v) => q.bind(*v),
                    Cell::Bool(v) => q.bind(*v),
                };
            }
            q.execute(&mut *c).await.map_err(CopyError::at(format!("writing {}", table.name)))?;
        }
        Ok(())
    })
}
