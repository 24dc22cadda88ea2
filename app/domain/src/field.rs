//! The fields of an event as one type: every place that names a field (the
//! rules, the GeoJSON reader and writer, the SQL columns, the form's inputs
//! and labels, the list of changes) matches on [`Field`], so adding a field
//! is one edit the compiler follows (ARCHITECTURE.md, "Adding a field").

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

text_enum! {
    /// A field of an event (README, "The data", in its order), and the
    /// editing status, which editors set beside the event.
    Field {
        /// `id`: stable, URL-safe.
        Id = "id",
        /// `title`.
        Title = "title",
        /// `description`.
        Description = "description",
        /// `kind`.
        Kind = "kind",
        /// `conduct`: what happened to it (ACLED's sub-event types of
        /// demonstrations).
        Conduct = "conduct",
        /// `date_start`: the first day.
        DateStart = "date_start",
        /// `date_end`: the last day.
        DateEnd = "date_end",
        /// `date_precision`.
        DatePrecision = "date_precision",
        /// `location_name`: the place as reported.
        LocationName = "location_name",
        /// `admin1`: the first-level administrative area by name
        /// (province, state), as reported.
        Admin1 = "admin1",
        /// `admin2`: the second-level administrative area by name
        /// (district, county), as reported.
        Admin2 = "admin2",
        /// `country_code`.
        CountryCode = "country_code",
        /// The point: the Feature's `geometry`, longitude and latitude.
        Geometry = "geometry",
        /// `geo_precision`: what the point stands for.
        GeoPrecision = "geo_precision",
        /// `online`: whether it took place online.
        Online = "online",
        /// `organisers`: who organised it, as reported.
        Organisers = "organisers",
        /// `participants`: groups that took part, as reported.
        Participants = "participants",
        /// `claims`: the demands, as reported.
        Claims = "claims",
        /// `crowd_size_text`: the reported phrase.
        CrowdSizeText = "crowd_size_text",
        /// `crowd_size_low`: the lowest reported number of people.
        CrowdSizeLow = "crowd_size_low",
        /// `crowd_size_high`: the highest reported number of people.
        CrowdSizeHigh = "crowd_size_high",
        /// `crowd_size_derived`: the convention that turned the phrase into
        /// the numbers, when they were not reported as numbers.
        CrowdSizeDerived = "crowd_size_derived",
        /// `crowd_estimates`: estimates, each with the source that gave it.
        CrowdEstimates = "crowd_estimates",
        /// `arrests`: people arrested, as reported.
        Arrests = "arrests",
        /// `injuries`: participants injured, as reported.
        Injuries = "injuries",
        /// `fatalities`: people killed, as reported.
        Fatalities = "fatalities",
        /// `property_damage`: whether property was damaged, as reported.
        PropertyDamage = "property_damage",
        /// `sources`.
        Sources = "sources",
        /// `tags`.
        Tags = "tags",
        /// `dataset`: the dataset the event was imported from (`ACLED`).
        Dataset = "dataset",
        /// `external_id`: the event's id where it came from, exactly as
        /// written there (`TRUE`, `bel_air/maryland`, ACLED's `IRN1234`).
        ExternalId = "external_id",
        /// `upstream_updated_at`: when its dataset last changed it (ACLED's
        /// `timestamp`).
        UpstreamUpdatedAt = "upstream_updated_at",
        /// `updated_at`, set by the server.
        UpdatedAt = "updated_at",
        /// `status`: draft or published; not a property of the Feature.
        Status = "status",
    }
}

impl Field {
    /// The properties of an event's GeoJSON Feature, in the order they are
    /// written: every field but `id`, `geometry` (Feature members of their
    /// own) and `status` (an editing matter).
    pub const PROPERTIES: [Field; 31] = [
        Field::Title,
        Field::Description,
        Field::Kind,
        Field::Conduct,
        Field::DateStart,
        Field::DateEnd,
        Field::DatePrecision,
        Field::LocationName,
        Field::Admin1,
        Field::Admin2,
        Field::CountryCode,
        Field::GeoPrecision,
        Field::Online,
        Field::Organisers,
        Field::Participants,
        Field::Claims,
        Field::CrowdSizeText,
        Field::CrowdSizeLow,
        Field::CrowdSizeHigh,
        Field::CrowdSizeDerived,
        Field::CrowdEstimates,
        Field::Arrests,
        Field::Injuries,
        Field::Fatalities,
        Field::PropertyDamage,
        Field::Sources,
        Field::Tags,
        Field::Dataset,
        Field::ExternalId,
        Field::UpstreamUpdatedAt,
        Field::UpdatedAt,
    ];

    /// The field's name as in GeoJSON properties, the API and violations
    /// (`date_start`).
    pub fn name(self) -> &'static str {
        self.as_str()
    }

    /// The field as editors read it (`First day`).
    pub fn label(self) -> &'static str {
        match self {
            Field::Id => "Id",
            Field::Title => "Title",
            Field::Description => "Description",
            Field::Kind => "Kind",
            Field::Conduct => "What happened",
            Field::DateStart => "First day",
            Field::DateEnd => "Last day",
            Field::DatePrecision => "Date precision",
            Field::LocationName => "Place",
            Field::Admin1 => "Province or state",
            Field::Admin2 => "District or county",
            Field::CountryCode => "Country code",
            Field::Geometry => "Point",
            Field::GeoPrecision => "Point stands for",
            Field::Online => "Online",
            Field::Organisers => "Organisers",
            Field::Participants => "Groups taking part",
            Field::Claims => "Claims",
            Field::CrowdSizeText => "Crowd size",
            Field::CrowdSizeLow => "Crowd size, low",
            Field::CrowdSizeHigh => "Crowd size, high",
            Field::CrowdSizeDerived => "Crowd numbers derived by",
            Field::CrowdEstimates => "Crowd estimates",
            Field::Arrests => "Arrests",
            Field::Injuries => "Participants injured",
            Field::Fatalities => "Fatalities",
            Field::PropertyDamage => "Property damage",
            Field::Sources => "Sources",
            Field::Tags => "Tags",
            Field::Dataset => "Dataset",
            Field::ExternalId => "Id in its source",
            Field::UpstreamUpdatedAt => "Last change in its dataset",
            Field::UpdatedAt => "Last change",
            Field::Status => "Status",
        }
    }

    /// The field as a sentence names it: "the first day".
    pub fn in_sentence(self) -> String {
        format!("the {}", self.label().to_lowercase())
    }
}

/// Which part of a source a violation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourcePart {
    /// `sources[i].name`.
    Name,
    /// `sources[i].url`.
    Url,
}

/// Which part of a crowd estimate a violation is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EstimatePart {
    /// `crowd_estimates[i].low`.
    Low,
    /// `crowd_estimates[i].high`.
    High,
    /// `crowd_estimates[i].source`.
    Source,
}

impl EstimatePart {
    /// `low`, `high` or `source`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Low => "low",
            Self::High => "high",
            Self::Source => "source",
        }
    }
}

/// Where a violation is: a field, an item of a list field, a part of one
/// source or crowd estimate, or (in GeoJSON read from elsewhere) a property
/// an event does not have. Written and parsed as in the API: `title`,
/// `tags[2]`, `sources[0].url`, `crowd_estimates[1].source`, `colour`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    /// A field as a whole.
    Whole(Field),
    /// Item `i` (from 0) of a list field: `tags[2]`, `sources[0]`.
    Item(Field, usize),
    /// A part of source `i`: `sources[0].name`.
    Source(usize, SourcePart),
    /// A part of crowd estimate `i`: `crowd_estimates[0].low`.
    Estimate(usize, EstimatePart),
    /// A property that is not a field of an event.
    Unknown(String),
}

impl From<Field> for FieldPath {
    fn from(f: Field) -> Self {
        FieldPath::Whole(f)
    }
}

impl FieldPath {
    /// The field this path is in; `None` for an unknown property.
    pub fn field(&self) -> Option<Field> {
        match self {
            FieldPath::Whole(f) | FieldPath::Item(f, _) => Some(*f),
            FieldPath::Source(..) => Some(Field::Sources),
            FieldPath::Estimate(..) => Some(Field::CrowdEstimates),
            FieldPath::Unknown(_) => None,
        }
    }

    /// Whether this path lies within `outer`: equal to it, or an item or
    /// part of it (`tags[2]` is within `tags`; `sources[1].url` is within
    /// `sources[1]` and `sources`, not within `sources[1].name`).
    pub fn is_within(&self, outer: &FieldPath) -> bool {
        match (self, outer) {
            (a, b) if a == b => true,
            (_, FieldPath::Whole(f)) => self.field() == Some(*f),
            (FieldPath::Source(i, _), FieldPath::Item(Field::Sources, j)) => i == j,
            (FieldPath::Estimate(i, _), FieldPath::Item(Field::CrowdEstimates, j)) => i == j,
            _ => false,
        }
    }

    /// The path as editors read it beside its input: the field's label, or
    /// "Source name", "URL", "Source" for a source's parts, "Low", "High",
    /// "Given by", "Estimate" for a crowd estimate's.
    pub fn label(&self) -> String {
        match self {
            FieldPath::Whole(f) => f.label().to_owned(),
            FieldPath::Item(Field::Sources, _) => "Source".to_owned(),
            FieldPath::Item(Field::CrowdEstimates, _) => "Estimate".to_owned(),
            FieldPath::Item(f, _) => f.label().to_owned(),
            FieldPath::Source(_, SourcePart::Name) => "Source name".to_owned(),
            FieldPath::Source(_, SourcePart::Url) => "URL".to_owned(),
            FieldPath::Estimate(_, EstimatePart::Low) => "Low".to_owned(),
            FieldPath::Estimate(_, EstimatePart::High) => "High".to_owned(),
            FieldPath::Estimate(_, EstimatePart::Source) => "Given by".to_owned(),
            FieldPath::Unknown(name) => name.clone(),
        }
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldPath::Whole(field) => f.write_str(field.name()),
            FieldPath::Item(field, i) => write!(f, "{}[{i}]", field.name()),
            FieldPath::Source(i, SourcePart::Name) => write!(f, "sources[{i}].name"),
            FieldPath::Source(i, SourcePart::Url) => write!(f, "sources[{i}].url"),
            FieldPath::Estimate(i, part) => write!(f, "crowd_estimates[{i}].{}", part.name()),
            FieldPath::Unknown(name) => f.write_str(name),
        }
    }
}

impl FromStr for FieldPath {
    type Err = std::convert::Infallible;

    /// Reads what [`Display`](fmt::Display) writes; any other text is an
    /// [`Unknown`](FieldPath::Unknown) property.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let item = |rest: &str| -> Option<(usize, String)> {
            let (i, tail) = rest.strip_prefix('[')?.split_once(']')?;
            Some((i.parse().ok()?, tail.to_owned()))
        };
        let (head, rest) = s.find('[').map_or((s, ""), |at| s.split_at(at));
        let parsed = match (head.parse::<Field>(), item(rest)) {
            (Ok(f), None) if rest.is_empty() => Some(FieldPath::Whole(f)),
            (Ok(Field::Sources), Some((i, tail))) if tail == ".name" => Some(FieldPath::Source(i, SourcePart::Name)),
            (Ok(Field::Sources), Some((i, tail))) if tail == ".url" => Some(FieldPath::Source(i, SourcePart::Url)),
            (Ok(Field::CrowdEstimates), Some((i, tail))) if tail.starts_with('.') => {
                [EstimatePart::Low, EstimatePart::High, EstimatePart::Source]
                    .into_iter()
                    .find(|p| tail.strip_prefix('.') == Some(p.name()))
                    .map(|p| FieldPath::Estimate(i, p))
            }
            (Ok(f), Some((i, tail))) if tail.is_empty() => Some(FieldPath::Item(f, i)),
            _ => None,
        };
        Ok(parsed.unwrap_or_else(|| FieldPath::Unknown(s.to_owned())))
    }
}

impl Serialize for FieldPath {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for FieldPath {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(s.parse().unwrap_or_else(|never: std::convert::Infallible| match never {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_read_back_what_they_write() {
        for (text, path) in [
            ("title", FieldPath::Whole(Field::Title)),
            ("tags[2]", FieldPath::Item(Field::Tags, 2)),
            ("sources[0]", FieldPath::Item(Field::Sources, 0)),
            ("sources[3].url", FieldPath::Source(3, SourcePart::Url)),
            ("sources[1].name", FieldPath::Source(1, SourcePart::Name)),
            ("crowd_estimates[1].source", FieldPath::Estimate(1, EstimatePart::Source)),
            ("crowd_estimates[0].low", FieldPath::Estimate(0, EstimatePart::Low)),
            ("crowd_estimates[0].size", FieldPath::Unknown("crowd_estimates[0].size".into())),
            ("colour", FieldPath::Unknown("colour".into())),
            ("tags[x]", FieldPath::Unknown("tags[x]".into())),
            ("title.url", FieldPath::Unknown("title.url".into())),
        ] {
            assert_eq!(text.parse::<FieldPath>().expect("infallible"), path, "{text}");
            assert_eq!(path.to_string(), text);
        }
    }

    #[test]
    fn items_and_parts_lie_within_their_field() {
        let p = |s: &str| s.parse::<FieldPath>().expect("infallible");
        assert!(p("tags[2]").is_within(&p("tags")));
        assert!(p("tags").is_within(&p("tags")));
        assert!(!p("title").is_within(&p("tags")));
        assert!(!p("sources[1].url").is_within(&p("sources[1].name")));
        assert!(p("sources[1].url").is_within(&p("sources[1]")));
        assert!(p("sources[1].url").is_within(&p("sources")));
        assert!(!p("colour").is_within(&p("title")));
        assert!(p("crowd_estimates[1].high").is_within(&p("crowd_estimates[1]")));
        assert!(!p("crowd_estimates[1].high").is_within(&p("crowd_estimates[0]")));
        assert!(p("crowd_estimates[1].high").is_within(&p("crowd_estimates")));
    }

    #[test]
    fn every_field_has_a_name_and_a_label_and_properties_keep_their_order() {
        let names: Vec<&str> = Field::PROPERTIES.iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            [
                "title",
                "description",
                "kind",
                "conduct",
                "date_start",
                "date_end",
                "date_precision",
                "location_name",
                "admin1",
                "admin2",
                "country_code",
                "geo_precision",
                "online",
                "organisers",
                "participants",
                "claims",
                "crowd_size_text",
                "crowd_size_low",
                "crowd_size_high",
                "crowd_size_derived",
                "crowd_estimates",
                "arrests",
                "injuries",
                "fatalities",
                "property_damage",
                "sources",
                "tags",
                "dataset",
                "external_id",
                "upstream_updated_at",
                "updated_at"
            ]
        );
        assert_eq!(Field::DateStart.label(), "First day");
        assert_eq!(Field::DateStart.in_sentence(), "the first day");
        assert_eq!("date_end".parse::<Field>(), Ok(Field::DateEnd));
    }
}
