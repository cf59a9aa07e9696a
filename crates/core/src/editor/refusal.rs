//! Why the editor did not do what it was asked ([`Refusal`]), as a sentence.

use std::fmt;

use crate::edit::EditError;
use crate::offsets::LineCol;

/// Why an editor command changed nothing. [`fmt::Display`] gives the sentence to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The edit itself is not possible (a span out of range, crossing another, …).
    Edit(EditError),
    /// Written as tags, the edit would pair with a broken tag of the source and
    /// change other spans.
    WouldPairWithBrokenTag {
        /// How many problems the source has.
        problems: usize,
        /// The first of them: where, and its message.
        first: Option<(LineCol, String)>,
    },
    /// Undo with no step to undo.
    NothingToUndo,
    /// Redo with no step to redo.
    NothingToRedo,
    /// A label name that cannot be a tag name.
    InvalidLabel(String),
    /// A label was asked for with neither text nor a span selected.
    NothingSelected,
    /// A span command with no span selected.
    NoSpanSelected,
    /// A nudge with no word boundary left in that direction.
    NoWordThatWay,
    /// A resize that would leave the span empty.
    EmptySpan,
    /// Typing in the source at a byte range that is not one of the source.
    BadSourceRange {
        /// The start asked for.
        start: usize,
        /// The end asked for.
        end: usize,
        /// The source's length in bytes.
        len: usize,
    },
}

impl Refusal {
    /// True for a refusal worth a warning; false for a plain "nothing to do".
    pub fn is_warning(&self) -> bool {
        !matches!(
            self,
            Refusal::NothingToUndo
                | Refusal::NothingToRedo
                | Refusal::NothingSelected
                | Refusal::NoWordThatWay
        )
    }
}

impl From<EditError> for Refusal {
    fn from(e: EditError) -> Refusal {
        Refusal::Edit(e)
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Edit(e) => write!(f, "{e}"),
            Refusal::WouldPairWithBrokenTag { problems, first } => {
                write!(
                    f,
                    "Not changed: written as tags, this would pair with a broken tag in the source and change other spans. \
                     Fix the {problems} problem{} in the source first",
                    if *problems == 1 { "" } else { "s" }
                )?;
                if let Some((at, message)) = first {
                    write!(f, " (the first: {at}, {message})")?;
                }
                f.write_str(".")
            }
            Refusal::NothingToUndo => f.write_str("Nothing to undo."),
            Refusal::NothingToRedo => f.write_str("Nothing to redo."),
            Refusal::InvalidLabel(label) => {
                write!(f, "`{label}` cannot be a label: use a letter, then letters, digits, `_` or `-`.")
            }
            Refusal::NothingSelected => f.write_str("Select some text or a span first, then pick a label."),
            Refusal::NoSpanSelected => f.write_str("Select a span first."),
            Refusal::NoWordThatWay => f.write_str("No word to move to in that direction."),
            Refusal::EmptySpan => f.write_str("A span must cover at least one character: use Delete to remove it."),
            Refusal::BadSourceRange { start, end, len } => write!(
                f,
                "Not changed: bytes {start}..{end} are not a range of the source ({len} bytes, ranges on character boundaries)."
            ),
        }
    }
}

impl std::error::Error for Refusal {}
