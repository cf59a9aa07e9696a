//! Work that waits for the next paint, one job per frame.
//!
//! An edit asks for several things after it is drawn: the source pane's copy, the
//! corpus's copy (re-indexed for search), the assistants' first step. Each is short,
//! but a task queued for "after the next paint" runs in the same gap between two
//! frames as every other such task, so together they made one long frame. Queued
//! here, each gets a frame of its own.

use std::collections::VecDeque;
use std::time::Duration;

use leptos::prelude::*;

/// The queue; cheap to copy.
#[derive(Clone, Copy)]
pub struct AfterPaint {
    queue: StoredValue<VecDeque<Box<dyn FnOnce()>>, LocalStorage>,
    scheduled: StoredValue<bool, LocalStorage>,
}

impl Default for AfterPaint {
    fn default() -> Self {
        AfterPaint::new()
    }
}

impl AfterPaint {
    /// An empty queue.
    pub fn new() -> AfterPaint {
        AfterPaint {
            queue: StoredValue::new_local(VecDeque::new()),
            scheduled: StoredValue::new_local(false),
        }
    }

    /// Runs `job` in a task after the next paint, after the jobs queued before it,
    /// each in a frame of its own.
    pub fn push(&self, job: impl FnOnce() + 'static) {
        self.queue.update_value(|q| q.push_back(Box::new(job)));
        self.schedule();
    }

    /// Like [`AfterPaint::push`], but before the jobs already queued: for what the
    /// user sees (the source pane's copy of an edit), not for background work.
    pub fn push_first(&self, job: impl FnOnce() + 'static) {
        self.queue.update_value(|q| q.push_front(Box::new(job)));
        self.schedule();
    }

    fn schedule(&self) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let this = *self;
        request_animation_frame(move || set_timeout(move || this.run_one(), Duration::ZERO));
    }

    fn run_one(self) {
        if self.scheduled.try_set_value(false).is_some() {
            return;
        }
        if let Some(job) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
            job();
        }
        if self.queue.try_with_value(|q| !q.is_empty()) == Some(true) {
            self.schedule();
        }
    }
}
