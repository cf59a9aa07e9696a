//! # tagmark — the browser app
//!
//! A Leptos single-page app over [`tagmark_core`]: paste or open an inline-tagged
//! seed, see its spans highlighted, find what is malformed. All logic that does
//! not need a browser lives in the core crate; this crate wires it to the DOM.
//!
//! Modules (the files import each other without a circle: the core's
//! `tests/module_graph.rs` checks `src/` too):
//!
//! - [`app`]: the root component, which lays out the panes and provides the state.
//! - [`state`]: the app state shared by context: the corpus, one signal of the
//!   current document's [`tagmark_core::editor::Editor`], and the view the panes draw.
//! - [`actions`]: span commands sent to the editor, their outcomes turned into notices.
//! - [`keys`]: the window's keyboard handler, running the core keymap's command for a key.
//! - [`doc_keys`]: the document commands (status, next, previous) and the filter they follow.
//! - [`dom`]: bytes of the text ↔ positions in the rendered pane's DOM, and the page selection.
//! - [`colors`]: a stable, readable colour for every label name.
//! - [`storage`]: saving the corpus in the browser (IndexedDB, the journal, tabs, backups).
//! - [`download`]: handing a file to the browser to save.
//! - [`components`]: the panes and dialogs (source, annotated text, legend, lists, overlays).

pub mod actions;
pub mod after_paint;
pub mod app;
pub mod colors;
pub mod components;
pub mod doc_keys;
pub mod dom;
pub mod download;
pub mod keys;
pub mod state;
pub mod storage;
pub mod suggestions;

pub use app::App;
