//! Text for the elements whose content Leptos writes without escaping.
//!
//! Leptos's server renderer treats the children of `<title>`, `<textarea>`,
//! `<script>`, `<style>` and `<noscript>` as raw text and writes them as they
//! are, so text that reaches one of them could close the element and add
//! markup of its own (`</title><meta http-equiv=refresh …>`). Every piece of
//! our text that goes into such an element goes through this module instead
//! (README, "Security"): page titles through [`title`], a textarea's content
//! through [`textarea_html`]. The app puts no text of ours into `<script>`,
//! `<style>` or `<noscript>`; the data Leptos serialises into its own
//! hydration scripts is escaped by Leptos (`<` as `\u003c`).

/// A page title as `<title>` needs it: escaped (`&`, `<`, `>` as character
/// references, which the browser decodes back) when the server writes the
/// `<title>` element, and left as it is in the browser, which sets
/// `document.title` as text. Used as the app's `<Title formatter>`, so every
/// page's title passes through it.
///
/// # Examples
/// ```
/// # #[cfg(feature = "ssr")]
/// assert_eq!(app::raw_text::title("</title><b>x&y</b>".into()), "&lt;/title&gt;&lt;b&gt;x&amp;y&lt;/b&gt;");
/// ```
pub fn title(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&text).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    text
}

/// A textarea's initial content as HTML for its `inner_html`: the text with
/// `&`, `<` and `>` escaped, so that it can never close the element, and the
/// browser shows exactly `text`.
///
/// On the server the HTML starts with a line break: the HTML parser drops
/// one line break right after `<textarea>`, which would otherwise eat a
/// leading line break of the text. (In the browser, `innerHTML` does not
/// drop it, and hydration keeps the server's content.)
///
/// # Examples
/// ```
/// let html = app::raw_text::textarea_html("x</textarea><b>y</b>");
/// assert!(html.ends_with("x&lt;/textarea&gt;&lt;b&gt;y&lt;/b&gt;"));
/// ```
pub fn textarea_html(text: &str) -> String {
    let escaped = html_escape::encode_text(text);
    if cfg!(feature = "ssr") {
        format!("\n{escaped}")
    } else {
        escaped.into_owned()
    }
}
