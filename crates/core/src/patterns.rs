//! Pattern rules: "text like this is a `label`", as Prodigy and spaCy's
//! `EntityRuler` write them, one JSON object a line (JSONL):
//!
//! ```text
//! {"label": "model", "pattern": "NeuraScale-9"}
//! {"label": "org", "pattern": [{"lower": "open"}, {"lower": "research"}, {"LOWER": "foundation"}]}
//! {"label": "params", "pattern": "\\d+(\\.\\d+)? (billion|trillion)", "regex": true}
//! ```
//!
//! - A string `pattern` is an exact phrase (spaCy's `PhraseMatcher` on the
//!   verbatim text): it matches whole words, any run of whitespace matching any
//!   other ([`crate::phrases`]).
//! - A list `pattern` describes one token each (spaCy's `Matcher`). Tokens are
//!   the words and punctuation of [`crate::tokenize::words`]. Keys may be upper or
//!   lower case. Supported: `ORTH`/`TEXT` and `LOWER` (a string, or `{"IN": […]}`,
//!   `{"NOT_IN": […]}`, `{"REGEX": "…"}`), `LENGTH` (a number), `SHAPE`
//!   (`Xxxxd`, as spaCy writes it), the flags `IS_ALPHA`, `IS_ASCII`, `IS_DIGIT`,
//!   `IS_LOWER`, `IS_UPPER`, `IS_TITLE`, `IS_PUNCT`, `LIKE_NUM` (true or false),
//!   and `OP` (`!`, `?`, `*`, `+`, `1`). `{}` is any token. Attributes that need a
//!   statistical model (`POS`, `LEMMA`, `DEP`, …) are refused with a message.
//! - tagmark's extension: `"regex": true` makes a string `pattern` a regular
//!   expression (the syntax of the `regex-lite` crate: Perl-like, no
//!   look-around). A match counts only when it starts and ends on word
//!   boundaries, so `(19|20)\d\d` does not match inside `120234`.
//! - `id` is kept and written back; other fields are ignored.
//!
//! Errors name the line and what is wrong ([`PatternError`]); a file with any
//! error is refused whole, so a typo never silently drops a rule.

use std::fmt;
use std::ops::Range;

use serde_json::{json, Value};

use crate::phrases::{KeyKind, PhraseIndex, SegmentedText};

/// One rule: a label and what it matches.
#[derive(Clone, Debug)]
pub struct PatternRule {
    /// The label given to what it matches.
    pub label: String,
    /// The pattern.
    pub pattern: Pattern,
    /// The rule's `id`, kept as read.
    pub id: Option<Value>,
}

/// What a rule matches.
#[derive(Clone, Debug)]
pub enum Pattern {
    /// An exact phrase.
    Phrase(String),
    /// A token pattern: the JSON as read, and its compiled form.
    Tokens(Value, Vec<TokenSpec>),
    /// A regular expression (tagmark's extension).
    Regex(String, regex_lite::Regex),
}

impl Pattern {
    /// `phrase`, `tokens` or `regex`.
    pub fn kind(&self) -> &'static str {
        match self {
            Pattern::Phrase(_) => "phrase",
            Pattern::Tokens(..) => "tokens",
            Pattern::Regex(..) => "regex",
        }
    }

    /// The pattern as the user wrote it: the phrase, the regular expression, or the token list as JSON.
    pub fn source(&self) -> String {
        match self {
            Pattern::Phrase(p) | Pattern::Regex(p, _) => p.clone(),
            Pattern::Tokens(v, _) => v.to_string(),
        }
    }
}

/// One token of a token pattern.
#[derive(Clone, Debug)]
pub struct TokenSpec {
    tests: Vec<TokenTest>,
    op: Op,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    One,
    Not,
    Optional,
    Star,
    Plus,
}

#[derive(Clone, Debug)]
enum TextTest {
    Is(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Regex(regex_lite::Regex),
}

impl TextTest {
    fn matches(&self, s: &str) -> bool {
        match self {
            TextTest::Is(v) => s == v,
            TextTest::In(v) => v.iter().any(|x| x == s),
            TextTest::NotIn(v) => !v.iter().any(|x| x == s),
            TextTest::Regex(r) => r.is_match(s),
        }
    }
}

#[derive(Clone, Debug)]
enum TokenTest {
    Text(TextTest),
    Lower(TextTest),
    Length(usize),
    Shape(String),
    Flag(Flag, bool),
}

#[derive(Clone, Copy, Debug)]
enum Flag {
    Alpha,
    Ascii,
    Digit,
    Lower,
    Upper,
    Title,
    Punct,
    LikeNum,
}

impl Flag {
    fn of(self, t: &str) -> bool {
        let cased = t.chars().any(|c| c.is_lowercase() || c.is_uppercase());
        match self {
            Flag::Alpha => !t.is_empty() && t.chars().all(char::is_alphabetic),
            Flag::Ascii => t.is_ascii(),
            Flag::Digit => !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()),
            Flag::Lower => cased && !t.chars().any(char::is_uppercase),
            Flag::Upper => cased && !t.chars().any(char::is_lowercase),
            Flag::Title => {
                let mut cs = t.chars();
                cs.next().is_some_and(char::is_uppercase) && !cs.any(char::is_uppercase)
            }
            Flag::Punct => {
                !t.is_empty()
                    && t.chars()
                        .all(|c| !c.is_alphanumeric() && !c.is_whitespace())
            }
            Flag::LikeNum => {
                let s = t.replace([',', '.'], "");
                !s.is_empty() && s.chars().all(|c| c.is_ascii_digit())
                    || matches!(
                        t.to_lowercase().as_str(),
                        "one"
                            | "two"
                            | "three"
                            | "four"
                            | "five"
                            | "six"
                            | "seven"
                            | "eight"
                            | "nine"
                            | "ten"
                            | "hundred"
                            | "thousand"
                            | "million"
                            | "billion"
                            | "trillion"
                    )
            }
        }
    }
}

/// spaCy's word shape: `X` for an upper-case letter, `x` lower case, `d` a
/// digit, other characters as they are; a run of one kind is cut after 4.
pub fn word_shape(t: &str) -> String {
    let mut out = String::new();
    let (mut last, mut run) = ('\0', 0);
    for c in t.chars() {
        let s = if c.is_uppercase() {
            'X'
        } else if c.is_alphabetic() {
            'x'
        } else if c.is_ascii_digit() {
            'd'
        } else {
            c
        };
        run = if s == last { run + 1 } else { 1 };
        last = s;
        if run <= 4 {
            out.push(s);
        }
    }
    out
}

impl TokenTest {
    fn matches(&self, t: &str) -> bool {
        match self {
            TokenTest::Text(x) => x.matches(t),
            TokenTest::Lower(x) => x.matches(&t.to_lowercase()),
            TokenTest::Length(n) => t.chars().count() == *n,
            TokenTest::Shape(s) => word_shape(t) == *s,
            TokenTest::Flag(f, want) => f.of(t) == *want,
        }
    }
}

impl TokenSpec {
    fn matches(&self, t: &str) -> bool {
        self.tests.iter().all(|x| x.matches(t))
    }
}

/// What is wrong with one line of a patterns file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PatternErrorKind {
    /// The line is not JSON.
    NotJson(String),
    /// The line is not an object with `label` and `pattern`.
    NotARule,
    /// `label` is missing or not a string.
    NoLabel,
    /// `pattern` is missing, empty, or neither a string nor a list.
    NoPattern,
    /// `regex` is true but `pattern` is not a string, or the expression does not compile.
    BadRegex(String),
    /// A token of a token pattern is wrong.
    BadToken {
        /// 1-based position of the token in the list.
        token: usize,
        /// What is wrong with it.
        reason: String,
    },
}

/// An error in a patterns file, with the line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternError {
    /// 1-based line (1 for a rule not read from a file).
    pub line: usize,
    /// What is wrong.
    pub kind: PatternErrorKind,
}

impl fmt::Display for PatternErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PatternErrorKind::NotJson(m) => write!(f, "it is not JSON ({m})"),
            PatternErrorKind::NotARule => {
                write!(f, "it is not a rule: write {{\"label\": \"…\", \"pattern\": \"…\"}}")
            }
            PatternErrorKind::NoLabel => write!(f, "the rule has no \"label\" string"),
            PatternErrorKind::NoPattern => write!(
                f,
                "the rule has no \"pattern\": give a phrase (a string) or a list of tokens ([{{\"lower\": \"…\"}}])"
            ),
            PatternErrorKind::BadRegex(m) => write!(f, "the regular expression does not work: {m}"),
            PatternErrorKind::BadToken { token, reason } => write!(f, "token {token} of the pattern: {reason}"),
        }
    }
}

impl fmt::Display for PatternError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.kind)
    }
}

impl std::error::Error for PatternError {}

fn text_test(token: usize, key: &str, v: &Value) -> Result<TextTest, PatternErrorKind> {
    let bad = |reason: String| PatternErrorKind::BadToken { token, reason };
    let strings = |v: &Value| -> Option<Vec<String>> {
        v.as_array()?
            .iter()
            .map(|x| x.as_str().map(str::to_string))
            .collect()
    };
    match v {
        Value::String(s) => Ok(TextTest::Is(s.clone())),
        Value::Object(o) if o.len() == 1 => {
            let (k, x) = o.iter().next().expect("one entry");
            match k.to_uppercase().as_str() {
                "IN" => strings(x).map(TextTest::In).ok_or_else(|| bad(format!("`{key}` `IN` needs a list of strings"))),
                "NOT_IN" => strings(x).map(TextTest::NotIn).ok_or_else(|| bad(format!("`{key}` `NOT_IN` needs a list of strings"))),
                "REGEX" => {
                    let re = x.as_str().ok_or_else(|| bad(format!("`{key}` `REGEX` needs a string")))?;
                    regex_lite::Regex::new(re).map(TextTest::Regex).map_err(|e| bad(format!("`{key}` `REGEX`: {e}")))
                }
                other => Err(bad(format!("`{key}` does not take `{other}`; use a string, IN, NOT_IN or REGEX"))),
            }
        }
        _ => Err(bad(format!("`{key}` needs a string, or {{\"IN\": […]}}, {{\"NOT_IN\": […]}} or {{\"REGEX\": \"…\"}}"))),
    }
}

fn token_spec(token: usize, v: &Value) -> Result<TokenSpec, PatternErrorKind> {
    let bad = |reason: String| PatternErrorKind::BadToken { token, reason };
    let o = v
        .as_object()
        .ok_or_else(|| bad("it is not an object like {\"lower\": \"apple\"}".into()))?;
    let mut spec = TokenSpec {
        tests: Vec::new(),
        op: Op::One,
    };
    for (key, value) in o {
        let upper = key.to_uppercase();
        let flag = |f: Flag| {
            value
                .as_bool()
                .map(|b| TokenTest::Flag(f, b))
                .ok_or_else(|| bad(format!("`{key}` needs true or false")))
        };
        let test = match upper.as_str() {
            "ORTH" | "TEXT" => TokenTest::Text(text_test(token, key, value)?),
            "LOWER" => TokenTest::Lower(text_test(token, key, value)?),
            "LENGTH" => TokenTest::Length(
                value
                    .as_u64()
                    .map(|n| n as usize)
                    .ok_or_else(|| bad(format!("`{key}` needs a whole number")))?,
            ),
            "SHAPE" => TokenTest::Shape(
                value
                    .as_str()
                    .ok_or_else(|| bad(format!("`{key}` needs a string")))?
                    .to_string(),
            ),
            "IS_ALPHA" => flag(Flag::Alpha)?,
            "IS_ASCII" => flag(Flag::Ascii)?,
            "IS_DIGIT" => flag(Flag::Digit)?,
            "IS_LOWER" => flag(Flag::Lower)?,
            "IS_UPPER" => flag(Flag::Upper)?,
            "IS_TITLE" => flag(Flag::Title)?,
            "IS_PUNCT" => flag(Flag::Punct)?,
            "LIKE_NUM" => flag(Flag::LikeNum)?,
            "OP" => {
                spec.op = match value.as_str() {
                    Some("1") => Op::One,
                    Some("!") => Op::Not,
                    Some("?") => Op::Optional,
                    Some("*") => Op::Star,
                    Some("+") => Op::Plus,
                    _ => {
                        return Err(bad(format!(
                            "`{key}` is {value}; tagmark reads the operators !, ?, *, + and 1"
                        )))
                    }
                };
                continue;
            }
            "POS" | "TAG" | "MORPH" | "DEP" | "LEMMA" | "ENT_TYPE" | "ENT_IOB" | "ENT_ID"
            | "ENT_KB_ID" | "IS_STOP" | "IS_SENT_START" | "NORM" | "SPACY" | "LIKE_URL"
            | "LIKE_EMAIL" | "IS_SPACE" | "IS_BRACKET" | "IS_QUOTE" | "IS_LEFT_PUNCT"
            | "IS_RIGHT_PUNCT" | "IS_CURRENCY" | "IS_OOV" | "SENT_START" | "_" => {
                return Err(bad(format!(
                    "`{key}` needs spaCy's language model, which tagmark does not have"
                )))
            }
            _ => {
                return Err(bad(format!(
                    "`{key}` is not a token attribute tagmark knows"
                )))
            }
        };
        spec.tests.push(test);
    }
    Ok(spec)
}

impl PatternRule {
    /// A phrase rule.
    pub fn phrase(label: &str, phrase: &str) -> Result<PatternRule, PatternError> {
        PatternRule::from_value(&json!({"label": label, "pattern": phrase}), 1)
    }

    /// A regular-expression rule.
    pub fn regex(label: &str, expression: &str) -> Result<PatternRule, PatternError> {
        PatternRule::from_value(
            &json!({"label": label, "pattern": expression, "regex": true}),
            1,
        )
    }

    /// A token-pattern rule from its JSON list (`[{"lower": "open"}, …]`).
    pub fn tokens(label: &str, list: &str) -> Result<PatternRule, PatternError> {
        let v: Value = serde_json::from_str(list).map_err(|e| PatternError {
            line: 1,
            kind: PatternErrorKind::NotJson(e.to_string()),
        })?;
        PatternRule::from_value(&json!({"label": label, "pattern": v}), 1)
    }

    /// Reads one rule object, found on `line`.
    pub fn from_value(v: &Value, line: usize) -> Result<PatternRule, PatternError> {
        let err = |kind| PatternError { line, kind };
        let o = v
            .as_object()
            .ok_or_else(|| err(PatternErrorKind::NotARule))?;
        let label = o
            .get("label")
            .and_then(Value::as_str)
            .filter(|l| !l.trim().is_empty())
            .ok_or_else(|| err(PatternErrorKind::NoLabel))?;
        let regex = o.get("regex").and_then(Value::as_bool).unwrap_or(false);
        let pattern = match o.get("pattern") {
            Some(Value::String(s)) if regex => {
                if s.is_empty() {
                    return Err(err(PatternErrorKind::NoPattern));
                }
                let re = regex_lite::Regex::new(s)
                    .map_err(|e| err(PatternErrorKind::BadRegex(e.to_string())))?;
                Pattern::Regex(s.clone(), re)
            }
            Some(Value::String(s)) if !s.trim().is_empty() => Pattern::Phrase(s.clone()),
            Some(Value::Array(tokens)) if !tokens.is_empty() && !regex => {
                let specs = tokens
                    .iter()
                    .enumerate()
                    .map(|(i, t)| token_spec(i + 1, t))
                    .collect::<Result<Vec<_>, _>>();
                Pattern::Tokens(Value::Array(tokens.clone()), specs.map_err(err)?)
            }
            Some(Value::Array(_)) if regex => {
                return Err(err(PatternErrorKind::BadRegex(
                    "a regular expression must be a string".into(),
                )))
            }
            _ => return Err(err(PatternErrorKind::NoPattern)),
        };
        Ok(PatternRule {
            label: label.to_string(),
            pattern,
            id: o.get("id").cloned(),
        })
    }

    /// The rule as one JSON object.
    pub fn to_value(&self) -> Value {
        let mut v = match &self.pattern {
            Pattern::Phrase(p) => json!({"label": self.label, "pattern": p}),
            Pattern::Tokens(list, _) => json!({"label": self.label, "pattern": list}),
            Pattern::Regex(p, _) => json!({"label": self.label, "pattern": p, "regex": true}),
        };
        if let Some(id) = &self.id {
            v["id"] = id.clone();
        }
        v
    }
}

/// Reads a patterns file (JSONL; blank lines are skipped). Every error is
/// reported; on any error no rule is returned.
pub fn read_jsonl(text: &str) -> Result<Vec<PatternRule>, Vec<PatternError>> {
    let (mut rules, mut errors) = (Vec::new(), Vec::new());
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<Value>(line)
            .map_err(|e| PatternError {
                line: i + 1,
                kind: PatternErrorKind::NotJson(e.to_string()),
            })
            .and_then(|v| PatternRule::from_value(&v, i + 1));
        match parsed {
            Ok(r) => rules.push(r),
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(rules)
    } else {
        Err(errors)
    }
}

/// Writes rules as JSONL, one line each.
pub fn write_jsonl(rules: &[PatternRule]) -> String {
    rules
        .iter()
        .map(|r| format!("{}\n", r.to_value()))
        .collect()
}

/// A set of rules ready to search a text (it keeps its own copy of them).
pub struct Matcher {
    phrases: PhraseIndex<Vec<String>>,
    tokens: Vec<(String, Vec<TokenSpec>)>,
    regexes: Vec<(String, regex_lite::Regex)>,
}

/// One place a rule matched, and the rule's label.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleMatch {
    /// The bytes matched.
    pub range: Range<usize>,
    /// The label of the rule.
    pub label: String,
}

impl Matcher {
    /// Compiles `rules` for searching.
    pub fn new(rules: &[PatternRule]) -> Matcher {
        let mut m = Matcher {
            phrases: PhraseIndex::new(KeyKind::Exact),
            tokens: Vec::new(),
            regexes: Vec::new(),
        };
        for r in rules {
            match &r.pattern {
                Pattern::Phrase(p) => {
                    if let Some((_, labels)) = m.phrases.entry(p, Vec::new) {
                        if !labels.contains(&r.label) {
                            labels.push(r.label.clone());
                        }
                    }
                }
                Pattern::Tokens(_, specs) => m.tokens.push((r.label.clone(), specs.clone())),
                Pattern::Regex(_, re) => m.regexes.push((r.label.clone(), re.clone())),
            }
        }
        m
    }

    /// True when there are no rules.
    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty() && self.tokens.is_empty() && self.regexes.is_empty()
    }

    /// Every match in `text` (cut as `seg`, [`KeyKind::Exact`]) that starts in the
    /// byte range `from`; a token or regex match is the longest from its start.
    pub fn find(&self, text: &str, seg: &SegmentedText<'_>, from: Range<usize>) -> Vec<RuleMatch> {
        let mut out = Vec::new();
        let first = seg.segments.partition_point(|r| r.start < from.start);
        let last = seg.segments.partition_point(|r| r.start < from.end);
        for m in self.phrases.find_in(seg, first..last) {
            for label in self.phrases.get(m.phrase).1 {
                out.push(RuleMatch {
                    range: m.range.clone(),
                    label: label.clone(),
                });
            }
        }
        if !self.tokens.is_empty() {
            // Tokens: the segments that are not whitespace.
            let toks: Vec<usize> = (0..seg.len()).filter(|&i| seg.key(i) != " ").collect();
            let words: Vec<&str> = toks
                .iter()
                .map(|&i| &text[seg.segments[i].clone()])
                .collect();
            let t_first = toks.partition_point(|&i| i < first);
            let t_last = toks.partition_point(|&i| i < last);
            for (label, specs) in &self.tokens {
                for start in t_first..t_last {
                    if let Some(end) = longest_match(specs, &words, start) {
                        out.push(RuleMatch {
                            range: seg.segments[toks[start]].start..seg.segments[toks[end - 1]].end,
                            label: label.to_string(),
                        });
                    }
                }
            }
        }
        if !self.regexes.is_empty() {
            let bound = |b: usize| {
                b == text.len() || seg.segments.binary_search_by(|r| r.start.cmp(&b)).is_ok()
            };
            for (label, re) in &self.regexes {
                let mut at = from.start;
                while at < from.end {
                    let Some(m) = re.find_at(text, at) else { break };
                    if m.start() >= from.end {
                        break;
                    }
                    if m.start() < m.end() && bound(m.start()) && bound(m.end()) {
                        out.push(RuleMatch {
                            range: m.start()..m.end(),
                            label: label.to_string(),
                        });
                    }
                    // Go on from the next character after the match's start.
                    at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
                }
            }
        }
        out
    }
}

/// The end (exclusive token index) of the longest match of `specs` at `start`.
fn longest_match(specs: &[TokenSpec], words: &[&str], start: usize) -> Option<usize> {
    let mut states = vec![start];
    for spec in specs {
        let mut next: Vec<usize> = Vec::new();
        let push = |p: usize, next: &mut Vec<usize>| {
            if !next.contains(&p) {
                next.push(p);
            }
        };
        for &p in &states {
            let hit = |q: usize| q < words.len() && spec.matches(words[q]);
            match spec.op {
                Op::One if hit(p) => push(p + 1, &mut next),
                Op::Not if p < words.len() && !spec.matches(words[p]) => push(p + 1, &mut next),
                Op::Optional => {
                    push(p, &mut next);
                    if hit(p) {
                        push(p + 1, &mut next);
                    }
                }
                Op::Star | Op::Plus => {
                    if spec.op == Op::Star {
                        push(p, &mut next);
                    }
                    let mut q = p;
                    while hit(q) {
                        q += 1;
                        push(q, &mut next);
                    }
                }
                _ => {}
            }
        }
        if next.is_empty() {
            return None;
        }
        states = next;
    }
    states.into_iter().filter(|&e| e > start).max()
}
