//! Editing through the server functions, as the editor's pages call them:
//! sessions and Origin required, validation with nothing stored, drafts,
//! publishing, conflicts, soft delete, restore and history.

use serde_json::Value;

use crate::helpers::TestApp;
use crate::sign_in::{call, pair, post, with_editor, OURS};

async fn signed_in(app: &TestApp) -> String {
    let r = post(app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    pair(&r.cookie)
}

/// A form body in the bracket notation server functions read.
pub(crate) fn form(pairs: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish()
}

/// A new event's form fields (a vigil in Copenhagen) saved as `status`.
pub(crate) fn copenhagen_vigil(status: &str) -> Vec<(&'static str, String)> {
    [
        ("input[title]", "Vigil for political prisoners in Copenhagen"),
        ("input[kind]", "vigil"),
        ("input[date_start]", "2020-01-25"),
        ("input[date_end]", "2020-01-25"),
        ("input[date_precision]", "exact"),
        ("input[location_name]", "Copenhagen, Denmark"),
        ("input[country_code]", "DK"),
        ("input[lon]", "12.5683"),
        ("input[lat]", "55.6761"),
        ("input[geo_precision]", "city"),
        ("input[sources][0][name]", "test desk"),
        ("input[sources][0][url]", "https://example.org/report"),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.to_owned()))
    .chain([("status", status.to_owned())])
    .collect()
}

async fn save(app: &TestApp, cookie: &str, fields: &[(&str, String)]) -> (u16, Value) {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let r = call(app, "/_fn/save_event", &form(&pairs), OURS, Some(cookie)).await;
    (r.status, serde_json::from_str(&r.body).unwrap_or(Value::Null))
}

async fn public_ids(app: &TestApp) -> Vec<String> {
    app.get("/api/events").await.ids()
}

#[tokio::test]
async fn every_editing_function_refuses_without_a_session_or_from_another_origin() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    for (path, body) in [
        ("/_fn/editor_events", ""),
        ("/_fn/editor_event", "id=2020-01-hamburg"),
        ("/_fn/save_event", "status=draft"),
        ("/_fn/delete_event", "id=2020-01-hamburg&version=1"),
        ("/_fn/restore_event", "id=2020-01-hamburg&version=1"),
        ("/_fn/event_history", "id=2020-01-hamburg"),
        ("/_fn/revert_event", "id=2020-01-hamburg&entry=1&version=1"),
    ] {
        let anonymous = call(&app, path, body, OURS, None).await;
        assert_eq!(anonymous.status, 401, "{path}: {}", anonymous.body);
        assert_eq!(anonymous.body, "\"SignInRequired\"", "{path}");
        let forged = call(&app, path, body, OURS, Some("rallymap_session=feedface")).await;
        assert_eq!(forged.status, 401, "{path}");
        let foreign = call(&app, path, body, Some("https://evil.example"), Some(&cookie)).await;
        assert_eq!(foreign.status, 403, "{path}");
    }
    assert_eq!(public_ids(&app).await.len(), 6, "nothing changed");
}

#[tokio::test]
async fn malformed_arguments_are_400_not_500() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    for (path, body) in [
        ("/_fn/delete_event", "id=2020-01-hamburg&version=first"),
        ("/_fn/delete_event", "id=2020-01-hamburg"),
        ("/_fn/save_event", "input[lon]=1&input[lat]=2&status=draft&version=x"),
        ("/_fn/editor_event", "nothing=here"),
    ] {
        let r = call(&app, path, body, OURS, Some(&cookie)).await;
        assert_eq!(r.status, 400, "{path} {body}: {}", r.body);
    }
}

#[tokio::test]
async fn an_invalid_event_is_refused_field_by_field_and_nothing_is_stored() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let mut fields = copenhagen_vigil("published");
    for (k, v) in &mut fields {
        match *k {
            "input[title]" => v.clear(),
            "input[date_end]" => *v = "2020-01-20".into(),
            "input[lat]" => *v = "95".into(),
            "input[sources][0][url]" => *v = "javascript:alert(1)".into(),
            "status" => *v = "live".into(),
            _ => {}
        }
    }
    let (status, body) = save(&app, &cookie, &fields).await;
    assert_eq!(status, 422);
    let messages: Vec<String> = body["Invalid"]["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| format!("{}: {}", v["field"].as_str().unwrap_or(""), v["message"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(
        messages,
        [
            "title: is required",
            "date_end: must not be before date_start (2020-01-25)",
            "geometry: latitude must be between -90 and 90 degrees, got 95",
            "sources[0].url: must be an http or https URL, not javascript:",
            "status: must be draft or published",
        ]
    );
    let typed = &body["Invalid"]["typed"];
    assert_eq!(
        (typed["input"]["lat"].as_str(), typed["status"].as_str()),
        (Some("95"), Some("live")),
        "what was typed comes back"
    );
    let all = call(&app, "/_fn/editor_events", "", OURS, Some(&cookie)).await;
    assert_eq!(serde_json::from_str::<Value>(&all.body).expect("json").as_array().expect("list").len(), 6);
}

#[tokio::test]
async fn a_draft_stays_private_until_published_and_then_shows_at_once() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let (status, draft) = save(&app, &cookie, &copenhagen_vigil("draft")).await;
    assert_eq!(status, 200, "{draft}");
    assert_eq!(draft["event"]["id"], "2020-01-25-copenhagen");
    assert_eq!(draft["version"], 1);
    assert_eq!(draft["status"], "draft");
    assert!(!public_ids(&app).await.contains(&"2020-01-25-copenhagen".to_owned()));
    assert_eq!(app.get("/api/events/2020-01-25-copenhagen").await.status.as_u16(), 404);

    let mut publish = copenhagen_vigil("published");
    publish.push(("input[id]", "2020-01-25-copenhagen".into()));
    publish.push(("version", "1".into()));
    let (status, published) = save(&app, &cookie, &publish).await;
    assert_eq!(status, 200, "{published}");
    assert_eq!(published["version"], 2);
    assert_eq!(published["updated_by"], "anna");
    let f = app.get("/api/events/2020-01-25-copenhagen").await.json();
    assert_eq!(f["properties"]["title"], "Vigil for political prisoners in Copenhagen");
    assert_eq!(f["properties"]["kind"], "vigil");
    assert_eq!(app.get("/api/events?datetime=2020-01-25").await.ids(), ["2020-01-25-copenhagen"]);
}

#[tokio::test]
async fn the_second_of_two_edits_from_the_same_version_is_refused() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let edit = |title: &str| {
        let mut f = copenhagen_vigil("published");
        f.retain(|(k, _)| *k != "input[title]");
        f.push(("input[title]", title.to_owned()));
        f.push(("input[id]", "2020-01-copenhagen".into()));
        f.push(("input[date_start]", "2020-01-18".into()));
        f.retain(|(k, v)| !(*k == "input[date_start]" && v == "2020-01-25"));
        f.retain(|(k, _)| *k != "input[date_end]");
        f.push(("version", "1".into()));
        f
    };
    let (first, _) = save(&app, &cookie, &edit("First editor's title")).await;
    assert_eq!(first, 200);
    let (second, body) = save(&app, &cookie, &edit("Second editor's title")).await;
    assert_eq!(second, 409);
    let c = &body["Conflict"];
    assert_eq!(
        c["message"],
        "event \"2020-01-copenhagen\" was changed by someone else (now version 2); reload it and make your change again"
    );
    assert_eq!((c["theirs"]["version"].as_i64(), c["theirs"]["updated_by"].as_str()), (Some(2), Some("anna")));
    assert_eq!(c["theirs"]["event"]["title"], "First editor's title");
    assert_eq!(c["typed"]["input"]["title"], "Second editor's title", "the refused edit comes back to the form");
    let f = app.get("/api/events/2020-01-copenhagen").await.json();
    assert_eq!(f["properties"]["title"], "First editor's title", "not silently overwritten");
}

#[tokio::test]
async fn removing_hides_an_event_restoring_brings_it_back_and_history_records_both() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let r = call(&app, "/_fn/delete_event", "id=2020-01-hamburg&version=1", OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(!public_ids(&app).await.contains(&"2020-01-hamburg".to_owned()));
    assert_eq!(app.get("/api/events/2020-01-hamburg").await.status.as_u16(), 404);
    let stale = call(&app, "/_fn/restore_event", "id=2020-01-hamburg&version=1", OURS, Some(&cookie)).await;
    assert_eq!(stale.status, 409);
    let r = call(&app, "/_fn/restore_event", "id=2020-01-hamburg&version=2", OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(public_ids(&app).await.contains(&"2020-01-hamburg".to_owned()));

    let h = call(&app, "/_fn/event_history", "id=2020-01-hamburg", OURS, Some(&cookie)).await;
    let h: Value = serde_json::from_str(&h.body).expect("json");
    let summary: Vec<(String, i64, String)> = h
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| {
            (
                e["action"].as_str().unwrap_or("").to_owned(),
                e["version"].as_i64().unwrap_or(0),
                e["editor"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    assert_eq!(summary, [("restored".into(), 3, "anna".into()), ("deleted".into(), 2, "anna".into())]);
    assert_eq!(
        h[1]["previous"][0]["title"], "Rally in Hamburg supporting the protests in Iran",
        "the full previous version"
    );
}

#[tokio::test]
async fn a_previous_version_can_be_restored_from_history() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let (_, created) = save(&app, &cookie, &copenhagen_vigil("published")).await;
    let id = created["event"]["id"].as_str().expect("id").to_owned();
    let mut edit = copenhagen_vigil("published");
    edit.retain(|(k, _)| *k != "input[title]");
    edit.push(("input[title]", "A wrong title".into()));
    edit.push(("input[id]", id.clone()));
    edit.push(("version", "1".into()));
    assert_eq!(save(&app, &cookie, &edit).await.0, 200);
    let h = call(&app, "/_fn/event_history", &format!("id={id}"), OURS, Some(&cookie)).await;
    let entry = serde_json::from_str::<Value>(&h.body).expect("json")[0]["id"].as_i64().expect("entry id");
    let r = call(&app, "/_fn/revert_event", &format!("id={id}&entry={entry}&version=2"), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let f = app.get(&format!("/api/events/{id}")).await.json();
    assert_eq!(f["properties"]["title"], "Vigil for political prisoners in Copenhagen");
}

/// Posts a form as a browser does without JavaScript, from the page `referer`.
async fn post_from(app: &TestApp, referer: &str, fields: &[(&str, String)], cookie: &str) -> crate::sign_in::Reply {
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let req = axum::http::Request::post("/_fn/save_event")
        .header(axum::http::header::ACCEPT, "text/html,application/xhtml+xml")
        .header(axum::http::header::REFERER, referer);
    crate::sign_in::send(app, req, &form(&pairs), OURS, Some(cookie)).await
}

/// The refusal a redirect carries back to the form (`__err`, base64url JSON).
fn refusal_in(location: &str) -> Value {
    use base64::Engine;
    let url = url::Url::parse(location).expect("absolute redirect");
    let errs: Vec<String> = url.query_pairs().filter(|(k, _)| k == "__err").map(|(_, v)| v.into_owned()).collect();
    assert_eq!(errs.len(), 1, "exactly one error in {location}");
    let bytes = base64::engine::general_purpose::URL_SAFE.decode(&errs[0]).expect("base64url");
    serde_json::from_slice(&bytes).expect("json")
}

#[tokio::test]
async fn without_javascript_a_refused_form_comes_back_as_typed_and_a_saved_one_opens_the_event() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let mut fields = copenhagen_vigil("draft");
    fields.retain(|(k, _)| *k != "input[country_code]");
    fields.push(("input[country_code]", "XX".into()));
    fields.push(("input[tags]", "vigil, Prisoners_".into()));
    let r = post_from(&app, "http://rallymap.test/editor/new", &fields, &cookie).await;
    assert_eq!(r.status, 302);
    assert!(
        r.location.starts_with("http://rallymap.test/editor/new?__path=%2F_fn%2Fsave_event&__err="),
        "{}",
        r.location
    );
    let refusal = refusal_in(&r.location);
    let fields_refused: Vec<&str> =
        refusal["Invalid"]["violations"].as_array().expect("list").iter().filter_map(|v| v["field"].as_str()).collect();
    assert_eq!(fields_refused, ["country_code", "tags[1]"]);
    assert_eq!(refusal["Invalid"]["typed"]["input"]["tags"], serde_json::json!(["vigil", "Prisoners_"]));
    assert_eq!(refusal["Invalid"]["typed"]["input"]["title"], "Vigil for political prisoners in Copenhagen");

    // Posting again from the page that shows the first refusal: only the new one comes back.
    fields.retain(|(k, _)| *k != "input[tags]");
    let r2 = post_from(&app, &r.location, &fields, &cookie).await;
    let fields_refused: Vec<String> = refusal_in(&r2.location)["Invalid"]["violations"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|v| v["field"].as_str().map(str::to_owned))
        .collect();
    assert_eq!(fields_refused, ["country_code"]);
    assert_eq!(public_ids(&app).await.len(), 6, "nothing stored");

    fields.retain(|(k, _)| *k != "input[country_code]");
    fields.push(("input[country_code]", "dk".into()));
    let ok = post_from(&app, &r2.location, &fields, &cookie).await;
    assert_eq!((ok.status, ok.location.as_str()), (302, "/editor/events/2020-01-25-copenhagen?saved=1"));
    let page = crate::sign_in::get(&app, "/editor/events/2020-01-25-copenhagen?saved=1", Some(&cookie)).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Draft: only editors see it"), "{}", page.body);
    assert!(page.body.contains(r#"value="DK""#), "the stored, upper-cased code is in the form");
}

fn violation_lines(body: &Value) -> Vec<String> {
    body["Invalid"]["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| format!("{}: {}", v["field"].as_str().unwrap_or(""), v["message"].as_str().unwrap_or("")))
        .collect()
}

fn with_field(mut fields: Vec<(&'static str, String)>, key: &str, value: &str) -> Vec<(&'static str, String)> {
    for (k, v) in &mut fields {
        if *k == key {
            *v = value.to_owned();
        }
    }
    fields
}

#[tokio::test]
async fn a_day_that_does_not_exist_is_refused_at_its_field_never_dropped() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    // 27 February to "29 February 2023": a browser's date input would have
    // sent an empty last day, saved as a one-day event.
    let fields = with_field(
        with_field(copenhagen_vigil("published"), "input[date_start]", "2023-02-27"),
        "input[date_end]",
        "2023-02-29",
    );
    let (status, body) = save(&app, &cookie, &fields).await;
    assert_eq!(status, 422);
    assert_eq!(violation_lines(&body), ["date_end: 29 February 2023 is not a day of the calendar"]);
    assert_eq!(body["Invalid"]["typed"]["input"]["date_end"], "2023-02-29", "typed text comes back");

    let fields = with_field(copenhagen_vigil("published"), "input[date_start]", "2023-02-29");
    let (status, body) = save(&app, &cookie, &fields).await;
    assert_eq!(status, 422);
    assert_eq!(violation_lines(&body)[0], "date_start: 29 February 2023 is not a day of the calendar");

    let fields = with_field(copenhagen_vigil("published"), "input[date_start]", "2020-13-01");
    assert_eq!(
        violation_lines(&save(&app, &cookie, &fields).await.1)[0],
        "date_start: \"2020-13-01\" is not a day of the calendar: there is no month 13"
    );
    assert_eq!(public_ids(&app).await.len(), 6, "nothing stored");
}

#[tokio::test]
async fn a_decimal_comma_in_the_coordinates_is_read_as_typed() {
    let app = with_editor().await;
    let cookie = signed_in(&app).await;
    let fields =
        with_field(with_field(copenhagen_vigil("published"), "input[lon]", "12,5683"), "input[lat]", " 55,6761 ");
    let (status, body) = save(&app, &cookie, &fields).await;
    assert_eq!(status, 200, "{body}");
    let f = app.get("/api/events/2020-01-25-copenhagen").await.json();
    assert_eq!(f["geometry"]["coordinates"], serde_json::json!([12.5683, 55.6761]));

    let fields = with_field(copenhagen_vigil("draft"), "input[lat]", "55,67,61");
    assert_eq!(
        violation_lines(&save(&app, &cookie, &fields).await.1),
        ["geometry: latitude must be a finite number of degrees with a dot or a comma before the decimals, such as 52.5163, got \"55,67,61\""]
    );
}
