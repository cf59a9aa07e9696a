//! The first screen of the current document, saved with each save (the app keeps
//! it in `localStorage`, which a page reads at once) so that a reload can draw it
//! before the whole document has been read and parsed.
//!
//! A preview record holds the document's first blocks (at least [`PREVIEW_BYTES`]
//! of text, ending at a block boundary that no span crosses), the spans inside
//! them and the colours their labels were drawn in:
//!
//! ```json
//! {"format":"tagmark-preview","version":2,"doc":7,
//!  "text":"the NeuraScale-9 architecture …","spans":[[4,16,"model"]],
//!  "colors":[["model","#7aecec"]]}
//! ```
//!
//! Cut there, the preview's blocks are exactly the document's first blocks (same
//! ranges, code points, nodes and keys; see [`crate::blocks`]), so a view that
//! draws the preview and then the whole document keeps the first screen's
//! elements. A preview is only ever drawn, never edited or saved back: the
//! document record stays the one source of the document.

use serde::{Deserialize, Serialize};

use super::record::check_record;
use super::{StoreError, VERSION};
use crate::blocks::block_ends;
use crate::corpus::DocId;
use crate::document::{Document, Span, SpanError};

/// The `format` of a preview record.
pub const PREVIEW_FORMAT: &str = "tagmark-preview";
/// A preview covers at least this many bytes of text (more than a screen).
pub const PREVIEW_BYTES: usize = 8 * 1024;
/// A preview never covers more than this many bytes: with no block boundary
/// free of spans before it, the document has no preview.
pub const PREVIEW_MAX_BYTES: usize = 64 * 1024;

/// The first blocks of a document, as saved for the next page load.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Preview {
    /// The document they are the start of.
    pub doc: DocId,
    /// The first blocks' text: a prefix of the document's text.
    pub text: String,
    /// The spans inside `text` (start byte, end byte, label), in document order.
    pub spans: Vec<(usize, usize, String)>,
    /// The colour each label in `spans` was drawn in.
    pub colors: Vec<(String, String)>,
}

/// How long a preview may be (bytes of text); [`Preview::of`] uses
/// [`PREVIEW_BYTES`] and [`PREVIEW_MAX_BYTES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PreviewSize {
    /// Ends at the first block boundary at or after this many bytes.
    pub min: usize,
    /// Looks no further than this many bytes.
    pub max: usize,
}

impl Default for PreviewSize {
    fn default() -> PreviewSize {
        PreviewSize {
            min: PREVIEW_BYTES,
            max: PREVIEW_MAX_BYTES,
        }
    }
}

impl Preview {
    /// The preview of document `id`, whose text and spans are `doc`, with each
    /// label's colour from `color_of`. None when the document is no longer than a
    /// preview (reading it whole is as quick), or when no block boundary between
    /// [`PREVIEW_BYTES`] and [`PREVIEW_MAX_BYTES`] is free of spans.
    pub fn of(
        id: DocId,
        doc: &Document,
        color_of: impl Fn(&str) -> Option<String>,
    ) -> Option<Preview> {
        Preview::sized(id, doc, PreviewSize::default(), color_of)
    }

    /// [`Preview::of`] with the sizes given.
    pub fn sized(
        id: DocId,
        doc: &Document,
        size: PreviewSize,
        color_of: impl Fn(&str) -> Option<String>,
    ) -> Option<Preview> {
        let cut = cut(doc, size)?;
        // Spans are in document order (by start), so those starting before the cut
        // come first, and none of them crosses it.
        let inside = doc.spans.iter().take_while(|s| s.start < cut);
        let spans: Vec<(usize, usize, String)> =
            inside.map(|s| (s.start, s.end, s.label.clone())).collect();
        let mut colors: Vec<(String, String)> = Vec::new();
        for (_, _, label) in &spans {
            if colors.iter().all(|(l, _)| l != label) {
                if let Some(color) = color_of(label) {
                    colors.push((label.clone(), color));
                }
            }
        }
        Some(Preview {
            doc: id,
            text: doc.text[..cut].to_string(),
            spans,
            colors,
        })
    }

    /// The preview of a long inline-tagged `source` about to become a document
    /// (pasted or opened), from its first lines only: drawn while the whole source
    /// is parsed. Its first lines are parsed alone, and the preview ends before the
    /// first tag that parse had to keep as text (an open tag closed further on
    /// would be one), so its blocks are the whole document's first blocks. None when
    /// the source is no longer than `size.max` (parsing it whole is as quick), or
    /// the first lines hold no place to end it. Its `doc` is 0 (a view does not use it).
    pub fn from_source_start(
        source: &str,
        size: PreviewSize,
        color_of: impl Fn(&str) -> Option<String>,
    ) -> Option<Preview> {
        if source.len() <= size.max {
            return None;
        }
        // Most documents have a boundary soon after `size.min`: parse twice that first
        // (the preview is the same; a tag left open at its end only cuts it shorter).
        let short = size.min.saturating_mul(2);
        if short < size.max {
            let first = PreviewSize { max: short, ..size };
            if let Some(preview) = Preview::from_lines_up_to(source, first, &color_of) {
                return Some(preview);
            }
        }
        Preview::from_lines_up_to(source, size, &color_of)
    }

    /// [`Preview::from_source_start`] from the whole lines in the first `size.max` bytes.
    fn from_lines_up_to(
        source: &str,
        size: PreviewSize,
        color_of: &impl Fn(&str) -> Option<String>,
    ) -> Option<Preview> {
        // Whole lines: a tag or an escape never holds a line break.
        let last_break = source.as_bytes()[..size.max.min(source.len())]
            .iter()
            .rposition(|&b| b == b'\n')?;
        let first_lines = &source[..=last_break];
        let parsed = crate::parse::parse(first_lines);
        let before_literal = parsed
            .literal_tags
            .first()
            .copied()
            .unwrap_or(parsed.document.text.len());
        let size = PreviewSize {
            min: size.min,
            max: size.max.min(before_literal),
        };
        Preview::sized(DocId(0), &parsed.document, size, color_of)
    }

    /// The preview as a document of its own (its text and spans).
    pub fn document(&self) -> Result<Document, SpanError> {
        let spans = self
            .spans
            .iter()
            .map(|(start, end, label)| Span::new(*start, *end, label.as_str()))
            .collect();
        Document::with_spans(self.text.as_str(), spans)
    }
}

/// Where the preview of `doc` ends: the first block end at or after `size.min`
/// that no span crosses (a span crosses `at` when it starts before and ends after).
fn cut(doc: &Document, size: PreviewSize) -> Option<usize> {
    let text = doc.text.as_str();
    if text.len() <= size.min {
        return None;
    }
    let mut limit = size.max.min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    let prefix = &text[..limit];
    // A block ends after a run of line breaks; the run could go on past the
    // prefix, so an end at the prefix's last byte or two is not certain.
    block_ends(prefix)
        .into_iter()
        .filter(|&end| end >= size.min && end + 1 < limit)
        .find(|&end| {
            !doc.spans
                .iter()
                .take_while(|s| s.start < end)
                .any(|s| s.end > end)
        })
}

#[derive(Serialize)]
struct PreviewOut<'a> {
    format: &'static str,
    version: u64,
    #[serde(flatten)]
    preview: &'a Preview,
}

/// Writes a preview record.
pub fn encode_preview(preview: &Preview) -> String {
    // Serializing a preview cannot fail: it has no maps with non-string keys.
    serde_json::to_string(&PreviewOut {
        format: PREVIEW_FORMAT,
        version: VERSION,
        preview,
    })
    .unwrap_or_default()
}

/// Reads a preview record.
pub fn decode_preview(json: &str) -> Result<Preview, StoreError> {
    check_record(json, PREVIEW_FORMAT)?;
    Ok(serde_json::from_str(json)?)
}
