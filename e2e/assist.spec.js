// The curation assistant (issue 12): suggested spans, accept / reject / accept all with their
// undo, the checks list and its jumps, the pattern-rules editor, and axe on the new UI.
// Runs against dist/ (scripts/test.sh builds it; playwright.config.js serves it).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { axeViolations } from './axe.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = readFileSync(join(ROOT, 'crates/core/src/example_seed.txt'), 'utf8');

const source = (page) => page.locator('[data-testid="source"]');
const marks = (page) => page.locator('[data-testid="mark"]');
const suggestions = (page) => page.locator('[data-testid="suggestion"]');
const problems = (page) => page.locator('[data-testid="problem"]');

/** Code-point offsets of the `occurrence`-th `needle` in the plain text of an inline source. */
function cpRange(inline, needle, occurrence = 0) {
  const text = [...inline.replace(/<\/?[A-Za-z][A-Za-z0-9_-]*>/g, '')];
  const joined = text.join('');
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = joined.indexOf(needle, at + 1);
  if (at < 0) throw new Error(`no ${needle}`);
  const start = [...joined.slice(0, at)].length;
  return [start, start + [...needle].length];
}

/** The suggestions shown: label, start, end (code points), sorted by start. */
async function shown(page) {
  return suggestions(page).evaluateAll((els) => els
    .map((el) => [el.dataset.label, Number(el.dataset.start), Number(el.dataset.end)])
    .sort((a, b) => a[1] - b[1]));
}

async function openApp(page) {
  await page.goto('/');
  await expect(source(page)).toBeVisible();
}

/** Types a seed into the source pane and leaves it (it parses at once on leaving). */
async function setSource(page, text) {
  await source(page).fill(text);
  await page.locator('[data-testid="rendered"]').focus();
}

test('the example seed suggests NeuraScale-8 (model) and 1.5 trillion (params), drawn unlike spans', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-testid="empty-load-example"]').click();
  await expect(marks(page)).toHaveCount(11);
  const model = cpRange(SEED, 'NeuraScale-8');
  const params = cpRange(SEED, '1.5 trillion');
  const modelBox = page.locator(`[data-testid="suggestion"][data-label="model"][data-start="${model[0]}"][data-end="${model[1]}"]`);
  const paramsBox = page.locator(`[data-testid="suggestion"][data-label="params"][data-start="${params[0]}"][data-end="${params[1]}"]`);
  await expect(modelBox).toHaveCount(1);
  await expect(paramsBox).toHaveCount(1);
  // A dashed outline and no fill, where a span is filled with its colour.
  const look = await modelBox.evaluate((el) => {
    const s = getComputedStyle(el);
    return [s.borderTopStyle, s.backgroundColor];
  });
  expect(look).toEqual(['dashed', 'rgba(0, 0, 0, 0)']);
  const markFill = await marks(page).first().evaluate((el) => getComputedStyle(el).backgroundColor);
  expect(markFill).not.toBe('rgba(0, 0, 0, 0)');
  // The outline lies over the words it suggests.
  await modelBox.evaluate((el) => el.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: join(ROOT, 'target/screenshots/assist-suggestions.png') });
  const [box, text] = await modelBox.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.caretRangeFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return [r.width, hit?.startContainer?.textContent ?? ''];
  });
  expect(box).toBeGreaterThan(20);
  expect(text).toContain('NeuraScale-8');
  // Nothing of a suggestion is exported: the source has no tag for it.
  await expect(source(page)).not.toHaveValue(/<model>NeuraScale-8/);
});

test('accept all tags every occurrence of the string as one undo step; Ctrl+Z takes it back', async ({ page }) => {
  await openApp(page);
  const seed = '<org>Acme</org> met Acme and Acme, then Zürich.';
  await setSource(page, seed);
  await expect(suggestions(page)).toHaveCount(2);
  expect(await shown(page)).toEqual([['org', ...cpRange(seed, 'Acme', 1)], ['org', ...cpRange(seed, 'Acme', 2)]]);
  await page.keyboard.press('n');
  await expect(page.locator('[data-testid="suggestion-count"]')).toHaveText('Suggestion 1 of 2');
  await expect(page.locator('.suggestion--current')).toHaveAttribute('data-start', String(cpRange(seed, 'Acme', 1)[0]));
  await page.keyboard.press('Shift+Enter');
  await expect(source(page)).toHaveValue('<org>Acme</org> met <org>Acme</org> and <org>Acme</org>, then Zürich.');
  await expect(marks(page)).toHaveCount(3);
  await expect(suggestions(page)).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(source(page)).toHaveValue(seed);
  await expect(marks(page)).toHaveCount(1);
  await expect(suggestions(page)).toHaveCount(2);
});

test('Enter accepts one suggestion, Backspace rejects one (hidden, the text untouched), Ctrl+Z brings it back', async ({ page }) => {
  await openApp(page);
  const seed = '<org>Acme</org> met Acme and Acme.';
  await setSource(page, seed);
  await expect(suggestions(page)).toHaveCount(2);
  await page.keyboard.press('n');
  await page.keyboard.press('Enter');
  await expect(source(page)).toHaveValue('<org>Acme</org> met <org>Acme</org> and Acme.');
  await expect(suggestions(page)).toHaveCount(1);
  await page.locator('[data-testid="rendered"]').focus();
  await page.keyboard.press('n');
  await page.keyboard.press('Backspace');
  await expect(suggestions(page)).toHaveCount(0);
  await expect(source(page)).toHaveValue('<org>Acme</org> met <org>Acme</org> and Acme.');
  await expect(marks(page)).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(suggestions(page)).toHaveCount(1);
  await expect(marks(page)).toHaveCount(2);
  await page.keyboard.press('Control+z');
  await expect(source(page)).toHaveValue(seed);
});

test('a rejection stays with its place when text is typed before it, and is let go when its text is edited', async ({ page }) => {
  await openApp(page);
  const seed = '<org>Acme</org> met Acme and Acme.';
  await setSource(page, seed);
  await expect(suggestions(page)).toHaveCount(2);
  // Reject the first suggestion (the second Acme).
  await page.locator('[data-testid="rendered"]').focus();
  await page.keyboard.press('n');
  await page.keyboard.press('Backspace');
  await expect.poll(() => shown(page)).toEqual([['org', ...cpRange(seed, 'Acme', 2)]]);
  // Text typed at the start moves every offset; the rejected place stays rejected.
  await source(page).click();
  await page.keyboard.press('Control+Home');
  await page.keyboard.type('Today ');
  await page.locator('[data-testid="rendered"]').focus();
  const typed = 'Today ' + seed;
  await expect.poll(() => page.evaluate(() => window.__tagmark_source())).toBe(typed);
  await expect.poll(() => shown(page)).toEqual([['org', ...cpRange(typed, 'Acme', 2)]]);
  // Editing the rejected word itself lets the rejection go: `Acme` → `Accme` (the Acme after it
  // moves: the assistant has read the edit), then back to `Acme`, which is suggested again.
  const at = typed.indexOf('met Acme') + 'met A'.length;
  const edited = typed.slice(0, at) + 'c' + typed.slice(at);
  await source(page).click();
  await page.evaluate((from) => document.querySelector('[data-testid="source"]').setSelectionRange(from, from), at);
  await page.keyboard.type('c');
  await page.locator('[data-testid="rendered"]').focus();
  await expect.poll(() => page.evaluate(() => window.__tagmark_source())).toBe(edited);
  await expect.poll(() => shown(page)).toEqual([['org', ...cpRange(edited, 'Acme', 1)]]);
  await source(page).click();
  await page.evaluate((from) => document.querySelector('[data-testid="source"]').setSelectionRange(from, from + 1), at);
  await page.keyboard.press('Backspace');
  await page.locator('[data-testid="rendered"]').focus();
  await expect.poll(() => page.evaluate(() => window.__tagmark_source())).toBe(typed);
  await expect.poll(() => shown(page)).toEqual([['org', ...cpRange(typed, 'Acme', 1)], ['org', ...cpRange(typed, 'Acme', 2)]]);
});

test('the checks list names each problem; an entry jumps to its place', async ({ page }) => {
  await openApp(page);
  const seed = 'The <model>Neura</model>Scale and <org>Acme</org> met Acme.';
  await setSource(page, seed);
  await expect(problems(page)).toHaveCount(2);
  const boundary = page.locator('[data-testid="problem"][data-check="boundary"]');
  const repeat = page.locator('[data-testid="problem"][data-check="untagged-repeat"]');
  await expect(boundary).toHaveAttribute('data-start', String(cpRange(seed, 'Neura')[0]));
  await expect(boundary).toContainText('ends inside the word `NeuraScale`');
  await expect(repeat).toHaveAttribute('data-start', String(cpRange(seed, 'Acme', 1)[0]));
  await expect(repeat).toHaveAttribute('data-end', String(cpRange(seed, 'Acme', 1)[1]));
  // A span's problem selects the span.
  await boundary.click();
  await expect(page.locator('.mark--selected')).toHaveCount(1);
  await expect(page.locator('.mark--selected')).toHaveAttribute('data-start', String(cpRange(seed, 'Neura')[0]));
  // An untagged place is selected as text, ready for a label key.
  await repeat.click();
  await expect(page.locator('.mark--selected')).toHaveCount(0);
  await expect.poll(() => page.evaluate(() => window.getSelection().toString())).toBe('Acme');
  // The fix button applies the fix.
  await page.locator('li', { has: boundary }).locator('[data-testid="problem-fix"]').click();
  await expect(source(page)).toHaveValue('The <model>NeuraScale</model> and <org>Acme</org> met Acme.');
  await expect(page.locator('[data-testid="problem"][data-check="boundary"]')).toHaveCount(0);
});

test('pattern rules: add, suggest, import and export Prodigy patterns JSONL, remove', async ({ page }) => {
  await openApp(page);
  const seed = 'In 1999 and 2023 it had 7 billion users.';
  await setSource(page, seed);
  await expect(suggestions(page)).toHaveCount(0);
  await page.locator('[data-testid="open-rules"]').click();
  await expect(page.locator('[data-testid="rules-editor"]')).toBeVisible();
  await page.locator('[data-testid="rule-label"]').fill('year');
  await page.locator('[data-testid="rule-kind"]').selectOption('regex');
  await page.locator('[data-testid="rule-pattern"]').fill('(19|20)\\d\\d');
  await page.locator('[data-testid="rule-add"]').click();
  await expect(page.locator('[data-testid="rule"]')).toHaveCount(1);
  // A broken expression is refused with the reason.
  await page.locator('[data-testid="rule-pattern"]').fill('(19');
  await page.locator('[data-testid="rule-add"]').click();
  await expect(page.locator('[data-testid="rule-error"]')).toContainText('the regular expression does not work');
  await expect(page.locator('[data-testid="rule"]')).toHaveCount(1);
  await page.locator('[data-testid="import-rules"]').setInputFiles({
    name: 'patterns.jsonl', mimeType: 'application/jsonl',
    buffer: Buffer.from('{"label": "params", "pattern": [{"like_num": true}, {"lower": {"IN": ["billion", "trillion"]}}]}\n'),
  });
  await expect(page.locator('[data-testid="rule"]')).toHaveCount(2);
  expect(await axeViolations(page), 'the rules editor').toEqual([]);
  const download = page.waitForEvent('download');
  await page.locator('[data-testid="export-rules"]').click();
  const file = await download;
  const exported = readFileSync(await file.path(), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  expect(exported).toEqual([
    { label: 'year', pattern: '(19|20)\\d\\d', regex: true },
    { label: 'params', pattern: [{ like_num: true }, { lower: { IN: ['billion', 'trillion'] } }] },
  ]);
  await page.keyboard.press('Escape');
  expect(await shown(page)).toEqual([
    ['year', ...cpRange(seed, '1999')], ['year', ...cpRange(seed, '2023')], ['params', ...cpRange(seed, '7 billion')],
  ]);
  // The rules stay for the next visit.
  await page.reload();
  await expect(source(page)).toHaveValue(seed);
  await expect(suggestions(page)).toHaveCount(3);
  await page.locator('[data-testid="open-rules"]').click();
  await page.locator('[data-testid="rule-remove"]').first().click();
  await page.keyboard.press('Escape');
  await expect(suggestions(page)).toHaveCount(1);
});

test('axe finds no violations with suggestions, the checks list and a current suggestion', async ({ page }) => {
  await openApp(page);
  await page.locator('[data-testid="empty-load-example"]').click();
  await expect(suggestions(page)).not.toHaveCount(0);
  await setSource(page, SEED.replace('<year>2023</year>, the', '<year>2023 </year>, the'));
  await expect(problems(page)).not.toHaveCount(0);
  await page.keyboard.press('n');
  await expect(page.locator('.suggestion--current')).toHaveCount(1);
  expect(await axeViolations(page)).toEqual([]);
});

test('a 250 KB document takes keys and edits while its suggestions and checks are computed', async ({ page }) => {
  // The test hook holds the computation between two slices: whatever the page does
  // meanwhile happens while it is unfinished (how long a slice takes is bench_assist's figure).
  await page.addInitScript(() => { window.__tagmark_hold_assist = true; });
  await page.goto('/');
  await page.waitForFunction(() => typeof window.__tagmark_open === 'function');
  const para = 'The <model>Orion-3</model> beats Orion-3 and <org>Acme</org> in 2023.\n';
  const text = para.repeat(Math.ceil(250_000 / para.length));
  await page.evaluate((src) => window.__tagmark_open([{ name: 'long.txt', source: src }]), text);
  await expect(marks(page).first()).toHaveText(/Orion-3/);

  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('shortcuts')).toHaveCount(0);
  await marks(page).first().click();
  await page.keyboard.press('Delete');
  await expect.poll(() => page.evaluate(() => window.__tagmark_source().slice(0, 40)))
    .toBe('The Orion-3 beats Orion-3 and <org>Acme<');
  expect(await page.evaluate(() => window.__tagmark_assist), 'still computing').toBeUndefined();
  expect(await suggestions(page).count()).toBe(0);

  await page.evaluate(() => { window.__tagmark_hold_assist = false; });
  await page.waitForFunction(() => window.__tagmark_assist !== undefined);
  // The untagged repeat on the first line (code points 18–25 of
  // "The Orion-3 beats Orion-3 …") is suggested as a model once the work is done.
  await expect(page.locator('[data-testid="suggestion"][data-label="model"][data-start="18"][data-end="25"]')).toHaveCount(1);
});
