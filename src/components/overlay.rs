//! The modal shell every dialog shares: a dimmed backdrop and a panel on it.
//!
//! It owns what makes a dialog modal for the keyboard, so no dialog repeats it:
//! - `role="dialog"` (or `alertdialog`), `aria-modal="true"`, named by its heading
//!   (`aria-labelledby`), which the overlay renders from `label`;
//! - the focus moves inside when it opens (to the element marked `data-autofocus`,
//!   else the first control) and goes back to the control that had it when it closes;
//! - `Tab` and `Shift`+`Tab` cycle through the panel's controls and never leave it;
//! - `Esc` closes it. This is the only place a dialog handles `Esc`.
//!
//! The key handler sits on the panel itself (a listener on the element: this app does not use
//! Leptos's event delegation), so it runs before the window-level keys of [`crate::keys`], and goes
//! when the panel goes.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use send_wrapper::SendWrapper;
use web_sys::HtmlElement;

/// What can take the focus with `Tab` inside a panel.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

/// Numbers the overlays' heading ids.
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// The panel's controls that `Tab` can reach, in document order.
fn focusable(panel: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else { return Vec::new() };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .filter(|el| el.tab_index() >= 0 && el.get_client_rects().length() > 0)
        .collect()
}

/// The element that has the focus now, if any.
fn active_element() -> Option<HtmlElement> {
    document().active_element()?.dyn_into::<HtmlElement>().ok()
}

/// Moves the focus into `panel` unless it is there already.
fn focus_inside(panel: &HtmlElement) {
    if active_element().is_some_and(|el| panel.contains(Some(&el))) {
        return;
    }
    let marked = panel.query_selector("[data-autofocus]").ok().flatten().and_then(|el| el.dyn_into::<HtmlElement>().ok());
    let target = marked.or_else(|| focusable(panel).into_iter().next());
    let _ = target.unwrap_or_else(|| panel.clone()).focus();
}

/// Moves the focus to the panel's next control (previous with `backwards`), round from
/// its last to its first and back, so `Tab` never leaves it. The panel moves the focus
/// itself rather than leave it to the browser, whose next stop could be outside.
fn trap_tab(panel: &HtmlElement, backwards: bool) {
    let items = focusable(panel);
    let n = items.len();
    if n == 0 {
        let _ = panel.focus();
        return;
    }
    let at = active_element().and_then(|el| items.iter().position(|item| *item == el));
    let next = match (at, backwards) {
        (Some(i), false) => (i + 1) % n,
        (Some(i), true) => (i + n - 1) % n,
        (None, false) => 0,
        (None, true) => n - 1,
    };
    let _ = items[next].focus();
}

/// A modal panel over a dimmed backdrop. A click on the backdrop, or `Esc`, calls
/// `on_close`; clicks inside the panel stay there. The panel carries the dialog's
/// role, heading and `data-testid`; see the module header for the focus rules.
#[component]
pub fn Overlay(
    /// Called when the backdrop is clicked or `Esc` is pressed in the dialog.
    #[prop(into)]
    on_close: Callback<()>,
    /// The dialog's heading, which is also its accessible name.
    label: &'static str,
    /// The panel's own class, beside `overlay__panel` (e.g. `export`).
    #[prop(optional)]
    class: &'static str,
    /// The panel's `data-testid`.
    #[prop(optional)]
    testid: &'static str,
    /// An `alertdialog` (a question that needs an answer) rather than a `dialog`.
    #[prop(optional)]
    alert: bool,
    /// The panel's content, below the heading.
    children: Children,
) -> impl IntoView {
    let class = if class.is_empty() { "overlay__panel".to_string() } else { format!("overlay__panel {class}") };
    let title_id = format!("overlay-title-{}", NEXT_ID.fetch_add(1, Ordering::Relaxed));
    let labelled_by = title_id.clone();
    let panel: NodeRef<Div> = NodeRef::new();

    // The control that opened the dialog gets the focus back when it closes.
    let opener = SendWrapper::new(active_element());
    on_cleanup(move || {
        if let Some(el) = opener.take().filter(|el| el.is_connected()) {
            let _ = el.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(el) = panel.get() {
            focus_inside(&el);
        }
    });

    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(el) = panel.get_untracked() else { return };
        let used = match ev.key().as_str() {
            "Escape" => {
                on_close.run(());
                true
            }
            "Tab" if !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() => {
                trap_tab(&el, ev.shift_key());
                true
            }
            _ => false,
        };
        if used {
            ev.prevent_default();
        }
        // Esc and Tab belong to the dialog: the window-level keys never see them.
        if matches!(ev.key().as_str(), "Escape" | "Tab") {
            ev.stop_propagation();
        }
    };

    view! {
        <div class="overlay" on:click=move |_| on_close.run(())>
            <div class=class role=if alert { "alertdialog" } else { "dialog" } aria-modal="true"
                aria-labelledby=labelled_by tabindex="-1" node_ref=panel
                data-testid=testid on:click=|ev| ev.stop_propagation()
                on:keydown=on_key>
                <h2 class="overlay__title" id=title_id>{label}</h2>
                {children()}
            </div>
        </div>
    }
}
