//! rallymap's domain: what an event is and how it is asked for, in plain
//! Rust that knows neither Leptos nor the browser (ARCHITECTURE.md).
//!
//! - [`event`]: the event, its fields and the one place its rules live
//!   ([`event::EventInput::validate`]).
//! - [`dates`], [`bbox`], [`filter`]: calendar dates and OGC API – Features
//!   `datetime` windows, WGS 84 bounding boxes, and which events match.
//! - [`geojson`]: events as RFC 7946 Features.
//! - [`permalink`], [`embed`], [`timeline`]: a reader's view as a URL, the
//!   embed options and iframe code, the slider's days and histogram.
//! - [`changes`], [`labels`], [`tiles`]: what differs between two versions,
//!   the words and colours for values, the raster tile setting.
//! - [`store`]: the storage port the server implements.
//!
//! Both the server (natively) and the browser (as WASM) use it, so the map
//! and the API never disagree about a rule.

pub mod bbox;
pub mod changes;
pub mod dates;
pub mod embed;
pub mod event;
pub mod filter;
pub mod geojson;
pub mod labels;
pub mod permalink;
pub mod store;
pub mod tiles;
pub mod timeline;
