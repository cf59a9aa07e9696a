//! The lexical rules of the inline-tag format, shared by the parser and the writer.
//!
//! - A tag is `<name>` or `</name>` with `name` = `[A-Za-z][A-Za-z0-9_-]*`.
//! - Any other `<` is plain text.
//! - The escapes `&lt;`, `&gt;` and `&amp;` stand for `<`, `>` and `&`; any other `&` is plain text.

/// If `rest` (which starts with `<`) begins with a tag, returns its length in bytes,
/// whether it closes, and the name's byte range within `rest`.
#[inline]
pub fn match_tag(rest: &[u8]) -> Option<(usize, bool, std::ops::Range<usize>)> {
    debug_assert_eq!(rest.first(), Some(&b'<'));
    let mut i = 1;
    let close = rest.get(1) == Some(&b'/');
    if close {
        i = 2;
    }
    let name_start = i;
    match rest.get(i) {
        Some(b) if b.is_ascii_alphabetic() => i += 1,
        _ => return None,
    }
    while let Some(&b) = rest.get(i) {
        if b.is_ascii_alphanumeric() || b == b'_' || b == b'-' {
            i += 1;
        } else if b == b'>' {
            return Some((i + 1, close, name_start..i));
        } else {
            return None;
        }
    }
    None
}

/// If `rest` (which starts with `&`) begins with one of the three escapes, returns
/// its length in bytes and the character it stands for.
#[inline]
pub fn match_escape(rest: &[u8]) -> Option<(usize, char)> {
    if rest.starts_with(b"&lt;") {
        Some((4, '<'))
    } else if rest.starts_with(b"&gt;") {
        Some((4, '>'))
    } else if rest.starts_with(b"&amp;") {
        Some((5, '&'))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert_eq!(match_tag(b"<model>x"), Some((7, false, 1..6)));
        assert_eq!(match_tag(b"</a-b_1>"), Some((8, true, 2..7)));
        for not_tag in [
            "< b>", "<3", "<2>", "<- b", "<a b>", "<>", "</>", "<a", "<é>",
        ] {
            assert_eq!(match_tag(not_tag.as_bytes()), None, "{not_tag}");
        }
    }

    #[test]
    fn escapes() {
        assert_eq!(match_escape(b"&lt;x"), Some((4, '<')));
        assert_eq!(match_escape(b"&amp;"), Some((5, '&')));
        assert_eq!(match_escape(b"&T"), None);
    }
}
