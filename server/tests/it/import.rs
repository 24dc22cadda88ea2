//! Import (README, "Import and export"): `rallymap import` as the command
//! line runs it, and the upload route and server functions as the editor's
//! page calls them. Every refusal is checked with its exact message and
//! with nothing stored after it.

use std::path::PathBuf;

use domain::import::columns::Target;
use domain::import::dates::DateFormat;
use domain::store::{Action, Status};
use server::cli::ImportArgs;
use tempfile::TempDir;

use crate::helpers::cli::{args, db, run};
use crate::helpers::{with_config, TestApp};
use crate::sign_in::{call, post, OURS};

fn empty_seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../end2end/fixtures/empty")
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import").join(name)
}

async fn empty_app() -> TestApp {
    with_config(empty_seed(), |_| {}).await
}

/// Every event in the database (drafts and removed ones too), by id.
async fn stored(app: &TestApp) -> Vec<domain::store::Revision> {
    let store = server::store::open(&db(app)).await.expect("open");
    let mut all = store.list_for_editors().await.expect("list");
    all.sort_by(|a, b| a.event.id.cmp(&b.event.id));
    all
}

/// Writes `content` to a file called `name` in a new folder.
fn file(name: &str, content: &[u8]) -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("dir");
    let path = dir.path().join(name);
    std::fs::write(&path, content).expect("write");
    (dir, path)
}

const HEADER: &str =
    "id,title,kind,date_start,date_end,location_name,country_code,longitude,latitude,geo_precision,sources";

fn csv(rows: &[&str]) -> Vec<u8> {
    format!("{HEADER}\n{}\n", rows.join("\n")).into_bytes()
}

const GOOD1: &str = "stockholm,Rally in Stockholm,rally,2020-01-18,,Stockholm,SE,18.0686,59.3293,city,irannewsupdate";
const GOOD2: &str =
    "hamburg,Rally in Hamburg,rally,2020-01-18,2020-01-19,Hamburg,DE,9.9937,53.5511,city,irannewsupdate";
const BAD: &str =
    "washington,Rally in Washington,rally,2020-01-18,,Washington,US,-77.0365,118.9072,city,irannewsupdate";

#[tokio::test]
async fn one_refused_row_stores_nothing_and_valid_only_stores_the_rest() {
    let app = empty_app().await;
    let (_d, path) = file("three.csv", &csv(&[GOOD1, BAD, GOOD2]));
    let (code, out, err) = run(&app, &args(&[&path])).await;
    assert_eq!(
        out,
        "three.csv: CSV separated by \",\", 3 records, 2 valid, 1 refused\n\
         Nothing was stored: 1 of 3 records are refused (listed on standard error). Fix them, or choose \"valid \
         only\" to store the 2 valid ones.\n"
    );
    // Refusals are errors: on standard error, each after its file's name.
    assert_eq!(
        err,
        "three.csv: row 3 (washington): geometry: latitude must be between -90 and 90 degrees, got 118.9072; \
         longitude and latitude look swapped (longitude -77.0365, latitude 118.9072)\n"
    );
    assert_eq!(code, 1);
    assert!(stored(&app).await.is_empty());

    let (code, out, err) = run(&app, &ImportArgs { valid_only: true, ..args(&[&path]) }).await;
    assert_eq!(code, 3);
    assert!(
        out.ends_with(
            "Stored 2 new and 0 updated events as drafts. Skipped 1 refused records (listed on standard error).\n"
        ),
        "{out}"
    );
    assert!(err.starts_with("three.csv: row 3 (washington): "), "{err}");
    let all = stored(&app).await;
    assert_eq!(all.iter().map(|r| r.event.id.as_str()).collect::<Vec<_>>(), ["hamburg", "stockholm"]);
    assert!(all.iter().all(|r| r.status == Status::Draft));
    // Drafts are not on the public API.
    assert_eq!(app.get("/api/events").await.ids(), Vec::<String>::new());
}

#[tokio::test]
async fn importing_twice_adds_nothing_and_update_existing_replaces() {
    let app = empty_app().await;
    let (_d, path) = file("two.csv", &csv(&[GOOD1, GOOD2]));
    let (code, out, _err) = run(&app, &ImportArgs { publish: true, ..args(&[&path]) }).await;
    assert_eq!((code, out.lines().last()), (0, Some("Stored 2 new and 0 updated events as published.")));
    let (code, _out, err) = run(&app, &ImportArgs { publish: true, ..args(&[&path]) }).await;
    assert_eq!(code, 1);
    assert!(err.contains(
        "two.csv: row 2 (stockholm): id: an event \"stockholm\" already exists; choose \"update existing\" to \
         replace it\n"
    ));
    assert_eq!(stored(&app).await.len(), 2);

    let changed = GOOD1.replace("Rally in Stockholm", "Rally at Sergels torg");
    let (_d2, path2) = file("two.csv", &csv(&[&changed, GOOD2]));
    let (code, out, _err) =
        run(&app, &ImportArgs { publish: true, update_existing: true, editor: "anna".into(), ..args(&[&path2]) }).await;
    assert_eq!((code, out.lines().last()), (0, Some("Stored 0 new and 2 updated events as published.")));
    let store = server::store::open(&db(&app)).await.expect("open");
    assert_eq!(store.get("stockholm").await.expect("get").expect("there").title, "Rally at Sergels torg");
    let history = store.history("stockholm").await.expect("history");
    let notes: Vec<(Action, i64, &str, Option<&str>)> =
        history.iter().map(|h| (h.action, h.version, h.editor.as_str(), h.note.as_deref())).collect();
    assert_eq!(
        notes,
        [
            (Action::Imported, 2, "anna", Some("imported from two.csv")),
            (Action::Imported, 1, "command line", Some("imported from two.csv")),
        ]
    );
    assert_eq!(history[0].previous.as_ref().map(|(e, _)| e.title.as_str()), Some("Rally in Stockholm"));
    // Published imports are on the map's API at once.
    assert_eq!(app.get("/api/events").await.ids(), ["hamburg", "stockholm"]);
}

#[tokio::test]
async fn an_acled_export_is_mapped_without_manual_work() {
    let app = empty_app().await;
    let (code, out, err) = run(&app, &ImportArgs { publish: true, ..args(&[&fixture("acled.csv")]) }).await;
    assert_eq!(
        (out.as_str(), err.as_str()),
        (
            "acled.csv: ACLED export (CSV separated by \",\"), 4 records, 4 valid, 0 refused\n\
          Stored 4 new and 0 updated events as published.\n",
            ""
        )
    );
    assert_eq!(code, 0);
    let rows: Vec<String> = stored(&app)
        .await
        .iter()
        .map(|r| {
            let e = &r.event;
            format!(
                "{} | {} | {} | {}..{} {} | {} {} | {} | {} | {:?} | {:?} | {}",
                e.id,
                e.title,
                e.kind,
                e.dates.start,
                e.dates.end,
                e.date_precision,
                e.country_code,
                e.geo_precision,
                e.location_name,
                e.participants.join("; "),
                e.crowd_size_text,
                e.tags,
                e.sources.iter().map(|s| s.name.as_str()).collect::<Vec<_>>().join(" + "),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            "irn1234 | Peaceful protest in Tehran - Azadi Square | protest | 2020-01-18..2020-01-18 exact | IR site | \
             Tehran - Azadi Square | Protesters (Iran); Students (Iran) | Some(\"hundreds\") | [\"peaceful-protest\"] | \
             Iran International + Radio Farda",
            // time_precision 2: the week (Monday to Sunday) of 22 January.
            "irn1235 | Protest with intervention in Isfahan | protest | 2020-01-20..2020-01-26 approximate | IR city | \
             Isfahan | Protesters (Iran) | None | [\"protest-with-intervention\"] | Radio Farda",
            // time_precision 3: the month; a riot that was a violent
            // demonstration is a protest whose conduct is "violent".
            "irn1236 | Violent demonstration in Shiraz | protest | 2020-01-01..2020-01-31 approximate | IR region | \
             Shiraz | Rioters (Iran) | None | [\"violent-demonstration\"] | BBC Persian",
            "swe101 | Peaceful protest in Stockholm | protest | 2020-01-18..2020-01-18 exact | SE site | Stockholm | \
             Protesters (Sweden); NCRI: National Council of Resistance of Iran | Some(\"around 300\") | \
             [\"peaceful-protest\"] | irannewsupdate",
        ]
    );
}

#[tokio::test]
async fn a_qgis_export_with_other_property_names_is_mapped_by_guess() {
    let app = empty_app().await;
    let mut a = args(&[&fixture("qgis.geojson")]);
    a.kind = Some("rally".into());
    a.geo_precision = Some("city".into());
    a.mapping = vec![("fid".into(), Target::Ignore)];
    let (code, out, _err) = run(&app, &a).await;
    assert_eq!(
        out,
        "qgis.geojson: GeoJSON, 2 records, 2 valid, 0 refused\n  \
         note: positions with a height (a third number): 1; the height was not kept\n  \
         note: records without an id: 2; each got one made from its date, title and content, so that importing them again finds them\n  \
         note: kind: 2 records without one got \"rally\", the default given\n  \
         note: geo_precision: 2 records without one got \"city\", the default given\n\
         Stored 2 new and 0 updated events as drafts.\n"
    );
    assert_eq!(code, 0);
    let all = stored(&app).await;
    let e = &all[1].event;
    assert_eq!(
        (e.id.as_str(), e.title.as_str(), e.country_code.as_str(), e.lon, e.lat),
        ("2020-01-20-rally-in-copenhagen-032c4cb6", "Rally in Copenhagen", "DK", 12.5683, 55.6761)
    );
    assert_eq!(e.sources[0].url.as_deref(), Some("https://example.org/copenhagen"));
    // A month-only date is an approximate range over the month.
    let t = &all[0].event;
    assert_eq!((t.dates.start.to_string(), t.dates.end.to_string()), ("2020-01-01".into(), "2020-01-31".into()));
    assert_eq!(t.date_precision, domain::event::DatePrecision::Approximate);
    assert_eq!(t.country_code, "IR");
    // The same file again finds the same ids.
    let (code, _out, err) = run(&app, &a).await;
    assert_eq!(code, 1);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(stored(&app).await.len(), 2);
}

#[tokio::test]
async fn a_byte_order_mark_a_javascript_wrapper_and_odd_ids_are_read() {
    let app = empty_app().await;
    let (code, out, _err) = run(&app, &args(&[&fixture("bom.csv"), &fixture("wrapped.js")])).await;
    assert_eq!(
        out,
        "bom.csv: CSV separated by \",\", 1 records, 1 valid, 0 refused\nStored 1 new and 0 updated events as drafts.\n\
         wrapped.js: GeoJSON inside JavaScript, 1 records, 1 valid, 0 refused\nStored 1 new and 0 updated events as drafts.\n"
    );
    assert_eq!(code, 0);
    let ids: Vec<String> = stored(&app).await.into_iter().map(|r| r.event.id).collect();
    assert_eq!(ids, ["001", "7"]);
}

/// A file that is refused, with its exact report, and nothing stored.
async fn refused(
    name: &str,
    content: &[u8],
    tweak: impl FnOnce(&mut ImportArgs),
    want: (impl AsRef<str>, impl AsRef<str>),
) {
    let app = empty_app().await;
    let (_d, path) = file(name, content);
    let mut a = args(&[&path]);
    tweak(&mut a);
    let (code, out, err) = run(&app, &a).await;
    assert_eq!((out.as_str(), err.as_str()), (want.0.as_ref(), want.1.as_ref()), "{name}");
    assert_eq!(code, 1, "{name}");
    assert!(stored(&app).await.is_empty(), "{name}: nothing stored");
}

/// What a file that cannot be read gives: a line of the report, and the
/// reason on standard error.
fn unreadable(name: &str, reason: &str) -> (String, String) {
    (format!("{name}: cannot be read (see standard error); nothing was stored.\n"), format!("{name}: {reason}\n"))
}

fn feature(geometry: &str, props: &str) -> String {
    format!(r#"{{"type":"Feature","geometry":{geometry},"properties":{props}}}"#)
}

const PROPS: &str = r#"{"title":"T","kind":"rally","date_start":"2020-01-18","location_name":"X","country_code":"SE","geo_precision":"city","sources":["s"]}"#;

#[tokio::test]
async fn hard_geojson_gets_a_defined_answer() {
    let collection =
        |features: &[String]| format!(r#"{{"type":"FeatureCollection","features":[{}]}}"#, features.join(","));
    refused(
        "projected.geojson",
        br#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3857"}},"features":[]}"#,
        |_| {},
        unreadable(
            "projected.geojson",
            "crs: the coordinates are in urn:ogc:def:crs:EPSG::3857, not WGS 84 longitude and latitude (RFC 7946 §4); \
             export the layer as EPSG:4326 and import it again",
        ),
    )
    .await;
    refused(
        "nan.geojson",
        collection(&[feature(r#"{"type":"Point","coordinates":[NaN, 59.3]}"#, PROPS)]).as_bytes(),
        |_| {},
        unreadable(
            "nan.geojson",
            "not valid JSON at line 1, column 101: expected value: NaN and Infinity are not numbers in JSON \
             (RFC 8259 §6); write the coordinate or leave the Feature out",
        ),
    )
    .await;
    let deep = format!(r#"{{"type":"FeatureCollection","features":[{}{}]}}"#, "[".repeat(200), "]".repeat(200));
    refused(
        "deep.geojson",
        deep.as_bytes(),
        |_| {},
        unreadable("deep.geojson", "not valid JSON at line 1, column 166: recursion limit exceeded"),
    )
    .await;
    refused(
        "array.json",
        b"[1, 2]",
        |_| {},
        unreadable("array.json", "the file is a JSON array; expected a GeoJSON FeatureCollection or Feature"),
    )
    .await;
    refused(
        "kinds.geojson",
        collection(&[
            feature("null", PROPS),
            r#"{"type":"Feature","id":"x","geometry":{"type":"Point","coordinates":[18.07,59.33]},"properties":null}"#
                .to_owned(),
            feature(r#"{"type":"LineString","coordinates":[[0,0],[1,1]]}"#, PROPS),
            feature(r#"{"type":"Point","coordinates":[59.3293,118.0686]}"#, PROPS),
            feature(r#"{"type":"Point","coordinates":[200,10]}"#, PROPS),
            r#"{"type":"Polygon","coordinates":[]}"#.to_owned(),
            r#""text""#.to_owned(),
        ])
        .as_bytes(),
        |_| {},
        (
            "kinds.geojson: GeoJSON, 7 records, 0 valid, 7 refused\n\
             Nothing was stored: all 7 records are refused (listed on standard error).\n",
            // Feature 1 has no source: the file's name is its default.
            "kinds.geojson: feature 0: geometry: is null; each event needs a Point to be placed on the map\n\
             kinds.geojson: feature 1 (x): title: is required; kind: is required; date_start: is required; \
             location_name: is required; country_code: is required; geo_precision: is required\n\
             kinds.geojson: feature 2: geometry: is a LineString; only Point geometries are supported\n\
             kinds.geojson: feature 3: geometry: latitude must be between -90 and 90 degrees, got 118.0686; longitude \
             and latitude look swapped (longitude 59.3293, latitude 118.0686)\n\
             kinds.geojson: feature 4: geometry: longitude must be between -180 and 180 degrees, got 200\n\
             kinds.geojson: feature 5: is a Polygon, not a Feature\n\
             kinds.geojson: feature 6: is a string, not a Feature\n",
        ),
    )
    .await;
}

#[tokio::test]
async fn hard_csv_gets_a_defined_answer() {
    refused(
        "latin1.csv",
        &[HEADER.as_bytes(), b"\n", GOOD1.replace("Stockholm", "G\u{1}teborg").as_bytes()]
            .concat()
            .iter()
            .map(|b| if *b == 1 { 0xF6 } else { *b })
            .collect::<Vec<u8>>(),
        |_| {},
        unreadable(
            "latin1.csv",
            "row 2: the file is not UTF-8 text (perhaps Windows-1252 or Latin-1); save it as UTF-8 (\"CSV UTF-8\" \
             in spreadsheets) and import it again",
        ),
    )
    .await;
    refused(
        "utf16.csv",
        b"\xFF\xFEi\0d\0",
        |_| {},
        unreadable(
            "utf16.csv",
            "the file is UTF-16 text; save it as UTF-8 (\"CSV UTF-8\" in spreadsheets) and import it again",
        ),
    )
    .await;
    let row = |lon: &str, lat: &str, date: &str| {
        format!("\"Rally, with a comma\";rally;{date};Stockholm;SE;{lon};{lat};city;irannewsupdate")
    };
    let sheet = format!(
        "title;kind;date;location_name;country_code;longitude;latitude;geo_precision;sources\n{}\n{}\n{}\n{}\n{}\n{}\n",
        row("18,0686", "59,3293", "2020-01-18"),
        row("18°4'7\"E", "59°19'45\"N", "2020-01-18"),
        row("", "", "2020-01-18"),
        row("18.0686", "59.3293", "18.01.2020"),
        row("18.0686", "59.3293", "18 January 2020"),
        row("18.0686", "59.3293", "2020-02-30"),
    );
    refused(
        "sheet.csv",
        sheet.as_bytes(),
        |_| {},
        (
            "sheet.csv: CSV separated by \";\", 6 records, 0 valid, 6 refused\n\
             Nothing was stored: all 6 records are refused (listed on standard error).\n",
            "sheet.csv: row 2: longitude: \"18,0686\" has a decimal comma; confirm \"decimal comma\" to read it as \
             18.0686; latitude: \"59,3293\" has a decimal comma; confirm \"decimal comma\" to read it as 59.3293\n\
             sheet.csv: row 3: longitude: \"18°4'7\\\"E\" is in degrees, minutes and seconds; write decimal degrees \
             (59.3293, -77.0365); latitude: \"59°19'45\\\"N\" is in degrees, minutes and seconds; write decimal \
             degrees (59.3293, -77.0365)\n\
             sheet.csv: row 4: geometry: longitude is required\n\
             sheet.csv: row 5: date: \"18.01.2020\" is not written year-month-day (2020-01-18); choose the file's \
             date format (day.month.year, month/day/year or day and month name) to read it\n\
             sheet.csv: row 6: date: \"18 January 2020\" is not written year-month-day (2020-01-18); choose the \
             file's date format (day.month.year, month/day/year or day and month name) to read it\n\
             sheet.csv: row 7: date: 30 February 2020 is not a day of the calendar\n",
        ),
    )
    .await;
    // Confirmed, the same forms are read.
    let app = empty_app().await;
    let ok = format!(
        "title;kind;date;location_name;country_code;longitude;latitude;geo_precision;sources\n{}\n",
        row("18,0686", "59,3293", "18.01.2020")
    );
    let (_d, path) = file("ok.csv", ok.as_bytes());
    let a = ImportArgs { decimal_comma: true, date_format: DateFormat::DayMonthYear, ..args(&[&path]) };
    let (code, out, _err) = run(&app, &a).await;
    assert_eq!((code, out.lines().last()), (0, Some("Stored 1 new and 0 updated events as drafts.")), "{out}");
    let e = &stored(&app).await[0].event;
    assert_eq!(
        (e.title.as_str(), e.dates.start.to_string(), e.lon, e.lat),
        ("Rally, with a comma", "2020-01-18".into(), 18.0686, 59.3293)
    );
}

/// A multipart body with one file part.
fn multipart(name: &str, content: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----rallymapTestBoundary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(content);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &TestApp,
    cookie: Option<&str>,
    origin: Option<&str>,
    name: &str,
    content: &[u8],
) -> (u16, String, String) {
    use axum::body::Body;
    use axum::http::{header, Request};
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let (ct, body) = multipart(name, content);
    let mut req =
        Request::post("/editor/import/upload").header(header::HOST, "rallymap.test").header(header::CONTENT_TYPE, ct);
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    let res = app.router.clone().oneshot(req.body(Body::from(body)).expect("req")).await.expect("ok");
    let status = res.status().as_u16();
    let location = res.headers().get(header::LOCATION).map(|v| v.to_str().unwrap_or("").to_owned()).unwrap_or_default();
    let text = String::from_utf8_lossy(&res.into_body().collect().await.expect("body").to_bytes()).into_owned();
    (status, location, text)
}

async fn editor_app(max_mb: u64) -> (TestApp, String) {
    let app = with_config(empty_seed(), |c| c.import_max_mb = max_mb).await;
    let store = server::store::open(&db(&app)).await.expect("open");
    store.accounts().add("anna", "correct horse battery").await.expect("add");
    store.accounts().add("bob", "another horse battery").await.expect("add");
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let cookie = crate::sign_in::pair(&r.cookie);
    (app, cookie)
}

fn uploads_left(app: &TestApp) -> usize {
    std::fs::read_dir(&app.state.config.import_dir).map(|d| d.count()).unwrap_or(0)
}

#[tokio::test]
async fn the_upload_is_signed_in_origin_checked_and_limited() {
    let (app, cookie) = editor_app(1).await;
    // No session: to the sign-in page, nothing kept.
    let (status, location, _) = upload(&app, None, OURS, "a.csv", &csv(&[GOOD1])).await;
    assert_eq!((status, location.as_str()), (303, "/login"));
    // Another site's form: refused by the Origin check.
    let (status, _, _) = upload(&app, Some(&cookie), Some("https://evil.example"), "a.csv", &csv(&[GOOD1])).await;
    assert_eq!(status, 403);
    // Over the limit (1 MB here): 413 with a message, nothing kept.
    let big = csv(&vec![GOOD1; 12_000]);
    assert!(big.len() > 1024 * 1024);
    let (status, _, text) = upload(&app, Some(&cookie), OURS, "big.csv", &big).await;
    assert_eq!(status, 413);
    assert!(text.contains("The file is larger than 1 MB, the upload limit."), "{text}");
    assert_eq!(uploads_left(&app), 0);
    assert!(stored(&app).await.is_empty());
}

#[tokio::test]
async fn a_refused_upload_is_told_in_the_editor_s_language() {
    let (app, cookie) = editor_app(1).await;
    let persian = format!("{cookie}; lang=fa");
    let (status, _, page) = upload(&app, Some(&persian), OURS, "empty.csv", b"").await;
    assert_eq!(status, 400);
    assert!(page.contains("<html lang=\"fa\" dir=\"rtl\">"), "{page}");
    assert!(page.contains("<p role=\"alert\">پرونده: پرونده خالی است.</p>"), "{page}");
    assert!(page.contains(">بازگشت به درون‌ریزی</a>"), "{page}");
    let big = csv(&vec![GOOD1; 12_000]);
    let (status, _, page) = upload(&app, Some(&persian), OURS, "big.csv", &big).await;
    assert_eq!(status, 413);
    assert!(page.contains("پرونده از ۱ مگابایت، سقف بارگذاری، بزرگ‌تر است."), "{page}");
    let (status, _, page) = upload(&app, Some(&cookie), OURS, "empty.csv", b"").await;
    assert_eq!(status, 400);
    assert!(page.contains("<html lang=\"en\" dir=\"ltr\">") && page.contains("file: the file is empty."), "{page}");
    assert_eq!(uploads_left(&app), 0);
}

#[tokio::test]
async fn upload_preview_and_import_as_the_page_calls_them() {
    let (app, cookie) = editor_app(50).await;
    let (status, location, _) = upload(&app, Some(&cookie), OURS, "two.csv", &csv(&[GOOD1, BAD, GOOD2])).await;
    assert_eq!(status, 303);
    let token = location.strip_prefix("/editor/import/").expect("to the preview").to_owned();
    assert_eq!(token.len(), 32);
    let form =
        |pairs: &[(&str, &str)]| url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();

    let r = call(&app, "/_fn/import_preview", &form(&[("token", &token), ("query", "")]), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let p: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!((p["records"].as_u64(), p["valid"].as_u64(), p["refused"].as_u64()), (Some(3), Some(2), Some(1)));
    assert_eq!(
        p["refusals"][0],
        "row 3 (washington): geometry: latitude must be between -90 and 90 degrees, got 118.9072; longitude and \
         latitude look swapped (longitude -77.0365, latitude 118.9072)"
    );
    assert_eq!(p["columns"][1]["target"], "title");

    // Another editor cannot see or import it.
    let bob = post(&app, "/_fn/sign_in", "name=bob&password=another+horse+battery", OURS, None).await;
    let bob = crate::sign_in::pair(&bob.cookie);
    let r = call(&app, "/_fn/import_preview", &form(&[("token", &token), ("query", "")]), OURS, Some(&bob)).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("This upload is not there any more"), "{}", r.body);

    // All or nothing by default; then valid only, published.
    let confirm = |extra: &[(&str, &str)]| {
        let mut pairs = vec![("token", token.as_str()), ("query", "")];
        pairs.extend_from_slice(extra);
        form(&pairs)
    };
    let r = call(&app, "/_fn/import_confirm", &confirm(&[]), OURS, Some(&cookie)).await;
    let o: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(o["stored"], false);
    assert!(stored(&app).await.is_empty());
    let r =
        call(&app, "/_fn/import_confirm", &confirm(&[("valid_only", "on"), ("publish", "on")]), OURS, Some(&cookie))
            .await;
    let o: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(
        o["summary"],
        "Stored 2 new and 0 updated events as published. Skipped 1 refused records (listed above)."
    );
    assert_eq!(app.get("/api/events").await.ids(), ["hamburg", "stockholm"]);
    let history = server::store::open(&db(&app)).await.expect("open").history("hamburg").await.expect("history");
    assert_eq!((history[0].editor.as_str(), history[0].note.as_deref()), ("anna", Some("imported from two.csv")));

    // An unknown option names itself.
    let r = call(
        &app,
        "/_fn/import_preview",
        &form(&[("token", &token), ("query", "map.title=height")]),
        OURS,
        Some(&cookie),
    )
    .await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("map.title: \\\"height\\\" is not a field to import into"), "{}", r.body);
}

/// A second server on the same database as `app` (another process behind
/// the same load balancer), with an upload folder of its own.
async fn second_server(app: &TestApp) -> TestApp {
    let dir = TempDir::new().expect("temp dir");
    let mut config = (*app.state.config).clone();
    config.import_dir = dir.path().join("imports");
    let state = server::open_state(config).await.expect("the second server starts");
    TestApp { router: server::router_with_routes(state.clone(), crate::helpers::routes()), state, dir, pg: None }
}

#[tokio::test]
async fn an_upload_is_previewed_and_imported_by_another_server_of_the_same_database() {
    let (first, cookie) = editor_app(50).await;
    let second = second_server(&first).await;
    let (status, location, _) = upload(&first, Some(&cookie), OURS, "two.csv", &csv(&[GOOD1, BAD, GOOD2])).await;
    assert_eq!(status, 303);
    let token = location.strip_prefix("/editor/import/").expect("to the preview").to_owned();
    assert_eq!(uploads_left(&second), 0, "the second server has not seen the file");
    let form =
        |pairs: &[(&str, &str)]| url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish();

    // The preview reaches the second server: the same reading.
    let r = call(&second, "/_fn/import_preview", &form(&[("token", &token), ("query", "")]), OURS, Some(&cookie)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    let p: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!((p["records"].as_u64(), p["valid"].as_u64(), p["refused"].as_u64()), (Some(3), Some(2), Some(1)));
    assert_eq!(p["file_name"], "two.csv");

    // Not another editor's, on any server.
    let bob = post(&second, "/_fn/sign_in", "name=bob&password=another+horse+battery", OURS, None).await;
    let bob = crate::sign_in::pair(&bob.cookie);
    let r = call(&second, "/_fn/import_preview", &form(&[("token", &token), ("query", "")]), OURS, Some(&bob)).await;
    assert_eq!(r.status, 422);
    assert!(r.body.contains("This upload is not there any more"), "{}", r.body);

    // The import reaches the second server too; both serve its events.
    let confirm = form(&[("token", &token), ("query", ""), ("valid_only", "on"), ("publish", "on")]);
    let r = call(&second, "/_fn/import_confirm", &confirm, OURS, Some(&cookie)).await;
    let o: serde_json::Value = serde_json::from_str(&r.body).expect("json");
    assert_eq!(
        o["summary"],
        "Stored 2 new and 0 updated events as published. Skipped 1 refused records (listed above)."
    );
    assert_eq!(first.get("/api/events").await.ids(), ["hamburg", "stockholm"]);
    assert_eq!(second.get("/api/events").await.ids(), ["hamburg", "stockholm"]);
}

#[tokio::test]
async fn the_export_is_what_the_import_reads() {
    let app = empty_app().await;
    let tricky = "tricky,\"=SUM(A1), \"\"quoted\"\"\",rally,2020-01-18,,\"تهران، میدان آزادی\",IR,51.338,35.6997,site,\"[{\"\"name\"\":\"\"رادیو فردا\"\",\"\"url\"\":\"\"https://example.org/a?b=1,2\"\"}]\"";
    let (_d, path) = file("in.csv", &csv(&[GOOD1, tricky]));
    let (code, out, _err) = run(&app, &ImportArgs { publish: true, ..args(&[&path]) }).await;
    assert_eq!(code, 0, "{out}");
    let exported = app.get("/api/events?f=csv").await;
    assert_eq!(exported.content_type, "text/csv; charset=utf-8");
    assert_eq!(exported.header("content-disposition"), "attachment");
    let text = exported.text();
    assert!(text.contains("\"'=SUM(A1), \"\"quoted\"\"\""), "{text}");

    let other = empty_app().await;
    let (_d2, back) = file("export.csv", &exported.body);
    let (code, out, _err) = run(&other, &ImportArgs { publish: true, ..args(&[&back]) }).await;
    assert_eq!(code, 0, "{out}");
    let strip = |rs: Vec<domain::store::Revision>| -> Vec<domain::event::Event> {
        rs.into_iter().map(|r| domain::event::Event { updated_at: None, ..r.event }).collect()
    };
    assert_eq!(strip(stored(&other).await), strip(stored(&app).await));
    let e = &stored(&other).await[1].event;
    assert_eq!(e.title, "=SUM(A1), \"quoted\"");
    assert_eq!(e.sources[0].name, "رادیو فردا");
    let refused = app.get("/api/events?f=xml").await;
    assert_eq!(refused.status, 400);
    assert_eq!(refused.json()["detail"], "f: must be json or csv, got \"xml\"");
}

#[tokio::test]
async fn ids_from_other_systems_are_kept_exactly_and_the_events_found_by_them() {
    let app = empty_app().await;
    let file = fixture("crowd-sourced-ids.csv");
    let mut a = args(&[&file]);
    a.publish = true;
    // What the list does not say, the editor gives for the whole file.
    a.kind = Some("rally".into());
    a.geo_precision = Some("city".into());
    let (code, out, err) = run(&app, &a).await;
    assert_eq!(code, 0, "{out}{err}");
    let store = server::store::open(&db(&app)).await.expect("open");
    let mut stored: Vec<(String, Option<String>)> =
        store.list_for_editors().await.expect("list").into_iter().map(|r| (r.event.id, r.event.external_id)).collect();
    stored.sort();
    assert_eq!(
        stored,
        [
            ("annapolis-2".to_owned(), None),
            ("bel-air-maryland-78665d94".to_owned(), Some("bel_air/maryland".to_owned())),
            ("irn1234".to_owned(), Some("IRN1234".to_owned())),
            ("true".to_owned(), Some("TRUE".to_owned())),
        ]
    );
    // Found by either id, as the API and as a page.
    for (asked, id) in [("TRUE", "true"), ("bel_air%2Fmaryland", "bel-air-maryland-78665d94"), ("irn1234", "irn1234")] {
        let f = app.get(&format!("/api/events/{asked}")).await;
        assert_eq!(f.status.as_u16(), 200, "{asked}: {}", f.text());
        assert_eq!(f.json()["id"], id, "{asked}");
        assert_eq!(app.get(&format!("/events/{asked}")).await.status.as_u16(), 200, "{asked}");
    }
    assert_eq!(app.get("/api/events/TRUE").await.json()["properties"]["external_id"], "TRUE");
    // The same file again finds the same events: nothing new.
    let (code, out, err) = run(&app, &a).await;
    assert_eq!(code, 1, "{out}{err}");
    assert_eq!(store.count().await.expect("count"), 4);
    // Exported and imported again, the ids and external ids stay as they are.
    let csv = app.get("/api/events?f=csv").await.text();
    assert!(csv.lines().next().expect("header").ends_with(",tags,dataset,external_id,upstream_updated_at"), "{csv}");
    let again = empty_app().await;
    let path = again.dir.path().join("export.csv");
    std::fs::write(&path, &csv).expect("write");
    let mut a = args(&[&path]);
    a.publish = true;
    let (code, out, err) = run(&again, &a).await;
    assert_eq!(code, 0, "{out}{err}");
    let back = server::store::open(&db(&again)).await.expect("open");
    let mut round: Vec<(String, Option<String>)> =
        back.list_for_editors().await.expect("list").into_iter().map(|r| (r.event.id, r.event.external_id)).collect();
    round.sort();
    assert_eq!(round, stored);
}
