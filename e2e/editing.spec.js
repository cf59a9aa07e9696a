// Editing spans in the rendered pane with real mouse drags and key presses (issue 3).
// Runs against dist/ (scripts/test.sh builds it; playwright.config.js serves it).
import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = readFileSync(join(ROOT, 'crates/core/src/example_seed.txt'), 'utf8');

/** Client coordinates of `text` (its `occurrence`-th match) in the rendered pane's plain text. */
async function textBox(page, text, occurrence = 0) {
  return page.evaluate(([text, occurrence]) => {
    const root = document.querySelector('[data-testid=rendered]');
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    const nodes = [];
    let full = '';
    while (walker.nextNode()) { nodes.push([walker.currentNode, full.length]); full += walker.currentNode.data; }
    let at = -1;
    for (let i = 0; i <= occurrence; i++) at = full.indexOf(text, at + 1);
    if (at < 0) throw new Error(`no "${text}" in the rendered text`);
    const locate = (offset, end) => {
      for (let i = nodes.length - 1; i >= 0; i--) {
        const [node, start] = nodes[i];
        if (end ? start < offset : start <= offset) return [node, offset - start];
      }
    };
    const range = document.createRange();
    const [startNode] = locate(at, false);
    startNode.parentElement.scrollIntoView({ block: 'center' });
    range.setStart(...locate(at, false));
    range.setEnd(...locate(at + text.length, true));
    const rects = range.getClientRects();
    const first = rects[0], last = rects[rects.length - 1];
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  }, [text, occurrence]);
}

/** Drags the mouse across `text` in the rendered pane. */
async function dragAcross(page, text, { occurrence = 0, from = 0, alt = false } = {}) {
  const box = await textBox(page, text, occurrence);
  if (alt) await page.keyboard.down('Alt');
  await page.mouse.move(box.x1 + from, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 6 });
  await page.mouse.up();
  if (alt) await page.keyboard.up('Alt');
}

const mark = (page, label, text) =>
  page.locator(`[data-testid=mark][data-label="${label}"]`).filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });

async function loadExample(page) {
  await page.goto('/');
  await page.locator('[data-testid=empty-load-example], [data-testid=load-example]').first().click();
  await expect(page.locator('[data-testid=mark]')).toHaveCount(11);
}

test('the user story: tag two mentions, fix a boundary, undo, redo, export inline', async ({ page }) => {
  await loadExample(page);
  const source = page.locator('[data-testid=source]');

  // A drag from inside "NeuraScale-8" snaps to the whole word; key 1 applies the first label (model).
  await dragAcross(page, 'NeuraScale-8', { from: 12 });
  await page.keyboard.press('1');
  await expect(mark(page, 'model', 'NeuraScale-8')).toHaveCount(1);

  // Double-click a word, shift-click to extend, then the label button.
  const onePointFive = await textBox(page, '1.5 trillion');
  await page.mouse.dblclick(onePointFive.x1 + 2, onePointFive.y1);
  await page.keyboard.down('Shift');
  await page.mouse.click(onePointFive.x2 - 2, onePointFive.y2);
  await page.keyboard.up('Shift');
  await page.locator('[data-testid=legend-item][data-label=params] button').click();
  await expect(mark(page, 'params', '1.5 trillion')).toHaveCount(1);

  // Fix a boundary: click the "the United States" span, move its start right by a word.
  await mark(page, 'country', 'the United States').click();
  await expect(page.locator('.mark--selected')).toHaveCount(1);
  await page.keyboard.press(']');
  await expect(mark(page, 'country', 'United States')).toHaveCount(1);

  // Undo and redo.
  await page.keyboard.press('Control+z');
  await expect(mark(page, 'country', 'the United States')).toHaveCount(1);
  await page.keyboard.press('Control+Shift+z');
  await expect(mark(page, 'country', 'United States')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  await expect(mark(page, 'country', 'United States')).toHaveCount(1);

  // The source pane holds the corrected seed as inline tags at once.
  const expected = SEED
    .replace('(NeuraScale-8)', '(<model>NeuraScale-8</model>)')
    .replace('the 1.5 trillion parameters', 'the <params>1.5 trillion</params> parameters')
    .replace('<country>the United States</country>', 'the <country>United States</country>');
  await expect(source).toHaveValue(expected);
  await expect(page.locator('[data-testid=mark]')).toHaveCount(13);
});

test('relabel with a hotkey and the picker, delete, refuse a crossing span', async ({ page }) => {
  await loadExample(page);
  const first = mark(page, 'model', 'NeuraScale-9').first();
  await first.click();
  await page.keyboard.press('2'); // params
  await expect(page.locator('[data-testid=mark]').first()).toHaveAttribute('data-label', 'params');

  // Type-ahead: start typing a label name.
  await page.keyboard.press('h');
  await expect(page.locator('[data-testid=label-picker]')).toBeVisible();
  await page.keyboard.type('ard');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid=mark]').first()).toHaveAttribute('data-label', 'hardware');

  await page.keyboard.press('Delete');
  await expect(page.locator('[data-testid=mark]')).toHaveCount(10);
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-testid=mark]')).toHaveCount(11);

  // A selection that would cross "2.5 trillion" is refused with a reason; nothing changes.
  await dragAcross(page, 'boasting 2.5', { alt: true });
  await page.keyboard.press('1');
  await expect(page.locator('[data-testid=status]')).toContainText('cross');
  await expect(page.locator('[data-testid=mark]')).toHaveCount(11);
});

test('keyboard only: caret by word, extend with Shift, apply a label, Tab through spans', async ({ page }) => {
  await loadExample(page);
  await page.locator('[data-testid=rendered]').focus();
  // From the start: "In recent" — move over "In", then extend over " recent".
  await page.keyboard.press('ArrowRight'); // after "In"
  await page.keyboard.press('ArrowRight'); // before "recent"
  await page.keyboard.press('Shift+ArrowRight'); // after "recent"
  await page.keyboard.press('Shift+ArrowRight'); // before "advancements"
  await page.keyboard.press('Shift+ArrowRight'); // after "advancements"
  await page.keyboard.press('6'); // year
  await expect(mark(page, 'year', 'recent advancements')).toHaveCount(1);

  await page.keyboard.press('Escape');
  await page.keyboard.press('Tab');
  await expect(page.locator('.mark--selected')).toHaveCount(1);
  await expect(mark(page, 'year', 'recent advancements').and(page.locator('.mark--selected'))).toHaveCount(1);
  await page.keyboard.press('Shift+BracketRight'); // grow the end by a word
  await expect(mark(page, 'year', 'recent advancements in')).toHaveCount(1);
  await expect(mark(page, 'year', 'recent advancements')).toHaveCount(0);
  await expect(page.locator('[data-testid=source]')).toHaveValue(/^In <year>recent advancements in<\/year> large-scale/);
  await page.keyboard.press('?');
  await expect(page.locator('[data-testid=shortcuts]')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=shortcuts]')).toHaveCount(0);
});

test('drag a handle to resize the selected span', async ({ page }) => {
  await loadExample(page);
  await mark(page, 'params', '2.5 trillion').first().click();
  const end = page.locator('[data-testid=handle-end]');
  await expect(end).toBeVisible();
  const target = await textBox(page, 'parameters'); // scrolls it into view first
  const handle = await end.boundingBox();
  await page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await page.mouse.down();
  await page.mouse.move(target.x2 - 2, target.y2, { steps: 8 });
  await page.mouse.up();
  await expect(mark(page, 'params', '2.5 trillion parameters')).toHaveCount(1);
});

test('emoji and CRLF: offsets stay exact', async ({ page }) => {
  await page.goto('/');
  const text = '👨🏻‍🚒 firemen drive firetrucks\r\ne\u0301t\u00e9 <v>x</v> done';
  await page.locator('[data-testid=open-file]').setInputFiles({ name: 'crlf.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.locator('[data-testid=mark]')).toHaveCount(1);
  await dragAcross(page, 'firetrucks');
  await page.keyboard.press('1'); // the only label: v
  const firetrucks = mark(page, 'v', 'firetrucks');
  await expect(firetrucks).toHaveAttribute('data-start', '19');
  await expect(firetrucks).toHaveAttribute('data-end', '29');
  // On the next line (after \r\n), a word with a combining mark.
  await dragAcross(page, 'e\u0301t\u00e9');
  await page.keyboard.press('1');
  await expect(page.locator('[data-testid=mark][data-label=v]')).toHaveCount(3);
  // The source pane follows after the rendered pane is drawn.
  await expect(page.locator('[data-testid=source]')).toHaveValue(/<v>firetrucks<\/v>[^]*<v>e\u0301t\u00e9<\/v>/);

  // Typing in the source pane keeps the document's CRLF line breaks (a textarea reports only \n).
  await page.locator('[data-testid=source]').press('Control+End');
  await page.locator('[data-testid=source]').pressSequentially('!');
  await expect(page.locator('[data-testid=rendered]')).toContainText('done!');
  const plain = await page.locator('[data-testid=rendered]').evaluate((el) => el.textContent);
  expect(plain).toContain('firetrucks\r\n');
  await expect(page.locator('[data-testid=mark][data-label=v]')).toHaveCount(3);
});

test('a source with broken tags can still be annotated; the broken tags stay as they were', async ({ page }) => {
  await page.goto('/');
  const text = 'the <model>NeuraScale-9</model> uses <gpu>TPUs and ran</x> for months';
  await page.locator('[data-testid=open-file]').setInputFiles({ name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.locator('[data-testid=diagnostic]')).toHaveCount(2);
  const source = page.locator('[data-testid=source]');

  // Tag "months" as model: written back as tags, the broken <gpu> and </x> untouched.
  await dragAcross(page, 'months');
  await page.keyboard.press('1');
  await expect(mark(page, 'model', 'months')).toHaveCount(1);
  await expect(source).toHaveValue('the <model>NeuraScale-9</model> uses <gpu>TPUs and ran</x> for <model>months</model>');
  await expect(page.locator('[data-testid=diagnostic]')).toHaveCount(2);

  // Relabel and delete work too, and undo/redo.
  await mark(page, 'model', 'NeuraScale-9').click();
  await page.keyboard.press('Delete');
  await expect(source).toHaveValue('the NeuraScale-9 uses <gpu>TPUs and ran</x> for <model>months</model>');
  await page.keyboard.press('Control+z');
  await expect(source).toHaveValue('the <model>NeuraScale-9</model> uses <gpu>TPUs and ran</x> for <model>months</model>');
  await expect(page.locator('[data-testid=diagnostic]')).toHaveCount(2);
  await expect(page.locator('[data-testid=diagnostic]').first()).toContainText('1:');

  // A gpu span over "uses <gpu>TPUs" would be written as <gpu>uses <gpu>TPUs</gpu>, where
  // the close tag pairs with the broken <gpu> instead: refused with the reason; nothing changes.
  await page.keyboard.press('Escape');
  await dragAcross(page, 'uses <gpu>TPUs');
  await page.keyboard.press('g');
  await expect(page.locator('[data-testid=label-picker]')).toBeVisible();
  await page.keyboard.type('pu');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid=status]')).toContainText('broken tag');
  await expect(source).toHaveValue('the <model>NeuraScale-9</model> uses <gpu>TPUs and ran</x> for <model>months</model>');
});

test('typing in a document that mixes CRLF and LF keeps every line break it did not touch', async ({ page }) => {
  await page.goto('/');
  const text = 'one <v>a</v>\r\ntwo\nthree\r\nfour';
  await page.locator('[data-testid=open-file]').setInputFiles({ name: 'mixed.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
  await expect(page.locator('[data-testid=mark]')).toHaveCount(1);
  const source = page.locator('[data-testid=source]');
  // Type at the start of "three", then a line break at the end.
  await source.evaluate((el) => { el.focus(); const at = el.value.indexOf('three'); el.setSelectionRange(at, at); });
  await source.pressSequentially('X');
  await source.press('Control+End');
  await source.press('Enter');
  await source.pressSequentially('five');
  await expect(page.locator('[data-testid=rendered]')).toContainText('five');
  const plain = await page.locator('[data-testid=rendered]').evaluate((el) => el.textContent);
  // The rendered pane holds the document's text with its line breaks byte for byte.
  expect(plain).toMatch(/a[^]*\r\ntwo\nXthree\r\nfour\r\nfive$/);
});

test('switching documents is not an edit: undo after a switch changes nothing', async ({ page }) => {
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto('/');
  await page.locator('[data-testid=open-file]').setInputFiles([
    { name: 'a.txt', mimeType: 'text/plain', buffer: Buffer.from('<x>alpha</x> one') },
    { name: 'b.txt', mimeType: 'text/plain', buffer: Buffer.from('<y>beta</y> two') },
  ]);
  await expect(page.locator('[data-testid=mark][data-label=x]')).toHaveCount(1);
  await page.locator('[data-testid=rendered]').focus();
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid=mark][data-label=y]')).toHaveCount(1);
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-testid=status]')).toContainText('Nothing to undo');
  await expect(page.locator('[data-testid=source]')).toHaveValue('<y>beta</y> two');
  // An edit in b, then back to a and to b again: b's own history is still there.
  await mark(page, 'y', 'beta').click();
  await page.keyboard.press('Delete');
  await expect(page.locator('[data-testid=mark]')).toHaveCount(0);
  await page.keyboard.press('Escape');
  await page.keyboard.press('k');
  // This step failed once in CI (the x mark never came) and not in 130 runs here: if it
  // fails again, say where the key went.
  await expect(page.locator('[data-testid=mark][data-label=x]')).toHaveCount(1).catch(async (err) => {
    const where = await page.evaluate(() => ({
      focus: document.activeElement?.outerHTML.slice(0, 120),
      current: document.querySelector('[data-testid=doc-list]')?.dataset.current,
      status: document.querySelector('[data-testid=status]')?.textContent,
      source: document.querySelector('[data-testid=source]')?.value,
      open: [...document.querySelectorAll('[role=dialog], [data-testid=label-picker]')].map((e) => e.outerHTML.slice(0, 80)),
    }));
    console.log('after k:', JSON.stringify(where), 'page errors:', JSON.stringify(errors));
    throw err;
  });
  await page.keyboard.press('j');
  await expect(page.locator('[data-testid=source]')).toHaveValue('beta two');
  await page.keyboard.press('Control+z');
  await expect(page.locator('[data-testid=source]')).toHaveValue('<y>beta</y> two');
});

test('label manager: give a label its own hotkey, rename a label and its spans follow', async ({ page }) => {
  await loadExample(page);
  await page.locator('[data-testid=manage-labels]').click();
  const training = page.locator('[data-testid=label-row][data-label=training]');
  await training.locator('[data-testid=label-hotkey]').fill('t');
  await training.locator('[data-testid=label-hotkey]').press('Tab');
  await expect(page.locator('[data-testid=status]')).toContainText('t now applies training');
  // A key the app uses itself is refused with a reason.
  const year = page.locator('[data-testid=label-row][data-label=year]');
  await year.locator('[data-testid=label-hotkey]').fill('j');
  await year.locator('[data-testid=label-hotkey]').press('Tab');
  await expect(page.locator('[data-testid=status]')).toContainText("app's own keys");
  await year.locator('[data-testid=label-name]').fill('date');
  await year.locator('[data-testid=label-name]').press('Tab');
  await expect(page.locator('[data-testid=mark][data-label=date]')).toHaveCount(2);
  // Esc closes the manager (focus is on a button after Tab, not in a text field).
  await page.keyboard.press('Escape');
  await expect(page.locator('[data-testid=label-manager]')).toHaveCount(0);

  await mark(page, 'model', 'NeuraScale-9').first().click();
  await page.keyboard.press('t');
  await expect(page.locator('[data-testid=mark]').first()).toHaveAttribute('data-label', 'training');
  await expect(page.locator('[data-testid=source]')).toHaveValue(/<date>2023<\/date>/);
});
