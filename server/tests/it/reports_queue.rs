//! `/editor/reports`: the editors' queue of readers' reports (issue 26):
//! listing and filtering, the decisions (reject, spam, accept as a new
//! event from the filled form), the contact address erased by any
//! decision, the purge of old reports, and nothing for anyone signed out.

use axum::http::{header, Request};
use domain::report::{ReportStatus, StoredReport};

use crate::helpers::TestApp;
use crate::reports::{
    assert_nothing_public, encode, fields, post_from, reference_of, second_server, with, EMAIL, TITLE,
};
use crate::sign_in::{call, get, pair, post, send, with_editor, OURS};

async fn signed_in(app: &TestApp) -> String {
    let r = post(app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    pair(&r.cookie)
}

/// Sends a valid report titled `title` from `addr`; its reference.
async fn report(app: &TestApp, title: &str, addr: &str) -> String {
    let r = post_from(app, encode(&with(fields(app, 10), "title", title)), addr, "en").await;
    assert_eq!(r.status, axum::http::StatusCode::SEE_OTHER, "{}", r.body);
    reference_of(&r.location)
}

async fn stored(app: &TestApp, reference: &str) -> Option<StoredReport> {
    app.state.reports.report(reference).await.expect("read")
}

/// Runs `sql` with `$1` bound to `value` on the app's database.
async fn exec(app: &TestApp, sql: &str, value: &str) {
    match &app.pg {
        Some(pg) => {
            let pool = sqlx::PgPool::connect(&pg.url).await.expect("open");
            sqlx::query(sql).bind(value).execute(&pool).await.expect("update");
        }
        None => {
            let db = format!("sqlite://{}", app.dir.path().join("db/rallymap.sqlite3").display());
            let pool = sqlx::SqlitePool::connect(&db).await.expect("open");
            sqlx::query(sql).bind(value).execute(&pool).await.expect("update");
        }
    }
}

/// Runs `sql`, without parameters, on the app's database.
async fn exec_plain(app: &TestApp, sql: &str) {
    match &app.pg {
        Some(pg) => {
            let pool = sqlx::PgPool::connect(&pg.url).await.expect("open");
            sqlx::raw_sql(sql).execute(&pool).await.expect("statement");
        }
        None => {
            let db = format!("sqlite://{}", app.dir.path().join("db/rallymap.sqlite3").display());
            let pool = sqlx::SqlitePool::connect(&db).await.expect("open");
            sqlx::raw_sql(sql).execute(&pool).await.expect("statement");
        }
    }
}

fn days_ago(n: i64) -> String {
    domain::event::format_timestamp(time::OffsetDateTime::now_utc() - time::Duration::days(n))
}

fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

fn titles(body: &str) -> Vec<String> {
    let v: serde_json::Value = serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"));
    v.as_array().expect("a list").iter().map(|r| r["title"].as_str().unwrap_or("").to_owned()).collect()
}

#[tokio::test]
async fn the_queue_lists_open_reports_newest_first_and_filters_by_status() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let older = report(&app, "The older report", "192.0.2.1").await;
    exec(&app, &format!("UPDATE reports SET received_at = $1 WHERE reference = '{older}'"), &days_ago(1)).await;
    let newer = report(&app, TITLE, "192.0.2.2").await;
    let spam = report(&app, "Buy cheap watches", "192.0.2.3").await;
    let r = call(&app, "/_fn/spam_report", &form(&[("reference", &spam)]), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);

    let open = call(&app, "/_fn/editor_reports", "", OURS, Some(&cookie)).await;
    assert_eq!(open.status, 200, "{}", open.body);
    assert_eq!(titles(&open.body), [TITLE, "The older report"], "new and in review, newest first");
    let only_spam = call(&app, "/_fn/editor_reports", "status=spam", OURS, Some(&cookie)).await;
    assert_eq!(titles(&only_spam.body), ["Buy cheap watches"]);
    let bad = call(&app, "/_fn/editor_reports", "status=open", OURS, Some(&cookie)).await;
    assert_eq!(bad.status, 422, "{}", bad.body);
    assert!(bad.body.contains("status: no report status is called \\\"open\\\""), "{}", bad.body);

    let page = get(&app, "/editor/reports", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    let html = page.body;
    assert!(html.contains(TITLE) && html.contains("The older report"), "{html}");
    assert!(!html.contains("Buy cheap watches"), "spam is not shown by default");
    assert!(html.find(TITLE) < html.find("The older report"), "newest first");
    assert!(html.contains(&format!("id=\"{newer}\"")));
    assert!(html.contains(EMAIL), "the contact address, for editors");
    assert!(html.contains("Gamla hamnen, Malmö (SE)"));
    assert!(html.contains("55.6075, 12.9986"));
    assert!(html.contains("href=\"https://news.example.org/vigil\""));
    assert!(html.contains("about two hundred"));
    assert!(html.contains(&format!("href=\"/editor/new?report={newer}\"")), "accept opens the event form");
    assert!(html.contains("name=\"reason\""), "reject with a reason, without JavaScript");
    let spam_page = get(&app, "/editor/reports?status=spam&status=rejected", Some(&cookie)).await;
    assert!(spam_page.body.contains("Buy cheap watches") && !spam_page.body.contains(TITLE));
    assert!(spam_page.body.contains("Spam by anna"), "{}", spam_page.body);

    let fa = send(
        &app,
        Request::get("/editor/reports").header(header::ACCEPT_LANGUAGE, "fa").header(header::ACCEPT, "text/html"),
        "",
        None,
        Some(&cookie),
    )
    .await;
    assert_eq!(fa.status, 200);
    assert!(fa.body.contains("dir=\"rtl\"") && fa.body.contains("گزارش‌ها"), "in Persian");
    assert!(fa.body.contains("پذیرفتن به‌عنوان رویداد تازه"));
}

#[tokio::test]
async fn rejecting_needs_a_reason_records_the_editor_and_erases_the_contact() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = report(&app, TITLE, "192.0.2.1").await;
    let none =
        call(&app, "/_fn/reject_report", &form(&[("reference", &r), ("reason", "  ")]), OURS, Some(&cookie)).await;
    assert_eq!(none.status, 422, "{}", none.body);
    assert_eq!(stored(&app, &r).await.expect("kept").status, ReportStatus::New);

    let body = form(&[("reference", &r), ("reason", "No other source mentions it")]);
    let done = call(&app, "/_fn/reject_report", &body, OURS, Some(&cookie)).await;
    assert_eq!(done.status, 200, "{}", done.body);
    let s = stored(&app, &r).await.expect("kept");
    assert_eq!(s.status, ReportStatus::Rejected);
    assert_eq!(s.decided_by.as_deref(), Some("anna"));
    assert_eq!(s.decision_reason.as_deref(), Some("No other source mentions it"));
    assert!(s.decided_at.is_some());
    assert_eq!(s.contact_email, None, "no contact data after a decision");

    let again = call(&app, "/_fn/spam_report", &form(&[("reference", &r)]), OURS, Some(&cookie)).await;
    assert_eq!(again.status, 409, "already decided: {}", again.body);
    let unknown = call(&app, "/_fn/spam_report", &form(&[("reference", "R-00000")]), OURS, Some(&cookie)).await;
    assert_eq!(unknown.status, 404);

    let page = get(&app, "/editor/reports?status=rejected", Some(&cookie)).await;
    assert!(page.body.contains("Rejected by anna"), "{}", page.body);
    assert!(page.body.contains("No other source mentions it"));
    assert!(!page.body.contains(EMAIL));
}

#[tokio::test]
async fn after_reject_or_spam_nothing_of_a_report_is_public() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let rejected = report(&app, TITLE, "192.0.2.1").await;
    let spam = report(&app, "Buy cheap watches", "192.0.2.2").await;
    let body = form(&[("reference", &rejected), ("reason", "duplicate")]);
    assert_eq!(call(&app, "/_fn/reject_report", &body, OURS, Some(&cookie)).await.status, 200);
    assert_eq!(call(&app, "/_fn/spam_report", &form(&[("reference", &spam)]), OURS, Some(&cookie)).await.status, 200);
    assert_eq!(stored(&app, &spam).await.expect("kept").contact_email, None);
    assert_nothing_public(&app, &[EMAIL, TITLE, "cheap watches", rejected.as_str(), spam.as_str()]).await;
}

/// The event form filled from report `r` as it posts to `/_fn/save_event`,
/// published, with the id `id`.
async fn accept_form(app: &TestApp, r: &str, id: &str) -> String {
    let input = stored(app, r).await.expect("kept").to_event_input();
    let status = "published".to_owned();
    let mut pairs: Vec<(String, String)> = vec![
        ("input[title]".into(), input.title.clone()),
        ("input[description]".into(), input.description.clone()),
        ("input[kind]".into(), input.kind.clone()),
        ("input[date_start]".into(), input.date_start.clone()),
        ("input[date_end]".into(), input.date_end.clone()),
        ("input[date_precision]".into(), input.date_precision.clone()),
        ("input[location_name]".into(), input.location_name.clone()),
        ("input[country_code]".into(), input.country_code.clone()),
        ("input[lon]".into(), input.lon.clone()),
        ("input[lat]".into(), input.lat.clone()),
        ("input[geo_precision]".into(), input.geo_precision.clone()),
        ("input[crowd_size_text]".into(), input.crowd_size_text.clone()),
        ("input[sources][0][name]".into(), input.sources[0].name.clone()),
        ("input[sources][0][url]".into(), input.sources[0].url.clone()),
        ("status".into(), status),
        ("report".into(), r.to_owned()),
    ];
    pairs.push(("input[id]".into(), id.to_owned()));
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(&pairs).finish()
}

#[tokio::test]
async fn accepting_fills_the_event_form_and_saving_makes_the_event_with_the_reports_exact_values() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = report(&app, TITLE, "192.0.2.1").await;
    let page = get(&app, &format!("/editor/new?report={r}"), Some(&cookie)).await;
    assert_eq!(page.status, 200);
    let html = page.body;
    for value in [
        format!("value=\"{TITLE}\""),
        "value=\"55.6075\"".to_owned(),
        "value=\"12.9986\"".to_owned(),
        "value=\"2024-03-01\"".to_owned(),
        "value=\"Gamla hamnen, Malmö\"".to_owned(),
        "value=\"SE\"".to_owned(),
        "value=\"about two hundred\"".to_owned(),
        format!("value=\"reader report {r}\""),
        "value=\"https://news.example.org/vigil\"".to_owned(),
        format!("name=\"report\" value=\"{r}\""),
    ] {
        assert!(html.contains(&value), "the form has {value}");
    }
    assert!(html.contains("About two hundred people, candles, no speeches."));

    // Saved as the filled form posts it.
    let body = accept_form(&app, &r, "2024-03-01-malmo-vigil").await;
    let saved = call(&app, "/_fn/save_event", &body, OURS, Some(&cookie)).await;
    assert_eq!(saved.status, 200, "{}", saved.body);

    let e = app.state.store.revision("2024-03-01-malmo-vigil").await.expect("read").expect("made").event;
    assert_eq!(e.title, TITLE);
    assert_eq!(e.description, "About two hundred people, candles, no speeches.");
    assert_eq!(e.kind.as_str(), "vigil");
    assert_eq!((e.lat, e.lon), (55.6075, 12.9986), "the point unchanged");
    assert_eq!(domain::dates::format_date(e.dates.start), "2024-03-01");
    assert_eq!(domain::dates::format_date(e.dates.end), "2024-03-01");
    assert_eq!(e.date_precision.as_str(), "exact");
    assert_eq!(e.location_name, "Gamla hamnen, Malmö");
    assert_eq!(e.country_code, "SE");
    assert_eq!(e.crowd_size_text.as_deref(), Some("about two hundred"));
    assert_eq!(e.sources.len(), 1);
    assert_eq!(e.sources[0].name, format!("reader report {r}"));
    assert_eq!(e.sources[0].url.as_deref(), Some("https://news.example.org/vigil"));

    let s = stored(&app, &r).await.expect("kept");
    assert_eq!(s.status, ReportStatus::Accepted);
    assert_eq!(s.event_id.as_deref(), Some("2024-03-01-malmo-vigil"));
    assert_eq!(s.decided_by.as_deref(), Some("anna"));
    assert_eq!(s.contact_email, None);
    assert!(app.get("/api/events").await.ids().contains(&"2024-03-01-malmo-vigil".to_owned()), "on the map");

    // The report cannot be accepted twice.
    let again = call(&app, "/_fn/save_event", &body.replace("malmo-vigil", "malmo-vigil-2"), OURS, Some(&cookie)).await;
    assert_eq!(again.status, 409, "{}", again.body);
    assert!(app.state.store.revision("2024-03-01-malmo-vigil-2").await.expect("read").is_none(), "nothing stored");
}

#[tokio::test]
async fn a_reader_who_was_there_becomes_the_source_reader_report() {
    let app = with_editor().await;
    let f = with(with(fields(&app, 10), "source_url", ""), "was_there", "true");
    let f = with(with(f, "approximate", "true"), "date_end", "2024-03-03");
    let r = reference_of(&post_from(&app, encode(&f), "192.0.2.9", "en").await.location);
    let input = stored(&app, &r).await.expect("kept").to_event_input();
    assert_eq!(input.sources.len(), 1);
    assert_eq!(input.sources[0].name, format!("reader report {r}"));
    assert_eq!(input.sources[0].url, "");
    assert_eq!((input.date_start.as_str(), input.date_end.as_str()), ("2024-03-01", "2024-03-03"));
    assert_eq!(input.date_precision, "approximate");
    assert!(input.validate().is_ok(), "a valid event as it stands");
}

#[tokio::test]
async fn old_decided_reports_are_deleted_and_old_contacts_erased_at_start_and_on_a_decision() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let decided_old = report(&app, "Decided long ago", "192.0.2.1").await;
    let open_old = report(&app, "Open and old", "192.0.2.2").await;
    let recent = report(&app, TITLE, "192.0.2.3").await;
    let body = form(&[("reference", &decided_old), ("reason", "no")]);
    assert_eq!(call(&app, "/_fn/reject_report", &body, OURS, Some(&cookie)).await.status, 200);
    let sql = |r: &str| format!("UPDATE reports SET received_at = $1 WHERE reference = '{r}'");
    exec(&app, &sql(&decided_old), &days_ago(91)).await;
    exec(&app, &sql(&open_old), &days_ago(91)).await;

    // A server starting on the database purges.
    let _second = second_server(&app).await;
    assert!(stored(&app, &decided_old).await.is_none(), "a decided report past 90 days is deleted");
    let open = stored(&app, &open_old).await.expect("an open report is kept");
    assert_eq!(open.contact_email, None, "but not its contact address");
    assert_eq!(stored(&app, &recent).await.expect("kept").contact_email.as_deref(), Some(EMAIL));

    // And so does a decision.
    let spam = report(&app, "Spam, decided long ago", "192.0.2.4").await;
    assert_eq!(call(&app, "/_fn/spam_report", &form(&[("reference", &spam)]), OURS, Some(&cookie)).await.status, 200);
    exec(&app, &sql(&spam), &days_ago(100)).await;
    assert_eq!(
        call(&app, "/_fn/spam_report", &form(&[("reference", &open_old)]), OURS, Some(&cookie)).await.status,
        200
    );
    assert!(stored(&app, &spam).await.is_none());
    assert!(stored(&app, &open_old).await.is_none(), "decided now, received 91 days ago: past keeping");
    assert!(stored(&app, &recent).await.is_some());
}

#[tokio::test]
async fn every_queue_function_refuses_without_a_session_or_from_another_origin() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = report(&app, TITLE, "192.0.2.1").await;
    let reject = format!("reference={r}&reason=no");
    let spam = format!("reference={r}");
    for (path, body) in [
        ("/_fn/editor_reports", ""),
        ("/_fn/editor_report", spam.as_str()),
        ("/_fn/reject_report", reject.as_str()),
        ("/_fn/spam_report", spam.as_str()),
        ("/_fn/review_report", spam.as_str()),
        ("/_fn/report_queue", ""),
        ("/_fn/merge_report", "reference=R-00000&event_id=2020-01-hamburg&version=1"),
    ] {
        let anonymous = call(&app, path, body, OURS, None).await;
        assert_eq!(anonymous.status, 401, "{path}: {}", anonymous.body);
        assert!(!anonymous.body.contains(EMAIL) && !anonymous.body.contains(TITLE));
        let foreign = call(&app, path, body, Some("https://evil.example"), Some(&cookie)).await;
        assert_eq!(foreign.status, 403, "{path}");
    }
    let s = stored(&app, &r).await.expect("kept");
    assert_eq!((s.status, s.contact_email.as_deref()), (ReportStatus::New, Some(EMAIL)), "nothing changed");
}

#[tokio::test]
async fn merging_adds_the_report_as_a_source_of_a_nearby_event_with_its_history() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    // 2 km from the seeded Stockholm rally (2020-01-18), a day later.
    let f = with(with(fields(&app, 10), "lat", "59.3400"), "lon", "18.1000");
    let f = with(with(f, "date_start", "2020-01-19"), "title", "Rally in Stockholm, seen from the bridge");
    let r = reference_of(&post_from(&app, encode(&f), "192.0.2.5", "en").await.location);
    let queue = call(&app, "/_fn/report_queue", "", OURS, Some(&cookie)).await;
    assert_eq!(queue.status, 200, "{}", queue.body);
    let v: serde_json::Value = serde_json::from_str(&queue.body).expect("json");
    let near: Vec<&str> = v[0][1].as_array().expect("nearby").iter().map(|n| n["id"].as_str().unwrap_or("")).collect();
    assert_eq!(near, ["2020-01-18-stockholm"], "only the event within 25 km and a day");
    let page = get(&app, "/editor/reports", Some(&cookie)).await;
    assert!(page.body.contains("name=\"event_id\" value=\"2020-01-18-stockholm\""), "{}", page.body);

    let before = app.state.store.revision("2020-01-18-stockholm").await.expect("read").expect("seeded");
    let page = get(&app, "/events/2020-01-18-stockholm", None).await.body;
    assert!(!page.contains("class=\"corroborated\""), "no reader report yet: {page}");
    let body =
        form(&[("reference", &r), ("event_id", "2020-01-18-stockholm"), ("version", &before.version.to_string())]);
    let merged = call(&app, "/_fn/merge_report", &body, OURS, Some(&cookie)).await;
    assert_eq!(merged.status, 200, "{}", merged.body);

    let after = app.state.store.revision("2020-01-18-stockholm").await.expect("read").expect("kept");
    assert_eq!(after.version, before.version + 1);
    assert_eq!(after.event.sources.len(), before.event.sources.len() + 1);
    let added = after.event.sources.last().expect("a source");
    assert_eq!(added.name, format!("reader report {r}"));
    assert_eq!(added.url.as_deref(), Some("https://news.example.org/vigil"));
    assert_eq!(after.event.title, before.event.title, "nothing else changed");
    assert_eq!((after.event.lat, after.event.lon), (before.event.lat, before.event.lon));
    let history = app.state.store.history("2020-01-18-stockholm").await.expect("history");
    assert_eq!((history[0].action, history[0].editor.as_str()), (domain::store::Action::Updated, "anna"));

    let s = stored(&app, &r).await.expect("kept");
    assert_eq!(s.status, ReportStatus::Accepted);
    assert_eq!(s.event_id.as_deref(), Some("2020-01-18-stockholm"));
    assert_eq!(s.contact_email, None);
    let public = app.get("/api/events/2020-01-18-stockholm").await.text();
    assert!(public.contains(&format!("reader report {r}")), "{public}");
    let page = get(&app, "/events/2020-01-18-stockholm", None).await.body;
    assert!(page.contains("<p class=\"corroborated\">Corroborated by 1 reader report<"), "{page}");

    let again = call(&app, "/_fn/merge_report", &body, OURS, Some(&cookie)).await;
    assert_eq!(again.status, 409, "decided once: {}", again.body);
    assert_eq!(
        app.state.store.revision("2020-01-18-stockholm").await.expect("read").expect("kept").version,
        after.version
    );

    // A second reader, from another address, corroborates it too.
    let f = with(with(fields(&app, 10), "lat", "59.3300"), "lon", "18.0700");
    let f = with(with(f, "date_start", "2020-01-18"), "title", "Crowd at Sergels torg");
    let second = reference_of(&post_from(&app, encode(&f), "198.51.100.7", "en").await.location);
    let body =
        form(&[("reference", &second), ("event_id", "2020-01-18-stockholm"), ("version", &after.version.to_string())]);
    let merged = call(&app, "/_fn/merge_report", &body, OURS, Some(&cookie)).await;
    assert_eq!(merged.status, 200, "{}", merged.body);
    let page = get(&app, "/events/2020-01-18-stockholm", None).await.body;
    assert!(page.contains("<p class=\"corroborated\">Corroborated by 2 reader reports<"), "{page}");
    let fa = get(&app, "/events/2020-01-18-stockholm?lang=fa", None).await.body;
    assert!(fa.contains("گزارش‌های خوانندگان که آن را تأیید می‌کنند: ۲"), "{fa}");
}

#[tokio::test]
async fn an_editor_takes_a_report_in_review_and_it_stays_open_with_its_contact() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = report(&app, TITLE, "192.0.2.1").await;
    let page = get(&app, "/editor/reports", Some(&cookie)).await;
    assert!(page.body.contains("I am checking it"), "{}", page.body);

    let taken = call(&app, "/_fn/review_report", &form(&[("reference", &r)]), OURS, Some(&cookie)).await;
    assert_eq!(taken.status, 200, "{}", taken.body);
    let s = stored(&app, &r).await.expect("kept");
    assert_eq!(s.status, ReportStatus::InReview);
    assert_eq!(s.decided_by.as_deref(), Some("anna"));
    assert_eq!(s.contact_email.as_deref(), Some(EMAIL), "still open: the contact stays");
    assert_eq!(app.state.reports.open_reports().await.expect("count"), 1, "in review counts as open");

    let page = get(&app, "/editor/reports", Some(&cookie)).await;
    assert!(page.body.contains("In review by anna"), "{}", page.body);
    assert!(!page.body.contains("I am checking it"), "already in review: {}", page.body);
    let only_review = get(&app, "/editor/reports?status=in_review", Some(&cookie)).await;
    assert!(only_review.body.contains(&r));
    let only_new = get(&app, "/editor/reports?status=new", Some(&cookie)).await;
    assert!(!only_new.body.contains(&r));

    let body = form(&[("reference", &r), ("reason", "Only one account, no photo")]);
    let rejected = call(&app, "/_fn/reject_report", &body, OURS, Some(&cookie)).await;
    assert_eq!(rejected.status, 200, "an open report in review is decided as any: {}", rejected.body);
    let s = stored(&app, &r).await.expect("kept");
    assert_eq!((s.status, s.contact_email), (ReportStatus::Rejected, None));
    let again = call(&app, "/_fn/review_report", &form(&[("reference", &r)]), OURS, Some(&cookie)).await;
    assert_eq!(again.status, 409, "a decided report is not reopened: {}", again.body);
}

#[tokio::test]
async fn each_report_has_a_small_map_for_editors_only() {
    use axum::http::Method;
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = report(&app, TITLE, "192.0.2.1").await;
    let path = format!("/editor/reports/{r}/map.png");
    let page = get(&app, "/editor/reports", Some(&cookie)).await;
    assert!(page.body.contains(&format!("src=\"{path}\"")), "{}", page.body);
    assert!(page
        .body
        .contains("alt=\"Map of the reported point, Gamla hamnen, Malmö, with the published events near it\""));

    let anonymous = app.get(&path).await;
    assert_eq!(anonymous.status, 401, "a report's point is not public");
    let png = app.request_with(Method::GET, &path, &[("cookie", &cookie)]).await;
    assert_eq!((png.status.as_u16(), png.content_type.as_str()), (200, "image/png"));
    assert_eq!(png.header("cache-control"), "no-store");
    let image = tiny_skia::Pixmap::decode_png(&png.body).expect("a PNG");
    assert_eq!((image.width(), image.height()), (1200, 630));
    // Nothing published near Malmö in March 2024: the report's vigil
    // marker alone, at the centre, in the vigil's colour.
    let centre = image.pixel(600, 315).expect("pixel").demultiply();
    let hex = format!("#{:02x}{:02x}{:02x}", centre.red(), centre.green(), centre.blue());
    assert_eq!(hex, domain::labels::kind_colour(domain::event::EventKind::Vigil));

    let unknown = app.request_with(Method::GET, "/editor/reports/R-00000/map.png", &[("cookie", &cookie)]).await;
    assert_eq!(unknown.status, 404);
}

#[tokio::test]
async fn a_report_decided_by_another_editor_while_its_event_is_saved_leaves_no_published_event() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = report(&app, TITLE, "192.0.2.1").await;
    // Another editor rejects the report in the instant between the form's
    // check and the report's decision: a trigger does it in the event's
    // own write.
    let reject = "UPDATE reports SET status = 'rejected', decided_by = 'omid', decision_reason = 'Not confirmed', \
                  contact_email = NULL WHERE status IN ('new', 'in_review')";
    let trigger = match &app.pg {
        Some(_) => vec![
            format!("CREATE FUNCTION race() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {reject}; RETURN NEW; END $$"),
            "CREATE TRIGGER race AFTER INSERT ON events FOR EACH ROW EXECUTE FUNCTION race()".to_owned(),
        ],
        None => vec![format!("CREATE TRIGGER race AFTER INSERT ON events BEGIN {reject}; END")],
    };
    for sql in &trigger {
        exec_plain(&app, sql).await;
    }

    let saved =
        call(&app, "/_fn/save_event", &accept_form(&app, &r, "2024-03-01-malmo-vigil").await, OURS, Some(&cookie))
            .await;
    assert_eq!(saved.status, 409, "not answered as saved: {}", saved.body);
    assert!(
        saved.body.contains(&format!("Report {r} was decided by another editor while this event was saved")),
        "{}",
        saved.body
    );
    assert!(!app.get("/api/events").await.ids().contains(&"2024-03-01-malmo-vigil".to_owned()), "not on the map");
    let kept = app.state.store.revision("2024-03-01-malmo-vigil").await.expect("read").expect("restorable");
    assert!(kept.deleted, "removed, not lost: an editor can restore it");
    let s = stored(&app, &r).await.expect("kept");
    assert_eq!(
        (s.status, s.decided_by.as_deref()),
        (ReportStatus::Rejected, Some("omid")),
        "the other decision stands"
    );
}
