//! Command-line arguments: a small hand-rolled parser (no dependencies).

use tagmark_core::checks::{self, Check};
use tagmark_core::format::{ConllScheme, Format};
use tagmark_core::OffsetUnit;

pub const HELP: &str = "\
tagmark: convert, lint and count span-annotated text (inline <label>…</label> seeds and the
formats of doccano, Prodigy, spaCy, Label Studio, brat and CoNLL).

USAGE:
    tagmark convert [OPTIONS] [FILE...]
    tagmark lint [--checks A,B] [--skip A,B] [--format text|json] [FILE...]
    tagmark stats [--format table|json] [FILE...]
    tagmark help [convert|lint|stats]

With no FILE (or with `-`), input is read from standard input.
Data goes to standard output; messages go to standard error.

COMMANDS:
    convert    Read documents in one format and write them in another.
    lint       Check inline-tagged files (syntax, and consistency across all the
               files given) and print every problem as
               `path:line:col: severity: message [check]`.
    stats      Count the corpus: documents per status, spans per label, each
               label's strings with counts, strings tagged with more than one label.

EXIT STATUS:
    0  success
    1  lint found errors (warnings alone exit 0), or convert or stats found
       errors in its input (what could be read is still converted or counted)
    2  usage error, or a file could not be read or written

Run `tagmark help convert`, `tagmark help lint` or `tagmark help stats` for details.
";

pub const CONVERT_HELP: &str = "\
tagmark convert: read documents in one format and write them in another.

USAGE:
    tagmark convert [--from FMT] [--to FMT] [--offsets UNIT] [--scheme SCHEME] [-o PATH] [FILE...]

OPTIONS:
    -f, --from FMT         Input format. Default: detected per file from its name and
                           content; the choice and the reason are shown on stderr.
    -t, --to FMT           Output format. Default: doccano.
        --offsets UNIT     Offsets written: codepoints, utf16 or bytes. Default: the
                           unit of the tool that owns the output format (see
                           OFFSETS). JSON outputs record a unit other than their
                           format's default in their metadata
                           (\"meta\": {\"offsets\": \"bytes\"}).
        --in-offsets UNIT  Offsets of inputs that do not record their unit.
                           Default: the input format's unit (see OFFSETS). brat
                           and JSON files without a `meta.offsets` field are read
                           in this unit.
        --scheme SCHEME    CoNLL tags: iob2 (default), bilou or iobes.
    -o, --output PATH      A file for JSON and CoNLL output (default: stdout), a
                           folder for brat and inline (one file per document).
    -q, --quiet            Do not say which format was detected.
        --max-size SIZE    Refuse an input larger than SIZE (bytes, or with K, M
                           or G: 512M, 2G). Default: 256M. A larger input is an
                           error naming the file and the limit.
    -h, --help             This help.

FORMATS:
    inline         <label>…</label> tags in the text (tagmark's seed format); one
                   document a file. A single document may go to stdout.
    doccano        JSONL: {\"text\": …, \"label\": [[start, end, \"LABEL\"], …]}; reads
                   the `entities` variant too.
    prodigy        JSONL with text, tokens, spans (token_end inclusive), answer, meta.
    spacy          JSONL: {\"text\": …, \"ents\": [{\"start\", \"end\", \"label\"}]}
                   (displaCy); reads v2 tuples [\"text\", {\"entities\": …}] too.
    label-studio   One JSON list of tasks (annotations; reads predictions and
                   JSON_MIN too).
    brat           Standoff NAME.txt + NAME.ann, one document a pair. Reading takes
                   either file and finds its partner; R/E/A/N/# lines are kept.
    conll          token<TAB>TAG lines, blank line between sentences, -DOCSTART-
                   between documents. Reads 2 to 4 columns, tabs or spaces.

OFFSETS (each format's default unit, its owner's):
    doccano        utf16       doccano's web app counts JavaScript (UTF-16) indices
    prodigy        codepoints  Python str indices, as spaCy counts
    spacy          codepoints
    label-studio   codepoints  Label Studio stores code points
    brat           codepoints  Python str indices into NAME.txt (CR LF counts 2)
    inline, conll  (no offsets in the file)

What the output format cannot hold (crossing spans in inline, nested or
unaligned spans in CoNLL, …) is reported on stderr by document and span, with a
count; nothing is dropped silently.

EXAMPLES:
    tagmark convert seed.txt                      # doccano JSONL on stdout
    tagmark convert --to prodigy -o out.jsonl *.txt
    tagmark convert --from prodigy --to brat -o brat/ tasks.jsonl
    tagmark convert --to conll --scheme bilou data.jsonl
    tagmark convert --to label-studio --offsets utf16 seed.txt > tasks.json
";

pub const LINT_HELP: &str = "\
tagmark lint: check inline-tagged files: their syntax, and the consistency of
their spans across all the files given.

USAGE:
    tagmark lint [--checks A,B] [--skip A,B] [--labels FILE] [--format text|json]
                 [--max-size SIZE] [FILE...]

Prints one line per problem on stdout, like a compiler:
    path:line:col: severity: message [check]
(line and column are 1-based, in the file as written; columns count characters;
standard input is shown as `<stdin>`), then a count on stderr. A syntax error
has no [check]: `path:line:col: error: message`.

Syntax errors: an unclosed <tag>, a stray </tag>, a mismatched close, crossing
tags, an empty span <x></x>. A `<` that does not begin a tag (`a < b`, `3<4`) is
text.

CHECKS (all run by default):
    untagged-repeat  warning  an untagged occurrence (whole words) of a string
                              tagged in any of the files
    label-conflict   warning  the same string tagged with different labels,
                              with counts (`Apple`: org ×12, fruit ×1)
    boundary         warning  a span that starts or ends inside a word, or on
                              whitespace or punctuation
    unknown-label    error    a label not in the label set (with --labels only)
    label-case       warning  labels that differ only in case
    duplicate        error    the same span (range and label) twice
    self-nested      info     a span inside another span of the same label

OPTIONS:
        --checks A,B     Run only these checks.
        --skip A,B       Run every check but these.
        --labels FILE    The label set (a JSON file, as the app exports it:
                         {\"labels\": [{\"name\": \"model\"}]}); enables unknown-label.
        --format FMT     text (default) or json: one JSON object a line with
                         path, line, column, severity, check, message, start and
                         end (code points of the text without tags), fix.
        --max-size SIZE  Refuse a file larger than SIZE (default 256M; bytes, or
                         with K, M or G).
    -h, --help           This help.

A file that is not UTF-8 is refused (the error gives the line and column).

Exit status: 0 when no problem is an error (warnings and infos alone exit 0), 1
when any is, 2 for a usage error (an unknown check name included) or a file
that cannot be read.
";

pub const STATS_HELP: &str = "\
tagmark stats: count a corpus.

USAGE:
    tagmark stats [--from FMT] [--in-offsets UNIT] [--format table|json] [--all] [FILE...]

Reads every FILE in any format `convert` reads (detected, or --from) and prints,
for all of them together: documents per review status (from `meta.status` or
Prodigy's `answer`; to do when a file says nothing), spans per label, each
label's distinct strings with their counts (most frequent first), and the
strings tagged with more than one label (`Apple: org ×12, fruit ×1`).

Strings are compared exactly, except that every run of whitespace (line breaks
included) counts as one space and whitespace at either end is ignored; case
matters (`Apple` and `apple` are two strings).

OPTIONS:
    -f, --from FMT         Input format (see `tagmark help convert`). Default: detected.
        --in-offsets UNIT  Offsets of inputs that do not record their unit.
        --format FORMAT    table (default): for people; json: one JSON object with
                           every string and where it occurs (document name and
                           code-point offsets).
        --all              In the table, list every string of each label (default:
                           the 10 most frequent).
    -q, --quiet            Do not say which format was detected.
        --max-size SIZE    Refuse an input larger than SIZE (default 256M).
    -h, --help             This help.

Errors in the input are reported on stderr with the file and line; what could be
read is still counted, and the exit status is 1. Exit status 2: a usage error or
a file that cannot be read.

EXAMPLES:
    tagmark stats seeds/*.txt
    tagmark stats --format json export.jsonl > inventory.json
";

/// What to do.
#[derive(Debug, PartialEq, Eq)]
pub enum Command {
    Help(&'static str),
    Version,
    Convert(ConvertArgs),
    Lint(LintArgs),
    Stats(StatsArgs),
}

/// `tagmark stats` options.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct StatsArgs {
    pub from: Option<Format>,
    /// `--in-offsets`; `None`: each input format's default unit.
    pub in_offsets: Option<OffsetUnit>,
    /// `--format json` (else a table).
    pub json: bool,
    /// `--all`: every string in the table.
    pub all: bool,
    pub quiet: bool,
    /// The largest input taken in, in bytes (`None`: the default).
    pub max_size: Option<u64>,
    pub files: Vec<String>,
}

/// `tagmark lint` options.
#[derive(Debug, PartialEq, Eq)]
pub struct LintArgs {
    /// The largest input taken in, in bytes (`None`: the default).
    pub max_size: Option<u64>,
    /// The checks to run (`--checks` minus `--skip`).
    pub checks: Vec<Check>,
    /// `--labels FILE`.
    pub labels: Option<String>,
    /// `--format json`.
    pub json: bool,
    pub files: Vec<String>,
}

impl Default for LintArgs {
    fn default() -> Self {
        LintArgs {
            max_size: None,
            checks: Check::ALL.to_vec(),
            labels: None,
            json: false,
            files: Vec::new(),
        }
    }
}

fn check_list(flag: &str, v: &str) -> Result<Vec<Check>, String> {
    checks::parse_check_list(v).map_err(|e| format!("{flag}: {e}"))
}

/// `tagmark convert` options.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct ConvertArgs {
    pub from: Option<Format>,
    pub to: Option<Format>,
    /// `--offsets`; `None`: the output format's default unit.
    pub offsets: Option<OffsetUnit>,
    /// `--in-offsets`; `None`: each input format's default unit.
    pub in_offsets: Option<OffsetUnit>,
    pub scheme: ConllScheme,
    pub output: Option<String>,
    pub quiet: bool,
    /// The largest input taken in, in bytes (`None`: the default).
    pub max_size: Option<u64>,
    pub files: Vec<String>,
}

fn size_value(flag: &str, v: &str) -> Result<u64, String> {
    tagmark_core::input::parse_size(v).ok_or_else(|| {
        format!("{flag}: `{v}` is not a size; give bytes, or a number with K, M or G (e.g. 512M)")
    })
}

fn format_value(flag: &str, v: &str) -> Result<Format, String> {
    Format::from_name(v).ok_or_else(|| {
        format!(
            "{flag}: unknown format `{v}`; use one of {}",
            Format::ALL.map(Format::name).join(", ")
        )
    })
}

fn unit_value(flag: &str, v: &str) -> Result<OffsetUnit, String> {
    OffsetUnit::from_name(v)
        .ok_or_else(|| format!("{flag}: unknown offset unit `{v}`; use codepoints, utf16 or bytes"))
}

/// Parses the arguments after the program name.
pub fn parse(args: &[String]) -> Result<Command, String> {
    let Some(first) = args.first() else {
        return Ok(Command::Help(HELP));
    };
    let rest = &args[1..];
    match first.as_str() {
        "-h" | "--help" => Ok(Command::Help(HELP)),
        "-V" | "--version" => Ok(Command::Version),
        "help" => match rest.first().map(String::as_str) {
            None => Ok(Command::Help(HELP)),
            Some("convert") => Ok(Command::Help(CONVERT_HELP)),
            Some("lint") => Ok(Command::Help(LINT_HELP)),
            Some("stats") => Ok(Command::Help(STATS_HELP)),
            Some(other) => Err(format!(
                "no help for `{other}`: the commands are convert, lint and stats"
            )),
        },
        "convert" => parse_convert(rest),
        "lint" => parse_lint(rest),
        "stats" => parse_stats(rest),
        other => Err(format!(
            "unknown command `{other}`: the commands are convert, lint and stats"
        )),
    }
}

/// One word after the command's name: a file, or an option with its value.
enum Word {
    /// A file to read (`-` is standard input).
    File(String),
    /// An option as written (`arg`, for errors), its name, and its value
    /// (empty for a switch).
    Option {
        arg: String,
        flag: String,
        value: String,
    },
}

/// Splits a command's words into files and options. `--flag=value` and
/// `--flag value` both give a value to a flag in `valued`; a flag in `switches`
/// takes none; after `--` every word is a file. Errors name the command.
fn words(
    command: &str,
    args: &[String],
    valued: &[&str],
    switches: &[&str],
) -> Result<Vec<Word>, String> {
    let mut out = Vec::new();
    let mut options = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if !options || arg == "-" || !arg.starts_with('-') {
            out.push(Word::File(arg.clone()));
            continue;
        }
        if arg == "--" {
            options = false;
            continue;
        }
        let (flag, inline_value) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let value = if valued.contains(&flag) {
            match inline_value {
                Some(v) => v,
                None => args
                    .next()
                    .cloned()
                    .ok_or_else(|| format!("{command}: `{flag}` needs a value"))?,
            }
        } else if switches.contains(&flag) || flag == "-h" || flag == "--help" {
            if inline_value.is_some() {
                return Err(format!("{command}: `{flag}` takes no value"));
            }
            String::new()
        } else {
            return Err(format!("{command}: unknown option `{arg}`"));
        };
        out.push(Word::Option {
            arg: arg.clone(),
            flag: flag.to_string(),
            value,
        });
    }
    Ok(out)
}

fn parse_lint(rest: &[String]) -> Result<Command, String> {
    let mut lint = LintArgs::default();
    let (mut only, mut skip) = (None::<Vec<Check>>, Vec::new());
    for word in words(
        "lint",
        rest,
        &["--max-size", "--checks", "--skip", "--labels", "--format"],
        &[],
    )? {
        let (arg, flag, value) = match word {
            Word::File(f) => {
                lint.files.push(f);
                continue;
            }
            Word::Option { arg, flag, value } => (arg, flag, value),
        };
        let flag = flag.as_str();
        match flag {
            "-h" | "--help" => return Ok(Command::Help(LINT_HELP)),
            "--max-size" => lint.max_size = Some(size_value(flag, &value)?),
            "--checks" => only = Some(check_list(flag, &value)?),
            "--skip" => skip.extend(check_list(flag, &value)?),
            "--labels" => lint.labels = Some(value),
            "--format" => {
                lint.json = match value.as_str() {
                    "json" => true,
                    "text" => false,
                    other => {
                        return Err(format!(
                            "--format: unknown format `{other}`; use text or json"
                        ))
                    }
                }
            }
            _ => return Err(format!("lint: unknown option `{arg}`")),
        }
    }
    if let Some(only) = only {
        lint.checks = Check::ALL
            .into_iter()
            .filter(|c| only.contains(c))
            .collect();
    }
    lint.checks.retain(|c| !skip.contains(c));
    Ok(Command::Lint(lint))
}

fn parse_convert(args: &[String]) -> Result<Command, String> {
    let mut c = ConvertArgs::default();
    let valued = [
        "-f",
        "--from",
        "-t",
        "--to",
        "--offsets",
        "--in-offsets",
        "--scheme",
        "-o",
        "--output",
        "--max-size",
    ];
    for word in words("convert", args, &valued, &["-q", "--quiet"])? {
        let (arg, flag, value) = match word {
            Word::File(f) => {
                c.files.push(f);
                continue;
            }
            Word::Option { arg, flag, value } => (arg, flag, value),
        };
        let flag = flag.as_str();
        match flag {
            "-h" | "--help" => return Ok(Command::Help(CONVERT_HELP)),
            "-q" | "--quiet" => c.quiet = true,
            "-f" | "--from" => c.from = Some(format_value(flag, &value)?),
            "-t" | "--to" => c.to = Some(format_value(flag, &value)?),
            "--offsets" => c.offsets = Some(unit_value(flag, &value)?),
            "--in-offsets" => c.in_offsets = Some(unit_value(flag, &value)?),
            "--scheme" => {
                c.scheme = ConllScheme::from_name(&value).ok_or_else(|| {
                    format!("--scheme: unknown scheme `{value}`; use iob2, bilou or iobes")
                })?
            }
            "-o" | "--output" => c.output = Some(value),
            "--max-size" => c.max_size = Some(size_value(flag, &value)?),
            _ => return Err(format!("convert: unknown option `{arg}`")),
        }
    }
    Ok(Command::Convert(c))
}

fn parse_stats(args: &[String]) -> Result<Command, String> {
    let mut s = StatsArgs::default();
    let valued = ["-f", "--from", "--in-offsets", "--format", "--max-size"];
    for word in words("stats", args, &valued, &["-q", "--quiet", "--all"])? {
        let (arg, flag, value) = match word {
            Word::File(f) => {
                s.files.push(f);
                continue;
            }
            Word::Option { arg, flag, value } => (arg, flag, value),
        };
        let flag = flag.as_str();
        match flag {
            "-h" | "--help" => return Ok(Command::Help(STATS_HELP)),
            "-q" | "--quiet" => s.quiet = true,
            "--all" => s.all = true,
            "-f" | "--from" => s.from = Some(format_value(flag, &value)?),
            "--in-offsets" => s.in_offsets = Some(unit_value(flag, &value)?),
            "--format" => {
                s.json = match value.as_str() {
                    "json" => true,
                    "table" => false,
                    other => {
                        return Err(format!(
                            "--format: unknown output `{other}`; use table or json"
                        ))
                    }
                }
            }
            "--max-size" => s.max_size = Some(size_value(flag, &value)?),
            _ => return Err(format!("stats: unknown option `{arg}`")),
        }
    }
    Ok(Command::Stats(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_convert() {
        let Ok(Command::Convert(c)) = parse(&args(
            "convert --from inline --to=conll --scheme bilou -o out a.txt - b.txt",
        )) else {
            panic!()
        };
        assert_eq!(c.from, Some(Format::Inline));
        assert_eq!(c.to, Some(Format::Conll));
        assert_eq!(c.scheme, ConllScheme::Bilou);
        assert_eq!(c.output.as_deref(), Some("out"));
        assert_eq!(c.files, ["a.txt", "-", "b.txt"]);
    }

    #[test]
    fn rejects_bad_usage() {
        assert!(parse(&args("convert --to nope"))
            .unwrap_err()
            .contains("unknown format `nope`"));
        assert!(parse(&args("convert --offsets"))
            .unwrap_err()
            .contains("needs a value"));
        assert!(parse(&args("frobnicate")).is_err());
        assert_eq!(parse(&args("help lint")), Ok(Command::Help(LINT_HELP)));
        assert_eq!(
            parse(&args("convert --help")),
            Ok(Command::Help(CONVERT_HELP))
        );
        assert!(parse(&args("lint --max-size lots a.txt"))
            .unwrap_err()
            .contains("`lots` is not a size"));
    }

    #[test]
    fn parses_lint_checks() {
        let Ok(Command::Lint(l)) = parse(&args(
            "lint --checks boundary,duplicate,label-case --skip=duplicate --format json a.txt",
        )) else {
            panic!()
        };
        assert_eq!(l.checks, [Check::Boundary, Check::LabelCase]);
        assert!(l.json);
        let Ok(Command::Lint(l)) = parse(&args("lint --skip untagged-repeat --labels set.json"))
        else {
            panic!()
        };
        assert_eq!(l.checks.len(), Check::ALL.len() - 1);
        assert_eq!(l.labels.as_deref(), Some("set.json"));
        assert!(parse(&args("lint --checks nope"))
            .unwrap_err()
            .contains("--checks: there is no check named `nope`"));
        assert!(parse(&args("lint --format xml"))
            .unwrap_err()
            .contains("unknown format `xml`"));
        assert!(parse(&args("lint --skip"))
            .unwrap_err()
            .contains("needs a value"));
    }

    #[test]
    fn parses_stats() {
        let Ok(Command::Stats(s)) = parse(&args(
            "stats --format json --from=doccano --all a.jsonl - b.jsonl",
        )) else {
            panic!()
        };
        assert!(s.json && s.all && !s.quiet);
        assert_eq!(s.from, Some(Format::Doccano));
        assert_eq!(s.files, ["a.jsonl", "-", "b.jsonl"]);
        assert_eq!(parse(&args("help stats")), Ok(Command::Help(STATS_HELP)));
        assert!(parse(&args("stats --format xml a"))
            .unwrap_err()
            .contains("unknown output `xml`"));
        assert!(parse(&args("stats --format"))
            .unwrap_err()
            .contains("`--format` needs a value"));
        assert!(parse(&args("stats --all=yes"))
            .unwrap_err()
            .contains("takes no value"));
        assert!(parse(&args("stats --bogus"))
            .unwrap_err()
            .contains("unknown option `--bogus`"));
    }

    #[test]
    fn parses_max_size() {
        let Ok(Command::Convert(c)) = parse(&args("convert --max-size 2M a.txt")) else {
            panic!()
        };
        assert_eq!(c.max_size, Some(2 << 20));
        let Ok(Command::Lint(l)) = parse(&args("lint --max-size=10K a.txt -")) else {
            panic!()
        };
        assert_eq!(
            l,
            LintArgs {
                max_size: Some(10 << 10),
                files: vec!["a.txt".into(), "-".into()],
                ..LintArgs::default()
            }
        );
    }
}
