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
        Filter { status: Some(status), ..Filter::default() }
    }

    /// Only documents with a span labelled `label`.
    pub fn label(label: impl Into<String>) -> Filter {
        Filter { label: Some(label.into()), ..Filter::default() }
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
    /// Every document.
    #[default]
    All,
    /// Only accepted documents.
    Accepted,
}

impl Corpus {
    /// Indices of the documents that pass `filter`, in order.
    pub fn filter(&self, filter: &Filter) -> Vec<usize> {
        self.docs.iter().enumerate().filter(|(_, d)| filter.matches(d)).map(|(i, _)| i).collect()
    }

    /// The documents to export, in order.
    pub fn export(&self, scope: ExportScope) -> Vec<&CorpusDoc> {
        self.docs
            .iter()
            .filter(|d| match scope {
                ExportScope::All => true,
                ExportScope::Accepted => d.status == Status::Accepted,
            })
            .collect()
    }
}
