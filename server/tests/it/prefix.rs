//! Behind a proxy, under a path: with `RALLYMAP_PUBLIC_URL` naming a path
//! (`http://127.0.0.1:8089/rallies`), the proxy strips it and the app keeps
//! answering at `/`, but every URL it writes carries it.

use axum::http::Method;
use scraper::{Html, Selector};

use crate::helpers::{data_dir, with_config, TestApp};
use crate::sign_in::{get, pair, post};

const ORIGIN: &str = "http://127.0.0.1:8089";
const PUBLIC: &str = "http://127.0.0.1:8089/rallies";
const EVENT: &str = "2020-01-hamburg";

async fn prefixed() -> TestApp {
    let app = with_config(data_dir(), |c| c.public_url = Some(PUBLIC.parse().expect("a URL"))).await;
    let store = server::store::open(&app.state.config.database_url).await.expect("open");
    store.accounts().add("anna", "correct horse battery").await.expect("add");
    app
}

/// Every `href`, `src`, `action` and `content` URL of `html` that points
/// into this site (root-relative, or absolute on [`ORIGIN`]) but not under
/// `/rallies/`; also any inline script that loads from outside it.
fn outside_the_prefix(html: &str) -> Vec<String> {
    let doc = Html::parse_document(html);
    let all = Selector::parse("*").expect("selector");
    let mut bad = Vec::new();
    for el in doc.select(&all) {
        for (name, value) in el.value().attrs() {
            if !matches!(name, "href" | "src" | "action" | "content" | "srcset" | "formaction" | "data") {
                continue;
            }
            let path = if let Some(rest) = value.strip_prefix(ORIGIN) {
                rest
            } else if value.starts_with('/') && !value.starts_with("//") {
                value
            } else {
                continue;
            };
            if !(path == "/rallies" || path.starts_with("/rallies/") || path.starts_with("/rallies?")) {
                bad.push(format!("<{} {name}=\"{value}\">", el.value().name()));
            }
        }
    }
    let scripts = Selector::parse("script").expect("selector");
    for s in doc.select(&scripts) {
        let text: String = s.text().collect();
        // The hydration script's call: (root, pkg_path, …).
        if text.contains("pkg_path") && !text.contains("(\"/rallies\", \"pkg\"") {
            bad.push(format!("hydration script without the prefix: {}", &text[text.len().saturating_sub(120)..]));
        }
    }
    bad
}

#[tokio::test]
async fn every_page_writes_its_urls_under_the_path_of_the_public_url() {
    let app = prefixed().await;
    let signed_in = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", Some(ORIGIN), None).await;
    assert_eq!(signed_in.location, "/rallies/editor", "the sign-in's redirect: {}", signed_in.body);
    assert!(
        signed_in.cookie.contains("; Path=/rallies; HttpOnly"),
        "only the site's path gets the session: {}",
        signed_in.cookie
    );
    let lang = app.get("/login?lang=fa").await.header("set-cookie");
    assert!(lang.contains("; Path=/rallies; "), "the language cookie too: {lang}");
    let token = pair(&signed_in.cookie);
    let editor = Some(token.as_str());
    let pages = [
        ("/".to_owned(), None),
        ("/?start=2020-01-18&end=2020-01-19&page=1".to_owned(), None),
        ("/embed?list=0".to_owned(), None),
        ("/embed?report=1".to_owned(), None),
        ("/report".to_owned(), None),
        (format!("/events/{EVENT}"), None),
        ("/login".to_owned(), None),
        ("/editor".to_owned(), editor),
        ("/editor/new".to_owned(), editor),
        (format!("/editor/events/{EVENT}"), editor),
        (format!("/editor/events/{EVENT}/history"), editor),
    ];
    for (page, cookie) in pages {
        let r = get(&app, &page, cookie).await;
        assert_eq!(r.status, 200, "{page}");
        let bad = outside_the_prefix(&r.body);
        assert!(bad.is_empty(), "{page} writes URLs outside /rallies/:\n{}", bad.join("\n"));
        assert!(
            r.body.contains("<meta name=\"rallymap-base\" content=\"/rallies\""),
            "{page} tells the browser its path"
        );
    }
    // The API's own pages (OGC API – Features, HTML) link under it too.
    for page in [
        "/api?f=html".to_owned(),
        "/api/collections?f=html".to_owned(),
        "/api/collections/events?f=html".to_owned(),
        "/api/collections/events/items?f=html&limit=2".to_owned(),
        format!("/api/collections/events/items/{EVENT}?f=html"),
        "/api/openapi?f=html".to_owned(),
    ] {
        let r = get(&app, &page, None).await;
        assert_eq!(r.status, 200, "{page}");
        let bad = outside_the_prefix(&r.body);
        assert!(bad.is_empty(), "{page} writes URLs outside /rallies/:\n{}", bad.join("\n"));
    }
    // A page that does not exist still links back into the site.
    let missing = get(&app, "/no-such-page", None).await;
    assert_eq!(missing.status, 404);
    let bad = outside_the_prefix(&missing.body);
    assert!(bad.is_empty(), "the 404 page writes URLs outside /rallies/:\n{}", bad.join("\n"));
    assert!(missing.body.contains("href=\"/rallies/\""), "{}", missing.body);
    // The hydration script, the stylesheet and the event links, named.
    let home = get(&app, "/", None).await.body;
    for needle in
        ["href=\"/rallies/rallymap.css\"", "src=\"/rallies/vendor/leaflet/leaflet.js\"", "href=\"/rallies/events/"]
    {
        assert!(home.contains(needle), "{needle}");
    }
    let login = get(&app, "/login", None).await.body;
    assert!(login.contains("action=\"/rallies/_fn/sign_in\""), "the sign-in form posts under the prefix");
}

#[tokio::test]
async fn redirects_stay_under_the_prefix() {
    let app = prefixed().await;
    let r = get(&app, "/editor", None).await;
    assert_eq!((r.status, r.location.as_str()), (302, "/rallies/login"));
    let a = app.get("/api/events/?limit=1").await;
    assert_eq!(a.status.as_u16(), 308);
    assert_eq!(a.header("location"), "/rallies/api/events?limit=1");
}

#[tokio::test]
async fn oembed_answers_for_the_prefixed_urls_its_discovery_link_names() {
    let app = prefixed().await;
    let encode = |u: &str| url::form_urlencoded::byte_serialize(u.as_bytes()).collect::<String>();
    for page in [
        format!("{PUBLIC}/events/{EVENT}"),
        format!("{PUBLIC}/?start=2020-01-18&end=2020-01-19"),
        format!("{PUBLIC}/"),
        PUBLIC.to_owned(),
        format!("{PUBLIC}/embed?list=0"),
    ] {
        let a = app.get(&format!("/oembed?url={}", encode(&page))).await;
        assert_eq!(a.status.as_u16(), 200, "{page}: {}", a.text());
        let html = a.json()["html"].as_str().expect("html").to_owned();
        assert!(html.contains(&format!("src=\"{PUBLIC}/embed")), "{page}: {html}");
        assert_eq!(a.json()["provider_url"], format!("{PUBLIC}/"));
    }
    // The discovery link of a page names the prefixed page, and oEmbed knows it.
    let home = get(&app, &format!("/events/{EVENT}"), None).await.body;
    let doc = Html::parse_document(&home);
    let link = Selector::parse("link[type=\"application/json+oembed\"]").expect("selector");
    let href = doc.select(&link).next().and_then(|l| l.value().attr("href")).expect("a discovery link").to_owned();
    let path = href.strip_prefix(ORIGIN).expect("on our origin");
    assert!(path.starts_with("/rallies/oembed?"), "{href}");
    let a = app.get(path.strip_prefix("/rallies").expect("prefixed")).await;
    assert_eq!(a.status.as_u16(), 200, "{href}: {}", a.text());
    // Outside the prefix is not a page of ours.
    for page in [format!("{ORIGIN}/events/{EVENT}"), format!("{ORIGIN}/"), format!("{ORIGIN}/ralliesx/")] {
        let a = app.get(&format!("/oembed?url={}", encode(&page))).await;
        assert_eq!(a.status.as_u16(), 404, "{page}");
    }
}

#[tokio::test]
async fn the_feed_links_carry_the_prefix() {
    let app = prefixed().await;
    let a = app.request(Method::GET, "/feed.atom?datetime=2020-01-01/2020-01-31").await;
    assert_eq!(a.status.as_u16(), 200);
    let feed = atom_syndication::Feed::read_from(&a.body[..]).expect("Atom");
    assert!(feed.id.starts_with(&format!("{PUBLIC}/feed.atom")), "{}", feed.id);
    let mut links: Vec<String> = feed.links.iter().map(|l| l.href.clone()).collect();
    for e in &feed.entries {
        links.extend(e.links.iter().map(|l| l.href.clone()));
        assert!(e.id.starts_with(PUBLIC), "{}", e.id);
    }
    assert!(links.len() > 3);
    for l in links {
        assert!(l.starts_with(&format!("{PUBLIC}/")), "{l}");
    }
}
