//! `tagmark`: convert and lint span-annotated text from the command line.
//! Arguments and I/O only; everything else is in `tagmark-core`.

mod args;

use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use args::{Command, ConvertArgs, LintArgs, StatsArgs};
use tagmark_core::checks::{self, Check, CheckOptions, Severity};
use tagmark_core::format::{
    self, Format, InputFile, ReadOptions, StreamWriter, Warning, WriteOptions,
};
use tagmark_core::input::{self, MAX_INPUT_BYTES};
use tagmark_core::inventory::{status_from_meta, Inventory, Source};
use tagmark_core::labels::LabelSet;
use tagmark_core::source_map::SourceMap;
use tagmark_core::{OffsetMap, OffsetUnit};

/// Exit statuses.
const OK: u8 = 0;
const DATA_ERRORS: u8 = 1;
const USAGE_OR_IO: u8 = 2;

fn main() -> ExitCode {
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let code = match args::parse(&argv) {
        Ok(Command::Help(text)) => {
            print!("{text}");
            OK
        }
        Ok(Command::Version) => {
            println!("tagmark {}", env!("CARGO_PKG_VERSION"));
            OK
        }
        Ok(Command::Convert(c)) => convert(c),
        Ok(Command::Lint(l)) => lint(l),
        Ok(Command::Stats(s)) => stats(s),
        Err(message) => {
            eprintln!("tagmark: error: {message}");
            eprintln!("Try `tagmark --help`.");
            USAGE_OR_IO
        }
    };
    ExitCode::from(code)
}

/// Reads a file, or standard input for `-`, as UTF-8 text of at most `limit` bytes.
fn read_text(path: &str, limit: u64) -> Result<String, String> {
    let name = display_name(path);
    let bytes = if path == "-" {
        input::read_limited(name, io::stdin().lock(), limit)
            .map_err(|e| format!("cannot read standard input: {e}"))?
    } else {
        let file = std::fs::File::open(path).map_err(|e| format!("cannot read `{path}`: {e}"))?;
        // A regular file says its size; a device or pipe (`/dev/zero`) is cut off at the limit.
        if let Ok(m) = file.metadata() {
            if m.is_file() {
                input::check_size(name, m.len(), limit).map_err(|e| e.to_string())?;
            }
        }
        input::read_limited(name, file, limit).map_err(|e| format!("cannot read `{path}`: {e}"))?
    };
    let bytes = bytes.map_err(|e| e.to_string())?;
    input::decode(name, bytes).map_err(|e| e.to_string())
}

fn display_name(path: &str) -> &str {
    if path == "-" {
        "<stdin>"
    } else {
        path
    }
}

fn has_ext(path: &str, ext: &str) -> bool {
    Path::new(path)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The input paths, with each brat file's partner added when it is beside it.
fn with_brat_partners(files: &[String], from: Option<Format>) -> Vec<String> {
    let mut out: Vec<String> = files.to_vec();
    if !matches!(from, None | Some(Format::Brat)) {
        return out;
    }
    for f in files {
        let partner = if has_ext(f, "ann") {
            Some(format::partner_name(f, "txt"))
        } else if has_ext(f, "txt") {
            Some(format::partner_name(f, "ann"))
        } else {
            None
        };
        if let Some(p) = partner {
            if !out.contains(&p) && Path::new(&p).is_file() {
                out.push(p);
            }
        }
    }
    out
}

/// The exit status of a command: 2 when a file could not be read or written,
/// else 1 when the input has errors, else 0.
fn exit_status(io_failed: bool, data_errors: bool) -> u8 {
    if io_failed {
        USAGE_OR_IO
    } else if data_errors {
        DATA_ERRORS
    } else {
        OK
    }
}

fn print_warnings(warnings: &[Warning]) {
    for w in warnings {
        eprintln!("{}: warning: {}", w.location, w.message);
    }
}

/// Reads every input (with brat partners) in `from` or the detected format, saying
/// on stderr which format was detected (unless `quiet`), every error with its file,
/// line and column, and every warning. Returns what was read, and whether an input
/// could not be read at all.
fn read_inputs(
    files: &[String],
    from: Option<Format>,
    in_offsets: Option<tagmark_core::OffsetUnit>,
    max_size: Option<u64>,
    quiet: bool,
) -> (format::Read, bool) {
    let mut inputs = Vec::new();
    let mut io_failed = false;
    for path in with_brat_partners(files, from) {
        match read_text(&path, max_size.unwrap_or(MAX_INPUT_BYTES)) {
            Ok(content) => inputs.push(InputFile::new(display_name(&path), content)),
            Err(message) => {
                eprintln!("tagmark: error: {message}");
                io_failed = true;
            }
        }
    }
    let all = format::read_files(
        &inputs,
        from,
        &ReadOptions {
            offsets: in_offsets,
        },
    );
    drop(inputs);
    if from.is_none() && !quiet {
        for (name, d) in &all.detections {
            eprintln!("tagmark: reading {name} as {}: {}", d.format, d.reason);
        }
    }
    let read = all.read;
    for e in &read.errors {
        let mut at = e.file.clone();
        if let Some(l) = e.line {
            at.push_str(&format!(":{l}"));
            if let Some(col) = e.column {
                at.push_str(&format!(":{col}"));
            }
        }
        eprintln!("{at}: error: {}", e.kind);
    }
    print_warnings(&read.warnings);
    (read, io_failed)
}

/// Standard input may be named only once among the inputs.
fn stdin_once(files: &[String]) -> bool {
    if files.iter().filter(|f| *f == "-").count() > 1 {
        eprintln!("tagmark: error: standard input (`-`) can be read only once");
        return false;
    }
    true
}

fn convert(c: ConvertArgs) -> u8 {
    let to = c.to.unwrap_or(Format::Doccano);
    let files = if c.files.is_empty() {
        vec!["-".to_string()]
    } else {
        c.files.clone()
    };
    if !stdin_once(&files) {
        return USAGE_OR_IO;
    }
    if to.one_file_per_document() && c.output.is_none() && to == Format::Brat {
        eprintln!(
            "tagmark: error: brat writes two files per document: name a folder with `-o DIR`"
        );
        return USAGE_OR_IO;
    }
    let (read, io_failed) = read_inputs(&files, c.from, c.in_offsets, c.max_size, c.quiet);
    if !read.errors.is_empty() {
        eprintln!(
            "tagmark: {} error(s) in the input; {} document(s) read and converted without what failed",
            read.errors.len(),
            read.docs.len()
        );
    }
    let opts = WriteOptions {
        offsets: c.offsets,
        scheme: c.scheme,
    };
    let mut warnings = Vec::new();
    let written = if to.one_file_per_document() {
        write_files(to, &read.docs, &opts, c.output.as_deref(), &mut warnings)
    } else {
        write_stream(
            to,
            &read.docs,
            &opts,
            c.output.as_deref(),
            &files,
            &mut warnings,
        )
    };
    print_warnings(&warnings);
    let span_warnings = warnings.iter().filter(|w| w.span.is_some()).count();
    if !warnings.is_empty() {
        eprintln!(
            "tagmark: {} warning(s) writing {to}, {span_warnings} of them about spans it cannot hold as they are (listed above)",
            warnings.len()
        );
    }
    if let Err(message) = written {
        if !message.is_empty() {
            eprintln!("tagmark: error: {message}");
        }
        return USAGE_OR_IO;
    }
    exit_status(io_failed, !read.errors.is_empty())
}

/// Maps a write error to a message ("" for a closed pipe: stop quietly).
fn write_error(target: &str, e: io::Error) -> String {
    if e.kind() == io::ErrorKind::BrokenPipe {
        String::new()
    } else {
        format!("cannot write {target}: {e}")
    }
}

fn write_stream(
    to: Format,
    docs: &[format::NamedDocument],
    opts: &WriteOptions,
    output: Option<&str>,
    files: &[String],
    warnings: &mut Vec<Warning>,
) -> Result<(), String> {
    let (mut sink, target): (Box<dyn Write>, String) = match output {
        None | Some("-") => (
            Box::new(BufWriter::with_capacity(1 << 16, io::stdout().lock())),
            "standard output".into(),
        ),
        Some(path) => {
            let mut p = PathBuf::from(path);
            if p.is_dir() {
                let stem = files
                    .first()
                    .map_or("stdin".to_string(), |f| format::file_stem(display_name(f)));
                p = p.join(format!("{stem}.{}", to.extension()));
            }
            let file = std::fs::File::create(&p)
                .map_err(|e| format!("cannot create `{}`: {e}", p.display()))?;
            (
                Box::new(BufWriter::with_capacity(1 << 16, file)),
                format!("`{}`", p.display()),
            )
        }
    };
    let mut writer = StreamWriter::new(to, *opts);
    let mut buf = String::with_capacity(1 << 20);
    writer.begin(&mut buf);
    for doc in docs {
        writer.document(doc, &mut buf, warnings);
        if buf.len() >= 1 << 20 {
            sink.write_all(buf.as_bytes())
                .map_err(|e| write_error(&target, e))?;
            buf.clear();
        }
    }
    writer.finish(&mut buf);
    sink.write_all(buf.as_bytes())
        .map_err(|e| write_error(&target, e))?;
    sink.flush().map_err(|e| write_error(&target, e))
}

fn write_files(
    to: Format,
    docs: &[format::NamedDocument],
    opts: &WriteOptions,
    output: Option<&str>,
    warnings: &mut Vec<Warning>,
) -> Result<(), String> {
    let Some(dir) = output.filter(|o| *o != "-") else {
        // Only a single inline document may go to standard output.
        if docs.len() == 1 {
            let text = format::inline::write_document(&docs[0], warnings);
            let mut out = io::stdout().lock();
            return out
                .write_all(text.as_bytes())
                .and_then(|_| out.flush())
                .map_err(|e| write_error("standard output", e));
        }
        return Err(format!(
            "{to} writes one file per document and there are {}: name a folder with `-o DIR`",
            docs.len()
        ));
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)
        .map_err(|e| format!("cannot create the folder `{}`: {e}", dir.display()))?;
    let write = |name: String, content: &str| -> Result<(), String> {
        let p = dir.join(name);
        std::fs::write(&p, content).map_err(|e| format!("cannot write `{}`: {e}", p.display()))
    };
    for (name, doc) in format::file_names(docs).into_iter().zip(docs) {
        match to {
            Format::Brat => {
                write(format!("{name}.txt"), &doc.document.text)?;
                write(
                    format!("{name}.ann"),
                    &format::brat::write_ann(doc, opts, warnings),
                )?;
            }
            _ => write(
                format!("{name}.txt"),
                &format::inline::write_document(doc, warnings),
            )?,
        }
    }
    Ok(())
}

/// One line of `tagmark lint` output, before it is printed.
struct LintLine {
    line: usize,
    column: usize,
    severity: Severity,
    /// `None` for a syntax error.
    check: Option<Check>,
    message: String,
    /// Code points of the document text (check problems only).
    range: Option<(usize, usize)>,
    fix: Option<String>,
}

impl LintLine {
    fn text(&self, path: &str) -> String {
        match self.check {
            None => format!(
                "{path}:{}:{}: {}: {}\n",
                self.line, self.column, self.severity, self.message
            ),
            Some(c) => format!(
                "{path}:{}:{}: {}: {} [{c}]\n",
                self.line, self.column, self.severity, self.message
            ),
        }
    }

    fn json(&self, path: &str) -> String {
        let mut v = serde_json::json!({
            "path": path,
            "line": self.line,
            "column": self.column,
            "severity": self.severity.name(),
            "check": self.check.map_or("syntax", Check::name),
            "message": self.message,
        });
        if let Some((start, end)) = self.range {
            v["start"] = start.into();
            v["end"] = end.into();
        }
        if let Some(fix) = &self.fix {
            v["fix"] = fix.as_str().into();
        }
        format!("{v}\n")
    }
}

fn lint(l: LintArgs) -> u8 {
    let limit = l.max_size.unwrap_or(MAX_INPUT_BYTES);
    let files = if l.files.is_empty() {
        vec!["-".to_string()]
    } else {
        l.files.clone()
    };
    let labels = match &l.labels {
        None => None,
        Some(path) => match read_text(path, limit)
            .and_then(|t| LabelSet::from_json(&t).map_err(|e| format!("`{path}`: {e}")))
        {
            Ok(set) => Some(set),
            Err(message) => {
                eprintln!("tagmark: error: --labels: {message}");
                return USAGE_OR_IO;
            }
        },
    };
    let mut io_failed = false;
    // Every file is read first: repeats and conflicts are checked across all of them.
    let mut read: Vec<(&str, String, tagmark_core::Parsed)> = Vec::new();
    for path in &files {
        match read_text(path, limit) {
            Ok(text) => {
                // A byte order mark is a character of the text (it does not move columns of later lines).
                let parsed = tagmark_core::parse(&text);
                read.push((path, text, parsed));
            }
            Err(message) => {
                eprintln!("tagmark: error: {message}");
                io_failed = true;
            }
        }
    }
    let docs: Vec<&tagmark_core::Document> = read.iter().map(|(_, _, p)| &p.document).collect();
    let problems = checks::run(
        &docs,
        &CheckOptions {
            checks: l.checks,
            labels: labels.as_ref(),
            focus: None,
            range: None,
            tagged: None,
        },
    );
    let mut by_doc: Vec<Vec<&checks::Problem>> = vec![Vec::new(); read.len()];
    for p in &problems {
        by_doc[p.doc].push(p);
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let (mut errors, mut warnings, mut infos, mut dirty) = (0usize, 0usize, 0usize, 0usize);
    for ((path, source, parsed), found) in read.iter().zip(by_doc) {
        let mut lines: Vec<LintLine> = parsed
            .diagnostics
            .iter()
            .map(|d| LintLine {
                line: d.at.line,
                column: d.at.column,
                severity: Severity::Error,
                check: None,
                message: d.message(),
                range: None,
                fix: None,
            })
            .collect();
        if !found.is_empty() {
            let map = SourceMap::new(source, parsed);
            let offsets = OffsetMap::new(&parsed.document.text);
            let cp = |b: usize| offsets.from_byte(b, OffsetUnit::Codepoints).unwrap_or(b);
            for p in found {
                let at = map.line_col(p.range.start);
                lines.push(LintLine {
                    line: at.line,
                    column: at.column,
                    severity: p.severity,
                    check: Some(p.check),
                    message: p.message.clone(),
                    range: Some((cp(p.range.start), cp(p.range.end))),
                    fix: p.fix.as_ref().map(|f| f.title.clone()),
                });
            }
        }
        lines.sort_by_key(|l| (l.line, l.column));
        let file_errors = lines
            .iter()
            .filter(|l| l.severity == Severity::Error)
            .count();
        errors += file_errors;
        dirty += usize::from(file_errors > 0);
        warnings += lines
            .iter()
            .filter(|l| l.severity == Severity::Warning)
            .count();
        infos += lines
            .iter()
            .filter(|l| l.severity == Severity::Info)
            .count();
        let name = display_name(path);
        for line in &lines {
            let text = if l.json {
                line.json(name)
            } else {
                line.text(name)
            };
            if let Err(e) = out.write_all(text.as_bytes()) {
                let m = write_error("standard output", e);
                if !m.is_empty() {
                    eprintln!("tagmark: error: {m}");
                }
                return USAGE_OR_IO;
            }
        }
    }
    if out.flush().is_err() {
        return USAGE_OR_IO;
    }
    if errors + warnings + infos > 0 {
        eprintln!(
            "tagmark: {errors} error(s) in {dirty} of {} file(s); {warnings} warning(s), {infos} info",
            files.len()
        );
    }
    exit_status(io_failed, errors > 0)
}

/// `tagmark stats`: the inventory of every document read, as a table or JSON.
fn stats(s: StatsArgs) -> u8 {
    let files = if s.files.is_empty() {
        vec!["-".to_string()]
    } else {
        s.files.clone()
    };
    if !stdin_once(&files) {
        return USAGE_OR_IO;
    }
    let (read, io_failed) = read_inputs(&files, s.from, s.in_offsets, s.max_size, s.quiet);
    if !read.errors.is_empty() {
        eprintln!(
            "tagmark: {} error(s) in the input; the figures count the {} document(s) read, without what failed",
            read.errors.len(),
            read.docs.len()
        );
    }
    let sources: Vec<Source> = read
        .docs
        .iter()
        .map(|d| Source {
            name: &d.name,
            document: &d.document,
            status: status_from_meta(&d.meta).unwrap_or_default(),
        })
        .collect();
    let inventory = Inventory::build(sources.iter().copied());
    let text = if s.json {
        let mut t = inventory.to_json(&sources).to_string();
        t.push('\n');
        t
    } else {
        if !s.all
            && inventory
                .labels
                .iter()
                .any(|l| l.strings.len() > STRINGS_SHOWN)
        {
            eprintln!("tagmark: the table lists the {STRINGS_SHOWN} most frequent strings of each label; `--all` lists every one");
        }
        inventory.to_table(if s.all { None } else { Some(STRINGS_SHOWN) })
    };
    let mut out = io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        let m = write_error("standard output", e);
        if !m.is_empty() {
            eprintln!("tagmark: error: {m}");
        }
        return USAGE_OR_IO;
    }
    exit_status(io_failed, !read.errors.is_empty())
}

/// Strings listed per label in the table without `--all`.
const STRINGS_SHOWN: usize = 10;
