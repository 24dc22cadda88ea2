//! Reading a file into records, one at a time: the format is found from the
//! content (README, "Import and export"), CSV is read by the `csv` crate and
//! GeoJSON by `serde_json` one Feature at a time, so memory holds one
//! record, not the file.

use std::collections::HashMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use serde_json::Value as JsonValue;

use super::{FileError, Format, Position};
use crate::geojson::json_type;

/// One value of a record.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    /// A CSV cell, or a JSON string.
    Text(String),
    /// Any other JSON value of a property.
    Json(JsonValue),
}

/// A Feature's Point, or why it has none.
pub type PointRead = Result<Point, String>;

/// A position in WGS 84 degrees, and whether the file gave a height (which
/// is not kept).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Point {
    /// Longitude, degrees.
    pub lon: f64,
    /// Latitude, degrees.
    pub lat: f64,
    /// The position had a third number.
    pub height: bool,
}

/// One row or Feature: its position in the file, its values by column
/// index, and (GeoJSON only) its geometry.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where it is.
    pub position: Position,
    /// `(column index, value)`.
    pub values: Vec<(usize, Cell)>,
    /// The Feature's Point; `None` for CSV.
    pub point: Option<PointRead>,
}

/// A record, or why the element at that position is not one (a Feature
/// that is not an object, say).
pub type RecordRead = Result<Record, (Position, String)>;

/// The columns seen so far (a CSV header, or the property names of the
/// Features read so far, in order of first appearance).
#[derive(Debug, Default, Clone)]
pub struct Columns {
    names: Vec<String>,
    index: HashMap<String, usize>,
}

impl Columns {
    fn intern(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_owned());
        self.index.insert(name.to_owned(), self.names.len() - 1);
        self.names.len() - 1
    }

    /// The names, by index.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// What [`sniff`] found at the start of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sniffed {
    /// The format.
    pub format: Format,
    /// Bytes to skip: a UTF-8 byte-order mark.
    pub skip: u64,
}

/// Finds the format from the first bytes of a file: a UTF-8 byte-order mark
/// is skipped, UTF-16 is refused, `{` starts GeoJSON, and JavaScript is
/// recognised by its comments (`//`, `/* */`) and keywords: `var x =` (or
/// `let`, `const`, `window.x =`, `export default`) before a `{` is GeoJSON
/// in JavaScript, other JavaScript is refused as such. Anything else is CSV
/// whose delimiter is the most common of `,` `;` and tab in its first line
/// (outside quotes).
///
/// # Errors
/// [`FileError::Empty`], [`FileError::Utf16`], [`FileError::JsonArray`],
/// [`FileError::JavaScript`].
pub fn sniff(head: &[u8]) -> Result<Sniffed, FileError> {
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err(FileError::Utf16);
    }
    let skip = if head.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let body = &head[skip as usize..];
    let text = String::from_utf8_lossy(body);
    if text.trim_start().is_empty() {
        return Err(FileError::Empty);
    }
    let (start, commented) = skip_js_comments(&text);
    if start.starts_with('{') {
        let format = if commented { Format::JavaScript } else { Format::GeoJson };
        return Ok(Sniffed { format, skip });
    }
    if start.starts_with('[') && !commented {
        return Err(FileError::JsonArray);
    }
    if js_assignment(start).is_some() {
        return Ok(Sniffed { format: Format::JavaScript, skip });
    }
    let keyword =
        ["var ", "let ", "const ", "function ", "function(", "import ", "export ", "window.", "\"use strict\""]
            .iter()
            .find(|k| start.starts_with(**k));
    if commented || keyword.is_some() {
        let first: String = start.chars().take_while(|c| *c != '\n').take(40).collect();
        return Err(FileError::JavaScript(if start.is_empty() {
            "it has only comments".to_owned()
        } else {
            format!("it does not assign a GeoJSON object to a name (it starts {first:?})")
        }));
    }
    Ok(Sniffed { format: Format::Csv { delimiter: delimiter(start) }, skip })
}

/// The text after leading white space and JavaScript comments (`// …` to
/// the end of the line, `/* … */`), and whether there were comments.
fn skip_js_comments(text: &str) -> (&str, bool) {
    let mut s = text.trim_start();
    let mut seen = false;
    loop {
        if let Some(rest) = s.strip_prefix("//") {
            s = rest.find('\n').map_or("", |i| &rest[i..]).trim_start();
        } else if let Some(rest) = s.strip_prefix("/*") {
            s = rest.find("*/").map_or("", |i| &rest[i + 2..]).trim_start();
        } else {
            return (s, seen);
        }
        seen = true;
    }
}

/// The byte offset of the `{` that a JavaScript assignment (`var x = {`,
/// `let`, `const`, `window.x = {`, `export default {`) at the start of
/// `start` assigns; `None` when `start` is no such assignment.
fn js_assignment(start: &str) -> Option<usize> {
    let brace = start.find('{')?;
    let before = start[..brace].trim_end();
    if let Some(rest) = before.strip_prefix("export default") {
        return rest.trim().is_empty().then_some(brace);
    }
    let lhs = before.strip_suffix('=')?.trim();
    let lhs = ["var ", "let ", "const "].iter().find_map(|k| lhs.strip_prefix(k)).unwrap_or(lhs).trim();
    (!lhs.is_empty() && lhs.chars().all(|c| c.is_alphanumeric() || matches!(c, '_' | '$' | '.'))).then_some(brace)
}

/// Whether `rest` (what follows the object of a JavaScript file) holds only
/// white space, `;` and comments.
fn only_js_trailer(mut rest: &str) -> bool {
    loop {
        let (r, _) = skip_js_comments(rest);
        let r2 = r.trim_start_matches(';');
        if r2.len() == r.len() {
            return r.is_empty();
        }
        rest = r2;
    }
}

/// A JSON error in a part of a file that starts after `prefix`, with the
/// line and column counted from the start of the file.
fn shifted(e: FileError, prefix: &str) -> FileError {
    let FileError::Json { line, column, message } = e else { return e };
    let lines = prefix.matches('\n').count();
    let column = if line == 1 { column + prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) } else { column };
    FileError::Json { line: line + lines, column, message }
}

/// The delimiter of a CSV text from its first line: the most frequent of
/// `,` `;` and tab outside quotes (`,` when none or tied).
fn delimiter(text: &str) -> u8 {
    let mut counts = [0usize; 3];
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            '\n' | '\r' if !quoted => break,
            ',' if !quoted => counts[0] += 1,
            ';' if !quoted => counts[1] += 1,
            '\t' if !quoted => counts[2] += 1,
            _ => {}
        }
    }
    let best = [b',', b';', b'\t'].into_iter().zip(counts).fold((b',', 0), |a, b| if b.1 > a.1 { b } else { a });
    best.0
}

/// Reads the records of the file at `path` in `format` (as sniffed), in
/// order. `each(columns, record)` is called for each, with the columns
/// seen so far.
///
/// # Errors
/// [`FileError`] for what makes the whole file unreadable: not UTF-8 at a
/// row, JSON syntax (with line and column, and a word on `NaN`), not GeoJSON,
/// a CRS other than WGS 84, no header.
pub fn read(path: &Path, sniffed: Sniffed, mut each: impl FnMut(&Columns, RecordRead)) -> Result<Columns, FileError> {
    let mut file = File::open(path).map_err(|e| FileError::Io(e.to_string()))?;
    file.seek(SeekFrom::Start(sniffed.skip)).map_err(|e| FileError::Io(e.to_string()))?;
    match sniffed.format {
        Format::Csv { delimiter } | Format::Acled { delimiter } | Format::Ccc { delimiter } => {
            csv_records(file, delimiter, &mut each)
        }
        Format::GeoJson => {
            let r = geojson_records(BufReader::new(file), &mut each);
            r.map_err(|e| with_nan_hint(e, path, sniffed.skip))
        }
        Format::JavaScript => {
            let mut text = String::new();
            BufReader::new(file).read_to_string(&mut text).map_err(|_| FileError::NotUtf8 { row: None })?;
            let (start, _) = skip_js_comments(&text);
            let at = text.len() - start.len();
            let a = at
                + if start.starts_with('{') {
                    0
                } else {
                    js_assignment(start)
                        .ok_or_else(|| FileError::JavaScript("it does not assign a GeoJSON object to a name".into()))?
                };
            // The object ends where serde_json finishes reading one value.
            let mut values = serde_json::Deserializer::from_str(&text[a..]).into_iter::<serde::de::IgnoredAny>();
            match values.next() {
                Some(Ok(_)) => {}
                Some(Err(e)) => return Err(shifted(json_error(e), &text[..a])),
                None => return Err(FileError::JavaScript("it has no object".into())),
            }
            let b = a + values.byte_offset();
            let rest = &text[b..];
            if !only_js_trailer(rest) {
                return Err(FileError::JavaScript(format!(
                    "it has more after the object ({:?})",
                    rest.trim_start_matches([';', ' ', '\n', '\r', '\t']).chars().take(20).collect::<String>()
                )));
            }
            geojson_records(&text.as_bytes()[a..b], &mut each).map_err(|e| shifted(e, &text[..a]))
        }
    }
}

fn csv_records(file: File, delimiter: u8, each: &mut impl FnMut(&Columns, RecordRead)) -> Result<Columns, FileError> {
    let mut reader = csv::ReaderBuilder::new().delimiter(delimiter).flexible(true).from_reader(BufReader::new(file));
    let mut columns = Columns::default();
    let header = reader.headers().map_err(|e| csv_error(&e, 1))?.clone();
    if header.iter().all(|h| h.trim().is_empty()) {
        return Err(FileError::NoHeader);
    }
    let mut seen = HashMap::new();
    for (i, h) in header.iter().enumerate() {
        let name = h.trim();
        if let Some(first) = seen.insert(name.to_owned(), i) {
            return Err(FileError::DuplicateColumn { name: name.to_owned(), first: first + 1, second: i + 1 });
        }
        columns.intern(name);
    }
    let mut record = csv::StringRecord::new();
    let mut row: u64 = 1;
    loop {
        row += 1;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(csv_error(&e, row)),
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if record.len() > header.len() {
            let problem = format!("has {} cells but the header has {} columns", record.len(), header.len());
            each(&columns, Err((Position::Row(row), problem)));
            continue;
        }
        let values = record.iter().enumerate().map(|(i, c)| (i, Cell::Text(c.to_owned()))).collect();
        each(&columns, Ok(Record { position: Position::Row(row), values, point: None }));
    }
    Ok(columns)
}

fn csv_error(e: &csv::Error, row: u64) -> FileError {
    match e.kind() {
        csv::ErrorKind::Utf8 { .. } => FileError::NotUtf8 { row: Some(row) },
        csv::ErrorKind::Io(io) => FileError::Io(io.to_string()),
        _ => FileError::Csv { row, message: e.to_string() },
    }
}

/// Adds a word on `NaN` and `Infinity` to a JSON syntax error that sits on
/// one of them (they are not JSON numbers, RFC 8259 §6).
fn with_nan_hint(e: FileError, path: &Path, skip: u64) -> FileError {
    let FileError::Json { line, column, message } = e else { return e };
    let near = File::open(path).ok().and_then(|f| {
        use std::io::BufRead;
        let mut r = BufReader::new(f);
        r.seek(SeekFrom::Start(skip)).ok()?;
        let text = r.lines().nth(line.checked_sub(1)?)?.ok()?;
        let start = text.char_indices().nth(column.saturating_sub(1)).map_or(text.len(), |(i, _)| i);
        Some(text[start..].chars().take(12).collect::<String>())
    });
    let nan = near.as_deref().is_some_and(|n| {
        let n = n.trim_start_matches('-');
        n.starts_with("NaN") || n.starts_with("Infinity") || n.starts_with("inf")
    });
    let message = if nan {
        format!("{message}: NaN and Infinity are not numbers in JSON (RFC 8259 §6); write the coordinate or leave the Feature out")
    } else {
        message
    };
    FileError::Json { line, column, message }
}

fn geojson_records(reader: impl Read, each: &mut impl FnMut(&Columns, RecordRead)) -> Result<Columns, FileError> {
    let mut columns = Columns::default();
    let members = crate::geojson::stream_document(reader, |i, value| {
        let read = feature_record(i, value, &mut columns);
        each(&columns, read);
    })
    .map_err(json_error)?;
    check_crs(members.get("crs"))?;
    match members.get("type").and_then(JsonValue::as_str) {
        Some("FeatureCollection") if members.contains_key("features") => Ok(columns),
        Some("FeatureCollection") => Err(FileError::NotGeoJson("a FeatureCollection without \"features\"".into())),
        Some("Feature") => {
            let read = feature_record(0, JsonValue::Object(members), &mut columns);
            each(&columns, read);
            Ok(columns)
        }
        Some(other) => Err(FileError::NotGeoJson(format!("a {other}, not a FeatureCollection or a Feature"))),
        None => Err(FileError::NotGeoJson("an object without \"type\"".into())),
    }
}

fn json_error(e: serde_json::Error) -> FileError {
    let message = e.to_string();
    let message = message.split(" at line ").next().unwrap_or(&message).to_owned();
    FileError::Json { line: e.line(), column: e.column(), message }
}

/// The CRS names that mean WGS 84 longitude, latitude (RFC 7946 §4; the
/// 2008 GeoJSON `crs` member, as QGIS and ogr2ogr still write it).
const WGS84_NAMES: [&str; 6] = [
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "OGC:CRS84",
    "CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
];

fn check_crs(crs: Option<&JsonValue>) -> Result<(), FileError> {
    let Some(crs) = crs else { return Ok(()) };
    if crs.is_null() {
        return Ok(());
    }
    let name = crs.pointer("/properties/name").and_then(JsonValue::as_str);
    match name {
        Some(n) if WGS84_NAMES.iter().any(|w| w.eq_ignore_ascii_case(n)) => Ok(()),
        Some(n) => Err(FileError::Crs(n.to_owned())),
        None => Err(FileError::Crs(crs.to_string())),
    }
}

/// One element of `features` as a record: its `id` as column `id`, its
/// properties as columns, and its Point.
fn feature_record(i: usize, value: JsonValue, columns: &mut Columns) -> RecordRead {
    let position = Position::Feature(i);
    let JsonValue::Object(mut o) = value else {
        return Err((position, format!("is {}, not a Feature", json_type(&value))));
    };
    match o.get("type").and_then(JsonValue::as_str) {
        Some("Feature") => {}
        Some(other) => return Err((position, format!("is a {other}, not a Feature"))),
        None => return Err((position, "has no \"type\": \"Feature\"".into())),
    }
    let mut values = Vec::new();
    match o.remove("id") {
        None | Some(JsonValue::Null) => {}
        Some(JsonValue::String(s)) => values.push((columns.intern("id"), Cell::Text(s))),
        Some(JsonValue::Number(n)) => values.push((columns.intern("id"), Cell::Text(n.to_string()))),
        Some(other) => return Err((position, format!("id: must be a string or a number, got {}", json_type(&other)))),
    }
    match o.remove("properties") {
        None | Some(JsonValue::Null) => {}
        Some(JsonValue::Object(props)) => {
            for (k, v) in props {
                let c = columns.intern(&k);
                let cell = match v {
                    JsonValue::Null => continue,
                    JsonValue::String(s) => Cell::Text(s),
                    other => Cell::Json(other),
                };
                values.retain(|(i, _)| *i != c);
                values.push((c, cell));
            }
        }
        Some(other) => {
            return Err((position, format!("properties: must be an object or null, got {}", json_type(&other))))
        }
    }
    let point = Some(point(o.get("geometry")));
    Ok(Record { position, values, point })
}

fn point(geometry: Option<&JsonValue>) -> PointRead {
    let g = match geometry {
        None | Some(JsonValue::Null) => {
            return Err("geometry: is null; each event needs a Point to be placed on the map".into())
        }
        Some(g) => g,
    };
    match g.get("type").and_then(JsonValue::as_str) {
        Some("Point") => {}
        Some(other) => return Err(format!("geometry: is a {other}; only Point geometries are supported")),
        None => return Err("geometry: has no \"type\"".into()),
    }
    let Some(coords) = g.get("coordinates").and_then(JsonValue::as_array) else {
        return Err("geometry: a Point needs \"coordinates\": [longitude, latitude]".into());
    };
    let numbers: Option<Vec<f64>> = coords.iter().map(JsonValue::as_f64).collect();
    match numbers.as_deref() {
        Some([lon, lat]) => Ok(Point { lon: *lon, lat: *lat, height: false }),
        Some([lon, lat, _]) => Ok(Point { lon: *lon, lat: *lat, height: true }),
        Some(n) => Err(format!("geometry: a position has 2 or 3 numbers, this one {}", n.len())),
        None => Err("geometry: coordinates must be numbers".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_are_found_from_content() {
        let csv = |d| Ok(Sniffed { format: Format::Csv { delimiter: d }, skip: 0 });
        assert_eq!(sniff(b"title,lat,lon\nx,1,2"), csv(b','));
        assert_eq!(sniff(b"title;lat;lon\n\"a;b\";1,5;2,5"), csv(b';'));
        assert_eq!(sniff(b"title\tlat\tlon\n"), csv(b'\t'));
        assert_eq!(sniff(b"\"a,b\";c\n"), csv(b';'));
        assert_eq!(sniff(b"\xEF\xBB\xBFid,title"), Ok(Sniffed { format: Format::Csv { delimiter: b',' }, skip: 3 }));
        assert_eq!(sniff(b"  {\"type\":"), Ok(Sniffed { format: Format::GeoJson, skip: 0 }));
        assert_eq!(sniff(b"\xEF\xBB\xBF{\"type\":"), Ok(Sniffed { format: Format::GeoJson, skip: 3 }));
        for js in [
            "var data = {",
            "const events={",
            "window.rallies = {",
            "export default {",
            "let x =\n{",
            "// Rallies, March 2024 {draft}\nvar rallies = {",
            "/* exported from QGIS\n   by hand */\n\n// two comments\nvar json_rallies_1 = {",
            "// an object after a comment\n{",
        ] {
            assert_eq!(sniff(js.as_bytes()), Ok(Sniffed { format: Format::JavaScript, skip: 0 }), "{js}");
        }
        // JavaScript that is not data is said to be JavaScript, not read as CSV.
        assert_eq!(
            sniff(b"// map setup\nL.geoJSON(rallies).addTo(map);\n"),
            Err(FileError::JavaScript(
                "it does not assign a GeoJSON object to a name (it starts \"L.geoJSON(rallies).addTo(map);\")".into()
            ))
        );
        assert_eq!(
            sniff(b"var rallies = [1, 2];"),
            Err(FileError::JavaScript(
                "it does not assign a GeoJSON object to a name (it starts \"var rallies = [1, 2];\")".into()
            ))
        );
        assert_eq!(sniff(b"// nothing else"), Err(FileError::JavaScript("it has only comments".into())));
        assert_eq!(sniff(b"[1,2]"), Err(FileError::JsonArray));
        assert_eq!(sniff(b"\xFF\xFEt\0i\0"), Err(FileError::Utf16));
        assert_eq!(sniff(b" \n "), Err(FileError::Empty));
    }
}
