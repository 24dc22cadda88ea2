//! What each column of a file (or property of a Feature) becomes: a
//! [`Target`], guessed from its name and changed by the editor in the
//! preview (README, "Import and export").

use std::fmt;
use std::str::FromStr;

/// Where a column's values go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Left out.
    Ignore,
    /// The record's id. Kept exactly as the event's `external_id` when it is
    /// not one of ours as written (`TRUE`, `bel_air/maryland`, `IRN1234`);
    /// the event's own id is made from it (README, "Ids from elsewhere").
    Id,
    /// The title.
    Title,
    /// The description.
    Description,
    /// One of the event kinds (`rally`, `Banner action`, …).
    Kind,
    /// One date: a day, a month (`2020-01`) or a year (`2020`); sets both
    /// the first and the last day.
    Date,
    /// The first day (or its month or year).
    DateStart,
    /// The last day (or its month or year).
    DateEnd,
    /// The year of the event (ACLED's `year`): a date in another year is
    /// refused (`05 March 0025` beside 2025); alone, it is the date, an
    /// approximate range over the year.
    Year,
    /// `exact` or `approximate`.
    DatePrecision,
    /// The place's name.
    LocationName,
    /// ISO 3166-1 alpha-2 code.
    CountryCode,
    /// A country's name in English (ISO 3166), or its numeric code.
    Country,
    /// WGS 84 longitude, decimal degrees.
    Longitude,
    /// WGS 84 latitude, decimal degrees.
    Latitude,
    /// `site`, `city` or `region`.
    GeoPrecision,
    /// Who took part; several columns are joined with "; ".
    Actors,
    /// The crowd size as reported.
    CrowdSizeText,
    /// Sources: a JSON array of `{name, url}`, or names separated by ";".
    Sources,
    /// A URL for the (first) source.
    SourceUrl,
    /// Tags separated by commas (or a JSON array).
    Tags,
    /// The id where the event came from, as written (our own exports' column).
    ExternalId,
    /// ACLED `event_type`: `Protests` becomes a protest, others "other".
    AcledEventType,
    /// ACLED `sub_event_type`: a tag, and the title's first words.
    AcledSubEventType,
    /// ACLED `time_precision`: 1 the day, 2 its week, 3 its month.
    AcledTimePrecision,
    /// ACLED `geo_precision`: 1 site, 2 city, 3 region.
    AcledGeoPrecision,
    /// ACLED `tags`: `crowd size=…` becomes the crowd size.
    AcledTags,
}

impl Target {
    /// The column that fills `field` on import; `None` only for what the
    /// server sets (`updated_at`, `status`). One arm per field, so a new
    /// field does not compile until the importer reads it (ARCHITECTURE.md,
    /// "Adding a field"); the point is two columns, longitude and latitude.
    pub fn for_field(field: crate::field::Field) -> Option<Self> {
        use crate::field::Field;
        match field {
            Field::Id => Some(Self::Id),
            Field::Title => Some(Self::Title),
            Field::Description => Some(Self::Description),
            Field::Kind => Some(Self::Kind),
            Field::DateStart => Some(Self::DateStart),
            Field::DateEnd => Some(Self::DateEnd),
            Field::DatePrecision => Some(Self::DatePrecision),
            Field::LocationName => Some(Self::LocationName),
            Field::CountryCode => Some(Self::CountryCode),
            Field::Geometry => Some(Self::Longitude),
            Field::GeoPrecision => Some(Self::GeoPrecision),
            Field::Actors => Some(Self::Actors),
            Field::CrowdSizeText => Some(Self::CrowdSizeText),
            Field::Sources => Some(Self::Sources),
            Field::Tags => Some(Self::Tags),
            Field::ExternalId => Some(Self::ExternalId),
            Field::UpdatedAt | Field::Status => None,
        }
    }

    /// Every target, in the order the preview offers them.
    pub const ALL: &'static [Self] = &[
        Self::Ignore,
        Self::Id,
        Self::Title,
        Self::Description,
        Self::Kind,
        Self::Date,
        Self::DateStart,
        Self::DateEnd,
        Self::Year,
        Self::DatePrecision,
        Self::LocationName,
        Self::CountryCode,
        Self::Country,
        Self::Longitude,
        Self::Latitude,
        Self::GeoPrecision,
        Self::Actors,
        Self::CrowdSizeText,
        Self::Sources,
        Self::SourceUrl,
        Self::Tags,
        Self::ExternalId,
        Self::AcledEventType,
        Self::AcledSubEventType,
        Self::AcledTimePrecision,
        Self::AcledGeoPrecision,
        Self::AcledTags,
    ];

    /// The name used in query strings, `--map` and the preview's form.
    pub fn name(self) -> &'static str {
        match self {
            Self::Ignore => "ignore",
            Self::Id => "id",
            Self::Title => "title",
            Self::Description => "description",
            Self::Kind => "kind",
            Self::Date => "date",
            Self::DateStart => "date_start",
            Self::DateEnd => "date_end",
            Self::Year => "year",
            Self::DatePrecision => "date_precision",
            Self::LocationName => "location_name",
            Self::CountryCode => "country_code",
            Self::Country => "country",
            Self::Longitude => "longitude",
            Self::Latitude => "latitude",
            Self::GeoPrecision => "geo_precision",
            Self::Actors => "actors",
            Self::CrowdSizeText => "crowd_size_text",
            Self::Sources => "sources",
            Self::SourceUrl => "source_url",
            Self::Tags => "tags",
            Self::ExternalId => "external_id",
            Self::AcledEventType => "acled_event_type",
            Self::AcledSubEventType => "acled_sub_event_type",
            Self::AcledTimePrecision => "acled_time_precision",
            Self::AcledGeoPrecision => "acled_geo_precision",
            Self::AcledTags => "acled_tags",
        }
    }

    /// What the preview shows for it.
    pub fn label(self) -> &'static str {
        match self {
            Self::Ignore => "(leave out)",
            Self::Id => "Id",
            Self::Title => "Title",
            Self::Description => "Description",
            Self::Kind => "Kind",
            Self::Date => "Date (first and last day)",
            Self::DateStart => "First day",
            Self::DateEnd => "Last day",
            Self::Year => "Year (the date must be in it)",
            Self::DatePrecision => "Date precision",
            Self::LocationName => "Place name",
            Self::CountryCode => "Country code (ISO 3166-1 alpha-2)",
            Self::Country => "Country name or numeric code",
            Self::Longitude => "Longitude",
            Self::Latitude => "Latitude",
            Self::GeoPrecision => "Place precision",
            Self::Actors => "Actors",
            Self::CrowdSizeText => "Crowd size",
            Self::Sources => "Sources",
            Self::SourceUrl => "Source URL",
            Self::Tags => "Tags",
            Self::ExternalId => "Id in its source",
            Self::AcledEventType => "ACLED event type",
            Self::AcledSubEventType => "ACLED sub-event type",
            Self::AcledTimePrecision => "ACLED time precision",
            Self::AcledGeoPrecision => "ACLED geo precision",
            Self::AcledTags => "ACLED tags",
        }
    }

    /// Whether several columns may share this target (their values are
    /// joined); for any other target, a second column is refused.
    pub fn joins(self) -> bool {
        matches!(self, Self::Ignore | Self::Actors | Self::Tags)
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Target {
    type Err = String;
    /// Parses [`Target::name`].
    ///
    /// # Errors
    /// A sentence listing the accepted names.
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ALL.iter().copied().find(|t| t.name() == s).ok_or_else(|| {
            format!(
                "{s:?} is not a field to import into; one of {}",
                Self::ALL.iter().map(|t| t.name()).collect::<Vec<_>>().join(", ")
            )
        })
    }
}

/// A column name as compared: lower case, trimmed, with spaces and dashes
/// as underscores (`Event Date` → `event_date`).
fn normal(name: &str) -> String {
    name.trim().to_lowercase().replace([' ', '-', '.'], "_")
}

/// The columns of an ACLED export that mark one (README, "ACLED").
const ACLED_MARKS: [&str; 4] = ["event_id_cnty", "event_date", "sub_event_type", "geo_precision"];

/// Whether a header is an ACLED export's.
pub fn is_acled(columns: &[String]) -> bool {
    let have: Vec<String> = columns.iter().map(|c| normal(c)).collect();
    ACLED_MARKS.iter().all(|m| have.iter().any(|h| h == m))
}

/// The guess for one column: its own field's name first, then common names
/// (`lat`, `latitude`, `y` → latitude; `lon`, `lng`, `long`, `longitude`,
/// `x` → longitude; `date`, `event_date` → date; …). ACLED's columns get
/// their ACLED meaning when `acled` is set.
pub fn guess(name: &str, acled: bool) -> Target {
    let n = normal(name);
    if acled {
        let t = match n.as_str() {
            "event_id_cnty" => Some(Target::Id),
            "event_date" => Some(Target::Date),
            "year" => Some(Target::Year),
            "time_precision" => Some(Target::AcledTimePrecision),
            "event_type" => Some(Target::AcledEventType),
            "sub_event_type" => Some(Target::AcledSubEventType),
            "actor1" | "assoc_actor_1" => Some(Target::Actors),
            "location" => Some(Target::LocationName),
            "geo_precision" => Some(Target::AcledGeoPrecision),
            "source" => Some(Target::Sources),
            "notes" => Some(Target::Description),
            "iso" => Some(Target::Country),
            "tags" => Some(Target::AcledTags),
            "latitude" => Some(Target::Latitude),
            "longitude" => Some(Target::Longitude),
            _ => None,
        };
        return t.unwrap_or(Target::Ignore);
    }
    match n.as_str() {
        "id" | "event_id" | "uid" => Target::Id,
        "title" | "name" | "headline" | "event" | "event_name" => Target::Title,
        "description" | "notes" | "details" | "summary" | "desc" => Target::Description,
        "kind" | "type" | "event_type" | "category" => Target::Kind,
        "date" | "event_date" | "day" | "when" => Target::Date,
        "date_start" | "start_date" | "start" | "from" | "first_day" | "begin" => Target::DateStart,
        "date_end" | "end_date" | "end" | "to" | "last_day" | "until" => Target::DateEnd,
        "year" => Target::Year,
        "date_precision" => Target::DatePrecision,
        "location_name" | "location" | "place" | "city" | "town" | "venue" => Target::LocationName,
        "country_code" | "iso2" | "iso_a2" | "country_iso" | "cc" => Target::CountryCode,
        "country" | "country_name" => Target::Country,
        "longitude" | "lon" | "lng" | "long" | "x" => Target::Longitude,
        "latitude" | "lat" | "y" => Target::Latitude,
        "geo_precision" => Target::GeoPrecision,
        "actors" | "actor" | "organiser" | "organizer" | "organisers" | "organizers" => Target::Actors,
        "crowd_size_text" | "crowd_size" | "crowd" | "size" | "participants" => Target::CrowdSizeText,
        "sources" | "source" | "source_name" => Target::Sources,
        "source_url" | "url" | "link" | "source_link" => Target::SourceUrl,
        "tags" | "tag" | "keywords" => Target::Tags,
        "external_id" | "source_id" | "original_id" => Target::ExternalId,
        _ => Target::Ignore,
    }
}

#[cfg(test)]
mod field_tests {
    use super::*;

    #[test]
    fn every_column_the_export_writes_is_read_back_into_its_field() {
        // The export's header (domain::table) names each column after its
        // field; the importer must take each back to the same field.
        for field in crate::table::fields() {
            let target = Target::for_field(field).unwrap_or(Target::Ignore);
            assert_ne!(target, Target::Ignore, "{field:?} is exported but not imported");
            for column in crate::table::names(field) {
                let expected = if column == "latitude" { Target::Latitude } else { target };
                assert_eq!(guess(column, false), expected, "the export's column {column:?}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_names_are_guessed() {
        let cases = [
            ("lat", Target::Latitude),
            ("Latitude", Target::Latitude),
            ("Y", Target::Latitude),
            ("lng", Target::Longitude),
            ("long", Target::Longitude),
            ("LONGITUDE", Target::Longitude),
            ("x", Target::Longitude),
            ("Event Date", Target::Date),
            ("date", Target::Date),
            ("date_start", Target::DateStart),
            ("Start date", Target::DateStart),
            ("name", Target::Title),
            ("City", Target::LocationName),
            ("country", Target::Country),
            ("country_code", Target::CountryCode),
            ("fid", Target::Ignore),
            ("colour", Target::Ignore),
        ];
        for (name, want) in cases {
            assert_eq!(guess(name, false), want, "{name}");
        }
    }

    #[test]
    fn acled_columns_get_their_meaning() {
        let header: Vec<String> = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,\
            sub_event_type,actor1,assoc_actor_1,inter1,iso,region,country,admin1,location,latitude,longitude,\
            geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
            .split(',')
            .map(str::to_owned)
            .collect();
        assert!(is_acled(&header));
        assert!(!is_acled(&header[1..]));
        let got: Vec<&str> = header.iter().map(|h| guess(h, true).name()).collect();
        assert_eq!(
            got.join(","),
            "id,date,year,acled_time_precision,ignore,acled_event_type,acled_sub_event_type,actors,actors,\
             ignore,country,ignore,ignore,ignore,location_name,latitude,longitude,acled_geo_precision,sources,\
             ignore,description,ignore,acled_tags,ignore"
        );
    }

    #[test]
    fn names_round_trip() {
        for t in Target::ALL {
            assert_eq!(t.name().parse::<Target>(), Ok(*t));
        }
        assert!("height"
            .parse::<Target>()
            .expect_err("unknown")
            .starts_with("\"height\" is not a field to import into"));
    }
}
