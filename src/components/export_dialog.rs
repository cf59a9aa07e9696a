//! The export dialog: pick a format, the offset unit, the CoNLL scheme and which
//! documents; see what the format cannot hold; download a file or copy the text.
//! The export is written by the core in memory; nothing leaves the browser.

use std::sync::Arc;

use leptos::prelude::*;
use tagmark_core::corpus::{Corpus, ExportScope, Status};
use tagmark_core::format::{self, ConllScheme, Format, NamedDocument, Output, Warning, WriteOptions};
use tagmark_core::OffsetUnit;

use super::use_state;
use crate::state::NoticeKind;

/// Which documents to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// The document being edited.
    Current,
    /// Every document.
    All,
    /// Documents marked accepted.
    Accepted,
}

impl Scope {
    const ALL: [Scope; 3] = [Scope::Current, Scope::All, Scope::Accepted];

    fn id(self) -> &'static str {
        match self {
            Scope::Current => "current",
            Scope::All => "all",
            Scope::Accepted => "accepted",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Scope::Current => "current document",
            Scope::All => "whole corpus",
            Scope::Accepted => "accepted documents only",
        }
    }

    fn from_id(id: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|s| s.id() == id)
    }
}

/// A format's name in the menu.
fn format_label(f: Format) -> &'static str {
    match f {
        Format::Inline => "inline tags (.txt)",
        Format::Doccano => "doccano (JSONL)",
        Format::Prodigy => "Prodigy (JSONL)",
        Format::Spacy => "spaCy / displaCy (JSONL)",
        Format::LabelStudio => "Label Studio (JSON)",
        Format::Brat => "brat standoff (.txt + .ann)",
        Format::Conll => "CoNLL (token per line)",
    }
}

/// How an offset unit is named in the dialog, with the tools that count in it.
fn unit_label(u: OffsetUnit) -> &'static str {
    match u {
        OffsetUnit::Codepoints => "code points (Python: spaCy, Prodigy, brat, Label Studio)",
        OffsetUnit::Utf16 => "UTF-16 units (JavaScript: doccano)",
        OffsetUnit::Bytes => "UTF-8 bytes",
    }
}

/// The sentence under the offset choice: the format's default unit, and why.
fn default_unit_note(f: Format) -> String {
    if !f.has_offsets() {
        return format!("{} files carry no offsets.", format_label(f));
    }
    let why = match f {
        Format::Doccano => "doccano counts offsets as JavaScript does",
        Format::LabelStudio => "Label Studio stores code points",
        Format::Brat => "brat counts Python string indices",
        _ => "spaCy counts Python string indices",
    };
    let unit = match f.default_offsets() {
        OffsetUnit::Codepoints => "code points",
        OffsetUnit::Utf16 => "UTF-16 units",
        OffsetUnit::Bytes => "UTF-8 bytes",
    };
    format!("Default for {}: {unit} ({why}).", format_label(f))
}

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
            Output::Files(files) if files.len() == 1 => Ok(("text/plain;charset=utf-8", files[0].content.as_bytes().to_vec())),
            Output::Files(files) => format::zip::zip(files)
                .map(|bytes| ("application/zip", bytes))
                .ok_or_else(|| "too many or too large files for a ZIP archive".to_string()),
        }
    }

    /// The text to copy: the export itself, or for brat the `.ann` files (the text stays in the download).
    pub fn copy_text(&self) -> String {
        match &self.output {
            Output::Text(text) => text.clone(),
            Output::Files(files) if self.format == Format::Brat => {
                files.iter().filter(|f| f.name.ends_with(".ann")).map(|f| f.content.as_str()).collect::<Vec<_>>().join("\n")
            }
            Output::Files(files) => files.iter().map(|f| f.content.as_str()).collect::<Vec<_>>().join("\n"),
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

/// A document name without the extension it was opened with (`a.txt` → `a`).
fn doc_stem(name: &str) -> &str {
    match name.rsplit_once('.') {
        Some((stem, ext))
            if !stem.is_empty()
                && ["txt", "ann", "json", "jsonl", "ndjson", "conll", "iob", "bio"]
                    .contains(&ext.to_ascii_lowercase().as_str()) =>
        {
            stem
        }
        _ => name,
    }
}

/// The documents of `scope`, each with what its source format said about it
/// (ids, `meta`, brat lines, … kept since import) and its review status in the
/// metadata (`meta.status`; Prodigy's `answer` for reviewed ones), where the
/// format has room for it.
pub fn named_documents(corpus: &Corpus, scope: Scope) -> Vec<NamedDocument> {
    let docs = match scope {
        Scope::Current => corpus.current_doc().into_iter().collect(),
        Scope::All => corpus.export(ExportScope::All),
        Scope::Accepted => corpus.export(ExportScope::Accepted),
    };
    docs.into_iter()
        .map(|d| {
            let mut named = NamedDocument::new(doc_stem(d.name()), d.document().clone());
            named.meta = d.meta().clone();
            named.meta.meta.insert("status".to_string(), d.status().id().into());
            named.meta.answer = match d.status() {
                Status::Accepted => Some("accept".to_string()),
                Status::Rejected => Some("reject".to_string()),
                Status::Skipped => Some("ignore".to_string()),
                Status::Todo => None,
            };
            named
        })
        .collect()
}

/// Writes the export.
pub fn build(corpus: &Corpus, scope: Scope, format: Format, opts: WriteOptions) -> Built {
    let docs = named_documents(corpus, scope);
    let written = format::write(format, &docs, &opts);
    let base = match scope {
        Scope::Current => docs.first().map_or("document".to_string(), |d| d.name.clone()),
        Scope::All => "tagmark-corpus".to_string(),
        Scope::Accepted => "tagmark-accepted".to_string(),
    };
    let file_name = match &written.output {
        Output::Text(_) => format!("{base}.{}", format.extension()),
        Output::Files(files) if files.len() == 1 => files[0].name.clone(),
        Output::Files(_) => format!("{base}-{}.zip", format.name()),
    };
    Built { format, docs: docs.len(), file_name, output: written.output, warnings: written.warnings }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn human_size(bytes: usize) -> String {
    if bytes < 1024 {
        plural(bytes, "byte", "bytes")
    } else if bytes < 1024 * 1024 {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    } else {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    }
}

/// The most warnings listed in the dialog (all are counted).
const SHOWN_WARNINGS: usize = 200;

/// The export dialog, shown while `open` is true.
#[component]
pub fn ExportDialog(open: RwSignal<bool>) -> impl IntoView {
    let state = use_state();
    let format_sel = RwSignal::new(Format::Doccano);
    // Each format starts at its owner's unit (doccano UTF-16, the others code points).
    let offsets = RwSignal::new(Format::Doccano.default_offsets());
    let scheme = RwSignal::new(ConllScheme::Iob2);
    let scope = RwSignal::new(Scope::All);

    let built: Memo<Option<Arc<Built>>> = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let opts = WriteOptions { offsets: Some(offsets.get()), scheme: scheme.get() };
        let (f, s) = (format_sel.get(), scope.get());
        Some(Arc::new(state.with_corpus(|c| build(c, s, f, opts))))
    });

    let download = move |_| {
        let Some(b) = built.get_untracked() else { return };
        if b.docs == 0 {
            state.notify(NoticeKind::Warning, "Nothing to export: no documents in this scope.");
            return;
        }
        let result = b.payload().and_then(|(mime, bytes)| crate::download::download(&b.file_name, mime, &bytes));
        match result {
            Ok(()) => state.notify(
                NoticeKind::Info,
                format!(
                    "Exported {} as {} to {}{}",
                    plural(b.docs, "document", "documents"),
                    b.format,
                    b.file_name,
                    lost_note(&b)
                ),
            ),
            Err(e) => state.notify(NoticeKind::Error, format!("Could not export {}: {e}", b.file_name)),
        }
    };
    let copy = move |_| {
        let Some(b) = built.get_untracked() else { return };
        if b.docs == 0 {
            state.notify(NoticeKind::Warning, "Nothing to copy: no documents in this scope.");
            return;
        }
        let text = b.copy_text();
        leptos::task::spawn_local(async move {
            match crate::download::copy_text(&text).await {
                Ok(()) => state.notify(
                    NoticeKind::Info,
                    format!(
                        "Copied {} as {}{} to the clipboard{}",
                        plural(b.docs, "document", "documents"),
                        b.format,
                        if b.format == Format::Brat { " (.ann annotations)" } else { "" },
                        lost_note(&b)
                    ),
                ),
                Err(e) => state.notify(NoticeKind::Error, format!("Could not copy to the clipboard: {e}")),
            }
        });
    };

    let close = move || open.set(false);
    let has_offsets = move || format_sel.get().has_offsets();
    let is_conll = move || format_sel.get() == Format::Conll;

    view! {
        <Show when=move || open.get()>
            <super::Overlay on_close=move || close() label="Export" class="export" testid="export-dialog">
                <div class="export__fields">
                    <label>
                        "Format"
                        <select data-testid="export-format"
                            on:change=move |ev| if let Some(f) = Format::from_name(&event_target_value(&ev)) {
                                // Another format starts at its own default unit; the same one keeps the choice.
                                if f != format_sel.get_untracked() {
                                    offsets.set(f.default_offsets());
                                }
                                format_sel.set(f);
                            }>
                            {Format::ALL
                                .into_iter()
                                .map(|f| view! { <option value=f.name() selected=move || format_sel.get() == f>{format_label(f)}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "Offsets"
                        <select data-testid="export-offsets" disabled=move || !has_offsets()
                            title="The unit of start/end offsets in the file"
                            on:change=move |ev| if let Some(u) = OffsetUnit::from_name(&event_target_value(&ev)) { offsets.set(u) }>
                            {[OffsetUnit::Codepoints, OffsetUnit::Utf16, OffsetUnit::Bytes]
                                .into_iter()
                                .map(|u| {
                                    let label = move || {
                                        let default = format_sel.get().has_offsets() && format_sel.get().default_offsets() == u;
                                        format!("{}{}", unit_label(u), if default { " · default" } else { "" })
                                    };
                                    view! { <option value=u.name() selected=move || offsets.get() == u>{label}</option> }
                                })
                                .collect_view()}
                        </select>
                        <span class="export__unit-note" data-testid="export-offsets-default">{move || default_unit_note(format_sel.get())}</span>
                    </label>
                    <label>
                        "CoNLL scheme"
                        <select data-testid="export-scheme" disabled=move || !is_conll()
                            on:change=move |ev| if let Some(s) = ConllScheme::from_name(&event_target_value(&ev)) { scheme.set(s) }>
                            {[ConllScheme::Iob2, ConllScheme::Bilou, ConllScheme::Iobes]
                                .into_iter()
                                .map(|s| view! { <option value=s.name() selected=move || scheme.get() == s>{s.name().to_uppercase()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <label>
                        "Documents"
                        <select data-testid="export-scope"
                            on:change=move |ev| if let Some(s) = Scope::from_id(&event_target_value(&ev)) { scope.set(s) }>
                            {Scope::ALL
                                .into_iter()
                                .map(|s| view! { <option value=s.id() selected=move || scope.get() == s>{s.label()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                </div>
                {move || built.get().map(|b| {
                    let count = b.warnings.len();
                    let summary = format!(
                        "{} → {} ({})",
                        plural(b.docs, "document", "documents"),
                        b.file_name,
                        human_size(b.size())
                    );
                    let heading = if count == 0 {
                        format!("{} holds every span.", format_label(b.format))
                    } else {
                        format!(
                            "{} cannot hold everything: {} (left out or changed):",
                            b.format,
                            plural(count, "warning", "warnings")
                        )
                    };
                    let more = count.saturating_sub(SHOWN_WARNINGS);
                    view! {
                        <p class="export__summary" data-testid="export-summary">{summary}</p>
                        <section class={if count > 0 { "export__warnings export__warnings--some" } else { "export__warnings" }}
                            data-testid="export-warnings" data-count=count.to_string()>
                            <p>{heading}</p>
                            <ul>
                                {b.warnings
                                    .iter()
                                    .take(SHOWN_WARNINGS)
                                    .map(|w| view! { <li data-testid="export-warning">{w.to_string()}</li> })
                                    .collect_view()}
                                {(more > 0).then(|| view! { <li>{format!("… and {more} more")}</li> })}
                            </ul>
                        </section>
                    }
                })}
                <div class="export__actions">
                    <button class="button button--primary" data-testid="export-download" on:click=download>"Download"</button>
                    <button class="button" data-testid="export-copy" on:click=copy>"Copy"</button>
                    <button class="button" data-testid="export-close" on:click=move |_| close()>"Close"</button>
                </div>
                <p class="export__note">"Built in this browser; nothing is uploaded."</p>
            </super::Overlay>
        </Show>
    }
}

fn lost_note(b: &Built) -> String {
    match b.warnings.len() {
        0 => ".".to_string(),
        n => format!("; {} about what {} cannot hold are listed in the export dialog.", plural(n, "warning", "warnings"), b.format),
    }
}
