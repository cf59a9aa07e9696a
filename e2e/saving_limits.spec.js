// Saving at the limits (issue 9, items 12 and 14): the localStorage journal in
// bounded pieces, one per tab, not laid over another tab's later save; and a
// file too large for the browser tab.
//   [data-testid="status"]         the footer notice
//   [data-testid="progress"]       data-total: the number of documents
//   [data-testid="import-report"]  the report of an import, one line per problem
import { test, expect } from '@playwright/test';

const progress = (page) => page.locator('[data-testid="progress"]');

async function openApp(page) {
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
}

async function settled(page) {
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 10000 });
  await expect(page.locator('[data-testid="save-state"]')).toHaveAttribute('data-state', 'saved');
}

/** The page is hidden (as when the tab is switched away or closing): the app writes its journal. */
async function hide(page) {
  await page.evaluate(() => {
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
    document.dispatchEvent(new Event('visibilitychange'));
  });
}

async function journalKeys(page) {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('tagmark.journal')).sort());
}

/** The stored corpus record and document records, as IndexedDB holds them. */
async function storedRecords(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('tagmark');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction(['meta', 'docs'], 'readonly');
      const meta = tx.objectStore('meta').get('corpus');
      const docs = tx.objectStore('docs').getAll();
      tx.oncomplete = () => { open.result.close(); resolve({ meta: meta.result, docs: docs.result }); };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

test.describe('saving at the limits', () => {
  const pageErrors = [];
  test.beforeEach(async ({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  test.afterEach(() => expect(pageErrors).toEqual([]));

  test('a journal larger than localStorage holds is kept in pieces, and the user is told', async ({ page }) => {
    // IndexedDB refuses every write (nothing is ever saved), and localStorage holds
    // about 600 KB of journal: the unsaved import of 40 documents of 20 KB does not fit.
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
      const setItem = Storage.prototype.setItem;
      Storage.prototype.setItem = function (key, value) {
        const used = Object.keys(this).filter((k) => k.startsWith('tagmark.journal') && k !== key)
          .reduce((n, k) => n + this.getItem(k).length, 0);
        if (key.startsWith('tagmark.journal') && used + String(value).length > 600_000) {
          throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        }
        return setItem.call(this, key, value);
      };
    });
    await openApp(page);
    const docs = Array.from({ length: 40 }, (_, i) => ({
      name: `doc${String(i).padStart(2, '0')}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`<n>${i}</n> ` + 'lorem ipsum '.repeat(1700)),
    }));
    await page.locator('[data-testid="import-files"]').setInputFiles(docs);
    await expect(progress(page)).toHaveAttribute('data-total', '40');
    await hide(page);
    const status = page.locator('[data-testid="status"]');
    await expect(status).toContainText(/localStorage is full: \d+ of 40 unsaved documents could not be kept/);
    const keys = await journalKeys(page);
    expect(keys.length).toBeGreaterThan(1);
    expect(keys.every((k) => /^tagmark\.journal\.tab-[0-9a-f-]+\.\d+$/.test(k))).toBe(true);
    const sizes = await page.evaluate((keys) => keys.map((k) => localStorage.getItem(k).length), keys);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(300_000);
    const lost = Number((await status.textContent()).match(/full: (\d+) of 40/)[1]);
    expect(lost).toBeGreaterThan(0);
    expect(lost).toBeLessThan(40);

    // The next visit brings back the documents the journal held.
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(progress(page)).toHaveAttribute('data-total', String(40 - lost));
  });

  test("a journal from a tab that lost a two-tab conflict is not laid over the other tab's save", async ({ page }) => {
    await openApp(page);
    await page.locator('[data-testid="import-files"]').setInputFiles([
      { name: 'alpha.txt', mimeType: 'text/plain', buffer: Buffer.from('the <model>NeuraScale-9</model> model') },
    ]);
    await expect(progress(page)).toHaveAttribute('data-total', '1');
    await settled(page);
    let { meta, docs } = await storedRecords(page);
    // What another tab, closed before its save, would have left: its edit of the
    // document, based on a revision older than the one stored (it lost the conflict).
    const journal = (base, writer, text) => {
      const doc = JSON.parse(docs[0]);
      doc.source = text;
      const m = JSON.parse(meta);
      m.writer = writer;
      m.revision = 0;
      const header = { format: 'tagmark-journal', version: m.version, meta: JSON.stringify(m), docs: [], removed: [], base, parts: 1 };
      const part = { format: 'tagmark-journal-part', version: m.version, docs: [JSON.stringify(doc)] };
      return { [`tagmark.journal.${writer}.0`]: JSON.stringify(header), [`tagmark.journal.${writer}.1`]: JSON.stringify(part) };
    };
    const put = (items) => page.evaluate((items) => Object.entries(items).forEach(([k, v]) => localStorage.setItem(k, v)), items);

    await put(journal(JSON.parse(meta).revision - 1, 'tab-lost', 'stale <model>X</model> edit'));
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(page.locator('[data-testid="status"]')).toContainText('were not restored: another tab saved the corpus after it');
    await expect(page.locator('[data-testid="source"]')).toHaveValue('the <model>NeuraScale-9</model> model');
    expect(await journalKeys(page)).toEqual(['tagmark.journal.tab-lost.0', 'tagmark.journal.tab-lost.1']);

    // A journal based on the stored revision is laid over, saved, and removed.
    await page.evaluate(() => Object.keys(localStorage).forEach((k) => localStorage.removeItem(k)));
    ({ meta, docs } = await storedRecords(page));
    await put(journal(JSON.parse(meta).revision, 'tab-closed', 'fresh <model>Y</model> edit'));
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(page.locator('[data-testid="source"]')).toHaveValue('fresh <model>Y</model> edit');
    await expect(page.locator('[data-testid="status"]')).toContainText('Restored');
    await settled(page);
    expect(await journalKeys(page)).toEqual([]);
  });

  test('a file too large for the browser is refused by name and limit; the others are opened', async ({ page }) => {
    // A 300 MiB file is not made for real: the File's size says so (the app reads it before anything else).
    await page.addInitScript(() => {
      const size = Object.getOwnPropertyDescriptor(Blob.prototype, 'size').get;
      Object.defineProperty(File.prototype, 'size', {
        configurable: true,
        get() { return this.name === 'huge.jsonl' ? 300 * 1024 * 1024 : size.call(this); },
      });
    });
    await openApp(page);
    await page.locator('[data-testid="import-files"]').setInputFiles([
      { name: 'huge.jsonl', mimeType: 'application/json', buffer: Buffer.from('{"text": "never read", "label": []}\n') },
      { name: 'small.txt', mimeType: 'text/plain', buffer: Buffer.from('the <model>NeuraScale-9</model> model') },
    ]);
    await expect(progress(page)).toHaveAttribute('data-total', '1');
    await expect(page.locator('[data-testid="import-report"]'))
      .toContainText('`huge.jsonl` is too large: 300 MiB is over the limit of 256 MiB');
    await expect(page.locator('[data-testid="source"]')).toHaveValue('the <model>NeuraScale-9</model> model');
  });
});
