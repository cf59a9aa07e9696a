//! Import and export (issue 4): open files in any format (picker, several at
//! once, or dropped onto the page), paste text in any format, export to any format.

use leptos::prelude::*;
use tagmark_core::format::{Format, InputFile};
use wasm_bindgen::JsCast;

use super::export_dialog::ExportDialog;
use super::import_read::{import_file_list, import_files, import_inputs, use_importer, Importer};
use super::use_state;

/// True when a drag carries files (not text dragged inside the page).
fn carries_files(ev: &web_sys::DragEvent) -> bool {
    ev.data_transfer()
        .is_some_and(|dt| dt.types().includes(&"Files".into(), 0))
}

/// The import/export controls in the header, the drop hint, the paste and export
/// dialogs, and the report of the last import's problems.
#[component]
pub fn ImportExport() -> impl IntoView {
    let state = use_state();
    let importer = use_importer();
    let export_open = RwSignal::new(false);
    let paste_open = RwSignal::new(false);
    let dragging = RwSignal::new(false);
    // dragenter/dragleave pairs over nested elements: the hint shows while the count is above zero.
    let depth = StoredValue::new(0i32);

    // Drag-and-drop anywhere on the page.
    let enter = window_event_listener(leptos::ev::dragenter, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            depth.update_value(|d| *d += 1);
            dragging.set(true);
        }
    });
    let over = window_event_listener(leptos::ev::dragover, move |ev| {
        if carries_files(&ev) {
            ev.prevent_default();
            if let Some(dt) = ev.data_transfer() {
                dt.set_drop_effect("copy");
            }
            if !dragging.get_untracked() {
                dragging.set(true);
            }
        }
    });
    let leave = window_event_listener(leptos::ev::dragleave, move |ev| {
        if carries_files(&ev) {
            depth.update_value(|d| *d -= 1);
            if depth.get_value() <= 0 {
                depth.set_value(0);
                dragging.set(false);
            }
        }
    });
    let drop = window_event_listener(leptos::ev::drop, move |ev| {
        depth.set_value(0);
        dragging.set(false);
        if carries_files(&ev) {
            ev.prevent_default();
            import_file_list(importer, ev.data_transfer().and_then(|dt| dt.files()));
        }
    });
    on_cleanup(move || {
        enter.remove();
        over.remove();
        leave.remove();
        drop.remove();
    });

    let on_files = move |ev: leptos::ev::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let files = input.files();
        let files: Vec<web_sys::File> = files
            .map(|l| (0..l.length()).filter_map(|i| l.get(i)).collect())
            .unwrap_or_default();
        import_files(importer, files);
        input.set_value("");
    };
    let open_export = move |_| {
        state.flush();
        export_open.set(true);
    };

    let report_signal = importer.report();
    let report_shown = move || !report_signal.with(Vec::is_empty);
    let report_lines = {
        move || {
            report_signal.get()
                .into_iter()
                .map(|l| view! { <li class=format!("import-report__line import-report__line--{}", l.kind)>{l.text}</li> })
                .collect_view()
        }
    };
    let dismiss_report = move |_| report_signal.set(Vec::new());

    view! {
        <span class="import-export">
            <label class="button" title="Open files in any format: inline, doccano, Prodigy, spaCy, Label Studio, brat (.txt + .ann), CoNLL — or drop them on the page">
                "Import…"
                <input type="file" multiple class="visually-hidden" data-testid="import-files" on:change=on_files/>
            </label>
            <button class="button" data-testid="paste-open" title="Paste JSONL, CoNLL, … and import it"
                on:click=move |_| paste_open.set(true)>"Paste…"</button>
            <button class="button" data-testid="export-menu" title="Export to another tool's format"
                on:click=open_export>"Export…"</button>
        </span>
        <Show when=move || dragging.get()>
            <div class="drop-hint" data-testid="drop-hint" aria-hidden="true">
                <p>"Drop files to import them"</p>
                <p class="drop-hint__formats">"inline · doccano · Prodigy · spaCy · Label Studio · brat (.txt + .ann together) · CoNLL"</p>
            </div>
        </Show>
        <Show when=report_shown>
            <aside class="import-report" data-testid="import-report" aria-label="Import report">
                <div class="import-report__head">
                    <strong>"Import report"</strong>
                    <button class="button" data-testid="import-report-close" on:click=dismiss_report>"Dismiss"</button>
                </div>
                <ul>{report_lines}</ul>
            </aside>
        </Show>
        <PasteDialog open=paste_open importer=importer/>
        <ExportDialog open=export_open/>
    }
}

/// The paste dialog: a textarea and a format (detected unless chosen).
#[component]
fn PasteDialog(
    /// True while the dialog is shown.
    open: RwSignal<bool>,
    /// Where the pasted text goes.
    importer: Importer,
) -> impl IntoView {
    let state = use_state();
    let text = RwSignal::new(String::new());
    let chosen = RwSignal::new(None::<Format>);
    let close = move || open.set(false);
    let detected = move || {
        let t = text.get();
        if t.trim().is_empty() {
            return String::new();
        }
        let d = tagmark_core::format::detect("", &t);
        format!("Detected: {} — {}", d.format, d.reason)
    };
    let import = move |_| {
        let content = text.get_untracked();
        if content.trim().is_empty() {
            state.notify(
                crate::state::NoticeKind::Warning,
                "Nothing to import: the paste box is empty.",
            );
            return;
        }
        let format = chosen.get_untracked();
        let name = match format {
            Some(f) => format!("pasted.{}", f.extension()),
            None => "pasted".to_string(),
        };
        open.set(false);
        text.set(String::new());
        import_inputs(
            importer,
            vec![InputFile::new(name, content)],
            format,
            Vec::new(),
        );
    };
    view! {
        <Show when=move || open.get()>
            <super::Overlay on_close=move || close() label="Paste to import" class="paste" testid="paste-dialog">
                <textarea class="paste__text" data-testid="paste-text" spellcheck="false"
                    placeholder="Paste doccano / Prodigy / spaCy JSONL, a Label Studio JSON list, CoNLL lines or inline-tagged text"
                    prop:value=move || text.get()
                    on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                <div class="paste__row">
                    <label>
                        "Format "
                        <select data-testid="paste-format"
                            on:change=move |ev| chosen.set(Format::from_name(&event_target_value(&ev)))>
                            <option value="auto" selected=move || chosen.get().is_none()>"detect"</option>
                            {Format::ALL
                                .into_iter()
                                .filter(|f| *f != Format::Brat) // needs two files: open or drop them
                                .map(|f| view! { <option value=f.name() selected=move || chosen.get() == Some(f)>{f.name()}</option> })
                                .collect_view()}
                        </select>
                    </label>
                    <span class="paste__detected" data-testid="paste-detected">
                        {move || if chosen.get().is_none() { detected() } else { String::new() }}
                    </span>
                </div>
                <p class="paste__note">"brat needs its .txt and .ann together: open or drop both files."</p>
                <div class="export__actions">
                    <button class="button button--primary" data-testid="paste-import" on:click=import>"Import"</button>
                    <button class="button" on:click=move |_| close()>"Cancel"</button>
                </div>
            </super::Overlay>
        </Show>
    }
}
