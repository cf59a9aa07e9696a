//! The review status of a document ([`Status`]): its keys, names and ids.

use std::fmt;

use serde::{Deserialize, Serialize};

/// The review status of a document.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not reviewed yet.
    #[default]
    Todo,
    /// Reviewed and kept.
    Accepted,
    /// Reviewed and thrown out.
    Rejected,
    /// Looked at and left for later.
    Skipped,
}

impl Status {
    /// Every status, in the order shown.
    pub const ALL: [Status; 4] = [
        Status::Todo,
        Status::Accepted,
        Status::Rejected,
        Status::Skipped,
    ];

    /// The key that sets the status: `U` (back to to-do), `A` (accept),
    /// `X` (reject), `S` (skip). Upper case; [`Status::from_key`] takes either case.
    pub fn key(self) -> char {
        match self {
            Status::Todo => 'U',
            Status::Accepted => 'A',
            Status::Rejected => 'X',
            Status::Skipped => 'S',
        }
    }

    /// The status a key sets, either case.
    pub fn from_key(key: char) -> Option<Status> {
        Status::ALL
            .into_iter()
            .find(|s| s.key() == key.to_ascii_uppercase())
    }

    /// The name shown to people: `to do`, `accepted`, `rejected`, `skipped`.
    pub fn name(self) -> &'static str {
        match self {
            Status::Todo => "to do",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        }
    }

    /// The name stored and written to metadata: `todo`, `accepted`, `rejected`, `skipped`.
    pub fn id(self) -> &'static str {
        match self {
            Status::Todo => "todo",
            Status::Accepted => "accepted",
            Status::Rejected => "rejected",
            Status::Skipped => "skipped",
        }
    }

    /// The status with [`Status::id`] `id`.
    pub fn from_id(id: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.id() == id)
    }

    /// Prodigy's `answer` for the status: `accept`, `reject`, `ignore` (skipped),
    /// and none for a document still to do (how Prodigy's input tasks look).
    pub fn answer(self) -> Option<&'static str> {
        match self {
            Status::Todo => None,
            Status::Accepted => Some("accept"),
            Status::Rejected => Some("reject"),
            Status::Skipped => Some("ignore"),
        }
    }

    /// The status a Prodigy `answer` stands for (the inverse of [`Status::answer`]).
    pub fn from_answer(answer: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.answer() == Some(answer))
    }

    /// True for every status but [`Status::Todo`]: the document has been reviewed.
    pub fn is_done(self) -> bool {
        self != Status::Todo
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prodigy_answers_map_both_ways() {
        assert_eq!(Status::Todo.answer(), None);
        assert_eq!(Status::Skipped.answer(), Some("ignore"));
        for status in Status::ALL {
            if let Some(answer) = status.answer() {
                assert_eq!(Status::from_answer(answer), Some(status));
            }
        }
        assert_eq!(Status::from_answer("maybe"), None);
    }
}
