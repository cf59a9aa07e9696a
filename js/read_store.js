// Starts reading the saved corpus from IndexedDB as soon as the page is parsed, while the app's
// WebAssembly is still being fetched and compiled; the app (src/storage.rs, `restore`) takes the
// result from window.__tagmark_prefetch instead of reading the store itself.
//
// It opens the database exactly as the app does (name "tagmark", version 1, object stores "docs"
// and "meta", created when missing), reads the corpus record and every document record in one
// read-only transaction, and closes its connection. The promise resolves to
// { meta: string | undefined, docs: string[] }, or to null when anything fails: the app then
// reads the store itself and reports the problem as usual.
(() => {
  const DB = 'tagmark';
  const VERSION = 1;
  const STORES = ['docs', 'meta'];
  window.__tagmark_prefetch = new Promise((resolve) => {
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
