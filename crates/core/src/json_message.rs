//! serde_json's error messages without their position, for errors that
//! carry the line and column in fields of their own.

/// serde_json's message without its trailing ` at line L column C`.
pub(crate) fn strip_position(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let suffix = format!(" at line {} column {}", e.line(), e.column());
    full.strip_suffix(&suffix)
        .map(str::to_string)
        .unwrap_or(full)
}
