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
        // The map's view of the same filters.
        [
            ("self", "http://rallymap.test/feed.atom?country_code=SE"),
            ("alternate", "http://rallymap.test/?country_code=SE")
        ]
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

/// Runs `scripts/validate-atom.py` (feedparser and RFC 4287's rules, in the
/// test tools' Python environment that `scripts/setup.sh --test` makes) on
/// each feed: its exit code and what it printed, with each file's path
/// replaced by its name in `feeds`.
fn validate(feeds: &[(&str, &[u8])]) -> (i32, String) {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let python = root.join(".tools/venv/bin/python");
    assert!(python.exists(), "no {}: run `bash scripts/setup.sh --test` first", python.display());
    let dir = tempfile::TempDir::new().expect("temp dir");
    let paths: Vec<std::path::PathBuf> = feeds
        .iter()
        .map(|(name, body)| {
            let p = dir.path().join(name);
            std::fs::write(&p, body).expect("feed written");
            p
        })
        .collect();
    let out = std::process::Command::new(python)
        .arg(root.join("scripts/validate-atom.py"))
        .args(&paths)
        .output()
        .expect("the validator runs");
    let mut text = String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    for (p, (name, _)) in paths.iter().zip(feeds) {
        text = text.replace(&p.display().to_string(), name);
    }
    (out.status.code().unwrap_or(-1), text)
}

#[tokio::test]
async fn feeds_of_the_seed_a_filtered_view_and_an_empty_one_are_valid_atom() {
    let app = seeded().await;
    let mut feeds = Vec::new();
    for (name, uri) in [
        ("all.atom", "/feed.atom"),
        ("sweden.atom", "/feed.atom?country_code=SE"),
        ("window.atom", "/feed.atom?datetime=2020-01-19/2020-01-20&bbox=0,50,20,60&kind=rally"),
        ("empty.atom", "/feed.atom?datetime=2030-01-01"),
    ] {
        let a = get(&app, uri).await;
        assert_eq!(a.status.as_u16(), 200, "{uri}");
        feeds.push((name, a.body));
    }
    let named: Vec<(&str, &[u8])> = feeds.iter().map(|(n, b)| (*n, b.as_slice())).collect();
    assert_eq!(
        validate(&named),
        (
            0,
            "all.atom: valid Atom 1.0 (6 entries)\nsweden.atom: valid Atom 1.0 (1 entry)\n\
             window.atom: valid Atom 1.0 (1 entry)\nempty.atom: valid Atom 1.0 (0 entries)\n"
                .to_owned()
        )
    );
}

#[tokio::test]
async fn the_validator_refuses_a_broken_feed() {
    let app = seeded().await;
    let good = String::from_utf8(get(&app, "/feed.atom?country_code=SE").await.body).expect("utf-8");
    // Without the entry's `updated`, with a relative id, and cut short.
    let start = good.find("<entry>").expect("an entry");
    let entry_updated = start + good[start..].find("<updated>").expect("the entry's updated");
    let end = entry_updated + good[entry_updated..].find("</updated>").expect("its end") + "</updated>".len();
    let no_updated = format!("{}{}", &good[..entry_updated], &good[end..]);
    let relative_id = good.replace("<id>http://rallymap.test/events/", "<id>/events/");
    let cut = &good[..good.len() - 10];
    let (code, out) = validate(&[
        ("no-updated.atom", no_updated.as_bytes()),
        ("relative-id.atom", relative_id.as_bytes()),
        ("cut.atom", cut.as_bytes()),
        ("good.atom", good.as_bytes()),
    ]);
    assert_eq!(code, 1, "{out}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "no-updated.atom: entry 1: 0 atom:updated elements, RFC 4287 asks for exactly 1");
    assert_eq!(lines[1], "relative-id.atom: entry 1: atom:id '/events/2020-01-18-stockholm' is not an absolute IRI");
    assert!(lines[2].starts_with("cut.atom: feedparser: "), "{out}");
    assert_eq!(lines.last(), Some(&"good.atom: valid Atom 1.0 (1 entry)"));
}
