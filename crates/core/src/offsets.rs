//! Conversions between byte offsets (used inside tagmark) and the units other
//! tools count in: Unicode code points (Python, spaCy, Prodigy, brat, doccano's
//! files) and UTF-16 code units (the DOM, JavaScript, INCEpTION, doccano's UI).
//!
//! An [`OffsetMap`] is built once per text in O(n) and answers each conversion
//! with a binary search over the text's non-ASCII characters, so ASCII-only text
//! costs nothing and a conversion never walks the text again.
//!
//! `\r\n` is two characters in every unit, as in Python and JavaScript.

use std::fmt;

/// A unit in which offsets into a text are counted.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum OffsetUnit {
    /// UTF-8 bytes (tagmark's own unit).
    Bytes,
    /// Unicode scalar values, as Python's `str` indexes them. The default for exports.
    #[default]
    Codepoints,
    /// UTF-16 code units, as JavaScript strings and the DOM count.
    Utf16,
}

impl OffsetUnit {
    /// The name used on the command line and in metadata: `bytes`, `codepoints`, `utf16`.
    pub fn name(self) -> &'static str {
        match self {
            OffsetUnit::Bytes => "bytes",
            OffsetUnit::Codepoints => "codepoints",
            OffsetUnit::Utf16 => "utf16",
        }
    }

    /// Parses a unit name (`bytes`, `codepoints`/`chars`, `utf16`/`utf-16`).
    pub fn from_name(name: &str) -> Option<OffsetUnit> {
        match name {
            "bytes" | "byte" | "utf8" | "utf-8" => Some(OffsetUnit::Bytes),
            "codepoints" | "codepoint" | "chars" | "characters" => Some(OffsetUnit::Codepoints),
            "utf16" | "utf-16" => Some(OffsetUnit::Utf16),
            _ => None,
        }
    }
}

impl fmt::Display for OffsetUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why an offset could not be converted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OffsetError {
    /// The offset is past the end of the text.
    OutOfRange {
        /// The offset asked for.
        offset: usize,
        /// Its unit.
        unit: OffsetUnit,
        /// The length of the text in that unit.
        len: usize,
    },
    /// The offset falls inside a character (inside a multi-byte UTF-8 sequence,
    /// or between the two halves of a UTF-16 surrogate pair).
    InsideCharacter {
        /// The offset asked for.
        offset: usize,
        /// Its unit.
        unit: OffsetUnit,
    },
}

impl fmt::Display for OffsetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OffsetError::OutOfRange { offset, unit, len } => write!(
                f,
                "offset {offset} ({unit}) is past the end of the text, which is {len} {unit} long"
            ),
            OffsetError::InsideCharacter { offset, unit } => {
                write!(f, "offset {offset} ({unit}) falls inside a character")
            }
        }
    }
}

impl std::error::Error for OffsetError {}

/// One non-ASCII character: where it starts in each unit and how long it is.
#[derive(Clone, Copy, Debug)]
struct Wide {
    byte: usize,
    char: usize,
    utf16: usize,
    len_utf8: u8,
    len_utf16: u8,
}

/// Converts offsets of one text between bytes, code points and UTF-16 units.
#[derive(Clone, Debug)]
pub struct OffsetMap {
    wide: Vec<Wide>,
    len_bytes: usize,
    len_chars: usize,
    len_utf16: usize,
}

impl OffsetMap {
    /// Indexes `text`. O(n) time; memory proportional to its non-ASCII characters.
    pub fn new(text: &str) -> OffsetMap {
        let mut wide = Vec::new();
        let (mut chars, mut utf16) = (0usize, 0usize);
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // Skip runs of ASCII quickly.
            let run = bytes[i..]
                .iter()
                .position(|b| !b.is_ascii())
                .unwrap_or(bytes.len() - i);
            i += run;
            chars += run;
            utf16 += run;
            if i >= bytes.len() {
                break;
            }
            let ch = text[i..].chars().next().unwrap_or('\u{FFFD}');
            let (l8, l16) = (ch.len_utf8(), ch.len_utf16());
            wide.push(Wide {
                byte: i,
                char: chars,
                utf16,
                len_utf8: l8 as u8,
                len_utf16: l16 as u8,
            });
            i += l8;
            chars += 1;
            utf16 += l16;
        }
        OffsetMap {
            wide,
            len_bytes: text.len(),
            len_chars: chars,
            len_utf16: utf16,
        }
    }

    /// Length of the text in `unit`.
    pub fn len(&self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Bytes => self.len_bytes,
            OffsetUnit::Codepoints => self.len_chars,
            OffsetUnit::Utf16 => self.len_utf16,
        }
    }

    /// True for the empty text.
    pub fn is_empty(&self) -> bool {
        self.len_bytes == 0
    }

    /// True when every unit counts the same (the text is ASCII).
    pub fn is_ascii(&self) -> bool {
        self.wide.is_empty()
    }

    fn pos(w: &Wide, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Bytes => w.byte,
            OffsetUnit::Codepoints => w.char,
            OffsetUnit::Utf16 => w.utf16,
        }
    }

    fn width(w: &Wide, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Bytes => w.len_utf8 as usize,
            OffsetUnit::Codepoints => 1,
            OffsetUnit::Utf16 => w.len_utf16 as usize,
        }
    }

    /// Converts `offset` counted in `from` into the same position counted in `to`.
    pub fn convert(
        &self,
        offset: usize,
        from: OffsetUnit,
        to: OffsetUnit,
    ) -> Result<usize, OffsetError> {
        let len = self.len(from);
        if offset > len {
            return Err(OffsetError::OutOfRange {
                offset,
                unit: from,
                len,
            });
        }
        if from == to {
            if from != OffsetUnit::Codepoints {
                // Still reject positions inside a character.
                self.check_boundary(offset, from)?;
            }
            return Ok(offset);
        }
        // The last wide character starting at or before `offset`.
        let idx = self.wide.partition_point(|w| Self::pos(w, from) <= offset);
        if idx == 0 {
            return Ok(offset); // all ASCII before it
        }
        let w = &self.wide[idx - 1];
        let start = Self::pos(w, from);
        let width = Self::width(w, from);
        if offset == start {
            return Ok(Self::pos(w, to));
        }
        if offset < start + width {
            return Err(OffsetError::InsideCharacter { offset, unit: from });
        }
        // ASCII after the wide character.
        Ok(Self::pos(w, to) + Self::width(w, to) + (offset - start - width))
    }

    fn check_boundary(&self, offset: usize, unit: OffsetUnit) -> Result<(), OffsetError> {
        let idx = self.wide.partition_point(|w| Self::pos(w, unit) <= offset);
        if idx > 0 {
            let w = &self.wide[idx - 1];
            let start = Self::pos(w, unit);
            if offset > start && offset < start + Self::width(w, unit) {
                return Err(OffsetError::InsideCharacter { offset, unit });
            }
        }
        Ok(())
    }

    /// Byte offset → `unit`. Panics never; a byte offset inside a character is an error.
    pub fn from_byte(&self, byte: usize, unit: OffsetUnit) -> Result<usize, OffsetError> {
        self.convert(byte, OffsetUnit::Bytes, unit)
    }

    /// `unit` → byte offset.
    pub fn to_byte(&self, offset: usize, unit: OffsetUnit) -> Result<usize, OffsetError> {
        self.convert(offset, unit, OffsetUnit::Bytes)
    }
}

/// A 1-based line and column (in characters) of a byte offset in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    /// 1-based line number; lines end at `\n`.
    pub line: usize,
    /// 1-based column, counted in Unicode code points from the start of the line.
    pub column: usize,
}

impl fmt::Display for LineCol {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Maps byte offsets of a text to lines and columns (codespan-reporting's `line_starts` idea).
///
/// Both directions take O(log n): columns are counted with an [`OffsetMap`], not by
/// walking the line, so that thousands of lookups on one long line stay fast.
#[derive(Clone, Debug)]
pub struct LineIndex {
    starts: Vec<usize>,
    chars: OffsetMap,
}

impl LineIndex {
    /// Indexes the line starts of `text`. A line ends at `\n`, `\r\n` or a lone
    /// `\r` (a file with only `\r` breaks has as many lines as breaks, not one).
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| !(bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n')))
                .map(|i| i + 1),
        );
        LineIndex {
            starts,
            chars: OffsetMap::new(text),
        }
    }

    /// Code point offset of a byte offset known to be a char boundary of the text.
    fn char_of(&self, byte: usize) -> usize {
        self.chars
            .from_byte(byte, OffsetUnit::Codepoints)
            .unwrap_or(byte)
    }

    /// The line and column of `byte` in `text` (the text this index was built from).
    /// Offsets past the end or inside a character are clamped to the previous boundary.
    pub fn line_col(&self, text: &str, byte: usize) -> LineCol {
        let mut byte = byte.min(text.len());
        while !text.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= byte);
        let start = self.starts[line - 1];
        let column = self.char_of(byte) - self.char_of(start) + 1;
        LineCol { line, column }
    }

    /// The byte offset of a 1-based line and column, clamped to the text.
    pub fn byte_of(&self, text: &str, at: LineCol) -> usize {
        let line = at.line.clamp(1, self.starts.len());
        let start = self.starts[line - 1];
        let end = self.starts.get(line).copied().unwrap_or(text.len());
        let end_chars = self.char_of(end);
        let wanted = self.char_of(start) + at.column.saturating_sub(1);
        if wanted >= end_chars {
            return end;
        }
        self.chars
            .to_byte(wanted, OffsetUnit::Codepoints)
            .unwrap_or(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use OffsetUnit::*;

    #[test]
    fn firefighter_example() {
        let text = "👨🏻‍🚒 firemen drive firetrucks";
        let map = OffsetMap::new(text);
        let byte = text.find("firetrucks").unwrap();
        assert_eq!(byte, 30);
        assert_eq!(map.from_byte(30, Codepoints), Ok(19));
        assert_eq!(map.from_byte(40, Codepoints), Ok(29));
        assert_eq!(map.from_byte(30, Utf16), Ok(22));
        assert_eq!(map.from_byte(40, Utf16), Ok(32));
        assert_eq!(map.to_byte(22, Utf16), Ok(30));
        assert_eq!(map.convert(19, Codepoints, Utf16), Ok(22));
        assert_eq!(map.convert(32, Utf16, Codepoints), Ok(29));
    }

    #[test]
    fn smiley_example() {
        let text = "I like it 😊 .";
        let map = OffsetMap::new(text);
        assert_eq!(map.convert(10, Codepoints, Utf16), Ok(10));
        assert_eq!(map.convert(11, Codepoints, Utf16), Ok(12));
        assert_eq!(
            map.convert(11, Utf16, Codepoints),
            Err(OffsetError::InsideCharacter {
                offset: 11,
                unit: Utf16
            })
        );
    }

    #[test]
    fn cjk_combining_and_crlf() {
        let text = "日本語\r\ne\u{301}x";
        let map = OffsetMap::new(text);
        assert_eq!(map.len(Codepoints), 8);
        assert_eq!(map.len(Utf16), 8);
        assert_eq!(map.len(Bytes), 9 + 2 + 1 + 2 + 1);
        let x = text.find('x').unwrap();
        assert_eq!(map.from_byte(x, Codepoints), Ok(7));
        assert_eq!(
            map.from_byte(1, Codepoints),
            Err(OffsetError::InsideCharacter {
                offset: 1,
                unit: Bytes
            })
        );
        assert_eq!(
            map.to_byte(99, Codepoints),
            Err(OffsetError::OutOfRange {
                offset: 99,
                unit: Codepoints,
                len: 8
            })
        );
    }

    #[test]
    fn agrees_with_std_on_every_boundary() {
        let text = "a👨🏻‍🚒b日\r\nc\u{301}😊";
        let map = OffsetMap::new(text);
        let mut utf16 = 0;
        for (chars, (byte, ch)) in text.char_indices().enumerate() {
            assert_eq!(map.from_byte(byte, Codepoints), Ok(chars));
            assert_eq!(map.from_byte(byte, Utf16), Ok(utf16));
            assert_eq!(map.to_byte(chars, Codepoints), Ok(byte));
            assert_eq!(map.to_byte(utf16, Utf16), Ok(byte));
            utf16 += ch.len_utf16();
        }
        assert_eq!(map.from_byte(text.len(), Utf16), Ok(utf16));
    }

    #[test]
    fn line_columns_count_characters() {
        let text = "ab\n🗻∈🌏x\r\ny";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), LineCol { line: 1, column: 1 });
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 4 });
        let y = text.find('y').unwrap();
        assert_eq!(idx.line_col(text, y), LineCol { line: 3, column: 1 });
        assert_eq!(idx.byte_of(text, LineCol { line: 2, column: 4 }), x);
    }
}
