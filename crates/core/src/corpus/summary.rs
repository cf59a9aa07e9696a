//! Counts over the corpus: review [`Progress`] and which labels the documents use.

use super::Corpus;
use crate::status::Status;

/// How many documents there are, by status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Progress {
    /// All documents.
    pub total: usize,
    /// To do.
    pub todo: usize,
    /// Accepted.
    pub accepted: usize,
    /// Rejected.
    pub rejected: usize,
    /// Skipped.
    pub skipped: usize,
}

impl Progress {
    /// Documents reviewed: accepted, rejected or skipped.
    pub fn done(&self) -> usize {
        self.accepted + self.rejected + self.skipped
    }

    /// Documents with `status`.
    pub fn count(&self, status: Status) -> usize {
        match status {
            Status::Todo => self.todo,
            Status::Accepted => self.accepted,
            Status::Rejected => self.rejected,
            Status::Skipped => self.skipped,
        }
    }

    /// `done / total`, 0 for an empty corpus.
    pub fn fraction(&self) -> f64 {
        if self.total == 0 {
            0.0
        } else {
            self.done() as f64 / self.total as f64
        }
    }
}

impl Corpus {
    /// The labels the documents' spans use, each with the number of documents
    /// using it: labels of the label set first in its order, then others in order
    /// of first appearance.
    pub fn label_usage(&self) -> Vec<(String, usize)> {
        let mut usage: Vec<(String, usize)> = self
            .labels
            .labels
            .iter()
            .map(|l| (l.name.clone(), 0))
            .collect();
        for doc in &self.docs {
            for label in doc.labels() {
                match usage.iter_mut().find(|(name, _)| name == label) {
                    Some((_, n)) => *n += 1,
                    None => usage.push((label.to_string(), 1)),
                }
            }
        }
        usage.retain(|(_, n)| *n > 0);
        usage
    }

    /// How many documents are done out of how many, and the count of each status.
    pub fn progress(&self) -> Progress {
        let mut p = Progress {
            total: self.docs.len(),
            ..Progress::default()
        };
        for doc in &self.docs {
            match doc.status {
                Status::Todo => p.todo += 1,
                Status::Accepted => p.accepted += 1,
                Status::Rejected => p.rejected += 1,
                Status::Skipped => p.skipped += 1,
            }
        }
        p
    }
}
