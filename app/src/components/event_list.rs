//! The list of events in the window, beside the map. Without JavaScript it
//! is a page of rows (links to each event's page) with links to the next
//! and previous page. Once the page is live it is virtual: only the rows in
//! view exist (in a scroller whose height is that of every row), their text
//! fetched a page at a time (`/api/map/list`), so 20,000 events cost no more
//! than 50. Clicking a row opens its popup on the map; the open popup's row
//! is highlighted and scrolled into view.

use std::collections::HashMap;
use std::sync::Arc;

use leptos::prelude::*;

use crate::components::map::MapSignals;
use crate::components::swatch::kind_swatch;
use crate::i18n::{use_lang, Lang};
use domain::dates::DateRange;
use domain::event::{DatePrecision, EventKind};
use domain::store::ListItem;

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

/// The rows in view: the position of the first, and the rows.
type InView = Memo<(usize, Vec<Row>)>;

/// What a row shows.
#[derive(Debug, Clone, PartialEq)]
struct Row {
    position: usize,
    id: String,
    kind: EventKind,
    dates: Option<DateRange>,
    approximate: bool,
    title: Option<String>,
    place: Option<String>,
}

impl Row {
    fn of(position: usize, item: &ListItem) -> Self {
        Self {
            position,
            id: item.id.clone(),
            kind: item.kind,
            dates: Some(item.dates),
            approximate: item.date_precision == DatePrecision::Approximate,
            title: Some(item.title.clone()),
            place: Some(item.location_name.clone()),
        }
    }
}

/// One row: a swatch, the title as a link to the event's page, when and
/// where.
fn row_view(lang: Lang, r: Row, s: MapSignals, embedded: bool) -> impl IntoView {
    let id = r.id.clone();
    let is_selected = {
        let id = id.clone();
        move || s.selected.with(|x| x.as_deref() == Some(id.as_str()))
    };
    let on_click = {
        let id = id.clone();
        move |ev: leptos::ev::MouseEvent| {
            if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.button() != 0 {
                return;
            }
            ev.prevent_default();
            s.selected.set(Some(id.clone()));
            s.focus.set(Some(id.clone()));
        }
    };
    // Focus or the pointer on a row rings its marker on the map.
    let highlight = {
        let id = id.clone();
        move || s.highlighted.set(Some(id.clone()))
    };
    let unhighlight = {
        let id = id.clone();
        move || {
            if s.highlighted.with_untracked(|h| h.as_deref() == Some(id.as_str())) {
                s.highlighted.set(None);
            }
        }
    };
    let (focus_in, pointer_in) = (highlight.clone(), highlight);
    let (focus_out, pointer_out) = (unhighlight.clone(), unhighlight);
    let when = r.dates.map(|d| lang.range(d, r.approximate)).unwrap_or_default();
    let title = r.title.unwrap_or_else(|| "…".into());
    let kind = lang.kind(r.kind);
    view! {
        <li data-id=id.clone() class:selected=is_selected
            on:focusin=move |_| focus_in() on:mouseenter=move |_| pointer_in()
            on:focusout=move |_| focus_out() on:mouseleave=move |_| pointer_out()>
            {kind_swatch(r.kind, r.approximate)}
            <a href=format!("/events/{id}") target=embedded.then_some("_blank") dir="auto" on:click=on_click>{title}</a>
            <span class="when">{when}</span>
            <span class="where">{kind}{r.place.map(|p| view! { " · " <bdi>{p}</bdi> })}</span>
        </li>
    }
}

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
    let live = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| live.set(true));

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

    // The rows in view: positions, with what is known of each.
    let in_view: InView = Memo::new(move |_| {
        let n = shown.get();
        let top = scroll_top.get();
        let first = ((top / ROW_PX).floor() as usize).saturating_sub(OVERSCAN);
        let last = (((top + view_height.get()) / ROW_PX).ceil() as usize + OVERSCAN).min(n);
        let window = s.settled.get();
        let listed = s.listed.get();
        let rows = pages.with(|(pw, pages)| {
            let text = |i: usize| {
                if *pw != window {
                    return None;
                }
                let block = pages.get(&(i as u64 / BLOCK))?;
                block.get(i % BLOCK as usize).cloned()
            };
            s.data.with(|d| {
                (first..last)
                    .map(|i| match (d, listed.as_ref().and_then(|v| v.get(i)), text(i)) {
                        (Some(d), Some(&m), item) => {
                            let e = d.index.entry(m as usize);
                            let dates = domain::dates::from_day_number(e.start)
                                .zip(domain::dates::from_day_number(e.end))
                                .and_then(|(a, b)| DateRange::new(a, b));
                            let item = item.filter(|x| x.id == e.id).or_else(|| known.with(|k| k.get(&e.id).cloned()));
                            let matches = item.as_ref();
                            Row {
                                position: i,
                                approximate: e.date_precision == DatePrecision::Approximate,
                                kind: e.kind,
                                dates,
                                title: matches.map(|x| x.title.clone()),
                                place: matches.map(|x| x.location_name.clone()),
                                id: e.id,
                            }
                        }
                        (_, _, Some(item)) => Row::of(i, &item),
                        _ => Row {
                            position: i,
                            id: String::new(),
                            kind: EventKind::Other,
                            dates: None,
                            approximate: false,
                            title: None,
                            place: None,
                        },
                    })
                    .collect::<Vec<Row>>()
            })
        });
        (first.min(last), rows)
    });

    #[cfg(feature = "hydrate")]
    client::fetch_missing(s, pages, known, in_view);
    #[cfg(feature = "hydrate")]
    client::follow_selection(s, scroller, view_height);

    let static_list = move || {
        let items = rows
            .iter()
            .enumerate()
            .map(|(k, item)| row_view(lang, Row::of(offset as usize + k, item), s, embedded))
            .collect_view();
        let pager = pager.clone();
        view! {
            <ol class="event-list">{items}</ol>
            {(pager.previous.is_some() || pager.next.is_some()).then(|| view! {
                <nav class="pager" aria-label=lang.t("list-pages")>
                    {pager.previous.map(|h| view! { <a href=h rel="prev">{lang.t("list-earlier")}</a> })}
                    {pager.next.map(|h| view! { <a href=h rel="next">{lang.t("list-later")}</a> })}
                </nav>
            })}
        }
    };
    move || {
        if shown.get() == 0 {
            return view! { <p class="empty list-empty">{lang.t("list-empty")}</p> }.into_any();
        }
        if !live.get() {
            return static_list().into_any();
        }
        let height = shown.get() as f64 * ROW_PX;
        view! {
            <div class="virtual-list" node_ref=scroller
                on:scroll=move |ev| {
                    let el: leptos::web_sys::HtmlElement = event_target(&ev);
                    scroll_top.set(f64::from(el.scroll_top()));
                    view_height.set(f64::from(el.client_height()).max(ROW_PX));
                }>
                // Rows in the flow after a padding as tall as the rows above
                // them, keyed by event: a step that keeps an event keeps its
                // row's elements.
                <ol class="event-list virtual"
                    style=move || format!("height:{height}px;padding-top:{}px", in_view.with(|v| v.0) as f64 * ROW_PX)>
                    <For each=move || in_view.get().1 key=|r| (r.id.clone(), if r.id.is_empty() { r.position } else { usize::MAX }, r.title.is_some()) let:r>
                        {row_view(lang, r, s, embedded)}
                    </For>
                </ol>
            </div>
        }
        .into_any()
    }
}

/// In the browser: fetching rows' text and following the selection.
#[cfg(feature = "hydrate")]
mod client {
    use std::collections::HashSet;
    use std::sync::Arc;

    use leptos::prelude::*;

    use super::{InView, Known, Pages, BLOCK, ROW_PX};

    /// Most rows' text kept by id (about 200 bytes each).
    const MAX_KNOWN: usize = 20_000;
    use crate::components::map::loader::{datetime, fetch_json, ListAnswer};
    use crate::components::map::MapSignals;
    use domain::dates::day_number;

    /// Fetches the blocks of rows in view that have no text yet; a new
    /// window starts a new set of blocks.
    pub fn fetch_missing(s: MapSignals, pages: Pages, known: Known, in_view: InView) {
        let asked = StoredValue::new_local(HashSet::<(String, u64)>::new());
        Effect::new(move |_| {
            let rows =
                in_view.with(|v| v.1.iter().filter(|r| r.title.is_none()).map(|r| r.position).collect::<Vec<_>>());
            let window = s.settled.get();
            if pages.with_untracked(|(w, _)| *w != window) {
                pages.update(|(w, p)| {
                    *w = window;
                    p.clear();
                });
            }
            let key = datetime(day_number(window.0), day_number(window.1));
            let mut blocks: Vec<u64> = rows.iter().map(|&p| p as u64 / BLOCK).collect();
            blocks.dedup();
            for block in blocks {
                if pages.with_untracked(|(_, p)| p.contains_key(&block)) {
                    continue;
                }
                if !asked.try_update_value(|a| a.insert((key.clone(), block))).unwrap_or(false) {
                    continue;
                }
                let url = format!("/api/map/list?{key}&offset={}&limit={BLOCK}", block * BLOCK);
                leptos::task::spawn_local(async move {
                    let Some(page) = fetch_json::<ListAnswer>(&url).await else { return };
                    known.update(|k| {
                        if k.len() > MAX_KNOWN {
                            k.clear();
                        }
                        k.extend(page.items.iter().map(|r| (r.id.clone(), r.clone())));
                    });
                    pages.update(|(w, p)| {
                        if *w == window {
                            p.insert(block, Arc::new(page.items));
                        }
                    });
                });
            }
        });
    }

    /// Scrolls the selected event's row into view.
    pub fn follow_selection(s: MapSignals, scroller: NodeRef<leptos::html::Div>, view_height: RwSignal<f64>) {
        Effect::new(move |_| {
            let Some(id) = s.selected.get() else { return };
            let Some(el) = scroller.get() else { return };
            let position = s.data.with_untracked(|d| {
                let d = d.as_ref()?;
                let m = d.index.position(&id)? as u32;
                s.listed.with_untracked(|v| v.as_ref()?.binary_search(&m).ok())
            });
            let Some(p) = position else { return };
            let top = p as f64 * ROW_PX;
            let (scroll, height) = (f64::from(el.scroll_top()), view_height.get_untracked());
            if top < scroll || top + ROW_PX > scroll + height {
                el.set_scroll_top((top - height / 2.0 + ROW_PX / 2.0).max(0.0) as i32);
            }
        });
    }
}
