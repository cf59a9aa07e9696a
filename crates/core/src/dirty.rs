//! [`Dirty`]: what is not saved yet. One type for every place that tracks it:
//! the corpus records its changes in one, the [`crate::saver::Saver`] keeps the
//! ones waiting and the ones a save in flight is writing, and the journal a
//! closing tab writes holds the records a `Dirty` names.
//!
//! Document ids are never reused, so a removal always wins over an earlier
//! change of the same document ([`Dirty::merge`]): nothing writes a record back
//! for a document that is gone.

use std::collections::BTreeSet;

use crate::corpus::DocId;

/// What a save must write: documents changed, documents removed, the corpus
/// record, or everything.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Dirty {
    docs: BTreeSet<DocId>,
    removed: BTreeSet<DocId>,
    meta: bool,
    full: bool,
}

impl Dirty {
    /// Nothing to save.
    pub fn new() -> Dirty {
        Dirty::default()
    }

    /// Everything to save: every document record is replaced and the corpus
    /// record written (after importing a backup, or "keep mine").
    pub fn everything() -> Dirty {
        Dirty {
            full: true,
            meta: true,
            ..Dirty::default()
        }
    }

    /// True when nothing needs saving.
    pub fn is_empty(&self) -> bool {
        self.docs.is_empty() && self.removed.is_empty() && !self.meta && !self.full
    }

    /// Records that the document `id` was added or changed (source, name or status).
    /// A document already removed stays removed (ids are never reused).
    pub fn doc_changed(&mut self, id: DocId) {
        if !self.removed.contains(&id) {
            self.docs.insert(id);
        }
    }

    /// Records that the document `id` was removed (its record is deleted, not written).
    pub fn doc_removed(&mut self, id: DocId) {
        self.docs.remove(&id);
        self.removed.insert(id);
    }

    /// Records that the corpus record (order, current document, label set) changed.
    pub fn meta_changed(&mut self) {
        self.meta = true;
    }

    /// Adds what changed after `self` was recorded: a removal wins over an
    /// earlier change of the same document.
    pub fn merge(&mut self, later: Dirty) {
        for id in later.removed {
            self.doc_removed(id);
        }
        for id in later.docs {
            self.doc_changed(id);
        }
        self.meta |= later.meta;
        self.full |= later.full;
    }

    /// Takes what is recorded, leaving nothing.
    pub fn take(&mut self) -> Dirty {
        std::mem::take(self)
    }

    /// The documents added or changed, in id order: write their records.
    pub fn docs(&self) -> impl ExactSizeIterator<Item = DocId> + '_ {
        self.docs.iter().copied()
    }

    /// The documents removed, in id order: delete their records.
    pub fn removed(&self) -> impl ExactSizeIterator<Item = DocId> + '_ {
        self.removed.iter().copied()
    }

    /// True when `id` is recorded as changed (not removed).
    pub fn has_doc(&self, id: DocId) -> bool {
        self.docs.contains(&id)
    }

    /// True when `id` is recorded as removed.
    pub fn has_removed(&self, id: DocId) -> bool {
        self.removed.contains(&id)
    }

    /// True when the corpus record must be written.
    pub fn meta(&self) -> bool {
        self.meta
    }

    /// True when every document record must be replaced.
    pub fn full(&self) -> bool {
        self.full
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_removal_wins_over_an_earlier_change() {
        let mut d = Dirty::new();
        d.doc_changed(DocId(1));
        d.doc_changed(DocId(2));
        let mut later = Dirty::new();
        later.doc_removed(DocId(1));
        later.meta_changed();
        d.merge(later);
        assert_eq!(d.docs().collect::<Vec<_>>(), vec![DocId(2)]);
        assert_eq!(d.removed().collect::<Vec<_>>(), vec![DocId(1)]);
        assert!(d.meta() && !d.full());
        // A removed id is never written again (ids are not reused).
        d.doc_changed(DocId(1));
        assert!(!d.has_doc(DocId(1)) && d.has_removed(DocId(1)));
    }

    #[test]
    fn empty_means_nothing_at_all() {
        assert!(Dirty::new().is_empty());
        assert!(!Dirty::everything().is_empty());
        let mut d = Dirty::new();
        d.meta_changed();
        assert!(!d.is_empty());
        assert!(d.take().meta() && d.is_empty());
    }
}
