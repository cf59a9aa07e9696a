//! The saver state machine against a reference model of what is stored.
//!
//! A random run of changes, timer firings, page hides, saves that commit or
//! fail, conflicts and "keep mine" drives a [`Saver`] exactly as the app does
//! (`src/storage/saving.rs`). The model keeps the documents as they are (a
//! version per document) and as the store holds them; each `Write` the saver
//! asks for is run against the model store. After every step:
//! - nothing is lost: every document whose stored record differs from what it
//!   is now is named by what the saver holds unsaved (the journal's content),
//!   or by what the corpus recorded and has not handed over yet;
//! - "saved" means saved: when the state is `Saved` and nothing runs, the
//!   store equals the documents;
//! - settled means the store equals the documents;
//! - at most one save runs at once, and a save asked for while one runs is run after it.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use proptest::prelude::*;
use tagmark_core::corpus::DocId;
use tagmark_core::dirty::Dirty;
use tagmark_core::saver::{Begin, Mode, Outcome, SaveState, Saver};
use tagmark_core::store::StoredSession;

#[derive(Clone, Debug)]
enum Step {
    /// Change (or add) the document with this id.
    Edit(u64),
    /// Remove the document with this id (if it exists).
    Remove(u64),
    /// Change the corpus record (label set, order).
    Meta,
    /// The debounce timer fires.
    Timer,
    /// The page is hidden: the journal is written, then a save starts.
    Hide,
    /// The save in flight ends.
    Finish(Ending),
    /// The user chose "keep mine".
    KeepMine,
}

#[derive(Clone, Copy, Debug)]
enum Ending {
    Commit,
    Fail,
    Conflict,
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0u64..6).prop_map(Step::Edit),
        1 => (0u64..6).prop_map(Step::Remove),
        1 => Just(Step::Meta),
        3 => Just(Step::Timer),
        1 => Just(Step::Hide),
        3 => Just(Step::Finish(Ending::Commit)),
        1 => Just(Step::Finish(Ending::Fail)),
        1 => Just(Step::Finish(Ending::Conflict)),
        1 => Just(Step::KeepMine),
    ]
}

/// The documents (id → version) and the corpus record's version.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Snapshot {
    docs: BTreeMap<u64, u64>,
    meta: u64,
}

/// The app around the saver: the documents, the store, the write in flight.
struct World {
    saver: Saver,
    now: Snapshot,
    stored: Snapshot,
    /// What the corpus recorded since it last handed its changes over.
    recorded: Dirty,
    /// The write in flight: what it puts in the store when it commits.
    writing: Option<Write>,
    revision: u64,
    version: u64,
    /// Ids removed for good (ids are never reused).
    gone: Vec<u64>,
}

struct Write {
    full: bool,
    docs: BTreeMap<u64, u64>,
    removed: Vec<u64>,
    meta: u64,
}

impl World {
    fn new() -> World {
        let mut saver = Saver::new("tab-a");
        saver.connected();
        saver.ready(StoredSession::default());
        World {
            saver,
            now: Snapshot::default(),
            stored: Snapshot::default(),
            recorded: Dirty::new(),
            writing: None,
            revision: 0,
            version: 0,
            gone: Vec::new(),
        }
    }

    fn bump(&mut self) -> u64 {
        self.version += 1;
        self.version
    }

    fn begin(&mut self, mode: Mode) {
        let later = self.recorded.take();
        match self.saver.begin(mode, later, &StoredSession::default()) {
            Begin::Write(dirty, m) => {
                assert!(self.writing.is_none(), "two saves at once");
                assert_eq!(m, mode);
                assert_eq!(self.saver.state(), SaveState::Saving);
                // The app encodes the records when the save starts.
                let docs = if dirty.full() {
                    self.now.docs.clone()
                } else {
                    dirty
                        .docs()
                        .filter_map(|id| self.now.docs.get(&id.0).map(|v| (id.0, *v)))
                        .collect()
                };
                let removed = dirty.removed().map(|id| id.0).collect();
                self.writing = Some(Write {
                    full: dirty.full(),
                    docs,
                    removed,
                    meta: self.now.meta,
                });
            }
            Begin::Wait => assert!(self.writing.is_some(), "waits only for a save in flight"),
            Begin::Blocked => assert!(
                self.saver.conflict() && mode == Mode::Normal,
                "blocked with no reason"
            ),
            Begin::Nothing => assert_eq!(
                self.stored, self.now,
                "nothing to save, yet the store differs"
            ),
        }
    }

    fn finish(&mut self, ending: Ending) {
        let Some(write) = self.writing.take() else {
            return;
        };
        let outcome = match ending {
            Ending::Commit => {
                if write.full {
                    self.stored.docs.clear();
                }
                for id in &write.removed {
                    self.stored.docs.remove(id);
                }
                self.stored.docs.extend(write.docs);
                self.stored.meta = write.meta;
                self.revision += 1;
                Outcome::Committed(self.revision)
            }
            Ending::Fail => Outcome::Failed,
            Ending::Conflict => Outcome::Conflict,
        };
        let done = self.saver.finished(outcome, StoredSession::default());
        if done.remove_journal {
            assert_eq!(
                self.stored, self.now,
                "the journal goes while something is unsaved"
            );
        }
        if let Some(mode) = done.again {
            self.begin(mode);
        }
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Edit(id) if !self.gone.contains(&id) => {
                let v = self.bump();
                self.now.docs.insert(id, v);
                self.recorded.doc_changed(DocId(id));
                if v.is_multiple_of(3) {
                    // Adding a document changes the order too.
                    self.now.meta = v;
                    self.recorded.meta_changed();
                }
                self.saver.changed();
            }
            Step::Edit(_) => {}
            Step::Remove(id) => {
                if self.now.docs.remove(&id).is_some() {
                    self.gone.push(id);
                    self.recorded.doc_removed(DocId(id));
                    self.now.meta = self.bump();
                    self.recorded.meta_changed();
                    self.saver.changed();
                }
            }
            Step::Meta => {
                self.now.meta = self.bump();
                self.recorded.meta_changed();
                self.saver.changed();
            }
            Step::Timer => {
                self.saver.timer_done();
                self.begin(Mode::Normal);
            }
            Step::Hide => {
                self.check_journal();
                self.saver.timer_done();
                self.begin(Mode::Normal);
            }
            Step::Finish(ending) => self.finish(ending),
            Step::KeepMine => {
                if self.saver.conflict() {
                    self.begin(Mode::Overwrite);
                }
            }
        }
    }

    /// The journal a closing page writes holds every document whose stored record differs.
    fn check_journal(&mut self) {
        let later = self.recorded.take();
        let unsaved = self.saver.unsaved(later, &StoredSession::default());
        if self.stored == self.now {
            return;
        }
        let unsaved = unsaved.expect("something is unsaved, yet no journal would be written");
        for id in differing(&self.stored, &self.now) {
            let named =
                unsaved.full() || unsaved.has_doc(DocId(id)) || unsaved.has_removed(DocId(id));
            assert!(
                named,
                "document {id} differs from the store, but the journal would not hold it"
            );
        }
        if self.stored.meta != self.now.meta {
            assert!(
                unsaved.meta() || unsaved.full(),
                "the corpus record differs, but the journal would not hold it"
            );
        }
    }

    fn check(&self) {
        // Nothing lost: what differs is waiting, in flight, or recorded by the corpus.
        let mut held = self
            .saver
            .clone()
            .unsaved(self.recorded.clone(), &StoredSession::default());
        if self.stored != self.now {
            let held = held.take().expect("a difference that nothing holds");
            for id in differing(&self.stored, &self.now) {
                let in_flight = self
                    .writing
                    .as_ref()
                    .is_some_and(|w| w.full || w.docs.contains_key(&id) || w.removed.contains(&id));
                assert!(
                    held.full()
                        || held.has_doc(DocId(id))
                        || held.has_removed(DocId(id))
                        || in_flight,
                    "document {id} is lost"
                );
            }
        }
        if self.saver.state() == SaveState::Saved && !self.saver.busy() {
            assert_eq!(
                self.stored, self.now,
                "the state says saved, but the store differs"
            );
        }
        if self.saver.settled() {
            assert_eq!(self.stored, self.now, "settled, but the store differs");
        }
        assert_eq!(self.saver.busy(), self.writing.is_some());
    }
}

/// Ids whose record differs between the two snapshots.
fn differing(stored: &Snapshot, now: &Snapshot) -> Vec<u64> {
    let mut ids: Vec<u64> = stored.docs.keys().chain(now.docs.keys()).copied().collect();
    ids.sort_unstable();
    ids.dedup();
    ids.into_iter()
        .filter(|id| stored.docs.get(id) != now.docs.get(id))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn nothing_is_lost_and_saved_means_saved(steps in proptest::collection::vec(step(), 1..60)) {
        let mut world = World::new();
        for step in &steps {
            world.run(step);
            world.check();
        }
        // In the end, with no more failures: the saves catch up and everything is stored.
        for _ in 0..4 {
            world.run(&Step::KeepMine);
            world.run(&Step::Finish(Ending::Commit));
            world.run(&Step::Timer);
            world.run(&Step::Finish(Ending::Commit));
        }
        world.check();
        prop_assert!(world.saver.settled(), "never settles: {:?}", world.saver);
        prop_assert_eq!(&world.stored, &world.now);
    }
}
