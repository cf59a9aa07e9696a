//! The writer: whether this tab may write over the stored corpus record
//! ([`check_write`], [`Writer`]), or another tab saved since ([`Conflict`]).

use std::fmt;

use super::MetaRecord;

/// Another tab saved the corpus since this tab last read or wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Conflict {
    /// The revision stored now.
    pub stored_revision: u64,
    /// The tab that wrote it.
    pub stored_writer: String,
    /// The revision this tab last read or wrote.
    pub seen_revision: u64,
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "another tab saved this corpus after this tab last loaded or saved it (it is at revision {}, this tab saw revision {}): \
             reload this tab to see that tab's work, or export a backup of this tab's version first",
            self.stored_revision, self.seen_revision
        )
    }
}

impl std::error::Error for Conflict {}

/// May the tab `my_id`, which last read or wrote revision `my_last_seen_revision`,
/// write over the stored corpus record (`stored_revision` by `stored_writer`;
/// pass `0, ""` when there is none)?
///
/// Yes when nothing is stored, when the stored revision is the one this tab saw,
/// or when this tab wrote it. Otherwise another tab wrote since — or the store
/// was replaced — and writing would silently undo its work: [`Conflict`].
/// Tab ids must be unique per page load (not kept in `sessionStorage`, which a
/// duplicated tab copies).
pub fn check_write(
    stored_revision: u64,
    stored_writer: &str,
    my_last_seen_revision: u64,
    my_id: &str,
) -> Result<(), Conflict> {
    let nothing_stored = stored_revision == 0 && stored_writer.is_empty();
    if nothing_stored || stored_revision == my_last_seen_revision || stored_writer == my_id {
        Ok(())
    } else {
        Err(Conflict {
            stored_revision,
            stored_writer: stored_writer.to_string(),
            seen_revision: my_last_seen_revision,
        })
    }
}

/// One tab's side of [`check_write`]: its id and the revision it last saw.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Writer {
    /// This tab's id.
    pub id: String,
    /// The revision of the corpus record this tab last read or wrote.
    pub seen: u64,
}

impl Writer {
    /// A tab that has seen nothing yet.
    pub fn new(id: impl Into<String>) -> Writer {
        Writer {
            id: id.into(),
            seen: 0,
        }
    }

    /// Records the corpus record read on load (`None` when there was none).
    pub fn loaded(&mut self, meta: Option<&MetaRecord>) {
        self.seen = meta.map_or(0, |m| m.revision);
    }

    /// Checks the stored record (`None` when there is none) and returns the
    /// revision to write, one past the stored one.
    pub fn begin(&self, stored: Option<&MetaRecord>) -> Result<u64, Conflict> {
        let (revision, writer) = stored.map_or((0, ""), |m| (m.revision, m.writer.as_str()));
        check_write(revision, writer, self.seen, &self.id)?;
        // A stored record may say anything: a revision never wraps.
        Ok(revision.saturating_add(1))
    }

    /// The revision to write when the user chose to overwrite the other tab's work.
    pub fn overwrite(&self, stored: Option<&MetaRecord>) -> u64 {
        stored.map_or(0, |m| m.revision).saturating_add(1)
    }

    /// Records that `revision` was written (call when the transaction completes).
    pub fn committed(&mut self, revision: u64) {
        self.seen = revision;
    }
}
