// Starts reading the saved corpus from IndexedDB as soon as the page is parsed, while the app's
// WebAssembly is still being fetched and compiled; the app (src/storage.rs, `restore`) takes the
// result from window.__tagmark_prefetch instead of reading the store itself.
//
// It opens the database exactly as the app does (name "tagmark", version 1, object stores "docs"
// and "meta", created when missing), reads the corpus record and every document record in one
// read-only transaction, and closes its connection. The promise resolves to
// { meta: string | undefined, docs: string[] }, or to null when anything fails: the app then
// reads the store itself and reports the problem as usual.
//
// Before that it reads the preview record (the current document's first blocks, a few KB;
// tagmark_core::store::Preview) in a read-only transaction of its own, which IndexedDB
// finishes long before the one reading every document: window.__tagmark_prefetch_preview
// resolves to its JSON string, or to null (none, or anything failed). The app draws it
// while the rest is read and parsed.
(() => {
  const DB = 'tagmark';
  const VERSION = 1;
  const STORES = ['docs', 'meta'];
  let resolvePreview;
  window.__tagmark_prefetch_preview = new Promise((resolve) => {
    resolvePreview = resolve;
  });
  window.__tagmark_prefetch = new Promise((resolveAll) => {
    const resolve = (value) => {
      resolvePreview(null); // if it has not resolved yet, it never will
      resolveAll(value);
    };
    let request;
    try {
      request = indexedDB.open(DB, VERSION);
    } catch {
      resolve(null);
      return;
    }
    request.onupgradeneeded = () => {
      const db = request.result;
      for (const name of STORES) if (!db.objectStoreNames.contains(name)) db.createObjectStore(name);
    };
    request.onerror = () => resolve(null);
    request.onblocked = () => resolve(null);
    request.onsuccess = () => {
      const db = request.result;
      // Another page that upgrades the schema must not wait for this connection.
      db.onversionchange = () => db.close();
      try {
        const ptx = db.transaction(['meta'], 'readonly');
        const preview = ptx.objectStore('meta').get('preview');
        ptx.oncomplete = () => resolvePreview(typeof preview.result === 'string' ? preview.result : null);
        ptx.onerror = ptx.onabort = () => resolvePreview(null);
      } catch {
        resolvePreview(null);
      }
      try {
        const tx = db.transaction(STORES, 'readonly');
        const meta = tx.objectStore('meta').get('corpus');
        const docs = tx.objectStore('docs').getAll();
        tx.oncomplete = () => {
          db.close();
          resolve({ meta: meta.result, docs: docs.result });
        };
        tx.onerror = tx.onabort = () => {
          db.close();
          resolve(null);
        };
      } catch {
        db.close();
        resolve(null);
      }
    };
  });
})();
