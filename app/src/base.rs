//! The path the site is served under (README, "Behind a proxy, under a
//! path"). A proxy at `https://news.example/rallies/` strips `/rallies`
//! before it asks the app, so the app answers at `/` as always; but every
//! URL it writes for the browser (links, assets, the WASM, server
//! functions, the API's fetches, redirects) must carry `/rallies`. The path
//! is that of `RALLYMAP_PUBLIC_URL`; none (the default) is an empty prefix
//! and changes nothing.
//!
//! The server provides a [`BasePath`] as context and writes it into each
//! page's head (`<meta name="rallymap-base">`, [`META_NAME`]); the browser
//! reads it from there. Code that writes a root-relative URL passes it
//! through [`href`].

use std::sync::Arc;

/// The `<meta>` element that carries the path to the browser.
pub const META_NAME: &str = "rallymap-base";

/// A path prefix without a trailing slash: `""` or e.g. `/rallies`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BasePath(Arc<str>);

impl BasePath {
    /// The path of a public URL (`https://news.example/rallies/` →
    /// `/rallies`); empty for none, for a URL at the root and for text that
    /// is not an absolute URL.
    ///
    /// # Examples
    /// ```
    /// use app::base::BasePath;
    /// assert_eq!(BasePath::from_public_url(Some("https://n.example/rallies/")).as_str(), "/rallies");
    /// assert_eq!(BasePath::from_public_url(Some("https://n.example/")).as_str(), "");
    /// assert_eq!(BasePath::from_public_url(None).as_str(), "");
    /// ```
    pub fn from_public_url(url: Option<&str>) -> Self {
        let path = url
            .and_then(|u| u.split_once("://"))
            .and_then(|(_, rest)| rest.find('/').map(|i| &rest[i..]))
            .map(|p| p.split(['?', '#']).next().unwrap_or(""))
            .unwrap_or("");
        Self::new(path)
    }

    /// A prefix from its text (`/rallies`, `rallies/`, `/`); the slashes
    /// are normalised, an empty or `/` one is none.
    pub fn new(path: &str) -> Self {
        let trimmed = path.trim().trim_matches('/');
        if trimmed.is_empty() {
            Self::default()
        } else {
            Self(format!("/{trimmed}").into())
        }
    }

    /// The `Path` of the site's cookies: the prefix, or `/` without one, so
    /// that a newsroom's other sites on the same host never receive them.
    ///
    /// # Examples
    /// ```
    /// use app::base::BasePath;
    /// assert_eq!(BasePath::new("/rallies").cookie_path(), "/rallies");
    /// assert_eq!(BasePath::default().cookie_path(), "/");
    /// ```
    pub fn cookie_path(&self) -> &str {
        if self.is_empty() {
            "/"
        } else {
            &self.0
        }
    }

    /// The prefix, `""` or e.g. `/rallies`.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether there is no prefix.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The root-relative `path` (with any query) as the browser must ask
    /// for it. Anything that is not root-relative (`https://…`, `//host`,
    /// `?q=1`) is returned as it is.
    ///
    /// # Examples
    /// ```
    /// use app::base::BasePath;
    /// let b = BasePath::new("/rallies");
    /// assert_eq!(b.join("/events/x?lang=fa"), "/rallies/events/x?lang=fa");
    /// assert_eq!(b.join("/"), "/rallies/");
    /// assert_eq!(b.join("/?start=2020-01-18"), "/rallies/?start=2020-01-18");
    /// assert_eq!(b.join("https://other.example/"), "https://other.example/");
    /// assert_eq!(BasePath::default().join("/events/x"), "/events/x");
    /// ```
    pub fn join(&self, path: &str) -> String {
        if path.starts_with('/') && !path.starts_with("//") {
            format!("{}{path}", self.0)
        } else {
            path.to_owned()
        }
    }

    /// `path` with the prefix taken off (`/rallies/events/x` →
    /// `/events/x`, `/rallies` → `/`); `None` when it is not under it.
    ///
    /// # Examples
    /// ```
    /// use app::base::BasePath;
    /// let b = BasePath::new("/rallies");
    /// assert_eq!(b.strip("/rallies/events/x"), Some("/events/x"));
    /// assert_eq!(b.strip("/rallies"), Some("/"));
    /// assert_eq!(b.strip("/ralliesx/"), None);
    /// assert_eq!(BasePath::default().strip("/embed"), Some("/embed"));
    /// ```
    pub fn strip<'a>(&self, path: &'a str) -> Option<&'a str> {
        match path.strip_prefix(&*self.0)? {
            "" => Some("/"),
            rest if rest.starts_with('/') => Some(rest),
            _ => None,
        }
    }
}

/// The prefix of this page: on the server the one provided as context, in
/// the browser the one the page's head carries.
pub fn current() -> BasePath {
    #[cfg(feature = "hydrate")]
    {
        from_document()
    }
    #[cfg(not(feature = "hydrate"))]
    {
        leptos::prelude::use_context::<BasePath>().unwrap_or_default()
    }
}

/// The root-relative `path` as the browser must ask for it on this site:
/// [`BasePath::join`] with the [`current`] prefix.
pub fn href(path: &str) -> String {
    current().join(path)
}

/// The prefix written in the document's `<meta name="rallymap-base">`;
/// none without one.
#[cfg(feature = "hydrate")]
pub fn from_document() -> BasePath {
    leptos::prelude::document()
        .query_selector(&format!("meta[name=\"{META_NAME}\"]"))
        .ok()
        .flatten()
        .and_then(|m| m.get_attribute("content"))
        .map(|c| BasePath::new(&c))
        .unwrap_or_default()
}

/// Makes the browser's server-function calls go under the prefix. Called
/// once by the WASM entry point, before it hydrates.
#[cfg(feature = "hydrate")]
pub fn route_server_functions() {
    let base = from_document();
    if !base.is_empty() {
        // server_fn keeps the URL for the page's lifetime; it asks for a
        // `'static` text, leaked once per page load.
        let url: &'static str = Box::leak(base.as_str().to_owned().into_boxed_str());
        let _ = leptos::server_fn::client::try_set_server_url(url);
    }
}

#[cfg(test)]
mod tests {
    use super::BasePath;

    #[test]
    fn the_path_of_a_public_url() {
        let p = |u: &str| BasePath::from_public_url(Some(u)).as_str().to_owned();
        assert_eq!(p("https://maps.example.test/rallies"), "/rallies");
        assert_eq!(p("https://maps.example.test/a/b/?x=1"), "/a/b");
        assert_eq!(p("https://maps.example.test"), "");
        assert_eq!(p("http://127.0.0.1:3000/"), "");
        assert_eq!(p("not a url"), "");
    }

    #[test]
    fn an_empty_prefix_changes_nothing() {
        let b = BasePath::default();
        for path in ["/", "/embed?list=0", "/pkg/rallymap.js", "https://x.example/"] {
            assert_eq!(b.join(path), path);
        }
    }
}
