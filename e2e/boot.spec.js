// First load (issue 8): a long document restored from the browser's storage shows its first
// screen before the rest is rendered and before the source textarea is filled; whatever the user
// does meanwhile, in either pane, is kept.
//   [data-testid="source"]  editable from the start: it holds only the window of lines in view
//                           (window.__tagmark_source() reads the whole text)
//   [data-testid="mark"]    one per span; a long document's marks arrive over several frames
// Speed is not tested here: scripts/bench_boot.mjs prints the figures.
import { test, expect } from '@playwright/test';

/** A ~300 KB seed with 1,800 spans in 600 paragraphs. */
function longSeed() {
  const filler = 'The report describes the training run, the data mixture and the evaluation suite in detail, '
    + 'with notes on what went wrong and how it was fixed along the way. ';
  const paragraphs = [];
  for (let i = 0; i < 600; i++) {
    paragraphs.push(`Paragraph ${i}: the <model>Model-${i}</model> has <params>${i + 1} billion</params> parameters `
      + `and was trained in <country>Japan</country>. ${filler.repeat(3)}`);
  }
  return { source: paragraphs.join('\n\n'), spans: 1800 };
}

/** Opens the long seed in a fresh page and waits until it is drawn whole and saved. */
async function openAndSave(page) {
  const seed = longSeed();
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  await page.evaluate((doc) => window.__tagmark_open([doc]), { name: 'long.txt', source: seed.source });
  await expect(page.locator('[data-testid="mark"]')).toHaveCount(seed.spans, { timeout: 20_000 });
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 20_000 });
  return seed;
}

test('typing while a restored long document is still arriving loses nothing', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const { source, spans } = await openAndSave(page);

  // On the next load, the moment the first mark of the document itself is in the page (in the
  // same task, so before the next paint; the preview drawn before it is inert, see the next
  // test): record what is on screen, then put the focus in the source pane.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.querySelector('[data-testid="rendered"]:not([inert]) [data-testid="mark"]')) return;
      observer.disconnect();
      const textarea = document.querySelector('[data-testid="source"]');
      const seen = {
        marks: document.querySelectorAll('[data-testid="mark"]').length,
        readOnly: textarea.readOnly,
        valueBefore: textarea.value.length,
      };
      textarea.focus();
      seen.valueAfterFocus = textarea.value.length;
      seen.readOnlyAfterFocus = textarea.readOnly;
      window.__first_screen = seen;
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await page.waitForFunction(() => window.__first_screen !== undefined);
  const seen = await page.evaluate(() => window.__first_screen);
  // The first screen came before the rest of the marks...
  expect(seen.marks).toBeGreaterThan(0);
  expect(seen.marks).toBeLessThan(spans);
  // ...and the source pane was editable, holding the first lines (a window: not the whole text).
  expect(seen.readOnly).toBe(false);
  expect(seen.valueAfterFocus).toBeGreaterThan(0);
  expect(seen.valueAfterFocus).toBeLessThan(source.length);

  const textarea = page.locator('[data-testid="source"]');
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' Then <year>2024</year>.');
  await expect.poll(() => page.evaluate(() => window.__tagmark_source())).toBe(`${source} Then <year>2024</year>.`);
  // An edit in the rendered pane meanwhile is kept as well: delete the first span.
  const first = page.locator('[data-testid="mark"]').first();
  await first.click();
  await expect(first).toHaveClass(/mark--selected/);
  await page.keyboard.press('Delete');
  await expect(page.locator('[data-testid="mark"]')).toHaveCount(spans, { timeout: 20_000 }); // -1 +1
  const expected = `${source.replace('<model>Model-0</model>', 'Model-0')} Then <year>2024</year>.`;
  await expect.poll(() => page.evaluate(() => window.__tagmark_source())).toBe(expected);

  // And all of it is what the next load restores.
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 20_000 });
  await page.reload();
  await expect(page.locator('[data-testid="mark"]')).toHaveCount(spans, { timeout: 20_000 });
  await expect(page.locator('[data-testid="mark"]').last()).toHaveAttribute('data-label', 'year');
  await textarea.focus();
  await expect.poll(() => page.evaluate(() => window.__tagmark_source())).toBe(expected);
  expect(errors).toEqual([]);
});

test('a restored long document is drawn first from its saved first screen, whose elements it keeps', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const { source, spans } = await openAndSave(page);

  // On the next load, in the task that puts the first mark in the page: what is drawn, and
  // whether the page lets anything be typed yet.
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      const mark = document.querySelector('[data-testid="mark"]');
      if (!mark) return;
      observer.disconnect();
      const pane = document.querySelector('[data-testid="rendered"]');
      const textarea = document.querySelector('[data-testid="source"]');
      window.__first_mark = mark;
      window.__first_screen = {
        inert: pane.inert,
        busy: pane.getAttribute('aria-busy'),
        readOnly: textarea.readOnly,
        marks: document.querySelectorAll('[data-testid="mark"]').length,
        first: [mark.textContent, mark.dataset.label, mark.dataset.start, mark.dataset.end],
        last: [...document.querySelectorAll('[data-testid="mark"]')].pop().dataset.start,
      };
    }).observe(document, { childList: true, subtree: true });
  });
  await page.reload();
  await page.waitForFunction(() => window.__first_screen !== undefined);
  const seen = await page.evaluate(() => window.__first_screen);
  // The first marks were the preview's: drawn while the document was still being read, in a
  // pane that takes no input, beside a source pane that takes no typing.
  expect(seen).toMatchObject({ inert: true, busy: 'true', readOnly: true });
  expect(seen.marks).toBeGreaterThan(0);
  expect(seen.marks).toBeLessThan(spans);
  expect(seen.first).toEqual(['Model-0', 'model', '17', '24']);

  // Then the whole document, in the same elements: the preview's first mark is the document's.
  await expect(page.locator('[data-testid="mark"]')).toHaveCount(spans, { timeout: 20_000 });
  await expect(page.locator('[data-testid="rendered"]')).not.toHaveAttribute('inert');
  await expect(page.locator('[data-testid="source"]')).not.toHaveAttribute('readonly');
  expect(await page.evaluate(() => window.__first_mark.isConnected
    && window.__first_mark === document.querySelector('[data-testid="mark"]'))).toBe(true);
  // Every mark the preview drew is still there, at the same place.
  const sameLast = await page.evaluate((start) => document.querySelectorAll(`[data-testid="mark"][data-start="${start}"]`).length, seen.last);
  expect(sameLast).toBe(1);
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 20_000 });
  expect(await page.evaluate(() => window.__tagmark_source())).toBe(source);

  // A cleared corpus leaves no first screen behind to be drawn on the next load.
  await page.locator('[data-testid="clear-corpus"]').click();
  await page.locator('[data-testid="confirm-yes"]').click();
  await expect(page.locator('[data-testid="mark"]')).toHaveCount(0);
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 20_000 });
  expect(await page.evaluate(() => localStorage.getItem('tagmark.preview'))).toBeNull();
  await page.evaluate(() => { delete window.__first_screen; });
  await page.reload();
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  expect(await page.evaluate(() => window.__first_screen)).toBeUndefined();
  await expect(page.locator('[data-testid="mark"]')).toHaveCount(0);
  expect(errors).toEqual([]);
});
