//! rallymap's domain: what an event is and how it is asked for, in plain
//! Rust that knows neither Leptos nor the browser (ARCHITECTURE.md).
//!
//! - [`event`]: the event and the one place its rules live
//!   ([`event::EventInput::validate`]); [`field`]: its fields as one type;
//!   [`violation`]: why an event is refused, and the English for it.
//! - [`crowd`]: counts of people as reported, and the one convention that
//!   may turn a crowd phrase into numbers.
//! - [`dates`], [`bbox`], [`filter`]: calendar dates and OGC API – Features
//!   `datetime` windows, WGS 84 bounding boxes, and which events match;
//!   [`numerals`]: numbers typed in any script's digits.
//! - [`geojson`]: events as RFC 7946 Features; [`ids`]: readable ids made
//!   from names in any script.
//! - [`permalink`], [`embed`], [`timeline`]: a reader's view as a URL, the
//!   embed options and iframe code, the slider's days and histogram.
//! - [`spread`], [`cluster`], [`layout`]: where to draw markers that would
//!   hide one another, clusters where points crowd (in the browser and on
//!   the server), and what the map draws at one zoom.
//! - [`changes`], [`labels`], [`tiles`]: what differs between two versions,
//!   the words and colours for values, the raster tile setting.
//! - [`compact`]: the events as the map needs them, in columns, with an
//!   interval index and a binary form.
//! - [`store`]: the storage port the server implements; [`summary`] and
//!   [`choropleth`]: what a view adds up to, in all and by country.
//! - [`synthetic`]: made-up events for trying the map and the API at scale.
//!
//! Both the server (natively) and the browser (as WASM) use it, so the map
//! and the API never disagree about a rule.

/// Declares an enum of snake_case names (a field's values, or the fields
/// themselves): `ALL`, `as_str`, `FromStr` (refusing with
/// [`violation::ViolationCode::NotOneOf`]), `Display` and serde as the name.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident { $($(#[$vdoc:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($(#[$vdoc])* $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [Self] = &[$(Self::$variant),+];

            /// The name as written in GeoJSON properties and the database.
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$variant => $text),+ }
            }
        }

        impl FromStr for $name {
            type Err = $crate::violation::ViolationCode;
            /// Parses the snake_case name.
            ///
            /// # Errors
            /// [`ViolationCode::NotOneOf`](crate::violation::ViolationCode::NotOneOf)
            /// with the accepted names.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok(Self::$variant),)+
                    _ => Err($crate::violation::ViolationCode::NotOneOf {
                        accepted: [$($text),+].iter().map(|t| (*t).to_owned()).collect(),
                        got: s.to_owned(),
                    }),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub mod bbox;
pub mod changes;
pub mod choropleth;
pub mod cluster;
pub mod compact;
pub mod crowd;
pub mod dates;
pub mod embed;
pub mod event;
pub mod facets;
pub mod field;
pub mod filter;
pub mod geojson;
pub mod ids;
#[cfg(feature = "import")]
pub mod import;
pub mod labels;
pub mod layout;
mod letters;
pub mod limits;
pub mod numerals;
pub mod permalink;
pub mod report;
pub mod search;
pub mod spread;
pub mod store;
pub mod summary;
pub mod synthetic;
pub mod table;
pub mod tiles;
pub mod timeline;
pub mod violation;
