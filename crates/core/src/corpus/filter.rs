//! Which documents to show or export: [`Filter`] and [`ExportScope`].

use super::{Corpus, CorpusDoc};
use crate::status::Status;

/// Which documents to show: all conditions set must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filter {
    /// Only documents with this status.
    pub status: Option<Status>,
    /// Only documents with a span of this label.
    pub label: Option<String>,
    /// Only documents whose source has diagnostics.
    pub with_diagnostics: bool,
}

impl Filter {
    /// The filter that lets every document through.
    pub fn all() -> Filter {
        Filter::default()
    }

    /// Only documents with `status`.
    pub fn status(status: Status) -> Filter {
        Filter {
            status: Some(status),
            ..Filter::default()
        }
    }

    /// Only documents with a span labelled `label`.
    pub fn label(label: impl Into<String>) -> Filter {
        Filter {
            label: Some(label.into()),
            ..Filter::default()
        }
    }

    /// True when `doc` passes.
    pub fn matches(&self, doc: &CorpusDoc) -> bool {
        self.status.is_none_or(|s| doc.status == s)
            && self.label.as_deref().is_none_or(|l| doc.has_label(l))
            && (!self.with_diagnostics || doc.has_diagnostics())
    }

    /// True when the filter lets every document through.
    pub fn is_all(&self) -> bool {
        *self == Filter::default()
    }
}

/// Which documents to export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ExportScope {
    /// The current document only.
    Current,
    /// Every document.
    #[default]
    All,
    /// Only accepted documents.
    Accepted,
}

impl ExportScope {
    /// Every scope, in the order offered.
    pub const ALL: [ExportScope; 3] = [
        ExportScope::Current,
        ExportScope::All,
        ExportScope::Accepted,
    ];

    /// A short name: `current`, `all`, `accepted`.
    pub fn id(self) -> &'static str {
        match self {
            ExportScope::Current => "current",
            ExportScope::All => "all",
            ExportScope::Accepted => "accepted",
        }
    }

    /// The scope with [`ExportScope::id`] `id`.
    pub fn from_id(id: &str) -> Option<ExportScope> {
        ExportScope::ALL.into_iter().find(|s| s.id() == id)
    }
}

impl Corpus {
    /// Indices of the documents that pass `filter`, in order.
    pub fn filter(&self, filter: &Filter) -> Vec<usize> {
        self.docs
            .iter()
            .enumerate()
            .filter(|(_, d)| filter.matches(d))
            .map(|(i, _)| i)
            .collect()
    }

    /// The documents to export, in order.
    pub fn export(&self, scope: ExportScope) -> Vec<&CorpusDoc> {
        match scope {
            ExportScope::Current => self.current_doc().into_iter().collect(),
            ExportScope::All => self.docs.iter().collect(),
            ExportScope::Accepted => self
                .docs
                .iter()
                .filter(|d| d.status == Status::Accepted)
                .collect(),
        }
    }
}
