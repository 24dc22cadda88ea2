//! Reads for readers: the window's Features straight from their stored
//! text, filtered on indexes (a range of `events_public_by_day` for a date
//! window; the R*Tree `events_rtree` for a box), the day counts and the
//! data's extent. No row is validated or turned back into an event here.

use domain::bbox::BBox;
use domain::dates::{day_number, from_day_number};
use domain::filter::{EventFilter, Param};
use domain::store::{FeaturePage, SpatialExtent, StoreError};
use domain::timeline::Extent;
use futures_util::TryStreamExt;
use sqlx::SqlitePool;

use super::backend;
use super::rows::{index_entry, IndexRow, INDEX_COLUMNS, PUBLIC};

/// Day numbers beyond any date (`time` covers years -9999 to 9999).
const NO_EARLIER_DAY: i64 = -10_000_000;
const NO_LATER_DAY: i64 = 10_000_000;

/// The window as inclusive day numbers, open ends as far as days go.
fn window_days(filter: &EventFilter) -> (i64, i64) {
    let start = filter.window.start.map_or(NO_EARLIER_DAY, |d| i64::from(day_number(d)));
    let end = filter.window.end.map_or(NO_LATER_DAY, |d| i64::from(day_number(d)));
    (start, end)
}

/// A box as two longitude ranges (the second empty unless it crosses the
/// antimeridian) and a latitude range: `[w1, e1, w2, e2, s, n]`.
fn box_ranges(b: &BBox) -> [f64; 6] {
    if b.crosses_antimeridian() {
        [b.min_lon, 180.0, -180.0, b.max_lon, b.min_lat, b.max_lat]
    } else {
        // An empty range: min above max matches no point.
        [b.min_lon, b.max_lon, 1.0, 0.0, b.min_lat, b.max_lat]
    }
}

/// A value bound to a query built here.
enum Bind {
    Int(i64),
    Real(f64),
    Text(String),
}

/// Longest window, in days, whose events are searched one by one rather
/// than through the full-text index (measured in `scripts/bench-explore.sh`:
/// a common word matches a tenth of a million events, and reading those
/// ids from FTS5 costs more than checking a few thousand rows).
const SCAN_SEARCH_DAYS: i64 = 92;

/// The condition `param` of `filter` puts on an event `e` (`#0`, `#1`, …
/// for its bound values), beside the window and the box, which choose the
/// index: one arm per query parameter, so a new parameter does not compile
/// until it has its SQL (ARCHITECTURE.md, "Adding a query parameter").
/// `None` when the filter places no condition with it. A list is bound as
/// the query writes it (`rally,march`; its names hold no comma) and
/// matches any of its values.
fn condition(param: Param, filter: &EventFilter) -> Option<(&'static str, Vec<Bind>)> {
    use domain::filter::CrowdCondition;
    let text = |sql: &'static str| filter.value(param).map(|v| (sql, vec![Bind::Text(v)]));
    match param {
        // The window and the box are the index ranges of `matching`.
        Param::Datetime | Param::Bbox | Param::BboxCrs => None,
        Param::Kind => text(" AND instr(',' || #0 || ',', ',' || e.kind || ',') > 0"),
        Param::CountryCode => text(" AND instr(',' || #0 || ',', ',' || e.country_code || ',') > 0"),
        Param::DatePrecision => text(" AND instr(',' || #0 || ',', ',' || e.date_precision || ',') > 0"),
        Param::GeoPrecision => text(" AND instr(',' || #0 || ',', ',' || e.geo_precision || ',') > 0"),
        Param::Tags => text(" AND EXISTS (SELECT 1 FROM json_each(e.tags) WHERE json_each.value = #0)"),
        Param::Conduct => text(" AND instr(',' || #0 || ',', ',' || e.conduct || ',') > 0"),
        // Stored as 1 or 0; the value is `true` or `false`.
        Param::Online => text(" AND e.online = (#0 = 'true')"),
        Param::Admin1 => text(" AND e.admin1 = #0"),
        Param::Dataset => text(" AND e.dataset = #0"),
        Param::Actor => text(
            " AND (EXISTS (SELECT 1 FROM json_each(e.organisers) WHERE json_each.value = #0) \
               OR EXISTS (SELECT 1 FROM json_each(e.participants) WHERE json_each.value = #0))",
        ),
        Param::Outcome => text(
            " AND ((instr(',' || #0 || ',', ',arrests,') > 0 AND e.arrests > 0) \
               OR (instr(',' || #0 || ',', ',injuries,') > 0 AND e.injuries > 0) \
               OR (instr(',' || #0 || ',', ',fatalities,') > 0 AND e.fatalities > 0) \
               OR (instr(',' || #0 || ',', ',property_damage,') > 0 AND e.property_damage = 1))",
        ),
        Param::CrowdSize => {
            // A lone number (low or high) is both ends of the range.
            let int = |n: Option<u64>| Bind::Int(n.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX)));
            match filter.properties.crowd_size? {
                CrowdCondition::Reported => {
                    Some((" AND COALESCE(e.crowd_size_low, e.crowd_size_high) IS NOT NULL", vec![]))
                }
                CrowdCondition::NotReported => {
                    Some((" AND COALESCE(e.crowd_size_low, e.crowd_size_high) IS NULL", vec![]))
                }
                CrowdCondition::Between { low, high } => Some((
                    " AND COALESCE(e.crowd_size_high, e.crowd_size_low) >= #0 \
                      AND (#1 < 0 OR COALESCE(e.crowd_size_low, e.crowd_size_high) <= #1)",
                    vec![int(Some(low.unwrap_or(0))), int(high)],
                )),
            }
        }
        // A window of a few months holds few events: each is checked on
        // its folded words (every word of the search begins one of them,
        // `SearchQuery::matches_document`), after the date index chose
        // them. Longer or open windows go through the full-text index;
        // only quoted words reach FTS5 (`SearchQuery::fts5`).
        Param::Q => filter.properties.q.as_ref().map(|q| {
            let days = filter.window.start.zip(filter.window.end).map(|(s, e)| (e - s).whole_days());
            if days.is_some_and(|d| d <= SCAN_SEARCH_DAYS) {
                let words = serde_json::to_string(q.words()).unwrap_or_else(|_| "[]".to_owned());
                (
                    " AND NOT EXISTS (SELECT 1 FROM json_each(#0) w \
                       WHERE instr(' ' || e.search_text, ' ' || w.value) = 0)",
                    vec![Bind::Text(words)],
                )
            } else {
                (
                    " AND e.rid IN (SELECT rowid FROM events_search WHERE events_search MATCH #0)",
                    vec![Bind::Text(q.fts5())],
                )
            }
        }),
    }
}

/// The public events `filter` matches, selecting `column` (a column of
/// `events e`), in the API's order, with no sort: a window is a range of
/// the partial index `events_public_by_day` (first days from
/// `start - longest`, then last days that reach the window); a box goes
/// through the R*Tree `events_rtree` in two longitude ranges (the second
/// empty unless it crosses the antimeridian), checked against the exact
/// columns (the tree keeps 32-bit floats rounded outwards). Each other
/// parameter given is one more [`condition`] (fixed SQL text, the values
/// bound).
fn matching(filter: &EventFilter, longest: i64, column: &str) -> (String, Vec<Bind>) {
    let (start, end) = window_days(filter);
    let mut binds = Vec::new();
    let (ranges, first_property) = match filter.bbox.filter(|b| *b != BBox::WORLD) {
        None => {
            binds.extend([Bind::Int(start - longest), Bind::Int(end), Bind::Int(start)]);
            (None, 4)
        }
        Some(b) => {
            binds.extend(box_ranges(&b).map(Bind::Real));
            binds.extend([Bind::Int(start), Bind::Int(end)]);
            (Some(()), 9)
        }
    };
    let mut conditions = String::new();
    let mut n = first_property;
    for &param in Param::ALL {
        if let Some((sql, values)) = condition(param, filter) {
            let mut sql = sql.to_owned();
            for k in 0..values.len() {
                sql = sql.replace(&format!("#{k}"), &format!("?{}", n + k));
            }
            conditions.push_str(&sql);
            n += values.len();
            binds.extend(values);
        }
    }
    let sql = match ranges {
        None => format!(
            "SELECT e.{column} FROM events e \
             WHERE e.status = 'published' AND e.deleted_at IS NULL \
               AND e.day_start >= ?1 AND e.day_start <= ?2 AND e.day_end >= ?3{conditions} \
             ORDER BY e.day_start, e.id"
        ),
        Some(()) => {
            let branch = |w: &str, e: &str| {
                format!(
                    "SELECT e.day_start AS d, e.id AS i, e.{column} AS c \
                     FROM events_rtree r JOIN events e ON e.rid = r.rid \
                     WHERE r.min_lon <= {e} AND r.max_lon >= {w} AND r.min_lat <= ?6 AND r.max_lat >= ?5 \
                       AND r.min_day <= ?8 AND r.max_day >= ?7 \
                       AND e.longitude >= {w} AND e.longitude <= {e} AND e.latitude >= ?5 AND e.latitude <= ?6 \
                       AND e.day_start <= ?8 AND e.day_end >= ?7{conditions}"
                )
            };
            format!("SELECT c FROM ({} UNION ALL {}) ORDER BY d, i", branch("?1", "?2"), branch("?3", "?4"))
        }
    };
    (sql, binds)
}

/// Binds `binds` in order to a query.
macro_rules! bind_all {
    ($query:expr, $binds:expr) => {{
        let mut q = $query;
        for b in $binds {
            q = match b {
                Bind::Int(v) => q.bind(v),
                Bind::Real(v) => q.bind(v),
                Bind::Text(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Sends the public events that `filter` matches, as stored
/// Feature texts, in order, to `tx`; the channel's bound keeps the reader a
/// fixed number of features ahead of the consumer. Stops when the receiver
/// is gone. `longest` is the longest duration of a public event in days
/// (the date index's lower bound).
pub async fn send_features(
    pool: &SqlitePool,
    filter: EventFilter,
    longest: i64,
    tx: &tokio::sync::mpsc::Sender<Result<String, StoreError>>,
) {
    let (sql, binds) = matching(&filter, longest, "feature");
    let rows = bind_all!(sqlx::query_scalar::<_, String>(&sql), binds).fetch(pool);
    let mut rows = rows.map_err(backend);
    loop {
        let item = match rows.try_next().await {
            Ok(Some(f)) => Ok(f),
            Ok(None) => return,
            Err(e) => Err(e),
        };
        let failed = item.is_err();
        if tx.send(item).await.is_err() || failed {
            return;
        }
    }
}

/// The longest duration of a public event, in days (0 for none).
pub async fn longest_duration(pool: &SqlitePool) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, Option<i64>>(&format!("SELECT MAX(day_end - day_start) FROM events WHERE {PUBLIC}"))
        .fetch_one(pool)
        .await
        .map(Option::unwrap_or_default)
        .map_err(backend)
}

/// One public event's Feature text.
pub async fn feature(pool: &SqlitePool, id: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = by_id_or_external_id(pool, "feature", id).await?;
    Ok(row.map(|(f,)| f))
}

/// `column` of the public event whose `id` is `id`, else of the one public
/// event whose `external_id` is `id` (an id from elsewhere, as written
/// there); `None` when there is neither, or several events share that
/// external id.
pub async fn by_id_or_external_id<T>(pool: &SqlitePool, column: &str, id: &str) -> Result<Option<T>, StoreError>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> + Send + Unpin,
{
    let own: Option<T> = sqlx::query_as(&format!("SELECT {column} FROM events WHERE id = ? AND {PUBLIC}"))
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(backend)?;
    if own.is_some() {
        return Ok(own);
    }
    let mut theirs: Vec<T> =
        sqlx::query_as(&format!("SELECT {column} FROM events WHERE external_id = ? AND {PUBLIC} LIMIT 2"))
            .bind(id)
            .fetch_all(pool)
            .await
            .map_err(backend)?;
    Ok(if theirs.len() == 1 { theirs.pop() } else { None })
}

/// The first and last day with a public event, from the day counts.
pub async fn extent(pool: &SqlitePool) -> Result<Option<Extent>, StoreError> {
    let (first, last): (Option<i32>, Option<i32>) =
        sqlx::query_as("SELECT MIN(day), MAX(day) FROM day_counts").fetch_one(pool).await.map_err(backend)?;
    Ok(match (first.and_then(from_day_number), last.and_then(from_day_number)) {
        (Some(first), Some(last)) => Some(Extent { first, last }),
        _ => None,
    })
}

/// Every public event as the map needs it, in the API's order.
pub async fn compact(pool: &SqlitePool) -> Result<domain::compact::CompactEvents, StoreError> {
    let sql = format!("SELECT {INDEX_COLUMNS} FROM events WHERE {PUBLIC} ORDER BY day_start, id");
    let mut rows = sqlx::query_as::<_, IndexRow>(&sql).fetch(pool);
    let mut entries = Vec::new();
    while let Some(row) = rows.try_next().await.map_err(backend)? {
        entries.push(index_entry(row)?);
    }
    Ok(domain::compact::CompactEvents::from_entries(entries))
}

/// The ids of the public events `filter` matches, in the API's order.
pub async fn matching_ids(pool: &SqlitePool, filter: &EventFilter, longest: i64) -> Result<Vec<String>, StoreError> {
    let (sql, binds) = matching(filter, longest, "id");
    bind_all!(sqlx::query_scalar::<_, String>(&sql), binds).fetch_all(pool).await.map_err(backend)
}

/// The list's rows of the public events `ids`, in that order (an id without
/// a public event is left out), read in one query.
pub async fn list_items(pool: &SqlitePool, ids: &[String]) -> Result<Vec<domain::store::ListItem>, StoreError> {
    type Row = (String, String, i32, i32, String, String, String);
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, title, day_start, day_end, date_precision, kind, location_name FROM events \
         WHERE {PUBLIC} AND id IN (SELECT value FROM json_each(?))"
    );
    let list = serde_json::to_string(ids).map_err(|e| StoreError::Backend(Box::new(e)))?;
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(list).fetch_all(pool).await.map_err(backend)?;
    let mut by_id: std::collections::HashMap<String, Row> = rows.into_iter().map(|r| (r.0.clone(), r)).collect();
    let mut out = Vec::with_capacity(ids.len());
    for (id, title, s, e, dp, kind, place) in ids.iter().filter_map(|id| by_id.remove(id)) {
        let corrupt = |what: &str| StoreError::Corrupt { id: id.clone(), reason: what.to_owned() };
        let dates = from_day_number(s)
            .zip(from_day_number(e))
            .and_then(|(a, b)| domain::dates::DateRange::new(a, b))
            .ok_or_else(|| corrupt("days"))?;
        out.push(domain::store::ListItem {
            date_precision: dp.parse().map_err(|_| corrupt("date_precision"))?,
            kind: kind.parse().map_err(|_| corrupt("kind"))?,
            id,
            title,
            dates,
            location_name: place,
        });
    }
    Ok(out)
}

/// How many public events `filter` matches, and the Features
/// `offset..offset + limit` of them.
pub async fn feature_page(
    pool: &SqlitePool,
    filter: &EventFilter,
    longest: i64,
    offset: u64,
    limit: u64,
) -> Result<FeaturePage, StoreError> {
    let (ids, binds) = matching(filter, longest, "id");
    let count_sql = format!("SELECT COUNT(*) FROM ({ids})");
    let matched: i64 =
        bind_all!(sqlx::query_scalar::<_, i64>(&count_sql), binds).fetch_one(pool).await.map_err(backend)?;
    let (features, binds) = matching(filter, longest, "feature");
    let page_sql = format!("{features} LIMIT {} OFFSET {}", limit.min(i64::MAX as u64), offset.min(i64::MAX as u64));
    let features =
        bind_all!(sqlx::query_scalar::<_, String>(&page_sql), binds).fetch_all(pool).await.map_err(backend)?;
    Ok(FeaturePage { matched: u64::try_from(matched).unwrap_or(0), features })
}

/// What the public events `filter` matches add up to, in one aggregate
/// over the same index ranges as the Features (`SUM` and `COUNT` of a
/// column skip the events that do not report it).
pub async fn summary(
    pool: &SqlitePool,
    filter: &EventFilter,
    longest: i64,
) -> Result<domain::summary::WindowSummary, StoreError> {
    use domain::summary::{PeopleRange, Reported, WindowSummary};
    type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let (ids, binds) = matching(filter, longest, "id");
    let sql = format!(
        "SELECT COUNT(*), \
           COALESCE(SUM(crowd_size_low), 0), COALESCE(SUM(crowd_size_high), 0), COUNT(crowd_size_low), \
           COALESCE(SUM(arrests), 0), COUNT(arrests), COALESCE(SUM(injuries), 0), COUNT(injuries), \
           COALESCE(SUM(fatalities), 0), COUNT(fatalities) \
         FROM events WHERE id IN ({ids})"
    );
    let (n, low, high, with_number, arrests, arrested_at, injuries, injured_at, fatalities, deaths_at) =
        bind_all!(sqlx::query_as::<_, Row>(&sql), binds).fetch_one(pool).await.map_err(backend)?;
    let whole = |v: i64| u64::try_from(v).unwrap_or(0);
    let reported = |total: i64, events: i64| Reported { total: whole(total), events: whole(events) };
    Ok(WindowSummary {
        events: whole(n),
        people: PeopleRange { low: whole(low), high: whole(high), events: whole(with_number) },
        no_number: whole(n - with_number),
        arrests: reported(arrests, arrested_at),
        injuries: reported(injuries, injured_at),
        fatalities: reported(fatalities, deaths_at),
    })
}

/// How many events each value of each filter would select
/// ([`domain::facets`]): the window, the box and the search in SQL, on the
/// same index ranges as the Features; the conditions on properties in one
/// pass over those rows, each facet without its own.
pub async fn facets(
    pool: &SqlitePool,
    filter: &EventFilter,
    longest: i64,
) -> Result<domain::facets::FacetCounts, StoreError> {
    use domain::facets::{FacetCounter, Facts};
    use domain::filter::PropertyFilter;
    let seen = EventFilter {
        properties: PropertyFilter { q: filter.properties.q.clone(), ..PropertyFilter::default() },
        ..filter.clone()
    };
    let (ids, binds) = matching(&seen, longest, "id");
    let sql = format!(
        "SELECT id, kind, country_code, date_precision, geo_precision, tags, conduct, online, admin1, dataset, \
           organisers, participants, arrests, injuries, fatalities, property_damage, crowd_size_low, crowd_size_high \
         FROM events WHERE id IN ({ids})"
    );
    let mut counter = FacetCounter::new(&filter.properties);
    let mut rows = bind_all!(sqlx::query_as::<_, FacetRow>(&sql), binds).fetch(pool);
    let count = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
    while let Some(r) = rows.try_next().await.map_err(backend)? {
        let corrupt = |what: &str, e: domain::violation::ViolationCode| StoreError::Corrupt {
            id: r.id.clone(),
            reason: format!("{what}: {e}"),
        };
        counter.add(&Facts {
            kind: r.kind.parse().map_err(|e| corrupt("kind", e))?,
            country_code: &r.country_code,
            date_precision: r.date_precision.parse().map_err(|e| corrupt("date_precision", e))?,
            geo_precision: r.geo_precision.parse().map_err(|e| corrupt("geo_precision", e))?,
            tags: &r.tags,
            conduct: r.conduct.as_deref().map(str::parse).transpose().map_err(|e| corrupt("conduct", e))?,
            online: r.online,
            admin1: r.admin1.as_deref(),
            dataset: r.dataset.as_deref(),
            organisers: &r.organisers,
            participants: &r.participants,
            arrests: count(r.arrests),
            injuries: count(r.injuries),
            fatalities: count(r.fatalities),
            property_damage: r.property_damage,
            crowd_size_low: count(r.crowd_size_low),
            crowd_size_high: count(r.crowd_size_high),
        });
    }
    Ok(counter.finish())
}

/// The columns of a row that the facet counts read ([`facets`]).
#[derive(sqlx::FromRow)]
struct FacetRow {
    id: String,
    kind: String,
    country_code: String,
    date_precision: String,
    geo_precision: String,
    tags: sqlx::types::Json<Vec<String>>,
    conduct: Option<String>,
    online: Option<bool>,
    admin1: Option<String>,
    dataset: Option<String>,
    organisers: sqlx::types::Json<Vec<String>>,
    participants: sqlx::types::Json<Vec<String>>,
    arrests: Option<i64>,
    injuries: Option<i64>,
    fatalities: Option<i64>,
    property_damage: Option<bool>,
    crowd_size_low: Option<i64>,
    crowd_size_high: Option<i64>,
}

/// The public events `filter` matches, counted by country: one `GROUP BY`
/// over the same selection as [`summary`], with the people reported as a
/// range, in the answer's order (most events first, then by code).
pub async fn countries(
    pool: &SqlitePool,
    filter: &EventFilter,
    longest: i64,
) -> Result<domain::choropleth::CountryCounts, StoreError> {
    use domain::choropleth::{CountryCount, CountryCounts};
    use domain::summary::PeopleRange;
    type Row = (String, i64, i64, i64, i64);
    let (ids, binds) = matching(filter, longest, "id");
    let sql = format!(
        "SELECT country_code, COUNT(*), COALESCE(SUM(crowd_size_low), 0), COALESCE(SUM(crowd_size_high), 0), \
           COUNT(crowd_size_low) \
         FROM events WHERE id IN ({ids}) GROUP BY country_code ORDER BY COUNT(*) DESC, country_code"
    );
    let rows = bind_all!(sqlx::query_as::<_, Row>(&sql), binds).fetch_all(pool).await.map_err(backend)?;
    let whole = |v: i64| u64::try_from(v).unwrap_or(0);
    let countries = rows
        .into_iter()
        .map(|(code, n, low, high, with_number)| {
            CountryCount::new(
                &code,
                whole(n),
                PeopleRange { low: whole(low), high: whole(high), events: whole(with_number) },
            )
        })
        .collect();
    Ok(CountryCounts { countries })
}

/// The newest `limit` public events `filter` matches, by `updated_at` (the
/// time of publishing or the last change, RFC 3339 in UTC, so its text
/// sorts as time), newest first, then by id: their Feature texts and that
/// time. The events are chosen on the same index ranges as the Features,
/// then sorted; a feed asks for a window (or a box) to keep that short.
pub async fn recent(
    pool: &SqlitePool,
    filter: &EventFilter,
    longest: i64,
    limit: u64,
) -> Result<Vec<(String, String)>, StoreError> {
    let (ids, binds) = matching(filter, longest, "id");
    let sql = format!(
        "SELECT feature, updated_at FROM events WHERE id IN ({ids}) ORDER BY updated_at DESC, id LIMIT {}",
        limit.min(i64::MAX as u64)
    );
    bind_all!(sqlx::query_as::<_, (String, String)>(&sql), binds).fetch_all(pool).await.map_err(backend)
}

/// The box of every public event's point.
pub async fn spatial_extent(pool: &SqlitePool) -> Result<Option<SpatialExtent>, StoreError> {
    type Row = (Option<f64>, Option<f64>, Option<f64>, Option<f64>);
    let (w, s, e, n): Row = sqlx::query_as(&format!(
        "SELECT MIN(longitude), MIN(latitude), MAX(longitude), MAX(latitude) FROM events WHERE {PUBLIC}"
    ))
    .fetch_one(pool)
    .await
    .map_err(backend)?;
    Ok(match (w, s, e, n) {
        (Some(w), Some(s), Some(e), Some(n)) => Some([w, s, e, n]),
        _ => None,
    })
}
