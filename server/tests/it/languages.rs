//! The interface's languages (README, "Languages"): chosen by `?lang=`, a
//! cookie or `Accept-Language`, written into `<html lang dir>`, remembered,
//! and part of the pages' validators.

use axum::http::{Method, StatusCode};

use crate::helpers::seeded;

#[tokio::test]
async fn a_persian_browser_gets_the_map_in_persian_right_to_left() {
    let app = seeded().await;
    let a = app.request_with(Method::GET, "/", &[("accept-language", "fa-IR,fa;q=0.9,en;q=0.5")]).await;
    assert_eq!(a.status, StatusCode::OK);
    let html = a.text();
    assert!(html.contains(r#"<html lang="fa" dir="rtl">"#), "{}", &html[..300.min(html.len())]);
    assert!(html.contains("۶ از ۶ رویداد"), "the count in Persian digits");
    // Gregorian day with the Solar Hijri day beside it, in Persian digits.
    assert!(html.contains("۱۸ ژانویه ۲۰۲۰ (۲۸ دی ۱۳۹۸)"));
    assert!(html.contains("حدود ۱۸ تا ۲۰ ژانویه ۲۰۲۰ (۲۸ تا ۳۰ دی ۱۳۹۸) (تاریخ دقیق گزارش نشده)"));
    assert!(html.contains(r#"hreflang="en""#), "a switch back to English");
    assert!(a.header("vary").contains("Accept-Language"), "{}", a.header("vary"));
    assert_eq!(a.header("set-cookie"), "", "nothing chosen, nothing remembered");
}

#[tokio::test]
async fn the_query_beats_the_browser_and_is_remembered() {
    let app = seeded().await;
    let a = app.request_with(Method::GET, "/?lang=en", &[("accept-language", "fa")]).await;
    assert!(a.text().contains(r#"<html lang="en" dir="ltr">"#));
    assert!(a.text().contains("6 of 6 events"));
    assert_eq!(a.header("set-cookie"), "lang=en; Path=/; Max-Age=31536000; SameSite=Lax");

    let b = app.request_with(Method::GET, "/events/2020-01-18-washington", &[("cookie", "lang=fa")]).await;
    let html = b.text();
    assert!(html.contains(r#"<html lang="fa" dir="rtl">"#));
    assert!(html.contains("<dt>نوع<!></dt><dd>تجمع<!></dd>"), "the kind, in Persian: {html}");
    assert!(html.contains("MEK supporters gather outside the White House"), "event text as written");

    // A language there are no messages for is passed over.
    let c = app.request_with(Method::GET, "/embed?lang=xx", &[("accept-language", "fa")]).await;
    assert!(c.text().contains(r#"<html lang="fa" dir="rtl">"#));
}

#[tokio::test]
async fn sign_in_and_the_editor_pages_follow_the_language() {
    use crate::sign_in::{get, pair, post, with_editor, OURS};
    let app = with_editor().await;
    let login = get(&app, "/login?lang=fa", None).await;
    assert!(login.body.contains(r#"<html lang="fa" dir="rtl">"#));
    assert!(login.body.contains("ورود ویراستاران"), "the heading in Persian");
    let r = post(&app, "/_fn/sign_in", "name=anna&password=correct+horse+battery", OURS, None).await;
    let cookies = format!("{}; lang=fa", pair(&r.cookie));
    let editor = get(&app, "/editor", Some(&cookies)).await;
    assert_eq!(editor.status, 200);
    assert!(editor.body.contains(r#"<html lang="fa" dir="rtl">"#), "the editor follows the cookie");
    assert!(editor.body.contains("واردشده با نام "), "the editor bar in Persian");
    assert!(editor.body.contains(r#"<strong dir="auto">anna"#), "the name as written");
    assert!(editor.body.contains("<title>رویدادها — ویرایشگر rallymap</title>"), "the title in Persian");
}

#[tokio::test]
async fn a_page_in_one_language_is_not_fresh_in_another() {
    let app = seeded().await;
    let en = app.get("/").await.header("etag");
    let fa = app.request_with(Method::GET, "/", &[("accept-language", "fa")]).await.header("etag");
    assert_ne!(en, fa);
    let again = app.request_with(Method::GET, "/", &[("if-none-match", &en), ("cookie", "lang=fa")]).await;
    assert_eq!(again.status, StatusCode::OK, "the English page's tag does not match the Persian page");
    let same = app.request_with(Method::GET, "/", &[("if-none-match", &fa), ("accept-language", "fa")]).await;
    assert_eq!(same.status, StatusCode::NOT_MODIFIED);
}
