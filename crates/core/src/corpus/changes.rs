//! Change tracking: what changed since the last save, recorded in a [`Dirty`]
//! (the one type for what is unsaved), for autosave to write only that.

use super::Corpus;
use crate::dirty::Dirty;

impl Corpus {
    /// Marks the corpus record changed, so that the next save writes it.
    pub(crate) fn mark_meta_changed(&mut self) {
        self.pending.meta_changed();
    }

    /// Takes the record of what changed since the last call (for autosave).
    pub fn take_changes(&mut self) -> Dirty {
        self.pending.take()
    }

    /// True when something changed since the last [`Corpus::take_changes`].
    pub fn has_changes(&self) -> bool {
        !self.pending.is_empty()
    }
}
