//! The HTML forms of the OGC API – Features documents (the `html`
//! conformance class, OGC 17-069r4, §8.3): server-rendered Leptos views,
//! readable without JavaScript, linking to the map. Text is escaped by
//! Leptos; the page title, which Leptos would not escape, is escaped here.

use app::base::BasePath;
use leptos::prelude::*;
use serde_json::Value;

use domain::dates::human_range;
use domain::event::{DatePrecision, Event};
use domain::labels::kind_label;

/// A whole page: `title` (plain text) and the rendered `body`; its
/// stylesheet and icon under the site's path `base`.
fn document(title: &str, body: String, base: &BasePath) -> String {
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"icon\" href=\"{icon}\" type=\"image/svg+xml\">\
         <link rel=\"stylesheet\" href=\"{css}\"></head>\
         <body class=\"api-page\">{body}</body></html>",
        html_escape::encode_text(title),
        icon = html_escape::encode_double_quoted_attribute(&base.join("/favicon.svg")),
        css = html_escape::encode_double_quoted_attribute(&base.join("/rallymap.css")),
    )
}

/// The header of every API page: the site, the API's landing page, the map.
fn header_html(base: &BasePath) -> String {
    view! {
        <header class="site-header">
            <a class="brand" href=base.join("/")>"rallymap"</a>
            <nav>
                <a href=base.join("/api?f=html")>"API"</a>" · "
                <a href=base.join("/api/collections/events/items?f=html")>"Events"</a>" · "
                <a href=base.join("/")>"Map"</a>
            </nav>
        </header>
    }
    .to_html()
}

/// The `links` of a document as a list of anchors.
fn links_html(doc: &Value) -> String {
    let links: Vec<(String, String, String)> = doc["links"]
        .as_array()
        .map(|ls| {
            ls.iter()
                .map(|l| {
                    let s = |k: &str| l[k].as_str().unwrap_or_default().to_owned();
                    (s("href"), s("title"), format!("{} ({})", s("rel"), s("type")))
                })
                .collect()
        })
        .unwrap_or_default();
    view! {
        <h2>"Links"</h2>
        <ul class="api-links">
            {links.into_iter().map(|(href, title, what)| view! {
                <li><a href=href>{title}</a>" "<span class="muted">{what}</span></li>
            }).collect_view()}
        </ul>
    }
    .to_html()
}

/// The landing page, the conformance declaration, the collections, a
/// collection or the queryables as a page: its title and description, what
/// it lists, and its links.
pub fn describe(doc: &Value, fallback_title: &str, base: &BasePath) -> String {
    let title = doc["title"].as_str().unwrap_or(fallback_title).to_owned();
    let description = doc["description"].as_str().unwrap_or_default().to_owned();
    let classes: Vec<String> = doc["conformsTo"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    let collections: Vec<(String, String)> = doc["collections"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    (
                        c["id"].as_str().unwrap_or_default().to_owned(),
                        c["title"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let extent = doc.get("extent").map(|e| {
        let bbox = e["spatial"]["bbox"][0].as_array().map(|b| {
            b.iter().map(|x| x.as_f64().map(|v| format!("{v:.4}")).unwrap_or_default()).collect::<Vec<_>>().join(", ")
        });
        let interval = e["temporal"]["interval"][0]
            .as_array()
            .map(|i| i.iter().map(|x| x.as_str().unwrap_or("..").to_owned()).collect::<Vec<_>>().join(" to "));
        (bbox.unwrap_or_default(), interval.unwrap_or_default())
    });
    let queryables: Vec<(String, String, String)> = doc["properties"]
        .as_object()
        .map(|p| {
            p.iter()
                .map(|(name, s)| {
                    let values = s["enum"].as_array().map_or_else(
                        || s["pattern"].as_str().unwrap_or("text").to_owned(),
                        |v| v.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(", "),
                    );
                    (name.clone(), s["title"].as_str().unwrap_or_default().to_owned(), values)
                })
                .collect()
        })
        .unwrap_or_default();
    let body = view! {
        <main class="api-main">
            <h1>{title.clone()}</h1>
            {(!description.is_empty()).then(|| view! { <p>{description}</p> })}
            {(!classes.is_empty()).then(|| view! {
                <h2>"Conformance classes"</h2>
                <ul>{classes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}</ul>
            })}
            {(!collections.is_empty()).then(|| view! {
                <h2>"Collections"</h2>
                <ul>{collections.into_iter().map(|(id, t)| view! {
                    <li><a href=base.join(&format!("/api/collections/{id}?f=html"))>{t}</a>" "<code>{id.clone()}</code></li>
                }).collect_view()}</ul>
            })}
            {extent.map(|(bbox, interval)| view! {
                <h2>"Extent"</h2>
                <dl>
                    <dt>"Box (WGS 84 degrees: west, south, east, north)"</dt><dd>{bbox}</dd>
                    <dt>"Days"</dt><dd>{interval}</dd>
                </dl>
            })}
            {(!queryables.is_empty()).then(|| view! {
                <h2>"Queryables"</h2>
                <table>
                    <thead><tr><th>"Parameter"</th><th>"What"</th><th>"Values"</th></tr></thead>
                    <tbody>{queryables.into_iter().map(|(n, t, v)| view! {
                        <tr><td><code>{n}</code></td><td>{t}</td><td>{v}</td></tr>
                    }).collect_view()}</tbody>
                </table>
            })}
        </main>
    }
    .to_html();
    document(&title, format!("{}{body}{}", header_html(base), links_html(doc)), base)
}

/// One row of the items page, read from a stored Feature.
fn item_row(e: &Event, base: &BasePath) -> impl IntoView + use<> {
    let when = human_range(e.dates, e.date_precision == DatePrecision::Approximate);
    let href = base.join(&format!("/api/collections/events/items/{}?f=html", e.id));
    view! {
        <tr>
            <td><a href=href dir="auto">{e.title.clone()}</a></td>
            <td>{when}</td>
            <td>{kind_label(e.kind)}</td>
            <td dir="auto">{e.location_name.clone()}</td>
        </tr>
    }
}

/// The items page: how many match, the page's events as a table, and the
/// paging links of `links` (`prev`, `next`) and the other formats.
pub fn items(features: &[String], matched: u64, offset: u64, links: &Value, base: &BasePath) -> String {
    let events: Vec<Event> = features.iter().filter_map(|f| domain::geojson::read_written(f)).collect();
    let shown = events.len() as u64;
    let summary = if shown == 0 {
        format!("{matched} events match; none on this page.")
    } else {
        format!("{matched} events match; these are {} to {}.", offset + 1, offset + shown)
    };
    let link = |rel: &str| {
        links.as_array().and_then(|ls| {
            ls.iter().find(|l| l["rel"] == rel).and_then(|l| l["href"].as_str()).map(|h| h.replace("f=json", "f=html"))
        })
    };
    let (prev, next) = (link("prev"), link("next"));
    let geojson = link("self").map(|h| h.replace("f=html", "f=json"));
    let body = view! {
        <main class="api-main">
            <h1>"Rallies and protests"</h1>
            <p>{summary}</p>
            <table class="api-items">
                <thead><tr><th>"Event"</th><th>"When"</th><th>"Kind"</th><th>"Where"</th></tr></thead>
                <tbody>{events.iter().map(|e| item_row(e, base)).collect_view()}</tbody>
            </table>
            <nav class="pager">
                {prev.map(|h| view! { <a href=h rel="prev">"← Previous page"</a> })}
                {next.map(|h| view! { <a href=h rel="next">"Next page →"</a> })}
            </nav>
            <p>{geojson.map(|h| view! { <a href=h>"This page as GeoJSON"</a> })}</p>
        </main>
    }
    .to_html();
    document("Rallies and protests: events", format!("{}{body}", header_html(base)), base)
}

/// One event as a page: its properties and links to the map and its page.
pub fn item(feature: &str, base: &BasePath) -> String {
    let Some(e) = domain::geojson::read_written(feature) else {
        return document("Event", header_html(base), base);
    };
    let when = human_range(e.dates, e.date_precision == DatePrecision::Approximate);
    let title = e.title.clone();
    let id = e.id.clone();
    let body = view! {
        <main class="api-main">
            <h1 dir="auto">{e.title.clone()}</h1>
            <dl>
                <dt>"Kind"</dt><dd>{kind_label(e.kind)}</dd>
                <dt>"When"</dt><dd>{when}</dd>
                <dt>"Where"</dt><dd dir="auto">{format!("{} ({})", e.location_name, e.country_code)}</dd>
                <dt>"Point (longitude, latitude)"</dt><dd>{format!("{}, {}", e.lon, e.lat)}</dd>
                <dt>"The point stands for"</dt><dd>{e.geo_precision.as_str()}</dd>
                <dt>"Tags"</dt><dd>{e.tags.join(", ")}</dd>
            </dl>
            {(!e.description.is_empty()).then(|| view! { <p dir="auto">{e.description.clone()}</p> })}
            <ul>
                <li><a href=base.join(&format!("/events/{id}"))>"The event's page, with its sources"</a></li>
                <li><a href=base.join(&format!("/?event={id}"))>"On the map"</a></li>
                <li><a href=base.join(&format!("/api/collections/events/items/{id}?f=json"))>"As GeoJSON"</a></li>
                <li><a href=base.join("/api/collections/events/items?f=html")>"All events"</a></li>
            </ul>
        </main>
    }
    .to_html();
    document(&title, format!("{}{body}", header_html(base)), base)
}

/// The OpenAPI definition as a page (`service-doc`): each path with its
/// summary and parameters.
pub fn openapi(doc: &Value, base: &BasePath) -> String {
    /// A path, its summary, and its parameters' names and descriptions.
    type Path = (String, String, Vec<(String, String)>);
    let paths: Vec<Path> = doc["paths"]
        .as_object()
        .map(|p| {
            p.iter()
                .map(|(path, ops)| {
                    let get = &ops["get"];
                    let params = get["parameters"]
                        .as_array()
                        .map(|ps| {
                            ps.iter()
                                .map(|x| {
                                    (
                                        x["name"].as_str().unwrap_or_default().to_owned(),
                                        x["description"].as_str().unwrap_or_default().to_owned(),
                                    )
                                })
                                .collect()
                        })
                        .unwrap_or_default();
                    (path.clone(), get["summary"].as_str().unwrap_or_default().to_owned(), params)
                })
                .collect()
        })
        .unwrap_or_default();
    let body = view! {
        <main class="api-main">
            <h1>"The rallymap API"</h1>
            <p>{doc["info"]["description"].as_str().unwrap_or_default().to_owned()}</p>
            <p><a href=base.join("/api/openapi?f=json")>"The OpenAPI 3.0 definition (JSON)"</a></p>
            {paths.into_iter().map(|(path, summary, params)| view! {
                <section>
                    <h2><code>{format!("GET /api{path}")}</code></h2>
                    <p>{summary}</p>
                    {(!params.is_empty()).then(|| view! {
                        <dl>{params.into_iter().map(|(n, d)| view! { <dt><code>{n}</code></dt><dd>{d}</dd> }).collect_view()}</dl>
                    })}
                </section>
            }).collect_view()}
        </main>
    }
    .to_html();
    document("The rallymap API", format!("{}{body}", header_html(base)), base)
}
