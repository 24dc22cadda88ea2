//! What a window of events adds up to (README, "API"): how many events,
//! the people reported as a range, and the outcomes where reported. Crowd
//! estimates are ranges, so their sum is one: the sum of the low numbers to
//! the sum of the high ones, over the events that give a number; events
//! without one are counted, never taken as zero.

use serde::{Deserialize, Serialize};

/// The sums of the public events a filter matches.
///
/// ```json
/// {"events":6,"people":{"low":2200,"high":2500,"events":2},"no_number":4,
///  "arrests":{"total":12,"events":1},"injuries":{"total":0,"events":0},
///  "fatalities":{"total":0,"events":0}}
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct WindowSummary {
    /// Events matched.
    pub events: u64,
    /// People reported at the events that give a number.
    pub people: PeopleRange,
    /// Events that give no number of people (a phrase only, or nothing).
    pub no_number: u64,
    /// Arrests, over the events that report them.
    pub arrests: Reported,
    /// Participants injured, over the events that report them.
    pub injuries: Reported,
    /// Deaths, over the events that report them.
    pub fatalities: Reported,
}

/// A sum of crowd ranges: `low` is the sum of `crowd_size_low`, `high` of
/// `crowd_size_high`, over `events` events (whole people).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct PeopleRange {
    /// Sum of the low numbers.
    pub low: u64,
    /// Sum of the high numbers.
    pub high: u64,
    /// Events that give a number.
    pub events: u64,
}

/// A count summed over the events that report it: `total` over `events`
/// (an event that reports 0 counts; one that reports nothing does not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Reported {
    /// The sum.
    pub total: u64,
    /// Events that report it.
    pub events: u64,
}
