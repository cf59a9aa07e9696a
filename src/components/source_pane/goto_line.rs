//! *Go to line* (`Ctrl`+`G` in the source pane): a small dialog that reads `12` or
//! `12:5` and moves the source pane's caret there, or says why it cannot.

use leptos::html::Input;
use leptos::prelude::*;
use tagmark_core::source_lines::{parse_line_col, LineError, SourceLines};
use tagmark_core::LineCol;

use crate::components::Overlay;

/// Checks `text` against `lines` of `source`: the byte to go to, or what is wrong.
pub fn target(source: &str, lines: &SourceLines, text: &str) -> Result<usize, LineError> {
    let at: LineCol = parse_line_col(text)?;
    lines.byte_of(source, at)
}

/// The dialog. `go` gets what was typed and answers with an error to show, or `None`
/// when it moved the caret (the dialog then closes).
#[component]
pub fn GoToLine(
    /// Closes the dialog.
    #[prop(into)]
    on_close: Callback<()>,
    /// Goes to what was typed; `Some(message)` when it could not.
    #[prop(into)]
    go: Callback<String, Option<String>>,
    /// How many lines the source has (shown as a hint).
    lines: usize,
) -> impl IntoView {
    let input: NodeRef<Input> = NodeRef::new();
    let error = RwSignal::new(None::<String>);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = input
            .get_untracked()
            .map(|el| el.value())
            .unwrap_or_default();
        match go.run(text) {
            Some(message) => error.set(Some(message)),
            None => on_close.run(()),
        }
    };
    view! {
        <Overlay on_close=on_close label="Go to line" class="goto" testid="goto-line">
            <form class="goto__form" on:submit=submit>
                <label class="goto__label">
                    {format!("Line, or line:column (1–{lines})")}
                    <input class="goto__input" type="text" inputmode="numeric" autocomplete="off"
                        data-autofocus data-testid="goto-line-input" node_ref=input
                        aria-invalid=move || if error.get().is_some() { "true" } else { "false" }/>
                </label>
                <button type="submit" class="goto__go">"Go"</button>
                <p class="goto__error" role="alert" data-testid="goto-line-error">{move || error.get()}</p>
            </form>
        </Overlay>
    }
}
