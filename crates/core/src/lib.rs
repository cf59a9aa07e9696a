//! # tagmark-core
//!
//! The pure heart of tagmark, shared by the browser app and the `tagmark`
//! command-line tool. It has no dependency on a browser or a UI framework.
//!
//! Modules, one concern each (the files import each other without a circle:
//! `tests/module_graph.rs` checks it):
//!
//! - [`document`]: the model, a [`Document`] of plain text and labelled [`Span`]s,
//!   kept as byte ranges.
//! - [`syntax`]: the lexical rules of the inline tags, shared by the parser and the writer.
//! - [`mod@parse`]: inline-tagged source → [`Document`] and [`Diagnostic`]s with line and
//!   column; total, malformed tags keep their text.
//! - [`mod@write`]: [`Document`] → inline-tagged source, escaping as little as possible.
//! - [`offsets`]: bytes ↔ code points ↔ UTF-16, and lines and columns.
//! - [`line_breaks`]: a source's line breaks against a browser textarea's `\n`-only value.
//! - [`words`]: word and character steps (UAX #29) for selections and span edges.
//! - [`tokenize`]: word tokens, for the token-based formats.
//! - [`blocks`]: the display model, a document cut into paragraphs of text runs and marks.
//! - [`edit`]: edits of a document ([`Edit`]) and their undo [`History`].
//! - [`editor`]: one document being edited: source, document, history, selection and
//!   broken-tag literals kept in step; commands return what they did or a refusal.
//! - [`keymap`]: every key the app answers to, what it does (the `?` list and the README
//!   table), and the label hotkey rules.
//! - [`status`]: a document's review [`status::Status`], its key and names.
//! - [`labels`]: the label set with colours and hotkeys, and its shared JSON file.
//! - [`corpus`]: many documents under review: ids, documents, filters, search,
//!   navigation and change tracking, one file each.
//! - [`inventory`]: a picture of a corpus: spans per label, documents per status, each
//!   label's distinct strings with their occurrences, and strings tagged with more
//!   than one label (`tagmark stats`, the app's corpus panel).
//! - [`mod@format`]: reading and writing the other tools' formats: the API, [`format::Meta`],
//!   errors, names and shared helpers, one file each, and a module per format.
//! - [`store`]: the stored form of a corpus: records, backups, migration of old
//!   versions and the two-tab writer check, one file each.
//! - [`dirty`]: [`dirty::Dirty`], what is not saved yet: the one record of it that the
//!   corpus, the saver and the journal share.
//! - [`saver`]: when the app saves, as a pure state machine (debounce, one save at a
//!   time, retry, failure, two-tab conflict) that the browser side only runs.
//! - [`journal`]: what a closing tab had not saved yet, in `localStorage`-sized pieces.
//! - [`input`]: taking in a file: the size limit and bytes → text with errors that say where.
//! - `json_message` (private): serde_json's messages without their position.
//! - [`sort`]: stable sorting through one shared copy of the code (the app uses it too).
//! - [`source_lines`] and [`highlight`]: what the source pane shows of a long source
//!   (a window of lines, tags coloured, tag pairs tied to spans); [`html`]: text escaped
//!   for the rows it builds as HTML.
//!
//! ## The escape rule
//! In the inline format, `&lt;`, `&gt;` and `&amp;` stand for `<`, `>` and `&`.
//! The writer escapes only a `<` that would read as a tag and a `&` that would
//! read as an escape, so `a < b` and `AT&T` stay as they are.
#![deny(missing_docs)]
// Spans are lists of byte ranges, and a list of one range is what most tests write.
#![cfg_attr(test, allow(clippy::single_range_in_vec_init))]

pub mod blocks;
pub mod checks;
pub mod corpus;
pub mod dirty;
pub mod document;
pub mod edit;
pub mod editor;
pub mod format;
pub mod highlight;
pub mod html;
pub mod input;
pub mod inventory;
pub mod journal;
mod json_message;
pub mod keymap;
pub mod labels;
pub mod line_breaks;
pub mod offsets;
pub mod parse;
pub mod patterns;
pub mod phrases;
pub mod saver;
pub mod sort;
pub mod source_lines;
pub mod source_map;
pub mod span_lookup;
pub mod status;
pub mod store;
pub mod suggest;
pub mod syntax;
pub mod tokenize;
pub mod window_selection;
pub mod words;
pub mod write;

pub use document::{Document, Span, SpanError};
pub use edit::{Change, Edit, EditError, History};
pub use format::{Format, NamedDocument};
pub use offsets::{LineCol, OffsetMap, OffsetUnit};
pub use parse::{parse, Diagnostic, DiagnosticKind, Parsed};
pub use write::{write, write_checked, Unwritable};

/// The example seed shipped with tagmark (11 spans, six labels).
pub const EXAMPLE_SEED: &str = include_str!("example_seed.txt");
