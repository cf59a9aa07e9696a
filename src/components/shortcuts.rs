//! The shortcuts overlay (`?`): every key the app answers to.

use leptos::prelude::*;

/// Keys and what they do, grouped; the single list the overlay and tooltips draw from.
pub const SHORTCUTS: &[(&str, &[(&str, &str)])] = &[
    (
        "Create",
        &[
            ("drag / double-click / shift-click", "select text (snapped to words)"),
            ("Alt + drag", "select exact characters"),
            ("W", "toggle word snapping"),
            ("← →", "move the caret by a word (Alt: by a character)"),
            ("Shift + ← →", "extend the selection by a word (Alt: by a character)"),
            ("1 … 9, 0", "apply the first ten labels (Labels… sets other keys)"),
            ("type a letter", "pick a label by name (Enter applies, creates if new)"),
        ],
    ),
    (
        "Change",
        &[
            ("click a span / Tab / Shift+Tab", "select a span"),
            ("1 … 0 or type a name", "relabel the selected span"),
            ("Delete / Backspace", "remove the selected span"),
            ("[  ]", "move the selected span's start left / right by a word"),
            ("Shift + [  ]", "move its end left / right by a word"),
            ("Alt + [  ]", "…by a character"),
            ("drag a handle", "resize the selected span"),
            ("Esc", "deselect, close"),
        ],
    ),
    (
        "Documents",
        &[
            ("A / X / S / U", "accept / reject / skip / back to to-do, then the next document"),
            ("J / K, Alt + ↓ ↑", "next / previous document"),
            ("↑ ↓, Home / End (in the list)", "move between documents"),
            ("Enter, Space (in the list)", "open the focused document"),
        ],
    ),
    (
        "Suggestions (nothing selected)",
        &[
            ("N / Shift + N", "next / previous suggestion"),
            ("Enter", "accept the suggestion"),
            ("Shift + Enter", "accept every suggestion of the same string"),
            ("Backspace", "reject the suggestion (Ctrl/Cmd + Z brings it back)"),
        ],
    ),
    (
        "History and help",
        &[
            ("Ctrl/Cmd + Z", "undo"),
            ("Ctrl/Cmd + Shift + Z, Ctrl + Y", "redo"),
            ("?", "show this list"),
        ],
    ),
];

/// The overlay listing every shortcut.
#[component]
pub fn ShortcutsOverlay(
    /// Whether the overlay is shown; set to false to close it.
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <super::Overlay on_close=move || open.set(false) label="Keyboard shortcuts" testid="shortcuts">
                {SHORTCUTS
                    .iter()
                    .map(|(group, keys)| {
                        view! {
                            <section class="shortcuts__group">
                                <h3>{*group}</h3>
                                <dl>
                                    {keys
                                        .iter()
                                        .map(|(k, what)| view! { <dt><kbd>{*k}</kbd></dt><dd>{*what}</dd> })
                                        .collect_view()}
                                </dl>
                            </section>
                        }
                    })
                    .collect_view()}
                <button class="button" on:click=move |_| open.set(false)>"Close (Esc)"</button>
            </super::Overlay>
        </Show>
    }
}
