//! The export dialog: pick a format, the offset unit, the CoNLL scheme and which
//! documents; see what the format cannot hold; download a file or copy the text.
//! The export is written by the core in memory ([`super::export_build`]); nothing
//! leaves the browser. One small component per part: the four choices, the
//! preview (summary and warnings) and the actions.

use std::sync::Arc;

use leptos::prelude::*;
use tagmark_core::corpus::ExportScope;
use tagmark_core::format::{ConllScheme, Format, WriteOptions};
use tagmark_core::OffsetUnit;

use super::export_build::{build, Built};
use super::use_state;
use crate::state::NoticeKind;

/// The most warnings listed in the dialog (all are counted).
const SHOWN_WARNINGS: usize = 200;

/// What the dialog's fields have chosen.
#[derive(Clone, Copy)]
struct Choice {
    format: RwSignal<Format>,
    offsets: RwSignal<OffsetUnit>,
    scheme: RwSignal<ConllScheme>,
    scope: RwSignal<ExportScope>,
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

/// How a scope is named in the dialog.
fn scope_label(s: ExportScope) -> &'static str {
    match s {
        ExportScope::Current => "current document",
        ExportScope::All => "whole corpus",
        ExportScope::Accepted => "accepted documents only",
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

/// The end of a notice about `b`: a pointer to its warnings, if any.
fn lost_note(b: &Built) -> String {
    match b.warnings.len() {
        0 => ".".to_string(),
        n => format!(
            "; {} about what {} cannot hold are listed in the export dialog.",
            plural(n, "warning", "warnings"),
            b.format
        ),
    }
}

/// The export dialog, shown while `open` is true.
#[component]
pub fn ExportDialog(
    /// True while the dialog is shown; the dialog sets it false to close.
    open: RwSignal<bool>,
) -> impl IntoView {
    let state = use_state();
    // Each format starts at its owner's unit (doccano UTF-16, the others code points).
    let choice = Choice {
        format: RwSignal::new(Format::Doccano),
        offsets: RwSignal::new(Format::Doccano.default_offsets()),
        scheme: RwSignal::new(ConllScheme::Iob2),
        scope: RwSignal::new(ExportScope::All),
    };
    let built: Memo<Option<Arc<Built>>> = Memo::new(move |_| {
        if !open.get() {
            return None;
        }
        let opts = WriteOptions {
            offsets: Some(choice.offsets.get()),
            scheme: choice.scheme.get(),
        };
        let (f, s) = (choice.format.get(), choice.scope.get());
        Some(Arc::new(state.with_corpus(|c| build(c, s, f, opts))))
    });
    view! {
        <Show when=move || open.get()>
            <super::Overlay on_close=move || open.set(false) label="Export" class="export" testid="export-dialog">
                <div class="export__fields">
                    <FormatField choice=choice/>
                    <OffsetsField choice=choice/>
                    <SchemeField choice=choice/>
                    <ScopeField choice=choice/>
                </div>
                {move || built.get().map(|b| view! { <Preview built=b/> })}
                <Actions built=built open=open/>
                <p class="export__note">"Built in this browser; nothing is uploaded."</p>
            </super::Overlay>
        </Show>
    }
}

/// The format menu. Another format starts at its own default unit; the same one keeps the choice.
#[component]
fn FormatField(
    /// The dialog's choices.
    choice: Choice,
) -> impl IntoView {
    let on_change = move |ev| {
        if let Some(f) = Format::from_name(&event_target_value(&ev)) {
            if f != choice.format.get_untracked() {
                choice.offsets.set(f.default_offsets());
            }
            choice.format.set(f);
        }
    };
    view! {
        <label>
            "Format"
            <select data-testid="export-format" on:change=on_change>
                {Format::ALL
                    .into_iter()
                    .map(|f| view! { <option value=f.name() selected=move || choice.format.get() == f>{format_label(f)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// The offset unit menu (off for formats without offsets), marking the format's default.
#[component]
fn OffsetsField(
    /// The dialog's choices.
    choice: Choice,
) -> impl IntoView {
    let format = choice.format;
    let option = move |u: OffsetUnit| {
        let label = move || {
            let default = format.get().has_offsets() && format.get().default_offsets() == u;
            format!(
                "{}{}",
                unit_label(u),
                if default { " · default" } else { "" }
            )
        };
        view! { <option value=u.name() selected=move || choice.offsets.get() == u>{label}</option> }
    };
    view! {
        <label>
            "Offsets"
            <select data-testid="export-offsets" disabled=move || !format.get().has_offsets()
                title="The unit of start/end offsets in the file"
                on:change=move |ev| if let Some(u) = OffsetUnit::from_name(&event_target_value(&ev)) { choice.offsets.set(u) }>
                {[OffsetUnit::Codepoints, OffsetUnit::Utf16, OffsetUnit::Bytes].into_iter().map(option).collect_view()}
            </select>
            <span class="export__unit-note" data-testid="export-offsets-default">{move || default_unit_note(format.get())}</span>
        </label>
    }
}

/// The CoNLL tagging scheme (off for other formats).
#[component]
fn SchemeField(
    /// The dialog's choices.
    choice: Choice,
) -> impl IntoView {
    view! {
        <label>
            "CoNLL scheme"
            <select data-testid="export-scheme" disabled=move || choice.format.get() != Format::Conll
                on:change=move |ev| if let Some(s) = ConllScheme::from_name(&event_target_value(&ev)) { choice.scheme.set(s) }>
                {[ConllScheme::Iob2, ConllScheme::Bilou, ConllScheme::Iobes]
                    .into_iter()
                    .map(|s| view! { <option value=s.name() selected=move || choice.scheme.get() == s>{s.name().to_uppercase()}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// Which documents: the current one, all, or the accepted ones.
#[component]
fn ScopeField(
    /// The dialog's choices.
    choice: Choice,
) -> impl IntoView {
    view! {
        <label>
            "Documents"
            <select data-testid="export-scope"
                on:change=move |ev| if let Some(s) = ExportScope::from_id(&event_target_value(&ev)) { choice.scope.set(s) }>
                {ExportScope::ALL
                    .into_iter()
                    .map(|s| view! { <option value=s.id() selected=move || choice.scope.get() == s>{scope_label(s)}</option> })
                    .collect_view()}
            </select>
        </label>
    }
}

/// What the export holds: documents, file name and size, and what the format cannot hold.
#[component]
fn Preview(
    /// The export as written now.
    built: Arc<Built>,
) -> impl IntoView {
    let count = built.warnings.len();
    let summary = format!(
        "{} → {} ({})",
        plural(built.docs, "document", "documents"),
        built.file_name,
        human_size(built.size())
    );
    let heading = if count == 0 {
        format!("{} holds every span.", format_label(built.format))
    } else {
        format!(
            "{} cannot hold everything: {} (left out or changed):",
            built.format,
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
                {built.warnings
                    .iter()
                    .take(SHOWN_WARNINGS)
                    .map(|w| view! { <li data-testid="export-warning">{w.to_string()}</li> })
                    .collect_view()}
                {(more > 0).then(|| view! { <li>{format!("… and {more} more")}</li> })}
            </ul>
        </section>
    }
}

/// Download, copy, close.
#[component]
fn Actions(
    /// The export as written now (`None` while the dialog is closed).
    built: Memo<Option<Arc<Built>>>,
    /// Set false to close the dialog.
    open: RwSignal<bool>,
) -> impl IntoView {
    let state = use_state();
    let download = move |_| {
        let Some(b) = built.get_untracked() else {
            return;
        };
        if b.docs == 0 {
            state.notify(
                NoticeKind::Warning,
                "Nothing to export: no documents in this scope.",
            );
            return;
        }
        let result = b
            .payload()
            .and_then(|(mime, bytes)| crate::download::download(&b.file_name, mime, &bytes));
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
            Err(e) => state.notify(
                NoticeKind::Error,
                format!("Could not export {}: {e}", b.file_name),
            ),
        }
    };
    let copy = move |_| {
        let Some(b) = built.get_untracked() else {
            return;
        };
        if b.docs == 0 {
            state.notify(
                NoticeKind::Warning,
                "Nothing to copy: no documents in this scope.",
            );
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
                        if b.format == Format::Brat {
                            " (.ann annotations)"
                        } else {
                            ""
                        },
                        lost_note(&b)
                    ),
                ),
                Err(e) => state.notify(
                    NoticeKind::Error,
                    format!("Could not copy to the clipboard: {e}"),
                ),
            }
        });
    };
    view! {
        <div class="export__actions">
            <button class="button button--primary" data-testid="export-download" on:click=download>"Download"</button>
            <button class="button" data-testid="export-copy" on:click=copy>"Copy"</button>
            <button class="button" data-testid="export-close" on:click=move |_| open.set(false)>"Close"</button>
        </div>
    }
}
