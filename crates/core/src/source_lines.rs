//! The lines of a source, for a pane that shows only some of them.
//!
//! A source pane that keeps a 1 MB document smooth puts only a *window* of its lines
//! in the DOM: a textarea holding lines `a..b`, positioned inside a spacer as tall as
//! all the lines, each line one row of a fixed height (no wrapping). [`SourceLines`]
//! maps between the three coordinates such a pane needs:
//!
//! - byte offsets in the source (what the core edits),
//! - lines and columns (what the gutter, *Go to line* and diagnostics show),
//! - rows of the viewport ([`SourceLines::rows_in_view`]) and the window around them.
//!
//! A line ends at `\n`, `\r\n` or a lone `\r`, as [`crate::offsets::LineIndex`]
//! counts them. A textarea shows every break as one `\n`, so the text of a window
//! as the textarea holds it is [`crate::line_breaks::textarea_view`] of its bytes;
//! [`Window::view_to_source`] and [`Window::source_to_view`] convert its UTF-16
//! offsets (the DOM's unit) back and forth, keeping each `\r\n` two bytes in the
//! source. Columns count code points, 1-based, as [`crate::LineCol`] does.

use std::fmt;
use std::ops::Range;

use crate::LineCol;

/// The lines of one source text: where each starts and where its content ends.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SourceLines {
    /// Byte offset of each line's first byte; the first is 0.
    starts: Vec<usize>,
    /// Byte offset of each line's end, before its line break.
    ends: Vec<usize>,
    /// Byte length of the text.
    len: usize,
    /// Code points of the longest line.
    widest: usize,
    /// How many line breaks are `\r\n`, and how many are a lone `\n`.
    crlf: usize,
    lf: usize,
}

/// A line or column that is not in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LineError {
    /// `text` is not a line number, nor `line:column`.
    Unreadable {
        /// What was given.
        text: String,
    },
    /// Line `line` (1-based) was asked for, but the text has only `lines` lines.
    NoSuchLine {
        /// The line asked for.
        line: usize,
        /// How many lines the text has.
        lines: usize,
    },
}

impl fmt::Display for LineError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LineError::Unreadable { text } => {
                write!(
                    f,
                    "`{text}` is not a line number: give a line, or a line and a column as in 12:5"
                )
            }
            LineError::NoSuchLine { line: 0, .. } => {
                write!(f, "there is no line 0: lines are counted from 1")
            }
            LineError::NoSuchLine { line, lines } => {
                write!(
                    f,
                    "there is no line {line}: the text has {lines} line{}",
                    if *lines == 1 { "" } else { "s" }
                )
            }
        }
    }
}

impl std::error::Error for LineError {}

impl SourceLines {
    /// Indexes the lines of `source` in one pass.
    pub fn new(source: &str) -> SourceLines {
        let bytes = source.as_bytes();
        let mut starts = vec![0];
        let mut ends = Vec::new();
        let (mut crlf, mut lf) = (0, 0);
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                continue; // the `\n` that follows ends the line
            }
            let end = if bytes[i] == b'\n' && i > 0 && bytes[i - 1] == b'\r' {
                crlf += 1;
                i - 1
            } else {
                lf += usize::from(bytes[i] == b'\n');
                i
            };
            ends.push(end);
            starts.push(i + 1);
        }
        ends.push(bytes.len());
        // Bytes bound code points from above: count only lines that could be the widest.
        let mut widest = 0;
        for (&s, &e) in starts.iter().zip(&ends) {
            if e - s > widest {
                widest = widest.max(source[s..e].chars().count());
            }
        }
        SourceLines {
            starts,
            ends,
            len: bytes.len(),
            widest,
            crlf,
            lf,
        }
    }

    /// How many lines the text has (an empty text, and a text ending in a break, end
    /// with an empty line).
    pub fn count(&self) -> usize {
        self.starts.len()
    }

    /// Code points in the longest line (for the width of the pane's content).
    pub fn widest(&self) -> usize {
        self.widest
    }

    /// The 0-based line that holds `byte` (a line break belongs to the line it ends;
    /// offsets past the end give the last line).
    pub fn line_of(&self, byte: usize) -> usize {
        self.starts.partition_point(|&s| s <= byte.min(self.len)) - 1
    }

    /// The bytes of 0-based line `line`, without its line break.
    pub fn content(&self, line: usize) -> Range<usize> {
        let line = line.min(self.count() - 1);
        self.starts[line]..self.ends[line]
    }

    /// The byte where 0-based line `line` starts (the text's length past the last line).
    pub fn start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// The 1-based line and column (code points) of `byte` in `source`, the text this
    /// was built from. An offset inside a character or past the end is clamped back.
    pub fn line_col(&self, source: &str, byte: usize) -> LineCol {
        let mut byte = byte.min(source.len());
        while !source.is_char_boundary(byte) {
            byte -= 1;
        }
        let line = self.line_of(byte);
        let start = self.starts[line];
        let byte = byte.min(self.ends[line]);
        LineCol {
            line: line + 1,
            column: source[start..byte].chars().count() + 1,
        }
    }

    /// The byte of a 1-based line and column in `source`. A column past the line's end
    /// gives its end; a line that is not there is an error.
    pub fn byte_of(&self, source: &str, at: LineCol) -> Result<usize, LineError> {
        if at.line == 0 || at.line > self.count() {
            return Err(LineError::NoSuchLine {
                line: at.line,
                lines: self.count(),
            });
        }
        let range = self.content(at.line - 1);
        let line = &source[range.clone()];
        let col = at.column.saturating_sub(1);
        Ok(range.start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i))
    }

    /// The 0-based lines a viewport shows when it is scrolled `scroll_top` pixels down,
    /// `height` pixels tall, with rows `row_height` pixels high (partly visible rows included).
    pub fn rows_in_view(&self, scroll_top: f64, height: f64, row_height: f64) -> Range<usize> {
        if row_height.is_nan() || row_height <= 0.0 {
            return 0..self.count().min(1);
        }
        let first = (scroll_top.max(0.0) / row_height).floor();
        let last = ((scroll_top.max(0.0) + height.max(0.0)) / row_height).ceil();
        let clamp = |x: f64| (x as usize).min(self.count());
        let first = clamp(first).min(self.count() - 1);
        first..clamp(last).max(first + 1)
    }

    /// The window of lines to put in the DOM for the rows `visible`: those rows, and
    /// up to `margin` more lines on each side as long as the window stays within
    /// `max_bytes` (the rows in view are always in it, however long they are).
    pub fn window_around(&self, visible: Range<usize>, margin: usize, max_bytes: usize) -> Window {
        let last = self.count();
        let (mut first, mut end) = (
            visible.start.min(last - 1),
            visible.end.clamp(visible.start.min(last - 1) + 1, last),
        );
        let bytes = |a: usize, b: usize| self.ends[b - 1] - self.starts[a];
        let (low, high) = (first.saturating_sub(margin), (end + margin).min(last));
        loop {
            let mut grew = false;
            if end < high && bytes(first, end + 1) <= max_bytes {
                end += 1;
                grew = true;
            }
            if first > low && bytes(first - 1, end) <= max_bytes {
                first -= 1;
                grew = true;
            }
            if !grew {
                break;
            }
        }
        self.window(first..end)
    }

    /// Whether `window` can stay while the rows `visible` are in view: it holds them,
    /// with a quarter of its extra lines (or all the lines there are) on each side.
    pub fn keeps(&self, window: &Window, visible: &Range<usize>) -> bool {
        let w = &window.lines;
        let slack = (w.len().saturating_sub(visible.len())) / 4;
        let before_ok = w.start == 0 || visible.start >= w.start + slack;
        let after_ok = w.end >= self.count() || visible.end + slack <= w.end;
        w.start <= visible.start && visible.end <= w.end && before_ok && after_ok
    }

    /// Whether most of the text's line breaks are `\r\n` (a typed line break takes that style).
    pub fn prefers_crlf(&self) -> bool {
        self.crlf > self.lf
    }

    /// How many line breaks `source[range]` holds (a `\r\n` counts once).
    pub fn breaks_in(&self, range: Range<usize>) -> usize {
        self.line_of(range.end) - self.line_of(range.start)
    }

    /// The window of 0-based lines `lines` (clamped to the text; never empty).
    pub fn window(&self, lines: Range<usize>) -> Window {
        let last = self.count();
        let start = lines.start.min(last - 1);
        let end = lines.end.clamp(start + 1, last);
        Window {
            lines: start..end,
            bytes: self.starts[start]..self.ends[end - 1],
        }
    }
}

/// The byte where `line` (one line's text, no line break) may be cut for drawing when
/// only its first `columns` columns can be in view: after `columns` user-perceived
/// characters (grapheme clusters), each of which a monospace font draws at least one
/// column wide (a tab, a wide or a fallback glyph draws wider, so the cut only falls
/// further right). The whole line's length when it is no longer than that.
pub fn cut_after_columns(line: &str, columns: usize) -> usize {
    use unicode_segmentation::UnicodeSegmentation;
    let ascii = line
        .as_bytes()
        .iter()
        .take(columns.saturating_add(1))
        .all(u8::is_ascii);
    if ascii {
        // One byte, one character, one column; a cut before any byte but the last
        // one looked at falls between two ASCII characters.
        return line.len().min(columns);
    }
    line.grapheme_indices(true)
        .nth(columns)
        .map_or(line.len(), |(at, _)| at)
}

/// The lines worth drawing when the rows `visible` are in view: those rows and
/// `margin` more on each side, rounded out to multiples of `margin` (so that
/// scrolling by a line or two does not change them).
pub fn near_rows(visible: &Range<usize>, margin: usize) -> Range<usize> {
    let step = margin.max(1);
    let start = visible.start.saturating_sub(margin) / step * step;
    let end = visible
        .end
        .saturating_add(margin)
        .div_ceil(step)
        .saturating_mul(step);
    start..end
}

/// A run of whole lines of a source, as a textarea holding them shows them.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Window {
    /// The 0-based lines, `start..end`.
    pub lines: Range<usize>,
    /// Their bytes in the source, from the first line's start to the last line's end
    /// (without the last line's break).
    pub bytes: Range<usize>,
}

impl Window {
    /// The text a textarea holding this window shows: every line break as `\n`.
    pub fn view<'a>(&self, source: &'a str) -> std::borrow::Cow<'a, str> {
        crate::line_breaks::textarea_view(&source[self.bytes.clone()])
    }

    /// The source byte of UTF-16 offset `utf16` in the window's view (clamped to the
    /// window; an offset inside a surrogate pair or at a `\n` standing for `\r\n`
    /// goes to the start of that character or break).
    pub fn view_to_source(&self, source: &str, utf16: usize) -> usize {
        let text = &source[self.bytes.clone()];
        let bytes = text.as_bytes();
        let mut units = 0;
        let mut at = 0;
        while at < text.len() {
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                if units + 1 > utf16 {
                    break;
                }
                units += 1;
                at += 2;
                continue;
            }
            let Some(ch) = text[at..].chars().next() else {
                break;
            };
            if units + ch.len_utf16() > utf16 {
                break;
            }
            units += ch.len_utf16();
            at += ch.len_utf8();
        }
        self.bytes.start + at
    }

    /// The UTF-16 offset in the window's view of source byte `byte` (clamped to the
    /// window; a byte inside a character or between `\r` and `\n` counts from its start).
    pub fn source_to_view(&self, source: &str, byte: usize) -> usize {
        let end = byte.clamp(self.bytes.start, self.bytes.end);
        let text = &source[self.bytes.start..];
        let bytes = text.as_bytes();
        let stop = end - self.bytes.start;
        let mut units = 0;
        let mut at = 0;
        while at < stop {
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                if at + 2 > stop {
                    break;
                }
                units += 1;
                at += 2;
                continue;
            }
            let Some(ch) = text[at..].chars().next() else {
                break;
            };
            if at + ch.len_utf8() > stop {
                break;
            }
            units += ch.len_utf16();
            at += ch.len_utf8();
        }
        units
    }
}

/// The text to put into `source` for `typed`, text that a textarea gave (its line
/// breaks all `\n`) to replace bytes `range`: each `\n` becomes `\r\n` when most of
/// the document's breaks are (`lines` is the index of `source`), and a `\r` is added
/// where a lone `\r` before the range would otherwise join a `\n` after it into one
/// `\r\n`, so that both line breaks stay. As [`crate::line_breaks::apply_textarea_value`]
/// does for a whole value, without looking at the rest of the text.
pub fn typed_text(source: &str, lines: &SourceLines, range: Range<usize>, typed: &str) -> String {
    let mut out = String::with_capacity(typed.len() + 1);
    let before = &source[..range.start];
    let after = &source[range.end..];
    let text: std::borrow::Cow<'_, str> = if lines.prefers_crlf() && !typed.contains('\r') {
        typed.replace('\n', "\r\n").into()
    } else {
        typed.into()
    };
    let right = if text.is_empty() { after } else { &text };
    if before.ends_with('\r') && right.starts_with('\n') {
        out.push('\r');
    }
    out.push_str(&text);
    out
}

/// Reads a place to go to: `12` (line 12) or `12:5` (line 12, column 5), 1-based.
pub fn parse_line_col(text: &str) -> Result<LineCol, LineError> {
    let unreadable = || LineError::Unreadable {
        text: text.trim().to_string(),
    };
    let (line, column) = match text.trim().split_once(':') {
        Some((l, c)) => (l.trim(), c.trim()),
        None => (text.trim(), "1"),
    };
    let line = line.parse::<usize>().map_err(|_| unreadable())?;
    let column = column.parse::<usize>().map_err(|_| unreadable())?;
    Ok(LineCol {
        line,
        column: column.max(1),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_break_ends_a_line() {
        let s = "a\r\nb\rc\nd";
        let lines = SourceLines::new(s);
        assert_eq!(lines.count(), 4);
        assert_eq!(
            (0..4).map(|l| &s[lines.content(l)]).collect::<Vec<_>>(),
            ["a", "b", "c", "d"]
        );
        assert_eq!(
            lines.line_of(1),
            0,
            "the \\r of a \\r\\n belongs to the line it ends"
        );
        assert_eq!(lines.line_of(2), 0);
        assert_eq!(lines.line_of(3), 1);
        assert_eq!(SourceLines::new("").count(), 1);
        assert_eq!(SourceLines::new("x\n").count(), 2);
    }

    #[test]
    fn columns_count_code_points() {
        let s = "🗻∈🌏\nab";
        let lines = SourceLines::new(s);
        assert_eq!(lines.line_col(s, 4), LineCol { line: 1, column: 2 });
        assert_eq!(lines.byte_of(s, LineCol { line: 1, column: 3 }), Ok(7));
        assert_eq!(
            lines.byte_of(
                s,
                LineCol {
                    line: 2,
                    column: 99
                }
            ),
            Ok(s.len())
        );
        assert_eq!(lines.widest(), 3);
    }

    #[test]
    fn a_missing_line_is_an_error_that_says_so() {
        let lines = SourceLines::new("a\nb");
        let err = lines
            .byte_of("a\nb", LineCol { line: 3, column: 1 })
            .unwrap_err();
        assert_eq!(err, LineError::NoSuchLine { line: 3, lines: 2 });
        assert_eq!(err.to_string(), "there is no line 3: the text has 2 lines");
        assert_eq!(
            lines
                .byte_of("a\nb", LineCol { line: 0, column: 1 })
                .unwrap_err()
                .to_string(),
            "there is no line 0: lines are counted from 1"
        );
    }

    #[test]
    fn a_window_maps_its_view_back_to_the_source() {
        let s = "one\r\ntwo\nthr🌏e\rfour";
        let lines = SourceLines::new(s);
        let w = lines.window(1..3);
        assert_eq!(w.view(s), "two\nthr🌏e");
        assert_eq!(w.view_to_source(s, 0), 5);
        assert_eq!(w.view_to_source(s, 7), 12);
        assert_eq!(
            w.view_to_source(s, 8),
            12,
            "inside the surrogate pair: its start"
        );
        assert_eq!(w.view_to_source(s, 9), 16);
        assert_eq!(w.source_to_view(s, 16), 9);
        assert_eq!(
            w.source_to_view(s, 14),
            7,
            "inside the character: its start"
        );
        assert_eq!(w.source_to_view(s, 99), 10);
    }

    #[test]
    fn windows_cover_the_rows_in_view_with_a_margin() {
        let s = "x\n".repeat(1000);
        let lines = SourceLines::new(&s);
        let visible = lines.rows_in_view(200.0 * 20.0 + 5.0, 400.0, 20.0);
        assert_eq!(visible, 200..221);
        let w = lines.window_around(visible.clone(), 100, 1 << 20);
        assert_eq!(w.lines, 100..321);
        assert!(lines.keeps(&w, &visible));
        assert!(!lines.keeps(&w, &(110..131)));
        // A byte budget narrows it, but never below the rows in view.
        assert_eq!(
            lines.window_around(visible.clone(), 100, 60).lines,
            196..226
        );
        assert_eq!(lines.window_around(visible, 100, 1).lines, 200..221);
        assert_eq!(
            lines
                .window_around(lines.rows_in_view(1e9, 400.0, 20.0), 100, 1 << 20)
                .lines
                .end,
            1001
        );
    }

    #[test]
    fn typed_breaks_take_the_documents_style() {
        let s = "a\r\nb\r\nc";
        let lines = SourceLines::new(s);
        assert_eq!(typed_text(s, &lines, 1..1, "x\ny"), "x\r\ny");
        let s = "a\rb";
        let lines = SourceLines::new(s);
        assert_eq!(
            typed_text(s, &lines, 2..2, "\nz"),
            "\r\nz",
            "a lone \\r before a typed \\n stays a line break of its own"
        );
        assert_eq!(
            parse_line_col(" 12:5 "),
            Ok(LineCol {
                line: 12,
                column: 5
            })
        );
        assert_eq!(parse_line_col("7"), Ok(LineCol { line: 7, column: 1 }));
        assert_eq!(
            parse_line_col("x").unwrap_err().to_string(),
            "`x` is not a line number: give a line, or a line and a column as in 12:5"
        );
    }
}
