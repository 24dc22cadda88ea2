//! Integration tests: the router called in-process against a real SQLite file
//! per test. One binary (ripgrep's habit), one module per subject.

mod accounts;
mod api;
mod codebook;
mod countries;
mod editing;
mod embedding;
mod escaping;
mod explore;
mod feed;
mod helpers;
mod import;
mod import_files;
mod languages;
mod lost_database;
mod migrate;
mod ogc;
mod pages;
mod postgres;
mod prefix;
mod proxies;
mod redirects;
mod reports;
mod reports_queue;
mod saves;
mod scale;
mod sign_in;
mod static_files;
mod store;
mod summary;
