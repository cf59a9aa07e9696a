//! Component tests in headless Chromium (wasm-bindgen-test): mount the app, act, read the DOM.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own container, with nothing saved from an earlier test:
/// `localStorage` (the journal) is cleared and the app's IndexedDB database deleted.
async fn mount() -> (Element, impl Drop) {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    delete_database(tagmark_app::storage::DB_NAME).await;
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), tagmark_app::App);
    (root, handle)
}

/// Deletes the IndexedDB database `name` and waits until it is gone. An app mounted by an
/// earlier test closes its connection when asked (`versionchange`), so this cannot block.
async fn delete_database(name: &str) {
    let window = web_sys::window().unwrap();
    let factory = js_sys::Reflect::get(&window, &"indexedDB".into()).unwrap();
    let delete: js_sys::Function = js_sys::Reflect::get(&factory, &"deleteDatabase".into())
        .unwrap()
        .unchecked_into();
    let request = delete.call1(&factory, &name.into()).unwrap();
    let deleted = js_sys::Promise::new(&mut |resolve, reject| {
        js_sys::Reflect::set(&request, &"onsuccess".into(), &resolve).unwrap();
        js_sys::Reflect::set(&request, &"onerror".into(), &reject).unwrap();
    });
    JsFuture::from(deleted)
        .await
        .unwrap_or_else(|e| panic!("deleting the database {name}: {e:?}"));
}

/// Resolves at the browser's next animation frame.
async fn next_frame() {
    let frame = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .request_animation_frame(&resolve)
            .unwrap();
    });
    JsFuture::from(frame).await.unwrap();
}

/// Lets the app run (reactive updates, then frame by frame for work it spreads over
/// frames) until `done` holds; fails after 600 frames (about ten seconds).
async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..600 {
        leptos::task::tick().await;
        if done() {
            return;
        }
        next_frame().await;
    }
    panic!("{what}: still not so after 600 animation frames");
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("no {selector}"))
}

async fn type_source(root: &Element, text: &str) {
    let textarea: HtmlTextAreaElement = one(root, "[data-testid=source]").dyn_into().unwrap();
    textarea.set_value(text);
    textarea
        .dispatch_event(&web_sys::Event::new("input").unwrap())
        .unwrap();
    // `change` (as when the pane loses the focus) parses at once, without the typing pause.
    textarea
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn example_button_renders_eleven_marks() {
    let (root, _handle) = mount().await;
    leptos::task::tick().await;
    assert!(root
        .query_selector("[data-testid=empty-state]")
        .unwrap()
        .is_some());
    one(&root, "[data-testid=load-example]")
        .unchecked_into::<HtmlElement>()
        .click();
    until("the example shows its 11 marks", || {
        all(&root, "[data-testid=mark]").len() == 11
    })
    .await;

    let marks = all(&root, "[data-testid=mark]");
    let labels: Vec<String> = marks
        .iter()
        .map(|m| m.get_attribute("data-label").unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "model", "params", "country", "hardware", "training", "year", "model", "model",
            "params", "hardware", "year"
        ]
    );
    // A mark's text is exactly its span's text (the label is drawn by CSS).
    assert_eq!(marks[0].text_content().unwrap(), "NeuraScale-9");
    assert_eq!(marks[3].text_content().unwrap(), "512 NVIDIA A100 GPUs");
    // Offsets are code points into the plain text.
    let plain: Vec<char> = one(&root, "[data-testid=rendered]")
        .text_content()
        .unwrap()
        .chars()
        .collect();
    for mark in &marks {
        let start: usize = mark.get_attribute("data-start").unwrap().parse().unwrap();
        let end: usize = mark.get_attribute("data-end").unwrap().parse().unwrap();
        assert_eq!(
            plain[start..end].iter().collect::<String>(),
            mark.text_content().unwrap()
        );
    }
    let legend = all(&root, "[data-testid=legend-item]");
    assert_eq!(legend.len(), 6);
    let name = |el: &Element, sel: &str| {
        el.query_selector(sel)
            .unwrap()
            .unwrap()
            .text_content()
            .unwrap()
    };
    assert_eq!(name(&legend[0], ".legend__name"), "model");
    assert_eq!(name(&legend[0], ".legend__count"), "3");
    assert_eq!(name(&legend[0], ".legend__key"), "1");
    // Paragraphs are kept.
    assert_eq!(all(&root, ".block").len(), 3);
}

#[wasm_bindgen_test]
async fn broken_tags_are_reported_and_kept() {
    let (root, _handle) = mount().await;
    type_source(&root, "a <b>bold\nand </i> more").await;
    let diagnostics = all(&root, "[data-testid=diagnostic]");
    assert_eq!(diagnostics.len(), 2);
    assert!(diagnostics[0]
        .text_content()
        .unwrap()
        .starts_with("1:3`<b>` is never closed"));
    assert!(diagnostics[1]
        .text_content()
        .unwrap()
        .starts_with("2:5`</i>`"));
    // No text is lost: the broken tags stay in the rendered text.
    assert_eq!(
        one(&root, "[data-testid=rendered]").text_content().unwrap(),
        "a <b>bold\nand </i> more"
    );

    // Clicking a diagnostic selects the tag in the source.
    diagnostics[1]
        .query_selector("button")
        .unwrap()
        .unwrap()
        .unchecked_into::<HtmlElement>()
        .click();
    leptos::task::tick().await;
    let textarea: HtmlTextAreaElement = one(&root, "[data-testid=source]").dyn_into().unwrap();
    assert_eq!(textarea.selection_start().unwrap(), Some(14));
    assert_eq!(textarea.selection_end().unwrap(), Some(18));
}

#[wasm_bindgen_test]
async fn pasted_html_is_text() {
    let (root, _handle) = mount().await;
    type_source(
        &root,
        "<img src=x onerror=alert(1)> and <x>&lt;script&gt;</x>",
    )
    .await;
    let rendered = one(&root, "[data-testid=rendered]");
    assert!(rendered.query_selector("img, script").unwrap().is_none());
    assert_eq!(
        rendered.text_content().unwrap(),
        "<img src=x onerror=alert(1)> and <script>"
    );
    assert_eq!(all(&root, "[data-testid=mark]").len(), 1);
}

#[wasm_bindgen_test]
async fn emoji_offsets_are_code_points() {
    let (root, _handle) = mount().await;
    type_source(
        &root,
        "👨🏻‍🚒 firemen drive <v>firetrucks</v>\r\n<a>x <b>y</b></a>",
    )
    .await;
    let marks = all(&root, "[data-testid=mark]");
    assert_eq!(marks.len(), 3);
    assert_eq!(marks[0].get_attribute("data-start").as_deref(), Some("19"));
    assert_eq!(marks[0].get_attribute("data-end").as_deref(), Some("29"));
    // Nested spans: both visible, the inner inside the outer.
    assert_eq!(marks[1].get_attribute("data-label").as_deref(), Some("a"));
    assert!(marks[1].contains(Some(&marks[2])));
}

/// `window.__tagmark_settled()`: every change so far is written to IndexedDB.
fn settled() -> bool {
    let window = web_sys::window().unwrap();
    js_sys::Reflect::get(&window, &"__tagmark_settled".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        .and_then(|f| f.call0(&window).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The save state shown in the sidebar (`loading` until the store has been read).
fn save_state(root: &Element) -> String {
    one(root, "[data-testid=save-state]")
        .get_attribute("data-state")
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn mount_starts_clean_after_a_saved_document() {
    {
        let (root, handle) = mount().await;
        until("the store is read", || save_state(&root) != "loading").await;
        type_source(&root, "<x>kept</x> in the store").await;
        until("the document is saved", || {
            settled() && save_state(&root) == "saved"
        })
        .await;
        drop(handle);
        root.remove();
    }
    // What the app saved is gone: the next app starts empty.
    let (root, _handle) = mount().await;
    until("the store is read", || save_state(&root) != "loading").await;
    leptos::task::tick().await;
    assert!(
        root.query_selector("[data-testid=empty-state]")
            .unwrap()
            .is_some(),
        "a document was restored"
    );
    assert_eq!(all(&root, "[data-testid=mark]").len(), 0);
}

/// Runs `body` as JavaScript in the test page (for events web-sys would need extra features to build).
fn run_js(body: &str) {
    js_sys::Function::new_no_args(body)
        .call0(&wasm_bindgen::JsValue::NULL)
        .unwrap();
}

/// The writer ids of the journals in `localStorage` (`tagmark.journal.<writer>.<n>`).
fn journal_writers() -> Vec<String> {
    let local = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let mut writers: Vec<String> = (0..local.length().unwrap())
        .filter_map(|i| local.key(i).unwrap())
        .filter_map(|k| {
            k.strip_prefix("tagmark.journal.")
                .and_then(|rest| rest.rsplit_once('.'))
                .map(|(w, _)| w.to_string())
        })
        .collect();
    writers.dedup();
    writers
}

// Regression: the app's window and document listeners (page hide, visibility) and its
// other-tab channel were leaked with `Closure::forget`, so an app mounted again (as
// these tests do) kept the old app's listeners, which then ran on a disposed app.
#[wasm_bindgen_test]
async fn a_remounted_app_keeps_no_listener_of_the_old_one() {
    {
        let (root, handle) = mount().await;
        until("the store is read", || save_state(&root) != "loading").await;
        drop(handle);
        root.remove();
    }
    let (root, _handle) = mount().await;
    until("the store is read", || save_state(&root) != "loading").await;
    // An old listener running on the disposed app would fail (a panic, reported as an error).
    run_js("window.__listener_errors = []; window.addEventListener('error', (e) => window.__listener_errors.push(String(e.message)));");

    // One key press acts once: `?` opens the shortcuts (a second listener would close them again).
    run_js(
        "document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '?', bubbles: true }))",
    );
    until("the shortcuts open", || {
        all(&root, "[data-testid=shortcuts]").len() == 1
    })
    .await;
    // Esc closes the dialog once, through the one Esc path.
    run_js("document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))");
    until("the shortcuts close", || {
        all(&root, "[data-testid=shortcuts]").is_empty()
    })
    .await;

    // Hiding the page writes one journal, this app's: no old listener runs.
    type_source(&root, "<x>unsaved</x> when the page is hidden").await;
    run_js(
        "Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
         document.dispatchEvent(new Event('visibilitychange'));
         delete document.hidden;",
    );
    leptos::task::tick().await;
    assert_eq!(
        journal_writers().len(),
        1,
        "journals written on hide: {:?}",
        journal_writers()
    );
    until("the document is saved", || {
        settled() && save_state(&root) == "saved"
    })
    .await;
    assert!(journal_writers().is_empty(), "the save removes the journal");
    let errors =
        js_sys::Reflect::get(&web_sys::window().unwrap(), &"__listener_errors".into()).unwrap();
    assert_eq!(
        js_sys::Array::from(&errors).length(),
        0,
        "errors in listeners: {errors:?}"
    );
}

/// What waits for the paint runs in order, the source pane's copy first, and each job in a
/// frame of its own: several in one gap between frames made one long frame.
#[wasm_bindgen_test]
async fn after_paint_jobs_run_in_order_one_frame_each() {
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;
    let owner = leptos::prelude::Owner::new();
    owner.set();
    // Count the frames while the jobs run.
    let frames = Rc::new(Cell::new(0u32));
    let stop = Rc::new(Cell::new(false));
    {
        let (frames, stop) = (Rc::clone(&frames), Rc::clone(&stop));
        wasm_bindgen_futures::spawn_local(async move {
            while !stop.get() {
                next_frame().await;
                frames.set(frames.get() + 1);
            }
        });
    }
    let queue = tagmark_app::after_paint::AfterPaint::one_per_frame();
    let log: Rc<RefCell<Vec<(&'static str, u32)>>> = Rc::new(RefCell::new(Vec::new()));
    for name in ["corpus copy", "assistants"] {
        let (log, frames) = (Rc::clone(&log), Rc::clone(&frames));
        queue.push(move || log.borrow_mut().push((name, frames.get())));
    }
    {
        let (log, frames) = (Rc::clone(&log), Rc::clone(&frames));
        queue.push_first(move || log.borrow_mut().push(("source pane", frames.get())));
    }
    assert!(log.borrow().is_empty(), "nothing runs before the paint");
    for _ in 0..600 {
        if log.borrow().len() == 3 {
            break;
        }
        next_frame().await;
    }
    stop.set(true);
    let log = log.borrow();
    let names: Vec<&str> = log.iter().map(|(n, _)| *n).collect();
    assert_eq!(names, ["source pane", "corpus copy", "assistants"]);
    assert!(
        log.windows(2).all(|w| w[0].1 < w[1].1),
        "each job after a frame of its own: {log:?}"
    );
}
