//! Mounts the tagmark app on the page body; everything else lives in the library.

fn main() {
    leptos::mount::mount_to_body(tagmark_app::App);
}
