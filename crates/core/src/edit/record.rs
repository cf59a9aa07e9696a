//! Reading an [`Edit`] back from its JSON form (`{"op": "relabel", "index": 0, "label": "org"}`).
//!
//! The form is the one `#[serde(tag = "op")]` writes. Reading it through serde's
//! derived internally-tagged enum buffers every field into an intermediate tree
//! and costs some 16 KB of wasm; reading it as one flat record of optional
//! fields and then checking that the op has what it needs costs a fraction of
//! that, and reads the same documents.

use std::ops::Range;

use serde::Deserialize;

use super::{Edit, SpanRef};
use crate::document::Span;

/// Every field any edit has, each optional; `op` says which edit it is.
#[derive(Deserialize)]
pub(crate) struct EditRecord {
    op: String,
    #[serde(default)]
    span: Option<Span>,
    #[serde(default)]
    target: Option<SpanRef>,
    #[serde(default)]
    index: Option<usize>,
    #[serde(default)]
    label: Option<String>,
    #[serde(default)]
    start: Option<usize>,
    #[serde(default)]
    end: Option<usize>,
    #[serde(default)]
    from: Option<String>,
    #[serde(default)]
    to: Option<String>,
    #[serde(default)]
    move_to: Option<String>,
    #[serde(default)]
    range: Option<Range<usize>>,
    #[serde(default)]
    with: Option<String>,
}

/// `value`, or the sentence that `op` lacks the field `name`.
fn need<T>(value: Option<T>, op: &str, name: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{name}` of the edit `{op}`"))
}

impl TryFrom<EditRecord> for Edit {
    type Error = String;

    fn try_from(r: EditRecord) -> Result<Edit, String> {
        let op = r.op.as_str();
        Ok(match op {
            "add_span" => Edit::AddSpan {
                span: need(r.span, op, "span")?,
            },
            "remove_span" => Edit::RemoveSpan {
                target: need(r.target, op, "target")?,
            },
            "relabel" => Edit::Relabel {
                index: need(r.index, op, "index")?,
                label: need(r.label, op, "label")?,
            },
            "resize" => Edit::Resize {
                index: need(r.index, op, "index")?,
                start: need(r.start, op, "start")?,
                end: need(r.end, op, "end")?,
            },
            "rename_label" => Edit::RenameLabel {
                from: need(r.from, op, "from")?,
                to: need(r.to, op, "to")?,
            },
            "remove_label" => Edit::RemoveLabel {
                label: need(r.label, op, "label")?,
                move_to: r.move_to,
            },
            "replace_text" => Edit::ReplaceText {
                range: need(r.range, op, "range")?,
                with: need(r.with, op, "with")?,
            },
            other => return Err(format!("unknown edit `{other}`")),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::SpanRef;
    use super::*;

    /// Every kind of edit, written by the derived serializer, reads back as itself.
    #[test]
    fn every_edit_reads_back() {
        let edits = [
            Edit::AddSpan {
                span: Span::new(1, 4, "org"),
            },
            Edit::RemoveSpan {
                target: SpanRef::Index(2),
            },
            Edit::RemoveSpan {
                target: SpanRef::Span(Span::new(0, 3, "a")),
            },
            Edit::Relabel {
                index: 3,
                label: "person".into(),
            },
            Edit::Resize {
                index: 1,
                start: 5,
                end: 9,
            },
            Edit::RenameLabel {
                from: "org".into(),
                to: "company".into(),
            },
            Edit::RemoveLabel {
                label: "org".into(),
                move_to: None,
            },
            Edit::RemoveLabel {
                label: "org".into(),
                move_to: Some("company".into()),
            },
            Edit::ReplaceText {
                range: 2..7,
                with: "é🗻".into(),
            },
        ];
        for edit in edits {
            let json = serde_json::to_string(&edit).unwrap();
            assert_eq!(serde_json::from_str::<Edit>(&json).unwrap(), edit, "{json}");
            let value = serde_json::to_value(&edit).unwrap();
            assert_eq!(
                serde_json::from_value::<Edit>(value).unwrap(),
                edit,
                "{json}"
            );
        }
    }

    #[test]
    fn a_missing_field_or_an_unknown_op_is_named() {
        let err =
            serde_json::from_str::<Edit>(r#"{"op":"resize","index":1,"start":2}"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("missing field `end` of the edit `resize`"),
            "{err}"
        );
        let err = serde_json::from_str::<Edit>(r#"{"op":"split","index":1}"#).unwrap_err();
        assert!(err.to_string().starts_with("unknown edit `split`"), "{err}");
        let err = serde_json::from_str::<Edit>(r#"{"index":1}"#).unwrap_err();
        assert!(err.to_string().starts_with("missing field `op`"), "{err}");
    }
}
