//! Answers of the API, built once and kept: the events of a query are
//! joined from their stored Feature texts into one body, compressed once per
//! encoding (brotli, gzip) on first demand, and kept in memory under a byte
//! budget, keyed by the data version and the normalised query, so that a
//! repeated window costs a lookup, not a database read and a compression
//! (README, "API at scale"). Answers too large to keep are streamed, through
//! a fast gzip encoder when the client accepts gzip.

use std::sync::Arc;

use axum::body::Body;
use axum::http::HeaderValue;
use bytes::Bytes;
use domain::store::{FeatureStream, StoreError};
use futures_util::{Stream, StreamExt};
use tokio::sync::OnceCell;

/// A content coding the API sends (RFC 9110 §8.4.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Coding {
    /// Uncompressed.
    Identity,
    /// `gzip`.
    Gzip,
    /// `br` (Brotli, RFC 7932).
    Brotli,
}

impl Coding {
    /// The best coding an `Accept-Encoding` value allows: brotli, then gzip,
    /// then none. A coding with `q=0` is refused; an absent header means
    /// identity.
    pub fn negotiate(accept_encoding: Option<&HeaderValue>) -> Self {
        let Some(value) = accept_encoding.and_then(|v| v.to_str().ok()) else { return Self::Identity };
        let allowed = |name: &str| {
            value.split(',').any(|item| {
                let mut parts = item.split(';').map(str::trim);
                let coding = parts.next().unwrap_or("");
                let q =
                    parts.find_map(|p| p.strip_prefix("q=")).and_then(|q| q.trim().parse::<f32>().ok()).unwrap_or(1.0);
                (coding.eq_ignore_ascii_case(name) || coding == "*") && q > 0.0
            })
        };
        if allowed("br") {
            Self::Brotli
        } else if allowed("gzip") {
            Self::Gzip
        } else {
            Self::Identity
        }
    }

    /// The `Content-Encoding` value; `None` for identity.
    pub fn content_encoding(self) -> Option<&'static str> {
        match self {
            Self::Identity => None,
            Self::Gzip => Some("gzip"),
            Self::Brotli => Some("br"),
        }
    }
}

/// Brotli quality for kept answers: 5 gives most of the size of 11 at a
/// small part of its time (about 5 ms for a 400 KB window).
const BROTLI_QUALITY: u32 = 5;

/// One built answer and its compressed forms, each made once.
#[derive(Debug)]
pub struct Answer {
    identity: Bytes,
    gzip: OnceCell<Bytes>,
    brotli: OnceCell<Bytes>,
}

impl Answer {
    /// An answer with this uncompressed body.
    pub fn new(identity: Bytes) -> Self {
        Self { identity, gzip: OnceCell::new(), brotli: OnceCell::new() }
    }

    /// The body in `coding`, compressed now (off the async threads) if it
    /// is asked for the first time.
    pub async fn body(&self, coding: Coding) -> Bytes {
        let cell = match coding {
            Coding::Identity => return self.identity.clone(),
            Coding::Gzip => &self.gzip,
            Coding::Brotli => &self.brotli,
        };
        cell.get_or_init(|| {
            let raw = self.identity.clone();
            async move {
                tokio::task::spawn_blocking(move || compress(&raw, coding)).await.unwrap_or_else(|_| Bytes::new())
            }
        })
        .await
        .clone()
    }

    /// The uncompressed size in bytes.
    pub fn len(&self) -> usize {
        self.identity.len()
    }

    /// Whether the body is empty.
    pub fn is_empty(&self) -> bool {
        self.identity.is_empty()
    }
}

/// `raw` compressed in `coding` at the quality kept answers use.
fn compress(raw: &[u8], coding: Coding) -> Bytes {
    use std::io::Write;
    match coding {
        Coding::Identity => Bytes::copy_from_slice(raw),
        Coding::Gzip => {
            let mut enc =
                flate2::write::GzEncoder::new(Vec::with_capacity(raw.len() / 4), flate2::Compression::default());
            // Writing to a Vec cannot fail.
            let _ = enc.write_all(raw);
            Bytes::from(enc.finish().unwrap_or_default())
        }
        Coding::Brotli => {
            let mut out = Vec::with_capacity(raw.len() / 5);
            {
                let mut enc = brotli::CompressorWriter::new(&mut out, 64 * 1024, BROTLI_QUALITY, 22);
                let _ = enc.write_all(raw);
            }
            Bytes::from(out)
        }
    }
}

/// Kept answers, keyed by data version and normalised query, within a
/// byte budget (least recently used go first). Answers of an older version
/// can never be asked for again: the first answer kept for a newer version
/// lets all of them go, so that memory holds the current version's answers
/// and not a budget's worth of dead ones (README, "Memory").
#[derive(Clone)]
pub struct AnswerCache {
    inner: moka::future::Cache<String, Arc<Answer>>,
    /// The newest version an answer was kept for.
    newest: Arc<std::sync::atomic::AtomicI64>,
}

impl std::fmt::Debug for AnswerCache {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AnswerCache").field("entries", &self.inner.entry_count()).finish()
    }
}

impl AnswerCache {
    /// A cache of at most `budget` bytes. An answer weighs its uncompressed
    /// size and a half, room for its compressed forms.
    pub fn new(budget: u64) -> Self {
        let inner = moka::future::Cache::builder()
            .max_capacity(budget)
            .weigher(|key: &String, a: &Arc<Answer>| u32::try_from(key.len() + a.len() * 3 / 2).unwrap_or(u32::MAX))
            .time_to_idle(std::time::Duration::from_secs(600))
            .build();
        Self { inner, newest: Arc::new(std::sync::atomic::AtomicI64::new(i64::MIN)) }
    }

    fn key(version: i64, key: &str) -> String {
        format!("{version}:{key}")
    }

    /// The answer kept for `key` at data `version`.
    pub async fn get(&self, version: i64, key: &str) -> Option<Arc<Answer>> {
        self.inner.get(&Self::key(version, key)).await
    }

    /// The answer kept for `key` at data `version`, else the one `build`
    /// makes, kept when it is `Ok`. However many ask for the same answer at
    /// once, it is built once and the others wait for it (after a write,
    /// every reader of a popular window asks at the same moment). The first
    /// answer of a newer version lets every older one go; an answer of an
    /// older version than one already kept is built and not kept.
    ///
    /// # Errors
    /// What `build` returned, shared with the others that waited for it.
    pub async fn get_or_build<E, F>(&self, version: i64, key: &str, build: F) -> Result<Arc<Answer>, Arc<E>>
    where
        E: Send + Sync + 'static,
        F: std::future::Future<Output = Result<Arc<Answer>, E>>,
    {
        use std::sync::atomic::Ordering;
        let previous = self.newest.fetch_max(version, Ordering::AcqRel);
        if version < previous {
            return build.await.map_err(Arc::new);
        }
        if version > previous {
            self.inner.invalidate_all();
        }
        self.inner.try_get_with(Self::key(version, key), build).await
    }

    /// Keeps `answer` for `key` at data `version`; the first answer of a
    /// newer version lets every older one go.
    pub async fn insert(&self, version: i64, key: String, answer: Arc<Answer>) {
        use std::sync::atomic::Ordering;
        let previous = self.newest.fetch_max(version, Ordering::AcqRel);
        if version < previous {
            return;
        }
        if version > previous {
            self.inner.invalidate_all();
        }
        self.inner.insert(Self::key(version, &key), answer).await;
    }

    /// How many answers are kept (after pending evictions are applied).
    pub async fn kept(&self) -> u64 {
        self.inner.run_pending_tasks().await;
        self.inner.entry_count()
    }
}

/// The text a FeatureCollection starts with, before its features joined by
/// commas: exactly how the `geojson` crate writes one (`type` first, from its
/// `#[serde(tag = "type")]`), so that a joined answer has the same bytes as a
/// serialised collection (RFC 7946 §3.3).
pub const COLLECTION_HEAD: &str = r#"{"type":"FeatureCollection","features":["#;

/// The text a FeatureCollection ends with, after its features.
pub const COLLECTION_TAIL: &str = "]}";

/// A FeatureCollection read from a stream of features: whole, or (beyond
/// `limit` bytes) what was read so far and the rest to stream.
pub enum Collected {
    /// The whole body.
    Whole(Bytes),
    /// Too large to keep: the start of the body and the features after it.
    Large {
        /// The body so far.
        head: Vec<u8>,
        /// The features still to come.
        rest: FeatureStream,
    },
}

/// Reads `features` into one FeatureCollection body, up to `limit` bytes.
///
/// # Errors
/// The store's, when reading fails.
pub async fn collect(mut features: FeatureStream, limit: usize) -> Result<Collected, StoreError> {
    let mut body = COLLECTION_HEAD.as_bytes().to_vec();
    let mut first = true;
    while let Some(f) = features.next().await {
        let f = f?;
        if !first {
            body.push(b',');
        }
        first = false;
        body.extend_from_slice(f.as_bytes());
        if body.len() > limit {
            return Ok(Collected::Large { head: body, rest: features });
        }
    }
    body.extend_from_slice(COLLECTION_TAIL.as_bytes());
    Ok(Collected::Whole(Bytes::from(body)))
}

/// Chunks of about this many bytes go to the socket when streaming.
const CHUNK: usize = 64 * 1024;

/// The rest of a large answer as a stream of chunks: `head`, then each
/// feature after a comma, then the collection's end. A failure while
/// reading ends the stream with an error, which cuts the connection (the
/// status is already sent), and is logged.
pub fn stream_rest(head: Vec<u8>, rest: FeatureStream) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send {
    let state = (Some(head), Some(rest), Some(COLLECTION_TAIL));
    futures_util::stream::unfold(state, |(mut head, mut rest, mut tail)| async move {
        if let Some(h) = head.take() {
            return Some((Ok(Bytes::from(h)), (None, rest, tail)));
        }
        if let Some(mut features) = rest.take() {
            let mut chunk = Vec::with_capacity(CHUNK + 4096);
            while chunk.len() < CHUNK {
                match features.next().await {
                    Some(Ok(f)) => {
                        chunk.push(b',');
                        chunk.extend_from_slice(f.as_bytes());
                    }
                    Some(Err(e)) => {
                        tracing::error!(error = %e, "the store failed while streaming an answer");
                        return Some((Err(std::io::Error::other(e.to_string())), (None, None, None)));
                    }
                    None => {
                        if let Some(t) = tail.take() {
                            chunk.extend_from_slice(t.as_bytes());
                        }
                        return Some((Ok(Bytes::from(chunk)), (None, None, None)));
                    }
                }
            }
            return Some((Ok(Bytes::from(chunk)), (None, Some(features), tail)));
        }
        None
    })
}

/// A streamed body in `coding`: gzip at its fastest level (the answer is
/// too large to keep, so it is compressed as it goes), or as it is.
/// Brotli is not used while streaming: its fast levels are no faster than
/// gzip's and it would be the only coding left unkept.
pub fn streamed_body(
    chunks: impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static,
    coding: Coding,
) -> (Body, Coding) {
    match coding {
        Coding::Identity => (Body::from_stream(chunks), Coding::Identity),
        Coding::Gzip | Coding::Brotli => {
            let reader = tokio_util::io::StreamReader::new(chunks);
            let encoder =
                async_compression::tokio::bufread::GzipEncoder::with_quality(reader, async_compression::Level::Fastest);
            (Body::from_stream(tokio_util::io::ReaderStream::new(encoder)), Coding::Gzip)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_encoding_picks_brotli_then_gzip() {
        let n = |s: &'static str| Coding::negotiate(Some(&HeaderValue::from_static(s)));
        assert_eq!(n("gzip, deflate, br, zstd"), Coding::Brotli);
        assert_eq!(n("gzip, deflate"), Coding::Gzip);
        assert_eq!(n("br;q=0, gzip;q=0.5"), Coding::Gzip);
        assert_eq!(n("identity"), Coding::Identity);
        assert_eq!(n("*"), Coding::Brotli);
        assert_eq!(n("gzip;q=0"), Coding::Identity);
        assert_eq!(Coding::negotiate(None), Coding::Identity);
    }

    #[test]
    fn the_frame_is_how_the_geojson_crate_writes_a_collection() {
        let feature =
            geojson::Feature { id: Some(geojson::feature::Id::Number(7.into())), ..geojson::Feature::default() };
        let one = serde_json::to_string(&feature).expect("feature");
        let collection = geojson::FeatureCollection { bbox: None, features: vec![feature], foreign_members: None };
        assert_eq!(
            serde_json::to_string(&collection).expect("collection"),
            format!("{COLLECTION_HEAD}{one}{COLLECTION_TAIL}")
        );
        assert_eq!(format!("{COLLECTION_HEAD}{COLLECTION_TAIL}"), r#"{"type":"FeatureCollection","features":[]}"#);
    }

    #[test]
    fn compressed_forms_decompress_to_the_body() {
        use std::io::Read;
        let raw = br#"{"features":[],"type":"FeatureCollection"}"#.repeat(100);
        let mut back = Vec::new();
        flate2::read::GzDecoder::new(&compress(&raw, Coding::Gzip)[..]).read_to_end(&mut back).expect("gzip");
        assert_eq!(back, raw);
        let mut back = Vec::new();
        brotli::Decompressor::new(&compress(&raw, Coding::Brotli)[..], 4096).read_to_end(&mut back).expect("br");
        assert_eq!(back, raw);
    }
}
