//! `untagged-repeat` and `label-conflict`: what the tagged strings say about each other.

use super::tagged::TaggedStrings;
use super::{quote, times, Check, Fix, Problem};
use crate::document::{Document, Span};
use crate::edit::Edit;
use crate::phrases::{KeyKind, SegmentedText};
use crate::span_lookup::SpanLookup;

/// An untagged, whole-word occurrence of a tagged string. Not reported where a
/// span already has that range (whatever its label: that is a conflict) or
/// where a span of the string's label already holds it. The fix tags it with
/// the string's most used label, unless that span would cross another.
pub(super) fn untagged_repeats(docs: &[&Document], strings: &TaggedStrings, out: &mut Vec<Problem>) {
    if strings.index.is_empty() {
        return;
    }
    for (d, doc) in docs.iter().enumerate() {
        let seg = SegmentedText::new(&doc.text, KeyKind::Exact);
        let lookup = SpanLookup::new(&doc.spans);
        for m in strings.index.find_all(&seg) {
            if lookup.has_range(m.range.clone()) {
                continue;
            }
            let tagged = strings.index.get(m.phrase).1;
            let label = tagged.top_label();
            if lookup.inside_label(m.range.clone(), label) {
                continue;
            }
            let here = tagged.count_in(d);
            let elsewhere = tagged.places.len() - here;
            let counts = match (here, elsewhere) {
                (0, n) => format!("{} in other documents", times(n)),
                (n, 0) => format!("{} in this document", times(n)),
                (h, e) => format!("{} in this document and {} in others", times(h), times(e)),
            };
            let fix = (!lookup.crosses(m.range.clone())).then(|| Fix {
                title: format!("tag as `{label}`"),
                edit: Edit::AddSpan { span: Span::new(m.range.start, m.range.end, label) },
            });
            out.push(Problem {
                check: Check::UntaggedRepeat,
                severity: Check::UntaggedRepeat.severity(),
                doc: d,
                message: format!(
                    "{} is not tagged here, but it is tagged `{label}` {counts}",
                    quote(&doc.text[m.range.clone()])
                ),
                range: m.range,
                fix,
            });
        }
    }
}

/// A span of a string that is tagged with more than one label: every span not
/// carrying the majority label (all of them when there is no majority), with
/// the counts. The fix relabels it to the majority label.
pub(super) fn label_conflicts(docs: &[&Document], strings: &TaggedStrings, out: &mut Vec<Problem>) {
    for (_, tagged) in strings.index.iter() {
        if tagged.labels.len() < 2 {
            continue;
        }
        let majority = tagged.majority_label();
        for &(d, i) in &tagged.places {
            let span = &docs[d].spans[i];
            if majority == Some(span.label.as_str()) {
                continue;
            }
            out.push(Problem {
                check: Check::LabelConflict,
                severity: Check::LabelConflict.severity(),
                doc: d,
                range: span.range(),
                message: format!(
                    "{} is tagged `{}` here, but the documents tag it {}",
                    quote(&tagged.text),
                    span.label,
                    tagged.label_counts()
                ),
                fix: majority.map(|label| Fix {
                    title: format!("relabel as `{label}`"),
                    edit: Edit::Relabel { index: i, label: label.to_string() },
                }),
            });
        }
    }
}
