//! The query parameters of the API's routes, read by one extractor,
//! [`Query`]: the parameters that select events go into a
//! [`domain::filter::EventFilter`] (the one grammar, `domain::filter`), a
//! route's own (`f`, `limit`, `zoom`, …) into its [`RouteParams`]; anything
//! else, a repeated parameter or an overlong query is refused with the
//! problem details a client can act on (README, "API"), before the handler
//! runs.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::HeaderMap;
use domain::filter::{EventFilter, Param, ParamError};

use crate::error::ApiError;

/// The longest query string read, in bytes; longer ones get a 414.
pub const MAX_QUERY_BYTES: usize = 2048;

/// A parameter a route accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Accepted {
    /// One that selects events, read into the [`EventFilter`].
    Select(Param),
    /// One of the route's own, read by [`RouteParams::own`].
    Own(&'static str),
    /// Every parameter that selects events ([`Param::ALL`], in its order):
    /// a route that takes them all takes a new one without an edit.
    EverySelection,
}

impl Accepted {
    /// Its name in the query; `None` for [`Accepted::EverySelection`], which
    /// stands for several (see [`each`]).
    pub fn name(self) -> Option<&'static str> {
        match self {
            Self::Select(p) => Some(p.as_str()),
            Self::Own(name) => Some(name),
            Self::EverySelection => None,
        }
    }
}

/// Each parameter of `accepted` by itself, [`Accepted::EverySelection`]
/// spelled out, in order.
pub fn each(accepted: &'static [Accepted]) -> impl Iterator<Item = Accepted> {
    // No allocation: this runs for every parameter of every request.
    accepted.iter().flat_map(|&a| {
        let every = a == Accepted::EverySelection;
        let selections = Param::ALL.iter().filter(move |_| every).map(|&p| Accepted::Select(p));
        std::iter::once(a).filter(move |_| !every).chain(selections)
    })
}

/// The parameters `datetime`, `bbox` and `bbox-crs`, which every route
/// that reads events takes.
pub const WINDOW_AND_BOX: [Accepted; 3] =
    [Accepted::Select(Param::Datetime), Accepted::Select(Param::Bbox), Accepted::Select(Param::BboxCrs)];

/// A route's own parameters: which it accepts (in the order its refusals
/// list them) and how it reads those that are not the filter's.
pub trait RouteParams: Default + Send + Sized + 'static {
    /// Every parameter the route accepts, the filter's and its own.
    const ACCEPTS: &'static [Accepted];

    /// Reads `value` of its own parameter `name` (one of [`Self::ACCEPTS`]).
    ///
    /// # Errors
    /// A 400 (or 406) naming the parameter.
    fn own(&mut self, name: &'static str, value: &str) -> Result<(), ApiError> {
        let _ = value;
        Err(ApiError::InvalidParameter { param: name.to_owned(), reason: "is not read here".to_owned() })
    }

    /// Checks what needs every parameter (or the request's headers), once
    /// all are read.
    ///
    /// # Errors
    /// A 4xx naming the parameter.
    fn done(&mut self, headers: &HeaderMap) -> Result<(), ApiError> {
        let _ = headers;
        Ok(())
    }
}

/// A route that takes no parameter.
#[derive(Debug, Default, Clone, Copy)]
pub struct NoParams;

impl RouteParams for NoParams {
    const ACCEPTS: &'static [Accepted] = &[];
}

/// A route that takes the window and the box and nothing else.
#[derive(Debug, Default, Clone, Copy)]
pub struct WindowOnly;

impl RouteParams for WindowOnly {
    const ACCEPTS: &'static [Accepted] = &WINDOW_AND_BOX;
}

/// The query of a request: what it selects and the route's own parameters.
#[derive(Debug, Clone)]
pub struct Query<P> {
    /// What the selecting parameters asked for.
    pub filter: EventFilter,
    /// The route's own.
    pub params: P,
}

impl From<ParamError> for ApiError {
    fn from(e: ParamError) -> Self {
        ApiError::InvalidParameter { param: e.param.as_str().to_owned(), reason: e.reason }
    }
}

/// The names of `accepted`, comma-separated, for the refusal of another one.
fn accepted_names(accepted: &'static [Accepted]) -> String {
    if accepted.is_empty() {
        return "no parameters".to_owned();
    }
    each(accepted).filter_map(Accepted::name).collect::<Vec<_>>().join(", ")
}

impl<P: RouteParams> Query<P> {
    /// Reads the query string `raw` (and `headers`, for what depends on
    /// them) as a route with parameters `P` takes it.
    ///
    /// # Errors
    /// [`ApiError`] with a 4xx status: an unknown or repeated parameter, a
    /// malformed value, or a query longer than [`MAX_QUERY_BYTES`].
    pub fn read(raw: Option<&str>, headers: &HeaderMap) -> Result<Self, ApiError> {
        let raw = raw.unwrap_or("");
        if raw.len() > MAX_QUERY_BYTES {
            return Err(ApiError::QueryTooLong { len: raw.len(), limit: MAX_QUERY_BYTES });
        }
        let mut query = Self { filter: EventFilter::default(), params: P::default() };
        let mut seen: Vec<&'static str> = Vec::new();
        for (name, value) in url::form_urlencoded::parse(raw.as_bytes()) {
            let Some(accepted) = each(P::ACCEPTS).find(|a| a.name() == Some(&*name)) else {
                return Err(ApiError::UnknownParameter {
                    param: name.into_owned(),
                    accepted: accepted_names(P::ACCEPTS),
                });
            };
            let Some(known) = accepted.name() else { continue };
            if seen.contains(&known) {
                return Err(ApiError::RepeatedParameter(name.into_owned()));
            }
            seen.push(known);
            match accepted {
                Accepted::Select(param) => query.filter.set(param, &value)?,
                Accepted::Own(own) => query.params.own(own, &value)?,
                // Spelled out by `each`.
                Accepted::EverySelection => {}
            }
        }
        query.params.done(headers)?;
        Ok(query)
    }
}

impl<S: Send + Sync, P: RouteParams> FromRequestParts<S> for Query<P> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, ApiError> {
        Self::read(parts.uri.query(), &parts.headers)
    }
}

/// A whole number from 0 to `max` for parameter `name`, or a 400 naming it.
///
/// # Errors
/// [`ApiError::InvalidParameter`] when `value` is not such a number.
pub fn whole_number(name: &str, value: &str, max: u64) -> Result<u64, ApiError> {
    value.parse::<u64>().ok().filter(|n| *n <= max).ok_or_else(|| ApiError::InvalidParameter {
        param: name.to_owned(),
        reason: format!("must be a whole number from 0 to {max}, got {value:?}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read<P: RouteParams>(raw: &str) -> Result<Query<P>, String> {
        Query::<P>::read(Some(raw), &HeaderMap::new()).map_err(|e| e.to_string())
    }

    #[test]
    fn percent_encoded_values_are_decoded() {
        let q = read::<WindowOnly>("datetime=2020-01-18%2F..&bbox=-10%2C40%2C20%2C60").expect("valid");
        assert_eq!(q.filter.window.to_string(), "2020-01-18/..");
        assert_eq!(q.filter.bbox.map(|b| (b.min_lon, b.max_lat)), Some((-10.0, 60.0)));
    }

    #[test]
    fn refusals_name_the_parameter_and_what_is_accepted() {
        assert_eq!(
            read::<WindowOnly>("kind=rally").expect_err("not here"),
            "kind: unknown parameter; this resource accepts datetime, bbox, bbox-crs"
        );
        assert_eq!(
            read::<NoParams>("pretty=1").expect_err("none"),
            "pretty: unknown parameter; this resource accepts no parameters"
        );
        assert_eq!(read::<WindowOnly>("bbox=1,2,3,4&bbox=1,2,3,4").expect_err("twice"), "bbox: given more than once");
        assert_eq!(
            read::<WindowOnly>(&format!("datetime={}", "x".repeat(3000))).expect_err("long"),
            "the query string is 3009 bytes long; the limit is 2048"
        );
    }
}
