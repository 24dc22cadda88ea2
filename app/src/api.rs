//! Server functions: thin wrappers that read the store from context. The
//! logic they call is plain Rust elsewhere.

use leptos::prelude::*;
use leptos::server_fn::codec::JsonEncoding;
use serde::{Deserialize, Serialize};

use domain::dates::DateRange;
use domain::event::Event;
use domain::store::ListItem;
use domain::tiles::TileLayer;
use domain::timeline::KindDays;

/// What the map page carries: the frame, a summary of the data, and the
/// first rows of the window's list; never the events themselves, which the
/// browser loads in their compact form (`/api/map/events`) once the page is
/// live (README, "The map at scale").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MapPage {
    /// How many public events there are.
    pub total: u64,
    /// The first and last day of the data; `None` when there is none.
    pub extent: Option<DateRange>,
    /// Events per day of `extent` (each counted on every day of its range).
    pub histogram: Vec<u32>,
    /// The same kind by kind, for the slider's stacked bars, when they are
    /// few ([`LAYERS_IN_PAGE`] numbers at most); `None` for long or varied
    /// data, whose layers the browser asks `/api/map/histogram` for once the
    /// page is live, so that the page stays small.
    pub histogram_kinds: Option<Vec<KindDays>>,
    /// The window shown: the permalink's, or the whole extent.
    pub window: Option<DateRange>,
    /// How many events the window holds.
    pub in_window: u64,
    /// Rows `offset..` of the window's list, for readers without JavaScript
    /// and the first paint.
    pub rows: Vec<ListItem>,
    /// The first row's position in the window's list.
    pub offset: u64,
    /// Raster tiles to draw instead of the bundled basemap, if configured.
    pub tiles: Option<TileLayer>,
    /// The public base URL for links and embed code (an origin, no
    /// trailing slash): the setting, else from the request's `Host`.
    pub base_url: String,
}

/// Most numbers of kind-by-kind counts the map page carries: 11 kinds
/// over a year is 4,000; twenty years of days of every kind would add
/// about 60 KB to every page.
pub const LAYERS_IN_PAGE: usize = 4_000;

/// Rows of the list in one server-rendered page.
pub const LIST_PAGE: u64 = 50;

/// The server's settings that pages need, provided as Leptos context.
/// Server only.
#[cfg(feature = "ssr")]
#[derive(Debug, Clone, Default)]
pub struct SiteSettings {
    /// `RALLYMAP_TILE_URL` and its attribution.
    pub tiles: Option<TileLayer>,
    /// `RALLYMAP_PUBLIC_URL`.
    pub public_url: Option<String>,
    /// The listen address, the base URL's last resort.
    pub listen: String,
}

/// What a server function can fail with, as it crosses the wire.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    /// The store failed; details are in the server log, not here.
    #[error("the event store is unavailable")]
    Unavailable,
    /// The request or response itself failed (network, encoding).
    #[error(transparent)]
    ServerFn(#[from] ServerFnErrorErr),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::ServerFn(value)
    }
}

#[cfg(feature = "ssr")]
fn store() -> Result<domain::store::SharedStore, AppError> {
    use_context::<domain::store::SharedStore>().ok_or(AppError::Unavailable)
}

#[cfg(feature = "ssr")]
fn unavailable(e: domain::store::StoreError) -> AppError {
    leptos::logging::error!("store: {e}");
    AppError::Unavailable
}

/// The map page's data for the window `start`..`end` (calendar dates as
/// typed in the permalink; a bad or missing one falls back to the data's
/// first or last day), the permalink's filters (`filter`, a query string
/// of the API's parameters; bad values are dropped) and the list page
/// `page` (from 1).
///
/// # Errors
/// [`AppError::Unavailable`] when the store fails.
#[server(prefix = "/_fn", endpoint = "load_map_page")]
pub async fn load_map_page(
    /// The window's first day, `YYYY-MM-DD`.
    start: Option<String>,
    /// The window's last day.
    end: Option<String>,
    /// The list page, from 1.
    page: Option<u64>,
    /// The filters and search, as the permalink writes them.
    filter: Option<String>,
) -> Result<MapPage, AppError> {
    use domain::dates::{parse_date, DateWindow};
    use domain::filter::EventFilter;
    let store = store()?;
    let extent = store.extent().await.map_err(unavailable)?;
    let settings = use_context::<SiteSettings>().unwrap_or_default();
    let host = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::HOST).and_then(|h| h.to_str().ok().map(str::to_owned)));
    let base_url = domain::embed::base_url(settings.public_url.as_deref(), host.as_deref(), &settings.listen);
    let mut map = MapPage {
        total: 0,
        extent: None,
        histogram: Vec::new(),
        histogram_kinds: None,
        window: None,
        in_window: 0,
        rows: Vec::new(),
        offset: 0,
        tiles: settings.tiles,
        base_url,
    };
    let Some(x) = extent else { return Ok(map) };
    let index = store.compact().await.map_err(unavailable)?;
    let s = start.as_deref().and_then(|d| parse_date(d.trim()).ok()).unwrap_or(x.first);
    let e = end.as_deref().and_then(|d| parse_date(d.trim()).ok()).unwrap_or(x.last);
    let window = DateRange::new(s, e).or(DateRange::new(x.first, x.last));
    map.total = index.len() as u64;
    map.extent = DateRange::new(x.first, x.last);
    let (first, last) = (domain::dates::day_number(x.first), domain::dates::day_number(x.last));
    let layers = index.day_counts_by_kind_of(first, last, index.intersecting(first, last));
    map.histogram = domain::timeline::totals(&layers, usize::try_from(last - first + 1).unwrap_or(0));
    map.histogram_kinds = (layers.iter().map(|l| l.counts.len()).sum::<usize>() <= LAYERS_IN_PAGE).then_some(layers);
    if let Some(w) = window {
        let chosen = domain::permalink::Permalink::from_pairs(
            url::form_urlencoded::parse(filter.unwrap_or_default().as_bytes())
                .collect::<Vec<_>>()
                .iter()
                .map(|(k, v)| (k.as_ref(), v.as_ref())),
        )
        .filter;
        let window = DateWindow { start: Some(w.start), end: Some(w.end) };
        let filter = EventFilter { window, bbox: None, properties: chosen };
        let selected = domain::store::positions(store.as_ref(), &index, &filter).await.map_err(unavailable)?;
        map.in_window = selected.len() as u64;
        map.offset = page.unwrap_or(1).saturating_sub(1).saturating_mul(LIST_PAGE).min(map.in_window);
        let ids: Vec<String> =
            selected.iter().skip(map.offset as usize).take(LIST_PAGE as usize).map(|&i| index.ids[i].clone()).collect();
        map.rows = store.list_items(&ids).await.map_err(unavailable)?;
    }
    map.window = window;
    Ok(map)
}

/// An event's page: the event and the public base URL its links and
/// preview tags are absolute in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventPageData {
    /// The event.
    pub event: Event,
    /// As [`MapPage::base_url`].
    pub base_url: String,
}

/// One public event with the base URL, or `None`.
///
/// # Errors
/// [`AppError::Unavailable`] when the store fails.
#[server(prefix = "/_fn", endpoint = "event_page")]
pub async fn event_page(
    /// The event's id.
    id: String,
) -> Result<Option<EventPageData>, AppError> {
    let settings = use_context::<SiteSettings>().unwrap_or_default();
    let host = use_context::<http::request::Parts>()
        .and_then(|p| p.headers.get(http::header::HOST).and_then(|h| h.to_str().ok().map(str::to_owned)));
    let base_url = domain::embed::base_url(settings.public_url.as_deref(), host.as_deref(), &settings.listen);
    Ok(store()?.get(&id).await.map_err(unavailable)?.map(|event| EventPageData { event, base_url }))
}

/// The raster tile setting (`RALLYMAP_TILE_URL`), for maps other than the
/// reader's (the event form's); `None` means the bundled basemap.
///
/// # Errors
/// Only transport errors.
#[server(prefix = "/_fn", endpoint = "tile_setting")]
pub async fn tile_setting() -> Result<Option<TileLayer>, AppError> {
    Ok(use_context::<SiteSettings>().unwrap_or_default().tiles)
}
