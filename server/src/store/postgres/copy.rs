//! Events as rows of `COPY events (…) FROM STDIN` in PostgreSQL's text
//! format (<https://www.postgresql.org/docs/current/sql-copy.html>, "Text
//! Format"): the bulk path of loads and imports (README, "Several servers,
//! one PostgreSQL"). The fields are laid out by the same macro that binds
//! an INSERT's parameters (`bind_event_fields!`), so both write the same
//! values into the same columns.
//!
//! A row is the columns' texts separated by tabs and ended by a newline;
//! NULL is `\N`; in a text, backslash, tab, newline and carriage return are
//! written as `\\`, `\t`, `\n` and `\r`, so no text can end a column, a row
//! or the data (`\.`), and `\N` written by a person stays that text.

use std::io::Write;

use domain::event::Event;
use domain::store::{Action, Status, StoreError};
use serde::Serialize;
use sqlx::types::Json;

use crate::store::sqlite::rows::{bind_event_fields, feature_text, FIELD_COLUMNS};

/// The statement the rows of [`write_event`] are sent to: every field's
/// columns, then the Feature text, the folded words, the editor and the
/// version. The generated columns (`search_words`, PostGIS's `point`) are
/// computed by PostgreSQL as for an INSERT.
pub fn statement() -> String {
    format!("COPY events ({}, feature, search_text, updated_by, version) FROM STDIN", *FIELD_COLUMNS)
}

/// Appends the row of `e` (stored with `status`, by `editor`, at version
/// 1) to `out`.
///
/// # Errors
/// [`StoreError::Backend`] when a list cannot be written as JSON.
pub fn write_event(out: &mut Vec<u8>, e: &Event, status: Status, editor: Option<&str>) -> Result<(), StoreError> {
    let row = Row { out, first: true, failed: None };
    let row = bind_event_fields!(row, e, status)
        .bind(feature_text(e)?)
        .bind(domain::search::document(e))
        .bind(editor)
        .bind(1i64);
    if let Some(x) = row.failed {
        return Err(StoreError::Backend(Box::new(x)));
    }
    row.out.push(b'\n');
    Ok(())
}

/// The statement the rows of [`write_history`] are sent to.
pub const HISTORY: &str = "COPY event_history (event_id, version, action, editor, at, note) FROM STDIN";

/// Appends the history row of `id`'s creation at version 1 by `action`
/// (an import), by `editor` at `at` (RFC 3339) with `note`, to `out`.
pub fn write_history(out: &mut Vec<u8>, id: &str, action: Action, editor: &str, at: &str, note: &str) {
    let _ = Row { out, first: true, failed: None }
        .bind(id)
        .bind(1i64)
        .bind(action.as_str())
        .bind(editor)
        .bind(at)
        .bind(note);
    out.push(b'\n');
}

/// One row being written: `bind` appends a column, as a query's `bind`
/// adds a parameter.
struct Row<'a> {
    out: &'a mut Vec<u8>,
    first: bool,
    /// The first list that could not be written as JSON.
    failed: Option<serde_json::Error>,
}

impl Row<'_> {
    fn bind<T: CopyValue>(mut self, value: T) -> Self {
        if !self.first {
            self.out.push(b'\t');
        }
        self.first = false;
        if let Err(x) = value.write_to(self.out) {
            self.failed.get_or_insert(x);
        }
        self
    }
}

/// A value as one column of a text-format COPY row.
trait CopyValue {
    /// Appends the column's text, escaped.
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error>;
}

/// Appends `text` with backslash, tab, newline and carriage return escaped.
fn escape(text: &str, out: &mut Vec<u8>) {
    let bytes = text.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let escaped: &[u8] = match b {
            b'\\' => b"\\\\",
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        out.extend_from_slice(escaped);
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
}

impl CopyValue for str {
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        escape(self, out);
        Ok(())
    }
}

impl CopyValue for String {
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        escape(self, out);
        Ok(())
    }
}

impl<T: CopyValue + ?Sized> CopyValue for &T {
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        (**self).write_to(out)
    }
}

impl<T: CopyValue> CopyValue for Option<T> {
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        match self {
            Some(v) => v.write_to(out),
            None => {
                out.extend_from_slice(b"\\N");
                Ok(())
            }
        }
    }
}

impl CopyValue for bool {
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        out.push(if *self { b't' } else { b'f' });
        Ok(())
    }
}

/// Integers and coordinates in Rust's own decimal form: an `f64` is
/// written with the fewest digits that read back as the same number, which
/// PostgreSQL's `float8` input reads exactly.
macro_rules! copy_number {
    ($($t:ty),*) => {$(
        impl CopyValue for $t {
            fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
                // Writing into a Vec cannot fail.
                let _ = write!(out, "{self}");
                Ok(())
            }
        }
    )*};
}
copy_number!(i32, i64, f64);

/// Lists (JSONB columns): their JSON text, escaped like any text.
impl<T: Serialize> CopyValue for Json<T> {
    fn write_to(&self, out: &mut Vec<u8>) -> Result<(), serde_json::Error> {
        escape(&serde_json::to_string(&self.0)?, out);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn column(v: impl CopyValue) -> String {
        let mut out = Vec::new();
        v.write_to(&mut out).expect("written");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn texts_are_escaped_and_null_is_backslash_n() {
        assert_eq!(column("a\tb\nc\rd\\e"), "a\\tb\\nc\\rd\\\\e");
        assert_eq!(column("\\N"), "\\\\N");
        assert_eq!(column("\\."), "\\\\.");
        assert_eq!(column(None::<&str>), "\\N");
        assert_eq!(column(Some("")), "");
        assert_eq!(column("تجمع \"quoted\" 'x'"), "تجمع \"quoted\" 'x'");
    }

    #[test]
    fn numbers_flags_and_lists() {
        assert_eq!(column(0.1f64 + 0.2), "0.30000000000000004");
        assert_eq!(column(-180.0f64), "-180");
        assert_eq!(column(i64::MAX), "9223372036854775807");
        assert_eq!(column(Some(true)), "t");
        assert_eq!(column(false), "f");
        assert_eq!(column(Json(vec!["a\nb", "c\\d"])), r#"["a\\nb","c\\\\d"]"#);
    }
}
