//! Reads for readers, as `../sqlite/read.rs` answers them: the window's
//! Features straight from their stored text, chosen on indexes (a range of
//! `events_public_by_day` for a window; PostGIS's GiST index or the btree
//! `events_public_by_point` for a box; the GIN index on the folded words
//! for a search), in the API's order (first day, then id, bytewise).

use domain::bbox::BBox;
use domain::dates::{day_number, from_day_number};
use domain::filter::{EventFilter, Param};
use domain::store::{FeaturePage, SpatialExtent, StoreError};
use domain::timeline::Extent;
use futures_util::TryStreamExt;
use sqlx::PgPool;

use super::backend;
use crate::store::sqlite::rows::{index_entry, IndexRow, INDEX_COLUMNS, PUBLIC};

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
    Words(Vec<String>),
}

/// The condition `param` of `filter` puts on an event `e` (`#0`, `#1`, …
/// for its bound values): the same meaning as SQLite's `condition`, one arm
/// per query parameter. A list is bound as the query writes it
/// (`rally,march`) and matches any of its values.
fn condition(param: Param, filter: &EventFilter) -> Option<(&'static str, Vec<Bind>)> {
    use domain::filter::CrowdCondition;
    let text = |sql: &'static str| filter.value(param).map(|v| (sql, vec![Bind::Text(v)]));
    match param {
        Param::Datetime | Param::Bbox | Param::BboxCrs => None,
        Param::Kind => text(" AND e.kind = ANY(string_to_array(#0, ','))"),
        Param::CountryCode => text(" AND e.country_code = ANY(string_to_array(#0, ','))"),
        Param::DatePrecision => text(" AND e.date_precision = ANY(string_to_array(#0, ','))"),
        Param::GeoPrecision => text(" AND e.geo_precision = ANY(string_to_array(#0, ','))"),
        Param::Tags => text(" AND e.tags @> jsonb_build_array(#0::text)"),
        Param::Conduct => text(" AND e.conduct = ANY(string_to_array(#0, ','))"),
        Param::Online => text(" AND e.online = (#0::text = 'true')"),
        Param::Admin1 => text(" AND e.admin1 = #0"),
        Param::Dataset => text(" AND e.dataset = #0"),
        Param::Actor => text(
            " AND (e.organisers @> jsonb_build_array(#0::text) OR e.participants @> jsonb_build_array(#0::text))",
        ),
        Param::Outcome => text(
            " AND ((strpos(',' || #0 || ',', ',arrests,') > 0 AND e.arrests > 0) \
               OR (strpos(',' || #0 || ',', ',injuries,') > 0 AND e.injuries > 0) \
               OR (strpos(',' || #0 || ',', ',fatalities,') > 0 AND e.fatalities > 0) \
               OR (strpos(',' || #0 || ',', ',property_damage,') > 0 AND e.property_damage))",
        ),
        Param::CrowdSize => {
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
        // Every word of the search begins a folded word of the event
        // (`SearchQuery::matches_document`): each word a prefix lexeme
        // (`'word':*`), quoted and escaped in SQL from the bound array, so
        // no text of the reader's is ever read as tsquery syntax; the GIN
        // index on `search_words` answers it.
        Param::Q => filter.properties.q.as_ref().filter(|q| !q.words().is_empty()).map(|q| {
            (
                r#" AND e.search_words @@ (SELECT string_agg('''' || replace(replace(w, '\', '\\'), '''', '''''') || ''':*', ' & ') FROM unnest(#0::text[]) AS w)::tsquery"#,
                vec![Bind::Words(q.words().to_vec())],
            )
        }),
    }
}

/// The public events `filter` matches, selecting `column` (of `events e`),
/// in the API's order: a window is a range of `events_public_by_day` (first
/// days from `start - longest`); a box two longitude ranges (the second
/// empty unless it crosses the antimeridian), through PostGIS's `&&` when
/// `postgis`, always checked on the exact columns. Each other parameter
/// given is one more [`condition`].
fn matching(filter: &EventFilter, longest: i64, column: &str, postgis: bool) -> (String, Vec<Bind>) {
    let (start, end) = window_days(filter);
    let mut binds = Vec::new();
    let boxed = filter.bbox.filter(|b| *b != BBox::WORLD);
    let first_property = match &boxed {
        None => {
            binds.extend([Bind::Int(start - longest), Bind::Int(end), Bind::Int(start)]);
            4
        }
        Some(b) => {
            binds.extend(box_ranges(b).map(Bind::Real));
            binds.extend([Bind::Int(start), Bind::Int(end)]);
            9
        }
    };
    let mut conditions = String::new();
    let mut n = first_property;
    for &param in Param::ALL {
        if let Some((sql, values)) = condition(param, filter) {
            let mut sql = sql.to_owned();
            for k in 0..values.len() {
                sql = sql.replace(&format!("#{k}"), &format!("${}", n + k));
            }
            conditions.push_str(&sql);
            n += values.len();
            binds.extend(values);
        }
    }
    let place = match boxed {
        None => "e.day_start >= $1 AND e.day_start <= $2 AND e.day_end >= $3".to_owned(),
        Some(_) => {
            let gist = if postgis {
                "(e.point && ST_MakeEnvelope($1, $5, $2, $6, 4326) \
                  OR e.point && ST_MakeEnvelope($3, $5, $4, $6, 4326)) AND "
            } else {
                ""
            };
            format!(
                "{gist}((e.longitude >= $1 AND e.longitude <= $2) OR (e.longitude >= $3 AND e.longitude <= $4)) \
                 AND e.latitude >= $5 AND e.latitude <= $6 AND e.day_start <= $8 AND e.day_end >= $7"
            )
        }
    };
    let sql = format!(
        "SELECT e.{column} FROM events e \
         WHERE e.status = 'published' AND e.deleted_at IS NULL AND {place}{conditions} \
         ORDER BY e.day_start, e.id"
    );
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
                Bind::Words(v) => q.bind(v),
            };
        }
        q
    }};
}

/// Sends the public events that `filter` matches, as stored Feature texts,
/// in order, to `tx`; stops when the receiver is gone.
pub async fn send_features(
    pool: &PgPool,
    filter: EventFilter,
    longest: i64,
    postgis: bool,
    tx: &tokio::sync::mpsc::Sender<Result<String, StoreError>>,
) {
    let (sql, binds) = matching(&filter, longest, "feature", postgis);
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
pub async fn longest_duration(pool: &PgPool) -> Result<i64, StoreError> {
    sqlx::query_scalar::<_, Option<i64>>(&format!("SELECT MAX(day_end - day_start)::bigint FROM events WHERE {PUBLIC}"))
        .fetch_one(pool)
        .await
        .map(Option::unwrap_or_default)
        .map_err(backend)
}

/// One public event's Feature text.
pub async fn feature(pool: &PgPool, id: &str) -> Result<Option<String>, StoreError> {
    let row: Option<(String,)> = by_id_or_external_id(pool, "feature", id).await?;
    Ok(row.map(|(f,)| f))
}

/// `column` of the public event whose `id` is `id`, else of the one public
/// event whose `external_id` is `id`; `None` when there is neither, or
/// several events share that external id.
pub async fn by_id_or_external_id<T>(pool: &PgPool, column: &str, id: &str) -> Result<Option<T>, StoreError>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::postgres::PgRow> + Send + Unpin,
{
    let own: Option<T> = sqlx::query_as(&format!("SELECT {column} FROM events WHERE id = $1 AND {PUBLIC}"))
        .bind(id)
        .fetch_optional(pool)
        .await
        .map_err(backend)?;
    if own.is_some() {
        return Ok(own);
    }
    let mut theirs: Vec<T> =
        sqlx::query_as(&format!("SELECT {column} FROM events WHERE external_id = $1 AND {PUBLIC} LIMIT 2"))
            .bind(id)
            .fetch_all(pool)
            .await
            .map_err(backend)?;
    Ok(if theirs.len() == 1 { theirs.pop() } else { None })
}

/// The first and last day with a public event, from the day counts.
pub async fn extent(pool: &PgPool) -> Result<Option<Extent>, StoreError> {
    let (first, last): (Option<i32>, Option<i32>) =
        sqlx::query_as("SELECT MIN(day), MAX(day) FROM day_counts").fetch_one(pool).await.map_err(backend)?;
    Ok(match (first.and_then(from_day_number), last.and_then(from_day_number)) {
        (Some(first), Some(last)) => Some(Extent { first, last }),
        _ => None,
    })
}

/// Every public event as the map needs it, in the API's order.
pub async fn compact(pool: &PgPool) -> Result<domain::compact::CompactEvents, StoreError> {
    let sql = format!("SELECT {INDEX_COLUMNS} FROM events WHERE {PUBLIC} ORDER BY day_start, id");
    let mut rows = sqlx::query_as::<_, IndexRow>(&sql).fetch(pool);
    let mut entries = Vec::new();
    while let Some(row) = rows.try_next().await.map_err(backend)? {
        entries.push(index_entry(row)?);
    }
    Ok(domain::compact::CompactEvents::from_entries(entries))
}

/// The ids of the public events `filter` matches, in the API's order.
pub async fn matching_ids(
    pool: &PgPool,
    filter: &EventFilter,
    longest: i64,
    postgis: bool,
) -> Result<Vec<String>, StoreError> {
    let (sql, binds) = matching(filter, longest, "id", postgis);
    bind_all!(sqlx::query_scalar::<_, String>(&sql), binds).fetch_all(pool).await.map_err(backend)
}

/// The list's rows of the public events `ids`, in that order (an id without
/// a public event is left out), read in one query.
pub async fn list_items(pool: &PgPool, ids: &[String]) -> Result<Vec<domain::store::ListItem>, StoreError> {
    type Row = (String, String, i32, i32, String, String, String);
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let sql = format!(
        "SELECT id, title, day_start, day_end, date_precision, kind, location_name FROM events \
         WHERE {PUBLIC} AND id = ANY($1)"
    );
    let rows: Vec<Row> = sqlx::query_as(&sql).bind(ids).fetch_all(pool).await.map_err(backend)?;
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
    pool: &PgPool,
    filter: &EventFilter,
    longest: i64,
    postgis: bool,
    offset: u64,
    limit: u64,
) -> Result<FeaturePage, StoreError> {
    let (ids, binds) = matching(filter, longest, "id", postgis);
    let count_sql = format!("SELECT COUNT(*) FROM ({ids}) AS m");
    let matched: i64 =
        bind_all!(sqlx::query_scalar::<_, i64>(&count_sql), binds).fetch_one(pool).await.map_err(backend)?;
    let (features, binds) = matching(filter, longest, "feature", postgis);
    let page_sql = format!("{features} LIMIT {} OFFSET {}", limit.min(i64::MAX as u64), offset.min(i64::MAX as u64));
    let features =
        bind_all!(sqlx::query_scalar::<_, String>(&page_sql), binds).fetch_all(pool).await.map_err(backend)?;
    Ok(FeaturePage { matched: u64::try_from(matched).unwrap_or(0), features })
}

/// What the public events `filter` matches add up to, in one aggregate.
pub async fn summary(
    pool: &PgPool,
    filter: &EventFilter,
    longest: i64,
    postgis: bool,
) -> Result<domain::summary::WindowSummary, StoreError> {
    use domain::summary::{PeopleRange, Reported, WindowSummary};
    type Row = (i64, i64, i64, i64, i64, i64, i64, i64, i64, i64);
    let (ids, binds) = matching(filter, longest, "id", postgis);
    let sql = format!(
        "SELECT COUNT(*), \
           COALESCE(SUM(crowd_size_low), 0)::bigint, COALESCE(SUM(crowd_size_high), 0)::bigint, \
           COUNT(crowd_size_low), \
           COALESCE(SUM(arrests), 0)::bigint, COUNT(arrests), COALESCE(SUM(injuries), 0)::bigint, COUNT(injuries), \
           COALESCE(SUM(fatalities), 0)::bigint, COUNT(fatalities) \
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
/// ([`domain::facets`]): the window, the box and the search in SQL; the
/// conditions on properties in one pass over those rows.
pub async fn facets(
    pool: &PgPool,
    filter: &EventFilter,
    longest: i64,
    postgis: bool,
) -> Result<domain::facets::FacetCounts, StoreError> {
    use domain::facets::{FacetCounter, Facts};
    use domain::filter::PropertyFilter;
    let seen = EventFilter {
        properties: PropertyFilter { q: filter.properties.q.clone(), ..PropertyFilter::default() },
        ..filter.clone()
    };
    let (ids, binds) = matching(&seen, longest, "id", postgis);
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

/// The public events `filter` matches, counted by country, most events
/// first, then by code.
pub async fn countries(
    pool: &PgPool,
    filter: &EventFilter,
    longest: i64,
    postgis: bool,
) -> Result<domain::choropleth::CountryCounts, StoreError> {
    use domain::choropleth::{CountryCount, CountryCounts};
    use domain::summary::PeopleRange;
    type Row = (String, i64, i64, i64, i64);
    let (ids, binds) = matching(filter, longest, "id", postgis);
    let sql = format!(
        "SELECT country_code, COUNT(*), COALESCE(SUM(crowd_size_low), 0)::bigint, \
           COALESCE(SUM(crowd_size_high), 0)::bigint, COUNT(crowd_size_low) \
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

/// The newest `limit` public events `filter` matches, by `updated_at`,
/// newest first, then by id: their Feature texts and that time.
pub async fn recent(
    pool: &PgPool,
    filter: &EventFilter,
    longest: i64,
    postgis: bool,
    limit: u64,
) -> Result<Vec<(String, String)>, StoreError> {
    let (ids, binds) = matching(filter, longest, "id", postgis);
    let sql = format!(
        "SELECT feature, updated_at FROM events WHERE id IN ({ids}) ORDER BY updated_at DESC, id LIMIT {}",
        limit.min(i64::MAX as u64)
    );
    bind_all!(sqlx::query_as::<_, (String, String)>(&sql), binds).fetch_all(pool).await.map_err(backend)
}

/// The box of every public event's point.
pub async fn spatial_extent(pool: &PgPool) -> Result<Option<SpatialExtent>, StoreError> {
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
