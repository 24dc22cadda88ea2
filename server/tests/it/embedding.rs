//! Embedding: framing headers per route class, the CSP nonce, oEmbed, CORS.

use axum::http::Method;
use serde_json::json;

use crate::helpers::{data_dir, seeded, with_config};

fn frame_ancestors(csp: &str) -> String {
    csp.split(';').map(str::trim).find_map(|d| d.strip_prefix("frame-ancestors ")).unwrap_or("").to_owned()
}

#[tokio::test]
async fn framing_rules_by_route_class_by_default() {
    let app = seeded().await;
    let embed = app.get("/embed").await;
    assert_eq!(embed.status.as_u16(), 200);
    assert_eq!(frame_ancestors(&embed.header("content-security-policy")), "*");
    assert_eq!(embed.header("x-frame-options"), "", "/embed never sends X-Frame-Options");
    for page in ["/", "/events/2020-01-hamburg", "/api/events"] {
        let a = app.get(page).await;
        assert_eq!(frame_ancestors(&a.header("content-security-policy")), "'self'", "{page}");
        assert_eq!(a.header("x-frame-options"), "SAMEORIGIN", "{page}");
    }
    for page in ["/editor", "/editor/new", "/editor/events/x", "/editor/events/x/history", "/login"] {
        let a = app.get(page).await;
        assert_eq!(frame_ancestors(&a.header("content-security-policy")), "'none'", "{page}");
        assert_eq!(a.header("x-frame-options"), "DENY", "{page}");
    }
}

/// The links of class `class` in `html`: `(href, target, text)`.
fn links(html: &str, class: &str) -> Vec<(String, String, String)> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse(&format!("a.{class}")).expect("selector");
    doc.select(&sel)
        .map(|a| {
            let attr = |n| a.value().attr(n).unwrap_or("").to_owned();
            (attr("href"), attr("target"), a.text().collect())
        })
        .collect()
}

#[tokio::test]
async fn the_embed_links_to_the_report_form_only_when_asked() {
    let app = seeded().await;
    assert_eq!(links(&app.get("/embed").await.text(), "embed-report"), vec![], "off by default");
    assert_eq!(links(&app.get("/embed?report=0&list=0").await.text(), "embed-report"), vec![]);
    let link = |href: &str, text: &str| vec![(href.to_owned(), "_blank".to_owned(), text.to_owned())];
    let with = app.get("/embed?report=1").await.text();
    assert_eq!(links(&with, "embed-report"), link("/report", "Report an event ↗"));
    // In the embed's language.
    let fa = app.get("/embed?report=1&lang=fa").await.text();
    assert_eq!(links(&fa, "embed-report"), link("/report?lang=fa", "گزارش یک رویداد ↖"));
}

#[tokio::test]
async fn the_embed_allow_list_setting() {
    let app = with_config(data_dir(), |c| c.embed_ancestors = "https://news.example https://blog.example".into()).await;
    let csp = app.get("/embed?list=0").await.header("content-security-policy");
    assert_eq!(frame_ancestors(&csp), "https://news.example https://blog.example");
    assert_eq!(frame_ancestors(&app.get("/").await.header("content-security-policy")), "'self'");
}

#[tokio::test]
async fn only_our_own_scripts_run_and_inline_ones_carry_the_nonce() {
    let app = seeded().await;
    let a = app.get("/").await;
    let csp = a.header("content-security-policy");
    let nonce = csp
        .split(';')
        .map(str::trim)
        .find_map(|d| d.strip_prefix("script-src "))
        .and_then(|d| d.split(' ').find_map(|s| s.strip_prefix("'nonce-")))
        .map(|s| s.trim_end_matches('\'').to_owned())
        .expect("a nonce in script-src");
    assert!(nonce.len() >= 16, "{nonce}");
    assert!(csp.contains("script-src 'self' 'nonce-"), "{csp}");
    let html = a.text();
    let inline_scripts = html.matches("<script").count() - html.matches("<script src=").count();
    assert!(inline_scripts >= 1);
    assert_eq!(
        html.matches(&format!("nonce=\"{nonce}\"")).count(),
        inline_scripts,
        "every inline script has the nonce"
    );
    // A new nonce per response.
    assert_ne!(app.get("/").await.header("content-security-policy"), csp);
}

#[tokio::test]
async fn oembed_for_a_map_url() {
    let app = seeded().await;
    let url = "http%3A%2F%2Frallymap.test%2F%3Fstart%3D2020-01-18%26end%3D2020-01-19%26event%3D2020-01-hamburg";
    let a =
        app.request_with(Method::GET, &format!("/oembed?url={url}&format=json"), &[("host", "rallymap.test")]).await;
    assert_eq!(a.status.as_u16(), 200, "{}", a.text());
    assert_eq!(a.content_type, "application/json");
    assert_eq!(
        a.json(),
        json!({
            "version": "1.0",
            "type": "rich",
            "provider_name": "rallymap",
            "provider_url": "http://rallymap.test/",
            "title": "rallymap: reported rallies and protests",
            "html": "<iframe src=\"http://rallymap.test/embed?start=2020-01-18&amp;end=2020-01-19&amp;event=2020-01-hamburg\" width=\"640\" height=\"480\" style=\"border:0\" loading=\"lazy\" title=\"rallymap: reported rallies and protests\"></iframe>",
            "width": 640,
            "height": 480
        })
    );
}

#[tokio::test]
async fn oembed_keeps_the_map_s_ratio_within_maxwidth_and_maxheight_and_follows_the_public_url() {
    let app = with_config(data_dir(), |c| c.public_url = Some("https://map.example.org".parse().expect("url"))).await;
    let url = "https%3A%2F%2Fmap.example.org%2Fevents%2F2020-01-18-stockholm";
    let size = |q: &str| {
        let q = q.to_owned();
        let app = &app;
        async move {
            let j = app.get(&format!("/oembed?url={url}{q}")).await.json();
            (j["width"].as_u64().expect("width"), j["height"].as_u64().expect("height"))
        }
    };
    // The map is 4:3 (640 × 480); every answer keeps 4:3 inside both limits.
    assert_eq!(size("&maxwidth=400").await, (400, 300));
    assert_eq!(size("&maxheight=200").await, (266, 200));
    assert_eq!(size("&maxwidth=400&maxheight=200").await, (266, 200));
    assert_eq!(size("&maxwidth=4000").await, (640, 480));
    let a = app.get(&format!("/oembed?url={url}&maxwidth=400&maxheight=200")).await;
    assert_eq!(a.status.as_u16(), 200, "{}", a.text());
    let j = a.json();
    // An event's page embeds under the event's own title.
    let title = "MEK supporters rally in Stockholm in solidarity with the protests in Iran";
    assert_eq!(j["title"], title);
    assert_eq!(
        j["html"],
        format!(
            "<iframe src=\"https://map.example.org/embed?event=2020-01-18-stockholm\" width=\"266\" height=\"200\" \
             style=\"border:0\" loading=\"lazy\" title=\"{title}\"></iframe>"
        )
    );
}

#[tokio::test]
async fn oembed_refuses_foreign_urls_xml_and_bad_sizes() {
    let app = seeded().await;
    let host = [("host", "rallymap.test")];
    let foreign = app.request_with(Method::GET, "/oembed?url=https%3A%2F%2Fevil.example%2F", &host).await;
    assert_eq!(foreign.status.as_u16(), 404);
    assert_eq!(foreign.json()["detail"], "\"https://evil.example/\" is not a map page of this site");
    let unknown = app.request_with(Method::GET, "/oembed?url=http%3A%2F%2Frallymap.test%2Fevents%2Fnope", &host).await;
    assert_eq!(unknown.status.as_u16(), 404);
    let api = app.request_with(Method::GET, "/oembed?url=http%3A%2F%2Frallymap.test%2Fapi%2Fevents", &host).await;
    assert_eq!(api.status.as_u16(), 404);
    let xml = app.request_with(Method::GET, "/oembed?url=http%3A%2F%2Frallymap.test%2F&format=xml", &host).await;
    assert_eq!(xml.status.as_u16(), 501);
    assert_eq!(xml.json()["detail"], "format xml is not implemented; use format=json");
    let bad = app.request_with(Method::GET, "/oembed?url=http%3A%2F%2Frallymap.test%2F&maxwidth=-5", &host).await;
    assert_eq!(bad.status.as_u16(), 400);
    assert_eq!(bad.json()["detail"], "maxwidth: must be a positive whole number of pixels, got \"-5\"");
    let missing = app.get("/oembed").await;
    assert_eq!(missing.status.as_u16(), 400);
    assert_eq!(missing.json()["detail"], "url: is required");
}

#[tokio::test]
async fn map_pages_carry_oembed_discovery() {
    let app = seeded().await;
    let html = app.request_with(Method::GET, "/?start=2020-01-18", &[("host", "rallymap.test")]).await.text();
    assert!(
        html.contains("<link rel=\"alternate\" type=\"application/json+oembed\" href=\"http://rallymap.test/oembed?format=json&amp;url=http%3A%2F%2Frallymap.test%2F%3Fstart%3D2020-01-18\" title=\"rallymap\">"),
        "{html}"
    );
}

#[tokio::test]
async fn cors_lets_other_sites_read_the_api_only() {
    let app = seeded().await;
    let origin = [("origin", "https://news.example")];
    for path in ["/api/events", "/api/events/2020-01-hamburg"] {
        let a = app.request_with(Method::GET, path, &origin).await;
        assert_eq!(a.header("access-control-allow-origin"), "*", "{path}");
    }
    assert_eq!(app.request_with(Method::GET, "/", &origin).await.header("access-control-allow-origin"), "");
    assert_eq!(app.request_with(Method::GET, "/oembed?url=x", &origin).await.header("access-control-allow-origin"), "");
    let preflight = app
        .request_with(
            Method::OPTIONS,
            "/api/events",
            &[("origin", "https://news.example"), ("access-control-request-method", "POST")],
        )
        .await;
    assert!(
        !preflight.header("access-control-allow-methods").contains("POST"),
        "{}",
        preflight.header("access-control-allow-methods")
    );
}

#[tokio::test]
async fn the_embed_page_reads_without_javascript_and_has_no_editor_links() {
    let app = seeded().await;
    let html = app.get("/embed?start=2020-01-19&end=2020-01-20&title=Rallies%20in%20Europe&slider=0").await.text();
    assert!(html.contains("<h1 dir=\"auto\" class=\"embed-title\">Rallies in Europe"), "{html}");
    assert!(html.contains("href=\"/events/2020-01-hamburg\" target=\"_blank\""));
    assert!(!html.contains("data-id=\"2020-01-18-stockholm\""), "outside the window, not listed");
    assert!(html.contains("data-id=\"2020-01-hamburg\""));
    assert!(!html.contains("class=\"timeline\""), "slider hidden");
    assert!(!html.contains("/editor"));
}
