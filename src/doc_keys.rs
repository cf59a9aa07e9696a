//! Keys that act on documents rather than spans (review status, next/previous document).

use crate::state::AppState;

/// Handles a key press meant for the corpus (e.g. A/X/S set the status and move on).
/// Returns true when the key was used. Called by [`crate::keys`] only when no text
/// selection or span is selected and focus is not in a text field.
pub fn handle(_state: &AppState, _ev: &web_sys::KeyboardEvent) -> bool {
    false
}
