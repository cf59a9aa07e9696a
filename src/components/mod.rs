//! The app's components, one small module each.

mod corpus_panel;
mod diagnostics;
mod doc_list;
mod export_build;
mod export_dialog;
mod header;
mod import_export;
mod import_read;
mod label_manager;
mod label_picker;
mod legend;
mod overlay;
mod rendered;
mod shortcuts;
mod source_pane;
mod storage_banners;
mod storage_controls;

pub use corpus_panel::{open as open_corpus_panel, CorpusPanel};
pub use diagnostics::Diagnostics;
pub use doc_list::DocList;
pub use header::Header;
pub use import_export::ImportExport;
pub use import_read::{provide_import_report, ImportReport, ReportLine};
pub use label_manager::LabelManager;
pub use label_picker::LabelPicker;
pub use legend::Legend;
pub(crate) use overlay::{close_on_escape, provide_dialogs, Overlay, Dialogs};
pub use rendered::Rendered;
pub use shortcuts::ShortcutsOverlay;
pub use source_pane::SourcePane;
pub use storage_banners::StorageBanners;
pub use storage_controls::StorageControls;

use crate::state::AppState;

/// The app state from context; components are only used under [`crate::App`].
pub(crate) fn use_state() -> AppState {
    leptos::prelude::expect_context::<AppState>()
}
