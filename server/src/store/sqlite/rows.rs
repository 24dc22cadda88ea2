//! Rows and events: which columns hold which field (driven by
//! [`Field`], so a new field is a compile error here until it has a
//! column), how an event is bound into them, and how a row becomes an
//! [`Event`] again without going back through text and validation.

use std::sync::LazyLock;

use domain::dates::{from_day_number, DateRange};
use domain::event::{CrowdEstimate, Event, Source};
use domain::field::Field;
use domain::store::{Revision, Status, StoreError};
use sqlx::sqlite::SqliteArguments;
use sqlx::types::Json;
use sqlx::Sqlite;
use time::OffsetDateTime;

/// The columns that hold `field`. Dates are kept twice: as `YYYY-MM-DD`
/// text for people reading the database, and as day numbers for indexes.
pub fn columns(field: Field) -> &'static [&'static str] {
    match field {
        Field::Id => &["id"],
        Field::Title => &["title"],
        Field::Description => &["description"],
        Field::Kind => &["kind"],
        Field::DateStart => &["date_start", "day_start"],
        Field::DateEnd => &["date_end", "day_end"],
        Field::DatePrecision => &["date_precision"],
        Field::LocationName => &["location_name"],
        Field::CountryCode => &["country_code"],
        Field::Geometry => &["longitude", "latitude"],
        Field::GeoPrecision => &["geo_precision"],
        Field::Conduct => &["conduct"],
        Field::Admin1 => &["admin1"],
        Field::Admin2 => &["admin2"],
        Field::Online => &["online"],
        Field::Organisers => &["organisers"],
        Field::Participants => &["participants"],
        Field::Claims => &["claims"],
        Field::CrowdSizeText => &["crowd_size_text"],
        Field::CrowdSizeLow => &["crowd_size_low"],
        Field::CrowdSizeHigh => &["crowd_size_high"],
        Field::CrowdSizeDerived => &["crowd_size_derived"],
        Field::CrowdEstimates => &["crowd_estimates"],
        Field::Arrests => &["arrests"],
        Field::Injuries => &["injuries"],
        Field::Fatalities => &["fatalities"],
        Field::PropertyDamage => &["property_damage"],
        Field::Dataset => &["dataset"],
        Field::UpstreamUpdatedAt => &["upstream_updated_at"],
        Field::Sources => &["sources"],
        Field::Tags => &["tags"],
        Field::ExternalId => &["external_id"],
        Field::UpdatedAt => &["updated_at"],
        Field::Status => &["status"],
    }
}

/// Every field's columns, in [`Field::ALL`] order, comma-separated.
pub static FIELD_COLUMNS: LazyLock<String> =
    LazyLock::new(|| Field::ALL.iter().flat_map(|f| columns(*f)).copied().collect::<Vec<_>>().join(", "));

/// How many columns [`FIELD_COLUMNS`] has.
pub fn field_column_count() -> usize {
    Field::ALL.iter().map(|f| columns(*f).len()).sum()
}

/// The editing columns read after [`FIELD_COLUMNS`] for a [`Revision`].
pub const EDIT_COLUMNS: &str = "version, deleted_at, updated_by";

/// What the public sees; the partial indexes are declared with exactly this
/// condition, so queries must say it the same way to use them.
pub const PUBLIC: &str = "status = 'published' AND deleted_at IS NULL";

pub type Query<'q> = sqlx::query::Query<'q, Sqlite, SqliteArguments<'q>>;

/// Binds every field of `$e` (and `$status`) in [`FIELD_COLUMNS`] order to
/// the query `$q`: one macro for both databases, whose query types differ
/// but whose columns take the same Rust values.
macro_rules! bind_event_fields {
    ($q:expr, $e:expr, $status:expr) => {{
        use domain::dates::{day_number, format_date};
        use domain::event::format_timestamp;
        use domain::field::Field;
        use sqlx::types::Json;
        let count = |n: Option<u64>| n.and_then(|n| i64::try_from(n).ok());
        let (mut q, e, status) = ($q, $e, $status);
        for field in Field::ALL {
            q = match field {
                Field::Id => q.bind(&e.id),
                Field::Title => q.bind(&e.title),
                Field::Description => q.bind(&e.description),
                Field::Kind => q.bind(e.kind.as_str()),
                Field::DateStart => q.bind(format_date(e.dates.start)).bind(day_number(e.dates.start)),
                Field::DateEnd => q.bind(format_date(e.dates.end)).bind(day_number(e.dates.end)),
                Field::DatePrecision => q.bind(e.date_precision.as_str()),
                Field::LocationName => q.bind(&e.location_name),
                Field::CountryCode => q.bind(&e.country_code),
                Field::Geometry => q.bind(e.lon).bind(e.lat),
                Field::GeoPrecision => q.bind(e.geo_precision.as_str()),
                Field::Conduct => q.bind(e.conduct.map(|c| c.as_str())),
                Field::Admin1 => q.bind(&e.admin1),
                Field::Admin2 => q.bind(&e.admin2),
                Field::Online => q.bind(e.online),
                Field::Organisers => q.bind(Json(&e.organisers)),
                Field::Participants => q.bind(Json(&e.participants)),
                Field::Claims => q.bind(&e.claims),
                Field::CrowdSizeText => q.bind(&e.crowd_size_text),
                Field::CrowdSizeLow => q.bind(count(e.crowd_size_low)),
                Field::CrowdSizeHigh => q.bind(count(e.crowd_size_high)),
                Field::CrowdSizeDerived => q.bind(e.crowd_size_derived.map(|c| c.as_str())),
                Field::CrowdEstimates => q.bind(Json(&e.crowd_estimates)),
                Field::Arrests => q.bind(count(e.arrests)),
                Field::Injuries => q.bind(count(e.injuries)),
                Field::Fatalities => q.bind(count(e.fatalities)),
                Field::PropertyDamage => q.bind(e.property_damage),
                Field::Dataset => q.bind(&e.dataset),
                Field::UpstreamUpdatedAt => q.bind(e.upstream_updated_at.map(format_timestamp)),
                Field::Sources => q.bind(Json(&e.sources)),
                Field::Tags => q.bind(Json(&e.tags)),
                Field::ExternalId => q.bind(&e.external_id),
                Field::UpdatedAt => q.bind(e.updated_at.map(format_timestamp)),
                Field::Status => q.bind(status.as_str()),
            };
        }
        q
    }};
}
pub(crate) use bind_event_fields;

/// Binds every field of `e` (and `status`) in [`FIELD_COLUMNS`] order.
pub fn bind_fields<'q>(q: Query<'q>, e: &'q Event, status: Status) -> Result<Query<'q>, StoreError> {
    Ok(bind_event_fields!(q, e, status))
}

/// The Feature text the API answers with for `e`: the exact bytes, stored
/// with the row.
pub fn feature_text(e: &Event) -> Result<String, StoreError> {
    serde_json::to_string(&domain::geojson::to_feature(e)).map_err(|x| StoreError::Backend(Box::new(x)))
}

/// A row of [`FIELD_COLUMNS`] as stored: typed columns, no text to parse
/// but the enumerations' names and the timestamp.
#[derive(sqlx::FromRow)]
pub struct EventRow {
    id: String,
    title: String,
    description: String,
    kind: String,
    day_start: i32,
    day_end: i32,
    date_precision: String,
    location_name: String,
    country_code: String,
    longitude: f64,
    latitude: f64,
    geo_precision: String,
    conduct: Option<String>,
    admin1: Option<String>,
    admin2: Option<String>,
    online: Option<bool>,
    organisers: Json<Vec<String>>,
    participants: Json<Vec<String>>,
    claims: Option<String>,
    crowd_size_text: Option<String>,
    crowd_size_low: Option<i64>,
    crowd_size_high: Option<i64>,
    crowd_size_derived: Option<String>,
    crowd_estimates: Json<Vec<CrowdEstimate>>,
    arrests: Option<i64>,
    injuries: Option<i64>,
    fatalities: Option<i64>,
    property_damage: Option<bool>,
    dataset: Option<String>,
    upstream_updated_at: Option<String>,
    sources: Json<Vec<Source>>,
    tags: Json<Vec<String>>,
    external_id: Option<String>,
    updated_at: Option<String>,
    status: String,
}

/// A row whose `actors` text (before migration 0007) is still to become
/// its participants.
#[derive(sqlx::FromRow)]
pub struct ActorsRow {
    /// The fields.
    #[sqlx(flatten)]
    pub event: EventRow,
    /// The old text.
    pub actors: String,
}

/// A row as the backfill reads it: the fields and whether it was removed.
#[derive(sqlx::FromRow)]
pub struct BackfillRow {
    /// The fields.
    #[sqlx(flatten)]
    pub event: EventRow,
    /// When it was removed, if it was.
    pub deleted_at: Option<String>,
}

/// A row with the editing columns.
#[derive(sqlx::FromRow)]
pub struct RevisionRow {
    #[sqlx(flatten)]
    event: EventRow,
    version: i64,
    deleted_at: Option<String>,
    updated_by: Option<String>,
}

impl EventRow {
    /// The status as stored (`draft` or `published`).
    pub fn status(&self) -> &str {
        &self.status
    }

    /// The id as stored.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The event the row holds. It was validated when written; a value that
    /// no longer reads (a row edited by hand) is [`StoreError::Corrupt`].
    pub fn into_event(self) -> Result<Event, StoreError> {
        let corrupt = |reason: String| StoreError::Corrupt { id: self.id.clone(), reason };
        let day = |n: i32| from_day_number(n).ok_or_else(|| corrupt(format!("day number {n}")));
        let dates = DateRange::new(day(self.day_start)?, day(self.day_end)?)
            .ok_or_else(|| corrupt("date_end before date_start".into()))?;
        let timestamp = |what: &str, t: &Option<String>| match t {
            None => Ok(None),
            Some(t) => OffsetDateTime::parse(t, &time::format_description::well_known::Rfc3339)
                .map(Some)
                .map_err(|e| corrupt(format!("{what} {t:?}: {e}"))),
        };
        let updated_at = timestamp("updated_at", &self.updated_at)?;
        let upstream_updated_at = timestamp("upstream_updated_at", &self.upstream_updated_at)?;
        let count = |what: &str, n: Option<i64>| -> Result<Option<u64>, StoreError> {
            n.map(|n| u64::try_from(n).map_err(|_| corrupt(format!("{what} {n}")))).transpose()
        };
        let conduct = match &self.conduct {
            None => None,
            Some(c) => Some(c.parse().map_err(|e| corrupt(format!("conduct: {e}")))?),
        };
        let crowd_size_derived = match &self.crowd_size_derived {
            None => None,
            Some(c) => Some(c.parse().map_err(|e| corrupt(format!("crowd_size_derived: {e}")))?),
        };
        let crowd_size_low = count("crowd_size_low", self.crowd_size_low)?;
        let crowd_size_high = count("crowd_size_high", self.crowd_size_high)?;
        let arrests = count("arrests", self.arrests)?;
        let injuries = count("injuries", self.injuries)?;
        let fatalities = count("fatalities", self.fatalities)?;
        Ok(Event {
            kind: self.kind.parse().map_err(|e| corrupt(format!("kind: {e}")))?,
            date_precision: self.date_precision.parse().map_err(|e| corrupt(format!("date_precision: {e}")))?,
            geo_precision: self.geo_precision.parse().map_err(|e| corrupt(format!("geo_precision: {e}")))?,
            id: self.id,
            title: self.title,
            description: self.description,
            dates,
            location_name: self.location_name,
            country_code: self.country_code,
            lon: self.longitude,
            lat: self.latitude,
            conduct,
            admin1: self.admin1,
            admin2: self.admin2,
            online: self.online,
            organisers: self.organisers.0,
            participants: self.participants.0,
            claims: self.claims,
            crowd_size_text: self.crowd_size_text,
            crowd_size_low,
            crowd_size_high,
            crowd_size_derived,
            crowd_estimates: self.crowd_estimates.0,
            arrests,
            injuries,
            fatalities,
            property_damage: self.property_damage,
            dataset: self.dataset,
            upstream_updated_at,
            sources: self.sources.0,
            tags: self.tags.0,
            external_id: self.external_id,
            updated_at,
        })
    }
}

impl RevisionRow {
    /// The revision the row holds.
    pub fn into_revision(self) -> Result<Revision, StoreError> {
        let status = Status::parse(&self.event.status).ok_or_else(|| StoreError::Corrupt {
            id: self.event.id.clone(),
            reason: format!("status {:?}", self.event.status),
        })?;
        Ok(Revision {
            event: self.event.into_event()?,
            status,
            version: self.version,
            deleted: self.deleted_at.is_some(),
            updated_by: self.updated_by,
        })
    }
}

/// A row of the map's index as both stores select it ([`INDEX_COLUMNS`]):
/// id, longitude, latitude, first and last day numbers, kind, date and
/// geo precision, conduct, online, crowd low and high, country.
pub(crate) type IndexRow = (
    String,
    f64,
    f64,
    i32,
    i32,
    String,
    String,
    String,
    Option<String>,
    Option<bool>,
    Option<i64>,
    Option<i64>,
    String,
);

/// The columns of an [`IndexRow`], in its order.
pub(crate) const INDEX_COLUMNS: &str = "id, longitude, latitude, day_start, day_end, kind, date_precision, \
     geo_precision, conduct, online, crowd_size_low, crowd_size_high, country_code";

/// The map's entry for a row of the index query.
///
/// # Errors
/// [`StoreError::Corrupt`] when a stored value breaks the event's rules.
pub(crate) fn index_entry(row: IndexRow) -> Result<domain::compact::Entry, StoreError> {
    let (id, lon, lat, start, end, kind, dp, gp, conduct, online, low, high, country) = row;
    let corrupt = |what: &str, e: domain::violation::ViolationCode| StoreError::Corrupt {
        id: id.clone(),
        reason: format!("{what}: {e}"),
    };
    Ok(domain::compact::Entry {
        kind: kind.parse().map_err(|e| corrupt("kind", e))?,
        date_precision: dp.parse().map_err(|e| corrupt("date_precision", e))?,
        geo_precision: gp.parse().map_err(|e| corrupt("geo_precision", e))?,
        conduct: conduct.map(|c| c.parse()).transpose().map_err(|e| corrupt("conduct", e))?,
        online: online == Some(true),
        country_code: country.as_bytes().try_into().map_err(|_| {
            corrupt("country_code", domain::violation::ViolationCode::CountryCode { got: country.clone() })
        })?,
        people: low
            .zip(high)
            .map(|(l, h)| [u32::try_from(l).unwrap_or(u32::MAX), u32::try_from(h).unwrap_or(u32::MAX)]),
        id,
        lon: lon as f32,
        lat: lat as f32,
        start,
        end,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_has_its_columns_in_order() {
        assert_eq!(
            FIELD_COLUMNS.as_str(),
            "id, title, description, kind, conduct, date_start, day_start, date_end, day_end, date_precision, \
             location_name, admin1, admin2, country_code, longitude, latitude, geo_precision, online, organisers, \
             participants, claims, crowd_size_text, crowd_size_low, crowd_size_high, crowd_size_derived, \
             crowd_estimates, arrests, injuries, fatalities, property_damage, sources, tags, dataset, external_id, \
             upstream_updated_at, updated_at, status"
        );
        assert_eq!(field_column_count(), 37);
    }
}
