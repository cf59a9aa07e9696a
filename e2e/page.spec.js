// The page itself (issue 8, "A page that behaves"): what it loads, what its Content-Security-Policy
// allows, whether axe-core finds accessibility problems, whether the keyboard reaches every control
// with a visible focus ring, and how the panes fit narrow windows.
// Runs against dist/ (scripts/test.sh builds it; playwright.config.js serves it).
import { test, expect } from '@playwright/test';
import { axeViolations } from './axe.js';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOTS = join(ROOT, 'target/screenshots');

/**
 * Records what a page does from its first request on: every request, failed responses, console
 * errors, uncaught errors and CSP violations (a `securitypolicyviolation` listener installed before
 * any of the page's own scripts run).
 */
async function watch(page) {
  const seen = { requests: [], failed: [], consoleErrors: [], pageErrors: [] };
  page.on('request', (r) => seen.requests.push(r.url()));
  page.on('response', (r) => { if (r.status() >= 400) seen.failed.push(`${r.status()} ${r.url()}`); });
  page.on('requestfailed', (r) => seen.failed.push(`${r.failure()?.errorText} ${r.url()}`));
  page.on('console', (m) => { if (m.type() === 'error') seen.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => seen.pageErrors.push(String(e)));
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'}`);
    });
  });
  return seen;
}

/** Requests that left the page's origin (data: URLs never reach the network). */
function offOrigin(seen, pageUrl) {
  const origin = new URL(pageUrl).origin;
  return seen.requests.filter((url) => !url.startsWith('data:') && new URL(url).origin !== origin);
}

/** Everything a clean page must not have done. */
async function expectWellBehaved(page, seen) {
  expect(offOrigin(seen, page.url()), 'requests that left the page origin').toEqual([]);
  expect(seen.failed, 'failed requests').toEqual([]);
  expect(seen.consoleErrors, 'console errors').toEqual([]);
  expect(seen.pageErrors, 'uncaught errors').toEqual([]);
  expect(await page.evaluate(() => window.__cspViolations), 'CSP violations').toEqual([]);
}

const source = (page) => page.locator('[data-testid="source"]');
const marks = (page) => page.locator('[data-testid="mark"]');

async function openApp(page) {
  await page.goto('/');
  await expect(source(page)).toBeVisible();
}
async function loadExample(page) {
  await page.locator('[data-testid="empty-load-example"]').click();
  await expect(marks(page)).toHaveCount(11);
}

test.describe('what the page loads and allows', () => {
  test('a fresh load: the icon is served, nothing leaves the origin, no console errors, no CSP violations', async ({ page }) => {
    const seen = await watch(page);
    const icon = page.waitForResponse((r) => /\/favicon-[0-9a-f]+\.svg$/.test(new URL(r.url()).pathname));
    await openApp(page);
    const iconResponse = await icon;
    expect(iconResponse.status()).toBe(200);
    expect(iconResponse.headers()['content-type']).toContain('image/svg+xml');
    expect(seen.requests.filter((u) => u.endsWith('/favicon.ico')), 'a request for the default favicon.ico').toEqual([]);
    await expectWellBehaved(page, seen);
  });

  test('the Content-Security-Policy forbids connections elsewhere and injected scripts', async ({ page }) => {
    const seen = await watch(page);
    await openApp(page);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");

    // A fetch to another origin is refused by the browser before it leaves the page.
    const fetchResult = await page.evaluate(() =>
      fetch('http://127.0.0.2:9/x').then(() => 'fetched', (e) => `refused: ${e.name}`));
    expect(fetchResult).toBe('refused: TypeError');
    // An injected inline script does not run.
    const ran = await page.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__injected = true;';
      document.head.append(s);
      return window.__injected === true;
    });
    expect(ran).toBe(false);
    await expect.poll(() => page.evaluate(() => window.__cspViolations.slice().sort()))
      .toEqual(['connect-src blocked http://127.0.0.2:9/x', 'script-src-elem blocked inline']);
    expect(offOrigin(seen, page.url()), 'requests that left the page origin').toEqual([]);
  });

  test('a working session (example, a span, every dialog) stays on the origin and within the policy', async ({ page }) => {
    const seen = await watch(page);
    await openApp(page);
    await loadExample(page);
    await marks(page).first().click();
    await page.keyboard.press('2');
    await expect(marks(page).first()).toHaveAttribute('data-label', 'params');
    for (const [button, dialog] of DIALOGS) {
      await page.locator(`[data-testid="${button}"]`).click();
      await expect(page.locator(`[data-testid="${dialog}"]`)).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(page.locator(`[data-testid="${dialog}"]`)).toHaveCount(0);
    }
    await expectWellBehaved(page, seen);
  });
});

/** The dialogs: the button that opens each, and the dialog's data-testid. */
const DIALOGS = [
  ['export-menu', 'export-dialog'],
  ['paste-open', 'paste-dialog'],
  ['manage-labels', 'label-manager'],
  ['show-shortcuts', 'shortcuts'],
  ['clear-corpus', 'confirm-dialog'],
];

test.describe('accessibility (axe-core)', () => {
  test('the empty page has no violations', async ({ page }) => {
    await openApp(page);
    await expect(page.locator('[data-testid="empty-state"]')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });

  test('the example, and a selected span, have no violations', async ({ page }) => {
    await openApp(page);
    await loadExample(page);
    expect(await axeViolations(page), 'the example').toEqual([]);
    await marks(page).first().click();
    await expect(page.locator('.mark--selected')).toHaveCount(1);
    expect(await axeViolations(page), 'a selected span').toEqual([]);
  });

  for (const [button, dialog] of DIALOGS) {
    test(`the ${dialog} has no violations`, async ({ page }) => {
      await openApp(page);
      await loadExample(page);
      await page.locator(`[data-testid="${button}"]`).click();
      await expect(page.locator(`[data-testid="${dialog}"]`)).toBeVisible();
      expect(await axeViolations(page)).toEqual([]);
    });
  }

  test('the label picker has no violations', async ({ page }) => {
    await openApp(page);
    await loadExample(page);
    await marks(page).first().click();
    await page.keyboard.press('m');
    await expect(page.locator('[data-testid="label-picker"]')).toBeVisible();
    expect(await axeViolations(page)).toEqual([]);
  });
});

test.describe('accessibility in the dark theme (axe-core)', () => {
  test.use({ colorScheme: 'dark' });

  test('the empty page, the example, a selected span and the confirm dialog have no violations', async ({ page }) => {
    await openApp(page);
    expect(await axeViolations(page), 'the empty page').toEqual([]);
    await loadExample(page);
    await marks(page).first().click();
    await expect(page.locator('.mark--selected')).toHaveCount(1);
    expect(await axeViolations(page), 'a selected span').toEqual([]);
    await page.locator('[data-testid="clear-corpus"]').click();
    await expect(page.locator('[data-testid="confirm-dialog"]')).toBeVisible();
    expect(await axeViolations(page), 'the confirm dialog').toEqual([]);
  });
});

/**
 * Presses Tab until the focus comes back round (or 200 presses) and returns, for each stop, the
 * element's description and whether a focus ring shows: an outline (on it, or on the label that
 * wraps a hidden file input) or the inset box-shadow the text panes use.
 */
async function tabThrough(page) {
  const stops = [];
  for (let i = 0; i < 200; i++) {
    await page.keyboard.press('Tab');
    const stop = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return null;
      if (!el.dataset.tabStop) el.dataset.tabStop = String(document.querySelectorAll('[data-tab-stop]').length);
      const ringOn = (e) => {
        const cs = getComputedStyle(e);
        const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1;
        return outline || (cs.boxShadow !== 'none' && cs.boxShadow.includes('inset'));
      };
      const label = el.closest('label');
      return {
        id: el.dataset.tabStop,
        what: `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''} "${(el.getAttribute('aria-label') || el.textContent || el.title || '').trim().slice(0, 30)}"`,
        ring: ringOn(el) || (label !== null && ringOn(label)),
      };
    });
    if (!stop) continue; // on the page itself, between the last control and the first
    if (stops.length && stops[stops.length - 1].id === stop.id) continue; // Tab walked the spans
    if (stops.some((s) => s.id === stop.id)) break; // round again
    stops.push(stop);
  }
  return stops;
}

/** Every control on the page that the keyboard should reach (visible, enabled, not tabindex=-1). */
async function controls(page) {
  return page.evaluate(() => {
    const sel = 'button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])';
    return [...document.querySelectorAll(sel)]
      .filter((el) => !el.disabled && el.tabIndex >= 0)
      .filter((el) => {
        const box = (el.closest('label') ?? el).getBoundingClientRect();
        return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility !== 'hidden';
      })
      .map((el) => `${el.tagName.toLowerCase()}${el.dataset.testid ? `[data-testid=${el.dataset.testid}]` : ''}`);
  });
}

test.describe('keyboard', () => {
  test('Tab reaches every control, each with a visible focus ring, and leaves the rendered pane', async ({ page }) => {
    await openApp(page);
    await loadExample(page);
    await page.locator('[data-testid="source"]').focus();
    await page.locator('[data-testid="source"]').blur();
    const stops = await tabThrough(page);
    const reached = new Set(stops.map((s) => s.what.split(' ')[0]));
    const expected = await controls(page);
    expect(expected.length).toBeGreaterThan(10);
    expect(expected.filter((c) => !reached.has(c)), 'controls Tab never reached').toEqual([]);
    expect(stops.filter((s) => !s.ring).map((s) => s.what), 'focus stops without a visible ring').toEqual([]);
  });

  test('in the rendered pane Tab walks the spans, then moves on past the last one', async ({ page }) => {
    await openApp(page);
    await loadExample(page);
    await page.locator('[data-testid="rendered"]').focus();
    for (let i = 0; i < 11; i++) {
      await page.keyboard.press('Tab');
      await expect(page.locator('.mark--selected')).toHaveAttribute('data-start', await marks(page).nth(i).getAttribute('data-start'));
    }
    await page.keyboard.press('Tab');
    await expect(page.locator('[data-testid="rendered"]')).not.toBeFocused();
  });
});

/** Three small documents, opened through the multi-file picker; the first is current. */
const THREE = [
  { name: 'alpha.txt', source: 'the <model>NeuraScale-9</model> model' },
  { name: 'beta.txt', source: 'released in <year>2023</year>' },
  { name: 'gamma.txt', source: 'built in <country>Japan</country>' },
];
const rows = (page) => page.locator('[data-testid="doc-item"]');
async function openThree(page) {
  await page.locator('[data-testid="open-file"]').setInputFiles(
    THREE.map((d) => ({ name: d.name, mimeType: 'text/plain', buffer: Buffer.from(d.source) })));
  await expect(rows(page)).toHaveCount(3);
  await expect(rows(page).nth(0)).toHaveAttribute('aria-current', 'true');
}
/** What has the focus: its data-testid and, for a document row, its name. */
const focused = (page) => page.evaluate(() => {
  const el = document.activeElement;
  return `${el?.dataset.testid ?? el?.tagName} ${el?.querySelector('.doc-item__name')?.textContent ?? ''}`.trim();
});

test.describe('the document list by keyboard (a listbox)', () => {
  test('Tab from the page start reaches the current document row, which shows a focus ring', async ({ page }) => {
    await openApp(page);
    await openThree(page);
    await page.evaluate(() => document.activeElement?.blur());
    let reached = false;
    for (let i = 0; i < 40 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await focused(page)) === 'doc-item alpha.txt';
    }
    expect(reached, 'Tab reached the row of the current document').toBe(true);
    const row = rows(page).nth(0);
    expect(await row.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
    await expect(page.getByRole('listbox', { name: 'Documents' })).toBeVisible();
    await expect(row).toHaveAttribute('role', 'option');
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(rows(page).nth(1)).toHaveAttribute('aria-selected', 'false');
    // One tab stop for the whole list: the next Tab leaves it.
    await page.keyboard.press('Tab');
    expect(await focused(page)).not.toMatch(/^doc-item/);
    expect(await axeViolations(page), 'the list with a focused row').toEqual([]);
  });

  test('↑ ↓ move the focus between rows; Enter and Space open the focused document', async ({ page }) => {
    await openApp(page);
    await openThree(page);
    await rows(page).nth(0).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await focused(page)).toBe('doc-item gamma.txt');
    await expect(rows(page).nth(0), 'moving the focus opens nothing yet').toHaveAttribute('aria-current', 'true');
    await page.keyboard.press('ArrowDown'); // past the last row: stays
    expect(await focused(page)).toBe('doc-item gamma.txt');
    await page.keyboard.press('Enter');
    await expect(rows(page).nth(2)).toHaveAttribute('aria-current', 'true');
    await expect(rows(page).nth(2)).toHaveAttribute('aria-selected', 'true');
    await expect(source(page)).toHaveValue(THREE[2].source);
    expect(await focused(page), 'the focus stays on the opened row').toBe('doc-item gamma.txt');
    await page.keyboard.press('ArrowUp');
    expect(await focused(page)).toBe('doc-item beta.txt');
    await page.keyboard.press(' ');
    await expect(rows(page).nth(1)).toHaveAttribute('aria-current', 'true');
    await expect(source(page)).toHaveValue(THREE[1].source);
    // The tab stop is the row last focused: Tab away and back with Shift+Tab lands on it.
    await page.keyboard.press('Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await focused(page)).toBe('doc-item beta.txt');
    expect(await axeViolations(page)).toEqual([]);
  });

  test('a status key on a focused row keeps the focus in the list, on the next document', async ({ page }) => {
    await openApp(page);
    await openThree(page);
    await rows(page).nth(0).focus();
    await page.keyboard.press('a'); // accept, and move on (the accepted row is rebuilt)
    await expect(rows(page).nth(0)).toHaveAttribute('data-status', 'accepted');
    await expect(rows(page).nth(1)).toHaveAttribute('aria-current', 'true');
    await expect.poll(() => focused(page)).toBe('doc-item beta.txt');
  });
});

/** The focusable controls inside a dialog panel, as Tab walks them. */
const panelStops = (panel) => panel.evaluate((el) =>
  [...el.querySelectorAll('button, input, select, textarea, a[href], [tabindex]:not([tabindex="-1"])')]
    .filter((e) => !e.disabled && e.tabIndex >= 0 && e.getClientRects().length > 0).length);
const focusInside = (panel) => panel.evaluate((el) => el.contains(document.activeElement) && document.activeElement !== el);
const focusedElement = (page) => page.evaluateHandle(() => document.activeElement);

test.describe('dialogs keep the focus', () => {
  for (const [button, dialog] of DIALOGS) {
    test(`${dialog}: the focus starts inside, Tab and Shift+Tab cycle in it, Esc closes it and the focus returns`, async ({ page }) => {
      await openApp(page);
      await loadExample(page);
      const opener = page.locator(`[data-testid="${button}"]`);
      await opener.focus();
      await page.keyboard.press('Enter');
      const panel = page.locator(`[data-testid="${dialog}"]`);
      await expect(panel).toBeVisible();
      await expect(panel).toHaveAttribute('aria-modal', 'true');
      await expect.poll(() => focusInside(panel), 'the focus moved into the dialog').toBe(true);
      // Named by its heading.
      const name = await panel.evaluate((el) => document.getElementById(el.getAttribute('aria-labelledby'))?.textContent);
      expect(name, 'the heading that names the dialog').toBeTruthy();
      await expect(panel.getByRole('heading', { name })).toBeVisible();
      if (dialog === 'confirm-dialog') await expect(panel.locator('[data-testid="confirm-cancel"]')).toBeFocused();

      const n = await panelStops(panel);
      expect(n).toBeGreaterThan(0);
      for (const key of ['Tab', 'Shift+Tab']) {
        const start = await focusedElement(page);
        for (let i = 0; i < n; i++) {
          await page.keyboard.press(key);
          expect(await focusInside(panel), `${key} press ${i + 1} of ${n} left the focus inside`).toBe(true);
        }
        expect(await page.evaluate((s) => document.activeElement === s, start), `${n} × ${key} came round to the start`).toBe(true);
      }
      expect(await axeViolations(page)).toEqual([]);
      // The focus can fall to the page itself (a control inside is rebuilt): Tab comes back in,
      // and Esc still closes the dialog.
      await page.evaluate(() => document.activeElement?.blur());
      await page.keyboard.press('Tab');
      expect(await focusInside(panel), 'Tab from the page itself goes into the dialog').toBe(true);
      // Nothing behind a modal dialog acts on a key: not a status key, a label key or undo.
      await page.evaluate(() => document.activeElement?.blur());
      for (const key of ['a', '1', 'Delete', 'Control+z']) await page.keyboard.press(key);
      await expect(page.locator('[data-testid=doc-item]').first()).toHaveAttribute('data-status', 'todo');
      await expect(panel).toBeVisible();
      await page.keyboard.press('Escape');
      await expect(panel).toHaveCount(0);
      await expect(opener, 'the focus is back on the control that opened the dialog').toBeFocused();
      await expect(marks(page), 'Esc closed only the dialog').toHaveCount(11);
    });
  }
});

test.describe('narrow windows', () => {
  for (const width of [1280, 768, 420]) {
    test(`at ${width} px the panes are usable (screenshot page-${width}.png)`, async ({ page }) => {
      await page.setViewportSize({ width, height: 860 });
      await openApp(page);
      await loadExample(page);
      const box = async (sel) => page.locator(sel).boundingBox();
      const [docs, src, rendered] = [await box('.pane--docs'), await box('.pane--source'), await box('.pane--rendered')];
      for (const [name, b] of [['documents', docs], ['source', src], ['annotated text', rendered]]) {
        expect(b.x, `${name} pane starts inside the window`).toBeGreaterThanOrEqual(0);
        expect(b.x + b.width, `${name} pane ends inside the window`).toBeLessThanOrEqual(width + 0.5);
      }
      // Text panes wide enough to read: at least 17 em of 16 px (no one-word lines).
      expect(src.width, 'source pane width').toBeGreaterThanOrEqual(17 * 16);
      expect(rendered.width, 'annotated pane width').toBeGreaterThanOrEqual(17 * 16);
      if (width < 640) {
        // Stacked: documents above the source above the annotated text.
        expect(src.y).toBeGreaterThanOrEqual(docs.y + docs.height - 1);
        expect(rendered.y).toBeGreaterThanOrEqual(src.y + src.height - 1);
      } else {
        // Side by side.
        expect(src.x).toBeGreaterThanOrEqual(docs.x + docs.width - 1);
        expect(rendered.x).toBeGreaterThanOrEqual(src.x + src.width - 1);
      }
      // Nothing sideways to scroll.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // A span can be selected and labelled at this width.
      await marks(page).first().scrollIntoViewIfNeeded();
      await marks(page).first().click();
      await page.keyboard.press('2');
      await expect(marks(page).first()).toHaveAttribute('data-label', 'params');
      mkdirSync(SCREENSHOTS, { recursive: true });
      await page.keyboard.press('Escape');
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SCREENSHOTS, `page-${width}.png`), fullPage: width < 640 });
    });
  }
});
