// Smoke test of tagmark's stable test hooks (the data-testid contract):
//   [data-testid="source"]      the textarea holding the inline-tagged source
//   [data-testid="mark"]        one element per span, with data-label, and data-start/data-end =
//                               code-point offsets into the plain text (tags removed, escapes decoded)
//   [data-testid="legend"]      the label legend
//   [data-testid="diagnostic"]  one per problem in the source, mentioning line:column
// Runs against dist/ (scripts/test.sh builds it; playwright.config.js serves it).
import { test, expect } from '@playwright/test';
import { inlineSpans } from './inline.js';
import { readFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = readFileSync(join(ROOT, 'crates/core/src/example_seed.txt'), 'utf8');
const SCREENSHOTS = join(ROOT, 'target/screenshots');

/** The spans of a well-formed source, with code-point offsets (see inline.js). */
const expectedSpans = (source) => inlineSpans(source).spans;

class TagmarkPage {
  constructor(page) {
    this.page = page;
    this.source = page.locator('[data-testid="source"]');
    this.marks = page.locator('[data-testid="mark"]');
    this.legend = page.locator('[data-testid="legend"]');
    this.diagnostics = page.locator('[data-testid="diagnostic"]');
  }
  async open() {
    await this.page.goto('/');
    await expect(this.source).toBeVisible();
  }
  /** Replaces the source (fires input events, like a paste would). */
  async setSource(text) {
    await this.source.fill(text);
  }
  /** Each legend entry's label name, hotkey and span count, as shown. */
  async legendEntries() {
    return this.legend.locator('[data-testid="legend-item"]').evaluateAll((els) => els.map((el) => ({
      name: el.querySelector('.legend__name')?.textContent,
      key: el.querySelector('.legend__key')?.textContent,
      count: el.querySelector('.legend__count')?.textContent,
    })));
  }
  async markAttributes() {
    return this.marks.evaluateAll((els) => els.map((el) => ({
      label: el.getAttribute('data-label'),
      start: Number(el.getAttribute('data-start')),
      end: Number(el.getAttribute('data-end')),
      text: el.textContent,
    })));
  }
}

test.describe('tagmark smoke', () => {
  let app;
  const dialogs = [];
  const pageErrors = [];

  test.beforeEach(async ({ page }) => {
    dialogs.length = 0;
    pageErrors.length = 0;
    page.on('dialog', async (d) => { dialogs.push(d.message()); await d.dismiss(); });
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    app = new TagmarkPage(page);
    await app.open();
  });

  test.afterEach(() => {
    expect(pageErrors, 'uncaught errors in the page').toEqual([]);
  });

  test('the source is a textarea', async () => {
    expect(await app.source.evaluate((el) => el.tagName)).toBe('TEXTAREA');
  });

  test('the example seed renders 11 marks with the right labels and offsets', async ({ page }) => {
    const expected = expectedSpans(SEED);
    expect(expected.map((s) => s.label)).toEqual([
      'model', 'params', 'country', 'hardware', 'training', 'year',
      'model', 'model', 'params', 'hardware', 'year',
    ]);

    await app.setSource(SEED);
    await expect(app.marks).toHaveCount(11); // auto-waits past the input debounce

    const marks = await app.markAttributes();
    expect(marks.map((m) => m.label)).toEqual(expected.map((s) => s.label));
    expect(marks.map((m) => [m.start, m.end])).toEqual(expected.map((s) => [s.start, s.end]));
    for (const [i, m] of marks.entries()) {
      // The element also shows its label's name, so its text only contains the span text.
      expect(m.text, `mark ${i} (${m.label})`).toContain(expected[i].text);
    }
    // The legend lists each label once, in order of first use, with its hotkey (1, 2, …)
    // and how many of the example's spans carry it.
    const counts = new Map();
    for (const s of expected) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
    const legend = await app.legendEntries();
    expect(legend).toEqual([...counts].map(([name, count], i) => ({ name, key: String(i + 1), count: String(count) })));
    expect(legend.map((e) => e.count)).toEqual(['3', '2', '1', '2', '1', '2']);

    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'example.png'), fullPage: true });
  });

  test('a broken source gets a diagnostic with line:column', async () => {
    await app.setSource('a <b>bold');
    await expect(app.diagnostics).toHaveCount(1);
    await expect(app.diagnostics).toContainText(['1:3']);
    await expect(app.diagnostics.first()).toContainText('<b>');
    await expect(app.marks).toHaveCount(0);
  });

  test('markup-looking text is shown as text, never as HTML', async ({ page }) => {
    const hostile = '<img src=x onerror=alert(1)>';
    await app.setSource(hostile);
    // Once the parse has drawn the text, the pane holds it as text: no element was made
    // from it, so nothing can load or fire an onerror later.
    await expect(page.locator('[data-testid="rendered"]')).toHaveText(hostile);
    await expect(page.locator('img, [onerror]')).toHaveCount(0);
    expect(dialogs).toEqual([]);
  });
});
