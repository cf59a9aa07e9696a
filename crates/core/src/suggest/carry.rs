//! Rejections carried across edits of the text.
//!
//! A rejected suggestion is kept as its byte range in the document's text and its
//! label. When the text is edited (typing in the source), the ranges after the edit
//! move with the text, and a range the edit touched is let go: its text is not what
//! was rejected any more, so the suggestion may be offered again.

use crate::line_breaks::diff;

/// A rejected suggestion: its byte range in the document's text, and its label.
pub type RejectionKey = (usize, usize, String);

/// The change from one text to the next: the bytes `start..old_end` of the old text
/// became `start..new_end` of the new one (their differing middle).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TextChange {
    start: usize,
    old_end: usize,
    new_end: usize,
}

impl TextChange {
    /// The change from `old` to `new`, or `None` when they are the same text.
    pub fn between(old: &str, new: &str) -> Option<TextChange> {
        if old == new {
            return None;
        }
        let (start, old_end, new_end) = diff(old, new);
        Some(TextChange {
            start,
            old_end,
            new_end,
        })
    }

    /// Where `key` is after the change, or `None` when the change touches it.
    pub fn carry(&self, key: &RejectionKey) -> Option<RejectionKey> {
        let (start, end, label) = key;
        if *end <= self.start {
            Some(key.clone())
        } else if *start >= self.old_end {
            let moved = |at: usize| at - self.old_end + self.new_end;
            Some((moved(*start), moved(*end), label.clone()))
        } else {
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    /// Every key of `rejected` through the change from `old` to `new`.
    fn carry_rejections(
        old: &str,
        new: &str,
        rejected: &HashSet<RejectionKey>,
    ) -> HashSet<RejectionKey> {
        match TextChange::between(old, new) {
            Some(change) => rejected.iter().filter_map(|k| change.carry(k)).collect(),
            None => rejected.clone(),
        }
    }

    fn keys(list: &[(usize, usize, &str)]) -> HashSet<RejectionKey> {
        list.iter()
            .map(|(a, b, l)| (*a, *b, l.to_string()))
            .collect()
    }

    #[test]
    fn rejections_after_an_edit_move_with_the_text() {
        let old = "Acme met Acme and Acme.";
        let new = "Today Acme met Acme and Acme.";
        let carried = carry_rejections(old, new, &keys(&[(9, 13, "org"), (18, 22, "org")]));
        assert_eq!(carried, keys(&[(15, 19, "org"), (24, 28, "org")]));
        assert_eq!(&new[15..19], "Acme");
        assert_eq!(&new[24..28], "Acme");
    }

    #[test]
    fn rejections_before_an_edit_stay_and_one_it_touches_is_dropped() {
        let old = "Acme met Acme and Acme.";
        let new = "Acme met Acne and Acme.";
        let carried = carry_rejections(
            old,
            new,
            &keys(&[(0, 4, "org"), (9, 13, "org"), (18, 22, "org")]),
        );
        assert_eq!(carried, keys(&[(0, 4, "org"), (18, 22, "org")]));
    }

    #[test]
    fn text_typed_right_after_a_rejection_leaves_it_where_it_is() {
        let old = "met Acme.";
        let new = "met Acme Corp.";
        assert_eq!(
            TextChange::between(old, new).and_then(|c| c.carry(&(4, 8, "org".into()))),
            Some((4, 8, "org".into()))
        );
        // Multi-byte text before it moves it by bytes.
        let new = "é met Acme.";
        assert_eq!(
            TextChange::between(old, new).and_then(|c| c.carry(&(4, 8, "org".into()))),
            Some((7, 11, "org".into()))
        );
        assert_eq!(&new[7..11], "Acme");
    }

    #[test]
    fn the_same_text_keeps_everything() {
        let set = keys(&[(1, 2, "a")]);
        assert_eq!(carry_rejections("abc", "abc", &set), set);
        assert_eq!(TextChange::between("abc", "abc"), None);
    }
}
