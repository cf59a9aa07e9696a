//! The label set: the labels a corpus offers, each with an optional colour and hotkey.
//!
//! A label set is shared between annotators as a small JSON file:
//!
//! ```json
//! {"labels": [{"name": "model", "color": "#7aecec", "hotkey": "1"}]}
//! ```
//!
//! `color` and `hotkey` may be left out. [`LabelSet::from_json`] reads such a
//! file and checks it, reporting every problem as a sentence;
//! [`LabelSet::to_json`] writes one. A bare list (`[{"name": …}]`) is read too,
//! and fields other than these three are ignored.
//!
//! The keys of the review statuses (`A`, `X`, `S`, `U`, see
//! [`keymap::reserved_for_status`]) cannot be label hotkeys; the hotkey rules
//! are the [`keymap`]'s.

use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::document::is_valid_label;
use crate::keymap::{self, same_key};
use crate::status::Status;

/// One label: its name, and how the app shows and picks it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct LabelDef {
    /// The label name, as used in tags (`[A-Za-z][A-Za-z0-9_-]*`).
    pub name: String,
    /// A CSS hex colour (`#rgb`, `#rgba`, `#rrggbb` or `#rrggbbaa`, lower case), if chosen.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub color: Option<String>,
    /// The key that applies the label, if any (one character).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hotkey: Option<char>,
}

impl LabelDef {
    /// A label with no colour and no hotkey.
    pub fn new(name: impl Into<String>) -> LabelDef {
        LabelDef {
            name: name.into(),
            color: None,
            hotkey: None,
        }
    }
}

/// An ordered list of labels with distinct names.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelSet {
    /// The labels, in the order shown.
    pub labels: Vec<LabelDef>,
}

/// Something wrong with one label of a label set.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelProblem {
    /// An entry is not an object with a string `name`.
    NotALabel {
        /// 1-based position in the list.
        position: usize,
    },
    /// The name cannot be used in tags.
    BadName {
        /// 1-based position in the list.
        position: usize,
        /// The name given.
        name: String,
    },
    /// Two labels have the same name.
    Duplicate {
        /// The name.
        name: String,
    },
    /// The colour is not a hex colour.
    BadColor {
        /// The label.
        name: String,
        /// The colour given, as written.
        color: String,
    },
    /// The hotkey is not a single character.
    BadHotkey {
        /// The label.
        name: String,
        /// The hotkey given, as written.
        hotkey: String,
    },
    /// Two labels share a hotkey.
    HotkeyTaken {
        /// The label.
        name: String,
        /// The key.
        hotkey: char,
        /// The label that has it first.
        other: String,
    },
    /// The hotkey is a review-status key.
    ReservedHotkey {
        /// The label.
        name: String,
        /// The key.
        hotkey: char,
        /// The status that key sets.
        status: Status,
    },
}

impl fmt::Display for LabelProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelProblem::NotALabel { position } => write!(
                f,
                "label {position} is not a label: write it as {{\"name\": \"…\"}} with an optional \"color\" and \"hotkey\""
            ),
            LabelProblem::BadName { position, name } => write!(
                f,
                "label {position}: `{name}` is not a valid label name: use a letter followed by letters, digits, `_` or `-`"
            ),
            LabelProblem::Duplicate { name } => {
                write!(f, "label `{name}` is listed more than once: keep one entry per label")
            }
            LabelProblem::BadColor { name, color } => write!(
                f,
                "label `{name}`: `{color}` is not a colour tagmark reads: write a hex colour like `#7aecec`"
            ),
            LabelProblem::BadHotkey { name, hotkey } => {
                write!(f, "label `{name}`: the hotkey `{hotkey}` is not a single character")
            }
            LabelProblem::HotkeyTaken { name, hotkey, other } => write!(
                f,
                "label `{name}`: the hotkey `{hotkey}` already belongs to label `{other}`: give each label its own key"
            ),
            LabelProblem::ReservedHotkey { name, hotkey, status } => write!(
                f,
                "label `{name}`: the hotkey `{hotkey}` is the key that marks a document {}: choose another key",
                status.name()
            ),
        }
    }
}

/// Why a label-set file could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LabelSetError {
    /// The file is not JSON, or not a list of labels.
    Json {
        /// What serde_json said.
        message: String,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
    },
    /// The file has no `labels` list.
    NoLabels,
    /// Some labels are wrong; nothing was imported.
    Invalid(Vec<LabelProblem>),
}

impl fmt::Display for LabelSetError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LabelSetError::Json { message, line, column } => {
                write!(f, "the label set is not valid JSON (line {line}, column {column}): {message}")
            }
            LabelSetError::NoLabels => write!(
                f,
                "the label set has no \"labels\" list: write it as {{\"labels\": [{{\"name\": \"model\", \"color\": \"#7aecec\", \"hotkey\": \"1\"}}]}}"
            ),
            LabelSetError::Invalid(problems) => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{p}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for LabelSetError {}

/// Why a label could not get the hotkey asked for ([`LabelSet::set_hotkey`]);
/// `Display` is the sentence to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HotkeyRefusal {
    /// The set has no label of that name.
    NoSuchLabel(String),
    /// The key is one of the app's own ([`keymap::APP_KEYS`]).
    AppKey {
        /// The label.
        label: String,
        /// The key.
        key: char,
    },
    /// The key already applies another label (its own key or its position's default).
    Applies {
        /// The label.
        label: String,
        /// The key.
        key: char,
        /// The label it applies.
        other: String,
    },
    /// The set would have another problem (e.g. a review-status key).
    Problem(LabelProblem),
}

impl fmt::Display for HotkeyRefusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            HotkeyRefusal::NoSuchLabel(name) => write!(f, "There is no label {name}."),
            HotkeyRefusal::AppKey { label, key } => {
                write!(
                    f,
                    "`{key}` is one of the app's own keys: pick another hotkey for {label}."
                )
            }
            HotkeyRefusal::Applies { label, key, other } => {
                write!(
                    f,
                    "`{key}` already applies {other}: pick another hotkey for {label}."
                )
            }
            HotkeyRefusal::Problem(problem) => write!(f, "{problem}"),
        }
    }
}

impl std::error::Error for HotkeyRefusal {}

/// True for `#rgb`, `#rgba`, `#rrggbb` and `#rrggbbaa`.
pub fn is_hex_color(color: &str) -> bool {
    color.strip_prefix('#').is_some_and(|hex| {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

impl LabelSet {
    /// A label set of `names`, with no colours or hotkeys.
    pub fn from_names<I: IntoIterator<Item = S>, S: Into<String>>(names: I) -> LabelSet {
        LabelSet {
            labels: names.into_iter().map(LabelDef::new).collect(),
        }
    }

    /// Reads a shared label-set file and checks it. Every problem is reported;
    /// on any problem nothing is returned.
    pub fn from_json(json: &str) -> Result<LabelSet, LabelSetError> {
        let value: Value = serde_json::from_str(json).map_err(|e| LabelSetError::Json {
            message: crate::json_message::strip_position(&e),
            line: e.line(),
            column: e.column(),
        })?;
        let list = match value {
            Value::Array(list) => list,
            Value::Object(mut map) => match map.remove("labels") {
                Some(Value::Array(list)) => list,
                _ => return Err(LabelSetError::NoLabels),
            },
            _ => return Err(LabelSetError::NoLabels),
        };
        let mut problems = Vec::new();
        let mut labels = Vec::with_capacity(list.len());
        for (i, entry) in list.into_iter().enumerate() {
            let position = i + 1;
            // A bare string is a label with no colour or hotkey.
            let (name, color, hotkey) = match entry {
                Value::String(name) => (name, None, None),
                Value::Object(map) => match map.get("name") {
                    Some(Value::String(name)) => (
                        name.clone(),
                        map.get("color").cloned(),
                        map.get("hotkey").cloned(),
                    ),
                    _ => {
                        problems.push(LabelProblem::NotALabel { position });
                        continue;
                    }
                },
                _ => {
                    problems.push(LabelProblem::NotALabel { position });
                    continue;
                }
            };
            let name = name.trim().to_string();
            if !is_valid_label(&name) {
                problems.push(LabelProblem::BadName { position, name });
                continue;
            }
            let color = match color {
                None | Some(Value::Null) => None,
                Some(Value::String(c)) if c.trim().is_empty() => None,
                Some(Value::String(c)) if is_hex_color(c.trim()) => {
                    Some(c.trim().to_ascii_lowercase())
                }
                Some(other) => {
                    let color = match other {
                        Value::String(s) => s,
                        v => v.to_string(),
                    };
                    problems.push(LabelProblem::BadColor {
                        name: name.clone(),
                        color,
                    });
                    None
                }
            };
            let hotkey = match hotkey {
                None | Some(Value::Null) => None,
                Some(Value::String(k)) if k.is_empty() => None,
                Some(Value::String(k)) if k.chars().count() == 1 => k.chars().next(),
                // A team file may well write `"hotkey": 1`.
                Some(Value::Number(n)) if n.as_u64().is_some_and(|d| d <= 9) => {
                    char::from_digit(n.as_u64().unwrap_or(0) as u32, 10)
                }
                Some(other) => {
                    let hotkey = match other {
                        Value::String(s) => s,
                        v => v.to_string(),
                    };
                    problems.push(LabelProblem::BadHotkey {
                        name: name.clone(),
                        hotkey,
                    });
                    None
                }
            };
            labels.push(LabelDef {
                name,
                color,
                hotkey,
            });
        }
        let set = LabelSet { labels };
        problems.extend(set.problems());
        if problems.is_empty() {
            Ok(set)
        } else {
            Err(LabelSetError::Invalid(problems))
        }
    }

    /// Writes the label set in the shared file format (pretty-printed).
    pub fn to_json(&self) -> String {
        let mut out =
            serde_json::to_string_pretty(self).unwrap_or_else(|_| "{\"labels\":[]}".to_string());
        out.push('\n');
        out
    }

    /// What is wrong with the set: bad names or colours, duplicate names,
    /// shared or reserved hotkeys. Hotkeys compare case-insensitively.
    pub fn problems(&self) -> Vec<LabelProblem> {
        let mut problems = Vec::new();
        for (i, label) in self.labels.iter().enumerate() {
            if !is_valid_label(&label.name) {
                problems.push(LabelProblem::BadName {
                    position: i + 1,
                    name: label.name.clone(),
                });
            }
            let earlier = &self.labels[..i];
            let seen = earlier.iter().filter(|l| l.name == label.name).count();
            if seen > 0 {
                // Reported once, at the second entry.
                if seen == 1 {
                    problems.push(LabelProblem::Duplicate {
                        name: label.name.clone(),
                    });
                }
                continue;
            }
            if let Some(color) = &label.color {
                if !is_hex_color(color) {
                    problems.push(LabelProblem::BadColor {
                        name: label.name.clone(),
                        color: color.clone(),
                    });
                }
            }
            if let Some(key) = label.hotkey {
                if let Some(status) = keymap::reserved_for_status(key) {
                    problems.push(LabelProblem::ReservedHotkey {
                        name: label.name.clone(),
                        hotkey: key,
                        status,
                    });
                } else if let Some(other) = earlier
                    .iter()
                    .find(|l| l.hotkey.is_some_and(|k| same_key(k, key)))
                {
                    problems.push(LabelProblem::HotkeyTaken {
                        name: label.name.clone(),
                        hotkey: key,
                        other: other.name.clone(),
                    });
                }
            }
        }
        problems
    }

    /// The label named `name`.
    pub fn get(&self, name: &str) -> Option<&LabelDef> {
        self.labels.iter().find(|l| l.name == name)
    }

    /// True when the set has a label named `name`.
    pub fn contains(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The label whose own hotkey is `key` (case-insensitive).
    pub fn by_hotkey(&self, key: char) -> Option<&LabelDef> {
        self.labels
            .iter()
            .find(|l| l.hotkey.is_some_and(|k| same_key(k, key)))
    }

    /// The hotkey of the label at `position`: its own, or its position's default
    /// ([`keymap::hotkey_of`]).
    pub fn hotkey(&self, position: usize) -> Option<char> {
        keymap::hotkey_of(position, self.labels.get(position)?.hotkey)
    }

    /// The label a key press applies ([`keymap::label_for_key`]): its own hotkey or its position's default.
    pub fn label_for_key(&self, key: char) -> Option<&LabelDef> {
        keymap::label_for_key(self.labels.iter().map(|l| l.hotkey), key).map(|i| &self.labels[i])
    }

    /// Gives the label `name` the hotkey `key` (`None`: back to its position's
    /// default), following the [`keymap`]'s rules: not one of the app's own keys,
    /// not a key that applies another label, not a review-status key. A refusal
    /// changes nothing.
    pub fn set_hotkey(&mut self, name: &str, key: Option<char>) -> Result<(), HotkeyRefusal> {
        let position = self
            .labels
            .iter()
            .position(|l| l.name == name)
            .ok_or_else(|| HotkeyRefusal::NoSuchLabel(name.to_string()))?;
        if let Some(k) = key {
            if keymap::is_app_key(k) {
                return Err(HotkeyRefusal::AppKey {
                    label: name.to_string(),
                    key: k,
                });
            }
            let taken = (0..self.labels.len())
                .find(|&i| i != position && self.hotkey(i).is_some_and(|h| same_key(h, k)));
            if let Some(i) = taken {
                return Err(HotkeyRefusal::Applies {
                    label: name.to_string(),
                    key: k,
                    other: self.labels[i].name.clone(),
                });
            }
        }
        let mut next = self.clone();
        next.labels[position].hotkey = key;
        if let Some(problem) = next.problems().into_iter().next() {
            return Err(HotkeyRefusal::Problem(problem));
        }
        *self = next;
        Ok(())
    }

    /// Appends a label (no colour, no hotkey) for each name not in the set yet,
    /// in the order given; returns how many were added.
    pub fn add_missing<'a, I: IntoIterator<Item = &'a str>>(&mut self, names: I) -> usize {
        let before = self.labels.len();
        for name in names {
            if !self.contains(name) {
                self.labels.push(LabelDef::new(name));
            }
        }
        self.labels.len() - before
    }

    /// Number of labels.
    pub fn len(&self) -> usize {
        self.labels.len()
    }

    /// True when there are no labels.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hotkeys_follow_the_keymap_rules() {
        let mut set = LabelSet::from_names(["model", "gpu", "year"]);
        assert_eq!(set.set_hotkey("gpu", Some('g')), Ok(()));
        assert_eq!(set.hotkey(1), Some('g'));
        assert_eq!(set.label_for_key('G').map(|l| l.name.as_str()), Some("gpu"));
        let before = set.clone();
        let refused = set.set_hotkey("year", Some('j')).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "`j` is one of the app's own keys: pick another hotkey for year."
        );
        let refused = set.set_hotkey("year", Some('1')).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "`1` already applies model: pick another hotkey for year."
        );
        let refused = set.set_hotkey("year", Some('G')).unwrap_err();
        assert!(
            matches!(refused, HotkeyRefusal::Applies { ref other, .. } if other == "gpu"),
            "{refused:?}"
        );
        let refused = set.set_hotkey("year", Some('a')).unwrap_err();
        assert!(
            matches!(
                refused,
                HotkeyRefusal::Problem(LabelProblem::ReservedHotkey { .. })
            ),
            "{refused:?}"
        );
        assert_eq!(
            set.set_hotkey("nope", None),
            Err(HotkeyRefusal::NoSuchLabel("nope".into()))
        );
        assert_eq!(set, before, "a refusal changes nothing");
        assert_eq!(set.set_hotkey("gpu", None), Ok(()));
        assert_eq!(set.hotkey(1), Some('2'), "back to its position's default");
    }

    #[test]
    fn reads_the_shared_schema_and_writes_it_back() {
        let json = r##"{"labels":[{"name":"model","color":"#7AECEC","hotkey":"1"},{"name":"year"},"country"]}"##;
        let set = LabelSet::from_json(json).unwrap();
        assert_eq!(
            set.labels,
            vec![
                LabelDef {
                    name: "model".into(),
                    color: Some("#7aecec".into()),
                    hotkey: Some('1')
                },
                LabelDef::new("year"),
                LabelDef::new("country"),
            ]
        );
        let out = set.to_json();
        assert!(out.contains("\"hotkey\": \"1\""), "{out}");
        assert!(!out.contains("null"), "{out}");
        assert_eq!(LabelSet::from_json(&out).unwrap(), set);
        // A bare list and a numeric hotkey are read too; unknown fields are ignored.
        let set = LabelSet::from_json(r#"[{"name":"a","hotkey":2,"description":"x"}]"#).unwrap();
        assert_eq!(set.labels[0].hotkey, Some('2'));
        assert_eq!(set.by_hotkey('2').unwrap().name, "a");
    }

    #[test]
    fn reports_every_problem_as_a_sentence() {
        let json = r##"{"labels":[
            {"name":"model","color":"teal","hotkey":"12"},
            {"name":"1st"},
            {"name":"model"},
            {"name":"year","hotkey":"a"},
            {"name":"params","hotkey":"q"},
            {"name":"hardware","hotkey":"Q"},
            42
        ]}"##;
        let Err(LabelSetError::Invalid(problems)) = LabelSet::from_json(json) else {
            panic!()
        };
        let messages: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            messages,
            [
                "label `model`: `teal` is not a colour tagmark reads: write a hex colour like `#7aecec`",
                "label `model`: the hotkey `12` is not a single character",
                "label 2: `1st` is not a valid label name: use a letter followed by letters, digits, `_` or `-`",
                "label 7 is not a label: write it as {\"name\": \"…\"} with an optional \"color\" and \"hotkey\"",
                "label `model` is listed more than once: keep one entry per label",
                "label `year`: the hotkey `a` is the key that marks a document accepted: choose another key",
                "label `hardware`: the hotkey `Q` already belongs to label `params`: give each label its own key",
            ]
        );
    }

    #[test]
    fn json_errors_have_a_position() {
        let err = LabelSet::from_json("{\"labels\": [\n  {\"name\": }]}").unwrap_err();
        let LabelSetError::Json { line, column, .. } = &err else {
            panic!("{err:?}")
        };
        assert_eq!((*line, *column), (2, 12));
        assert!(
            err.to_string()
                .starts_with("the label set is not valid JSON (line 2, column 12): expected value"),
            "{err}"
        );
        assert_eq!(
            LabelSet::from_json("{\"names\": []}"),
            Err(LabelSetError::NoLabels)
        );
    }

    #[test]
    fn add_missing_keeps_order_and_existing() {
        let mut set = LabelSet::from_names(["a"]);
        assert_eq!(set.add_missing(["b", "a", "c"]), 2);
        assert_eq!(set, LabelSet::from_names(["a", "b", "c"]));
        assert!(set.problems().is_empty());
    }
}
