//! One document of a corpus ([`CorpusDoc`]) and a document to add ([`NewDocument`]).

use std::sync::OnceLock;

use super::search::Folded;
#[cfg(doc)]
use super::Corpus;
use super::DocId;
use crate::document::Document;
use crate::format::Meta;
use crate::parse::{parse, Parsed};
use crate::status::Status;

/// One document of a corpus: its inline source and review status, and what is
/// derived from the source (see the [module documentation](crate::corpus)).
///
/// Fields are read through methods; changes go through [`Corpus`], which keeps
/// the derived data and the change record right.
#[derive(Clone, Debug)]
pub struct CorpusDoc {
    pub(super) id: DocId,
    pub(super) name: String,
    pub(super) source_format: String,
    pub(super) source: String,
    pub(super) status: Status,
    pub(super) updated: u64,
    pub(super) meta: Meta,
    /// The parse of `source`, made the first time something reads it (see
    /// [`CorpusDoc::parsed`]) or by [`Corpus::prepare`].
    pub(super) parsed: OnceLock<Parsed>,
    /// The plain text case-folded for search, made the first time a search reads
    /// it or by [`Corpus::prepare`].
    pub(super) folded: OnceLock<Folded>,
}

impl PartialEq for CorpusDoc {
    /// Compares what is stored; the rest is derived from it.
    fn eq(&self, other: &CorpusDoc) -> bool {
        self.id == other.id
            && self.name == other.name
            && self.source_format == other.source_format
            && self.source == other.source
            && self.status == other.status
            && self.updated == other.updated
            && self.meta == other.meta
    }
}

impl Eq for CorpusDoc {}

impl CorpusDoc {
    /// A document as stored. Its source is parsed (once) when something first
    /// reads the parse, not here: a corpus read back from the store shows its
    /// current document before it has parsed the others (see [`Corpus::prepare`]).
    pub fn new(
        id: DocId,
        name: impl Into<String>,
        source_format: impl Into<String>,
        source: impl Into<String>,
        status: Status,
        updated: u64,
    ) -> CorpusDoc {
        CorpusDoc {
            id,
            name: name.into(),
            source_format: source_format.into(),
            source: source.into(),
            status,
            updated,
            meta: Meta::default(),
            parsed: OnceLock::new(),
            folded: OnceLock::new(),
        }
    }

    /// True when the parse and the search copy are made (nothing left to derive).
    pub fn is_prepared(&self) -> bool {
        self.parsed.get().is_some() && self.folded.get().is_some()
    }

    /// The plain text case-folded for search (made on first use).
    pub(super) fn folded(&self) -> &Folded {
        self.folded.get_or_init(|| Folded::new(self.text()))
    }

    /// The same document with `meta` as what its source format said about it.
    pub fn with_meta(mut self, meta: Meta) -> CorpusDoc {
        self.meta = meta;
        self
    }

    /// What the format it was read from said beyond text and spans (empty for
    /// inline sources), kept up to date with changes of the text.
    pub fn meta(&self) -> &Meta {
        &self.meta
    }

    /// The stable id.
    pub fn id(&self) -> DocId {
        self.id
    }

    /// The name: a file name, a record id, or one made up; unique in its corpus
    /// (ignoring case).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The format the document was read from (e.g. `inline`, `doccano`), as given
    /// when it was added. The source is always inline-tagged text.
    pub fn source_format(&self) -> &str {
        &self.source_format
    }

    /// The inline-tagged source text.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The review status.
    pub fn status(&self) -> Status {
        self.status
    }

    /// The document's revision: 0 when added, one more after each change of its
    /// source, name or status.
    pub fn updated(&self) -> u64 {
        self.updated
    }

    /// The source parsed: the document and its diagnostics.
    /// Parses the source the first time it is asked for.
    pub fn parsed(&self) -> &Parsed {
        self.parsed.get_or_init(|| parse(&self.source))
    }

    /// The plain text and spans.
    pub fn document(&self) -> &Document {
        &self.parsed().document
    }

    /// The plain text (the source without its tags).
    pub fn text(&self) -> &str {
        &self.parsed().document.text
    }

    /// Number of spans.
    pub fn span_count(&self) -> usize {
        self.parsed().document.spans.len()
    }

    /// The distinct labels its spans use, in order of first appearance.
    pub fn labels(&self) -> Vec<&str> {
        self.parsed().document.labels()
    }

    /// True when a span uses `label`.
    pub fn has_label(&self, label: &str) -> bool {
        self.parsed()
            .document
            .spans
            .iter()
            .any(|s| s.label == label)
    }

    /// Number of diagnostics in the source.
    pub fn diagnostic_count(&self) -> usize {
        self.parsed().diagnostics.len()
    }

    /// True when the source has diagnostics.
    pub fn has_diagnostics(&self) -> bool {
        !self.parsed().diagnostics.is_empty()
    }
}

/// A document to add to a corpus: see [`Corpus::add_documents`]. Tuples
/// `(name, source format, inline source)` and `(name, source format, inline
/// source, meta)` convert into it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NewDocument {
    /// The name (made unique when added).
    pub name: String,
    /// The format it was read from (e.g. `inline`, `brat`).
    pub source_format: String,
    /// The inline-tagged source.
    pub source: String,
    /// What the format said beyond text and spans; must describe the plain text of `source`.
    pub meta: Meta,
}

impl<N: Into<String>, F: Into<String>, S: Into<String>> From<(N, F, S)> for NewDocument {
    fn from((name, format, source): (N, F, S)) -> NewDocument {
        NewDocument {
            name: name.into(),
            source_format: format.into(),
            source: source.into(),
            meta: Meta::default(),
        }
    }
}

impl<N: Into<String>, F: Into<String>, S: Into<String>> From<(N, F, S, Meta)> for NewDocument {
    fn from((name, format, source, meta): (N, F, S, Meta)) -> NewDocument {
        NewDocument {
            name: name.into(),
            source_format: format.into(),
            source: source.into(),
            meta,
        }
    }
}
