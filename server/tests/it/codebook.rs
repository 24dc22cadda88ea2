//! What protest research codes (issue 23; README, "The data"): an ACLED
//! export and a Crowd Counting Consortium file carrying every column go in
//! with no choices and come back out of the CSV export exactly; a newer
//! ACLED export keeps the dataset in step.

use std::path::PathBuf;

use server::cli::ImportArgs;

use crate::helpers::cli::{args, coded, db, run};
use crate::helpers::{with_config, TestApp};

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

async fn empty_app() -> TestApp {
    with_config(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/empty"), |_| {}).await
}

/// Each stored event's id, kind and place precision.
async fn kinds(app: &TestApp) -> Vec<String> {
    let store = server::store::open(&db(app)).await.expect("open");
    let mut all = store.list_for_editors().await.expect("list");
    all.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    all.iter().map(|r| format!("{} {} {}", r.event.id, r.event.kind, r.event.geo_precision)).collect()
}

/// The ACLED export as its four rows say: the sub-event type is what
/// happened; actor1 and assoc_actor_1 the participants; admin1 and admin2
/// the areas; the crowd tag's phrase, and numbers only where it states
/// them ("hundreds" and "no report" give none); fatalities as ACLED codes
/// them (0 is its zero); the timestamp as the upstream time.
const ACLED_CODED: [&str; 4] = [
    "irn2001 | peaceful | Tehran / Tehran | online - | org [] | part [Protesters (Iran); Retirees (Iran); Labor \
     Group (Iran)] | claims - | crowd around 3,000 3000..3000 - | est [] | - - 0 - | ACLED IRN2001 \
     2025-02-11T18:00:00Z",
    "irn2002 | intervention | Isfahan / Isfahan | online - | org [] | part [Protesters (Iran); Students (Iran)] | \
     claims - | crowd between 200 and 300 200..300 - | est [] | - - 0 - | ACLED IRN2002 2025-02-11T18:00:00Z",
    "irn2003 | excessive_force | Sistan and Baluchestan / Zahedan | online - | org [] | part [Protesters (Iran)] | \
     claims - | crowd hundreds -..- - | est [] | - - 2 - | ACLED IRN2003 2025-02-12T18:00:00Z",
    "irn2004 | violent | Razavi Khorasan / Mashhad | online - | org [] | part [Rioters (Iran)] | claims - | crowd \
     - -..- - | est [] | - - 0 - | ACLED IRN2004 2025-02-13T18:00:00Z",
];

#[tokio::test]
async fn an_acled_export_keeps_every_coded_column() {
    let app = empty_app().await;
    let (code, out, err) = run(&app, &args(&[&fixture("acled-iran-2025-02.csv")])).await;
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "acled-iran-2025-02.csv: ACLED export (CSV separated by \",\"), 4 records, 4 valid, 0 refused\n\
             Stored 4 new and 0 updated events as drafts.\n",
            ""
        )
    );
    assert_eq!(coded(&app).await, ACLED_CODED);
    // A riot that was a violent demonstration is a protest that turned violent.
    assert_eq!(
        kinds(&app).await,
        ["irn2001 protest site", "irn2002 protest city", "irn2003 protest city", "irn2004 protest city"]
    );
}

#[tokio::test]
async fn a_ccc_file_keeps_every_coded_column() {
    let app = empty_app().await;
    let a = ImportArgs { country: Some("US".into()), ..args(&[&fixture("ccc-codebook.csv")]) };
    let (code, out, err) = run(&app, &a).await;
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            "ccc-codebook.csv: Crowd Counting Consortium file (CSV separated by \",\"), 3 records, 3 valid, 0 \
             refused\n  \
             note: records without an id: 3; each got one made from its date, title and content, so that importing \
             them again finds them\n  \
             note: geo_precision: 3 records without one got \"city\", the default given\n  \
             note: country_code: 3 records without one got US, the default given\n  \
             note: property_damage: 1 record described the damage in words; each got yes, and the words were not \
             kept\n\
             Stored 3 new and 0 updated events as drafts.\n",
            ""
        )
    );
    // `state` and `locality` are the areas; `organizations` and
    // `participants` the names; `size_text` stays a phrase (no convention
    // chosen) and `size_low`/`size_high` are numbers; arrests 0 is zero,
    // an empty cell not reported; a description of damage is yes, `0` no.
    assert_eq!(
        coded(&app).await,
        [
            "2024-04-25-sit-in-on-the-south-mall-0ca7092e | - | TX / Austin | online false | org [Palestine \
             Solidarity Committee] | part [students; faculty] | claims for divestment from weapons makers; against \
             the war in Gaza | crowd hundreds -..- - | est [] | 57 2 - - | CCC - -",
            "2024-05-01-counter-protesters-attack-encampment-07e87456 | - | CA / Los Angeles | online false | org [] \
             | part [counter-protesters] | claims against the encampment | crowd dozens -..- - | est [] | 0 15 - true \
             | CCC - -",
            "2024-05-03-online-teach-in-on-divestment-f25eda5c | - | - / - | online true | org [Jewish Voice for \
             Peace] | part [] | claims for divestment | crowd - 40..60 - | est [] | - - - false | CCC - -",
        ]
    );
    assert_eq!(
        kinds(&app).await,
        [
            "2024-04-25-sit-in-on-the-south-mall-0ca7092e sit_in city",
            "2024-05-01-counter-protesters-attack-encampment-07e87456 counter_protest city",
            "2024-05-03-online-teach-in-on-divestment-f25eda5c other city",
        ]
    );
}

#[tokio::test]
async fn the_csv_export_imports_back_exactly_with_every_coded_field() {
    let app = empty_app().await;
    let acled = ImportArgs { publish: true, ..args(&[&fixture("acled-iran-2025-02.csv")]) };
    assert_eq!(run(&app, &acled).await.0, 0);
    let ccc = ImportArgs { publish: true, country: Some("US".into()), ..args(&[&fixture("ccc-codebook.csv")]) };
    assert_eq!(run(&app, &ccc).await.0, 0);
    let csv = app.get("/api/events?f=csv").await.text();
    let again = empty_app().await;
    let path = again.dir.path().join("export.csv");
    std::fs::write(&path, &csv).expect("write");
    let (code, out, err) = run(&again, &ImportArgs { publish: true, ..args(&[&path]) }).await;
    assert_eq!(code, 0, "{out}{err}");
    let events = |app: &TestApp| {
        let url = db(app);
        async move {
            let store = server::store::open(&url).await.expect("open");
            let mut all: Vec<domain::event::Event> = store
                .list_for_editors()
                .await
                .expect("list")
                .into_iter()
                .map(|r| domain::event::Event { updated_at: None, ..r.event })
                .collect();
            all.sort_by(|a, b| a.id.cmp(&b.id));
            all
        }
    };
    let (before, after) = (events(&app).await, events(&again).await);
    assert_eq!(before.len(), 7);
    for (a, b) in after.iter().zip(&before) {
        assert_eq!(a, b);
    }
    assert_eq!(after, before);
}

#[tokio::test]
async fn a_newer_acled_export_syncs_after_a_preview() {
    let app = empty_app().await;
    let first = ImportArgs { publish: true, ..args(&[&fixture("acled-iran-2025-02.csv")]) };
    assert_eq!(run(&app, &first).await.0, 0);
    let store = server::store::open(&db(&app)).await.expect("open");
    let version = |id: &'static str| {
        let store = &store;
        async move { store.revision(id).await.expect("read").expect("there").version }
    };
    let before = (version("irn2001").await, version("irn2002").await, version("irn2004").await);
    let newer = fixture("acled-iran-2025-02-newer.csv");
    let sync = ImportArgs { sync: Some("ACLED".into()), ..args(&[&newer]) };
    // The preview: counts, and the event the newer export lacks; nothing stored.
    let (code, out, err) = run(&app, &ImportArgs { dry_run: true, ..sync.clone() }).await;
    let preview =
        "acled-iran-2025-02-newer.csv: ACLED export (CSV separated by \",\"), 4 records, 2 valid, 0 refused\n  \
                   sync: ACLED: 1 new, 1 updated, 2 unchanged, 0 older in the file, 1 missing from the file\n  \
                   sync: 1 events of ACLED are not in this file; if it is a full export, the dataset no longer has \
                   them: review each and remove it in the editor (nothing is removed by an import)\n  \
                   missing: irn2003 (IRN2003): Excessive force against protesters in Zahedan\n";
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            format!("{preview}Dry run: 1 new events would be stored (drafts) and 1 updated; nothing was stored.\n")
                .as_str(),
            ""
        )
    );
    assert_eq!(coded(&app).await, ACLED_CODED);
    // The sync: the new event added, the one with a newer timestamp
    // updated (its status kept, its history naming the file), the others
    // untouched, the missing one still there.
    let (code, out, err) = run(&app, &sync).await;
    assert_eq!(
        (code, out.as_str(), err.as_str()),
        (
            0,
            format!(
                "{preview}Kept ACLED in step: stored 1 new events as drafts and updated 1; 2 unchanged and 0 older in \
                 the file were left as they are.\n"
            )
            .as_str(),
            ""
        )
    );
    assert_eq!(
        coded(&app).await,
        [
            ACLED_CODED[0],
            "irn2002 | intervention | Isfahan / Isfahan | online - | org [] | part [Protesters (Iran); Students \
             (Iran)] | claims - | crowd between 200 and 300 200..300 - | est [] | - - 1 - | ACLED IRN2002 \
             2025-02-19T22:00:00Z",
            ACLED_CODED[2],
            ACLED_CODED[3],
            "irn2005 | peaceful | Fars / Shiraz | online - | org [] | part [Protesters (Iran); Nurses (Iran)] | \
             claims - | crowd dozens -..- - | est [] | - - 0 - | ACLED IRN2005 2025-02-20T22:00:00Z",
        ]
    );
    assert_eq!(
        (version("irn2001").await, version("irn2002").await, version("irn2004").await),
        (before.0, before.1 + 1, before.2)
    );
    let updated = store.revision("irn2002").await.expect("read").expect("there");
    assert_eq!(updated.status, domain::store::Status::Published, "a sync keeps the status");
    let history = store.history("irn2002").await.expect("history");
    let last = history.iter().max_by_key(|h| h.id).expect("an entry");
    assert_eq!(
        (last.action, last.editor.as_str(), last.note.as_deref()),
        (domain::store::Action::Imported, "command line", Some("synced from acled-iran-2025-02-newer.csv"))
    );
    assert_eq!(store.revision("irn2005").await.expect("read").expect("there").status, domain::store::Status::Draft);
    // Again: nothing new or newer.
    let (code, out, _) = run(&app, &sync).await;
    assert_eq!(code, 0, "{out}");
    assert!(
        out.ends_with(
            "ACLED is in step: nothing new or newer in the file (4 unchanged, 0 older); nothing was stored.\n"
        ),
        "{out}"
    );
}

#[tokio::test]
async fn the_event_page_shows_each_source_s_estimate_and_what_was_reported() {
    let app = with_config(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/codebook"), |_| {}).await;
    // Without the hydration markers between a text and its element.
    let page = app.get("/events/two-estimates").await.text().replace("<!>", "");
    for part in [
        "<dt>What happened</dt><dd class=\"conduct\">Met with intervention</dd>",
        "<dt>Area</dt><dd dir=\"auto\" class=\"area\">Berlin</dd>",
        "<dt>Organised by</dt><dd dir=\"auto\" class=\"organisers\">Iranian diaspora groups</dd>",
        "<dd class=\"crowd-numbers\">2,000–10,000</dd>",
        "<span class=\"estimate\"><bdi>police</bdi>: 2,000</span>; <span class=\"estimate\"><bdi>organisers</bdi>: \
         10,000</span>",
        "<dd class=\"outcomes\">Arrests: 3</dd>",
    ] {
        assert!(page.contains(part), "{part} in {page}");
    }
    // Not reported is not shown: no fatalities, no injuries, no claims.
    assert!(!page.contains("Killed") && !page.contains("Injured") && !page.contains("Demands"), "{page}");
    let persian = app.get("/events/two-estimates?lang=fa").await.text().replace("<!>", "");
    for part in [
        "<span class=\"estimate\"><bdi>police</bdi>: ۲٬۰۰۰</span>",
        "<dd class=\"crowd-numbers\">۲٬۰۰۰–۱۰٬۰۰۰</dd>",
        "<dd class=\"outcomes\">بازداشت‌ها: ۳</dd>",
    ] {
        assert!(persian.contains(part), "{part} in {persian}");
    }
}
