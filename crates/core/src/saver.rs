//! [`Saver`]: when the app saves, as data and transitions, with no browser in it.
//!
//! The app saves the corpus to IndexedDB a short while after each change
//! (debounced), one save at a time, and keeps what a failed save did not write
//! for the next attempt. The rules of that dance live here, as a plain state
//! machine tested natively like [`Writer`] is (`tests/saver_properties.rs`
//! checks them against a reference model); the browser side (`src/storage/`)
//! only runs what it decides: it arms the timer, runs the transaction, writes
//! the journal.
//!
//! The life of one save:
//! 1. a change: [`Saver::changed`] (the app arms the debounce timer);
//! 2. the timer fires, or the page is hidden: [`Saver::begin`] with what the
//!    corpus recorded since ([`Dirty`]). It answers [`Begin::Write`] with what
//!    to write, or why not ([`Begin::Wait`] while another save runs, then it
//!    runs again; [`Begin::Blocked`]; [`Begin::Nothing`]);
//! 3. inside the transaction, [`Saver::revision`] checks that no other tab
//!    wrote since this one last read or wrote;
//! 4. the transaction ends: [`Saver::finished`]. What a failed save did not
//!    write waits again, merged with what changed meanwhile.
//!
//! At any moment [`Saver::unsaved`] says what a journal must hold: what waits
//! and what the save in flight is writing (a closing page may never see it end).

use crate::dirty::Dirty;
use crate::store::{Conflict, MetaRecord, StoredSession, Writer};

/// Where saving stands, as the app shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveState {
    /// Reading the store (nothing is saved until it has been read).
    Loading,
    /// Everything is saved.
    Saved,
    /// Changes wait for the next save.
    Pending,
    /// A save is running.
    Saving,
    /// The last save failed, or saving is not possible.
    Failed,
}

impl SaveState {
    /// A short name (`loading`, `saved`, `pending`, `saving`, `failed`), e.g. for a `data-state` attribute.
    pub fn id(self) -> &'static str {
        match self {
            SaveState::Loading => "loading",
            SaveState::Saved => "saved",
            SaveState::Pending => "pending",
            SaveState::Saving => "saving",
            SaveState::Failed => "failed",
        }
    }
}

/// Which write a save makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// The changed records, if no other tab wrote since this one last read or wrote.
    Normal,
    /// Every record, replacing whatever is stored (the user chose "keep mine").
    Overwrite,
}

/// What [`Saver::begin`] decided.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Begin {
    /// Write this now, in one transaction, then call [`Saver::finished`].
    Write(Dirty, Mode),
    /// A save is running: this one runs when it ends ([`Finished::again`]).
    Wait,
    /// Saving is not possible now (store not read or not open, refused, or a
    /// two-tab conflict waiting for the user); the changes wait.
    Blocked,
    /// Everything is saved already (the app may drop its journal).
    Nothing,
}

/// How a save's transaction ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Written; the corpus record now has this revision.
    Committed(u64),
    /// Another tab wrote since this one last read or wrote: nothing was written.
    Conflict,
    /// The store was written by a newer tagmark: nothing was written, and this
    /// page never saves again.
    Newer,
    /// The browser refused (quota, closed store): nothing was written.
    Failed,
}

/// What the app does after [`Saver::finished`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Finished {
    /// Run this save next (asked for while the last one ran).
    pub again: Option<Mode>,
    /// Everything up to now is stored: the journal may go.
    pub remove_journal: bool,
}

/// What to do when another tab announces a save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OtherTab {
    /// Nothing (our own save, one already seen, a save in flight checks for itself, …).
    Ignore,
    /// This tab has unsaved changes: ask the user (reload theirs or keep mine).
    Conflict,
    /// Nothing unsaved here: show the other tab's work.
    Reload,
}

/// The saving state machine of one tab (see the module header).
#[derive(Clone, Debug)]
pub struct Saver {
    writer: Writer,
    state: SaveState,
    waiting: Dirty,
    in_flight: Option<(Dirty, Mode)>,
    again: Option<Mode>,
    timer: bool,
    connected: bool,
    refused: bool,
    conflict: bool,
    saved_session: Option<StoredSession>,
}

impl Saver {
    /// A tab whose store is not read yet, writing as `writer_id`.
    pub fn new(writer_id: impl Into<String>) -> Saver {
        Saver {
            writer: Writer::new(writer_id),
            state: SaveState::Loading,
            waiting: Dirty::new(),
            in_flight: None,
            again: None,
            timer: false,
            connected: false,
            refused: false,
            conflict: false,
            saved_session: None,
        }
    }

    /// Where saving stands.
    pub fn state(&self) -> SaveState {
        self.state
    }

    /// This tab's writer (its id, and the revision it last read or wrote).
    pub fn writer(&self) -> &Writer {
        &self.writer
    }

    /// True while a two-tab conflict waits for the user.
    pub fn conflict(&self) -> bool {
        self.conflict
    }

    /// True when saving is off for good (e.g. the store is from a newer tagmark).
    pub fn refused(&self) -> bool {
        self.refused
    }

    /// True while a save's transaction runs.
    pub fn busy(&self) -> bool {
        self.in_flight.is_some()
    }

    /// True when every change so far is written and nothing waits to be.
    pub fn settled(&self) -> bool {
        self.in_flight.is_none()
            && self.again.is_none()
            && !self.timer
            && self.waiting.is_empty()
            && self.state == SaveState::Saved
    }

    /// True when something is recorded and not written (waiting or in flight).
    pub fn has_unsaved(&self) -> bool {
        !self.waiting.is_empty()
    }

    /// The stored corpus record as read on load (`None`: nothing stored).
    pub fn loaded(&mut self, meta: Option<&MetaRecord>) {
        self.writer.loaded(meta);
    }

    /// The database connection is open.
    pub fn connected(&mut self) {
        self.connected = true;
    }

    /// What is on screen is what the store holds, as `session`: saving may
    /// start, and there is nothing to save until something changes.
    pub fn ready(&mut self, session: StoredSession) {
        if self.saved_session.is_none() {
            self.saved_session = Some(session);
        }
        if self.state == SaveState::Loading {
            self.state = SaveState::Saved;
        }
    }

    /// Saving is off for good (the store cannot be read or opened, or is newer).
    pub fn refuse(&mut self) {
        self.refused = true;
        self.state = SaveState::Failed;
    }

    /// The corpus was replaced by what `session` describes (restored, reloaded,
    /// a backup): changes recorded against the old one do not apply.
    pub fn installed(&mut self, session: StoredSession) {
        self.waiting = Dirty::new();
        self.saved_session = Some(session);
    }

    /// Something must be written besides what the corpus records (journals
    /// laid over the store, an imported backup).
    pub fn add(&mut self, dirty: Dirty) {
        self.waiting.merge(dirty);
    }

    /// Something changed: the app (re)arms the debounce timer.
    pub fn changed(&mut self) {
        self.timer = true;
        if self.state == SaveState::Saved {
            self.state = SaveState::Pending;
        }
    }

    /// The timer was cleared or has fired.
    pub fn timer_done(&mut self) {
        self.timer = false;
    }

    /// A save is asked for; `later` is what the corpus recorded since the last
    /// call, `session` the session as it is now.
    pub fn begin(&mut self, mode: Mode, later: Dirty, session: &StoredSession) -> Begin {
        self.waiting.merge(later);
        if mode == Mode::Overwrite {
            self.waiting.merge(Dirty::everything());
        }
        if self.in_flight.is_some() {
            // Run again after the save in flight; an overwrite wins.
            if self.again != Some(Mode::Overwrite) {
                self.again = Some(mode);
            }
            return Begin::Wait;
        }
        if self.state == SaveState::Loading {
            return Begin::Blocked;
        }
        if self.refused || !self.connected || (self.conflict && mode == Mode::Normal) {
            if self.refused && self.state == SaveState::Pending {
                self.state = SaveState::Failed;
            }
            return Begin::Blocked;
        }
        if self.waiting.is_empty() && self.saved_session.as_ref() == Some(session) {
            if self.state == SaveState::Pending {
                self.state = SaveState::Saved;
            }
            return Begin::Nothing;
        }
        let work = self.waiting.take();
        self.in_flight = Some((work.clone(), mode));
        self.state = SaveState::Saving;
        Begin::Write(work, mode)
    }

    /// The revision the save in flight writes, given the stored corpus record
    /// (read in its transaction), or the conflict that stops it.
    pub fn revision(&self, mode: Mode, stored: Option<&MetaRecord>) -> Result<u64, Conflict> {
        match mode {
            Mode::Overwrite => Ok(self.writer.overwrite(stored)),
            Mode::Normal => self.writer.begin(stored),
        }
    }

    /// The save in flight ended with `outcome`; `session` is the session it wrote.
    pub fn finished(&mut self, outcome: Outcome, session: StoredSession) -> Finished {
        let (work, mode) = self
            .in_flight
            .take()
            .unwrap_or((Dirty::new(), Mode::Normal));
        let again = self.again.take();
        let mut remove_journal = false;
        match outcome {
            Outcome::Committed(revision) => {
                self.writer.committed(revision);
                self.saved_session = Some(session);
                if mode == Mode::Overwrite {
                    self.conflict = false;
                }
                // A change made while this save ran is not saved yet: "saved" means all of it is.
                let more = again.is_some() || self.timer || !self.waiting.is_empty();
                remove_journal = !more;
                self.state = if more {
                    SaveState::Pending
                } else {
                    SaveState::Saved
                };
            }
            failed => {
                // Keep what was not written for the next attempt.
                let later = std::mem::replace(&mut self.waiting, work);
                self.waiting.merge(later);
                self.state = match failed {
                    Outcome::Conflict => {
                        self.conflict = true;
                        SaveState::Pending
                    }
                    Outcome::Newer => {
                        self.refused = true;
                        SaveState::Failed
                    }
                    _ => SaveState::Failed,
                };
            }
        }
        Finished {
            again,
            remove_journal,
        }
    }

    /// What a journal must hold now (what waits, with `later`, and what the save
    /// in flight is writing), or `None` when nothing is unsaved or saving is off.
    pub fn unsaved(&mut self, later: Dirty, session: &StoredSession) -> Option<Dirty> {
        self.waiting.merge(later);
        let nothing = self.waiting.is_empty()
            && self.in_flight.is_none()
            && self.saved_session.as_ref() == Some(session);
        if nothing || self.refused || self.state == SaveState::Loading {
            return None;
        }
        let mut all = self
            .in_flight
            .as_ref()
            .map(|(d, _)| d.clone())
            .unwrap_or_default();
        all.merge(self.waiting.clone());
        Some(all)
    }

    /// Another tab announced that it wrote `revision`; `changed_here` is true
    /// when the corpus recorded changes not yet handed to [`Saver::begin`].
    pub fn other_tab_saved(&mut self, writer: &str, revision: u64, changed_here: bool) -> OtherTab {
        let stale = writer == self.writer.id || revision <= self.writer.seen;
        if stale || self.refused || self.in_flight.is_some() || self.conflict {
            return OtherTab::Ignore;
        }
        if changed_here || !self.waiting.is_empty() {
            self.conflict = true;
            OtherTab::Conflict
        } else {
            OtherTab::Reload
        }
    }

    /// A reload found changes made here meanwhile: the user must choose.
    pub fn conflict_found(&mut self) {
        self.conflict = true;
    }

    /// The store was read again and shown (the other tab's work, or "reload
    /// theirs"): this tab's unsaved changes are dropped.
    pub fn reloaded(&mut self, meta: Option<&MetaRecord>, session: StoredSession) {
        self.writer.loaded(meta);
        self.waiting = Dirty::new();
        self.saved_session = Some(session);
        self.conflict = false;
        self.state = SaveState::Saved;
    }

    /// A failed save is to be tried again: true when saving is possible at all.
    pub fn retry(&self) -> bool {
        !self.refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::DocId;

    fn changed(id: u64) -> Dirty {
        let mut d = Dirty::new();
        d.doc_changed(DocId(id));
        d
    }

    fn ready() -> Saver {
        let mut s = Saver::new("tab-a");
        s.connected();
        s.ready(StoredSession::default());
        s
    }

    #[test]
    fn nothing_is_saved_before_the_store_is_read() {
        let mut s = Saver::new("tab-a");
        s.changed();
        assert_eq!(
            s.begin(Mode::Normal, changed(1), &StoredSession::default()),
            Begin::Blocked
        );
        assert_eq!(s.state(), SaveState::Loading);
        s.connected();
        s.ready(StoredSession::default());
        assert_eq!(
            s.begin(Mode::Normal, Dirty::new(), &StoredSession::default()),
            Begin::Write(changed(1), Mode::Normal)
        );
    }

    #[test]
    fn a_change_during_a_save_is_saved_next_and_keeps_the_state_pending() {
        let mut s = ready();
        s.changed();
        s.timer_done();
        let session = StoredSession::default();
        assert!(matches!(
            s.begin(Mode::Normal, changed(1), &session),
            Begin::Write(..)
        ));
        assert_eq!(s.state(), SaveState::Saving);
        assert_eq!(s.begin(Mode::Normal, changed(2), &session), Begin::Wait);
        let done = s.finished(Outcome::Committed(1), session.clone());
        assert_eq!(
            done,
            Finished {
                again: Some(Mode::Normal),
                remove_journal: false
            }
        );
        assert_eq!(s.state(), SaveState::Pending);
        assert_eq!(
            s.begin(Mode::Normal, Dirty::new(), &session),
            Begin::Write(changed(2), Mode::Normal)
        );
        let done = s.finished(Outcome::Committed(2), session);
        assert_eq!(
            done,
            Finished {
                again: None,
                remove_journal: true
            }
        );
        assert!(s.settled());
    }

    #[test]
    fn a_failed_save_keeps_its_changes_and_a_conflict_blocks_normal_saves() {
        let mut s = ready();
        let session = StoredSession::default();
        assert!(matches!(
            s.begin(Mode::Normal, changed(1), &session),
            Begin::Write(..)
        ));
        s.finished(Outcome::Failed, session.clone());
        assert_eq!(s.state(), SaveState::Failed);
        assert!(
            matches!(s.begin(Mode::Normal, changed(2), &session), Begin::Write(d, _) if d.has_doc(DocId(1)) && d.has_doc(DocId(2)))
        );
        s.finished(Outcome::Conflict, session.clone());
        assert!(s.conflict());
        assert_eq!(
            s.begin(Mode::Normal, Dirty::new(), &session),
            Begin::Blocked
        );
        // "Keep mine" writes everything and ends the conflict.
        assert!(
            matches!(s.begin(Mode::Overwrite, Dirty::new(), &session), Begin::Write(d, Mode::Overwrite) if d.full())
        );
        s.finished(Outcome::Committed(5), session);
        assert!(!s.conflict() && s.settled());
    }

    #[test]
    fn another_tabs_save_reloads_a_clean_tab_and_warns_a_dirty_one() {
        let mut s = ready();
        assert_eq!(
            s.other_tab_saved("tab-a", 9, false),
            OtherTab::Ignore,
            "its own save"
        );
        assert_eq!(
            s.other_tab_saved("tab-b", 0, false),
            OtherTab::Ignore,
            "already seen"
        );
        assert_eq!(s.other_tab_saved("tab-b", 1, false), OtherTab::Reload);
        assert_eq!(s.other_tab_saved("tab-b", 1, true), OtherTab::Conflict);
        assert_eq!(
            s.other_tab_saved("tab-b", 2, true),
            OtherTab::Ignore,
            "the conflict is already shown"
        );
        s.reloaded(None, StoredSession::default());
        assert!(!s.conflict());
    }
}
