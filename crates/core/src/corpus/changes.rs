//! Change tracking: what changed since the last save ([`Changes`]), for autosave to write only that.

use std::collections::BTreeSet;

use super::{Corpus, DocId};

/// What changed since the last [`Corpus::take_changes`]: what autosave must write.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Changes {
    /// Documents added or changed (source, name or status): write their records.
    pub docs: Vec<DocId>,
    /// Documents removed: delete their records.
    pub removed: Vec<DocId>,
    /// The corpus record (order, current document, label set) changed.
    pub meta: bool,
}

impl Changes {
    /// True when nothing needs saving.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.removed.is_empty() && !self.meta
    }
}

#[derive(Clone, Debug, Default)]
pub(super) struct Pending {
    pub(super) docs: BTreeSet<DocId>,
    pub(super) removed: BTreeSet<DocId>,
    pub(super) meta: bool,
}


impl Corpus {
    /// Marks the corpus record changed, so that the next save writes it.
    pub(crate) fn mark_meta_changed(&mut self) {
        self.pending.meta = true;
    }

    /// Takes the record of what changed since the last call (for autosave).
    pub fn take_changes(&mut self) -> Changes {
        let pending = std::mem::take(&mut self.pending);
        Changes {
            docs: pending.docs.into_iter().collect(),
            removed: pending.removed.into_iter().collect(),
            meta: pending.meta,
        }
    }

    /// True when something changed since the last [`Corpus::take_changes`].
    pub fn has_changes(&self) -> bool {
        !self.pending.docs.is_empty() || !self.pending.removed.is_empty() || self.pending.meta
    }
}
