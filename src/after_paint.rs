//! Work that waits for the next paint, one job at a time.
//!
//! An edit asks for several things after it is drawn: the source pane's copy, the
//! corpus's copy (re-indexed for search), the assistants' first step. Each is short,
//! but a task queued for "after the next paint" runs in the same gap between two
//! frames as every other such task, so together they made one long frame. Queued
//! in [`AfterPaint::one_per_frame`], each gets a frame of its own.
//!
//! [`AfterPaint::one_per_task`] paces the rendered pane's catch-up: text typed near
//! the top of a 1 MB document shifts the offsets of every block after it; the blocks
//! keep their elements (their keys do not hold their offsets) but each mark's
//! `data-start`/`data-end` must move, and doing that for ten thousand marks in the
//! key's task would freeze the page. So only the chunks near the screen follow at
//! once; the others are queued, one chunk per task, and brought up to date at once
//! ([`AfterPaint::flush`]) when something needs the whole pane exact.

use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;

/// A queue of jobs run after the next paint, one at a time; cheap to copy.
#[derive(Clone, Copy)]
pub struct AfterPaint {
    queue: StoredValue<VecDeque<Box<dyn FnOnce()>>, LocalStorage>,
    scheduled: StoredValue<bool, LocalStorage>,
    /// A frame between two jobs (else only a task).
    per_frame: bool,
}

impl AfterPaint {
    /// Each job after a frame of its own.
    pub fn one_per_frame() -> AfterPaint {
        AfterPaint::new(true)
    }

    /// Each job in a task of its own (the first after the next paint).
    pub fn one_per_task() -> AfterPaint {
        AfterPaint::new(false)
    }

    fn new(per_frame: bool) -> AfterPaint {
        AfterPaint {
            queue: StoredValue::new_local(VecDeque::new()),
            scheduled: StoredValue::new_local(false),
            per_frame,
        }
    }

    /// Runs `job` after the jobs queued before it.
    pub fn push(&self, job: impl FnOnce() + 'static) {
        self.queue.update_value(|q| q.push_back(Box::new(job)));
        self.schedule(true);
    }

    /// Like [`AfterPaint::push`], but before the jobs already queued: for what the
    /// user sees (the source pane's copy of an edit), not for background work.
    pub fn push_first(&self, job: impl FnOnce() + 'static) {
        self.queue.update_value(|q| q.push_front(Box::new(job)));
        self.schedule(true);
    }

    /// Whether every job has run.
    pub fn is_idle(&self) -> bool {
        self.queue
            .try_with_value(VecDeque::is_empty)
            .unwrap_or(true)
    }

    /// Runs every queued job now.
    pub fn flush(&self) {
        while let Some(job) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
            job();
        }
    }

    fn schedule(&self, first: bool) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let this = *self;
        if first || self.per_frame {
            request_animation_frame(move || set_timeout(move || this.run_one(), Duration::ZERO));
        } else {
            set_timeout(move || this.run_one(), Duration::ZERO);
        }
    }

    fn run_one(self) {
        // `try_set_value` hands the value back when the owner is gone.
        if self.scheduled.try_set_value(false).is_some() {
            return;
        }
        if let Some(job) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
            job();
        }
        if !self.is_idle() {
            self.schedule(false);
        }
    }
}

/// Resolves in a task after the next paint: what was put on screen before the
/// await is drawn before the code after it runs.
pub async fn next_paint() {
    resolved_later(true).await;
}

/// Resolves in a task of its own (a zero timeout): the work after the await does
/// not lengthen the task, and the frame, of the work before it.
pub async fn next_task() {
    resolved_later(false).await;
}

/// Resolves in a later task, after the next paint when `paint`.
async fn resolved_later(paint: bool) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        let later = move || {
            set_timeout(
                move || {
                    let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
                },
                Duration::ZERO,
            );
        };
        if paint {
            request_animation_frame(later);
        } else {
            later();
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
