//! Moving between documents: next and previous (in a filter or not), the next one to do, and review keys that set a status and move on.

use super::{Corpus, Filter};
use crate::status::Status;

impl Corpus {
    /// Sets the status of the current document and moves to the next one (staying
    /// on the last); returns the new current index.
    pub fn set_status_and_advance(&mut self, status: Status) -> usize {
        self.set_status_and_advance_in(status, &Filter::all())
    }

    /// Like [`Corpus::set_status_and_advance`], moving to the next document that
    /// passes `filter` (the list the user sees); stays put when there is none.
    pub fn set_status_and_advance_in(&mut self, status: Status, filter: &Filter) -> usize {
        if self.docs.is_empty() {
            return 0;
        }
        self.set_status(self.current, status);
        self.next_in(filter)
    }

    /// Moves to the next document (staying on the last); returns the current index.
    pub fn next_doc(&mut self) -> usize {
        self.next_in(&Filter::all())
    }

    /// Moves to the previous document (staying on the first); returns the current index.
    pub fn prev_doc(&mut self) -> usize {
        self.prev_in(&Filter::all())
    }

    /// Moves to the next document after the current one that passes `filter`;
    /// stays put when there is none. Returns the current index.
    pub fn next_in(&mut self, filter: &Filter) -> usize {
        let from = self.current + 1;
        if let Some(i) = self.docs.iter().skip(from).position(|d| filter.matches(d)) {
            self.set_current(from + i);
        }
        self.current
    }

    /// Moves to the last document before the current one that passes `filter`;
    /// stays put when there is none. Returns the current index.
    pub fn prev_in(&mut self, filter: &Filter) -> usize {
        let upto = self.current.min(self.docs.len());
        if let Some(i) = self.docs[..upto].iter().rposition(|d| filter.matches(d)) {
            self.set_current(i);
        }
        self.current
    }

    /// Moves to the next document still to do, after the current one and wrapping
    /// around (the current one counts last); returns its index, or `None` (staying
    /// put) when every document is done.
    pub fn next_todo(&mut self) -> Option<usize> {
        let n = self.docs.len();
        let found = (1..=n)
            .map(|k| (self.current + k) % n)
            .find(|&i| self.docs[i].status == Status::Todo)?;
        Some(self.set_current(found))
    }
}
