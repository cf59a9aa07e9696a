// The corpus panel (issue 12, "A picture of the corpus"): several documents opened as a user
// opens them, then the panel (key `I`): the chart's bars, the statuses and the inventory match the
// corpus as e2e/inline.js (an independent parser) reads it; a conflict is marked with its labels;
// a string lists its occurrences and an occurrence opens its document with the span selected; the
// panel follows a change of the corpus; axe-core finds nothing wrong with it.
//   [data-testid="corpus-panel"]     the dialog; [data-testid="open-corpus"] the header button
//   [data-testid="chart"]            SVG, role="img"; [data-testid="chart-bar"] data-label, data-count
//   [data-testid="status-counts"]    li[data-status][data-count]
//   [data-testid="inventory"]        [data-testid="inventory-string"] data-label, data-text, data-count,
//                                    data-conflict; [data-testid="inventory-conflict"] the mark
//   [data-testid="occurrence"]       data-doc (name), data-index, data-start, data-end (code points)
import { test, expect } from '@playwright/test';
import { inlineSpans } from './inline.js';
import { axeViolations } from './axe.js';

const DOCS = [
  { name: 'alpha.txt', source: 'the <org>Apple</org> phone and <org>Apple</org> again, 🗻 <city>Zürich</city>' },
  { name: 'beta.txt', source: 'an <fruit>Apple</fruit> a day\r\nand <org>Orion-3</org> in <city>Zürich</city>' },
  { name: 'gamma.txt', source: '<org>Apple</org> and <org>Orion-3</org>, <product><org>Apple</org> Watch</product>' },
  { name: 'delta.txt', source: 'no spans at all' },
];

const panel = (page) => page.locator('[data-testid="corpus-panel"]');
const bars = (page) => page.locator('[data-testid="chart-bar"]');
const strings = (page, label) => page.locator(`[data-testid="inventory-string"][data-label="${label}"]`);

async function openApp(page) {
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
}

async function openDocs(page, docs) {
  const files = docs.map((d) => ({ name: d.name, mimeType: 'text/plain', buffer: Buffer.from(d.source) }));
  await page.locator('[data-testid="open-file"]').setInputFiles(files);
  await expect(page.locator('[data-testid="doc-item"]')).toHaveCount(docs.length);
}

/** Presses a key with the focus outside text fields. */
async function press(page, key) {
  await page.evaluate(() => document.activeElement?.blur());
  await page.keyboard.press(key);
}

async function currentName(page) {
  return page.locator('[data-testid="doc-item"][aria-current="true"] .doc-item__name').textContent();
}

/** What the panel should show, worked out from the sources by e2e/inline.js. */
function expected(docs) {
  const perLabel = {};
  const perString = {}; // label -> text -> count
  const labelsOf = {}; // text -> Set of labels
  for (const d of docs) {
    for (const s of inlineSpans(d.source).spans) {
      perLabel[s.label] = (perLabel[s.label] ?? 0) + 1;
      const text = s.text.replace(/\s+/gu, ' ').trim();
      perString[s.label] ??= {};
      perString[s.label][text] = (perString[s.label][text] ?? 0) + 1;
      (labelsOf[text] ??= new Set()).add(s.label);
    }
  }
  return { perLabel, perString, labelsOf };
}

/** Bars as `{label: count}`. */
async function chart(page) {
  const pairs = await bars(page).evaluateAll((els) => els.map((el) => [el.dataset.label, Number(el.dataset.count)]));
  return Object.fromEntries(pairs);
}

/** A label's strings as `[[text, count], …]` in the order shown. */
async function listed(page, label) {
  return strings(page, label).evaluateAll((els) => els.map((el) => [el.dataset.text, Number(el.dataset.count)]));
}

test.describe('corpus panel', () => {
  const pageErrors = [];
  test.beforeEach(async ({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });
  test.afterEach(() => expect(pageErrors).toEqual([]));

  test('chart, statuses and inventory match the corpus; an occurrence opens its span', async ({ page }) => {
    await openApp(page);
    await openDocs(page, DOCS);
    // Accept alpha (the first document); the app moves on to beta.
    await press(page, 'a');
    await expect(page.locator('[data-testid="doc-item"][data-status="accepted"]')).toHaveCount(1);
    expect(await currentName(page)).toBe('beta.txt');

    await press(page, 'i');
    await expect(panel(page)).toBeVisible();
    await expect(panel(page)).toHaveAttribute('role', 'dialog');
    const want = expected(DOCS);

    // Spans per label: one bar per label with its count, longest first.
    expect(await chart(page)).toEqual(want.perLabel);
    const counts = await bars(page).evaluateAll((els) => els.map((el) => Number(el.dataset.count)));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    // Bar lengths are proportional to the counts.
    const widths = await bars(page).locator('rect').evaluateAll((els) => els.map((el) => Number(el.getAttribute('width'))));
    expect(widths[0] / widths.at(-1)).toBeCloseTo(counts[0] / counts.at(-1), 5);
    // Bars in the labels' colours: those of the marks in the annotated text (beta is shown).
    for (const label of ['fruit', 'org', 'city']) {
      const markColor = await page.locator(`[data-testid="mark"][data-label="${label}"]`).first()
        .evaluate((el) => el.style.getPropertyValue('--mark-color'));
      await expect(bars(page).and(page.locator(`[data-label="${label}"]`)).locator('rect')).toHaveAttribute('fill', markColor);
    }
    // The chart is an image with the figures in its name, and a table says the same.
    const chartEl = page.locator('[data-testid="chart"]');
    await expect(chartEl).toHaveAttribute('role', 'img');
    await expect(chartEl).toHaveAttribute('aria-label', `Spans per label: org ${want.perLabel.org}, city 2, fruit 1, product 1`);
    await expect(page.locator('[data-testid="chart-table"] tbody tr')).toHaveCount(Object.keys(want.perLabel).length);

    // Documents per status.
    const statuses = await page.locator('[data-testid="status-counts"] li').evaluateAll(
      (els) => Object.fromEntries(els.map((el) => [el.dataset.status, Number(el.dataset.count)])));
    expect(statuses).toEqual({ todo: 3, accepted: 1, rejected: 0, skipped: 0 });

    // The inventory: each label's strings with counts, most frequent first (then by text).
    const inventory = page.locator('[data-testid="inventory"]');
    await expect(inventory).toBeVisible();
    for (const [label, byText] of Object.entries(want.perString)) {
      const sorted = Object.entries(byText).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
      expect(await listed(page, label), label).toEqual(sorted);
    }
    // `Apple` is an org ×4 and a fruit ×1: marked, naming the other label, on both; Orion-3 is not.
    expect([...want.labelsOf.Apple].sort()).toEqual(['fruit', 'org']);
    const orgApple = strings(page, 'org').and(page.locator('[data-text="Apple"]'));
    await expect(orgApple).toHaveAttribute('data-conflict', 'true');
    await expect(orgApple.locator('[data-testid="inventory-conflict"]')).toHaveText('⚠ also fruit ×1');
    const fruitApple = strings(page, 'fruit').and(page.locator('[data-text="Apple"]'));
    await expect(fruitApple.locator('[data-testid="inventory-conflict"]')).toHaveText('⚠ also org ×4');
    const orion = strings(page, 'org').and(page.locator('[data-text="Orion-3"]'));
    await expect(orion).toHaveAttribute('data-conflict', 'false');
    await expect(orion.locator('[data-testid="inventory-conflict"]')).toHaveCount(0);
    await expect(page.locator('[data-testid="conflict-summary"]')).toHaveAttribute('data-count', '1');

    // A click on a string lists where it occurs: document and context, in corpus order.
    await orgApple.locator('button').click();
    await expect(orgApple.locator('button').first()).toHaveAttribute('aria-expanded', 'true');
    const occurrences = orgApple.locator('[data-testid="occurrence"]');
    await expect(occurrences).toHaveCount(4);
    const where = await occurrences.evaluateAll((els) => els.map((el) => [el.dataset.doc, Number(el.dataset.start), Number(el.dataset.end)]));
    const spansOf = (name) => inlineSpans(DOCS.find((d) => d.name === name).source).spans
      .filter((s) => s.label === 'org' && s.text === 'Apple').map((s) => [name, s.start, s.end]);
    expect(where).toEqual([...spansOf('alpha.txt'), ...spansOf('gamma.txt')]);
    await expect(occurrences.nth(1)).toContainText('the Apple phone and Apple again');
    await expect(occurrences.nth(1).locator('mark')).toHaveText('Apple');

    // Clicking the second occurrence in alpha: the panel closes, alpha is open, that span selected.
    await occurrences.nth(1).click();
    await expect(panel(page)).toHaveCount(0);
    expect(await currentName(page)).toBe('alpha.txt');
    const selected = page.locator('.mark--selected');
    await expect(selected).toHaveCount(1);
    await expect(selected).toHaveAttribute('data-label', 'org');
    await expect(selected).toHaveAttribute('data-start', String(where[1][1]));
    await expect(selected).toHaveAttribute('data-end', String(where[1][2]));

    // The panel follows the corpus: remove that span, and org has one Apple fewer.
    await page.keyboard.press('Delete');
    await expect(page.locator('[data-testid="mark"][data-label="org"]')).toHaveCount(1);
    await press(page, 'i');
    await expect(panel(page)).toBeVisible();
    expect((await chart(page)).org).toBe(want.perLabel.org - 1);
    await expect(strings(page, 'org').and(page.locator('[data-text="Apple"]'))).toHaveAttribute('data-count', '3');
    await expect(strings(page, 'fruit').and(page.locator('[data-text="Apple"]')).locator('[data-testid="inventory-conflict"]'))
      .toHaveText('⚠ also org ×3');
    await page.screenshot({ path: 'target/screenshots/corpus-panel.png' });
  });

  test('from the keyboard: open with I, Enter on a string and an occurrence; Esc closes', async ({ page }) => {
    await openApp(page);
    await openDocs(page, DOCS);
    await press(page, 'I');
    await expect(panel(page)).toBeVisible();
    // The focus is inside the dialog; a string's button takes Enter.
    expect(await panel(page).evaluate((el) => el.contains(document.activeElement))).toBe(true);
    const zurich = strings(page, 'city').and(page.locator('[data-text="Zürich"]'));
    await zurich.locator('button').focus();
    await page.keyboard.press('Enter');
    const occurrences = zurich.locator('[data-testid="occurrence"]');
    await expect(occurrences).toHaveCount(2);
    await expect(occurrences.nth(1)).toHaveAttribute('data-doc', 'beta.txt');
    await occurrences.nth(1).focus();
    await page.keyboard.press('Enter');
    await expect(panel(page)).toHaveCount(0);
    expect(await currentName(page)).toBe('beta.txt');
    await expect(page.locator('.mark--selected')).toHaveAttribute('data-label', 'city');
    // Esc closes the panel and gives the focus back to what opened it.
    const button = page.locator('[data-testid="open-corpus"]');
    await button.focus();
    await page.keyboard.press('Enter');
    await expect(panel(page)).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel(page)).toHaveCount(0);
    await expect(button).toBeFocused();
    // The key is listed in the `?` overlay.
    await press(page, '?');
    await expect(page.locator('[data-testid="shortcuts"]')).toContainText('the corpus panel: spans per label');
  });

  for (const colorScheme of ['light', 'dark']) {
    test(`axe-core finds no problems in the panel, with a string open (${colorScheme} theme)`, async ({ page }) => {
      await page.emulateMedia({ colorScheme });
      await openApp(page);
      await openDocs(page, DOCS);
      await press(page, 'i');
      await expect(panel(page)).toBeVisible();
      await strings(page, 'org').first().locator('button').click();
      await expect(page.locator('[data-testid="occurrence"]').first()).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test('an empty corpus says so', async ({ page }) => {
    await openApp(page);
    await page.locator('[data-testid="open-corpus"]').click();
    await expect(panel(page)).toBeVisible();
    await expect(page.locator('[data-testid="corpus-summary"]')).toHaveText('0 documents · 0 spans · 0 labels');
    await expect(bars(page)).toHaveCount(0);
    await expect(page.locator('[data-testid="chart"]')).toHaveAttribute('aria-label', 'Spans per label: no spans yet');
    expect(await axeViolations(page)).toEqual([]);
  });
});
