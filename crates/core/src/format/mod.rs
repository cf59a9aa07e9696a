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
//! with an [`OffsetMap`](crate::OffsetMap). Offsets in files are in the unit of the tool that
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
use std::str::FromStr;

use crate::document::Document;
use crate::offsets::OffsetUnit;

pub mod brat;
pub mod conll;
pub mod detect;
pub mod doccano;
mod error;
mod helpers;
pub mod inline;
pub(crate) mod json;
pub mod label_studio;
mod meta;
mod names;
pub mod prodigy;
pub mod spacy;
pub mod zip;

pub use detect::{detect, Detection};
pub use error::{ErrorKind, FormatError, Warning};
pub(crate) use helpers::*;
pub(crate) use json::{push_extra, push_meta, take_meta, RecordCtx};
pub use meta::{BratItem, BratMeta, LabelStudioMeta, Meta, SpanId};
pub(crate) use names::record_name;
pub use names::{brat_partner, file_names, file_stem, partner_name};

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
        NamedDocument {
            name: name.into(),
            document,
            meta: Meta::default(),
        }
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
        InputFile {
            name: name.into(),
            content: content.into(),
        }
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
                    errors: vec![FormatError::new(
                        name,
                        None,
                        ErrorKind::MissingPartner { partner },
                    )],
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
    for input in inputs {
        let is_txt = input.name.ends_with(".txt");
        let paired_txt = is_txt && brat_partner(inputs, &input.name).is_some();
        if paired_txt && matches!(format, None | Some(Format::Brat)) {
            continue; // read with its .ann
        }
        let detection = match format {
            Some(f) => Detection {
                format: f,
                reason: "as asked".to_string(),
            },
            None => detect(&input.name, &input.content),
        };
        let read = if detection.format == Format::Brat {
            if is_txt {
                brat::read(&input.name, &input.content, None, opts)
            } else {
                match brat_partner(inputs, &input.name) {
                    Some(txt) => brat::read(&txt.name, &txt.content, Some(&input.content), opts),
                    None => Read {
                        errors: vec![FormatError::new(
                            &input.name,
                            None,
                            ErrorKind::MissingPartner {
                                partner: partner_name(&input.name, "txt"),
                            },
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
            Output::Text(content) => vec![OutputFile {
                name: format!("{base}.{}", format.extension()),
                content,
            }],
            Output::Files(files) => files,
        }
    }

    /// The output as one text: files are concatenated (for a single file, its content).
    pub fn into_text(self) -> String {
        match self.output {
            Output::Text(t) => t,
            Output::Files(files) => files
                .into_iter()
                .map(|f| f.content)
                .collect::<Vec<_>>()
                .join("\n"),
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
        StreamWriter {
            format,
            opts,
            count: 0,
            task_ids: label_studio::TaskIds::default(),
        }
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
