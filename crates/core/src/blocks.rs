//! The display model: a document cut into blocks (paragraphs), each a tree of
//! text runs and marks, ready for a view to turn into elements.
//!
//! Blocks end after a blank line (two or more line breaks), or after any line
//! break once a block has grown past [`BLOCK_SOFT_LIMIT`] bytes, so that a long
//! document becomes many small blocks a browser can lay out lazily. The blocks'
//! texts, concatenated, are exactly the document's text.
//!
//! Spans that cross a block boundary, or cross each other, are cut into pieces:
//! every piece knows its span, and only the last piece carries the label.

use std::hash::{Hash, Hasher};
use std::ops::Range;

use crate::document::Document;
use crate::offsets::{OffsetMap, OffsetUnit};

/// A block longer than this many bytes ends at its next line break.
pub const BLOCK_SOFT_LIMIT: usize = 4096;

/// One piece of a block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Node {
    /// Plain text: a byte range of the document text.
    Text(Range<usize>),
    /// A piece of a span, with the nodes inside it.
    Mark(Mark),
}

/// A piece of a span.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mark {
    /// Index of the span in [`Document::spans`]. Left out of [`Block::key`], so that
    /// adding or removing a span elsewhere does not change this block's key.
    pub span: usize,
    /// The span's label.
    pub label: String,
    /// The whole span's start, in code points of the plain text.
    pub start: usize,
    /// The whole span's end, in code points of the plain text.
    pub end: usize,
    /// True for the piece that ends where the span ends (it shows the label).
    pub last: bool,
    /// True for the piece that starts where the span starts.
    pub first: bool,
    /// What the piece contains.
    pub children: Vec<Node>,
}

/// A paragraph of the document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// Byte range of the block in the document text.
    pub range: Range<usize>,
    /// Code-point offset of the block's start in the document text.
    pub start_cp: usize,
    /// The block's content.
    pub nodes: Vec<Node>,
    /// A hash of everything the block shows (text and marks), with every offset taken
    /// from the block's start: text typed in an earlier block shifts this block but
    /// keeps its key, so a keyed view keeps its elements and only moves their offsets.
    /// Equal blocks (a repeated line) have equal keys.
    pub key: u64,
}

/// Where blocks end: byte offsets just past each block.
pub fn block_ends(text: &str) -> Vec<usize> {
    let bytes = text.as_bytes();
    let mut ends = Vec::new();
    let mut block_start = 0;
    let mut i = 0;
    while let Some(p) = bytes[i..].iter().position(|&b| b == b'\n') {
        let nl = i + p;
        // Extend over the run of line breaks (\n, \r\n) that follows.
        let mut j = nl + 1;
        let mut breaks = 1;
        loop {
            if bytes.get(j) == Some(&b'\n') {
                j += 1;
                breaks += 1;
            } else if bytes.get(j) == Some(&b'\r') && bytes.get(j + 1) == Some(&b'\n') {
                j += 2;
                breaks += 1;
            } else {
                break;
            }
        }
        if breaks >= 2 || j - block_start > BLOCK_SOFT_LIMIT {
            if j < bytes.len() {
                ends.push(j);
            }
            block_start = j;
        }
        i = j;
    }
    ends.push(bytes.len());
    ends
}

/// Cuts `doc` into blocks of nested text and marks.
pub fn blocks(doc: &Document) -> Vec<Block> {
    let map = OffsetMap::new(&doc.text);
    let cp = |b: usize| map.from_byte(b, OffsetUnit::Codepoints).unwrap_or(0);
    let ends = block_ends(&doc.text);

    // Span boundaries as events, in text order; spans are in document order already.
    let mut starts: Vec<usize> = (0..doc.spans.len())
        .filter(|&i| doc.check_span(&doc.spans[i]).is_ok())
        .collect();
    crate::sort::sort_indices_by(&mut starts, &|a, b| {
        doc.spans[a].start.cmp(&doc.spans[b].start)
    }); // stable: keeps outer-first
    let mut next_start = 0;
    let mut active: Vec<usize> = Vec::new(); // span indices covering the position, outer first

    let mut blocks = Vec::with_capacity(ends.len());
    let mut block_start = 0;
    for &block_end in &ends {
        let mut builder = TreeBuilder::default();
        let mut pos = block_start;
        while pos < block_end {
            // Activate spans starting here.
            while next_start < starts.len() && doc.spans[starts[next_start]].start <= pos {
                active.push(starts[next_start]);
                next_start += 1;
            }
            active.retain(|&i| doc.spans[i].end > pos);
            // Outer first: by start asc, end desc, then document order.
            crate::sort::sort_indices_by(&mut active, &|a, b| outer_first(doc, a, b));
            // The next position where the covering set changes.
            let mut next = block_end;
            if let Some(&i) = starts.get(next_start) {
                next = next.min(doc.spans[i].start);
            }
            for &i in &active {
                next = next.min(doc.spans[i].end);
            }
            builder.sync(&active, doc, &cp, pos, next);
            builder.text(pos..next);
            pos = next;
        }
        let nodes = builder.finish(doc, block_end);
        blocks.push(finish_block(doc, block_start..block_end, cp, nodes));
        block_start = block_end;
    }
    blocks
}

/// Hashes what the nodes show: text ranges and marks, but not span indices.
/// Outer spans first: by start, then by end descending, then in document order.
fn outer_first(doc: &Document, a: usize, b: usize) -> std::cmp::Ordering {
    let (x, y) = (&doc.spans[a], &doc.spans[b]);
    x.start
        .cmp(&y.start)
        .then(y.end.cmp(&x.end))
        .then(a.cmp(&b))
}

/// Hashes `nodes` with byte offsets from `byte0` and code-point offsets from `cp0`
/// (a span may start before the block: offsets wrap rather than go negative).
fn hash_nodes(nodes: &[Node], byte0: usize, cp0: usize, hasher: &mut impl Hasher) {
    for node in nodes {
        match node {
            Node::Text(range) => {
                0u8.hash(hasher);
                (
                    range.start.wrapping_sub(byte0),
                    range.end.wrapping_sub(byte0),
                )
                    .hash(hasher);
            }
            Node::Mark(m) => {
                1u8.hash(hasher);
                let (start, end) = (m.start.wrapping_sub(cp0), m.end.wrapping_sub(cp0));
                (&m.label, start, end, m.first, m.last, m.children.len()).hash(hasher);
                hash_nodes(&m.children, byte0, cp0, hasher);
            }
        }
    }
}

/// Rebuilds one block, `range` (a block of [`block_ends`]), from the spans that overlap it.
/// Used after an edit that changed spans but not the text: only the blocks the edit
/// touched need building again.
pub fn block(doc: &Document, map: &OffsetMap, range: Range<usize>) -> Block {
    let cp = |b: usize| map.from_byte(b, OffsetUnit::Codepoints).unwrap_or(0);
    // Spans overlapping the block, in document order.
    let overlapping: Vec<usize> = (0..doc.spans.len())
        .filter(|&i| {
            let s = &doc.spans[i];
            s.start < range.end && s.end > range.start && doc.check_span(s).is_ok()
        })
        .collect();
    let mut builder = TreeBuilder::default();
    let mut pos = range.start;
    while pos < range.end {
        let mut active: Vec<usize> = overlapping
            .iter()
            .copied()
            .filter(|&i| doc.spans[i].start <= pos && doc.spans[i].end > pos)
            .collect();
        crate::sort::sort_indices_by(&mut active, &|a, b| outer_first(doc, a, b));
        let mut next = range.end;
        for &i in &overlapping {
            let s = &doc.spans[i];
            if s.start > pos {
                next = next.min(s.start);
            }
            if s.end > pos {
                next = next.min(s.end);
            }
        }
        builder.sync(&active, doc, &cp, pos, next);
        builder.text(pos..next);
        pos = next;
    }
    let nodes = builder.finish(doc, range.end);
    finish_block(doc, range, cp, nodes)
}

fn finish_block(
    doc: &Document,
    range: Range<usize>,
    cp: impl Fn(usize) -> usize,
    nodes: Vec<Node>,
) -> Block {
    let start_cp = cp(range.start);
    let mut hasher = KeyHasher::default();
    doc.text[range.clone()].hash(&mut hasher);
    hash_nodes(&nodes, range.start, start_cp, &mut hasher);
    Block {
        range,
        start_cp,
        nodes,
        key: hasher.finish(),
    }
}

/// The hash of a block's key: eight bytes a step (a multiply and a rotate, as
/// rustc's FxHash) and a final avalanche (MurmurHash3's). Several times faster than
/// the standard library's SipHash on a block's text; keys only need to differ
/// between different blocks of one page, not to resist crafted collisions.
#[derive(Default)]
struct KeyHasher(u64);

impl KeyHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(26) ^ word).wrapping_mul(Self::K);
    }
}

impl Hasher for KeyHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            // The length too, so that trailing zero bytes still count.
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    fn finish(&self) -> u64 {
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// Builds the nested nodes of one block from runs and their covering spans.
#[derive(Default)]
struct TreeBuilder {
    /// Open marks, outermost first, each with the nodes collected so far.
    stack: Vec<Mark>,
    root: Vec<Node>,
}

impl TreeBuilder {
    fn push(&mut self, node: Node) {
        match self.stack.last_mut() {
            Some(mark) => mark.children.push(node),
            None => self.root.push(node),
        }
    }

    fn close_one(&mut self, doc: &Document, at: usize) {
        if let Some(mut mark) = self.stack.pop() {
            mark.last = doc.spans[mark.span].end == at;
            self.push(Node::Mark(mark));
        }
    }

    /// Makes the open marks equal `active` (keeping the common prefix open).
    fn sync(
        &mut self,
        active: &[usize],
        doc: &Document,
        cp: &dyn Fn(usize) -> usize,
        pos: usize,
        _next: usize,
    ) {
        let common = self
            .stack
            .iter()
            .zip(active)
            .take_while(|(m, &a)| m.span == a)
            .count();
        while self.stack.len() > common {
            self.close_one(doc, pos);
        }
        for &i in &active[common..] {
            let span = &doc.spans[i];
            self.stack.push(Mark {
                span: i,
                label: span.label.clone(),
                start: cp(span.start),
                end: cp(span.end),
                last: false,
                first: span.start == pos,
                children: Vec::new(),
            });
        }
    }

    fn text(&mut self, range: Range<usize>) {
        if !range.is_empty() {
            self.push(Node::Text(range));
        }
    }

    fn finish(mut self, doc: &Document, end: usize) -> Vec<Node> {
        while !self.stack.is_empty() {
            self.close_one(doc, end);
        }
        self.root
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::Span;
    use crate::parse::parse;

    fn shape(nodes: &[Node], text: &str) -> String {
        nodes
            .iter()
            .map(|n| match n {
                Node::Text(r) => text[r.clone()].to_string(),
                Node::Mark(m) => format!(
                    "[{}{}{}]",
                    shape(&m.children, text),
                    if m.last { "|" } else { "…" },
                    m.label
                ),
            })
            .collect()
    }

    #[test]
    fn paragraphs_split_at_blank_lines() {
        let text = "one\ntwo\n\nthree\r\n\r\nfour";
        let ends = block_ends(text);
        assert_eq!(ends, vec![9, 18, text.len()]);
    }

    #[test]
    fn nested_and_crossing_pieces() {
        let doc = parse("<a>x <b>y</b></a> z").document;
        let b = blocks(&doc);
        assert_eq!(b.len(), 1);
        assert_eq!(shape(&b[0].nodes, &doc.text), "[x [y|b]|a] z");

        let doc = Document::with_spans("abcdef", vec![Span::new(0, 4, "a"), Span::new(2, 6, "b")])
            .unwrap();
        let b = blocks(&doc);
        assert_eq!(shape(&b[0].nodes, &doc.text), "[ab[cd…b]|a][ef|b]");
    }

    #[test]
    fn spans_across_paragraphs_are_cut() {
        let doc = parse("<a>one\n\ntwo</a>").document;
        let b = blocks(&doc);
        assert_eq!(b.len(), 2);
        assert_eq!(shape(&b[0].nodes, &doc.text), "[one\n\n…a]");
        assert_eq!(shape(&b[1].nodes, &doc.text), "[two|a]");
        let Node::Mark(m) = &b[1].nodes[0] else {
            panic!()
        };
        assert_eq!((m.start, m.end, m.first), (0, 8, false));
    }

    #[test]
    fn keys_ignore_span_indices() {
        // Adding a span in the first paragraph must not change the second one's key.
        let before = parse("one two\n\n<a>three</a>").document;
        let after = parse("<b>one</b> two\n\n<a>three</a>").document;
        let (kb, ka) = (blocks(&before), blocks(&after));
        assert_ne!(kb[0].key, ka[0].key);
        assert_eq!(kb[1].key, ka[1].key);
    }

    #[test]
    fn the_key_hash_tells_texts_apart() {
        let key = |parts: &[&str]| {
            let mut h = KeyHasher::default();
            for p in parts {
                p.hash(&mut h);
            }
            h.finish()
        };
        let cases: Vec<Vec<&str>> = vec![
            vec![""],
            vec!["a"],
            vec!["a\0"],
            vec!["a\0\0\0\0\0\0\0"],
            vec!["ab", "c"],
            vec!["a", "bc"],
            vec!["abcdefgh"],
            vec!["abcdefgh", ""],
            vec!["abcdefghi"],
            vec!["NeuraScale-9 model"],
            vec!["NeuraScale-8 model"],
        ];
        let keys: std::collections::HashSet<u64> = cases.iter().map(|c| key(c)).collect();
        assert_eq!(keys.len(), cases.len());
        // Equal input, equal key (a repeated line).
        assert_eq!(key(&["x y"]), key(&["x y"]));
    }

    #[test]
    fn keys_ignore_where_the_block_is() {
        // Text typed in the first paragraph shifts the others but keeps their keys;
        // a span reaching in from before does not.
        let before = parse("one\n\n<a>two</a> three\n\n<b>x\n\ny</b>").document;
        let after = parse("one and more\n\n<a>two</a> three\n\n<b>x\n\ny</b>").document;
        let (kb, ka) = (blocks(&before), blocks(&after));
        assert_ne!(kb[1].start_cp, ka[1].start_cp);
        assert_eq!(kb[1].key, ka[1].key);
        assert_eq!(kb[3].key, ka[3].key);
        let longer = parse("one\n\n<a>two</a> three\n\n<b>xx\n\ny</b>").document;
        assert_ne!(
            blocks(&longer)[3].key,
            kb[3].key,
            "the span starts earlier relative to y"
        );
        // A different mark in the same place changes the key.
        let relabelled = parse("one\n\n<c>two</c> three\n\n<b>x\n\ny</b>").document;
        assert_ne!(blocks(&relabelled)[1].key, kb[1].key);
    }

    #[test]
    fn one_block_equals_the_sweep() {
        let doc = parse("<a>one <b>two\n\nthree</b></a> four\n\n<c>five</c> six <d><e>x</e></d>")
            .document;
        let map = OffsetMap::new(&doc.text);
        for b in blocks(&doc) {
            assert_eq!(block(&doc, &map, b.range.clone()), b);
        }
    }

    #[test]
    fn code_point_offsets() {
        let doc = parse("👨🏻‍🚒 <x>firetrucks</x>").document;
        let b = blocks(&doc);
        let Node::Mark(m) = &b[0].nodes[1] else {
            panic!()
        };
        assert_eq!((m.start, m.end), (5, 15));
    }

    #[test]
    fn seed_blocks_cover_the_text() {
        let doc = parse(crate::EXAMPLE_SEED).document;
        let b = blocks(&doc);
        assert_eq!(b.len(), 3);
        let joined: String = b.iter().map(|b| &doc.text[b.range.clone()]).collect();
        assert_eq!(joined, doc.text);
        fn count(nodes: &[Node]) -> usize {
            nodes
                .iter()
                .map(|n| {
                    if let Node::Mark(m) = n {
                        1 + count(&m.children)
                    } else {
                        0
                    }
                })
                .sum()
        }
        assert_eq!(b.iter().map(|b| count(&b.nodes)).sum::<usize>(), 11);
    }
}
