//! Text made safe to put inside HTML, for views that build their markup as one string
//! (the source pane's highlighted rows: one `innerHTML` per row is far cheaper than an
//! element or text node per piece when a scroll brings in a window of new rows).
//!
//! [`push_text`] escapes what the HTML parser would read as markup in element content,
//! [`push_attr`] also the quotes, for a double-quoted attribute value. What the parser
//! cannot keep is replaced the way the browser would show it anyway: a NUL becomes
//! U+FFFD (the parser does that itself), and a carriage return a space, since the parser
//! would turn it into a line feed.

/// Appends `text` to `out` escaped for element content: `&`, `<` and `>` as entities.
pub fn push_text(out: &mut String, text: &str) {
    push_escaped(out, text, false);
}

/// Appends `text` to `out` escaped for a double-quoted attribute value: also `"` and `'`.
pub fn push_attr(out: &mut String, text: &str) {
    push_escaped(out, text, true);
}

fn push_escaped(out: &mut String, text: &str, attr: bool) {
    let mut from = 0;
    for (at, b) in text.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if attr => "&quot;",
            b'\'' if attr => "&#39;",
            b'\0' => "\u{FFFD}",
            b'\r' => " ",
            _ => continue,
        };
        // Every byte matched is ASCII, so `at` is on a character boundary.
        out.push_str(&text[from..at]);
        out.push_str(entity);
        from = at + 1;
    }
    out.push_str(&text[from..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> String {
        let mut out = String::new();
        push_text(&mut out, s);
        out
    }

    fn attr(s: &str) -> String {
        let mut out = String::new();
        push_attr(&mut out, s);
        out
    }

    #[test]
    fn markup_is_escaped_and_the_rest_kept() {
        assert_eq!(
            text("<b>a & \"é\" 🦀</b>"),
            "&lt;b&gt;a &amp; \"é\" 🦀&lt;/b&gt;"
        );
        assert_eq!(attr("x\" onload='y'"), "x&quot; onload=&#39;y&#39;");
        assert_eq!(text("a\0b\rc"), "a\u{FFFD}b c");
        assert_eq!(text(""), "");
    }

    /// What an HTML parser reads back from an escaped string.
    fn unescape(s: &str) -> String {
        s.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    proptest::proptest! {
        #[test]
        fn escaped_text_reads_back_as_itself_and_holds_no_markup(s in "[<>&\"'a-zé🦀 ;#]{0,40}") {
            let (t, a) = (text(&s), attr(&s));
            proptest::prop_assert!(!t.contains('<') && !t.contains('>'));
            proptest::prop_assert!(!a.contains('<') && !a.contains('"') && !a.contains('\''));
            proptest::prop_assert_eq!(unescape(&t), s.clone());
            proptest::prop_assert_eq!(unescape(&a), s);
        }
    }
}
