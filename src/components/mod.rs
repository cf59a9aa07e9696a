//! The app's components, one small module each.

mod diagnostics;
mod header;
mod legend;
mod rendered;
mod source_pane;

pub use diagnostics::Diagnostics;
pub use header::Header;
pub use legend::Legend;
pub use rendered::Rendered;
pub use source_pane::SourcePane;

use crate::state::AppState;

/// The app state from context; components are only used under [`crate::App`].
pub(crate) fn use_state() -> AppState {
    leptos::prelude::expect_context::<AppState>()
}
