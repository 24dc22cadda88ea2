//! `GET /feed.atom`: the newest events of any view as an Atom feed
//! (RFC 4287), for feed readers and newsroom dashboards (README, "API").
//! It takes the same parameters as `/api/events` (`datetime`, `bbox`, the
//! queryables), read by the one grammar (`domain::filter`), so a view of
//! the map and its feed select the same events.

use atom_syndication::{Category, Entry, Feed, FixedDateTime, Generator, Link, Person, Text};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use domain::event::Event;
use domain::filter::{EventFilter, Param};

use super::events::method_not_allowed;
use super::oembed::request_base;
use super::params::{Accepted, Query, RouteParams};
use crate::cached::{respond, Built, Resource};
use crate::error::ApiError;
use crate::state::AppState;

/// The media type of the feed (RFC 4287 §7).
pub const ATOM_MEDIA_TYPE: &str = "application/atom+xml; charset=utf-8";

/// How many entries a feed lists: the newest.
pub const ENTRIES: u64 = 50;

/// The route `/feed.atom`.
pub fn router() -> Router<AppState> {
    Router::new().route("/feed.atom", get(feed).fallback(method_not_allowed))
}

/// The parameters of `/feed.atom`: every one that selects events.
#[derive(Debug, Default, Clone, Copy)]
pub struct FeedParams;

impl RouteParams for FeedParams {
    const ACCEPTS: &'static [Accepted] = &[Accepted::EverySelection];
}

/// `GET /feed.atom?…`: the [`ENTRIES`] newest public events the filter
/// matches, by the time they were published or last changed, as an Atom
/// feed whose entries link to the events' pages. Kept per data version,
/// query and public base URL, like every data answer; `304` when the client
/// has it. Errors: a 400 problem naming a bad parameter.
async fn feed(
    State(state): State<AppState>,
    Query { filter, .. }: Query<FeedParams>,
    headers: HeaderMap,
) -> Result<Response, ApiError> {
    let base = request_base(&state, &headers);
    let resource = Resource::new(format!("feed.atom?{filter}#{base}"), ATOM_MEDIA_TYPE);
    let (store, filter, base) = (&state.store, &filter, &base);
    respond(&state, &headers, resource, |_| async move {
        let rows = store.recent(filter, ENTRIES).await?;
        Ok(Built::Whole(write(base, filter, &rows).into()))
    })
    .await
}

/// The feed for `filter` at `base` (the public base URL, no trailing
/// slash), from `rows` (stored Feature text, RFC 3339 time of the last
/// change), newest first. A row that cannot be read back is left out.
pub fn write(base: &str, filter: &EventFilter, rows: &[(String, String)]) -> String {
    let query = filter.to_string();
    let with_query =
        |path: &str| if query.is_empty() { format!("{base}{path}") } else { format!("{base}{path}?{query}") };
    let entries: Vec<Entry> = rows
        .iter()
        .filter_map(|(feature, updated)| Some(entry(base, &domain::geojson::read_written(feature)?, time(updated)?)))
        .collect();
    // The feed changed when its newest entry did; an empty one at the epoch.
    let updated = entries.first().map_or_else(|| time("1970-01-01T00:00:00Z").unwrap_or_default(), |e| e.updated);
    let self_link = with_query("/feed.atom");
    Feed {
        title: Text::plain(if query.is_empty() {
            "rallymap: reported rallies and protests".to_owned()
        } else {
            format!("rallymap: reported rallies and protests ({})", describe(filter))
        }),
        id: self_link.clone(),
        updated,
        authors: vec![Person { name: "rallymap".into(), uri: Some(format!("{base}/")), ..Person::default() }],
        links: vec![link(&self_link, "self", ATOM_MEDIA_TYPE), link(&map_link(base, filter), "alternate", "text/html")],
        generator: Some(Generator { value: "rallymap".into(), uri: None, version: None }),
        entries,
        ..Feed::default()
    }
    .to_string()
}

/// One event as an entry: its page as id and link, its title, description
/// as the summary, kind and tags as categories.
fn entry(base: &str, e: &Event, updated: FixedDateTime) -> Entry {
    let page = format!("{base}/events/{}", e.id);
    let mut categories = vec![Category { term: e.kind.as_str().into(), scheme: None, label: None }];
    categories.extend(e.tags.iter().map(|t| Category { term: t.clone(), scheme: None, label: None }));
    Entry {
        id: page.clone(),
        title: Text::plain(e.title.clone()),
        updated,
        links: vec![link(&page, "alternate", "text/html")],
        summary: Some(Text::plain(format!("{} — {}. {}", days(e), e.location_name, e.description))),
        categories,
        ..Entry::default()
    }
}

/// `2020-01-18`, or `2020-01-18/2020-01-20` for several days (ISO 8601).
fn days(e: &Event) -> String {
    let (a, b) = (domain::dates::format_date(e.dates.start), domain::dates::format_date(e.dates.end));
    if a == b {
        a
    } else {
        format!("{a}/{b}")
    }
}

fn link(href: &str, rel: &str, media_type: &str) -> Link {
    Link { href: href.into(), rel: rel.into(), mime_type: Some(media_type.into()), ..Link::default() }
}

fn time(rfc3339: &str) -> Option<FixedDateTime> {
    rfc3339.parse().ok()
}

/// The map's view of the same window and filters, as its permalink
/// (`/?start=…&end=…&kind=…`; a box is not a view, so it is left out).
fn map_link(base: &str, filter: &EventFilter) -> String {
    let view = domain::permalink::Permalink {
        start: filter.window.start,
        end: filter.window.end,
        filter: filter.properties.clone(),
        ..Default::default()
    };
    match view.to_query() {
        q if q.is_empty() => format!("{base}/"),
        q => format!("{base}/?{q}"),
    }
}

/// The conditions of `filter` in words for the feed's title:
/// `datetime 2020-01-18/2020-01-20, country_code SE`.
fn describe(filter: &EventFilter) -> String {
    Param::ALL
        .iter()
        .filter_map(|&p| filter.value(p).map(|v| format!("{} {v}", p.as_str())))
        .collect::<Vec<_>>()
        .join(", ")
}
