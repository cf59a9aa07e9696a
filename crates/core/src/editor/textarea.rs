//! The arithmetic between a source and the browser textarea that shows it.
//!
//! A textarea shows every line break as one `\n` and counts in UTF-16 code
//! units; the source keeps `\r\n` and `\r` byte for byte and is measured in
//! bytes. These functions turn one into the other.

use std::ops::Range;

use crate::line_breaks::{apply_textarea_value, diff};
use crate::offsets::{OffsetMap, OffsetUnit};

/// Textarea offsets (UTF-16 code units of its `\n`-only value) of source bytes.
pub struct TextareaOffsets {
    map: OffsetMap,
    crlf: Vec<usize>,
}

impl TextareaOffsets {
    /// Prepares the conversion for `source`.
    pub fn new(source: &str) -> TextareaOffsets {
        TextareaOffsets {
            map: OffsetMap::new(source),
            crlf: source.match_indices("\r\n").map(|(i, _)| i).collect(),
        }
    }

    /// The textarea offset of source byte `byte`: its UTF-16 offset, one less
    /// for each `\r\n` before it (the textarea shows it as one `\n`). A byte
    /// inside a character counts as the start of that character.
    pub fn utf16(&self, byte: usize) -> u32 {
        let before = self.crlf.partition_point(|&i| i < byte);
        let mut b = byte.min(self.map.len(OffsetUnit::Bytes));
        let units = loop {
            match self.map.from_byte(b, OffsetUnit::Utf16) {
                Ok(u) => break u,
                Err(_) if b > 0 => b -= 1,
                Err(_) => break 0,
            }
        };
        units.saturating_sub(before) as u32
    }
}

/// The splice of `source` that gives the source for the textarea's new
/// `value`: the byte range of `source` replaced and the text put there. Line
/// breaks outside the range keep their bytes; typed ones take the document's
/// usual style (see [`apply_textarea_value`]). `None` when nothing changed.
pub fn splice_for_value(source: &str, value: &str) -> Option<(Range<usize>, String)> {
    let new = apply_textarea_value(source, value);
    let (a, b_old, b_new) = diff(source, &new);
    if a == b_old && a == b_new {
        return None;
    }
    Some((a..b_old, new[a..b_new].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_crlf_as_one_unit() {
        let source = "a\r\nb😊c";
        let t = TextareaOffsets::new(source);
        assert_eq!(t.utf16(0), 0);
        assert_eq!(t.utf16(3), 2, "after a\\r\\n: `a` and one `\\n`");
        assert_eq!(t.utf16(4), 3);
        assert_eq!(t.utf16(8), 5, "the emoji is two UTF-16 units");
        assert_eq!(t.utf16(6), 3, "inside the emoji: its start");
        assert_eq!(t.utf16(99), 6, "past the end: the end");
    }

    #[test]
    fn a_splice_keeps_crlf_outside_what_was_typed() {
        let source = "one\r\ntwo\r\nthree";
        // The user typed "X" after "two" in the textarea, which shows \n.
        let (range, inserted) = splice_for_value(source, "one\ntwoX\nthree").unwrap();
        assert_eq!((range, inserted.as_str()), (8..8, "X"));
        // A typed line break takes the document's style.
        let (range, inserted) = splice_for_value(source, "one\ntwo\n\nthree").unwrap();
        let mut out = source.to_string();
        out.replace_range(range, &inserted);
        assert_eq!(out, "one\r\ntwo\r\n\r\nthree");
        assert_eq!(splice_for_value(source, "one\ntwo\nthree"), None);
    }
}
