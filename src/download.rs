//! Getting an export out of the page: a download (a Blob behind an object URL,
//! clicked through an `<a download>`) or the clipboard. Everything stays in the
//! browser; nothing is sent anywhere.

use std::time::Duration;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// How long an object URL is kept after its download starts (the browser reads it asynchronously).
const REVOKE_AFTER: Duration = Duration::from_secs(60);

fn js_message(e: JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Offers `bytes` as a file named `name` of type `mime` for download.
pub fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let document = window.document().ok_or("no document")?;
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(js_message)?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(js_message)?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(js_message)?
        .dyn_into()
        .map_err(|_| "not an anchor")?;
    anchor.set_href(&url);
    anchor.set_download(name);
    anchor.set_hidden(true);
    let body = document.body().ok_or("no body")?;
    body.append_child(&anchor).map_err(js_message)?;
    anchor.click();
    anchor.remove();
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        REVOKE_AFTER,
    );
    Ok(())
}

/// Puts `text` on the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let window = web_sys::window().ok_or("no window")?;
    let clipboard = window.navigator().clipboard();
    JsFuture::from(clipboard.write_text(text))
        .await
        .map(|_| ())
        .map_err(js_message)
}

/// Reads a file's bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    bytes_of(JsFuture::from(file.array_buffer())).await
}

/// Reads many files at once: every read is started before the first is awaited,
/// so the browser reads them in parallel. Results are in the order of `files`.
pub async fn read_all(files: &[web_sys::File]) -> Vec<Result<Vec<u8>, String>> {
    let reads: Vec<JsFuture> = files
        .iter()
        .map(|f| JsFuture::from(f.array_buffer()))
        .collect();
    let mut out = Vec::with_capacity(reads.len());
    for read in reads {
        out.push(bytes_of(read).await);
    }
    out
}

async fn bytes_of(read: JsFuture) -> Result<Vec<u8>, String> {
    let buffer = read.await.map_err(js_message)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
