//! `untagged-repeat` and `label-conflict`: what the tagged strings say about each other.

use super::tagged::TaggedStrings;
use super::{quote, times, Check, Fix, Problem};
use crate::corpus::Status;
use crate::document::{Document, Span};
use crate::edit::Edit;
use crate::inventory::{Inventory, Source};
use crate::phrases::{KeyKind, SegmentedText};
use crate::span_lookup::SpanLookup;

/// An untagged, whole-word occurrence of a tagged string. Not reported where a
/// span already has that range (whatever its label: that is a conflict) or
/// where a span of the string's label already holds it. The fix tags it with
/// the string's most used label, unless that span would cross another.
pub(super) fn untagged_repeats(
    docs: &[&Document],
    strings: &TaggedStrings,
    focus: Option<usize>,
    range: Option<std::ops::Range<usize>>,
    out: &mut Vec<Problem>,
) {
    if strings.index.is_empty() {
        return;
    }
    for (d, doc) in docs.iter().enumerate() {
        if !super::in_focus(focus, d) {
            continue;
        }
        // The whole text, or only around `range` (its problems are kept by `run`).
        let part = match (&range, focus) {
            (Some(r), Some(_)) => crate::phrases::around(&doc.text, r.clone()),
            _ => 0..doc.text.len(),
        };
        let seg = SegmentedText::new(&doc.text[part.clone()], KeyKind::Exact);
        let lookup = SpanLookup::new(&doc.spans);
        for mut m in strings.index.find_all(&seg) {
            m.range = m.range.start + part.start..m.range.end + part.start;
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
                edit: Edit::AddSpan {
                    span: Span::new(m.range.start, m.range.end, label),
                },
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

/// A span of a string that is tagged with more than one label (the
/// conflicts of [`Inventory`], so the rule is written once): every span not
/// carrying the majority label (all of them when there is no majority), with
/// the counts. The fix relabels it to the majority label.
pub(super) fn label_conflicts(docs: &[&Document], out: &mut Vec<Problem>) {
    let inventory = Inventory::build(docs.iter().map(|d| Source {
        name: "",
        document: d,
        status: Status::Todo,
    }));
    for conflict in &inventory.conflicts {
        let majority = match conflict.labels.as_slice() {
            [(l, a), (_, b), ..] if a > b => Some(l.as_str()),
            _ => None,
        };
        for (label, _) in &conflict.labels {
            if majority == Some(label.as_str()) {
                continue;
            }
            let Some(entry) = inventory
                .label(label)
                .and_then(|l| l.strings.iter().find(|s| s.text == conflict.text))
            else {
                continue;
            };
            for place in &entry.occurrences {
                let spans = &docs[place.doc].spans;
                let index = spans
                    .iter()
                    .position(|s| s.range() == place.range && s.label == *label);
                out.push(Problem {
                    check: Check::LabelConflict,
                    severity: Check::LabelConflict.severity(),
                    doc: place.doc,
                    range: place.range.clone(),
                    message: format!(
                        "{} is tagged `{label}` here, but the documents tag it {}",
                        quote(&conflict.text),
                        conflict.summary()
                    ),
                    fix: majority.zip(index).map(|(to, index)| Fix {
                        title: format!("relabel as `{to}`"),
                        edit: Edit::Relabel {
                            index,
                            label: to.to_string(),
                        },
                    }),
                });
            }
        }
    }
}
