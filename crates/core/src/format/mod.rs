//! Reading and writing the span formats of other annotation tools.
//!
//! | [`Format`] | shape | documents |
//! |---|---|---|
//! | `inline` | `<label>…</label>` tags in the text (the seed format) | one a file |
//! | `doccano` | JSONL `{"text", "label": [[start, end, "L"]]}`; reads the `entities` variant too | many |
//! | `prodigy` | JSONL with `text`, `tokens`, `spans` (`token_end` inclusive), `answer`, `meta` | many |
//! | `spacy` | JSONL `{"text", "ents": [{start, end, label}]}` (displaCy); reads v2 tuples too | many |
//! | `label-studio` | a JSON list of tasks with `annotations` (reads `predictions`, JSON_MIN too) | many |
//! | `brat` | standoff `.txt` + `.ann` | one a file pair |
//! | `conll` | `token TAG` lines, IOB2/BILOU/IOBES | many (`-DOCSTART-` between) |
//!
//! Every reader turns its input into [`NamedDocument`]s whose spans are byte
//! ranges, like every [`Document`]; offsets in files are converted at the edge
//! with an [`OffsetMap`]. Offsets in files are in the unit of the tool that
//! owns the format ([`Format::default_offsets`]: UTF-16 for doccano, code points
//! for the others) unless the file says otherwise (a `"meta": {"offsets": …}`
//! field, which tagmark writes when asked for another unit) or
//! [`ReadOptions::offsets`] says so.
//!
//! Readers never fail as a whole on bad data: a record that cannot be read is
//! reported as a [`FormatError`] (file, line, what is wrong) and the others are
//! kept. Writers never drop a span silently: what a format cannot hold is
//! reported as a [`Warning`].
//!
//! The entry points for an app or a tool:
//! - [`read_files`]: any number of named inputs, formats detected (or given);
//!   pairs brat `.txt`/`.ann` files by name.
//! - [`read`]: one input in a known format.
//! - [`write()`]: documents → one text (JSON formats, CoNLL) or a list of files (brat, inline).
//! - [`StreamWriter`]: the same, one document at a time, for large outputs.

use std::fmt;
use std::ops::Range;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::document::{Document, Span};
use crate::offsets::{OffsetError, OffsetMap, OffsetUnit};

pub mod brat;
pub mod conll;
pub mod detect;
pub mod doccano;
pub mod inline;
pub(crate) mod json;
pub mod label_studio;
mod meta;
pub mod prodigy;
pub mod spacy;
pub mod zip;

pub use detect::{detect, Detection};

/// A span format tagmark reads and writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Format {
    /// `<label>…</label>` tags in the text (tagmark's seed format).
    Inline,
    /// doccano's sequence-labelling JSONL.
    Doccano,
    /// Prodigy's JSONL tasks (`ner_manual`, `spans_manual`).
    Prodigy,
    /// spaCy / displaCy JSONL (`text`, `ents`).
    Spacy,
    /// Label Studio's JSON task list.
    LabelStudio,
    /// brat standoff (`.txt` + `.ann`).
    Brat,
    /// CoNLL token-per-line with BIO-style tags.
    Conll,
}

impl Format {
    /// Every format, in the order shown to people.
    pub const ALL: [Format; 7] = [
        Format::Inline,
        Format::Doccano,
        Format::Prodigy,
        Format::Spacy,
        Format::LabelStudio,
        Format::Brat,
        Format::Conll,
    ];

    /// The name on the command line: `inline doccano prodigy spacy label-studio brat conll`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Inline => "inline",
            Format::Doccano => "doccano",
            Format::Prodigy => "prodigy",
            Format::Spacy => "spacy",
            Format::LabelStudio => "label-studio",
            Format::Brat => "brat",
            Format::Conll => "conll",
        }
    }

    /// Parses a format name (also `label_studio`, `labelstudio`, `ls`, `iob`, `bio`, `standoff`, `displacy`).
    pub fn from_name(name: &str) -> Option<Format> {
        let lower = name.trim().to_ascii_lowercase();
        Some(match lower.as_str() {
            "inline" | "tagged" | "seed" => Format::Inline,
            "doccano" => Format::Doccano,
            "prodigy" => Format::Prodigy,
            "spacy" | "displacy" => Format::Spacy,
            "label-studio" | "label_studio" | "labelstudio" | "ls" => Format::LabelStudio,
            "brat" | "standoff" => Format::Brat,
            "conll" | "iob" | "bio" | "conll2003" => Format::Conll,
            _ => return None,
        })
    }

    /// True for formats that hold one document per file (set): `brat` and `inline`.
    pub fn one_file_per_document(self) -> bool {
        matches!(self, Format::Brat | Format::Inline)
    }

    /// True for formats whose files carry offsets (and so honour [`WriteOptions::offsets`]).
    pub fn has_offsets(self) -> bool {
        !matches!(self, Format::Inline | Format::Conll)
    }

    /// The offset unit of the tool that owns the format, used when none is asked
    /// for: UTF-16 code units for doccano (its web app counts JavaScript string
    /// indices, doccano issue #2290), Unicode code points (Python `str`
    /// indices) for spaCy, Prodigy, brat and Label Studio (which stores code
    /// points since its PR #1559). Inline and CoNLL carry no offsets: code points.
    pub fn default_offsets(self) -> OffsetUnit {
        match self {
            Format::Doccano => OffsetUnit::Utf16,
            _ => OffsetUnit::Codepoints,
        }
    }

    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Inline => "txt",
            Format::Doccano | Format::Prodigy | Format::Spacy => "jsonl",
            Format::LabelStudio => "json",
            Format::Brat => "ann",
            Format::Conll => "conll",
        }
    }

    /// The MIME type of an export (for downloads).
    pub fn mime_type(self) -> &'static str {
        match self {
            Format::Doccano | Format::Prodigy | Format::Spacy => "application/x-ndjson",
            Format::LabelStudio => "application/json",
            Format::Inline | Format::Brat | Format::Conll => "text/plain",
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Format, String> {
        Format::from_name(s).ok_or_else(|| {
            format!(
                "unknown format `{s}`: use one of {}",
                Format::ALL.map(Format::name).join(", ")
            )
        })
    }
}

/// The tag scheme of CoNLL output (input accepts all of them, and IOB1).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ConllScheme {
    /// `B-` begins every span, `I-` continues it, `O` outside.
    #[default]
    Iob2,
    /// `B-` begin, `I-` inside, `L-` last, `U-` unit (one-token span), `O`.
    Bilou,
    /// `B-` begin, `I-` inside, `E-` end, `S-` single, `O`.
    Iobes,
}

impl ConllScheme {
    /// The name on the command line: `iob2`, `bilou`, `iobes`.
    pub fn name(self) -> &'static str {
        match self {
            ConllScheme::Iob2 => "iob2",
            ConllScheme::Bilou => "bilou",
            ConllScheme::Iobes => "iobes",
        }
    }

    /// Parses a scheme name (`iob2`/`bio`/`iob`, `bilou`, `iobes`/`bioes`).
    pub fn from_name(name: &str) -> Option<ConllScheme> {
        match name.trim().to_ascii_lowercase().as_str() {
            "iob2" | "bio" | "iob" => Some(ConllScheme::Iob2),
            "bilou" => Some(ConllScheme::Bilou),
            "iobes" | "bioes" => Some(ConllScheme::Iobes),
            _ => None,
        }
    }
}

impl fmt::Display for ConllScheme {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// How to read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// The unit of offsets in files that do not say theirs; `None`: each
    /// format's own ([`Format::default_offsets`]).
    pub offsets: Option<OffsetUnit>,
}

impl ReadOptions {
    /// The unit to read `format`'s offsets in when a record does not say.
    pub fn unit(&self, format: Format) -> OffsetUnit {
        self.offsets.unwrap_or(format.default_offsets())
    }
}

/// How to write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WriteOptions {
    /// The unit of offsets written; `None`: each format's own
    /// ([`Format::default_offsets`]). JSON formats record a unit other than
    /// their format's default in their metadata (`"meta": {"offsets": …}`).
    pub offsets: Option<OffsetUnit>,
    /// The CoNLL tag scheme (default IOB2).
    pub scheme: ConllScheme,
}

impl WriteOptions {
    /// The unit `format`'s offsets are written in.
    pub fn unit(&self, format: Format) -> OffsetUnit {
        self.offsets.unwrap_or(format.default_offsets())
    }
}

/// One document with a name and what its source said about it beyond text and spans.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NamedDocument {
    /// A name for the document: the input file's stem, or `stem-N` for the N-th
    /// (1-based) record of a many-document file, or its id. Used for file names
    /// of one-file-per-document exports and in messages.
    pub name: String,
    /// The text and its spans (byte ranges).
    pub document: Document,
    /// What else the source said.
    pub meta: Meta,
}

impl NamedDocument {
    /// A document with a name and no metadata.
    pub fn new(name: impl Into<String>, document: Document) -> NamedDocument {
        NamedDocument { name: name.into(), document, meta: Meta::default() }
    }
}

/// What a source said about a document beyond its text and spans. Writers use
/// what fits their format and ignore the rest.
///
/// It is serializable (the app stores it with each imported document): empty
/// fields are left out, ranges are `[start, end]` pairs of byte offsets, the
/// format is its [`Format::name`]. An editor that changes the document's text
/// calls [`Meta::text_changed`], which keeps what still fits the new text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Meta {
    /// The format it was read from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Format>,
    /// The record's id (doccano/Label Studio `id`), written back where the format has one.
    #[serde(skip_serializing_if = "Option::is_none", deserialize_with = "meta::present_value")]
    pub id: Option<Value>,
    /// Prodigy's `answer` (`accept`, `reject`, `ignore`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The record's `meta` object (doccano, Prodigy, spaCy, Label Studio), carried
    /// between JSON formats. tagmark's own `offsets` key is not kept here.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub meta: Map<String, Value>,
    /// Other top-level fields of the source record, written back only to the same format.
    #[serde(skip_serializing_if = "Map::is_empty")]
    pub extra: Map<String, Value>,
    /// Tokens (byte ranges) from the source (Prodigy `tokens`, CoNLL rows), reused
    /// by the Prodigy and CoNLL writers when every span aligns with them.
    /// An editor that changes the text sets this to `None` ([`Meta::text_changed`]).
    #[serde(skip_serializing_if = "Option::is_none", with = "meta::opt_ranges")]
    pub tokens: Option<Vec<Range<usize>>>,
    /// Ids the source gave to spans (brat `T` ids, Label Studio region ids), matched
    /// to spans by label and range when writing back (spans added later get new
    /// ids, never one of these). An editor that changes the text moves the ranges
    /// with it, and empties the ranges of an id whose span the change touched
    /// ([`Meta::text_changed`]): such a *retired* id matches no span, so what
    /// refers to it is left out (and reported) on writing, and it is not given
    /// to another span.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub span_ids: Vec<SpanId>,
    /// Inline: where the source's broken tags begin (byte offsets of the text,
    /// ascending; [`crate::parse::Parsed::literal_tags`]), so that the inline
    /// writer gives them back as they were rather than escaped, as the app does.
    /// An editor that changes the text moves them with it ([`Meta::text_changed`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub literal_tags: Vec<usize>,
    /// brat: the `.ann` lines in their order, for writing them back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub brat: Option<BratMeta>,
    /// Label Studio: the task parts tagmark does not model, for writing them back.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_studio: Option<LabelStudioMeta>,
}

/// An id given to a span (or, for a discontinuous brat annotation, to several
/// fragments) by the source.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpanId {
    /// The id, e.g. `T3`.
    pub id: String,
    /// The label.
    pub label: String,
    /// The byte ranges (more than one for a discontinuous brat annotation; none
    /// for an id retired by a change of the text, see [`Meta::span_ids`]).
    #[serde(with = "meta::ranges")]
    pub ranges: Vec<Range<usize>>,
}

/// The `.ann` file's lines in order: text-bound annotations by id, everything else verbatim.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BratMeta {
    /// The lines.
    pub items: Vec<BratItem>,
}

/// One line of a `.ann` file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BratItem {
    /// A text-bound annotation (`T…`), written from the document's spans.
    Entity(String),
    /// Any other line (`R`, `E`, `A`, `M`, `N`, `#`, …), kept as it was.
    Line(String),
}

/// The parts of a Label Studio task tagmark does not model.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct LabelStudioMeta {
    /// The `from_name` of the labels (the `<Labels>` control), e.g. `label`.
    pub from_name: String,
    /// The `to_name` (the `<Text>` object), e.g. `text`.
    pub to_name: String,
    /// The key of the text in `data`, e.g. `text`.
    pub data_key: String,
    /// The other fields of `data`.
    pub data: Map<String, Value>,
    /// Results that are not text labels (relations, choices, …), kept as they were.
    pub other_results: Vec<Value>,
    /// The annotation's other fields (`completed_by`, `lead_time`, …).
    pub annotation: Map<String, Value>,
    /// True when the spans came from `predictions` rather than `annotations`.
    pub prediction: bool,
}

/// An input that could not be read (or a part of it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// The input's name (a path, or `<stdin>`).
    pub file: String,
    /// The 1-based line, when known.
    pub line: Option<usize>,
    /// The 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub kind: ErrorKind,
}

/// What is wrong with an input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The JSON does not parse.
    Json {
        /// serde_json's message, without its position.
        message: String,
    },
    /// A required field is missing.
    MissingField {
        /// The field, e.g. `text`.
        field: String,
    },
    /// A field has the wrong type or shape.
    BadField {
        /// The field, e.g. `label[2]`.
        field: String,
        /// What was expected.
        expected: String,
    },
    /// A span's offsets do not fit the text.
    Offset {
        /// The span's label.
        label: String,
        /// The start as given.
        start: i64,
        /// The end as given.
        end: i64,
        /// The unit the offsets were read in.
        unit: OffsetUnit,
        /// Why they do not fit.
        problem: String,
    },
    /// A label is empty.
    EmptyLabel,
    /// A CoNLL tag that is not `O` nor `B-`/`I-`/`L-`/`U-`/`E-`/`S-` + label.
    UnknownTag {
        /// The tag.
        tag: String,
    },
    /// A line of a line-based format that cannot be read.
    Syntax {
        /// What is wrong.
        message: String,
    },
    /// A brat file without its partner (`.txt` for an `.ann`).
    MissingPartner {
        /// The partner's name.
        partner: String,
    },
    /// The input holds no documents of this format (e.g. a Prodigy patterns file).
    NotDocuments {
        /// What it seems to be instead.
        message: String,
    },
    /// The input is not valid UTF-8.
    NotUtf8,
    /// The input could not be read at all (I/O).
    Io {
        /// The system's message.
        message: String,
    },
}

impl fmt::Display for ErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorKind::Json { message } => write!(f, "this is not valid JSON: {message}"),
            ErrorKind::MissingField { field } => write!(f, "the record has no `{field}` field"),
            ErrorKind::BadField { field, expected } => write!(f, "`{field}` should be {expected}"),
            ErrorKind::Offset { label, start, end, unit, problem } => {
                write!(f, "the span `{label}` at {start}..{end} ({unit}) does not fit the text: {problem}")
            }
            ErrorKind::EmptyLabel => write!(f, "a span has an empty label"),
            ErrorKind::UnknownTag { tag } => write!(
                f,
                "`{tag}` is not a tag of a known scheme: use `O` or B-/I-/L-/U-/E-/S- followed by a label (IOB2, BILOU, IOBES)"
            ),
            ErrorKind::Syntax { message } => f.write_str(message),
            ErrorKind::MissingPartner { partner } => {
                write!(f, "brat needs the text file `{partner}` beside the annotations, and it was not given")
            }
            ErrorKind::NotDocuments { message } => f.write_str(message),
            ErrorKind::NotUtf8 => f.write_str("the file is not UTF-8 text"),
            ErrorKind::Io { message } => write!(f, "cannot read it: {message}"),
        }
    }
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(column) = self.column {
                write!(f, ":{column}")?;
            }
        }
        write!(f, ": {}", self.kind)
    }
}

impl std::error::Error for FormatError {}

impl FormatError {
    /// An error about `file` at `line` (if known).
    pub fn new(file: impl Into<String>, line: Option<usize>, kind: ErrorKind) -> FormatError {
        FormatError { file: file.into(), line, column: None, kind }
    }
}

/// Something a reader or writer could not keep as it was: reported, never silent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// Where: `file:line` for reading, the document's name for writing.
    pub location: String,
    /// The span concerned, as a byte range of its document, if any.
    pub span: Option<Span>,
    /// What happened, as a sentence.
    pub message: String,
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// What reading gave: the documents, and what was wrong.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Read {
    /// The documents read, in input order.
    pub docs: Vec<NamedDocument>,
    /// Things kept differently from the input (e.g. a discontinuous brat span split).
    pub warnings: Vec<Warning>,
    /// Records, spans or lines that could not be read. The rest is in `docs`.
    pub errors: Vec<FormatError>,
}

impl Read {
    fn extend(&mut self, other: Read) {
        self.docs.extend(other.docs);
        self.warnings.extend(other.warnings);
        self.errors.extend(other.errors);
    }
}

/// One named input: a file name (or path) and its content.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputFile {
    /// The name or path (used for detection, document names and messages).
    pub name: String,
    /// The content.
    pub content: String,
}

impl InputFile {
    /// An input named `name` with `content`.
    pub fn new(name: impl Into<String>, content: impl Into<String>) -> InputFile {
        InputFile { name: name.into(), content: content.into() }
    }
}

/// What [`read_files`] gave: the documents, problems, and the format chosen for each input.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadAll {
    /// Documents, warnings and errors of every input.
    pub read: Read,
    /// For each input read (brat pairs once, under the `.ann` name): its name and the format used and why.
    pub detections: Vec<(String, Detection)>,
}

/// Reads `content` (named `name`) as `format`.
///
/// brat needs two files: here `content` is taken as the `.ann` and the text is
/// missing (an error); use [`brat::read`] or [`read_files`] for brat.
pub fn read(format: Format, name: &str, content: &str, opts: &ReadOptions) -> Read {
    match format {
        Format::Inline => inline::read(name, content),
        Format::Doccano => doccano::read(name, content, opts),
        Format::Prodigy => prodigy::read(name, content, opts),
        Format::Spacy => spacy::read(name, content, opts),
        Format::LabelStudio => label_studio::read(name, content, opts),
        Format::Conll => conll::read(name, content),
        Format::Brat => {
            if name.ends_with(".txt") {
                brat::read(name, content, None, opts)
            } else {
                let partner = partner_name(name, "txt");
                Read {
                    errors: vec![FormatError::new(name, None, ErrorKind::MissingPartner { partner })],
                    ..Read::default()
                }
            }
        }
    }
}

/// Reads any number of inputs, each in `format` or, when `None`, in the format
/// [`detect()`] finds. A brat `.ann` and `.txt` with the same stem are read as one
/// document (a `.txt` with a partner `.ann` among the inputs is brat, not inline).
pub fn read_files(inputs: &[InputFile], format: Option<Format>, opts: &ReadOptions) -> ReadAll {
    let mut all = ReadAll::default();
    let stem_of = |n: &str| n.rsplit_once('.').map_or(n, |(s, _)| s).to_string();
    let ann_stems: Vec<String> =
        inputs.iter().filter(|i| i.name.ends_with(".ann")).map(|i| stem_of(&i.name)).collect();
    for input in inputs {
        let is_txt = input.name.ends_with(".txt");
        let paired_txt = is_txt && ann_stems.contains(&stem_of(&input.name));
        if paired_txt && matches!(format, None | Some(Format::Brat)) {
            continue; // read with its .ann
        }
        let detection = match format {
            Some(f) => Detection { format: f, reason: "as asked".to_string() },
            None => detect(&input.name, &input.content),
        };
        let read = if detection.format == Format::Brat {
            if is_txt {
                brat::read(&input.name, &input.content, None, opts)
            } else {
                let stem = stem_of(&input.name);
                let txt = inputs.iter().find(|i| i.name.ends_with(".txt") && stem_of(&i.name) == stem);
                match txt {
                    Some(txt) => brat::read(&txt.name, &txt.content, Some(&input.content), opts),
                    None => Read {
                        errors: vec![FormatError::new(
                            &input.name,
                            None,
                            ErrorKind::MissingPartner { partner: partner_name(&input.name, "txt") },
                        )],
                        ..Read::default()
                    },
                }
            }
        } else {
            read(detection.format, &input.name, &input.content, opts)
        };
        all.read.extend(read);
        all.detections.push((input.name.clone(), detection));
    }
    all
}

/// The output of a writer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Output {
    /// One text (JSONL, a JSON list, CoNLL).
    Text(String),
    /// Files, one (inline) or two (brat) per document.
    Files(Vec<OutputFile>),
}

/// One file of an export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// The file name, e.g. `doc-1.ann` (no directories).
    pub name: String,
    /// Its content.
    pub content: String,
}

/// What writing gave.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Written {
    /// The text or files.
    pub output: Output,
    /// What the format could not hold (spans left out or changed), by document and span.
    pub warnings: Vec<Warning>,
}

impl Written {
    /// The output as files: a text becomes one file `base.EXT`.
    pub fn into_files(self, base: &str, format: Format) -> Vec<OutputFile> {
        match self.output {
            Output::Text(content) => vec![OutputFile { name: format!("{base}.{}", format.extension()), content }],
            Output::Files(files) => files,
        }
    }

    /// The output as one text: files are concatenated (for a single file, its content).
    pub fn into_text(self) -> String {
        match self.output {
            Output::Text(t) => t,
            Output::Files(files) => files.into_iter().map(|f| f.content).collect::<Vec<_>>().join("\n"),
        }
    }
}

/// Writes `docs` as `format`.
pub fn write(format: Format, docs: &[NamedDocument], opts: &WriteOptions) -> Written {
    let mut warnings = Vec::new();
    let output = match format {
        Format::Inline => Output::Files(inline::write_files(docs, &mut warnings)),
        Format::Brat => Output::Files(brat::write_files(docs, opts, &mut warnings)),
        _ => {
            let mut out = String::new();
            let mut writer = StreamWriter::new(format, *opts);
            writer.begin(&mut out);
            for doc in docs {
                writer.document(doc, &mut out, &mut warnings);
            }
            writer.finish(&mut out);
            Output::Text(out)
        }
    };
    Written { output, warnings }
}

/// Writes documents one at a time into a growing text, for the formats whose
/// output is one text (for brat and inline it writes the files' contents one
/// after another; use [`write()`] for those).
#[derive(Clone, Debug)]
pub struct StreamWriter {
    format: Format,
    opts: WriteOptions,
    count: usize,
    task_ids: label_studio::TaskIds,
}

impl StreamWriter {
    /// A writer of `format` with `opts`.
    pub fn new(format: Format, opts: WriteOptions) -> StreamWriter {
        StreamWriter { format, opts, count: 0, task_ids: label_studio::TaskIds::default() }
    }

    /// Writes what comes before the first document (`[` for Label Studio).
    pub fn begin(&mut self, out: &mut String) {
        if self.format == Format::LabelStudio {
            out.push('[');
        }
    }

    /// Writes one document, adding what its format cannot hold to `warnings`.
    pub fn document(&mut self, doc: &NamedDocument, out: &mut String, warnings: &mut Vec<Warning>) {
        let first = self.count == 0;
        self.count += 1;
        match self.format {
            Format::Doccano => doccano::write_record(doc, &self.opts, out, warnings),
            Format::Prodigy => prodigy::write_record(doc, &self.opts, out, warnings),
            Format::Spacy => spacy::write_record(doc, &self.opts, out, warnings),
            Format::LabelStudio => {
                out.push_str(if first { "\n" } else { ",\n" });
                label_studio::write_task(doc, &self.opts, &mut self.task_ids, out, warnings);
            }
            Format::Conll => {
                if !first {
                    out.push_str("-DOCSTART- -X- O O\n\n");
                }
                conll::write_document(doc, &self.opts, out, warnings);
            }
            Format::Inline => out.push_str(&inline::write_document(doc, warnings)),
            Format::Brat => out.push_str(&brat::write_ann(doc, &self.opts, warnings)),
        }
    }

    /// Writes what comes after the last document (`]` for Label Studio).
    pub fn finish(&mut self, out: &mut String) {
        if self.format == Format::LabelStudio {
            out.push_str(if self.count == 0 { "]\n" } else { "\n]\n" });
        }
    }
}

/// Makes distinct, safe file names (no directories, no leading dot) from document names.
pub fn file_names(docs: &[NamedDocument]) -> Vec<String> {
    let mut used: Vec<String> = Vec::with_capacity(docs.len());
    for doc in docs {
        let mut base: String = doc
            .name
            .chars()
            .map(|c| if c == '/' || c == '\\' || c == ':' || c.is_control() { '_' } else { c })
            .collect();
        let trimmed = base.trim_start_matches('.').trim().to_string();
        base = if trimmed.is_empty() { "document".to_string() } else { trimmed };
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        used.push(name);
    }
    used
}

/// The stem of a path: its last component without the extension (`data/a.jsonl` → `a`).
pub fn file_stem(path: &str) -> String {
    let last = path.rsplit(['/', '\\']).next().unwrap_or(path);
    let stem = match last.rsplit_once('.') {
        Some((s, _)) if !s.is_empty() => s,
        _ => last,
    };
    if stem.is_empty() || stem == "<stdin>" {
        "stdin".to_string()
    } else {
        stem.to_string()
    }
}

/// `path` with its extension replaced by `ext` (`a/b.ann` → `a/b.txt`).
pub fn partner_name(path: &str, ext: &str) -> String {
    let last_start = path.rfind(['/', '\\']).map_or(0, |i| i + 1);
    match path[last_start..].rfind('.') {
        Some(dot) => format!("{}.{ext}", &path[..last_start + dot]),
        None => format!("{path}.{ext}"),
    }
}

/// Names for `n` documents read from one file: the stem alone for one, `stem-1`, `stem-2`, … otherwise.
pub(crate) fn record_name(stem: &str, index: usize, id: Option<&Value>) -> String {
    match id {
        Some(Value::String(s)) if !s.is_empty() => s.clone(),
        Some(Value::Number(n)) => format!("{stem}-{n}"),
        _ => format!("{stem}-{index}"),
    }
}

/// Converts `[start, end)` in `unit` into a byte range of `text`, or explains why not.
pub(crate) fn byte_range(
    map: &OffsetMap,
    text: &str,
    start: i64,
    end: i64,
    unit: OffsetUnit,
    label: &str,
) -> Result<Range<usize>, ErrorKind> {
    let bad = |problem: String| ErrorKind::Offset { label: label.to_string(), start, end, unit, problem };
    if start < 0 || end < 0 {
        return Err(bad("offsets cannot be negative".to_string()));
    }
    if end <= start {
        return Err(bad("the span is empty or reversed".to_string()));
    }
    let conv = |o: i64| map.to_byte(o as usize, unit).map_err(|e: OffsetError| bad(e.to_string()));
    let (s, e) = (conv(start)?, conv(end)?);
    debug_assert!(text.is_char_boundary(s) && text.is_char_boundary(e));
    Ok(s..e)
}

/// Describes a span for messages: `` `label` 19–29 "firetrucks" `` (code points).
pub(crate) struct SpanDescriber<'a> {
    text: &'a str,
    map: Option<OffsetMap>,
}

impl<'a> SpanDescriber<'a> {
    pub(crate) fn new(text: &'a str) -> SpanDescriber<'a> {
        SpanDescriber { text, map: None }
    }

    pub(crate) fn describe(&mut self, span: &Span) -> String {
        let text = self.text;
        let map = self.map.get_or_insert_with(|| OffsetMap::new(text));
        let cp = |b: usize| map.from_byte(b, OffsetUnit::Codepoints).unwrap_or(b);
        let covered = text.get(span.start..span.end).unwrap_or("");
        let mut shown: String = covered.chars().take(40).collect();
        if shown.len() < covered.len() {
            shown.push('…');
        }
        format!("`{}` {}–{} {:?}", span.label, cp(span.start), cp(span.end), shown)
    }
}

/// Warns about spans with exactly the same range and label as an earlier one.
/// Linear in the number of spans: each group of spans with one range keeps a
/// set of the labels seen in it (a line with 10⁵ spans on one range took
/// seconds when each span was compared with every earlier one).
pub(crate) fn warn_duplicates(doc: &Document, location: &str, warnings: &mut Vec<Warning>) {
    let mut describer = None;
    let mut group: Option<(usize, usize)> = None;
    let mut labels: std::collections::HashSet<&str> = std::collections::HashSet::new();
    for s in &doc.spans {
        // Spans are in document order: spans with the same range are adjacent.
        if group != Some((s.start, s.end)) {
            group = Some((s.start, s.end));
            labels.clear();
        }
        if !labels.insert(s.label.as_str()) {
            let d = describer.get_or_insert_with(|| SpanDescriber::new(&doc.text));
            warnings.push(Warning {
                location: location.to_string(),
                span: Some(s.clone()),
                message: format!("span {} is given twice; both are kept", d.describe(s)),
            });
        }
    }
}

/// The unit named by a record's `meta.offsets`, if any.
pub(crate) fn declared_unit(meta: Option<&Value>) -> Option<OffsetUnit> {
    meta?.get("offsets")?.as_str().and_then(OffsetUnit::from_name)
}

/// The spans of `doc` that fit its text, with their offsets in `unit`; the others
/// are reported in `warnings`.
pub(crate) fn offsets_out<'a>(
    doc: &'a NamedDocument,
    unit: OffsetUnit,
    warnings: &mut Vec<Warning>,
) -> Vec<(&'a Span, usize, usize)> {
    let d = &doc.document;
    let map = if unit == OffsetUnit::Bytes { None } else { Some(OffsetMap::new(&d.text)) };
    let mut out = Vec::with_capacity(d.spans.len());
    for s in &d.spans {
        if d.check_range(s.start, s.end).is_err() || s.label.is_empty() {
            warnings.push(Warning {
                location: doc.name.clone(),
                span: Some(s.clone()),
                message: format!(
                    "span `{}` at bytes {}..{} left out: it is empty, has no label, or does not fit the text",
                    s.label, s.start, s.end
                ),
            });
            continue;
        }
        let (start, end) = match &map {
            None => (s.start, s.end),
            Some(m) => match (m.from_byte(s.start, unit), m.from_byte(s.end, unit)) {
                (Ok(a), Ok(b)) => (a, b),
                _ => continue, // unreachable: checked above
            },
        };
        out.push((s, start, end));
    }
    out
}

/// Warns about each span that overlaps an earlier one (nested or crossing), for
/// formats whose consumers may not accept overlaps; `why` ends the message.
pub(crate) fn warn_overlaps(doc: &NamedDocument, why: &str, warnings: &mut Vec<Warning>) {
    let mut describer: Option<SpanDescriber> = None;
    let mut widest: Option<&Span> = None;
    for s in &doc.document.spans {
        if let Some(w) = widest {
            if s.start < w.end {
                let d = describer.get_or_insert_with(|| SpanDescriber::new(&doc.document.text));
                let message = format!("span {} overlaps span {}: {why}", d.describe(s), d.describe(w));
                warnings.push(Warning { location: doc.name.clone(), span: Some(s.clone()), message });
            }
        }
        if widest.is_none_or(|w| s.end > w.end) {
            widest = Some(s);
        }
    }
}

/// Writes `"meta": {...}` (the document's meta plus `offsets` when not `format`'s default unit), if not empty.
pub(crate) fn push_meta(out: &mut String, meta: &Map<String, Value>, unit: OffsetUnit, format: Format, comma: bool) {
    let default = format.default_offsets();
    if meta.is_empty() && unit == default {
        return;
    }
    let mut m = meta.clone();
    if unit != default {
        m.insert("offsets".to_string(), Value::String(unit.name().to_string()));
    }
    if comma {
        out.push(',');
    }
    json::push_key(out, "meta");
    json::push_value(out, &Value::Object(m));
}

/// Writes each field of `extra` as `,"key":value`, skipping `skip` keys.
pub(crate) fn push_extra(out: &mut String, extra: &Map<String, Value>, skip: &[&str]) {
    for (k, v) in extra {
        if skip.contains(&k.as_str()) {
            continue;
        }
        out.push(',');
        json::push_key(out, k);
        json::push_value(out, v);
    }
}

/// The record's `meta` object without tagmark's `offsets` key.
pub(crate) fn take_meta(record: &mut Map<String, Value>) -> Map<String, Value> {
    match record.remove("meta") {
        Some(Value::Object(mut m)) => {
            m.shift_remove("offsets");
            m
        }
        Some(other) => {
            let mut m = Map::new();
            m.insert("meta".to_string(), other);
            m
        }
        None => Map::new(),
    }
}

/// Reading context for one record of a JSON format.
pub(crate) struct RecordCtx<'a> {
    pub file: &'a str,
    pub line: usize,
    pub text: &'a str,
    pub map: OffsetMap,
    pub unit: OffsetUnit,
    pub spans: Vec<Span>,
    pub errors: &'a mut Vec<FormatError>,
}

impl<'a> RecordCtx<'a> {
    pub(crate) fn new(
        file: &'a str,
        line: usize,
        text: &'a str,
        unit: OffsetUnit,
        errors: &'a mut Vec<FormatError>,
    ) -> RecordCtx<'a> {
        RecordCtx { file, line, text, map: OffsetMap::new(text), unit, spans: Vec::new(), errors }
    }

    /// Reports `kind` at this record's line.
    pub(crate) fn error(&mut self, kind: ErrorKind) {
        self.errors.push(FormatError::new(self.file, Some(self.line), kind));
    }

    /// Adds the span `start..end` (in the record's unit) or reports why it cannot be.
    /// Returns the byte range when added.
    pub(crate) fn add(&mut self, start: Result<i64, ErrorKind>, end: Result<i64, ErrorKind>, label: Result<String, ErrorKind>) -> Option<Range<usize>> {
        let (start, end, label) = match (start, end, label) {
            (Ok(s), Ok(e), Ok(l)) => (s, e, l),
            (Err(k), _, _) | (_, Err(k), _) | (_, _, Err(k)) => {
                self.error(k);
                return None;
            }
        };
        match byte_range(&self.map, self.text, start, end, self.unit, &label) {
            Ok(r) => {
                self.spans.push(Span::new(r.start, r.end, label));
                Some(r)
            }
            Err(k) => {
                self.error(k);
                None
            }
        }
    }

    /// The document: the text and the spans added, in document order.
    /// Adds a span given as a `[start, end, label]` triple found at `field`
    /// (errors name `field[0]`, `field[1]`, `field[2]`).
    pub(crate) fn add_triple(&mut self, t: &[Value], field: &str) -> Option<Range<usize>> {
        self.add(
            json::int(t.first(), &format!("{field}[0]")),
            json::int(t.get(1), &format!("{field}[1]")),
            json::label(t.get(2), &format!("{field}[2]")),
        )
    }

    pub(crate) fn document(&mut self) -> Document {
        let mut doc = Document { text: self.text.to_string(), spans: std::mem::take(&mut self.spans) };
        doc.sort_spans();
        doc
    }
}

/// Ids for `spans` of `doc`: the source's id where a [`SpanId`] with one range
/// matches the span's label and range (each used once), else `prefix` + a number
/// after every known id's, retired ones included (so an id other lines refer to
/// never comes to mean another span).
pub(crate) fn assign_ids(doc: &NamedDocument, spans: &[&Span], prefix: &str) -> Vec<String> {
    let known = &doc.meta.span_ids;
    let mut fresh = FreshIds::new(prefix, known.iter().map(|k| k.id.as_str()));
    // (start, end, label) → ids not used yet, last one first.
    let mut free: std::collections::HashMap<(usize, usize, &str), Vec<&str>> = std::collections::HashMap::new();
    for k in known.iter().rev() {
        if let [r] = k.ranges.as_slice() {
            free.entry((r.start, r.end, k.label.as_str())).or_default().push(&k.id);
        }
    }
    spans
        .iter()
        .map(|s| match free.get_mut(&(s.start, s.end, s.label.as_str())).and_then(|v| v.pop()) {
            Some(id) => id.to_string(),
            None => fresh.next_id(),
        })
        .collect()
}

/// New ids `prefix` + a number that collide with none of the ids given: numbers
/// count up from one past the largest known one, and when that would overflow
/// (a source may say `T18446744073709551615`) they start again from 1, skipping
/// every id taken.
pub(crate) struct FreshIds<'a> {
    prefix: &'a str,
    taken: std::collections::HashSet<String>,
    next: u128,
}

impl<'a> FreshIds<'a> {
    pub(crate) fn new<'k>(prefix: &'a str, known: impl IntoIterator<Item = &'k str>) -> FreshIds<'a> {
        let taken: std::collections::HashSet<String> = known.into_iter().map(str::to_string).collect();
        let max = taken
            .iter()
            .filter_map(|id| id.strip_prefix(prefix).and_then(|n| n.parse::<u128>().ok()))
            .max()
            .unwrap_or(0);
        FreshIds { prefix, taken, next: max.checked_add(1).unwrap_or(1) }
    }

    /// The next id not taken (it is then taken).
    pub(crate) fn next_id(&mut self) -> String {
        loop {
            let id = format!("{}{}", self.prefix, self.next);
            self.next = self.next.checked_add(1).unwrap_or(1);
            if self.taken.insert(id.clone()) {
                return id;
            }
        }
    }
}
