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
//! The keys are read by one listener on the window in the capture phase (installed by
//! [`provide_dialogs`] for the life of the app, and removed with it), so they reach
//! the dialog wherever the focus is (on the page itself, say, after the row that had
//! it was rebuilt) and before the window-level keys of [`crate::keys`]. Only the
//! topmost open dialog acts on them. The open dialogs are a [`Dialogs`] context: an
//! overlay is in it while it is mounted. The label picker, which is not modal, joins
//! it too ([`close_on_escape`]), so its `Esc` takes the same path.

use std::sync::atomic::{AtomicUsize, Ordering};

use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

/// What can take the focus with `Tab` inside a panel.
const FOCUSABLE: &str = "button:not([disabled]), input:not([disabled]), select:not([disabled]), \
     textarea:not([disabled]), a[href], [tabindex]:not([tabindex=\"-1\"])";

/// Numbers the overlays (and their heading ids).
static NEXT_ID: AtomicUsize = AtomicUsize::new(0);

/// One open dialog: what `Esc` calls, and the panel `Tab` stays in (none for a
/// dialog that is not modal, whose `Tab` moves the focus as usual).
struct Open {
    id: usize,
    close: Callback<()>,
    panel: Option<NodeRef<Div>>,
}

/// The open dialogs, oldest first: only the last one handles keys. Provided by
/// [`provide_dialogs`].
#[derive(Clone, Copy)]
pub(crate) struct Dialogs(StoredValue<Vec<Open>, LocalStorage>);

impl Dialogs {
    /// True while a modal dialog (one that keeps `Tab` in its panel) is open:
    /// nothing behind it may act on a key press.
    pub(crate) fn modal_open(self) -> bool {
        self.0
            .try_with_value(|open| open.iter().any(|o| o.panel.is_some()))
            .unwrap_or(false)
    }

    /// The one handler of `Esc` and `Tab` for every dialog: the topmost acts.
    fn on_key(self, ev: &web_sys::KeyboardEvent) {
        let Some(Some((close, panel))) = self
            .0
            .try_with_value(|open| open.last().map(|o| (o.close, o.panel)))
        else {
            return;
        };
        match ev.key().as_str() {
            "Escape" => close.run(()),
            "Tab" if !ev.ctrl_key() && !ev.alt_key() && !ev.meta_key() => {
                let Some(el) = panel.and_then(|p| p.get_untracked()) else {
                    return;
                };
                trap_tab(&el, ev.shift_key());
            }
            _ => return,
        }
        // Esc and Tab belong to the dialog: nothing under it sees them.
        ev.prevent_default();
        ev.stop_propagation();
    }
}

/// Provides [`Dialogs`] and listens for their keys on the window, for the life of
/// the calling owner (the app): the listener is removed when it is unmounted.
pub(crate) fn provide_dialogs() {
    let dialogs = Dialogs(StoredValue::new_local(Vec::new()));
    provide_context(dialogs);
    let listener =
        Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |ev: web_sys::KeyboardEvent| {
            dialogs.on_key(&ev)
        });
    let _ = window().add_event_listener_with_callback_and_bool(
        "keydown",
        listener.as_ref().unchecked_ref(),
        true,
    );
    let listener = SendWrapper::new(listener);
    on_cleanup(move || {
        let listener = listener.take();
        let _ = window().remove_event_listener_with_callback_and_bool(
            "keydown",
            listener.as_ref().unchecked_ref(),
            true,
        );
    });
}

/// Makes `close` what `Esc` calls while the calling owner lives and no dialog opened
/// later is open; with `panel`, `Tab` also stays in it.
pub(crate) fn close_on_escape(close: Callback<()>, panel: Option<NodeRef<Div>>) {
    let Some(dialogs) = use_context::<Dialogs>() else {
        return;
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    dialogs
        .0
        .update_value(|open| open.push(Open { id, close, panel }));
    on_cleanup(move || {
        dialogs
            .0
            .try_update_value(|open| open.retain(|o| o.id != id));
    });
}

/// The panel's controls that `Tab` can reach, in document order.
fn focusable(panel: &HtmlElement) -> Vec<HtmlElement> {
    let Ok(list) = panel.query_selector_all(FOCUSABLE) else {
        return Vec::new();
    };
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
    let marked = panel
        .query_selector("[data-autofocus]")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlElement>().ok());
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
    let class = if class.is_empty() {
        "overlay__panel".to_string()
    } else {
        format!("overlay__panel {class}")
    };
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let title_id = format!("overlay-title-{id}");
    let labelled_by = title_id.clone();
    let panel: NodeRef<Div> = NodeRef::new();

    close_on_escape(on_close, Some(panel));

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

    view! {
        <div class="overlay" on:click=move |_| on_close.run(())>
            <div class=class role=if alert { "alertdialog" } else { "dialog" } aria-modal="true"
                aria-labelledby=labelled_by tabindex="-1" node_ref=panel
                data-testid=testid on:click=|ev| ev.stop_propagation()>
                <h2 class="overlay__title" id=title_id>{label}</h2>
                {children()}
            </div>
        </div>
    }
}
