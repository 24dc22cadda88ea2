//! The map's "Download" control: the events of the window, and of the
//! map's view once it is drawn, as GeoJSON or CSV from `/api/events`
//! (README, "Import and export"). Plain links, so they work without
//! JavaScript (then for the window of the page's address).

use leptos::prelude::*;
use time::Date;

use domain::bbox::BBox;
use domain::dates::{format_date, DateWindow};
use domain::filter::{EventFilter, PropertyFilter};

/// The query of `/api/events` for the window `(first, last)`, the view's
/// `bbox` if given and the reader's filters, with `f` when not GeoJSON:
/// written by [`EventFilter`] as the server reads them.
pub fn events_query(window: (Date, Date), bbox: Option<BBox>, filter: &PropertyFilter, format: Option<&str>) -> String {
    let dates = DateWindow { start: Some(window.0), end: Some(window.1) };
    let q = EventFilter { window: dates, bbox, properties: filter.clone() }.to_string();
    match format {
        Some(f) => format!("{q}&f={f}"),
        None => q,
    }
}

/// The Download control.
#[component]
pub fn Download(
    /// The window, first and last day.
    window: Signal<(Date, Date)>,
    /// The map's view as a `bbox` parameter, once drawn.
    bbox: Signal<Option<BBox>>,
    /// The reader's filters.
    filter: Signal<PropertyFilter>,
) -> impl IntoView {
    let name = move |ext: &str| {
        let (s, e) = window.get();
        format!("rallymap-{}-{}.{ext}", format_date(s), format_date(e))
    };
    let href = move |f: Option<&'static str>| {
        move || {
            crate::base::href(&format!("/api/events?{}", filter.with(|p| events_query(window.get(), bbox.get(), p, f))))
        }
    };
    let lang = crate::i18n::use_lang();
    let scope = move || if bbox.get().is_some() { lang.t("download-view") } else { lang.t("download-window") };
    view! {
        <details class="download">
            <summary>{lang.t("download")}</summary>
            <div class="download-menu">
                <p>{scope}</p>
                <a href=href(None) download=move || name("geojson")>"GeoJSON"</a>
                <a href=href(Some("csv")) download=move || name("csv")>{lang.t("download-csv")}</a>
            </div>
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn the_query_names_the_window_and_view() {
        let w = (date!(2020 - 01 - 18), date!(2020 - 01 - 20));
        let none = PropertyFilter::default();
        assert_eq!(events_query(w, None, &none, None), "datetime=2020-01-18/2020-01-20");
        assert_eq!(
            events_query(w, Some(BBox::of_view(4.1, 51.9, 13.2, 56.0)), &none, Some("csv")),
            "datetime=2020-01-18/2020-01-20&bbox=4.1,51.9,13.2,56&f=csv"
        );
        let rallies = PropertyFilter { kind: vec![domain::event::EventKind::Rally], ..Default::default() };
        assert_eq!(events_query(w, None, &rallies, None), "datetime=2020-01-18/2020-01-20&kind=rally");
    }
}
