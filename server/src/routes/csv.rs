//! `f=csv`: one row per event, for spreadsheets (README, "Import and
//! export"), in the columns of `domain::table`, which the import reads.
//! Written with the `csv` crate (RFC 4180 quoting), UTF-8 with a
//! byte-order mark so that spreadsheets detect it.

/// The header and one row per stored Feature (Features that do not read
/// back are left out; the store only holds ones that do).
///
/// # Errors
/// The `csv` writer's, which writing to memory does not produce.
pub fn write(features: &[String]) -> Result<Vec<u8>, csv::Error> {
    let mut out = csv::Writer::from_writer(b"\xEF\xBB\xBF".to_vec());
    out.write_record(domain::table::header())?;
    for e in features.iter().filter_map(|f| domain::geojson::read_written(f)) {
        out.write_record(domain::table::row(&e))?;
    }
    out.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}
