//! An export, written in memory by the core: which documents ([`ExportScope`],
//! chosen by the core), in which format, and what the download or the clipboard
//! gets. No view here; the dialog is `export_dialog.rs`.

use tagmark_core::corpus::{Corpus, ExportScope};
use tagmark_core::format::{self, Format, Output, Warning, WriteOptions};

/// An export, written.
#[derive(Clone, Debug, PartialEq)]
pub struct Built {
    /// The format written.
    pub format: Format,
    /// Documents written.
    pub docs: usize,
    /// The download's file name.
    pub file_name: String,
    /// What the core wrote.
    pub output: Output,
    /// What the format could not hold.
    pub warnings: Vec<Warning>,
}

impl Built {
    /// The download: MIME type and bytes (several files become a stored ZIP).
    pub fn payload(&self) -> Result<(&'static str, Vec<u8>), String> {
        match &self.output {
            Output::Text(text) => Ok((mime(self.format), text.as_bytes().to_vec())),
            Output::Files(files) if files.len() == 1 => Ok((
                "text/plain;charset=utf-8",
                files[0].content.as_bytes().to_vec(),
            )),
            Output::Files(files) => format::zip::zip(files)
                .map(|bytes| ("application/zip", bytes))
                .ok_or_else(|| "too many or too large files for a ZIP archive".to_string()),
        }
    }

    /// The text to copy: the export itself, or for brat the `.ann` files (the text stays in the download).
    pub fn copy_text(&self) -> String {
        match &self.output {
            Output::Text(text) => text.clone(),
            Output::Files(files) if self.format == Format::Brat => files
                .iter()
                .filter(|f| f.name.ends_with(".ann"))
                .map(|f| f.content.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
            Output::Files(files) => files
                .iter()
                .map(|f| f.content.as_str())
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    /// Bytes of output, for the summary.
    pub fn size(&self) -> usize {
        match &self.output {
            Output::Text(t) => t.len(),
            Output::Files(files) => files.iter().map(|f| f.content.len()).sum(),
        }
    }
}

fn mime(f: Format) -> &'static str {
    match f.mime_type() {
        "application/json" => "application/json;charset=utf-8",
        "application/x-ndjson" => "application/x-ndjson;charset=utf-8",
        _ => "text/plain;charset=utf-8",
    }
}

/// Writes the documents of `scope` (as the core names them, with their statuses) in `format`.
pub fn build(corpus: &Corpus, scope: ExportScope, format: Format, opts: WriteOptions) -> Built {
    let docs = corpus.export_documents(scope);
    let written = format::write(format, &docs, &opts);
    let base = corpus.export_name(scope);
    let file_name = match &written.output {
        Output::Text(_) => format!("{base}.{}", format.extension()),
        Output::Files(files) if files.len() == 1 => files[0].name.clone(),
        Output::Files(_) => format!("{base}-{}.zip", format.name()),
    };
    Built {
        format,
        docs: docs.len(),
        file_name,
        output: written.output,
        warnings: written.warnings,
    }
}
