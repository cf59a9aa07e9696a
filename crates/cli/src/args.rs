//! Command-line arguments: a small hand-rolled parser (no dependencies).

use tagmark_core::format::{ConllScheme, Format};
use tagmark_core::OffsetUnit;

pub const HELP: &str = "\
tagmark: convert, lint and count span-annotated text (inline <label>…</label> seeds and the
formats of doccano, Prodigy, spaCy, Label Studio, brat and CoNLL).

USAGE:
    tagmark convert [OPTIONS] [FILE...]
    tagmark lint [FILE...]
    tagmark stats [--format table|json] [FILE...]
    tagmark help [convert|lint|stats]

With no FILE (or with `-`), input is read from standard input.
Data goes to standard output; messages go to standard error.

COMMANDS:
    convert    Read documents in one format and write them in another.
    lint       Check inline-tagged files and print every problem as
               `path:line:col: error: message`.
    stats      Count the corpus: documents per status, spans per label, each
               label's strings with counts, strings tagged with more than one label.

EXIT STATUS:
    0  success
    1  lint found errors, or convert or stats found errors in its input (what
       could be read is still converted or counted)
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
tagmark lint: check inline-tagged files.

USAGE:
    tagmark lint [--max-size SIZE] [FILE...]

Prints one line per problem on stdout, like a compiler:
    path:line:col: error: message
(line and column are 1-based; columns count characters; standard input is shown
as `<stdin>`), then a count on stderr.

Problems: an unclosed <tag>, a stray </tag>, a mismatched close, crossing tags,
an empty span <x></x>. A `<` that does not begin a tag (`a < b`, `3<4`) is text.

A file larger than SIZE (default 256M; bytes, or with K, M or G) is refused,
and so is a file that is not UTF-8 (the error gives the line and column).

Exit status: 0 when every file is clean, 1 when any has a problem, 2 for a usage
error or a file that cannot be read.
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
#[derive(Debug, Default, PartialEq, Eq)]
pub struct LintArgs {
    /// The largest input taken in, in bytes (`None`: the default).
    pub max_size: Option<u64>,
    pub files: Vec<String>,
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
    tagmark_core::input::parse_size(v)
        .ok_or_else(|| format!("{flag}: `{v}` is not a size; give bytes, or a number with K, M or G (e.g. 512M)"))
}

fn format_value(flag: &str, v: &str) -> Result<Format, String> {
    Format::from_name(v).ok_or_else(|| {
        format!("{flag}: unknown format `{v}`; use one of {}", Format::ALL.map(Format::name).join(", "))
    })
}

fn unit_value(flag: &str, v: &str) -> Result<OffsetUnit, String> {
    OffsetUnit::from_name(v).ok_or_else(|| format!("{flag}: unknown offset unit `{v}`; use codepoints, utf16 or bytes"))
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
            Some(other) => Err(format!("no help for `{other}`: the commands are convert, lint and stats")),
        },
        "convert" => parse_convert(rest),
        "lint" => {
            let mut lint = LintArgs::default();
            let mut options = true;
            let mut args = rest.iter();
            while let Some(a) = args.next() {
                match a.as_str() {
                    "-h" | "--help" if options => return Ok(Command::Help(LINT_HELP)),
                    "--" if options => options = false,
                    "--max-size" if options => {
                        let v = args.next().ok_or("lint: `--max-size` needs a value")?;
                        lint.max_size = Some(size_value("--max-size", v)?);
                    }
                    s if options && s.starts_with("--max-size=") => {
                        lint.max_size = Some(size_value("--max-size", &s["--max-size=".len()..])?);
                    }
                    s if options && s.starts_with('-') && s != "-" => {
                        return Err(format!("lint: unknown option `{s}`"))
                    }
                    _ => lint.files.push(a.clone()),
                }
            }
            Ok(Command::Lint(lint))
        }
        "stats" => parse_stats(rest),
        other => Err(format!("unknown command `{other}`: the commands are convert, lint and stats")),
    }
}

fn parse_convert(args: &[String]) -> Result<Command, String> {
    let mut c = ConvertArgs::default();
    let mut i = 0;
    let mut options = true;
    while i < args.len() {
        let arg = &args[i];
        i += 1;
        if !options || arg == "-" || !arg.starts_with('-') {
            c.files.push(arg.clone());
            continue;
        }
        if arg == "--" {
            options = false;
            continue;
        }
        // `--flag=value` or `--flag value`.
        let (flag, inline_value) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_string())),
            _ => (arg.as_str(), None),
        };
        let takes_value = matches!(
            flag,
            "-f" | "--from"
                | "-t"
                | "--to"
                | "--offsets"
                | "--in-offsets"
                | "--scheme"
                | "-o"
                | "--output"
                | "--max-size"
        );
        let value = if takes_value {
            match inline_value {
                Some(v) => v,
                None => {
                    let v = args.get(i).cloned().ok_or_else(|| format!("convert: `{flag}` needs a value"))?;
                    i += 1;
                    v
                }
            }
        } else {
            if inline_value.is_some() {
                return Err(format!("convert: `{flag}` takes no value"));
            }
            String::new()
        };
        match flag {
            "-h" | "--help" => return Ok(Command::Help(CONVERT_HELP)),
            "-q" | "--quiet" => c.quiet = true,
            "-f" | "--from" => c.from = Some(format_value(flag, &value)?),
            "-t" | "--to" => c.to = Some(format_value(flag, &value)?),
            "--offsets" => c.offsets = Some(unit_value(flag, &value)?),
            "--in-offsets" => c.in_offsets = Some(unit_value(flag, &value)?),
            "--scheme" => {
                c.scheme = ConllScheme::from_name(&value)
                    .ok_or_else(|| format!("--scheme: unknown scheme `{value}`; use iob2, bilou or iobes"))?
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
    let mut options = true;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        if !options || arg == "-" || !arg.starts_with('-') {
            s.files.push(arg.clone());
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
        let takes_value = matches!(flag, "-f" | "--from" | "--in-offsets" | "--format" | "--max-size");
        let value = match (takes_value, inline_value) {
            (true, Some(v)) => v,
            (true, None) => args.next().cloned().ok_or_else(|| format!("stats: `{flag}` needs a value"))?,
            (false, Some(_)) => return Err(format!("stats: `{flag}` takes no value")),
            (false, None) => String::new(),
        };
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
                    other => return Err(format!("--format: unknown output `{other}`; use table or json")),
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
        let Ok(Command::Convert(c)) = parse(&args("convert --from inline --to=conll --scheme bilou -o out a.txt - b.txt")) else {
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
        assert!(parse(&args("convert --to nope")).unwrap_err().contains("unknown format `nope`"));
        assert!(parse(&args("convert --offsets")).unwrap_err().contains("needs a value"));
        assert!(parse(&args("frobnicate")).is_err());
        assert_eq!(parse(&args("help lint")), Ok(Command::Help(LINT_HELP)));
        assert_eq!(parse(&args("convert --help")), Ok(Command::Help(CONVERT_HELP)));
        assert!(parse(&args("lint --max-size lots a.txt")).unwrap_err().contains("`lots` is not a size"));
    }

    #[test]
    fn parses_stats() {
        let Ok(Command::Stats(s)) = parse(&args("stats --format json --from=doccano --all a.jsonl - b.jsonl")) else {
            panic!()
        };
        assert!(s.json && s.all && !s.quiet);
        assert_eq!(s.from, Some(Format::Doccano));
        assert_eq!(s.files, ["a.jsonl", "-", "b.jsonl"]);
        assert_eq!(parse(&args("help stats")), Ok(Command::Help(STATS_HELP)));
        assert!(parse(&args("stats --format xml a")).unwrap_err().contains("unknown output `xml`"));
        assert!(parse(&args("stats --format")).unwrap_err().contains("`--format` needs a value"));
        assert!(parse(&args("stats --all=yes")).unwrap_err().contains("takes no value"));
        assert!(parse(&args("stats --bogus")).unwrap_err().contains("unknown option `--bogus`"));
    }

    #[test]
    fn parses_max_size() {
        let Ok(Command::Convert(c)) = parse(&args("convert --max-size 2M a.txt")) else { panic!() };
        assert_eq!(c.max_size, Some(2 << 20));
        let Ok(Command::Lint(l)) = parse(&args("lint --max-size=10K a.txt -")) else { panic!() };
        assert_eq!(l, LintArgs { max_size: Some(10 << 10), files: vec!["a.txt".into(), "-".into()] });
    }
}
