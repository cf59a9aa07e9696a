//! The shortcuts overlay (`?`): every key the app answers to, as the core's
//! keymap describes them ([`tagmark_core::keymap::BINDINGS`], also the README's table).

use leptos::prelude::*;
use tagmark_core::keymap::BINDINGS;

/// The overlay listing every shortcut.
#[component]
pub fn ShortcutsOverlay(
    /// Whether the overlay is shown; set to false to close it.
    open: RwSignal<bool>,
) -> impl IntoView {
    view! {
        <Show when=move || open.get()>
            <super::Overlay on_close=move || open.set(false) label="Keyboard shortcuts" testid="shortcuts">
                <section class="shortcuts__group">
                    <dl>
                        {BINDINGS
                            .iter()
                            .map(|b| view! { <dt><kbd>{b.keys_text()}</kbd></dt><dd>{b.what.replace(['`', '*'], "")}</dd> })
                            .collect_view()}
                    </dl>
                </section>
                <button class="button" on:click=move |_| open.set(false)>"Close (Esc)"</button>
            </super::Overlay>
        </Show>
    }
}
