//! `duplicate` and `self-nested`: spans that repeat or hold their own label.

use super::{quote, Check, Fix, Problem};
use crate::document::Document;
use crate::edit::{Edit, SpanRef};
use crate::span_lookup::SpanLookup;

/// Reports a span equal (range and label) to an earlier one (`duplicate`), and
/// a span inside a longer span of the same label (`self-nested`). The fix of
/// both removes the reported span.
pub(super) fn duplicates_and_nesting(
    docs: &[&Document],
    duplicates: bool,
    nesting: bool,
    focus: Option<usize>,
    out: &mut Vec<Problem>,
) {
    for (d, doc) in docs.iter().enumerate() {
        if !super::in_focus(focus, d) {
            continue;
        }
        let lookup = SpanLookup::new(&doc.spans);
        for (i, span) in doc.spans.iter().enumerate() {
            let text = quote(doc.span_text(span));
            let mut same_label = lookup
                .overlapping(span.range())
                .filter(|&k| k != i && doc.spans[k].label == span.label);
            // Spans with the same range are next to each other in document order.
            let twin = doc.spans[..i]
                .iter()
                .rev()
                .take_while(|s| s.range() == span.range())
                .any(|s| s == span);
            if twin {
                if duplicates {
                    out.push(Problem {
                        check: Check::Duplicate,
                        severity: Check::Duplicate.severity(),
                        doc: d,
                        range: span.range(),
                        message: format!(
                            "the `{}` span {text} is there twice, with the same range",
                            span.label
                        ),
                        fix: Some(Fix {
                            title: "remove the copy".into(),
                            edit: Edit::RemoveSpan {
                                target: SpanRef::Index(i),
                            },
                        }),
                    });
                }
                continue;
            }
            if !nesting {
                continue;
            }
            let outer = same_label.find(|&k| {
                let o = &doc.spans[k];
                o.contains(span) && o.range() != span.range()
            });
            if let Some(k) = outer {
                out.push(Problem {
                    check: Check::SelfNested,
                    severity: Check::SelfNested.severity(),
                    doc: d,
                    range: span.range(),
                    message: format!(
                        "the `{}` span {text} is inside another `{}` span, {}",
                        span.label,
                        span.label,
                        quote(doc.span_text(&doc.spans[k]))
                    ),
                    fix: Some(Fix {
                        title: "remove the inner span".into(),
                        edit: Edit::RemoveSpan {
                            target: SpanRef::Index(i),
                        },
                    }),
                });
            }
        }
    }
}
