//! How many events each value of each filter would select (README,
//! "Filters and search"): the counts beside the choices of the map's filter
//! panel, for the window, the view and the search, and the other filters
//! chosen. A facet's own choice is left out of its counts (choosing
//! `kind=rally` still shows how many marches there are), as in any faceted
//! search; values of a closed set are all listed, with 0 where none.
//!
//! ```json
//! {"total": 6, "facets": {"kind": [{"value": "rally", "count": 3}, …], "country_code": […], …}}
//! ```

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::event::{Conduct, DatePrecision, EventKind, GeoPrecision};
pub use crate::filter::Facts;
use crate::filter::{Outcome, Param, PropertyFilter};

/// Most values listed for a facet of open values (places, names, tags),
/// the most frequent first; the chosen ones are always listed.
pub const MAX_OPEN_VALUES: usize = 50;

/// The values a counted event has for each facet.
trait FacetValues {
    /// The values for `facet` (none for a parameter that is not a facet).
    fn values(&self, facet: Param) -> Vec<String>;
}

impl FacetValues for Facts<'_> {
    fn values(&self, facet: Param) -> Vec<String> {
        let one = |v: &str| vec![v.to_owned()];
        match facet {
            Param::Kind => one(self.kind.as_str()),
            Param::CountryCode => one(self.country_code),
            Param::DatePrecision => one(self.date_precision.as_str()),
            Param::GeoPrecision => one(self.geo_precision.as_str()),
            Param::Tags => self.tags.to_vec(),
            Param::Conduct => self.conduct.map(|c| one(c.as_str())).unwrap_or_default(),
            Param::Online => self.online.map(|o| vec![o.to_string()]).unwrap_or_default(),
            Param::Admin1 => self.admin1.map(one).unwrap_or_default(),
            Param::Dataset => self.dataset.map(one).unwrap_or_default(),
            Param::Actor => {
                let mut names: Vec<String> = self.organisers.iter().chain(self.participants).cloned().collect();
                names.sort();
                names.dedup();
                names
            }
            Param::Outcome => Outcome::ALL.iter().filter(|o| o.reported(self)).map(|o| o.as_str().to_owned()).collect(),
            Param::CrowdSize => {
                let reported = self.crowd_size_low.or(self.crowd_size_high).is_some();
                one(if reported { "reported" } else { "not_reported" })
            }
            Param::Datetime | Param::Bbox | Param::BboxCrs | Param::Q => Vec::new(),
        }
    }
}

/// The parameters the panel counts: every condition on properties but the
/// search (which, like the window and the view, narrows every count).
pub fn facets() -> impl Iterator<Item = Param> {
    Param::ALL.iter().copied().filter(|p| p.is_property() && *p != Param::Q)
}

/// Every value of a closed set a facet takes, listed even when 0.
fn closed_values(facet: Param) -> Option<Vec<&'static str>> {
    fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<&'static str> {
        all.iter().map(|&v| name(v)).collect()
    }
    Some(match facet {
        Param::Kind => names(EventKind::ALL, EventKind::as_str),
        Param::Conduct => names(Conduct::ALL, Conduct::as_str),
        Param::DatePrecision => names(DatePrecision::ALL, DatePrecision::as_str),
        Param::GeoPrecision => names(GeoPrecision::ALL, GeoPrecision::as_str),
        Param::Outcome => names(Outcome::ALL, Outcome::as_str),
        Param::CrowdSize => vec!["reported", "not_reported"],
        Param::Online => vec!["true", "false"],
        _ => return None,
    })
}

/// One value of a facet and how many events it would select.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValueCount {
    /// The value as the parameter takes it.
    pub value: String,
    /// Events.
    pub count: u64,
}

/// The answer of `/api/map/facets`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FacetCounts {
    /// Events that every filter selects.
    pub total: u64,
    /// Per parameter name, its values: a closed set in its own order, open
    /// ones by count (most first), then by value.
    pub facets: std::collections::BTreeMap<String, Vec<ValueCount>>,
}

/// Counts events, one at a time, for [`FacetCounts`].
#[derive(Debug)]
pub struct FacetCounter<'f> {
    filter: &'f PropertyFilter,
    params: Vec<Param>,
    total: u64,
    counts: Vec<HashMap<String, u64>>,
}

impl<'f> FacetCounter<'f> {
    /// A counter for the conditions `filter` places.
    pub fn new(filter: &'f PropertyFilter) -> Self {
        let params: Vec<Param> = facets().collect();
        let counts = params.iter().map(|_| HashMap::new()).collect();
        Self { filter, params, total: 0, counts }
    }

    /// Counts an event that the window, the view and the search selected.
    pub fn add(&mut self, facts: &Facts<'_>) {
        let failing: Vec<usize> =
            self.params.iter().enumerate().filter(|(_, &p)| !self.filter.holds(p, facts)).map(|(i, _)| i).collect();
        let counted: Vec<usize> = match failing.as_slice() {
            [] => {
                self.total += 1;
                (0..self.params.len()).collect()
            }
            // Only its own condition fails: it counts for that facet.
            [one] => vec![*one],
            _ => return,
        };
        for i in counted {
            for v in facts.values(self.params[i]) {
                *self.counts[i].entry(v).or_default() += 1;
            }
        }
    }

    /// The counts.
    pub fn finish(self) -> FacetCounts {
        let mut facets = std::collections::BTreeMap::new();
        let (filter, total) = (self.filter, self.total);
        for (param, mut counts) in self.params.into_iter().zip(self.counts) {
            let list = match closed_values(param) {
                Some(all) => all
                    .into_iter()
                    .map(|v| ValueCount { value: v.to_owned(), count: counts.remove(v).unwrap_or(0) })
                    .collect(),
                None => {
                    let chosen = chosen_values(filter, param);
                    for c in &chosen {
                        counts.entry(c.clone()).or_insert(0);
                    }
                    let mut list: Vec<ValueCount> =
                        counts.into_iter().map(|(value, count)| ValueCount { value, count }).collect();
                    list.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
                    list.into_iter()
                        .enumerate()
                        .filter(|(i, v)| *i < MAX_OPEN_VALUES || chosen.contains(&v.value))
                        .map(|(_, v)| v)
                        .collect()
                }
            };
            facets.insert(param.as_str().to_owned(), list);
        }
        FacetCounts { total, facets }
    }
}

/// The values `f` chose for `param`, a facet of open values, one by one.
fn chosen_values(f: &PropertyFilter, param: Param) -> Vec<String> {
    match param {
        Param::CountryCode => f.country_code.clone(),
        Param::Tags => f.tag.iter().cloned().collect(),
        Param::Admin1 => f.admin1.iter().cloned().collect(),
        Param::Dataset => f.dataset.iter().cloned().collect(),
        Param::Actor => f.actor.iter().cloned().collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Event;
    use crate::filter::EventFilter;

    fn events() -> Vec<Event> {
        (0..400).map(|i| crate::synthetic::event(11, i)).collect()
    }

    /// The count of `value` of `facet`.
    fn count(c: &FacetCounts, facet: &str, value: &str) -> u64 {
        c.facets[facet].iter().find(|v| v.value == value).map_or(0, |v| v.count)
    }

    #[test]
    fn a_value_counts_what_choosing_it_would_select() {
        let all = events();
        let mut filter = EventFilter::default();
        filter.set(Param::Kind, "rally,march").expect("kinds");
        filter.set(Param::CountryCode, "IR").expect("country");
        let mut counter = FacetCounter::new(&filter.properties);
        for e in &all {
            counter.add(&Facts::of(e));
        }
        let c = counter.finish();
        let selected = |query: &str| {
            let mut f = EventFilter::default();
            for (k, v) in url::form_urlencoded::parse(query.as_bytes()) {
                f.set(k.parse().expect("param"), &v).expect("valid");
            }
            all.iter().filter(|e| f.matches(e)).count() as u64
        };
        assert_eq!(c.total, selected("kind=rally,march&country_code=IR"));
        assert!(c.total > 0);
        // Its own choice left out: every kind in Iran, every country for rallies and marches.
        for kind in EventKind::ALL {
            assert_eq!(count(&c, "kind", kind.as_str()), selected(&format!("kind={kind}&country_code=IR")), "{kind}");
        }
        for country in ["IR", "DE", "SE", "US", "ZZ"] {
            assert_eq!(
                count(&c, "country_code", country),
                selected(&format!("kind=rally,march&country_code={country}")),
                "{country}"
            );
        }
        // Other facets count within both choices.
        assert_eq!(
            count(&c, "crowd_size", "reported"),
            selected("kind=rally,march&country_code=IR&crowd_size=reported")
        );
        assert_eq!(count(&c, "outcome", "arrests"), selected("kind=rally,march&country_code=IR&outcome=arrests"));
        // Every kind is listed, even with none.
        assert_eq!(c.facets["kind"].len(), EventKind::ALL.len());
    }

    #[test]
    fn a_chosen_value_is_listed_with_zero() {
        let mut filter = EventFilter::default();
        filter.set(Param::Admin1, "Nowhere").expect("admin1");
        let c = FacetCounter::new(&filter.properties).finish();
        assert_eq!(c.total, 0);
        assert_eq!(c.facets["admin1"], [ValueCount { value: "Nowhere".into(), count: 0 }]);
    }
}
