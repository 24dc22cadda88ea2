//! Limits of the text fields, in characters (Unicode scalar values).

/// `id`
pub const ID: usize = 100;
/// `title`
pub const TITLE: usize = 200;
/// `description`
pub const DESCRIPTION: usize = 5000;
/// `location_name`
pub const LOCATION_NAME: usize = 200;
/// `organisers[i]`, `participants[i]`: one name
pub const NAME: usize = 200;
/// `organisers`, `participants`: names in each list
pub const NAMES: usize = 50;
/// `claims`
pub const CLAIMS: usize = 2000;
/// `admin1`, `admin2`
pub const ADMIN_AREA: usize = 200;
/// `dataset`
pub const DATASET: usize = 100;
/// `crowd_estimates`
pub const ESTIMATES: usize = 20;
/// The largest count of people (crowd sizes, arrests, injuries,
/// fatalities): a billion, above any reported crowd.
pub const COUNT: u64 = 1_000_000_000;
/// `crowd_size_text`
pub const CROWD_SIZE_TEXT: usize = 200;
/// `sources[i].name`
pub const SOURCE_NAME: usize = 200;
/// `sources[i].url`
pub const SOURCE_URL: usize = 2000;
/// `sources`
pub const SOURCES: usize = 50;
/// `tags[i]`
pub const TAG: usize = 32;
/// `tags`
pub const TAGS: usize = 30;
/// `external_id`
pub const EXTERNAL_ID: usize = 200;
