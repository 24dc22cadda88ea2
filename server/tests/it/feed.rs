//! `/feed.atom`: the newest events of a view as Atom (RFC 4287).

use atom_syndication::Feed;

use axum::http::Method;

use crate::helpers::{seeded, Answer, TestApp};

fn read(body: &[u8]) -> Feed {
    Feed::read_from(body).expect("an Atom feed that parses")
}

/// A GET as a browser at `http://rallymap.test` sends it.
async fn get(app: &TestApp, uri: &str) -> Answer {
    app.request_with(Method::GET, uri, &[("host", "rallymap.test")]).await
}

#[tokio::test]
async fn a_feed_lists_the_events_of_the_view_with_links_to_their_pages() {
    let app = seeded().await;
    let a = get(&app, "/feed.atom?country_code=se").await;
    assert_eq!(a.status.as_u16(), 200);
    assert_eq!(a.header("content-type"), "application/atom+xml; charset=utf-8");
    let feed = read(&a.body);
    assert_eq!(feed.title.value, "rallymap: reported rallies and protests (country_code SE)");
    assert_eq!(feed.id, "http://rallymap.test/feed.atom?country_code=SE");
    let links: Vec<(&str, &str)> = feed.links.iter().map(|l| (l.rel.as_str(), l.href.as_str())).collect();
    assert_eq!(
        links,
        [("self", "http://rallymap.test/feed.atom?country_code=SE"), ("alternate", "http://rallymap.test/")]
    );
    assert_eq!(feed.authors.len(), 1, "RFC 4287 §4.1.1: a feed without an author in every entry has one");
    let entries: Vec<(&str, &str)> = feed.entries.iter().map(|e| (e.id.as_str(), e.title.value.as_str())).collect();
    assert_eq!(
        entries,
        [(
            "http://rallymap.test/events/2020-01-18-stockholm",
            "MEK supporters rally in Stockholm in solidarity with the protests in Iran"
        )]
    );
    let e = &feed.entries[0];
    assert_eq!(e.links[0].href, "http://rallymap.test/events/2020-01-18-stockholm");
    assert_eq!(e.categories.iter().map(|c| c.term.as_str()).collect::<Vec<_>>()[0], "rally");
    assert!(e.summary.as_ref().expect("a summary").value.starts_with("2020-01-18 — Stockholm"), "{:?}", e.summary);
    assert_eq!(feed.updated, e.updated, "the feed changed when its newest entry did");
}

#[tokio::test]
async fn every_event_of_a_window_newest_change_first_and_a_changed_one_moves_up() {
    let app = seeded().await;
    let ids = |body: &[u8]| {
        read(body).entries.iter().map(|e| e.id.rsplit('/').next().unwrap_or("").to_owned()).collect::<Vec<_>>()
    };
    let all = get(&app, "/feed.atom?datetime=2020-01-01/2020-01-31").await;
    assert_eq!(all.status.as_u16(), 200);
    let before = ids(&all.body);
    assert_eq!(before.len(), 6, "{before:?}");
    assert_eq!(read(&all.body).links[1].href, "http://rallymap.test/?start=2020-01-01&end=2020-01-31");

    // An editor corrects Hamburg: it becomes the newest entry.
    let store = &app.state.store;
    let mut r = store.revision("2020-01-hamburg").await.expect("read").expect("hamburg");
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    r.event.description.push_str(" (corrected)");
    store.update(&r.event, r.status, r.version, "anna").await.expect("saved");
    let after = ids(&get(&app, "/feed.atom?datetime=2020-01-01/2020-01-31").await.body);
    assert_eq!(after[0], "2020-01-hamburg", "{after:?}");
    assert_eq!(after.len(), 6);
}

#[tokio::test]
async fn a_bad_parameter_is_a_problem_that_names_it() {
    let app = seeded().await;
    let a = get(&app, "/feed.atom?kind=riot").await;
    assert_eq!(a.status.as_u16(), 400);
    let p: serde_json::Value = serde_json::from_slice(&a.body).expect("problem details");
    assert_eq!(
        p["detail"],
        "kind: must be one of rally, protest, march, vigil, banner_action, other, strike, sit_in, blockade, \
         boycott, counter_protest, got \"riot\""
    );
    assert_eq!(get(&app, "/feed.atom?limit=5").await.status.as_u16(), 400);
}

#[tokio::test]
async fn the_map_page_links_the_feed_of_its_window() {
    let app = seeded().await;
    let html = String::from_utf8(get(&app, "/?start=2020-01-18&end=2020-01-19").await.body).expect("utf-8");
    assert!(
        html.contains(
            "<link href=\"http://rallymap.test/feed.atom?datetime=2020-01-18/2020-01-19\" rel=\"alternate\" \
             title=\"Rallies and protests, 18–19 January 2020 — rallymap\" type=\"application/atom+xml\">"
        ),
        "{html}"
    );
}
