//! Consistency checks over a set of documents: what a curator would otherwise
//! find only by reading every word.
//!
//! Each [`Check`] has a stable name (used by `tagmark lint --checks` and the
//! app's problems list), a [`Severity`], and reports [`Problem`]s that name the
//! place (a document and a byte range of its text) and, where one edit fixes it,
//! carry that [`Fix`]. The same code runs in the app and in the CLI.
//!
//! | name | severity | finds |
//! |---|---|---|
//! | `untagged-repeat` | warning | an untagged, whole-word occurrence of a string tagged elsewhere (this document or another) |
//! | `label-conflict` | warning | a string tagged with different labels, with counts |
//! | `boundary` | warning | a span starting or ending inside a word, or with whitespace or punctuation at an edge |
//! | `unknown-label` | error | a label that is not in the label set (only when one is given) |
//! | `label-case` | warning | labels that differ only in case |
//! | `duplicate` | error | the same span (range and label) twice |
//! | `self-nested` | info | a span inside another span of the same label |
//!
//! `untagged-repeat` looks for the tagged strings ([`tagged::TaggedStrings`],
//! built on [`crate::phrases`]) with one pass over each document, not one pass
//! per tagged string; `label-conflict` reads the conflicts of
//! [`crate::inventory::Inventory`], so 1,000 seeds take well under a second
//! (`cargo run --release -p tagmark-core --example bench_checks` prints the time).

mod boundary;
mod labels;
mod repeats;
mod structure;
pub mod tagged;

use std::fmt;
use std::ops::Range;

use crate::document::Document;
use crate::edit::Edit;
use crate::labels::LabelSet;

/// How serious a problem is. `tagmark lint` exits with 1 only for errors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// The data is wrong (an export would carry the mistake).
    Error,
    /// Very likely a mistake; look at it.
    Warning,
    /// Worth a look; often intended.
    Info,
}

impl Severity {
    /// `error`, `warning` or `info`.
    pub fn name(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// One consistency check.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Check {
    /// An untagged occurrence of a string tagged elsewhere.
    UntaggedRepeat,
    /// The same string tagged with different labels.
    LabelConflict,
    /// A span whose edges are inside a word or on whitespace or punctuation.
    Boundary,
    /// A label not in the label set.
    UnknownLabel,
    /// Labels that differ only in case.
    LabelCase,
    /// The same span twice.
    Duplicate,
    /// A span inside another span of its label.
    SelfNested,
}

impl Check {
    /// Every check, in the order they are listed.
    pub const ALL: [Check; 7] = [
        Check::UntaggedRepeat,
        Check::LabelConflict,
        Check::Boundary,
        Check::UnknownLabel,
        Check::LabelCase,
        Check::Duplicate,
        Check::SelfNested,
    ];

    /// The stable name, e.g. `untagged-repeat`.
    pub fn name(self) -> &'static str {
        match self {
            Check::UntaggedRepeat => "untagged-repeat",
            Check::LabelConflict => "label-conflict",
            Check::Boundary => "boundary",
            Check::UnknownLabel => "unknown-label",
            Check::LabelCase => "label-case",
            Check::Duplicate => "duplicate",
            Check::SelfNested => "self-nested",
        }
    }

    /// The check named `name`.
    pub fn from_name(name: &str) -> Option<Check> {
        Check::ALL.into_iter().find(|c| c.name() == name)
    }

    /// How serious its problems are.
    pub fn severity(self) -> Severity {
        match self {
            Check::UnknownLabel | Check::Duplicate => Severity::Error,
            Check::SelfNested => Severity::Info,
            _ => Severity::Warning,
        }
    }

    /// What it finds, in a few words.
    pub fn description(self) -> &'static str {
        match self {
            Check::UntaggedRepeat => {
                "an untagged occurrence (whole words) of a string tagged elsewhere"
            }
            Check::LabelConflict => "the same string tagged with different labels",
            Check::Boundary => {
                "a span that starts or ends inside a word, or on whitespace or punctuation"
            }
            Check::UnknownLabel => "a label that is not in the label set",
            Check::LabelCase => "labels that differ only in case",
            Check::Duplicate => "the same span (range and label) twice",
            Check::SelfNested => "a span inside another span of the same label",
        }
    }
}

impl fmt::Display for Check {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A name given for a check that does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownCheck {
    /// The name given.
    pub name: String,
}

impl fmt::Display for UnknownCheck {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "there is no check named `{}`; the checks are {}",
            self.name,
            Check::ALL.map(Check::name).join(", ")
        )
    }
}

impl std::error::Error for UnknownCheck {}

/// Reads a comma-separated list of check names (`boundary,duplicate`).
pub fn parse_check_list(list: &str) -> Result<Vec<Check>, UnknownCheck> {
    list.split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(|n| {
            Check::from_name(n).ok_or_else(|| UnknownCheck {
                name: n.to_string(),
            })
        })
        .collect()
}

/// One edit that fixes a problem, and what it does in a few words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, e.g. "tag as `model`".
    pub title: String,
    /// The edit, for the document the problem is in (indices as they are now).
    pub edit: Edit,
}

/// One problem found by a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The check that found it.
    pub check: Check,
    /// How serious it is.
    pub severity: Severity,
    /// Which document: an index into the documents given to [`run`].
    pub doc: usize,
    /// The bytes of that document's text it is about.
    pub range: Range<usize>,
    /// What is wrong, a sentence that names the text.
    pub message: String,
    /// One edit that fixes it, when there is one.
    pub fix: Option<Fix>,
}

/// Which checks to run, and with what.
#[derive(Clone, Debug)]
pub struct CheckOptions<'a> {
    /// The checks to run.
    pub checks: Vec<Check>,
    /// The label set (schema); `unknown-label` runs only when it is given.
    pub labels: Option<&'a LabelSet>,
    /// Report only the problems of this document (an index into the documents
    /// given), still comparing it with all of them; `None`: every document.
    pub focus: Option<usize>,
    /// With `focus`: report only the problems that start in this byte range of
    /// that document's text, looking only around it (the app checks a long
    /// document a slice at a time). `None`: the whole text.
    pub range: Option<Range<usize>>,
    /// The tagged strings of the same documents, indexed beforehand: a caller that
    /// checks a long document slice by slice builds it once (`None`: built here).
    pub tagged: Option<&'a tagged::TaggedStrings>,
}

impl Default for CheckOptions<'_> {
    fn default() -> Self {
        CheckOptions {
            checks: Check::ALL.to_vec(),
            labels: None,
            focus: None,
            range: None,
            tagged: None,
        }
    }
}

impl CheckOptions<'_> {
    fn runs(&self, check: Check) -> bool {
        self.checks.contains(&check)
    }
}

/// Runs the chosen checks over `docs` (repeats and conflicts are found across
/// all of them) and returns the problems by document, then by place.
pub fn run(docs: &[&Document], options: &CheckOptions<'_>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if options.runs(Check::UntaggedRepeat) {
        let built;
        let strings = match options.tagged {
            Some(prepared) => prepared,
            None => {
                built = tagged::TaggedStrings::new(docs);
                &built
            }
        };
        repeats::untagged_repeats(
            docs,
            strings,
            options.focus,
            options.range.clone(),
            &mut problems,
        );
    }
    if options.runs(Check::LabelConflict) {
        repeats::label_conflicts(docs, &mut problems);
    }
    if options.runs(Check::Boundary) {
        boundary::boundaries(docs, options.focus, options.range.clone(), &mut problems);
    }
    if options.runs(Check::UnknownLabel) {
        if let Some(set) = options.labels {
            labels::unknown_labels(docs, set, options.focus, &mut problems);
        }
    }
    if options.runs(Check::LabelCase) {
        labels::label_case(docs, options.labels, options.focus, &mut problems);
    }
    if options.runs(Check::Duplicate) || options.runs(Check::SelfNested) {
        let (dup, nest) = (
            options.runs(Check::Duplicate),
            options.runs(Check::SelfNested),
        );
        structure::duplicates_and_nesting(docs, dup, nest, options.focus, &mut problems);
    }
    if let Some(f) = options.focus {
        problems.retain(|p| {
            p.doc == f
                && options
                    .range
                    .as_ref()
                    .is_none_or(|r| r.contains(&p.range.start))
        });
    }
    crate::sort::sort_by_key(&mut problems, |p| {
        (p.doc, p.range.start, p.range.end, p.check)
    });
    problems
}

/// True when document `d` is to be reported on.
pub(crate) fn in_focus(focus: Option<usize>, d: usize) -> bool {
    focus.is_none_or(|f| f == d)
}

/// `text` shortened to at most 40 characters for a message.
pub(crate) fn quote(text: &str) -> String {
    let mut chars = text.chars();
    let short: String = chars.by_ref().take(40).collect();
    let short = short.replace(['\n', '\r'], " ");
    if chars.next().is_some() {
        format!("`{short}…`")
    } else {
        format!("`{short}`")
    }
}

/// "1 time", "3 times".
pub(crate) fn times(n: usize) -> String {
    if n == 1 {
        "once".to_string()
    } else if n == 2 {
        "twice".to_string()
    } else {
        format!("{n} times")
    }
}
