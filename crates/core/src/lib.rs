//! # tagmark-core
//!
//! The pure heart of tagmark, shared by the browser app and the `tagmark`
//! command-line tool. It has no dependency on a browser or a UI framework.
//!
//! - [`document`]: the model, a [`Document`] of plain text and labelled [`Span`]s,
//!   kept as byte ranges.
//! - [`parse`] and [`write`]: the inline-tag seed format (`<label>…</label>`).
//!   Parsing is total: malformed tags become [`Diagnostic`]s with line and column,
//!   and their text is kept.
//! - [`offsets`]: bytes ↔ code points ↔ UTF-16, and lines and columns.
//!
//! ## The escape rule
//! In the inline format, `&lt;`, `&gt;` and `&amp;` stand for `<`, `>` and `&`.
//! The writer escapes only a `<` that would read as a tag and a `&` that would
//! read as an escape, so `a < b` and `AT&T` stay as they are.
#![deny(missing_docs)]

pub mod blocks;
pub mod checks;
pub mod corpus;
pub mod document;
pub mod edit;
mod edit_record;
pub mod format;
pub mod input;
pub mod inventory;
pub mod journal;
pub mod labels;
pub mod line_breaks;
pub mod offsets;
pub mod parse;
pub mod patterns;
pub mod phrases;
pub mod store;
pub mod suggest;
mod sort;
pub mod source_map;
pub mod span_lookup;
pub mod syntax;
pub mod tokenize;
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
