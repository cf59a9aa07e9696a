//! Importing: files (picker, drag-and-drop) or pasted text, in any format the
//! core reads, into the corpus. The format is detected by the core from the
//! name and content unless one is given; what was chosen, and every problem
//! (file, line, what is wrong), is reported. Whatever could be read is kept.
//!
//! The app keeps each document as an inline source: an inline file is opened
//! verbatim (so its own problems show as diagnostics, as when typed); any other
//! format is read into documents and written as inline tags, and spans inline
//! tags cannot hold (crossing pairs) are reported as left out. What the format
//! said beyond text and spans (record ids, `meta`, brat relation/attribute/note
//! lines, Label Studio's other results, …) is kept with the document
//! ([`tagmark_core::format::Meta`]) for exports to give back.

use leptos::prelude::*;
use tagmark_core::corpus::{NewDocument, Status};
use tagmark_core::format::{
    self, detect, read_files, Format, InputFile, Meta, NamedDocument, ReadOptions,
};
use tagmark_core::input::{self, MAX_INPUT_BYTES};

use crate::state::{AppState, NoticeKind};
use crate::storage::{open_in_chunks, use_storage, Storage};

/// One line of an import report.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportLine {
    /// `info`, `warning` or `error` (also the CSS modifier).
    pub kind: &'static str,
    /// What to say.
    pub text: String,
}

/// The last import's problems and warnings, shown by [`super::ImportExport`] until
/// dismissed: a context provided by the app ([`provide_import_report`]).
#[derive(Clone, Copy)]
pub struct ImportReport(pub RwSignal<Vec<ReportLine>>);

/// Provides an empty [`ImportReport`] to the components under the caller.
pub fn provide_import_report() {
    provide_context(ImportReport(RwSignal::new(Vec::new())));
}

/// What an import needs, taken from the contexts when a component is set up: the
/// files are read later, outside any reactive owner, where contexts cannot be found.
#[derive(Clone, Copy)]
pub struct Importer {
    state: AppState,
    report: RwSignal<Vec<ReportLine>>,
    storage: Option<Storage>,
}

/// The [`Importer`] of the app the calling component is in.
pub fn use_importer() -> Importer {
    let report = use_context::<ImportReport>()
        .map(|r| r.0)
        .unwrap_or_else(|| RwSignal::new(Vec::new()));
    Importer {
        state: super::use_state(),
        report,
        storage: use_storage(),
    }
}

impl Importer {
    /// The last import's report.
    pub fn report(self) -> RwSignal<Vec<ReportLine>> {
        self.report
    }
}

/// Reads the files of a `FileList` (an `<input type=file>` or a drop) and imports them together.
pub fn import_file_list(importer: Importer, files: Option<web_sys::FileList>) {
    let Some(list) = files else { return };
    let files: Vec<web_sys::File> = (0..list.length()).filter_map(|i| list.get(i)).collect();
    import_files(importer, files);
}

/// Reads `files` (asynchronously) and imports them together, so brat `.txt`/`.ann` pairs meet.
pub fn import_files(importer: Importer, files: Vec<web_sys::File>) {
    if files.is_empty() {
        return;
    }
    // A file over the limit is not read at all (the tab could not hold it as
    // text): it is reported by name with the limit, and the others are imported.
    let mut unreadable = Vec::new();
    let files: Vec<web_sys::File> = files
        .into_iter()
        .filter(|file| match input::check_size(&file.name(), file.size() as u64, MAX_INPUT_BYTES) {
            Ok(()) => true,
            Err(e) => {
                unreadable.push(format!(
                    "{e}: a browser tab cannot hold a larger file. Split it, or convert it with the tagmark command-line tool."
                ));
                false
            }
        })
        .collect();
    leptos::task::spawn_local(async move {
        let mut inputs = Vec::with_capacity(files.len());
        let contents = crate::download::read_all(&files).await;
        for (file, content) in files.iter().zip(contents) {
            match content {
                Ok(bytes) => match input::decode(&file.name(), bytes) {
                    Ok(text) => inputs.push(InputFile::new(file.name(), text)),
                    Err(e) => unreadable.push(e.to_string()),
                },
                Err(e) => unreadable.push(format!("{}: cannot read it: {e}", file.name())),
            }
        }
        import_inputs(importer, inputs, None, unreadable);
    });
}

/// Imports `inputs`, each in `format` or in the format detected for it; `unreadable`
/// lists inputs that could not be read at all (reported with the rest).
pub fn import_inputs(
    importer: Importer,
    inputs: Vec<InputFile>,
    format: Option<Format>,
    unreadable: Vec<String>,
) {
    let state = importer.state;
    let outcome = read_inputs(&inputs, format);
    let mut errors = unreadable;
    errors.extend(outcome.errors);

    let start = state.corpus.with_value(|c| c.len());
    let count = outcome.docs.len();
    let statuses: Vec<Option<Status>> = outcome.docs.iter().map(|d| d.status).collect();
    let docs: Vec<NewDocument> = outcome
        .docs
        .into_iter()
        .map(|d| NewDocument {
            name: d.name,
            source_format: d.format.name().to_string(),
            source: d.source,
            meta: d.meta,
        })
        .collect();
    if statuses.iter().any(Option::is_some) {
        state.open_documents(docs);
    } else {
        // Many documents: the first is shown at once, the rest follow in chunks with a progress bar.
        match importer.storage {
            Some(storage) => open_in_chunks(storage, docs),
            None => state.open_documents(docs),
        }
    }
    if statuses.iter().any(Option::is_some) {
        state.update_corpus(|c| {
            for (i, status) in statuses.iter().enumerate() {
                if let Some(s) = status {
                    c.set_status(start + i, *s);
                }
            }
        });
    }

    let mut summary = match count {
        0 => "Nothing imported".to_string(),
        1 => "Imported 1 document".to_string(),
        n => format!("Imported {n} documents"),
    };
    if !outcome.chosen.is_empty() {
        summary.push_str(" — ");
        // Name the first few choices; the import report lists them all.
        const SHOWN: usize = 3;
        summary.push_str(&outcome.chosen[..outcome.chosen.len().min(SHOWN)].join("; "));
        if outcome.chosen.len() > SHOWN {
            summary.push_str(&format!("; and {} more", outcome.chosen.len() - SHOWN));
        }
    }
    let (kind, text) = if let Some(first) = errors.first() {
        let more = match errors.len() {
            1 => String::new(),
            n => format!(
                " (and {} more problem{}: see the import report)",
                n - 1,
                if n == 2 { "" } else { "s" }
            ),
        };
        (NoticeKind::Error, format!("{first}{more}. {summary}."))
    } else if !outcome.warnings.is_empty() {
        let n = outcome.warnings.len();
        (
            NoticeKind::Warning,
            format!(
                "{summary}. {n} warning{}: see the import report.",
                if n == 1 { "" } else { "s" }
            ),
        )
    } else {
        (NoticeKind::Info, format!("{summary}."))
    };
    state.notify(kind, text);

    let mut lines: Vec<ReportLine> = Vec::new();
    if !errors.is_empty() || !outcome.warnings.is_empty() {
        lines.push(ReportLine {
            kind: "info",
            text: format!("{summary}."),
        });
        lines.extend(errors.into_iter().map(|text| ReportLine {
            kind: "error",
            text,
        }));
        lines.extend(outcome.warnings.into_iter().map(|text| ReportLine {
            kind: "warning",
            text,
        }));
    }
    importer.report.set(lines);
}

/// A document ready for the corpus.
struct Imported {
    name: String,
    format: Format,
    source: String,
    /// What the format said beyond text and spans (empty for inline files).
    meta: Meta,
    status: Option<Status>,
}

/// What reading a batch of inputs gave.
struct Outcome {
    docs: Vec<Imported>,
    /// For each input: `NAME as FORMAT (why)`.
    chosen: Vec<String>,
    errors: Vec<String>,
    warnings: Vec<String>,
}

/// Reads each input in order (a brat `.ann` with its `.txt` partner among the inputs).
fn read_inputs(inputs: &[InputFile], format: Option<Format>) -> Outcome {
    let mut out = Outcome {
        docs: Vec::new(),
        chosen: Vec::new(),
        errors: Vec::new(),
        warnings: Vec::new(),
    };
    // brat's pairing rule is the core's (format::brat_partner): a .txt with its .ann is read with it.
    let partner_ann = |txt: &InputFile| {
        txt.name.ends_with(".txt") && format::brat_partner(inputs, &txt.name).is_some()
    };
    let opts = ReadOptions::default();
    for input in inputs {
        let paired = partner_ann(input) && matches!(format, None | Some(Format::Brat));
        if paired {
            continue; // read with its .ann
        }
        let detection = match format {
            Some(f) => format::Detection {
                format: f,
                reason: "as chosen".to_string(),
            },
            None => detect(&input.name, &input.content),
        };
        if detection.format == Format::Inline {
            // Opened as it is: its problems show as diagnostics in the source pane.
            let content = &input.content; // a byte order mark is kept as a character
            out.chosen
                .push(format!("{} as inline ({})", input.name, detection.reason));
            out.docs.push(Imported {
                name: input.name.clone(),
                format: Format::Inline,
                source: content.to_string(),
                meta: Meta::default(),
                status: None,
            });
            continue;
        }
        // Let the core read it (and pair a brat .ann with its .txt).
        let mut batch = vec![input.clone()];
        if detection.format == Format::Brat && !input.name.ends_with(".txt") {
            batch.extend(format::brat_partner(inputs, &input.name).cloned());
        }
        let all = read_files(&batch, Some(detection.format), &opts);
        out.chosen.push(format!(
            "{} as {} ({})",
            input.name, detection.format, detection.reason
        ));
        out.errors
            .extend(all.read.errors.iter().map(ToString::to_string));
        out.warnings
            .extend(all.read.warnings.iter().map(ToString::to_string));
        for doc in all.read.docs {
            out.docs
                .push(to_inline(doc, detection.format, &mut out.warnings));
        }
    }
    out
}

/// The inline source of an imported document, reporting spans inline tags cannot hold.
fn to_inline(doc: NamedDocument, format: Format, warnings: &mut Vec<String>) -> Imported {
    let (source, unwritable) = tagmark_core::write_checked(&doc.document);
    warnings.extend(unwritable.iter().map(|u| format!("{}: {u}", doc.name)));
    // The rest of what the file said (ids, meta, other .ann lines, other results)
    // stays with the document in `meta` and goes back out on export.
    let status = tagmark_core::inventory::status_from_meta(&doc.meta);
    let format = doc.meta.source.unwrap_or(format);
    Imported {
        name: doc.name,
        format,
        source,
        meta: doc.meta,
        status,
    }
}
