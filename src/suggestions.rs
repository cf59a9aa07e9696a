//! The curation assistant's state in the app: suggested spans and the
//! consistency problems of the current document, and the pattern rules.
//!
//! Everything is computed by the core ([`tagmark_core::suggest`],
//! [`tagmark_core::checks`]); this module decides when, and keeps the page
//! responsive while it runs: after each parse or edit the current document's
//! suggestions are computed one slice of text at a time ([`SLICE_BYTES`]), one
//! slice per task, so no frame waits for a long document; the problems follow,
//! checked slice by slice the same way. A newer parse cancels a run still going.
//!
//! Keys (the core's [`tagmark_core::keymap`], when no span or text is
//! selected): `N` / `Shift`+`N` step to the next or previous suggestion,
//! `Enter` accepts it, `Backspace` rejects it, `Shift`+`Enter` accepts every
//! suggestion of the same string and label.
//! Accepting is an ordinary edit (one undo step; accept-all is one step too).
//! Rejecting hides the suggestion for this document; `Ctrl`+`Z` brings back the
//! last rejection when it is the most recent thing done.
//!
//! The rules are kept in `localStorage` (`tagmark.rules`, Prodigy patterns JSONL).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use tagmark_core::checks::{self, CheckOptions, Problem};
use tagmark_core::corpus::DocId;
use tagmark_core::patterns::{self, PatternRule};
use tagmark_core::suggest::carry::{RejectionKey, TextChange};
use tagmark_core::suggest::{self, Suggester, Suggestion};
use tagmark_core::Document;

use crate::state::{AppState, NoticeKind};

/// Bytes of text looked at per task when computing suggestions.
pub const SLICE_BYTES: usize = 8 * 1024;

/// Where the rules are kept between visits.
const RULES_KEY: &str = "tagmark.rules";

/// The document a run read, and which one it was.
type Seen = (Option<DocId>, Arc<Document>);

/// A rejection, for undo.
#[derive(Clone, Debug)]
struct Rejection {
    doc: Option<DocId>,
    key: RejectionKey,
    /// The history's undo length when it was made: it is undone first only while
    /// nothing newer is in the history.
    history_len: usize,
}

/// The assistant's shared state (in context).
#[derive(Clone, Copy)]
pub struct Assist {
    /// The suggestions for the current document, in document order.
    pub list: RwSignal<Arc<Vec<Suggestion>>>,
    /// The suggestion stepped to, by index into `list`.
    pub current: RwSignal<Option<usize>>,
    /// The current document's problems (compared with the whole corpus).
    pub problems: RwSignal<Arc<Vec<Problem>>>,
    /// The pattern rules.
    pub rules: RwSignal<Arc<Vec<PatternRule>>>,
    /// Whether the rules editor is open.
    pub rules_open: RwSignal<bool>,
    /// True while a computation is running.
    pub busy: RwSignal<bool>,
    rejected: StoredValue<HashMap<Option<DocId>, HashSet<RejectionKey>>, LocalStorage>,
    rejections: StoredValue<Vec<Rejection>, LocalStorage>,
    /// The document the last run read: its rejections are carried to the next text.
    seen: StoredValue<Option<Seen>, LocalStorage>,
    generation: StoredValue<u64, LocalStorage>,
    /// The time (ms) the slowest slice of the last run took, for the benchmark.
    slowest: StoredValue<f64, LocalStorage>,
    /// The last run's suggester, kept when the run ends or is overtaken: the next
    /// run takes the keys it cut ([`Suggester::reusing`]).
    last: StoredValue<Option<Suggester>, LocalStorage>,
}

/// The assistant from context.
pub fn use_assist() -> Assist {
    expect_context::<Assist>()
}

fn load_rules() -> Vec<PatternRule> {
    let stored = web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(RULES_KEY).ok().flatten());
    stored
        .and_then(|t| patterns::read_jsonl(&t).ok())
        .unwrap_or_default()
}

fn save_rules(rules: &[PatternRule]) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(RULES_KEY, &patterns::write_jsonl(rules));
    }
}

/// Creates the assistant, provides it, and recomputes after every parse or edit.
pub fn start(state: AppState) -> Assist {
    let assist = Assist {
        list: RwSignal::new(Arc::new(Vec::new())),
        current: RwSignal::new(None),
        problems: RwSignal::new(Arc::new(Vec::new())),
        rules: RwSignal::new(Arc::new(load_rules())),
        rules_open: RwSignal::new(false),
        busy: RwSignal::new(false),
        rejected: StoredValue::new_local(HashMap::new()),
        rejections: StoredValue::new_local(Vec::new()),
        seen: StoredValue::new_local(None),
        generation: StoredValue::new_local(0),
        slowest: StoredValue::new_local(0.0),
        last: StoredValue::new_local(None),
    };
    provide_context(assist);
    Effect::new(move |_| {
        state.view.track();
        assist.rules.track();
        // A preview is not the editor's document: nothing to suggest in it yet.
        if state.previewing.get() {
            return;
        }
        assist.run(state);
    });
    assist
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or(0.0, |p| p.now())
}

fn current_doc_id(state: &AppState) -> Option<DocId> {
    state.corpus.with_value(|c| c.current_doc().map(|d| d.id()))
}

/// One run in progress: what it reads and what it found so far.
struct Run {
    generation: u64,
    doc: Arc<crate::state::ParsedView>,
    suggester: Suggester,
    slices: Vec<std::ops::Range<usize>>,
    next: usize,
    found: Vec<Suggestion>,
    slowest: f64,
    /// The next slice to check, and the problems found so far.
    check_next: usize,
    problems: Vec<Problem>,
    slowest_check: f64,
}

impl Assist {
    /// Starts computing the current document's suggestions and problems.
    ///
    /// Nothing is computed in the task that asked (an edit's, or a parse's): the
    /// first step runs in a task after the next paint, so the edit is drawn first.
    fn run(self, state: AppState) {
        let generation = self.generation.get_value() + 1;
        self.generation.set_value(generation);
        state
            .after_paint
            .push(move || self.begin(state, generation));
    }

    /// The first step of run `generation`, unless a newer run has started.
    fn begin(self, state: AppState, generation: u64) {
        if self.generation.try_get_value() != Some(generation) {
            return;
        }
        let view = state.view.get_untracked();
        self.carry_rejections(current_doc_id(&state), &view.doc);
        let rules = self.rules.get_untracked();
        let t = now_ms();
        let previous = self.last.try_update_value(Option::take).flatten();
        let suggester = with_docs(&state, &view.doc, |docs, _| {
            Suggester::reusing(docs, &rules, previous)
        });
        let slices = suggest::chunks(&view.doc.text, SLICE_BYTES);
        let run = Run {
            generation,
            doc: view,
            suggester,
            slices,
            next: 0,
            found: Vec::new(),
            slowest: now_ms() - t,
            check_next: 0,
            problems: Vec::new(),
            slowest_check: 0.0,
        };
        self.busy.set(true);
        self.step(state, run);
    }

    /// The current document's rejections, moved with its text when it was edited
    /// since the last run (a rejection the edit touched is let go).
    fn carry_rejections(&self, doc: Option<DocId>, now: &Arc<Document>) {
        let before = self
            .seen
            .try_update_value(|seen| seen.replace((doc, Arc::clone(now))))
            .flatten();
        let Some((was, old)) = before else {
            return;
        };
        if was != doc || Arc::ptr_eq(&old, now) {
            return;
        }
        let Some(change) = TextChange::between(&old.text, &now.text) else {
            return;
        };
        self.rejected.update_value(|r| {
            if let Some(set) = r.get_mut(&doc) {
                *set = set.iter().filter_map(|key| change.carry(key)).collect();
            }
        });
        self.rejections.update_value(|list| {
            list.retain_mut(|rejection| {
                if rejection.doc != doc {
                    return true;
                }
                match change.carry(&rejection.key) {
                    Some(key) => {
                        rejection.key = key;
                        true
                    }
                    None => false,
                }
            })
        });
    }

    /// Does one slice, then hands the next to a new task.
    fn step(self, state: AppState, mut run: Run) {
        if self.generation.get_value() != run.generation {
            self.last.set_value(Some(run.suggester));
            return;
        }
        #[cfg(feature = "test-hooks")]
        if held() {
            set_timeout(move || self.step(state, run), Duration::from_millis(20));
            return;
        }
        if let Some(range) = run.slices.get(run.next).cloned() {
            let t = now_ms();
            let more = run.suggester.candidates(&run.doc.doc, range);
            run.found.extend(more);
            run.slowest = run.slowest.max(now_ms() - t);
            run.next += 1;
            set_timeout(move || self.step(state, run), Duration::ZERO);
            return;
        }
        let t = now_ms();
        let doc_id = current_doc_id(&state);
        let list = self.rejected.with_value(|r| {
            let none = HashSet::new();
            Suggester::finish(
                &run.doc.doc,
                std::mem::take(&mut run.found),
                r.get(&doc_id).unwrap_or(&none),
            )
        });
        run.slowest = run.slowest.max(now_ms() - t);
        self.slowest.set_value(run.slowest);
        let keep = self
            .current
            .get_untracked()
            .and_then(|i| self.list.with_untracked(|l| l.get(i).cloned()));
        let current = keep.and_then(|k| list.iter().position(|s| s.range.start >= k.range.start));
        self.list.set(Arc::new(list));
        self.current.set(current);
        set_timeout(move || self.check(state, run), Duration::ZERO);
    }

    /// Checks the current document, compared with the corpus, one slice per task.
    fn check(self, state: AppState, mut run: Run) {
        if self.generation.get_value() != run.generation {
            self.last.set_value(Some(run.suggester));
            return;
        }
        #[cfg(feature = "test-hooks")]
        if held() {
            set_timeout(move || self.check(state, run), Duration::from_millis(20));
            return;
        }
        let t = now_ms();
        let labels = state.labels.get_untracked();
        // The first task runs the checks that read every span (of the corpus, or of
        // this document) once; then `untagged-repeat` and `boundary`, which read the
        // text, run one slice per task.
        use checks::Check;
        let (which, range) = match run.check_next {
            0 => (
                vec![
                    Check::LabelConflict,
                    Check::LabelCase,
                    Check::UnknownLabel,
                    Check::Duplicate,
                    Check::SelfNested,
                ],
                None,
            ),
            n => (
                vec![Check::UntaggedRepeat, Check::Boundary],
                run.slices.get(n - 1).cloned(),
            ),
        };
        let found = with_docs(&state, &run.doc.doc, |docs, focus| {
            let options = CheckOptions {
                checks: which,
                labels: Some(&labels),
                focus: Some(focus),
                range,
                // Learnt from the same documents when the run began: not once per slice.
                tagged: Some(run.suggester.tagged()),
            };
            checks::run(docs, &options)
        });
        run.problems.extend(found);
        run.check_next += 1;
        run.slowest_check = run.slowest_check.max(now_ms() - t);
        if run.check_next <= run.slices.len() {
            set_timeout(move || self.check(state, run), Duration::ZERO);
            return;
        }
        let mut problems = std::mem::take(&mut run.problems);
        tagmark_core::sort::sort_by_key(&mut problems, |p| (p.range.start, p.range.end, p.check));
        self.problems.set(Arc::new(problems));
        self.busy.set(false);
        publish_figures(run.slowest, run.slowest_check);
        self.last.set_value(Some(run.suggester));
    }

    /// The suggestion stepped to.
    pub fn current_suggestion(&self) -> Option<Suggestion> {
        let i = self.current.get_untracked()?;
        self.list.with_untracked(|l| l.get(i).cloned())
    }

    /// Steps to the next (or previous) suggestion, round the ends.
    pub fn step_to(&self, state: &AppState, forward: bool) -> bool {
        let n = self.list.with_untracked(|l| l.len());
        if n == 0 {
            state.notify(NoticeKind::Info, "No suggestions for this document.");
            return false;
        }
        let next = match self.current.get_untracked() {
            None if forward => 0,
            None => n - 1,
            Some(i) if forward => (i + 1) % n,
            Some(i) => (i + n - 1) % n,
        };
        self.current.set(Some(next));
        if let Some(s) = self.current_suggestion() {
            state.select(|e| e.clear_selection());
            // Bring it on screen (its outline is drawn once it is near the visible part).
            if let Some(block) = state
                .view
                .with_untracked(|v| v.block_start_of(s.range.start))
            {
                let selector = format!("[data-testid=rendered] .block[data-byte=\"{block}\"]");
                if let Some(el) = document().query_selector(&selector).ok().flatten() {
                    crate::dom::scroll_into_view(&el);
                }
            }
            let text = state
                .view
                .with_untracked(|v| v.doc.text[s.range.clone()].to_string());
            state.notify(
                NoticeKind::Info,
                format!(
                    "Suggestion {} of {n}: {text} as {} ({}). Enter accepts, Backspace rejects.",
                    next + 1,
                    s.label,
                    s.source.name()
                ),
            );
        }
        true
    }

    /// Accepts the suggestion stepped to (one undo step).
    pub fn accept_current(&self, state: &AppState) -> bool {
        let Some(s) = self.current_suggestion() else {
            return false;
        };
        crate::actions::ensure_label(state, &s.label);
        if state.apply_edit(s.accept()).is_some() {
            state.notify(NoticeKind::Info, format!("Tagged as {}.", s.label));
        }
        true
    }

    /// Accepts every suggestion with the same string and label as the one
    /// stepped to, as one undo step.
    pub fn accept_all_current(&self, state: &AppState) -> bool {
        let Some(s) = self.current_suggestion() else {
            return false;
        };
        let same: Vec<Suggestion> = self.list.with_untracked(|l| {
            l.iter()
                .filter(|x| x.key == s.key && x.label == s.label)
                .cloned()
                .collect()
        });
        let refs: Vec<&Suggestion> = same.iter().collect();
        crate::actions::ensure_label(state, &s.label);
        let view = state.view.get_untracked();
        let change = match suggest::accept_all(&view.doc, &refs) {
            Ok(change) => change,
            Err(err) => {
                state.notify(NoticeKind::Warning, err.to_string());
                return true;
            }
        };
        // One undo step, named by its first span; its change holds them all.
        if state
            .command(|e| e.apply_change(s.accept(), change))
            .is_none()
        {
            return true;
        }
        state.notify(
            NoticeKind::Info,
            format!(
                "Tagged {} occurrence(s) of {} as {}.",
                same.len(),
                s.key,
                s.label
            ),
        );
        true
    }

    /// Rejects the suggestion stepped to: hidden for this document.
    pub fn reject_current(&self, state: &AppState) -> bool {
        let Some(s) = self.current_suggestion() else {
            return false;
        };
        let doc = current_doc_id(state);
        let key = (s.range.start, s.range.end, s.label.clone());
        self.rejected.update_value(|r| {
            r.entry(doc).or_default().insert(key.clone());
        });
        let history_len = state.with_editor(|e| e.history().undo_len());
        self.rejections.update_value(|r| {
            r.push(Rejection {
                doc,
                key,
                history_len,
            })
        });
        self.list.update(|l| {
            let mut v = (**l).clone();
            v.retain(|x| x != &s);
            *l = Arc::new(v);
        });
        let n = self.list.with_untracked(|l| l.len());
        self.current
            .update(|c| *c = c.filter(|_| n > 0).map(|i| i.min(n.saturating_sub(1))));
        state.notify(
            NoticeKind::Info,
            format!("Rejected: {} is not {} here.", s.key, s.label),
        );
        true
    }

    /// Undoes the last rejection, when it is newer than the last history step.
    pub fn undo_rejection(&self, state: &AppState) -> bool {
        let history_len = state.with_editor(|e| e.history().undo_len());
        let doc = current_doc_id(state);
        let last = self.rejections.with_value(|r| r.last().cloned());
        let Some(last) = last.filter(|r| r.history_len == history_len && r.doc == doc) else {
            return false;
        };
        self.rejections.update_value(|r| {
            r.pop();
        });
        self.rejected.update_value(|r| {
            if let Some(set) = r.get_mut(&doc) {
                set.remove(&last.key);
            }
        });
        self.run(*state);
        state.notify(NoticeKind::Info, "Rejection undone.");
        true
    }

    /// Replaces the rules (and keeps them for the next visit).
    pub fn set_rules(&self, rules: Vec<PatternRule>) {
        save_rules(&rules);
        self.rules.set(Arc::new(rules));
    }
}

/// Runs `f` with the corpus's documents, the current one as `current` (the
/// view's, which may be newer than the corpus's copy), and its index among them.
fn with_docs<R>(
    state: &AppState,
    current: &Document,
    f: impl FnOnce(&[&Document], usize) -> R,
) -> R {
    state.corpus.with_value(|c| {
        let here = c.current_doc().map(|_| c.current());
        let mut docs: Vec<&Document> = c
            .docs()
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != here)
            .map(|(_, d)| d.document())
            .collect();
        docs.push(current);
        let focus = docs.len() - 1;
        f(&docs, focus)
    })
}

/// Test hook: true while `window.__tagmark_hold_assist` is set, which holds the
/// suggestions and checks between two slices (a test acts on the page meanwhile).
#[cfg(feature = "test-hooks")]
fn held() -> bool {
    web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"__tagmark_hold_assist".into()).ok())
        .is_some_and(|v| v.is_truthy())
}

/// Publishes `window.__tagmark_assist` = {slowestSlice, checks} (ms: the slowest
/// suggestion slice and the slowest check slice) for `scripts/bench_assist.mjs`
/// and the e2e tests (test hook: not in the build users get).
#[cfg(not(feature = "test-hooks"))]
fn publish_figures(_slowest: f64, _checks_ms: f64) {}

/// Publishes `window.__tagmark_assist` = {slowestSlice, checks} (ms: the slowest
/// suggestion slice and the slowest check slice) for `scripts/bench_assist.mjs`
/// and the e2e tests (test hook: not in the build users get).
#[cfg(feature = "test-hooks")]
fn publish_figures(slowest: f64, checks_ms: f64) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let o = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&o, &"slowestSlice".into(), &slowest.into());
    let _ = js_sys::Reflect::set(&o, &"checks".into(), &checks_ms.into());
    let _ = js_sys::Reflect::set(&window, &"__tagmark_assist".into(), &o);
}
