//! The list of events in the window, beside the map. Without JavaScript it
//! is a page of rows (links to each event's page) with links to the next
//! and previous page. Once the page is live it is virtual: only the rows in
//! view exist (placed in a scroller whose height is that of every row),
//! their text fetched a page at a time (`/api/map/list`), so 20,000 events
//! cost no more than 50. Clicking a row opens its popup on the map; the
//! open popup's row is highlighted and scrolled into view.
//!
//! To a screen reader it is the whole list, not the slice in the page: the
//! list is named, each row says where it is in all of them
//! (`aria-posinset` of `aria-setsize`), the open popup's row is
//! `aria-current`. The row with the keyboard focus stays in the page
//! however far the list scrolls, with a row either side of it, so Tab and
//! Shift+Tab go on from it (`client::keep_focus`).

#[cfg(feature = "hydrate")]
mod client;
mod row;

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::map::MapSignals;
use crate::i18n::use_lang;
use domain::dates::DateRange;
use domain::event::{DatePrecision, EventKind};
use domain::store::ListItem;
use row::{live_row, static_row, Row};

/// A row's height in CSS pixels (`.event-list.virtual li` in the CSS).
pub const ROW_PX: f64 = 76.0;
/// Rows fetched at once, and rows of the page without JavaScript.
pub const BLOCK: u64 = crate::api::LIST_PAGE;
/// Rows drawn beyond the view on each side.
const OVERSCAN: usize = 4;

/// Links to the previous and next page of the list, for readers without
/// JavaScript.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pager {
    /// The previous page, if any.
    pub previous: Option<String>,
    /// The next page, if any.
    pub next: Option<String>,
}

/// Rows' text by block, and the window it was fetched for.
type Pages = RwSignal<((time::Date, time::Date), HashMap<u64, Arc<Vec<ListItem>>>)>;

/// Rows' text by event id, whatever window it was fetched for: a slider step
/// keeps most rows, and those show their text at once.
type Known = RwSignal<HashMap<String, ListItem>>;

/// The rows in the page, in the order of their positions.
type InView = Memo<Vec<Row>>;

/// The row with the keyboard focus: its key and its position when it took
/// the focus.
type Focused = RwSignal<Option<(String, usize)>>;

/// The window's events, in date order.
#[component]
pub fn EventList(
    /// The page's shared signals.
    signals: MapSignals,
    /// The rows the server rendered: the page at `offset` of the window the
    /// page opened on.
    rows: Vec<ListItem>,
    /// The position of the first of `rows`.
    offset: u64,
    /// Links to other pages, for readers without JavaScript.
    pager: Pager,
    /// In `/embed`: links open in a new tab, never in the host's frame.
    #[prop(optional)]
    embedded: bool,
) -> impl IntoView {
    let s = signals;
    let lang = use_lang();
    // The list follows the window once the slider rests (`settled`).
    let shown = s.listed_count();
    let empty = Memo::new(move |_| shown.get() == 0);
    let live = crate::live::once_live();

    // Rows' text by block, for the window they were fetched for.
    let first_window = s.settled.get_untracked();
    let mut start_pages = HashMap::new();
    if offset.is_multiple_of(BLOCK) && !rows.is_empty() {
        start_pages.insert(offset / BLOCK, Arc::new(rows.clone()));
    }
    let pages: Pages = RwSignal::new((first_window, start_pages));
    let known: Known = RwSignal::new(rows.iter().map(|r| (r.id.clone(), r.clone())).collect());
    let scroll_top = RwSignal::new(0.0f64);
    let view_height = RwSignal::new(800.0f64);
    let scroller = NodeRef::<leptos::html::Div>::new();
    let focused: Focused = RwSignal::new(None);

    // The rows in the page: those in view, and the focused one with its
    // neighbours, with what is known of each.
    let in_view: InView = Memo::new(move |_| {
        let n = shown.get();
        let top = scroll_top.get();
        let first = ((top / ROW_PX).floor() as usize).saturating_sub(OVERSCAN);
        let last = (((top + view_height.get()) / ROW_PX).ceil() as usize + OVERSCAN).min(n);
        let window = s.settled.get();
        let listed = s.listed.get();
        pages.with(|(pw, pages)| {
            let text = |i: usize| {
                if *pw != window {
                    return None;
                }
                let block = pages.get(&(i as u64 / BLOCK))?;
                block.get(i % BLOCK as usize).cloned()
            };
            s.data.with(|d| {
                let listed = d.as_ref().zip(listed.as_deref());
                let mut positions: Vec<usize> = (first.min(last)..last).collect();
                if let Some(p) = focused.with(|f| f.as_ref().map(|(key, p)| row::locate(key, *p, listed, n))) {
                    positions.extend(p.saturating_sub(1)..(p + 2).min(n));
                    positions.sort_unstable();
                    positions.dedup();
                }
                positions.into_iter().map(|i| Row::at(i, listed, &text, &known)).collect::<Vec<Row>>()
            })
        })
    });

    #[cfg(feature = "hydrate")]
    client::fetch_missing(s, pages, known, in_view);
    #[cfg(feature = "hydrate")]
    client::follow_selection(s, scroller, view_height);
    #[cfg(feature = "hydrate")]
    client::keep_focus(scroller, focused, in_view);

    let static_list = move || {
        let total = shown.get_untracked();
        let items = rows
            .iter()
            .enumerate()
            .map(|(k, item)| static_row(lang, Row::of(offset as usize + k, item), total, s, embedded))
            .collect_view();
        let pager = pager.clone();
        view! {
            <ol class="event-list" aria-label=lang.t("events-in-window")>{items}</ol>
            {(pager.previous.is_some() || pager.next.is_some()).then(|| view! {
                <nav class="pager" aria-label=lang.t("list-pages")>
                    {pager.previous.map(|h| view! { <a href=h rel="prev">{lang.t("list-earlier")}</a> })}
                    {pager.next.map(|h| view! { <a href=h rel="next">{lang.t("list-later")}</a> })}
                </nav>
            })}
        }
    };
    move || {
        if empty.get() {
            return view! { <p class="empty list-empty">{lang.t("list-empty")}</p> }.into_any();
        }
        if !live.get() {
            return static_list().into_any();
        }
        // Rows placed at their positions, keyed by event: a step that keeps
        // an event keeps its row's elements, and a row whose text arrives
        // keeps its element (and the focus in it).
        view! {
            <div class="virtual-list" node_ref=scroller
                on:scroll=move |ev| {
                    let el: leptos::web_sys::HtmlElement = event_target(&ev);
                    scroll_top.set(f64::from(el.scroll_top()));
                    view_height.set(f64::from(el.client_height()).max(ROW_PX));
                }>
                <ol class="event-list virtual" aria-label=lang.t("events-in-window")
                    style=move || format!("height:{}px", shown.get() as f64 * ROW_PX)>
                    <For each=move || in_view.get() key=|r| r.key.clone() let:r>
                        {live_row(lang, r.key, in_view, shown, s, embedded, focused)}
                    </For>
                </ol>
            </div>
        }
        .into_any()
    }
}

impl Row {
    /// The row at position `i` of the list: from the browser's events when
    /// they cover the window (`listed`), with the text fetched for it if
    /// any; else from the text of its block; else blank until that comes.
    fn at(
        i: usize,
        listed: Option<(&crate::components::map::Loaded, &Vec<u32>)>,
        text: &impl Fn(usize) -> Option<ListItem>,
        known: &Known,
    ) -> Row {
        match (listed, text(i)) {
            (Some((d, listed)), item) if i < listed.len() => {
                let e = d.index.entry(listed[i] as usize);
                let dates = domain::dates::from_day_number(e.start)
                    .zip(domain::dates::from_day_number(e.end))
                    .and_then(|(a, b)| DateRange::new(a, b));
                let item = item.filter(|x| x.id == e.id).or_else(|| known.with(|k| k.get(&e.id).cloned()));
                Row {
                    key: e.id.clone(),
                    position: i,
                    approximate: e.date_precision == DatePrecision::Approximate,
                    kind: e.kind,
                    dates,
                    title: item.as_ref().map(|x| x.title.clone()),
                    place: item.as_ref().map(|x| x.location_name.clone()),
                    id: e.id,
                }
            }
            (_, Some(item)) => Row { key: format!("#{i}"), ..Row::of(i, &item) },
            _ => Row {
                key: format!("#{i}"),
                position: i,
                id: String::new(),
                kind: EventKind::Other,
                dates: None,
                approximate: false,
                title: None,
                place: None,
            },
        }
    }
}
