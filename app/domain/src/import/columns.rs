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
    /// What happened to it: `peaceful`, `intervention` (or "Met with
    /// intervention"), `excessive_force`, `violent`.
    Conduct,
    /// The province or state, as written.
    Admin1,
    /// The district or county (CCC: the locality), as written.
    Admin2,
    /// Online or not: `true`/`false`, `1`/`0`, `yes`/`no`.
    Online,
    /// Who organised it: names separated by ";"; several columns are joined.
    Organisers,
    /// Groups that took part: names separated by ";"; several columns are
    /// joined (ACLED's `actor1` and `assoc_actor_1`).
    Participants,
    /// The demands, as reported.
    Claims,
    /// The crowd size as reported.
    CrowdSizeText,
    /// The lowest reported number of people.
    CrowdSizeLow,
    /// The highest reported number of people.
    CrowdSizeHigh,
    /// The convention the numbers were derived by (`ccc`).
    CrowdSizeDerived,
    /// Estimates by source: a JSON array of `{low, high, source}`.
    CrowdEstimates,
    /// People arrested, digits.
    Arrests,
    /// Participants injured, digits.
    Injuries,
    /// People killed, digits.
    Fatalities,
    /// Property damaged: yes or no (`1`/`0`, or CCC's list of what was
    /// damaged, which is a yes).
    PropertyDamage,
    /// Sources: a JSON array of `{name, url}`, or names separated by ";".
    Sources,
    /// One source per cell, a URL or a name (CCC's `source_1` …
    /// `source_n`); several columns are joined in order.
    SourceColumn,
    /// A URL for the (first) source.
    SourceUrl,
    /// Tags separated by commas (or a JSON array).
    Tags,
    /// The id where the event came from, as written (our own exports' column).
    ExternalId,
    /// The dataset it came from.
    Dataset,
    /// When its dataset last changed it: RFC 3339, or Unix seconds (ACLED's
    /// `timestamp`).
    UpstreamUpdatedAt,
    /// ACLED `event_type`: `Protests` becomes a protest, others "other".
    AcledEventType,
    /// ACLED `sub_event_type`: what happened to it (conduct), a tag, and
    /// the title's first words.
    AcledSubEventType,
    /// ACLED `time_precision`: 1 the day, 2 its week, 3 its month.
    AcledTimePrecision,
    /// ACLED `geo_precision`: 1 site, 2 city, 3 region.
    AcledGeoPrecision,
    /// ACLED `tags`: `crowd size=…` becomes the crowd size phrase and,
    /// where it states them, the numbers.
    AcledTags,
    /// CCC `type`: kinds separated by ";" (`march; rally`): the first that
    /// is one of ours is the kind.
    CccType,
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
            Field::Conduct => Some(Self::Conduct),
            Field::Admin1 => Some(Self::Admin1),
            Field::Admin2 => Some(Self::Admin2),
            Field::Online => Some(Self::Online),
            Field::Organisers => Some(Self::Organisers),
            Field::Participants => Some(Self::Participants),
            Field::Claims => Some(Self::Claims),
            Field::CrowdSizeText => Some(Self::CrowdSizeText),
            Field::CrowdSizeLow => Some(Self::CrowdSizeLow),
            Field::CrowdSizeHigh => Some(Self::CrowdSizeHigh),
            Field::CrowdSizeDerived => Some(Self::CrowdSizeDerived),
            Field::CrowdEstimates => Some(Self::CrowdEstimates),
            Field::Arrests => Some(Self::Arrests),
            Field::Injuries => Some(Self::Injuries),
            Field::Fatalities => Some(Self::Fatalities),
            Field::PropertyDamage => Some(Self::PropertyDamage),
            Field::Sources => Some(Self::Sources),
            Field::Tags => Some(Self::Tags),
            Field::Dataset => Some(Self::Dataset),
            Field::ExternalId => Some(Self::ExternalId),
            Field::UpstreamUpdatedAt => Some(Self::UpstreamUpdatedAt),
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
        Self::Conduct,
        Self::Admin1,
        Self::Admin2,
        Self::Online,
        Self::Organisers,
        Self::Participants,
        Self::Claims,
        Self::CrowdSizeText,
        Self::CrowdSizeLow,
        Self::CrowdSizeHigh,
        Self::CrowdSizeDerived,
        Self::CrowdEstimates,
        Self::Arrests,
        Self::Injuries,
        Self::Fatalities,
        Self::PropertyDamage,
        Self::Sources,
        Self::SourceColumn,
        Self::SourceUrl,
        Self::Tags,
        Self::Dataset,
        Self::ExternalId,
        Self::UpstreamUpdatedAt,
        Self::AcledEventType,
        Self::AcledSubEventType,
        Self::AcledTimePrecision,
        Self::AcledGeoPrecision,
        Self::AcledTags,
        Self::CccType,
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
            Self::Conduct => "conduct",
            Self::Admin1 => "admin1",
            Self::Admin2 => "admin2",
            Self::Online => "online",
            Self::Organisers => "organisers",
            Self::Participants => "participants",
            Self::Claims => "claims",
            Self::CrowdSizeText => "crowd_size_text",
            Self::CrowdSizeLow => "crowd_size_low",
            Self::CrowdSizeHigh => "crowd_size_high",
            Self::CrowdSizeDerived => "crowd_size_derived",
            Self::CrowdEstimates => "crowd_estimates",
            Self::Arrests => "arrests",
            Self::Injuries => "injuries",
            Self::Fatalities => "fatalities",
            Self::PropertyDamage => "property_damage",
            Self::Sources => "sources",
            Self::SourceColumn => "source_column",
            Self::SourceUrl => "source_url",
            Self::Tags => "tags",
            Self::Dataset => "dataset",
            Self::ExternalId => "external_id",
            Self::UpstreamUpdatedAt => "upstream_updated_at",
            Self::AcledEventType => "acled_event_type",
            Self::AcledSubEventType => "acled_sub_event_type",
            Self::AcledTimePrecision => "acled_time_precision",
            Self::AcledGeoPrecision => "acled_geo_precision",
            Self::AcledTags => "acled_tags",
            Self::CccType => "ccc_type",
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
            Self::Conduct => "What happened (peaceful, intervention, excessive force, violent)",
            Self::Admin1 => "Province or state",
            Self::Admin2 => "District or county",
            Self::Online => "Online (yes or no)",
            Self::Organisers => "Organisers (names separated by ;)",
            Self::Participants => "Groups taking part (names separated by ;)",
            Self::Claims => "Claims",
            Self::CrowdSizeText => "Crowd size (the reported phrase)",
            Self::CrowdSizeLow => "Crowd size, low (a number)",
            Self::CrowdSizeHigh => "Crowd size, high (a number)",
            Self::CrowdSizeDerived => "Crowd numbers derived by (ccc)",
            Self::CrowdEstimates => "Crowd estimates (JSON)",
            Self::Arrests => "Arrests (a number)",
            Self::Injuries => "Participants injured (a number)",
            Self::Fatalities => "Fatalities (a number)",
            Self::PropertyDamage => "Property damage (yes or no)",
            Self::Sources => "Sources",
            Self::SourceColumn => "One source (a URL or a name)",
            Self::SourceUrl => "Source URL",
            Self::Tags => "Tags",
            Self::Dataset => "Dataset",
            Self::ExternalId => "Id in its source",
            Self::UpstreamUpdatedAt => "Last change in its dataset",
            Self::AcledEventType => "ACLED event type",
            Self::AcledSubEventType => "ACLED sub-event type",
            Self::AcledTimePrecision => "ACLED time precision",
            Self::AcledGeoPrecision => "ACLED geo precision",
            Self::AcledTags => "ACLED tags",
            Self::CccType => "CCC type (kinds separated by ;)",
        }
    }

    /// Whether several columns may share this target (their values are
    /// joined); for any other target, a second column is refused.
    pub fn joins(self) -> bool {
        matches!(self, Self::Ignore | Self::Organisers | Self::Participants | Self::Tags | Self::SourceColumn)
    }

    /// Whether the column holds counts of people, read with the file's
    /// decimal mark.
    pub fn is_count(self) -> bool {
        matches!(self, Self::CrowdSizeLow | Self::CrowdSizeHigh | Self::Arrests | Self::Injuries | Self::Fatalities)
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

/// The columns of a Crowd Counting Consortium file that mark one (its data
/// dictionary).
const CCC_MARKS: [&str; 4] = ["size_text", "size_low", "size_high", "claims"];

/// A dataset whose columns the importer knows by their meaning there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Known {
    /// An ACLED export (ACLED codebook).
    Acled,
    /// A Crowd Counting Consortium file (CCC data dictionary).
    Ccc,
}

impl Known {
    /// The name such events get as their `dataset` when none is chosen.
    pub fn dataset(self) -> &'static str {
        match self {
            Self::Acled => "ACLED",
            Self::Ccc => "CCC",
        }
    }
}

/// Whether a header is an ACLED export's.
pub fn is_acled(columns: &[String]) -> bool {
    has_all(columns, &ACLED_MARKS)
}

/// Whether a header is a Crowd Counting Consortium file's.
pub fn is_ccc(columns: &[String]) -> bool {
    has_all(columns, &CCC_MARKS)
}

fn has_all(columns: &[String], marks: &[&str]) -> bool {
    let have: Vec<String> = columns.iter().map(|c| normal(c)).collect();
    marks.iter().all(|m| have.iter().any(|h| h == m))
}

/// Whether a column is one of CCC's numbered source columns (`source_1` …).
fn numbered_source(n: &str) -> bool {
    n.strip_prefix("source_").is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The guess for one column: its own field's name first, then common names
/// (`lat`, `latitude`, `y` → latitude; `lon`, `lng`, `long`, `longitude`,
/// `x` → longitude; `date`, `event_date` → date; …). The columns of an
/// ACLED export or a CCC file get their meaning there (`known`).
pub fn guess(name: &str, known: Option<Known>) -> Target {
    let n = normal(name);
    if known == Some(Known::Acled) {
        let t = match n.as_str() {
            "event_id_cnty" => Some(Target::Id),
            "event_date" => Some(Target::Date),
            "year" => Some(Target::Year),
            "time_precision" => Some(Target::AcledTimePrecision),
            "event_type" => Some(Target::AcledEventType),
            "sub_event_type" => Some(Target::AcledSubEventType),
            // ACLED names who took part (actor1: "Protesters (Iran)") and
            // the groups with them (assoc_actor_1); it codes no organiser.
            "actor1" | "assoc_actor_1" => Some(Target::Participants),
            "admin1" => Some(Target::Admin1),
            "admin2" => Some(Target::Admin2),
            "location" => Some(Target::LocationName),
            "geo_precision" => Some(Target::AcledGeoPrecision),
            "source" => Some(Target::Sources),
            "notes" => Some(Target::Description),
            "iso" => Some(Target::Country),
            "fatalities" => Some(Target::Fatalities),
            "tags" => Some(Target::AcledTags),
            "timestamp" => Some(Target::UpstreamUpdatedAt),
            "latitude" => Some(Target::Latitude),
            "longitude" => Some(Target::Longitude),
            _ => None,
        };
        return t.unwrap_or(Target::Ignore);
    }
    if known == Some(Known::Ccc) {
        let t = match n.as_str() {
            "date" => Some(Target::Date),
            "title" => Some(Target::Title),
            "locality" => Some(Target::Admin2),
            "state" => Some(Target::Admin1),
            "location" | "location_detail" => Some(Target::LocationName),
            "online" => Some(Target::Online),
            "type" => Some(Target::CccType),
            "organizations" => Some(Target::Organisers),
            "participants" | "actors" => Some(Target::Participants),
            "claims" => Some(Target::Claims),
            "size_text" => Some(Target::CrowdSizeText),
            "size_low" => Some(Target::CrowdSizeLow),
            "size_high" => Some(Target::CrowdSizeHigh),
            "arrests" => Some(Target::Arrests),
            "injuries_crowd" => Some(Target::Injuries),
            "property_damage" => Some(Target::PropertyDamage),
            "notes" => Some(Target::Description),
            "lat" => Some(Target::Latitude),
            "lon" => Some(Target::Longitude),
            n if numbered_source(n) => Some(Target::SourceColumn),
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
        "conduct" => Target::Conduct,
        "admin1" | "province" | "state" => Target::Admin1,
        "admin2" | "district" | "county" | "locality" => Target::Admin2,
        "online" => Target::Online,
        "organisers" | "organizers" | "organiser" | "organizer" | "organisations" | "organizations" => {
            Target::Organisers
        }
        "participants" | "actors" | "actor" | "groups" => Target::Participants,
        "claims" | "claim" | "demands" => Target::Claims,
        "crowd_size_text" | "crowd_size" | "crowd" | "size" | "size_text" => Target::CrowdSizeText,
        "crowd_size_low" | "size_low" => Target::CrowdSizeLow,
        "crowd_size_high" | "size_high" => Target::CrowdSizeHigh,
        "crowd_size_derived" => Target::CrowdSizeDerived,
        "crowd_estimates" => Target::CrowdEstimates,
        "arrests" => Target::Arrests,
        "injuries" | "injuries_crowd" | "injured" => Target::Injuries,
        "fatalities" | "deaths" | "killed" => Target::Fatalities,
        "property_damage" | "damage" => Target::PropertyDamage,
        "sources" | "source" | "source_name" => Target::Sources,
        "source_url" | "url" | "link" | "source_link" => Target::SourceUrl,
        "tags" | "tag" | "keywords" => Target::Tags,
        "dataset" => Target::Dataset,
        "external_id" | "source_id" | "original_id" => Target::ExternalId,
        "upstream_updated_at" => Target::UpstreamUpdatedAt,
        n if numbered_source(n) => Target::SourceColumn,
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
                assert_eq!(guess(column, None), expected, "the export's column {column:?}");
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
            ("Organizers", Target::Organisers),
            ("actors", Target::Participants),
            ("Arrests", Target::Arrests),
            ("source_3", Target::SourceColumn),
            ("source_", Target::Ignore),
            ("timestamp", Target::Ignore),
        ];
        for (name, want) in cases {
            assert_eq!(guess(name, None), want, "{name}");
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
        let got: Vec<&str> = header.iter().map(|h| guess(h, Some(Known::Acled)).name()).collect();
        assert_eq!(
            got.join(","),
            "id,date,year,acled_time_precision,ignore,acled_event_type,acled_sub_event_type,participants,\
             participants,ignore,country,ignore,ignore,admin1,location_name,latitude,longitude,acled_geo_precision,\
             sources,ignore,description,fatalities,acled_tags,upstream_updated_at"
        );
    }

    #[test]
    fn ccc_columns_get_their_meaning() {
        let header: Vec<String> = "date,locality,state,location_detail,online,type,title,organizations,participants,\
            claims,valence,issues,size_text,size_low,size_high,size_mean,arrests,injuries_crowd,injuries_police,\
            property_damage,source_1,source_2,source_12,notes,lat,lon,resolved_county,fips_code"
            .split(',')
            .map(str::to_owned)
            .collect();
        assert!(is_ccc(&header));
        assert!(!is_acled(&header));
        let got: Vec<&str> = header.iter().map(|h| guess(h, Some(Known::Ccc)).name()).collect();
        assert_eq!(
            got.join(","),
            "date,admin2,admin1,location_name,online,ccc_type,title,organisers,participants,claims,ignore,ignore,\
             crowd_size_text,crowd_size_low,crowd_size_high,ignore,arrests,injuries,ignore,property_damage,\
             source_column,source_column,source_column,description,latitude,longitude,ignore,ignore"
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
