//! Made-up events for trying the map and the API at scale: deterministic
//! for a seed, shaped like real protest data (ACLED, Crowd Counting
//! Consortium): points clustered in cities, dates spread over several years
//! with peaks of many events on a few days, some approximate ranges, titles
//! in several scripts. `rallymap generate` writes them as GeoJSON; the
//! benchmarks and the large tests use them.

use time::{Date, Duration, Month};

use crate::dates::format_date;
use crate::event::{Event, EventInput, SourceInput};

/// A small deterministic generator (SplitMix64): the same seed always gives
/// the same events on every machine.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize % n.max(1)
    }

    /// Roughly normal, mean 0, standard deviation 1 (sum of uniforms).
    pub fn normal(&mut self) -> f64 {
        (0..6).map(|_| self.unit()).sum::<f64>() - 3.0
    }
}

/// Cities: name, country, longitude, latitude, weight (how many events).
const CITIES: &[(&str, &str, f64, f64, u32)] = &[
    ("Tehran", "IR", 51.389, 35.6892, 30),
    ("Mashhad", "IR", 59.6062, 36.2605, 8),
    ("Isfahan", "IR", 51.6776, 32.6539, 8),
    ("Tabriz", "IR", 46.2919, 38.0962, 6),
    ("Shiraz", "IR", 52.5311, 29.5918, 6),
    ("Ahvaz", "IR", 48.6842, 31.3183, 5),
    ("Rasht", "IR", 49.5832, 37.2808, 4),
    ("Kermanshah", "IR", 47.065, 34.3142, 4),
    ("Zahedan", "IR", 60.8629, 29.4963, 4),
    ("Sanandaj", "IR", 46.9988, 35.3219, 4),
    ("Stockholm", "SE", 18.0686, 59.3293, 3),
    ("Washington", "US", -77.0365, 38.8977, 3),
    ("The Hague", "NL", 4.3133, 52.0799, 3),
    ("Hamburg", "DE", 9.9937, 53.5511, 3),
    ("Copenhagen", "DK", 12.5683, 55.6761, 2),
    ("Berlin", "DE", 13.405, 52.52, 4),
    ("London", "GB", -0.1276, 51.5072, 4),
    ("Paris", "FR", 2.3522, 48.8566, 4),
    ("Toronto", "CA", -79.3832, 43.6532, 3),
    ("Los Angeles", "US", -118.2437, 34.0522, 3),
    ("Vancouver", "CA", -123.1207, 49.2827, 2),
    ("Istanbul", "TR", 28.9784, 41.0082, 3),
    ("Erbil", "IQ", 44.0092, 36.1911, 2),
    ("Baghdad", "IQ", 44.3661, 33.3152, 3),
    ("Beirut", "LB", 35.5018, 33.8938, 2),
    ("Cairo", "EG", 31.2357, 30.0444, 2),
    ("Kabul", "AF", 69.2075, 34.5553, 2),
    ("Sydney", "AU", 151.2093, -33.8688, 2),
    ("Auckland", "NZ", 174.7633, -36.8485, 1),
    ("Suva", "FJ", 178.4419, -18.1416, 1),
    ("Apia", "WS", -171.7513, -13.8506, 1),
    ("Tokyo", "JP", 139.6503, 35.6762, 1),
    ("São Paulo", "BR", -46.6333, -23.5505, 1),
];

/// Waves of protest: (first day, last day, share of all events). Inside a
/// wave hundreds of events a day are reported; the first wave is three
/// days of nationwide protest that hold a sixth of the data.
/// A calendar day as `(year, month, day)`.
type Day = (i32, Month, u8);

const WAVES: &[(Day, Day, f64)] = &[
    ((2019, Month::November, 16), (2019, Month::November, 18), 0.15),
    ((2017, Month::December, 28), (2018, Month::January, 10), 0.07),
    ((2019, Month::November, 19), (2019, Month::November, 30), 0.06),
    ((2022, Month::September, 17), (2022, Month::December, 31), 0.22),
];

const KINDS: &[(&str, u32)] =
    &[("protest", 40), ("rally", 25), ("march", 10), ("vigil", 10), ("banner_action", 10), ("other", 5)];

/// Titles in English, Persian, Arabic, German and Swedish; `{}` is the city.
const TITLES: &[&str] = &[
    "Protest in {} against the government",
    "Rally in {} in solidarity with protesters in Iran",
    "تجمع اعتراضی در {}",
    "راهپیمایی در {} در حمایت از معترضان",
    "وقفة احتجاجية في {}",
    "Mahnwache in {} für die Opfer",
    "Manifestation i {} för mänskliga rättigheter",
    "Students march through {}",
];

fn weighted<'a, T>(rng: &mut Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut pick = (rng.unit() * f64::from(total)) as u32;
    for (item, w) in items {
        if pick < *w {
            return item;
        }
        pick -= w;
    }
    &items[items.len() - 1].0
}

/// The `n`-th made-up event (of a set made with `seed`), valid: 2017 to
/// 2024, half of it in the waves of [`WAVES`]; one day and exact four times
/// in five, otherwise an approximate range of up to a month.
pub fn event(seed: u64, n: u64) -> Event {
    let mut rng = Rng::new(seed ^ n.wrapping_mul(0xA24B_AED4_963E_E407));
    let first = Date::from_calendar_date(2017, Month::January, 1).unwrap_or(Date::MIN);
    let last = Date::from_calendar_date(2024, Month::December, 31).unwrap_or(Date::MAX);
    let day = |(y, m, d): Day| Date::from_calendar_date(y, m, d).unwrap_or(first);
    let mut pick = rng.unit();
    let mut range = (first, last);
    for &(a, b, share) in WAVES {
        if pick < share {
            range = (day(a), day(b));
            break;
        }
        pick -= share;
    }
    let span = (range.1 - range.0).whole_days() + 1;
    let start = range.0 + Duration::days(((rng.unit() * span as f64) as i64).min(span - 1));
    let roll = rng.unit();
    let (days, approximate) = if roll < 0.8 {
        (0, false)
    } else if roll < 0.95 {
        (1 + rng.below(4) as i64, true)
    } else {
        (5 + rng.below(26) as i64, true)
    };
    let end = (start + Duration::days(days)).min(last);
    let city_weights: Vec<(usize, u32)> = CITIES.iter().enumerate().map(|(i, c)| (i, c.4)).collect();
    let (city, country, lon, lat, _) = CITIES[*weighted(&mut rng, &city_weights)];
    // Scattered around the centre (about 5 km), a few on the very same spot.
    let (lon, lat) = if rng.unit() < 0.1 {
        (lon, lat)
    } else {
        let spread = 0.05;
        ((lon + rng.normal() * spread).clamp(-180.0, 180.0), (lat + rng.normal() * spread * 0.7).clamp(-90.0, 90.0))
    };
    let round = |x: f64| (x * 1e5).round() / 1e5;
    let geo = match rng.below(10) {
        0..=4 => "city",
        5..=8 => "site",
        _ => "region",
    };
    let title = TITLES[rng.below(TITLES.len())].replace("{}", city);
    let kind: &str = weighted::<&str>(&mut rng, KINDS);
    let crowd_phrase = rng.unit() < 0.3;
    let tagged = rng.unit() < 0.5;
    // Drawn after everything above, so that the events of earlier versions
    // keep their days, places and titles.
    let conduct = match rng.below(10) {
        0..=5 => "peaceful",
        6 | 7 => "intervention",
        8 => "excessive_force",
        _ => "",
    };
    let counted = rng.unit() < 0.25;
    let low = 10 * (1 + rng.below(500) as u64);
    let high = low + 10 * rng.below(300) as u64;
    let arrests = if rng.unit() < 0.1 { rng.below(40).to_string() } else { String::new() };
    EventInput {
        id: format!("gen-{n}"),
        title,
        description: format!("Made-up event number {n} for trying the map at scale.\nIt did not happen."),
        kind: kind.into(),
        conduct: if matches!(kind, "protest" | "rally" | "march") { conduct.into() } else { String::new() },
        admin1: format!("{city} Province"),
        date_start: format_date(start),
        date_end: format_date(end),
        date_precision: if approximate { "approximate" } else { "exact" }.into(),
        location_name: format!("{city}, made-up place {}", n % 97),
        country_code: country.into(),
        lon: round(lon).to_string(),
        lat: round(lat).to_string(),
        geo_precision: geo.into(),
        crowd_size_text: if crowd_phrase { "hundreds".into() } else { String::new() },
        crowd_size_low: if counted && !crowd_phrase { low.to_string() } else { String::new() },
        crowd_size_high: if counted && !crowd_phrase { high.to_string() } else { String::new() },
        participants: vec![format!("Protesters ({country})")],
        arrests,
        sources: vec![SourceInput { name: "generator".into(), url: format!("https://example.org/report/{n}") }],
        tags: if tagged { vec!["generated".into()] } else { Vec::new() },
        ..Default::default()
    }
    .validate_with_id()
    .unwrap_or_else(|v| unreachable!("a made-up event is valid: {v}"))
}

/// Writes `count` made-up events as one GeoJSON FeatureCollection to `out`,
/// one Feature at a time (1,000,000 events never sit in memory).
///
/// # Errors
/// The writer's.
pub fn write_collection(out: &mut impl std::io::Write, seed: u64, count: u64) -> std::io::Result<()> {
    out.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[\n")?;
    for n in 0..count {
        if n > 0 {
            out.write_all(b",\n")?;
        }
        serde_json::to_writer(&mut *out, &crate::geojson::to_feature(&event(seed, n)))?;
    }
    out.write_all(b"\n]}\n")
}

/// The columns of an ACLED export (ACLED codebook), in its order.
pub const ACLED_HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,\
sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,\
country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,\
timestamp";

/// Writes `count` made-up events as an ACLED export (CSV with every column
/// of [`ACLED_HEADER`]), for the import's benchmark: ids such as
/// `SYN123`, the dates as ACLED writes them (`18 January 2020`), the
/// sub-event type from what happened, `actor1` and `assoc_actor_1`,
/// `admin1` and `admin2`, the crowd size as a `crowd size=` tag,
/// fatalities and a `timestamp`. One row at a time.
///
/// # Errors
/// The writer's.
#[cfg(feature = "import")]
pub fn write_acled_csv(out: &mut impl std::io::Write, seed: u64, count: u64) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(ACLED_HEADER.split(','))?;
    for n in 0..count {
        let e = event(seed, n);
        let country = isocountry::CountryCode::for_alpha2(&e.country_code).ok();
        let (sub, event_type) = match e.conduct {
            Some(crate::event::Conduct::Peaceful) | None => ("Peaceful protest", "Protests"),
            Some(crate::event::Conduct::Intervention) => ("Protest with intervention", "Protests"),
            Some(crate::event::Conduct::ExcessiveForce) => ("Excessive force against protesters", "Protests"),
            Some(crate::event::Conduct::Violent) => ("Violent demonstration", "Riots"),
        };
        let crowd = match (e.crowd_size_low, e.crowd_size_high, &e.crowd_size_text) {
            (Some(l), Some(h), _) if l == h => format!("crowd size=around {l}"),
            (Some(l), Some(h), _) => format!("crowd size=between {l} and {h}"),
            (_, _, Some(t)) => format!("crowd size={t}"),
            _ => "crowd size=no report".into(),
        };
        let (precision, date) = match (e.date_precision, (e.dates.end - e.dates.start).whole_days()) {
            (crate::event::DatePrecision::Exact, _) => ("1", e.dates.start),
            (_, 0..=6) => ("2", e.dates.start),
            _ => ("3", e.dates.start),
        };
        let actor1 = e.participants.first().cloned().unwrap_or_default();
        let record = [
            format!("SYN{n}"),
            format!("{:02} {} {}", date.day(), date.month(), date.year()),
            date.year().to_string(),
            precision.into(),
            "Demonstrations".into(),
            event_type.into(),
            sub.into(),
            actor1,
            if n % 3 == 0 { "Students (Iran); Labor Group (Iran)".into() } else { String::new() },
            "Protesters".into(),
            String::new(),
            String::new(),
            String::new(),
            "Protesters only".into(),
            String::new(),
            country.map(|c| c.numeric_id().to_string()).unwrap_or_default(),
            "Middle East".into(),
            country.map(|c| c.name().to_owned()).unwrap_or_default(),
            e.admin1.clone().unwrap_or_default(),
            e.location_name.split(',').next().unwrap_or_default().to_owned(),
            String::new(),
            e.location_name.clone(),
            e.lat.to_string(),
            e.lon.to_string(),
            match e.geo_precision {
                crate::event::GeoPrecision::Site => "1",
                crate::event::GeoPrecision::City => "2",
                crate::event::GeoPrecision::Region => "3",
            }
            .into(),
            "generator; Radio Farda".into(),
            "National".into(),
            e.description.replace('\n', " "),
            e.arrests.map_or("0".into(), |a| (a % 3).to_string()),
            crowd,
            (1_700_000_000 + n).to_string(),
        ];
        w.write_record(&record)?;
    }
    w.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_events() {
        assert_eq!(event(7, 123), event(7, 123));
        assert_ne!(event(7, 123), event(8, 123));
        let e = event(42, 0);
        assert_eq!(e.id, "gen-0");
    }

    #[test]
    fn a_sixth_falls_on_three_days_and_cities_cluster() {
        let events: Vec<Event> = (0..4000).map(|n| event(42, n)).collect();
        let (a, b) = (WAVES[0].0, WAVES[0].1);
        let peak = |d: Date| {
            let day = |(y, m, dd): Day| Date::from_calendar_date(y, m, dd).expect("day");
            (day(a)..=day(b)).contains(&d)
        };
        let on_peak = events.iter().filter(|e| peak(e.dates.start)).count();
        assert!((500..=700).contains(&on_peak), "{on_peak} of 4000 on the three peak days");
        let in_tehran = events.iter().filter(|e| e.location_name.starts_with("Tehran,")).count();
        assert!(in_tehran > 600, "{in_tehran} in Tehran");
        assert!(events.iter().any(|e| e.title.contains("تجمع")), "Persian titles");
        let approximate = events.iter().filter(|e| e.dates.end > e.dates.start).count();
        assert!((600..=1000).contains(&approximate), "{approximate} ranges");
    }
}
