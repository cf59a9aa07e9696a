//! Why stored data could not be read ([`StoreError`]), as a sentence.

use std::fmt;

#[cfg(doc)]
use super::VERSION;
use super::{DOC_FORMAT, META_FORMAT};
use crate::json_message::strip_position;

/// Why stored data could not be read. Nothing is changed by a failed read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// Not JSON, or cut short.
    Syntax {
        /// What serde_json said.
        message: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// JSON, but not the shape its version says.
    Shape {
        /// What is wrong.
        message: String,
        /// 1-based line (0 when unknown).
        line: usize,
        /// 1-based column (0 when unknown).
        column: usize,
    },
    /// JSON of something other than what was asked for.
    NotTagmark {
        /// The `format` expected.
        expected: &'static str,
        /// The `format` found, if any.
        found: Option<String>,
    },
    /// Written by a newer tagmark.
    Newer {
        /// The version of the data.
        version: u64,
        /// The newest version this build reads ([`VERSION`]).
        supported: u64,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Syntax { message, line, column } => write!(
                f,
                "the stored data is not valid JSON (line {line}, column {column}): {message}; it may be damaged or cut short"
            ),
            StoreError::Shape { message, line: 0, .. } => {
                write!(f, "the stored data is not in tagmark's format: {message}")
            }
            StoreError::Shape { message, line, column } => write!(
                f,
                "the stored data is not in tagmark's format (line {line}, column {column}): {message}"
            ),
            StoreError::NotTagmark { expected, found: Some(found) } => {
                write!(f, "this is not a {} (its \"format\" is \"{found}\")", what(expected))
            }
            StoreError::NotTagmark { expected, found: None } => {
                write!(f, "this is not a {} (it has no \"format\" field)", what(expected))
            }
            StoreError::Newer { version, supported } => write!(
                f,
                "written by a newer tagmark (version {version}); this page reads up to version {supported}: update the page"
            ),
        }
    }
}

fn what(format: &str) -> &'static str {
    match format {
        DOC_FORMAT => "tagmark document record",
        META_FORMAT => "tagmark corpus record",
        _ => "tagmark corpus backup",
    }
}

impl std::error::Error for StoreError {}

impl From<serde_json::Error> for StoreError {
    fn from(e: serde_json::Error) -> StoreError {
        let (message, line, column) = (strip_position(&e), e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Data => StoreError::Shape {
                message,
                line,
                column,
            },
            _ => StoreError::Syntax {
                message,
                line,
                column,
            },
        }
    }
}
