//! The events of a view by country, and the classes the map shades
//! countries in (README, "API", `/api/map/countries`, and "Shading
//! countries"). Counts are per `country_code`, the ISO 3166-1 alpha-2 code
//! each event carries; the map finds a country's outline by its ISO 3166-1
//! numeric code, which the bundled Natural Earth outlines use as feature
//! ids, so each count carries that code too.

use serde::{Deserialize, Serialize};

use crate::summary::PeopleRange;

/// The answer of `/api/map/countries`: one entry per country with at least
/// one matching event, most events first, then by code.
///
/// ```json
/// {"countries":[{"country_code":"SE","iso_numeric":"752","events":3,
///   "people":{"low":200,"high":300,"events":1}}]}
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CountryCounts {
    /// The countries, sorted by [`CountryCounts::sort`]'s order.
    pub countries: Vec<CountryCount>,
}

/// The matching events of one country.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountryCount {
    /// ISO 3166-1 alpha-2, upper case, as the events carry it.
    pub country_code: String,
    /// ISO 3166-1 numeric, three digits (`"076"`), the outlines' feature
    /// id; `None` for a code ISO does not list.
    pub iso_numeric: Option<String>,
    /// Events matched in this country.
    pub events: u64,
    /// People reported at those events that give a number, as a range.
    pub people: PeopleRange,
}

impl CountryCount {
    /// The count of `events` in `country_code`, with its numeric code.
    ///
    /// # Examples
    /// ```
    /// use domain::choropleth::CountryCount;
    /// use domain::summary::PeopleRange;
    /// let c = CountryCount::new("BR", 2, PeopleRange::default());
    /// assert_eq!(c.iso_numeric.as_deref(), Some("076"));
    /// ```
    pub fn new(country_code: &str, events: u64, people: PeopleRange) -> Self {
        let iso_numeric =
            isocountry::CountryCode::for_alpha2(country_code).ok().map(|c| format!("{:03}", c.numeric_id()));
        Self { country_code: country_code.to_owned(), iso_numeric, events, people }
    }
}

impl CountryCounts {
    /// Puts the countries in the answer's order: most events first, then
    /// by code.
    pub fn sort(&mut self) {
        self.countries.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.country_code.cmp(&b.country_code)));
    }

    /// The most events of one country; 0 when there are none.
    pub fn max(&self) -> u64 {
        self.countries.iter().map(|c| c.events).max().unwrap_or(0)
    }
}

/// The fills of the classes, lightest to darkest: ColorBrewer's 5-class
/// YlOrRd, a sequential scale that readers with colour-blindness can tell
/// apart and that prints in grey.
pub const SHADES: [&str; 5] = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];

/// Up to five classes of event counts, from 1 to the view's largest count.
/// Counts of events pile up in a few countries, so the classes grow
/// geometrically: the upper bound of class `i` (of 5) is
/// `floor(max^(i/5))`; bounds that coincide merge, so small counts get
/// fewer classes (a view whose countries all have 1 event has one). The
/// darkest shade is always the top class's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Classes {
    /// Each class's inclusive `(low, high)` event counts, ascending.
    bounds: Vec<(u64, u64)>,
}

impl Classes {
    /// The classes for counts from 1 to `max` (none when `max` is 0).
    ///
    /// # Examples
    /// ```
    /// use domain::choropleth::Classes;
    /// assert_eq!(Classes::up_to(1000).bounds(), &[(1, 3), (4, 15), (16, 63), (64, 251), (252, 1000)]);
    /// assert_eq!(Classes::up_to(6).bounds(), &[(1, 1), (2, 2), (3, 4), (5, 6)]);
    /// assert_eq!(Classes::up_to(1).bounds(), &[(1, 1)]);
    /// ```
    pub fn up_to(max: u64) -> Self {
        let mut bounds: Vec<(u64, u64)> = Vec::new();
        let mut low = 1;
        for i in 1..=SHADES.len() {
            let high = if i == SHADES.len() {
                max
            } else {
                // A hair up: 32^(1/5) is 2, not 1.9999….
                let x = (max as f64).powf(i as f64 / SHADES.len() as f64);
                ((x + 1e-9).floor() as u64).min(max)
            };
            if high >= low {
                bounds.push((low, high));
                low = high + 1;
            }
        }
        Self { bounds }
    }

    /// Each class's inclusive `(low, high)` counts, lightest first.
    pub fn bounds(&self) -> &[(u64, u64)] {
        &self.bounds
    }

    /// The fill of class `class` (0 is the lightest of these classes): the
    /// darkest shades when there are fewer than five classes.
    pub fn shade(&self, class: usize) -> &'static str {
        let skip = SHADES.len().saturating_sub(self.bounds.len());
        SHADES[(skip + class).min(SHADES.len() - 1)]
    }

    /// The fill for a country with `events` events; `None` for 0 (the
    /// country keeps the basemap's fill).
    pub fn shade_of(&self, events: u64) -> Option<&'static str> {
        self.bounds.iter().position(|&(low, high)| (low..=high).contains(&events)).map(|i| self.shade(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sort_by_events_then_code_and_carry_the_numeric_code() {
        let p = PeopleRange::default();
        let mut c = CountryCounts {
            countries: vec![
                CountryCount::new("SE", 1, p),
                CountryCount::new("IR", 3, p),
                CountryCount::new("DE", 1, p),
            ],
        };
        c.sort();
        let order: Vec<(&str, Option<&str>)> =
            c.countries.iter().map(|c| (c.country_code.as_str(), c.iso_numeric.as_deref())).collect();
        assert_eq!(order, [("IR", Some("364")), ("DE", Some("276")), ("SE", Some("752"))]);
        assert_eq!(c.max(), 3);
        assert_eq!(CountryCount::new("XK", 1, p).iso_numeric, None);
    }

    #[test]
    fn classes_grow_geometrically_and_merge_when_counts_are_small() {
        assert_eq!(Classes::up_to(0).bounds(), &[]);
        assert_eq!(Classes::up_to(2).bounds(), &[(1, 1), (2, 2)]);
        assert_eq!(Classes::up_to(32).bounds(), &[(1, 2), (3, 4), (5, 8), (9, 16), (17, 32)]);
        let three = Classes::up_to(3);
        assert_eq!(three.bounds(), &[(1, 1), (2, 2), (3, 3)]);
        assert_eq!(three.shade_of(0), None);
        assert_eq!(three.shade_of(1), Some("#fd8d3c"));
        assert_eq!(three.shade_of(3), Some("#bd0026"));
        assert_eq!(three.shade_of(4), None);
        let five = Classes::up_to(1000);
        assert_eq!(five.shade_of(1), Some("#ffffb2"));
        assert_eq!(five.shade_of(64), Some("#f03b20"));
        assert_eq!(five.shade_of(1000), Some("#bd0026"));
    }
}
