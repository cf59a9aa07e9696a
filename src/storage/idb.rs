//! The IndexedDB database: opening it, reading every record, and the one
//! read-write transaction of a save (all or nothing: a failed save is aborted,
//! so what was saved before stays intact).

use idb::builder::ObjectStoreBuilder;
use idb::{Database, Transaction, TransactionMode, TransactionResult};
use tagmark_core::corpus::DocId;
use tagmark_core::saver::{Mode, Saver};
use tagmark_core::store::{self, Conflict, DocRecord, MetaRecord, StoreError};
use wasm_bindgen::{JsCast, JsValue};

/// The IndexedDB database name.
pub const DB_NAME: &str = "tagmark";
/// The IndexedDB schema version (object stores, not the record format).
const DB_VERSION: u32 = 1;
const DOCS: &str = "docs";
const META: &str = "meta";
const META_KEY: &str = "corpus";

/// Opens (and creates) the database.
pub(super) async fn open() -> Result<Database, String> {
    let mut db = Database::builder(DB_NAME)
        .version(DB_VERSION)
        .add_object_store(ObjectStoreBuilder::new(DOCS))
        .add_object_store(ObjectStoreBuilder::new(META))
        .build()
        .await
        .map_err(|e| describe(&e))?;
    // A newer page in another tab (or a test deleting the database) wants it: let it.
    db.on_version_change(|ev| {
        if let Some(db) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::IdbDatabase>().ok())
        {
            db.close();
        }
    });
    db.forget_callbacks();
    Ok(db)
}

/// What the store holds.
pub(super) struct Stored {
    /// The corpus record.
    pub meta: Option<MetaRecord>,
    /// The document records.
    pub docs: Vec<DocRecord>,
    /// Records that could not be read (left in place, untouched).
    pub damaged: usize,
    /// Records written by a newer tagmark.
    pub newer: Option<StoreError>,
}

/// Reads every record in one read-only transaction.
pub(super) async fn read_all(db: &Database) -> Result<Stored, String> {
    let tx = db
        .transaction(&[DOCS, META], TransactionMode::ReadOnly)
        .map_err(|e| describe(&e))?;
    let meta_store = tx.object_store(META).map_err(|e| describe(&e))?;
    let docs_store = tx.object_store(DOCS).map_err(|e| describe(&e))?;
    let meta = meta_store
        .get(JsValue::from_str(META_KEY))
        .map_err(|e| describe(&e))?
        .await
        .map_err(|e| describe(&e))?;
    let docs = docs_store
        .get_all(None, None)
        .map_err(|e| describe(&e))?
        .await
        .map_err(|e| describe(&e))?;
    let _ = tx.await;
    Ok(decode_stored(meta, docs))
}

/// What `js/read_store.js` read from the store while the app was loading
/// (`window.__tagmark_prefetch`), taken once: later reads go to the store itself.
/// None when there is no such read or it failed.
pub(super) async fn prefetched() -> Option<Stored> {
    let window = web_sys::window()?;
    let key = JsValue::from_str("__tagmark_prefetch");
    let promise = js_sys::Reflect::get(&window, &key)
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()?;
    let _ = js_sys::Reflect::delete_property(&window, &key);
    let read = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .filter(|v| v.is_object())?;
    let meta = js_sys::Reflect::get(&read, &"meta".into())
        .ok()
        .filter(|v| !v.is_undefined());
    let docs = js_sys::Reflect::get(&read, &"docs".into())
        .ok()?
        .dyn_into::<js_sys::Array>()
        .ok()?;
    Some(decode_stored(meta, docs.iter().collect()))
}

/// Decodes the corpus record and the document records as read from the store.
fn decode_stored(meta: Option<JsValue>, docs: Vec<JsValue>) -> Stored {
    let mut stored = Stored {
        meta: None,
        docs: Vec::with_capacity(docs.len()),
        damaged: 0,
        newer: None,
    };
    if let Some(json) = meta.and_then(|v| v.as_string()) {
        match store::decode_meta(&json) {
            Ok(meta) => stored.meta = Some(meta),
            Err(e @ StoreError::Newer { .. }) => stored.newer = Some(e),
            Err(_) => stored.damaged += 1,
        }
    }
    for value in docs {
        match value.as_string().map(|json| store::decode_doc(&json)) {
            Some(Ok(doc)) => stored.docs.push(doc),
            Some(Err(e @ StoreError::Newer { .. })) => stored.newer = Some(e),
            _ => stored.damaged += 1,
        }
    }
    stored
}

/// Why a save's transaction wrote nothing.
pub(super) enum WriteError {
    /// Another tab wrote since this one last read or wrote.
    Conflict(Conflict),
    /// The store was written by a newer tagmark.
    Newer(StoreError),
    /// The browser refused (the message says what to do).
    Failed(String),
}

/// What one save writes.
pub(super) struct Batch {
    /// Normal or overwrite.
    pub mode: Mode,
    /// Replace every document record.
    pub full: bool,
    /// Document records to write.
    pub records: Vec<(DocId, String)>,
    /// Document records to delete.
    pub removed: Vec<DocId>,
}

/// The transaction of one save: checks with `saver` that no other tab wrote
/// since (reading the stored corpus record in the same transaction), then writes
/// `batch` and the corpus record `meta(revision)`. Returns the revision written.
pub(super) async fn write(
    db: &Database,
    saver: &Saver,
    batch: Batch,
    meta: impl FnOnce(u64) -> String,
) -> Result<u64, WriteError> {
    let failed = |e: idb::Error| WriteError::Failed(failure_text(&describe(&e)));
    let tx = db
        .transaction(&[DOCS, META], TransactionMode::ReadWrite)
        .map_err(failed)?;
    let raw: web_sys::IdbTransaction = tx.into();
    let tx = Transaction::from(raw.clone());
    let abort = |e: WriteError| {
        let _ = raw.abort();
        e
    };
    let meta_store = tx.object_store(META).map_err(failed).map_err(abort)?;
    let docs_store = tx.object_store(DOCS).map_err(failed).map_err(abort)?;
    let key = JsValue::from_str(META_KEY);
    let stored = meta_store
        .get(key.clone())
        .map_err(failed)
        .map_err(abort)?
        .await
        .map_err(failed)
        .map_err(abort)?;
    let stored = match stored
        .and_then(|v| v.as_string())
        .map(|json| store::decode_meta(&json))
    {
        Some(Ok(meta)) => Some(meta),
        Some(Err(e @ StoreError::Newer { .. })) => return Err(abort(WriteError::Newer(e))),
        // A damaged corpus record: the documents' own records still stand; write a sound one.
        Some(Err(_)) | None => None,
    };
    let revision = saver
        .revision(batch.mode, stored.as_ref())
        .map_err(|c| abort(WriteError::Conflict(c)))?;
    let result: Result<(), idb::Error> = (|| {
        if batch.full {
            docs_store.clear()?;
        }
        for id in &batch.removed {
            docs_store.delete(JsValue::from_f64(id.0 as f64))?;
        }
        for (id, json) in &batch.records {
            docs_store.put(
                &JsValue::from_str(json),
                Some(&JsValue::from_f64(id.0 as f64)),
            )?;
        }
        meta_store.put(&JsValue::from_str(&meta(revision)), Some(&key))?;
        Ok(())
    })();
    if let Err(e) = result {
        return Err(abort(failed(e)));
    }
    match tx.await {
        Ok(TransactionResult::Committed) => Ok(revision),
        Ok(TransactionResult::Aborted) => Err(WriteError::Failed(failure_text(&dom_error(&raw)))),
        Err(e) => {
            let inner = dom_error(&raw);
            Err(WriteError::Failed(failure_text(
                if inner.is_empty() {
                    describe(&e)
                } else {
                    inner
                }
                .as_str(),
            )))
        }
    }
}

fn dom_error(tx: &web_sys::IdbTransaction) -> String {
    tx.error()
        .map(|e| format!("{}: {}", e.name(), e.message()))
        .unwrap_or_default()
}

/// An IndexedDB error as the browser names it.
pub(super) fn describe(e: &idb::Error) -> String {
    match e {
        idb::Error::DomException(d) => format!("{}: {}", d.name(), d.message()),
        other => other.to_string(),
    }
}

/// The storage-error banner's text for a failed save whose cause is `cause`.
fn failure_text(cause: &str) -> String {
    let what = if cause.contains("QuotaExceeded") {
        "the browser's storage for this page is full"
    } else if cause.contains("InvalidState") || cause.contains("closed") {
        "the browser closed the storage (private mode, or the data was cleared)"
    } else {
        "the browser refused to store it"
    };
    format!(
        "Saving failed: {what} ({cause}). What was saved before is intact, but recent changes are only in this tab: export a backup now."
    )
}
