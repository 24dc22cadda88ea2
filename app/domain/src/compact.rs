//! The events as the map needs them and nothing more: one entry per public
//! event with its id, point, first and last day, kind, precisions, what
//! happened to it, whether it was online, its country and the people
//! reported there, in columns sorted by first day. The server keeps one per data version (for
//! histograms of a box, clusters) and sends it to the map as a small binary
//! answer; the browser decodes it and asks "which events intersect this
//! window" in O(log n + k) (README, "The map at scale").
//!
//! Binary layout (version 3, all numbers little-endian):
//!
//! ```text
//! "RMEV" u8 version=3 u8 reserved[3] u32 n i32 base_day
//! f32 lon[n]  f32 lat[n]  u32 start[n] (days after base_day)  u16 length[n] (days)
//! u8 kind[n]  u8 flags[n] (bit 0 approximate; bits 1–2 geo precision 0 site, 1 city, 2 region;
//!                          bits 3–5 conduct 0 not reported, 1 peaceful … 4 violent; bit 6 online)
//! u8 country[2n] (ISO 3166-1 alpha-2, two ASCII capitals each)
//! u32 m  u32 at[m] (the positions, ascending, of the events that give a number of people)
//!        u32 low[m]  u32 high[m] (their crowd_size_low and crowd_size_high, whole people)
//! u32 id_bytes  then the ids, each u8 length + UTF-8
//! ```
//!
//! Version 1 had no conduct or online bits; version 2 a size class of the
//! crowd for every event instead of the numbers of those that give one (so
//! that clusters can add people up) and no country (so that the server can
//! answer a filter by kind and country from memory; README, "The map's own
//! routes").
//!
//! Coordinates as 32-bit floats are within about 1 m of the stored ones,
//! which is what a marker needs; the exact values are in the Features.

use crate::bbox::BBox;
use crate::event::{Conduct, DatePrecision, EventKind, GeoPrecision};
use crate::filter::{Facts, Param, PropertyFilter};
use crate::summary::PeopleRange;
use crate::timeline::KindDays;

/// One event as the map draws it.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// The event's id.
    pub id: String,
    /// Longitude, degrees.
    pub lon: f32,
    /// Latitude, degrees.
    pub lat: f32,
    /// First day, as a day number ([`crate::dates::day_number`]).
    pub start: i32,
    /// Last day, as a day number.
    pub end: i32,
    /// What happened.
    pub kind: EventKind,
    /// Exact or approximate dates.
    pub date_precision: DatePrecision,
    /// What the point stands for.
    pub geo_precision: GeoPrecision,
    /// What happened to it, if reported.
    pub conduct: Option<Conduct>,
    /// It took place online.
    pub online: bool,
    /// The people reported, `[crowd_size_low, crowd_size_high]`; `None`
    /// when the event gives no number.
    pub people: Option<[u32; 2]>,
    /// ISO 3166-1 alpha-2, ASCII capitals: `*b"IR"`.
    pub country_code: [u8; 2],
}

/// Events in columns, sorted by first day then id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CompactEvents {
    /// Ids.
    pub ids: Vec<String>,
    /// Longitudes, degrees.
    pub lon: Vec<f32>,
    /// Latitudes, degrees.
    pub lat: Vec<f32>,
    /// First days (day numbers), ascending.
    pub start: Vec<i32>,
    /// Last days (day numbers).
    pub end: Vec<i32>,
    /// Kinds, as indexes into [`EventKind::ALL`].
    pub kind: Vec<u8>,
    /// Bit 0: approximate; bits 1–2: geo precision (index into
    /// [`GeoPrecision::ALL`]); bits 3–5: conduct (0 not reported, else 1 +
    /// index into [`Conduct::ALL`]); bit 6: online.
    pub flags: Vec<u8>,
    /// The people reported at each event, `[low, high]` (see
    /// [`Entry::people`]).
    pub people: Vec<Option<[u32; 2]>>,
    /// Countries, ISO 3166-1 alpha-2 as two ASCII capitals.
    pub country: Vec<[u8; 2]>,
    /// The longest `end - start`, in days: how far before a window an
    /// event may start and still reach into it.
    pub longest: i32,
}

/// Why bytes are not a compact answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Not starting with `RMEV` and version 3.
    #[error("not a rallymap compact answer of version 3")]
    Header,
    /// Shorter than its header says.
    #[error("the answer ends early")]
    Truncated,
    /// An id is not UTF-8, a kind, precision or conduct is out of range, or
    /// the people are at no event, out of order or with low above high.
    #[error("the answer holds a value out of range")]
    Value,
}

const MAGIC: &[u8; 4] = b"RMEV";
/// The format's version.
pub const VERSION: u8 = 3;

fn index_of<T: PartialEq>(all: &[T], x: &T) -> u8 {
    u8::try_from(all.iter().position(|a| a == x).unwrap_or(0)).unwrap_or(0)
}

impl CompactEvents {
    /// How many events.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Columns from entries, which must be sorted by first day then id.
    pub fn from_entries(entries: impl IntoIterator<Item = Entry>) -> Self {
        let mut c = Self::default();
        for e in entries {
            c.longest = c.longest.max(e.end - e.start);
            c.ids.push(e.id);
            c.lon.push(e.lon);
            c.lat.push(e.lat);
            c.start.push(e.start);
            c.end.push(e.end);
            c.kind.push(index_of(EventKind::ALL, &e.kind));
            let approximate = u8::from(e.date_precision == DatePrecision::Approximate);
            let conduct = e.conduct.map_or(0, |x| 1 + index_of(Conduct::ALL, &x));
            c.flags.push(
                approximate
                    | index_of(GeoPrecision::ALL, &e.geo_precision) << 1
                    | conduct << 3
                    | u8::from(e.online) << 6,
            );
            c.people.push(e.people);
            c.country.push(e.country_code);
        }
        c
    }

    /// Entry `i`.
    pub fn entry(&self, i: usize) -> Entry {
        Entry {
            id: self.ids[i].clone(),
            lon: self.lon[i],
            lat: self.lat[i],
            start: self.start[i],
            end: self.end[i],
            kind: EventKind::ALL[usize::from(self.kind[i]).min(EventKind::ALL.len() - 1)],
            date_precision: self.date_precision(i),
            geo_precision: self.geo_precision(i),
            conduct: self.conduct(i),
            online: self.flags[i] & 0x40 != 0,
            people: self.people[i],
            country_code: self.country[i],
        }
    }

    /// What happened to event `i`, if reported.
    pub fn conduct(&self, i: usize) -> Option<Conduct> {
        let code = usize::from((self.flags[i] >> 3) & 7);
        code.checked_sub(1).and_then(|k| Conduct::ALL.get(k)).copied()
    }

    /// Whether event `i`'s dates are exact (without copying its id, as
    /// [`entry`](Self::entry) does).
    pub fn date_precision(&self, i: usize) -> DatePrecision {
        if self.flags[i] & 1 == 1 {
            DatePrecision::Approximate
        } else {
            DatePrecision::Exact
        }
    }

    /// What event `i`'s point stands for.
    pub fn geo_precision(&self, i: usize) -> GeoPrecision {
        GeoPrecision::ALL[usize::from((self.flags[i] >> 1) & 3).min(GeoPrecision::ALL.len() - 1)]
    }

    /// The indexes of the events whose days intersect `[first, last]` (day
    /// numbers, inclusive), in order: two binary searches over the sorted
    /// first days (no event starting after `last`; none starting more than
    /// [`longest`](Self::longest) days before `first`), then a check of the
    /// last day of those between. O(log n + k) for windows and data where
    /// few events are much longer than the window.
    pub fn intersecting(&self, first: i32, last: i32) -> impl Iterator<Item = usize> + '_ {
        let lo = self.start.partition_point(|&s| s < first.saturating_sub(self.longest));
        let hi = self.start.partition_point(|&s| s <= last);
        (lo..hi.max(lo)).filter(move |&i| self.end[i] >= first)
    }

    /// The events at `indices` (ascending), as their own columns.
    pub fn subset(&self, indices: impl IntoIterator<Item = usize>) -> Self {
        Self::from_entries(indices.into_iter().map(|i| self.entry(i)))
    }

    /// The people reported at the events at `positions` that give a number,
    /// summed as a range (low numbers to high ones).
    pub fn people_of(&self, positions: impl IntoIterator<Item = usize>) -> PeopleRange {
        let mut sum = PeopleRange::default();
        for [low, high] in positions.into_iter().filter_map(|i| self.people.get(i).copied().flatten()) {
            sum.low += u64::from(low);
            sum.high += u64::from(high);
            sum.events += 1;
        }
        sum
    }

    /// Whether event `i` meets `filter`, which must be one the index can
    /// answer ([`PropertyFilter::answered_by_index`]): the same rule as
    /// [`PropertyFilter::matches`] ([`PropertyFilter::holds`]) on the
    /// facts the index keeps.
    pub fn matches(&self, i: usize, filter: &PropertyFilter) -> bool {
        let people = self.people.get(i).copied().flatten();
        let facts = Facts {
            kind: EventKind::ALL[usize::from(self.kind[i]).min(EventKind::ALL.len() - 1)],
            country_code: self.country.get(i).and_then(|c| std::str::from_utf8(c).ok()).unwrap_or(""),
            date_precision: self.date_precision(i),
            geo_precision: self.geo_precision(i),
            conduct: self.conduct(i),
            crowd_size_low: people.map(|p| u64::from(p[0])),
            crowd_size_high: people.map(|p| u64::from(p[1])),
            ..Facts::NONE
        };
        Param::ALL.iter().all(|&p| filter.holds(p, &facts))
    }

    /// The position of the event `id`, if it is here.
    pub fn position(&self, id: &str) -> Option<usize> {
        self.ids.iter().position(|x| x == id)
    }

    /// How many events intersect `[first, last]` and lie in `bbox`.
    pub fn count(&self, first: i32, last: i32, bbox: Option<&BBox>) -> usize {
        self.intersecting(first, last).filter(|&i| self.in_box(i, bbox)).count()
    }

    /// Whether event `i` lies in `bbox` (always, without one).
    pub fn in_box(&self, i: usize, bbox: Option<&BBox>) -> bool {
        bbox.is_none_or(|b| b.contains(f64::from(self.lon[i]), f64::from(self.lat[i])))
    }

    /// For each day from `first` to `last`, how many events in `bbox` were
    /// (or may have been) on it.
    pub fn day_counts(&self, first: i32, last: i32, bbox: Option<&BBox>) -> Vec<u32> {
        self.day_counts_of(first, last, self.intersecting(first, last).filter(|&i| self.in_box(i, bbox)))
    }

    /// For each day from `first` to `last`, how many of the events at
    /// `positions` (each intersecting those days) were (or may have been)
    /// on it.
    pub fn day_counts_of(&self, first: i32, last: i32, positions: impl IntoIterator<Item = usize>) -> Vec<u32> {
        let days = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(0);
        let mut diff = vec![0i64; days + 1];
        for i in positions {
            if self.end[i] < first || self.start[i] > last {
                continue;
            }
            let a = usize::try_from(self.start[i].max(first) - first).unwrap_or(0);
            let b = usize::try_from(self.end[i].min(last) - first).unwrap_or(0);
            diff[a] += 1;
            diff[b + 1] -= 1;
        }
        let mut running = 0i64;
        diff.iter()
            .take(days)
            .map(|d| {
                running += d;
                u32::try_from(running).unwrap_or(0)
            })
            .collect()
    }

    /// Like [`Self::day_counts_of`], kind by kind: one layer for each kind
    /// with any event on those days, in [`EventKind::LISTED`] order (the
    /// legend's), so that the layers add up to `day_counts_of`.
    pub fn day_counts_by_kind_of(
        &self,
        first: i32,
        last: i32,
        positions: impl IntoIterator<Item = usize>,
    ) -> Vec<KindDays> {
        let days = usize::try_from(i64::from(last) - i64::from(first) + 1).unwrap_or(0);
        let mut diff = vec![vec![0i64; days + 1]; EventKind::ALL.len()];
        for i in positions {
            if self.end[i] < first || self.start[i] > last {
                continue;
            }
            let a = usize::try_from(self.start[i].max(first) - first).unwrap_or(0);
            let b = usize::try_from(self.end[i].min(last) - first).unwrap_or(0);
            let k = usize::from(self.kind[i]).min(EventKind::ALL.len() - 1);
            diff[k][a] += 1;
            diff[k][b + 1] -= 1;
        }
        EventKind::LISTED
            .iter()
            .filter_map(|kind| {
                let k = EventKind::ALL.iter().position(|x| x == kind)?;
                if diff[k].iter().all(|d| *d == 0) {
                    return None;
                }
                let mut running = 0i64;
                let counts = diff[k]
                    .iter()
                    .take(days)
                    .map(|d| {
                        running += d;
                        u32::try_from(running).unwrap_or(0)
                    })
                    .collect();
                Some(KindDays { kind: *kind, counts })
            })
            .collect()
    }

    /// The binary answer (see the module's layout).
    pub fn encode(&self) -> Vec<u8> {
        let n = self.len();
        let base = self.start.first().copied().unwrap_or(0);
        let mut out = Vec::with_capacity(20 + n * 20);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&[VERSION, 0, 0, 0]);
        out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&base.to_le_bytes());
        self.lon.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.lat.iter().for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        self.start.iter().for_each(|s| out.extend_from_slice(&u32::try_from(s - base).unwrap_or(0).to_le_bytes()));
        for (s, e) in self.start.iter().zip(&self.end) {
            out.extend_from_slice(&u16::try_from(e - s).unwrap_or(u16::MAX).to_le_bytes());
        }
        out.extend_from_slice(&self.kind);
        out.extend_from_slice(&self.flags);
        self.country.iter().for_each(|c| out.extend_from_slice(c));
        let given: Vec<(usize, [u32; 2])> =
            self.people.iter().enumerate().filter_map(|(i, p)| p.map(|p| (i, p))).collect();
        out.extend_from_slice(&u32::try_from(given.len()).unwrap_or(u32::MAX).to_le_bytes());
        given.iter().for_each(|(i, _)| out.extend_from_slice(&u32::try_from(*i).unwrap_or(u32::MAX).to_le_bytes()));
        given.iter().for_each(|(_, [low, _])| out.extend_from_slice(&low.to_le_bytes()));
        given.iter().for_each(|(_, [_, high])| out.extend_from_slice(&high.to_le_bytes()));
        let ids: Vec<u8> = self
            .ids
            .iter()
            .flat_map(|id| std::iter::once(u8::try_from(id.len()).unwrap_or(u8::MAX)).chain(id.bytes()))
            .collect();
        out.extend_from_slice(&u32::try_from(ids.len()).unwrap_or(u32::MAX).to_le_bytes());
        out.extend_from_slice(&ids);
        out
    }

    /// Reads a binary answer.
    ///
    /// # Errors
    /// [`DecodeError`] for anything [`encode`](Self::encode) does not write.
    pub fn decode(bytes: &[u8]) -> Result<Self, DecodeError> {
        let mut at = 0usize;
        let mut take = |k: usize| -> Result<&[u8], DecodeError> {
            let s = bytes.get(at..at + k).ok_or(DecodeError::Truncated)?;
            at += k;
            Ok(s)
        };
        if take(4)? != MAGIC || take(4)?[0] != VERSION {
            return Err(DecodeError::Header);
        }
        let word = |b: &[u8]| [b[0], b[1], b[2], b[3]];
        let n = u32::from_le_bytes(word(take(4)?)) as usize;
        let base = i32::from_le_bytes(word(take(4)?));
        let lon: Vec<f32> = take(n * 4)?.chunks_exact(4).map(|c| f32::from_le_bytes(word(c))).collect();
        let lat: Vec<f32> = take(n * 4)?.chunks_exact(4).map(|c| f32::from_le_bytes(word(c))).collect();
        let start: Vec<i32> =
            take(n * 4)?.chunks_exact(4).map(|c| base.wrapping_add(u32::from_le_bytes(word(c)) as i32)).collect();
        let lengths: Vec<i32> =
            take(n * 2)?.chunks_exact(2).map(|c| i32::from(u16::from_le_bytes([c[0], c[1]]))).collect();
        let kind = take(n)?.to_vec();
        let flags = take(n)?.to_vec();
        let country: Vec<[u8; 2]> = take(n * 2)?.chunks_exact(2).map(|c| [c[0], c[1]]).collect();
        if country.iter().flatten().any(|b| !b.is_ascii_uppercase()) {
            return Err(DecodeError::Value);
        }
        let m = u32::from_le_bytes(word(take(4)?)) as usize;
        if m > n {
            return Err(DecodeError::Value);
        }
        let words = |b: &[u8]| -> Vec<u32> { b.chunks_exact(4).map(|c| u32::from_le_bytes(word(c))).collect() };
        let at = words(take(m * 4)?);
        let low = words(take(m * 4)?);
        let high = words(take(m * 4)?);
        let mut people = vec![None; n];
        let mut previous = None;
        for ((&i, &l), &h) in at.iter().zip(&low).zip(&high) {
            let i = i as usize;
            if i >= n || previous.is_some_and(|p| p >= i) || l > h {
                return Err(DecodeError::Value);
            }
            previous = Some(i);
            people[i] = Some([l, h]);
        }
        let id_bytes = u32::from_le_bytes(word(take(4)?)) as usize;
        let raw = take(id_bytes)?;
        let mut ids = Vec::with_capacity(n);
        let mut i = 0usize;
        while ids.len() < n {
            let len = usize::from(*raw.get(i).ok_or(DecodeError::Truncated)?);
            let id = raw.get(i + 1..i + 1 + len).ok_or(DecodeError::Truncated)?;
            ids.push(std::str::from_utf8(id).map_err(|_| DecodeError::Value)?.to_owned());
            i += 1 + len;
        }
        if kind.iter().any(|&k| usize::from(k) >= EventKind::ALL.len())
            || flags.iter().any(|&f| usize::from((f >> 1) & 3) >= GeoPrecision::ALL.len())
            || flags.iter().any(|&f| usize::from((f >> 3) & 7) > Conduct::ALL.len())
        {
            return Err(DecodeError::Value);
        }
        let end: Vec<i32> = start.iter().zip(&lengths).map(|(s, l)| s + l).collect();
        let longest = lengths.iter().copied().max().unwrap_or(0);
        Ok(Self { ids, lon, lat, start, end, kind, flags, people, country, longest })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dates::day_number;

    fn from_events(n: u64) -> CompactEvents {
        let mut events: Vec<_> = (0..n).map(|i| crate::synthetic::event(3, i)).collect();
        events.sort_by(|a, b| a.dates.start.cmp(&b.dates.start).then_with(|| a.id.cmp(&b.id)));
        CompactEvents::from_entries(events.into_iter().map(|e| {
            Entry {
                start: day_number(e.dates.start),
                end: day_number(e.dates.end),
                lon: e.lon as f32,
                lat: e.lat as f32,
                kind: e.kind,
                date_precision: e.date_precision,
                geo_precision: e.geo_precision,
                conduct: e.conduct,
                online: e.online == Some(true),
                country_code: e.country_code.as_bytes().try_into().unwrap_or(*b"ZZ"),
                people: e
                    .crowd_size_low
                    .zip(e.crowd_size_high)
                    .map(|(l, h)| [u32::try_from(l).unwrap_or(u32::MAX), u32::try_from(h).unwrap_or(u32::MAX)]),
                id: e.id,
            }
        }))
    }

    #[test]
    fn encoding_round_trips() {
        let c = from_events(3000);
        let bytes = c.encode();
        assert_eq!(&bytes[..5], b"RMEV\x03");
        let given = c.people.iter().filter(|p| p.is_some()).count();
        assert!(given > 100 && given < 3000, "some events give a number of people, not all: {given}");
        assert_eq!(CompactEvents::decode(&bytes), Ok(c.clone()));
        assert_eq!(c.entry(7), CompactEvents::decode(&bytes).expect("decoded").entry(7));
        assert_eq!(CompactEvents::decode(&bytes[..bytes.len() - 1]), Err(DecodeError::Truncated));
        assert_eq!(CompactEvents::decode(b"GIF89a.."), Err(DecodeError::Header));
        assert_eq!(CompactEvents::decode(&CompactEvents::default().encode()), Ok(CompactEvents::default()));
    }

    #[test]
    fn the_interval_index_agrees_with_checking_every_event() {
        let c = from_events(5000);
        let mut rng = crate::synthetic::Rng::new(9);
        let first = c.start[0];
        for _ in 0..500 {
            let a = first + rng.below(3000) as i32 - 10;
            let b = a + rng.below(40) as i32;
            let fast: Vec<usize> = c.intersecting(a, b).collect();
            let slow: Vec<usize> = (0..c.len()).filter(|&i| c.start[i] <= b && c.end[i] >= a).collect();
            assert_eq!(fast, slow, "window {a}..={b}");
        }
    }

    #[test]
    fn the_index_answers_the_filters_it_keeps_as_the_events_do() {
        let mut events: Vec<_> = (0..3000).map(|i| crate::synthetic::event(3, i)).collect();
        events.sort_by(|a, b| a.dates.start.cmp(&b.dates.start).then_with(|| a.id.cmp(&b.id)));
        let c = from_events(3000);
        assert_eq!(c.ids, events.iter().map(|e| e.id.clone()).collect::<Vec<_>>());
        let filter = |query: &str| {
            let mut f = crate::filter::EventFilter::default();
            for (k, v) in query.split('&').filter_map(|kv| kv.split_once('=')) {
                f.set(k.parse().expect("a parameter"), v).expect("a value");
            }
            f.properties
        };
        for query in [
            "kind=rally,march",
            "country_code=IR,DE",
            "conduct=peaceful,excessive_force",
            "crowd_size=reported",
            "crowd_size=not_reported&kind=rally",
            "crowd_size=500/2000",
            "crowd_size=../300",
            "date_precision=approximate&geo_precision=city,region",
            "kind=protest,rally&country_code=IR&crowd_size=1000/..",
        ] {
            let f = filter(query);
            assert!(f.answered_by_index(), "{query}");
            let by_index: Vec<bool> = (0..c.len()).map(|i| c.matches(i, &f)).collect();
            let by_events: Vec<bool> = events.iter().map(|e| f.matches(e)).collect();
            assert_eq!(by_index, by_events, "{query}");
            assert!(by_index.contains(&true) && by_index.contains(&false), "{query} selects some, not all");
        }
        for query in ["q=protest", "actor=students", "outcome=arrests", "online=false", "tags=x", "admin1=Tehran"] {
            assert!(!filter(query).answered_by_index(), "{query} needs the store");
        }
    }

    #[test]
    fn kind_layers_add_up_to_the_day_counts_and_count_each_kind() {
        let c = from_events(2000);
        let (a, b) = (c.start[0] + 30, c.start[0] + 400);
        let positions: Vec<usize> = c.intersecting(a, b).collect();
        let layers = c.day_counts_by_kind_of(a, b, positions.iter().copied());
        let days = (b - a + 1) as usize;
        assert_eq!(crate::timeline::totals(&layers, days), c.day_counts_of(a, b, positions.iter().copied()));
        let order: Vec<usize> =
            layers.iter().map(|l| EventKind::LISTED.iter().position(|k| *k == l.kind).expect("listed")).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "the legend's order, each kind once: {order:?}");
        for layer in &layers {
            assert_eq!(layer.counts.len(), days);
            for (k, n) in layer.counts.iter().enumerate() {
                let d = a + k as i32;
                let slow = positions
                    .iter()
                    .filter(|&&i| c.start[i] <= d && c.end[i] >= d && c.entry(i).kind == layer.kind)
                    .count();
                assert_eq!(*n as usize, slow, "{} on day {d}", layer.kind);
            }
        }
        assert!(c.day_counts_by_kind_of(a, b, []).is_empty(), "no events: no layers");
    }

    #[test]
    fn day_counts_of_a_box_agree_with_checking_every_event() {
        let c = from_events(2000);
        let bbox = BBox::parse("44,25,63,40").expect("box");
        let (a, b) = (c.start[0], c.start[0] + 400);
        let counts = c.day_counts(a, b, Some(&bbox));
        for (k, n) in counts.iter().enumerate() {
            let d = a + k as i32;
            let slow = (0..c.len()).filter(|&i| c.start[i] <= d && c.end[i] >= d && c.in_box(i, Some(&bbox))).count();
            assert_eq!(*n as usize, slow, "day {d}");
        }
    }
}
