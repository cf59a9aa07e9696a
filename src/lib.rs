//! # tagmark — the browser app
//!
//! A Leptos single-page app over [`tagmark_core`]: paste or open an inline-tagged
//! seed, see its spans highlighted, find what is malformed. All logic that does
//! not need a browser lives in the core crate; this crate wires it to the DOM.
//!
//! - [`state`]: the app state (source text, the parsed view) shared by context.
//! - [`colors`]: a stable, readable colour for every label name.
//! - [`components`]: the panes (source, rendered text, legend, diagnostics).

pub mod actions;
pub mod app;
pub mod colors;
pub mod components;
pub mod doc_keys;
pub mod download;
pub mod dom;
pub mod keys;
pub mod state;
pub mod storage;
pub mod suggestions;

pub use app::App;
