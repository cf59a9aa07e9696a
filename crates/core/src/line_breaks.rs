//! Line breaks between a source and a browser textarea.
//!
//! A textarea normalises every line break to `\n`: its value never holds `\r\n` or
//! a lone `\r`. A document may hold any mix of `\n`, `\r\n` and `\r`, and tagmark
//! keeps its bytes exactly. [`textarea_view`] gives the text a textarea shows, and
//! [`apply_textarea_value`] takes the textarea's value after the user typed and
//! gives the new source: the untouched parts keep their line breaks byte for byte,
//! and line breaks typed by the user take the document's usual style.

use std::borrow::Cow;

/// The text a textarea shows for `source`: `\r\n` and lone `\r` become `\n`.
pub fn textarea_view(source: &str) -> Cow<'_, str> {
    if !source.contains('\r') {
        return Cow::Borrowed(source);
    }
    Cow::Owned(source.replace("\r\n", "\n").replace('\r', "\n"))
}

/// The new source after the user changed the textarea showing `source` to `value`.
///
/// The differing middle of the old and new textarea text is replaced in `source`;
/// the prefix and suffix keep their bytes (and so their `\r\n`s). A `\n` in the
/// inserted text becomes `\r\n` when most of the document's line breaks are
/// `\r\n`. A `value` that holds `\r` (a caller that did not come through a
/// textarea) is taken as it is.
pub fn apply_textarea_value(source: &str, value: &str) -> String {
    if !source.contains('\r') || value.contains('\r') {
        return value.to_string();
    }
    let view = textarea_view(source);
    let (a, b_old, b_new) = diff(&view, value);
    let start = source_offset(source, a);
    let end = source_offset(source, b_old);
    let inserted = &value[a..b_new];
    let crlf = source.matches("\r\n").count();
    let lf = source.matches('\n').count() - crlf;
    let mut out = String::with_capacity(source.len() + inserted.len() + 1);
    out.push_str(&source[..start]);
    let inserted = if crlf > lf {
        Cow::Owned(inserted.replace('\n', "\r\n"))
    } else {
        Cow::Borrowed(inserted)
    };
    let suffix = &source[end..];
    // A lone `\r` followed by a `\n` would read as one `\r\n`: give that `\n` a `\r`
    // of its own, so that both line breaks stay.
    let joins = |right: &str| out.ends_with('\r') && right.starts_with('\n');
    if !inserted.is_empty() {
        if joins(&inserted) {
            out.push('\r');
        }
        out.push_str(&inserted);
    } else if joins(suffix) {
        out.push('\r');
    }
    out.push_str(suffix);
    out
}

/// The byte offset in `source` of byte offset `view_offset` of its [`textarea_view`].
/// An offset just after a `\n` that stands for `\r\n` maps after the `\n`; one at
/// that `\n` maps before the `\r`.
pub fn source_offset(source: &str, view_offset: usize) -> usize {
    let bytes = source.as_bytes();
    let (mut s, mut v) = (0, 0);
    while v < view_offset && s < bytes.len() {
        if bytes[s] == b'\r' && bytes.get(s + 1) == Some(&b'\n') {
            s += 2;
        } else {
            s += 1;
        }
        v += 1;
    }
    s
}

/// The differing middle of two texts: `(a, b_old, b_new)` such that
/// `old[..a] == new[..a]` and `old[b_old..] == new[b_new..]`, on char boundaries,
/// with the common prefix taken first.
pub fn diff(old: &str, new: &str) -> (usize, usize, usize) {
    let (o, n) = (old.as_bytes(), new.as_bytes());
    let mut a = o.iter().zip(n).take_while(|(x, y)| x == y).count();
    while !old.is_char_boundary(a) || !new.is_char_boundary(a) {
        a -= 1;
    }
    let max_suffix = (o.len() - a).min(n.len() - a);
    let mut s = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    while !old.is_char_boundary(o.len() - s) || !new.is_char_boundary(n.len() - s) {
        s -= 1;
    }
    (a, o.len() - s, n.len() - s)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn view_normalises_every_break() {
        assert_eq!(textarea_view("a\r\nb\rc\nd"), "a\nb\nc\nd");
        assert!(matches!(textarea_view("a\nb"), Cow::Borrowed(_)));
    }

    #[test]
    fn typing_in_a_mixed_document_keeps_its_crlfs() {
        let source = "one\r\ntwo\nthree\r\nfour";
        // The user types "X" at the start of "three".
        let value = "one\ntwo\nXthree\nfour";
        assert_eq!(
            apply_textarea_value(source, value),
            "one\r\ntwo\nXthree\r\nfour"
        );
    }

    #[test]
    fn a_typed_line_break_takes_the_documents_style() {
        assert_eq!(
            apply_textarea_value("a\r\nb\r\nc", "a\nb\n\nc"),
            "a\r\nb\r\n\r\nc"
        );
        assert_eq!(
            apply_textarea_value("a\r\nb\nc\nd", "a\nb\nc\n\nd"),
            "a\r\nb\nc\n\nd"
        );
    }

    #[test]
    fn deleting_a_crlf_removes_both_bytes() {
        assert_eq!(apply_textarea_value("a\r\nb\r\nc", "a\nbc"), "a\r\nbc");
    }

    #[test]
    fn a_lone_cr_is_kept_where_untouched() {
        assert_eq!(apply_textarea_value("a\rb\r\nc", "a\nb\ncd"), "a\rb\r\ncd");
    }

    #[test]
    fn source_offsets_count_a_crlf_once() {
        let s = "ab\r\ncd";
        assert_eq!(source_offset(s, 2), 2);
        assert_eq!(source_offset(s, 3), 4);
        assert_eq!(source_offset(s, 5), 6);
    }

    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                "[a-z é👨🏻‍🚒]{0,4}",
                Just("\r\n".to_string()),
                Just("\n".to_string()),
                Just("\r".to_string())
            ],
            0..12,
        )
        .prop_map(|parts| parts.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]
        /// Whatever the user does in the textarea, the new source shows exactly the
        /// textarea's value, and the parts before and after the change keep their bytes.
        #[test]
        fn an_edit_keeps_what_it_did_not_touch(source in text(), cut in 0usize..64, len in 0usize..8, insert in "[a-z\n]{0,4}") {
            let view = textarea_view(&source).into_owned();
            let mut at = cut.min(view.len());
            while !view.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(view.len());
            while !view.is_char_boundary(end) { end -= 1; }
            let value = format!("{}{}{}", &view[..at], insert, &view[end..]);
            let out = apply_textarea_value(&source, &value);
            let shown = textarea_view(&out).into_owned();
            prop_assert_eq!(&shown, &value);
            let (a, b_old, _) = diff(&view, &value);
            let (start, stop) = (source_offset(&source, a), source_offset(&source, b_old));
            prop_assert!(out.starts_with(&source[..start]));
            prop_assert!(out.ends_with(&source[stop..]));
        }
    }
}
