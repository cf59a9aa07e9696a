//! Chunks of the rendered pane that are off screen and show an older view: they are
//! brought up to date one per task after the paint, or at once when they come near
//! the screen or when something needs the whole pane exact (a jump to a far place).
//!
//! Text typed near the top of a 1 MB document shifts the offsets of every block after
//! it; the blocks keep their elements (their keys do not hold their offsets) but each
//! mark's `data-start`/`data-end` must move. Doing that for ten thousand marks in the
//! key's task would freeze the page, so only the chunks near the screen follow at once.

use std::collections::VecDeque;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;

/// The queue of chunks to bring up to date; cheap to copy.
#[derive(Clone, Copy)]
pub struct CatchUp {
    queue: StoredValue<VecDeque<Rc<dyn Fn()>>, LocalStorage>,
    scheduled: StoredValue<bool, LocalStorage>,
}

impl Default for CatchUp {
    fn default() -> Self {
        CatchUp::new()
    }
}

impl CatchUp {
    /// An empty queue.
    pub fn new() -> CatchUp {
        CatchUp {
            queue: StoredValue::new_local(VecDeque::new()),
            scheduled: StoredValue::new_local(false),
        }
    }

    /// Queues `update` (which brings one chunk up to date, and does nothing when it
    /// already is) to run in a later task.
    pub fn push(&self, update: Rc<dyn Fn()>) {
        self.queue.update_value(|q| q.push_back(update));
        self.schedule();
    }

    /// Whether every queued chunk has been brought up to date.
    pub fn is_idle(&self) -> bool {
        self.queue
            .try_with_value(VecDeque::is_empty)
            .unwrap_or(true)
    }

    /// Brings every queued chunk up to date now.
    pub fn flush(&self) {
        while let Some(update) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
            update();
        }
    }

    fn schedule(&self) {
        if self.scheduled.get_value() {
            return;
        }
        self.scheduled.set_value(true);
        let this = *self;
        request_animation_frame(move || set_timeout(move || this.step(), Duration::ZERO));
    }

    /// One chunk per task: a chunk's blocks are re-drawn after the task's update, in
    /// the same task, so its cost cannot be measured before deciding to do another.
    fn step(self) {
        if self.scheduled.try_set_value(false).is_some() {
            return;
        }
        if let Some(update) = self.queue.try_update_value(VecDeque::pop_front).flatten() {
            update();
        }
        if !self.is_idle() {
            self.scheduled.set_value(true);
            set_timeout(move || self.step(), Duration::ZERO);
        }
    }
}
