//! Rejections carried across edits of the text.
//!
//! A rejected suggestion is kept as its byte range in the document's text and its
//! label. When the text is edited (typing in the source), the ranges after the edit
//! move with the text, and a range the edit touched is let go: its text is not what
//! was rejected any more, so the suggestion may be offered again.

use std::collections::HashSet;

use crate::line_breaks::diff;

/// A rejected suggestion: its byte range in the document's text, and its label.
pub type RejectionKey = (usize, usize, String);

/// Where `key` is in `new`, the text `old` became, or `None` when the change
/// between them touches it (found as the differing middle of the two texts).
pub fn carry_key(old: &str, new: &str, key: &RejectionKey) -> Option<RejectionKey> {
    let (a, b_old, b_new) = diff(old, new);
    carry_through(key, a, b_old, b_new)
}

/// Every rejection of `rejected`, made on `old`, where it is in `new`; those the
/// change touched are dropped.
pub fn carry_rejections(
    old: &str,
    new: &str,
    rejected: &HashSet<RejectionKey>,
) -> HashSet<RejectionKey> {
    if old == new {
        return rejected.clone();
    }
    let (a, b_old, b_new) = diff(old, new);
    rejected
        .iter()
        .filter_map(|key| carry_through(key, a, b_old, b_new))
        .collect()
}

/// `key` through the change of `a..b_old` into `a..b_new`.
fn carry_through(key: &RejectionKey, a: usize, b_old: usize, b_new: usize) -> Option<RejectionKey> {
    let (start, end, label) = key;
    if *end <= a {
        Some(key.clone())
    } else if *start >= b_old {
        let moved = |at: usize| at - b_old + b_new;
        Some((moved(*start), moved(*end), label.clone()))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
            carry_key(old, new, &(4, 8, "org".into())),
            Some((4, 8, "org".into()))
        );
        // Multi-byte text before it moves it by bytes.
        let new = "é met Acme.";
        assert_eq!(
            carry_key(old, "é met Acme.", &(4, 8, "org".into())),
            Some((7, 11, "org".into()))
        );
        assert_eq!(&new[7..11], "Acme");
    }

    #[test]
    fn the_same_text_keeps_everything() {
        let set = keys(&[(1, 2, "a")]);
        assert_eq!(carry_rejections("abc", "abc", &set), set);
    }
}
