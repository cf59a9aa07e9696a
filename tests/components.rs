//! Component tests in headless Chromium (wasm-bindgen-test): mount the app, act, read the DOM.
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use gloo_timers::future::sleep;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement, HtmlTextAreaElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts a fresh app in its own container (with nothing saved from an earlier test).
fn mount() -> (Element, impl Drop) {
    let window = web_sys::window().unwrap();
    window.local_storage().unwrap().unwrap().clear().unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone().unchecked_into(), tagmark_app::App);
    (root, handle)
}

fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length()).filter_map(|i| list.item(i)?.dyn_into().ok()).collect()
}

fn one(root: &Element, selector: &str) -> Element {
    root.query_selector(selector).unwrap().unwrap_or_else(|| panic!("no {selector}"))
}

async fn type_source(root: &Element, text: &str) {
    let textarea: HtmlTextAreaElement = one(root, "[data-testid=source]").dyn_into().unwrap();
    textarea.set_value(text);
    let event = web_sys::Event::new("input").unwrap();
    textarea.dispatch_event(&event).unwrap();
    // Past the parse debounce, then let the view update.
    sleep(tagmark_app::state::PARSE_DEBOUNCE + Duration::from_millis(80)).await;
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn example_button_renders_eleven_marks() {
    let (root, _handle) = mount();
    leptos::task::tick().await;
    assert!(root.query_selector("[data-testid=empty-state]").unwrap().is_some());
    one(&root, "[data-testid=load-example]").unchecked_into::<HtmlElement>().click();
    leptos::task::tick().await;
    sleep(Duration::from_millis(20)).await;

    let marks = all(&root, "[data-testid=mark]");
    let labels: Vec<String> = marks.iter().map(|m| m.get_attribute("data-label").unwrap()).collect();
    assert_eq!(
        labels,
        [
            "model", "params", "country", "hardware", "training", "year", "model", "model", "params",
            "hardware", "year"
        ]
    );
    // A mark's text is exactly its span's text (the label is drawn by CSS).
    assert_eq!(marks[0].text_content().unwrap(), "NeuraScale-9");
    assert_eq!(marks[3].text_content().unwrap(), "512 NVIDIA A100 GPUs");
    // Offsets are code points into the plain text.
    let plain: Vec<char> = one(&root, "[data-testid=rendered]").text_content().unwrap().chars().collect();
    for mark in &marks {
        let start: usize = mark.get_attribute("data-start").unwrap().parse().unwrap();
        let end: usize = mark.get_attribute("data-end").unwrap().parse().unwrap();
        assert_eq!(plain[start..end].iter().collect::<String>(), mark.text_content().unwrap());
    }
    let legend = all(&root, "[data-testid=legend-item]");
    assert_eq!(legend.len(), 6);
    let name = |el: &Element, sel: &str| el.query_selector(sel).unwrap().unwrap().text_content().unwrap();
    assert_eq!(name(&legend[0], ".legend__name"), "model");
    assert_eq!(name(&legend[0], ".legend__count"), "3");
    assert_eq!(name(&legend[0], ".legend__key"), "1");
    // Paragraphs are kept.
    assert_eq!(all(&root, ".block").len(), 3);
}

#[wasm_bindgen_test]
async fn broken_tags_are_reported_and_kept() {
    let (root, _handle) = mount();
    type_source(&root, "a <b>bold\nand </i> more").await;
    let diagnostics = all(&root, "[data-testid=diagnostic]");
    assert_eq!(diagnostics.len(), 2);
    assert!(diagnostics[0].text_content().unwrap().starts_with("1:3`<b>` is never closed"));
    assert!(diagnostics[1].text_content().unwrap().starts_with("2:5`</i>`"));
    // No text is lost: the broken tags stay in the rendered text.
    assert_eq!(one(&root, "[data-testid=rendered]").text_content().unwrap(), "a <b>bold\nand </i> more");

    // Clicking a diagnostic selects the tag in the source.
    diagnostics[1].query_selector("button").unwrap().unwrap().unchecked_into::<HtmlElement>().click();
    leptos::task::tick().await;
    let textarea: HtmlTextAreaElement = one(&root, "[data-testid=source]").dyn_into().unwrap();
    assert_eq!(textarea.selection_start().unwrap(), Some(14));
    assert_eq!(textarea.selection_end().unwrap(), Some(18));
}

#[wasm_bindgen_test]
async fn pasted_html_is_text() {
    let (root, _handle) = mount();
    type_source(&root, "<img src=x onerror=alert(1)> and <x>&lt;script&gt;</x>").await;
    let rendered = one(&root, "[data-testid=rendered]");
    assert!(rendered.query_selector("img, script").unwrap().is_none());
    assert_eq!(rendered.text_content().unwrap(), "<img src=x onerror=alert(1)> and <script>");
    assert_eq!(all(&root, "[data-testid=mark]").len(), 1);
}

#[wasm_bindgen_test]
async fn emoji_offsets_are_code_points() {
    let (root, _handle) = mount();
    type_source(&root, "👨🏻‍🚒 firemen drive <v>firetrucks</v>\r\n<a>x <b>y</b></a>").await;
    let marks = all(&root, "[data-testid=mark]");
    assert_eq!(marks.len(), 3);
    assert_eq!(marks[0].get_attribute("data-start").as_deref(), Some("19"));
    assert_eq!(marks[0].get_attribute("data-end").as_deref(), Some("29"));
    // Nested spans: both visible, the inner inside the outer.
    assert_eq!(marks[1].get_attribute("data-label").as_deref(), Some("a"));
    assert!(marks[1].contains(Some(&marks[2])));
}
