//! No text from a request, the database or a form reaches a page unescaped
//! (README, "Security"). Every page is rendered twice: once with harmless
//! words in every text field of an event and every text query parameter,
//! once with text that tries to close an element (`</title>`,
//! `</textarea>`, `</script>`, …). Both are parsed with a real HTML5 parser
//! (html5ever, through `scraper`): the element trees must be identical and
//! the hostile text must show literally wherever the harmless words show.

use scraper::{Html, Node};

use domain::event::{EventInput, SourceInput};
use domain::store::Status;

use crate::helpers::TestApp;
use crate::sign_in::{get, pair, post, send, with_editor, OURS};

/// Text that ends a raw-text element, starts a comment or a CDATA end, or
/// adds a redirect, each followed by markup that must stay text.
const BREAKOUTS: [&str; 8] = [
    "</title>",
    "</textarea>",
    "</script>",
    "</style>",
    "</noscript>",
    "<!--",
    "]]>",
    "<meta http-equiv=refresh content=0;url=http://127.0.0.1:9/>",
];

/// Words that need no escaping anywhere but still change under URL
/// encoding (the space), as the hostile text does.
const HARMLESS: &str = "plain words";

fn hostile(breakout: &str) -> String {
    format!("a{breakout}<b id=inj>INJ</b> &amp; z")
}

fn encoded(s: &str) -> String {
    url::form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

/// An event with `text` in every free-text field.
fn event_with(text: &str) -> EventInput {
    EventInput {
        id: "hostile".into(),
        title: text.into(),
        description: format!("{text}\n{text}"),
        kind: "rally".into(),
        date_start: "2020-01-18".into(),
        date_end: "2020-01-20".into(),
        date_precision: "approximate".into(),
        location_name: text.into(),
        country_code: "SE".into(),
        lon: "18.0686".into(),
        lat: "59.3293".into(),
        geo_precision: "city".into(),
        // Free text in every place it shows (names may not hold the ";"
        // of `&amp;`, so they are not one of them).
        claims: text.into(),
        crowd_size_text: text.into(),
        sources: vec![SourceInput { name: text.into(), url: format!("https://example.org/report?q={text}") }],
        ..Default::default()
    }
}

/// The event form's fields as a browser posts them, `text` in each.
fn form_with(text: &str, country: &str) -> String {
    let e = event_with(text);
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("input[title]", e.title.as_str()),
            ("input[description]", &e.description),
            ("input[kind]", "rally"),
            ("input[date_start]", "2020-01-18"),
            ("input[date_end]", "2020-01-20"),
            ("input[date_precision]", "approximate"),
            ("input[location_name]", &e.location_name),
            ("input[country_code]", country),
            ("input[lon]", text),
            ("input[lat]", "59.3293"),
            ("input[geo_precision]", "city"),
            ("input[claims]", &e.claims),
            ("input[crowd_size_text]", &e.crowd_size_text),
            ("input[sources][0][name]", &e.sources[0].name),
            ("input[sources][0][url]", &e.sources[0].url),
            ("status", "draft"),
        ])
        .finish()
}

/// A reader's report as the form posts it, `text` in every free-text field
/// and as the latitude (refused: it quotes it), its country refused too.
fn report_with(app: &TestApp, text: &str) -> String {
    let started = app.state.report_keys.stamp(time::OffsetDateTime::now_utc().unix_timestamp() - 10);
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([
            ("title", text),
            ("description", text),
            ("kind", "vigil"),
            ("location_name", text),
            ("country_code", "XX"),
            ("lat", text),
            ("lon", "18.07"),
            ("date_start", "2024-03-01"),
            ("source_url", "https://example.org/"),
            ("crowd_size_text", text),
            ("contact_email", text),
            ("started", &started),
        ])
        .finish()
}

/// Every page, as `(name, html)`, with `text` in the event and in every
/// text parameter.
async fn pages_with(text: &str) -> Vec<(String, String)> {
    let app = with_editor().await;
    let cookie = pair(&post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await.cookie);
    let event = event_with(text).validate_with_id().expect("the test event is valid");
    let store = &app.state.store;
    store.create(&event, Status::Published, "anna").await.expect("created");
    // A second version, so that the history shows the first one in full.
    store.update(&event, Status::Published, 1, "anna").await.expect("updated");

    let t = encoded(text);
    let mut pages = Vec::new();
    let public = [
        "/".to_owned(),
        format!("/?start={t}&end={t}&lat={t}&lon={t}&z={t}&event={t}"),
        "/?event=hostile".to_owned(),
        "/embed".to_owned(),
        format!("/embed?title={t}"),
        format!("/embed?title={t}&list=0&slider=0"),
        format!("/embed?title={t}&lock=1&start=2020-01-18&end=2020-01-20"),
        format!("/embed?slider={t}&list={t}&lock={t}&event=hostile"),
        "/events/hostile".to_owned(),
        format!("/events/{t}"),
        // In Persian, whose messages put the event's text inside their own;
        // and a language parameter that is no language.
        "/events/hostile?lang=fa".to_owned(),
        format!("/embed?lang=fa&title={t}"),
        format!("/embed?lang={t}&title={t}"),
        format!("/?lang={t}&start=2020-01-18"),
        // Filters and a search from the address: chips, the panel, the
        // feed link in the head, the pager links and the share dialog.
        // (Not `tags`, lower-cased, nor `q`, which a text of more than 16
        // words is not: they would show as other text, or not at all. Their
        // chips are made as these are.)
        format!("/?admin1={t}&actor={t}&dataset={t}&kind=rally"),
        format!("/embed?admin1={t}&title={t}&filters=0"),
        "/login".to_owned(),
        // Readers' reports: the form, and what follows it.
        "/report".to_owned(),
        "/report?lang=fa".to_owned(),
        format!("/report/received?ref={t}&already={t}"),
        // The API's HTML pages, whose document shell is not a Leptos page.
        "/api/collections/events/items?f=html".to_owned(),
        "/api/collections/events/items/hostile?f=html".to_owned(),
        format!("/api/collections/events/items?f=html&tags={t}&country_code=se"),
    ];
    for path in public {
        pages.push((path.clone(), get(&app, &path, None).await.body));
    }
    // A refused report comes back as the form with what was typed and each
    // field's sentence (one quotes the text), in English and in Persian.
    for language in ["en", "fa"] {
        let req = axum::http::Request::post("/report")
            .header(axum::http::header::ACCEPT, "text/html")
            .header(axum::http::header::ACCEPT_LANGUAGE, language);
        let r = send(&app, req, &report_with(&app, text), OURS, None).await;
        assert_eq!(r.status, 400, "{}", r.body);
        pages.push((format!("refused report in {language}"), r.body));
    }
    let refused_sign_in = post(&app, "/_fn/sign_in", &format!("name={t}&password={t}"), OURS, None).await;
    pages.push(("sign-in refusal".into(), get_location(&app, &refused_sign_in.location, None).await));

    // Readers' reports in the editors' queue: one open, one rejected with
    // `text` as the reason.
    let mut references = Vec::new();
    for (title_end, lat) in [("", "55.6"), (" again", "56.6")] {
        let title = format!("{text}{title_end}");
        let started = app.state.report_keys.stamp(time::OffsetDateTime::now_utc().unix_timestamp() - 10);
        let body = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs([
                ("title", title.as_str()),
                ("description", text),
                ("kind", "vigil"),
                ("location_name", text),
                ("country_code", "SE"),
                ("lat", lat),
                ("lon", "13.0"),
                ("date_start", "2024-03-01"),
                ("source_url", "https://example.org/"),
                ("crowd_size_text", text),
                ("started", &started),
            ])
            .finish();
        let r = send(&app, axum::http::Request::post("/report"), &body, OURS, None).await;
        assert_eq!(r.status, 303, "{}", r.body);
        references.push(r.location.split("ref=").nth(1).unwrap_or("").to_owned());
    }
    let reject = url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs([("reference", references[1].as_str()), ("reason", text)])
        .finish();
    let rejected = send(
        &app,
        axum::http::Request::post("/_fn/reject_report").header(axum::http::header::ACCEPT, "application/json"),
        &reject,
        OURS,
        Some(&cookie),
    )
    .await;
    assert_eq!(rejected.status, 200, "{}", rejected.body);

    let editor = [
        "/editor/reports".to_owned(),
        "/editor/reports?lang=fa".to_owned(),
        "/editor/reports?status=rejected".to_owned(),
        format!("/editor/reports?status={t}"),
        format!("/editor/new?report={}", references[0]),
        "/editor".to_owned(),
        format!("/editor?q={t}&show={t}"),
        "/editor/new".to_owned(),
        "/editor/events/hostile".to_owned(),
        format!("/editor/events/hostile?saved={t}"),
        "/editor/events/hostile/history".to_owned(),
        // In Persian, whose messages put the event's text, the search and
        // the refused values inside their own (isolated in right-to-left).
        format!("/editor?lang=fa&q={t}&show={t}"),
        "/editor/events/hostile?lang=fa".to_owned(),
        "/editor/events/hostile/history?lang=fa".to_owned(),
    ];
    for path in editor {
        pages.push((path.clone(), get(&app, &path, Some(&cookie)).await.body));
    }
    // The refused form's round trip without JavaScript: the redirect back
    // carries everything typed (Leptos's `__err`), and the form shows it,
    // with every refusal's sentence; in English and in Persian.
    let in_persian = format!("{cookie}; lang=fa");
    for (cookie, language) in [(&cookie, ""), (&in_persian, " in Persian")] {
        for referer in ["http://rallymap.test/editor/new", "http://rallymap.test/editor/events/hostile"] {
            let req = axum::http::Request::post("/_fn/save_event")
                .header(axum::http::header::ACCEPT, "text/html")
                .header(axum::http::header::REFERER, referer);
            let r = send(&app, req, &form_with(text, "XX"), OURS, Some(cookie)).await;
            assert_eq!(r.status, 302, "{referer}: {}", r.body);
            let page = get_location(&app, &r.location, Some(cookie)).await;
            pages.push((format!("refused form from {referer}{language}"), page));
        }
    }
    pages
}

async fn get_location(app: &TestApp, location: &str, cookie: Option<&str>) -> String {
    let path = location.strip_prefix("http://rallymap.test").unwrap_or(location);
    get(app, path, cookie).await.body
}

/// Every element in document order as `depth tag attribute-names`.
fn skeleton(doc: &Html) -> Vec<String> {
    doc.tree
        .root()
        .descendants()
        .filter_map(|n| {
            let Node::Element(e) = n.value() else { return None };
            let mut names: Vec<&str> = e.attrs().map(|(k, _)| k).collect();
            names.sort_unstable();
            Some(format!("{} {} [{}]", n.ancestors().count(), e.name(), names.join(" ")))
        })
        .collect()
}

/// How many text nodes (outside scripts) and attribute values hold `needle`.
fn occurrences(doc: &Html, needle: &str) -> (usize, usize) {
    let mut texts = 0;
    let mut attributes = 0;
    for n in doc.tree.root().descendants() {
        match n.value() {
            Node::Text(t) => {
                let in_script =
                    n.parent().and_then(|p| p.value().as_element().map(|e| e.name() == "script")).unwrap_or(false);
                if !in_script && t.contains(needle) {
                    texts += 1;
                }
            }
            Node::Element(e) => attributes += e.attrs().filter(|(_, v)| v.contains(needle)).count(),
            _ => {}
        }
    }
    (texts, attributes)
}

#[tokio::test]
async fn hostile_text_in_every_field_and_parameter_changes_no_page_structure() {
    let harmless = pages_with(HARMLESS).await;
    let mut checked = 0;
    for breakout in BREAKOUTS {
        let text = hostile(breakout);
        let pages = pages_with(&text).await;
        assert_eq!(pages.len(), harmless.len());
        for ((name, html), (_, reference)) in pages.iter().zip(&harmless) {
            let (doc, reference) = (Html::parse_document(html), Html::parse_document(reference));
            assert_eq!(skeleton(&doc), skeleton(&reference), "{breakout:?} changes the elements of {name}");
            assert_eq!(
                occurrences(&doc, &text),
                occurrences(&reference, HARMLESS),
                "{breakout:?}: the text does not show literally wherever harmless text shows on {name}"
            );
            checked += 1;
        }
    }
    assert_eq!(checked, BREAKOUTS.len() * 44);
}

#[tokio::test]
async fn titles_and_textareas_hold_hostile_text_as_text() {
    let text = hostile("</title>");
    let pages = pages_with(&text).await;
    let page = |name: &str| Html::parse_document(&pages.iter().find(|(n, _)| n == name).expect(name).1);
    let title = |doc: &Html| {
        doc.select(&scraper::Selector::parse("head > title").expect("css"))
            .map(|t| t.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    assert_eq!(title(&page(&format!("/embed?title={}", encoded(&text)))), vec![text.clone()]);
    assert_eq!(title(&page(&format!("/embed?lang=fa&title={}", encoded(&text)))), vec![text.clone()]);
    assert_eq!(title(&page("/events/hostile")), [format!("{text} — rallymap")]);
    assert_eq!(title(&page("/events/hostile?lang=fa")), [format!("{text} — rallymap")]);
    assert_eq!(title(&page("/editor/events/hostile")), [format!("Edit “{text}” — rallymap editor")]);
    assert_eq!(title(&page("/editor/events/hostile/history")), [format!("History of “{text}” — rallymap editor")]);
    assert_eq!(title(&page("refused form from http://rallymap.test/editor/new")), ["New event — rallymap editor"]);
    assert_eq!(title(&page("/editor/events/hostile?lang=fa")), [format!("ویرایش «{text}» — ویرایشگر rallymap")]);
    assert_eq!(
        title(&page("/editor/events/hostile/history?lang=fa")),
        [format!("تاریخچهٔ «{text}» — ویرایشگر rallymap")]
    );
    assert_eq!(
        title(&page("refused form from http://rallymap.test/editor/new in Persian")),
        ["رویداد تازه — ویرایشگر rallymap"]
    );
    assert_eq!(title(&page("/api/collections/events/items/hostile?f=html")), vec![text.clone()]);
    let report = page("refused report in en");
    let description = scraper::Selector::parse("textarea#r-description").expect("css");
    assert_eq!(
        report.select(&description).map(|t| t.text().collect::<String>()).collect::<Vec<_>>(),
        vec![text.clone()]
    );
    assert_eq!(title(&report), ["Report an event — rallymap"]);

    let textarea = |doc: &Html| {
        doc.select(&scraper::Selector::parse("textarea#f-description").expect("css"))
            .map(|t| t.text().collect::<String>())
            .collect::<Vec<_>>()
    };
    let typed = format!("{text}\n{text}");
    assert_eq!(textarea(&page("/editor/events/hostile")), vec![typed.clone()]);
    assert_eq!(textarea(&page("refused form from http://rallymap.test/editor/new")), vec![typed.clone()]);
    assert_eq!(textarea(&page("refused form from http://rallymap.test/editor/events/hostile")), [typed]);
    for (name, html) in &pages {
        assert_eq!(
            Html::parse_document(html)
                .select(&scraper::Selector::parse("#inj, meta[http-equiv]").expect("css"))
                .count(),
            0,
            "{name}"
        );
    }
}
