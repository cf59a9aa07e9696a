//! `unknown-label` and `label-case`: labels measured against the label set and each other.

use std::collections::HashMap;

use super::{quote, Check, Fix, Problem};
use crate::document::Document;
use crate::edit::Edit;
use crate::labels::LabelSet;

/// Every span whose label is not in `set`. The fix relabels it to the label of
/// the set that differs only in case, when there is one.
pub(super) fn unknown_labels(
    docs: &[&Document],
    set: &LabelSet,
    focus: Option<usize>,
    out: &mut Vec<Problem>,
) {
    let names: Vec<&str> = set.labels.iter().map(|l| l.name.as_str()).collect();
    let listed = if names.len() <= 8 {
        names.join(", ")
    } else {
        format!("{}, …", names[..8].join(", "))
    };
    for (d, doc) in docs.iter().enumerate() {
        if !super::in_focus(focus, d) {
            continue;
        }
        for (i, span) in doc.spans.iter().enumerate() {
            if set.contains(&span.label) {
                continue;
            }
            let near = names.iter().find(|n| n.eq_ignore_ascii_case(&span.label));
            out.push(Problem {
                check: Check::UnknownLabel,
                severity: Check::UnknownLabel.severity(),
                doc: d,
                range: span.range(),
                message: match near {
                    Some(n) => format!(
                        "{} is tagged `{}`, which is not in the label set; did you mean `{n}`?",
                        quote(doc.span_text(span)),
                        span.label
                    ),
                    None => format!(
                        "{} is tagged `{}`, which is not in the label set ({listed})",
                        quote(doc.span_text(span)),
                        span.label
                    ),
                },
                fix: near.map(|n| Fix {
                    title: format!("relabel as `{n}`"),
                    edit: Edit::Relabel {
                        index: i,
                        label: n.to_string(),
                    },
                }),
            });
        }
    }
}

/// Every span whose label differs only in case from another label used in
/// `docs`. The form kept is the one in the label set, else the most used (ties:
/// the first seen); the spans of the other forms are reported, with a fix to it.
pub(super) fn label_case(
    docs: &[&Document],
    set: Option<&LabelSet>,
    focus: Option<usize>,
    out: &mut Vec<Problem>,
) {
    // lower-cased name → [(form, count)] in order first seen.
    let mut forms: HashMap<String, Vec<(&str, usize)>> = HashMap::new();
    for doc in docs {
        for span in &doc.spans {
            let list = forms.entry(span.label.to_lowercase()).or_default();
            match list.iter_mut().find(|(f, _)| *f == span.label) {
                Some((_, n)) => *n += 1,
                None => list.push((&span.label, 1)),
            }
        }
    }
    let mut keep: HashMap<&str, (&str, String)> = HashMap::new();
    for list in forms.values() {
        if list.len() < 2 {
            continue;
        }
        let in_set = list
            .iter()
            .find(|(f, _)| set.is_some_and(|s| s.contains(f)));
        let most = list
            .iter()
            .fold(list[0], |best, &x| if x.1 > best.1 { x } else { best });
        let chosen = in_set.copied().unwrap_or(most).0;
        let counts = list
            .iter()
            .map(|(f, n)| format!("`{f}` ×{n}"))
            .collect::<Vec<_>>()
            .join(", ");
        for (form, _) in list {
            if *form != chosen {
                keep.insert(form, (chosen, counts.clone()));
            }
        }
    }
    if keep.is_empty() {
        return;
    }
    for (d, doc) in docs.iter().enumerate() {
        if !super::in_focus(focus, d) {
            continue;
        }
        for (i, span) in doc.spans.iter().enumerate() {
            let Some((chosen, counts)) = keep.get(span.label.as_str()) else {
                continue;
            };
            out.push(Problem {
                check: Check::LabelCase,
                severity: Check::LabelCase.severity(),
                doc: d,
                range: span.range(),
                message: format!(
                    "{} is tagged `{}`, which differs from `{chosen}` only in case ({counts})",
                    quote(doc.span_text(span)),
                    span.label
                ),
                fix: Some(Fix {
                    title: format!("relabel as `{chosen}`"),
                    edit: Edit::Relabel {
                        index: i,
                        label: chosen.to_string(),
                    },
                }),
            });
        }
    }
}
