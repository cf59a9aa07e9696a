// Corpus end to end (issue 5): many documents, review status by key, autosave to IndexedDB and
// restore on reload, a full quota, two tabs.
//   [data-testid="doc-item"]       one per listed document (virtual list: only rows in view), with
//                                  data-status (todo/accepted/rejected/skipped), data-index, and
//                                  aria-current="true" on the current document
//   [data-testid="progress"]       data-done / data-total
//   [data-testid="save-state"]     data-state: loading / pending / saving / saved / failed
//   [data-testid="storage-error"]  banner when storage fails, with "Export a backup now"
//   [data-testid="conflict"]       banner when another tab saved over this tab's unsaved work
//   [data-testid="clear-corpus"]   asks first ([data-testid="confirm-dialog"])
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';

// Five small seeds, each with its own label so that the label set shows what was visited.
const DOCS = [
  { name: 'alpha.txt', source: 'the <model>NeuraScale-9</model> model' },
  { name: 'beta.txt', source: 'released in <year>2023</year>' },
  { name: 'gamma.txt', source: 'built in <country>Japan</country>' },
  { name: 'delta.txt', source: 'trained on <hardware>512 GPUs</hardware> for <training>3 months</training>' },
  { name: 'epsilon.txt', source: 'with <secret>x</secret> and <params>7B</params>' },
];

const item = (page) => page.locator('[data-testid="doc-item"]');

async function openApp(page) {
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
}

/** Opens documents as a user does: several files at once through *Open file…*. */
async function openDocs(page, docs) {
  const files = docs.map((d) => ({ name: d.name, mimeType: 'text/plain', buffer: Buffer.from(d.source) }));
  const picker = page.locator('[data-testid="open-file"]');
  // One picker takes them all (setInputFiles would refuse several files otherwise).
  await expect(picker).toHaveAttribute('multiple', '');
  await picker.setInputFiles(files);
  await expect(item(page)).toHaveCount(docs.length);
  await expect(item(page).locator('.doc-item__name')).toHaveText(docs.map((d) => d.name));
}

async function statuses(page) {
  return item(page).evaluateAll((els) => els.map((el) => el.getAttribute('data-status')));
}

async function currentName(page) {
  return page.locator('[data-testid="doc-item"][aria-current="true"] .doc-item__name').textContent();
}

/** Presses a key with the focus outside text fields (the keys act on documents there). */
async function press(page, key) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(key);
}

async function saved(page) {
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 10000 });
  await expect(page.locator('[data-testid="save-state"]')).toHaveAttribute('data-state', 'saved');
}

async function backup(page, testid = 'export-backup') {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-testid="${testid}"]`).click(),
  ]);
  return JSON.parse(readFileSync(await download.path(), 'utf8'));
}

test.describe('corpus', () => {
  const pageErrors = [];
  test.beforeEach(async ({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  test.afterEach(() => expect(pageErrors).toEqual([]));

  test('statuses set by key, then everything is restored after a reload', async ({ page }) => {
    await openApp(page);
    await openDocs(page, DOCS);
    await expect(page.locator('[data-testid="progress"]')).toHaveAttribute('data-total', '5');
    expect(await currentName(page)).toBe('alpha.txt');

    await press(page, 'a'); // alpha accepted → beta
    await press(page, 'x'); // beta rejected → gamma
    await press(page, 's'); // gamma skipped → delta
    await press(page, 'k'); // back to gamma
    await press(page, 'j'); // delta
    expect(await statuses(page)).toEqual(['accepted', 'rejected', 'skipped', 'todo', 'todo']);
    expect(await currentName(page)).toBe('delta.txt');
    await expect(page.locator('[data-testid="progress"]')).toHaveAttribute('data-done', '3');
    await expect(page.locator('[data-testid="source"]')).toHaveValue(DOCS[3].source);
    await saved(page);

    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(item(page)).toHaveCount(5);
    expect(await item(page).locator('.doc-item__name').allTextContents()).toEqual(DOCS.map((d) => d.name));
    expect(await statuses(page)).toEqual(['accepted', 'rejected', 'skipped', 'todo', 'todo']);
    expect(await currentName(page)).toBe('delta.txt');
    await expect(page.locator('[data-testid="source"]')).toHaveValue(DOCS[3].source);
    await expect(page.locator('[data-testid="progress"]')).toHaveAttribute('data-done', '3');

    // The label set came back too: labels of documents visited before the reload
    // (not parsed since) are in it; the never-visited one's are not.
    const b = await backup(page);
    expect(b.format).toBe('tagmark-corpus');
    const labels = b.labels.map((l) => l.name);
    expect(labels).toEqual(expect.arrayContaining(['model', 'year', 'country', 'hardware']));
    expect(labels).not.toContain('secret');
    expect(b.docs.map((d) => d.status)).toEqual(['accepted', 'rejected', 'skipped', 'todo', 'todo']);

    // Filters and search.
    await page.locator('[data-testid="filter-status"]').selectOption('todo');
    await expect(item(page)).toHaveCount(2);
    await page.locator('[data-testid="filter-status"]').selectOption('');
    await page.locator('[data-testid="filter-label"]').selectOption('country');
    await expect(item(page)).toHaveCount(1);
    await page.locator('[data-testid="filter-label"]').selectOption('');
    await page.locator('[data-testid="search"]').fill('japan');
    await expect(page.locator('[data-testid="search-hit"]')).toHaveCount(1);
    await page.locator('[data-testid="search-hit"]').click();
    expect(await currentName(page)).toBe('gamma.txt');

    // Clearing asks first, and what is cleared stays cleared after a reload.
    await page.locator('[data-testid="clear-corpus"]').click();
    await expect(page.locator('[data-testid="confirm-dialog"]')).toContainText('Remove all 5 documents from this browser?');
    await page.locator('[data-testid="confirm-cancel"]').click();
    await expect(item(page)).toHaveCount(5);
    await page.locator('[data-testid="clear-corpus"]').click();
    await page.locator('[data-testid="confirm-yes"]').click();
    await expect(item(page)).toHaveCount(0);
    await saved(page);
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(item(page)).toHaveCount(0);

    // The backup brings it all back.
    await page.locator('[data-testid="import-backup"]').setInputFiles({
      name: 'backup.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(b)),
    });
    await expect(item(page)).toHaveCount(5);
    expect(await statuses(page)).toEqual(['accepted', 'rejected', 'skipped', 'todo', 'todo']);
    await saved(page);
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(item(page)).toHaveCount(5);
  });

  test('a restored corpus searches and filters every document before its idle preparation has run', async ({ page }) => {
    // At restore only the current document is parsed; the others are parsed and indexed for search
    // in idle slices after the first paint (src/storage/prepare.rs). The test hook
    // __tagmark_hold_prepare holds those slices back, so what is checked here runs before them.
    await openApp(page);
    await openDocs(page, DOCS);
    await press(page, 'j'); // beta current: the others are not on screen after the reload
    await saved(page);
    await page.addInitScript(() => { window.__tagmark_hold_prepare = true; });
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    expect(await currentName(page)).toBe('beta.txt');
    expect(await page.evaluate(() => window.__tagmark_prepared())).toBe(false);

    // Search reaches documents never parsed since the reload (case-insensitive, across all).
    const search = page.locator('[data-testid="search"]');
    await search.fill('THE');
    await search.press('Enter');
    await expect(page.locator('[data-testid="search-hit"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="search-hit"] .doc-search__name')).toHaveText(['alpha.txt']);
    await search.fill('in');
    await search.press('Enter');
    // "released in", "built in", "trained" (tra-in-ed): three documents, in corpus order.
    await expect(page.locator('[data-testid="search-hit"] .doc-search__name'))
      .toHaveText(['beta.txt', 'gamma.txt', 'delta.txt']);
    await page.locator('[data-testid="search-hit"]').nth(1).click();
    expect(await currentName(page)).toBe('gamma.txt');
    await expect(page.locator('[data-testid="mark"]')).toHaveText([/Japan/]);
    // The status filter needs no parse; it lists every document.
    await page.locator('[data-testid="filter-status"]').selectOption('todo');
    await expect(item(page)).toHaveCount(5);
    await page.locator('[data-testid="filter-status"]').selectOption('');

    // Once the preparation runs, the label filter offers every document's labels with their counts.
    await page.evaluate(() => { window.__tagmark_hold_prepare = false; });
    await page.waitForFunction(() => window.__tagmark_prepared() === true);
    await expect(page.locator('[data-testid="filter-label"] option')).toHaveCount(8);
    expect(await page.locator('[data-testid="filter-label"] option').allTextContents()).toEqual(expect.arrayContaining([
      'All labels', 'model (1)', 'year (1)', 'country (1)', 'hardware (1)', 'training (1)', 'secret (1)', 'params (1)',
    ]));
    await page.locator('[data-testid="filter-label"]').selectOption('secret');
    await expect(item(page).locator('.doc-item__name')).toHaveText(['epsilon.txt']);
  });

  test('the selection and the undo history of the current document survive a reload', async ({ page }) => {
    await openApp(page);
    await openDocs(page, DOCS);
    await press(page, 'j');
    await press(page, 'j');
    await press(page, 'j'); // delta: two spans
    expect(await currentName(page)).toBe('delta.txt');
    const marks = page.locator('[data-testid="mark"]');
    await expect(marks).toHaveCount(2);
    await marks.first().click();
    await expect(marks.first()).toHaveClass(/mark--selected/);
    await page.keyboard.press('Delete'); // an edit with an undo step
    await expect(marks).toHaveCount(1);
    await marks.first().click();
    await expect(marks.first()).toHaveClass(/mark--selected/);
    await saved(page);

    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    expect(await currentName(page)).toBe('delta.txt');
    await expect(marks).toHaveCount(1);
    await expect(marks.first()).toHaveAttribute('data-label', 'training');
    await expect(marks.first()).toHaveClass(/mark--selected/);
    await page.evaluate(() => document.activeElement?.blur());
    await page.keyboard.press('Control+z');
    await expect(marks).toHaveCount(2);
  });

  test('closing the tab in the middle of an edit loses nothing', async ({ page, context }) => {
    await openApp(page);
    await openDocs(page, DOCS.slice(0, 2));
    await saved(page);
    // Type in the source and close the tab at once: before the parse debounce and the
    // save debounce have run (the page saves on pagehide).
    const source = page.locator('[data-testid="source"]');
    await source.press('End');
    await source.pressSequentially(' and <year>2024</year>');
    await page.close({ runBeforeUnload: true });

    const again = await context.newPage();
    await openApp(again);
    await expect(item(again)).toHaveCount(2);
    await expect(again.locator('[data-testid="source"]')).toHaveValue(`${DOCS[0].source} and <year>2024</year>`);
    await expect(again.locator('[data-testid="mark"]')).toHaveCount(2);
  });

  test("the first release's localStorage source is moved into the new store", async ({ page }) => {
    await openApp(page);
    await page.evaluate(() => localStorage.setItem('tagmark.source', JSON.stringify('old <model>X-1</model> text')));
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(item(page)).toHaveCount(1);
    expect(await currentName(page)).toBe('document');
    await expect(page.locator('[data-testid="source"]')).toHaveValue('old <model>X-1</model> text');
    await saved(page);
    expect(await page.evaluate(() => localStorage.getItem('tagmark.source'))).toBeNull();
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(item(page)).toHaveCount(1);
  });

  test('a full quota shows the storage error at once, with a backup way out', async ({ page }) => {
    await page.addInitScript(() => {
      IDBObjectStore.prototype.put = function () {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await openApp(page);
    await openDocs(page, DOCS.slice(0, 3));
    const banner = page.locator('[data-testid="storage-error"]');
    await expect(banner).toBeVisible({ timeout: 2000 });
    await expect(banner).toContainText('full');
    await expect(page.locator('[data-testid="save-state"]')).toHaveAttribute('data-state', 'failed');
    const b = await backup(page, 'export-backup-now');
    expect(b.docs.map((d) => d.name)).toEqual(DOCS.slice(0, 3).map((d) => d.name));
    // Leaving the page wrote the unsaved work to the journal (localStorage): a reload
    // brings it back and says again that saving fails. IndexedDB holds nothing half-written.
    await page.reload();
    await page.waitForFunction(() => window.__tagmark_storage_ready === true);
    await expect(item(page)).toHaveCount(3);
    await expect(banner).toContainText('full');
    const stored = await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('tagmark');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const count = open.result.transaction('docs', 'readonly').objectStore('docs').count();
        count.onsuccess = () => resolve(count.result);
        count.onerror = () => reject(count.error);
      };
    }));
    expect(stored).toBe(0);
  });

  test('a stale tab that saves is stopped and told (revision check)', async ({ context }) => {
    const a = await context.newPage();
    const b = await context.newPage();
    // Tab b hears nothing from tab a (no BroadcastChannel): only the revision check can catch it.
    await b.addInitScript(() => { delete window.BroadcastChannel; });
    await openApp(a);
    await openApp(b);
    await openDocs(a, DOCS.slice(0, 3));
    await saved(a);
    await openDocs(b, DOCS.slice(3, 5));
    await expect(b.locator('[data-testid="conflict"]')).toContainText('Another tab saved changes', { timeout: 3000 });
    await expect(a.locator('[data-testid="conflict"]')).toHaveCount(0);
    // Keep mine: b's corpus replaces a's; a (nothing unsaved) follows.
    await b.locator('[data-testid="conflict-keep"]').click();
    await expect(b.locator('[data-testid="conflict"]')).toHaveCount(0);
    await saved(b);
    await a.reload();
    await a.waitForFunction(() => window.__tagmark_storage_ready === true);
    expect(await item(a).locator('.doc-item__name').allTextContents()).toEqual(['delta.txt', 'epsilon.txt']);
  });

  test('two tabs: a clean tab follows, changes in both at once warn', async ({ context }) => {
    const a = await context.newPage();
    const b = await context.newPage();
    await openApp(a);
    await openApp(b);
    await openDocs(a, DOCS.slice(0, 3));
    await saved(a);
    // b had nothing unsaved: it shows a's work without asking.
    await expect(item(b)).toHaveCount(3);
    await expect(b.locator('[data-testid="conflict"]')).toHaveCount(0);

    // Both change before either has saved.
    await Promise.all([a.evaluate(() => document.activeElement?.blur()), b.evaluate(() => document.activeElement?.blur())]);
    await Promise.all([a.keyboard.press('a'), b.keyboard.press('x')]);
    const warned = () => Promise.all([a, b].map((p) => p.locator('[data-testid="conflict"]').count()))
      .then((n) => n[0] + n[1]);
    await expect.poll(warned, { timeout: 5000 }).toBe(1);
    const [loser, winner] = (await a.locator('[data-testid="conflict"]').count()) ? [a, b] : [b, a];
    await expect(loser.locator('[data-testid="conflict"]')).toContainText('Another tab');

    // Reload theirs: the warned tab drops its change and shows the other's.
    const want = await statuses(winner);
    await loser.locator('[data-testid="conflict-reload"]').click();
    await expect(loser.locator('[data-testid="conflict"]')).toHaveCount(0);
    await expect.poll(() => statuses(loser)).toEqual(want);

    // Now they take turns without trouble.
    await press(loser, 's');
    await saved(loser);
    await expect.poll(() => statuses(winner)).toEqual(await statuses(loser));
    await expect(winner.locator('[data-testid="conflict"]')).toHaveCount(0);
  });
});
