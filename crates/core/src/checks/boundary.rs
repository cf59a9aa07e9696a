//! `boundary`: a span whose start or end is inside a word, or that takes in
//! whitespace or punctuation at an edge.
//!
//! Words are UAX #29 segments ([`crate::tokenize::segments`]). Punctuation at an
//! edge is one of `. , ; : ! ? " ' ( ) [ ] { }` and their typographic forms,
//! except what belongs to the span:
//! - a bracket or quote whose partner is inside the span (`Foo (Bar)`, `"Dune"`);
//! - a final `.` of an abbreviation: after a letter, when the span has another
//!   `.` (`U.S.`) or its last word is a capitalised word of at most three letters
//!   (`Inc.`, `Co.`).
//!
//! The fix trims what should not be there and widens the span to whole words.

use super::{quote, Check, Fix, Problem};
use crate::document::Document;
use crate::edit::Edit;
use crate::span_lookup::SpanLookup;
use crate::tokenize::{is_space_char, segments};

const OPENERS: &str = "([{\"'«“‘„";
const CLOSERS: &str = ")]}\"'»”’“";

fn is_edge_punct(c: char) -> bool {
    matches!(c, '.' | ',' | ';' | ':' | '!' | '?' | '¿' | '¡')
        || OPENERS.contains(c)
        || CLOSERS.contains(c)
}

/// True when the punctuation `c` at the start (`at_start`) or end of `text` belongs to it.
fn belongs(text: &str, c: char, at_start: bool) -> bool {
    let inner = if at_start {
        &text[c.len_utf8()..]
    } else {
        &text[..text.len() - c.len_utf8()]
    };
    if let Some(k) = OPENERS.chars().position(|o| o == c).filter(|_| at_start) {
        let partner = CLOSERS.chars().nth(k).unwrap_or(c);
        return inner.contains(partner);
    }
    if let Some(k) = CLOSERS.chars().position(|o| o == c).filter(|_| !at_start) {
        let partner = OPENERS.chars().nth(k).unwrap_or(c);
        return inner.contains(partner);
    }
    if c == '.' && !at_start {
        let before_is_letter = inner.chars().next_back().is_some_and(char::is_alphabetic);
        let last_word = inner
            .rsplit(|ch: char| !ch.is_alphabetic())
            .next()
            .unwrap_or("");
        let capitalised = last_word.chars().next().is_some_and(char::is_uppercase);
        return before_is_letter
            && (inner.contains('.') || (capitalised && last_word.chars().count() <= 3));
    }
    false
}

/// What is wrong at the edges of `start..end`, and the range a fix would give.
fn edge_faults(
    text: &str,
    bounds: &[usize],
    start: usize,
    end: usize,
) -> (Vec<String>, usize, usize) {
    let span = &text[start..end];
    let mut faults = Vec::new();
    let is_bound = |b: usize| bounds.binary_search(&b).is_ok();
    let word_at = |b: usize| {
        let k = bounds.partition_point(|&x| x <= b);
        let (ws, we) = (
            bounds[k.max(1) - 1],
            bounds.get(k).copied().unwrap_or(text.len()),
        );
        &text[ws..we]
    };
    // Trim whitespace and stray punctuation.
    let (mut s, mut e) = (start, end);
    while let Some(c) = text[s..e].chars().next() {
        if is_space_char(c) || (is_edge_punct(c) && !belongs(&text[s..e], c, true)) {
            s += c.len_utf8();
        } else {
            break;
        }
    }
    while let Some(c) = text[s..e].chars().next_back() {
        if is_space_char(c) || (is_edge_punct(c) && !belongs(&text[s..e], c, false)) {
            e -= c.len_utf8();
        } else {
            break;
        }
    }
    if let Some(c) = span.chars().next() {
        if is_space_char(c) {
            faults.push("starts with whitespace".to_string());
        } else if s > start {
            faults.push(format!("starts with the punctuation `{c}`"));
        }
    }
    if let Some(c) = span.chars().next_back() {
        if is_space_char(c) {
            faults.push("ends with whitespace".to_string());
        } else if e < end && s < e {
            faults.push(format!("ends with the punctuation `{c}`"));
        }
    }
    if s >= e {
        return (faults, start, end);
    }
    if !is_bound(start) && s == start {
        faults.push(format!("starts inside the word `{}`", word_at(start)));
    }
    if !is_bound(end) && e == end {
        faults.push(format!(
            "ends inside the word `{}`",
            word_at(end.saturating_sub(1).max(start))
        ));
    }
    // Widen to whole words.
    let k = bounds.partition_point(|&x| x <= s);
    let s = bounds[k.max(1) - 1];
    let k = bounds.partition_point(|&x| x < e);
    let e = bounds.get(k).copied().unwrap_or(text.len());
    (faults, s, e)
}

/// Reports the spans of `docs` with faulty edges.
pub(super) fn boundaries(
    docs: &[&Document],
    focus: Option<usize>,
    range: Option<std::ops::Range<usize>>,
    out: &mut Vec<Problem>,
) {
    for (d, doc) in docs.iter().enumerate() {
        if !super::in_focus(focus, d) {
            continue;
        }
        if doc.spans.is_empty() {
            continue;
        }
        let text = doc.text.as_str();
        // The spans to look at (those starting in `range`, with `focus`), and the
        // part of the text whose word boundaries they need.
        let window = match (&range, focus) {
            (Some(r), Some(_)) => r.clone(),
            _ => 0..text.len() + 1,
        };
        let first = doc.spans.partition_point(|s| s.start < window.start);
        let last = doc.spans.partition_point(|s| s.start < window.end);
        if first >= last {
            continue;
        }
        let reach = doc.spans[first..last]
            .iter()
            .map(|s| s.end)
            .max()
            .unwrap_or(window.end)
            .min(text.len());
        let part = crate::phrases::around(text, doc.spans[first].start.min(text.len())..reach);
        let mut bounds: Vec<usize> = segments(&text[part.clone()])
            .map(|r| r.start + part.start)
            .collect();
        bounds.push(part.end);
        let lookup = SpanLookup::new(&doc.spans);
        for (i, span) in doc.spans.iter().enumerate().take(last).skip(first) {
            if doc.check_range(span.start, span.end).is_err() {
                continue;
            }
            let (faults, s, e) = edge_faults(text, &bounds, span.start, span.end);
            if faults.is_empty() {
                continue;
            }
            let crosses = lookup
                .overlapping(s..e)
                .any(|k| k != i && doc.spans[k].crosses(&crate::Span::new(s, e, "")));
            let fix = ((s, e) != (span.start, span.end) && s < e && !crosses).then(|| Fix {
                title: format!("make it {}", quote(&text[s..e])),
                edit: Edit::Resize {
                    index: i,
                    start: s,
                    end: e,
                },
            });
            out.push(Problem {
                check: Check::Boundary,
                severity: Check::Boundary.severity(),
                doc: d,
                range: span.range(),
                message: format!(
                    "the `{}` span {} {}",
                    span.label,
                    quote(&text[span.range()]),
                    faults.join(" and ")
                ),
                fix,
            });
        }
    }
}
