//! What went wrong: an input that could not be read ([`FormatError`], its
//! [`ErrorKind`]) and what a reader or writer kept differently ([`Warning`]).

use std::fmt;

use crate::document::Span;
use crate::offsets::OffsetUnit;

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
        FormatError {
            file: file.into(),
            line,
            column: None,
            kind,
        }
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
