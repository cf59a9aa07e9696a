// The source pane (issue 11): a window of lines in a textarea over highlighted rows.
//   [data-testid="source"]           the textarea the user types in (it holds a window of lines)
//   [data-testid="source-scroller"]  the element that scrolls; [data-testid="source-gutter"] the line numbers
//   .src-tag (a whole tag) / .src-name / .src-bracket (a lit or underlined tag's pieces) /
//   .src-escape / .src-diag / .src-lit                              highlighted pieces behind it
//   window.__tagmark_source(), window.__tagmark_set_source(text)    the whole text, read and set
// Speed is not tested here: `node scripts/bench_edit.mjs --frames` prints the figures.
import { test, expect } from '@playwright/test';
import { inlineSpans } from './inline.js';

const source = (page) => page.locator('[data-testid="source"]');
const whole = (page) => page.evaluate(() => window.__tagmark_source());
const marks = (page) => page.locator('[data-testid="mark"]');

/** `n` lines, each with one span; every seventh line break is \r\n and every eleventh a lone \r. */
function longDoc(n) {
  let out = '';
  for (let i = 1; i <= n; i++) {
    out += `Line ${i}: the <model>M-${i}</model> was trained for a while on a large cluster.`;
    if (i < n) out += i % 7 === 0 ? '\r\n' : i % 11 === 0 ? '\r' : '\n';
  }
  return out;
}

/** Opens `text` as a document (as a file would be opened). */
async function open(page, text) {
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  await page.evaluate((t) => window.__tagmark_open([{ name: 'doc.txt', source: t }]), text);
  await expect.poll(() => whole(page)).toBe(text);
}

test('typing goes into the document; tags are drawn in their label colour with dimmed brackets', async ({ page }) => {
  await open(page, 'the <model>NeuraScale-9</model> runs &lt;fast&gt;');
  await expect(marks(page)).toHaveCount(1);
  await source(page).click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' in <year>2024</year>');
  await expect.poll(() => whole(page)).toBe('the <model>NeuraScale-9</model> runs &lt;fast&gt; in <year>2024</year>');
  await expect(marks(page)).toHaveCount(2);
  // The backdrop draws what the textarea holds. The click put the caret in the model span,
  // whose tags are lit and drawn piece by piece; every other tag is one element.
  await expect(page.locator('.source__backdrop .src-name')).toHaveText(['model', 'model']);
  const tags = page.locator('.source__backdrop .src-tag');
  await expect(tags).toHaveText(['<year>', '</year>']);
  const swatch = async (label) => page.locator('[data-testid="legend-item"]', { hasText: label }).locator('.legend__swatch')
    .evaluate((el) => getComputedStyle(el).backgroundColor);
  // A tag's text is painted with a gradient: its colour over the name, and over the
  // brackets (`<` and `>`, or `</` and `>`) that colour at 55 % opacity.
  const paint = (el) => {
    const s = getComputedStyle(el);
    // A computed colour as [r, g, b, alpha], r g b in 0–255.
    const rgba = (c) => {
      const n = c.match(/[\d.]+/g).map(Number);
      return c.startsWith('color(srgb') ? [n[0] * 255, n[1] * 255, n[2] * 255, n[3] ?? 1] : [n[0], n[1], n[2], n[3] ?? 1];
    };
    const stops = [...s.backgroundImage.matchAll(/(color\([^)]*\)|rgba?\([^)]*\))\s+(calc\([^)]*\)|[\d.]+px)/g)]
      .map((m) => ({ color: rgba(m[1]), at: m[2] }));
    const probe = document.createElement('span');
    probe.style.font = s.font;
    probe.textContent = '0'.repeat(100);
    document.body.append(probe);
    const ch = probe.getBoundingClientRect().width / 100;
    probe.remove();
    return { clip: s.backgroundClip, color: s.color, stops, ch };
  };
  // The label's colour mixed half and half with the text colour (pale label colours read as text).
  const fg = (await page.locator('.source').evaluate((el) => getComputedStyle(el).color)).match(/\d+/g).map(Number);
  const year = (await swatch('year')).match(/\d+/g).map(Number).map((c, i) => (c + fg[i]) / 2);
  for (const [tag, bracket] of [[tags.first(), 1], [tags.nth(1), 2]]) {
    const { clip, color, stops, ch } = await tag.evaluate(paint);
    expect(clip).toBe('text');
    expect(color).toBe('rgba(0, 0, 0, 0)');
    expect(stops.map((s) => s.at)).toEqual([expect.stringMatching(/px$/), expect.stringMatching(/px$/), expect.stringMatching(/^calc/), expect.stringMatching(/^calc/)]);
    // Dimmed from the start to the opening bracket's width, and over the closing `>`.
    expect(parseFloat(stops[0].at)).toBeCloseTo(bracket * ch, 1);
    expect(parseFloat(stops[3].at.match(/- ([\d.]+)px/)[1])).toBeCloseTo(ch, 1);
    for (const [i, alpha] of [[0, 0.55], [1, 1], [2, 1], [3, 0.55]]) {
      const [r, g, b, a] = stops[i].color;
      [r, g, b].forEach((c, k) => expect(Math.abs(c - year[k])).toBeLessThanOrEqual(1));
      expect(a).toBeCloseTo(alpha, 2);
    }
  }
  await expect(page.locator('.source__backdrop .src-escape')).toHaveText(['&lt;', '&gt;']);
  // The textarea's own text is transparent: what shows is the backdrop.
  expect(await source(page).evaluate((el) => getComputedStyle(el).color)).toBe('rgba(0, 0, 0, 0)');
});

test('a long line is drawn as far as can be seen, and further when scrolled to', async ({ page }) => {
  const line = `${'word '.repeat(800)}<model>End</model> done`;
  await open(page, `first\n${line}\nlast`);
  await expect(marks(page)).toHaveCount(1);
  const row = page.locator('.source__backdrop .src-line').nth(1);
  const scroller = page.locator('[data-testid="source-scroller"]');
  // Cut beyond the right edge: drawn to past it, not to the line's end.
  const drawn = await row.evaluate((el) => el.textContent.length);
  expect(drawn).toBeLessThan(line.length);
  const edge = async () => page.evaluate(() => {
    const row = document.querySelectorAll('.source__backdrop .src-line')[1];
    const range = document.createRange();
    range.selectNodeContents(row);
    return { drawn: range.getBoundingClientRect().right, view: document.querySelector('[data-testid="source-scroller"]').getBoundingClientRect().right };
  });
  let { drawn: right, view } = await edge();
  expect(right).toBeGreaterThan(view);
  // Scrolled to its end, the whole line is drawn, its tags too, over the textarea's text.
  await scroller.evaluate((el) => { el.scrollLeft = el.scrollWidth; });
  await expect(row).toHaveText(line);
  await expect(page.locator('.source__backdrop .src-tag')).toHaveText(['<model>', '</model>']);
  ({ drawn: right, view } = await edge());
  expect(right).toBeGreaterThan(view - 80);
  await expect.poll(() => whole(page)).toBe(`first\n${line}\nlast`);
});

test('wherever it is scrolled to, the rows in view are drawn, each over its line of the textarea', async ({ page }) => {
  await open(page, longDoc(2000));
  const scroller = page.locator('[data-testid="source-scroller"]');
  for (const at of [0.5, 0.1, 0.9, 0.5003, 1]) {
    await scroller.evaluate((el, f) => { el.scrollTop = f * (el.scrollHeight - el.clientHeight); }, at);
    await expect.poll(() => page.evaluate(() => {
      const scroller = document.querySelector('[data-testid="source-scroller"]');
      const view = scroller.getBoundingClientRect();
      const ta = document.querySelector('[data-testid="source"]');
      const lines = ta.value.split('\n');
      const top = ta.getBoundingClientRect().top;
      const rows = [...document.querySelectorAll('.source__backdrop .src-line')];
      // Each row lies on its textarea line (20 px each) and shows that line's text.
      const misplaced = rows.filter((r) => {
        const line = Math.round((r.getBoundingClientRect().top - top) / 20);
        return lines[line] !== r.textContent;
      }).length;
      const first = rows[0]?.getBoundingClientRect().top ?? Infinity;
      const last = rows.at(-1)?.getBoundingClientRect().bottom ?? -Infinity;
      return { misplaced, covered: first <= view.top + 1 && last >= Math.min(view.bottom, ta.getBoundingClientRect().bottom) - 1 };
    })).toEqual({ misplaced: 0, covered: true });
  }
});

test('an input method composes in place and its text lands once', async ({ page }) => {
  await open(page, 'made in <country>Japan</country>');
  await source(page).click();
  await page.keyboard.press('Control+End');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Input.imeSetComposition', { text: 'に', selectionStart: 1, selectionEnd: 1 });
  await cdp.send('Input.imeSetComposition', { text: 'にほん', selectionStart: 3, selectionEnd: 3 });
  await expect(source(page)).toHaveValue('made in <country>Japan</country>にほん');
  await cdp.send('Input.insertText', { text: '日本' });
  await expect.poll(() => whole(page)).toBe('made in <country>Japan</country>日本');
  await expect(source(page)).toHaveValue('made in <country>Japan</country>日本');
  await page.keyboard.type('!');
  await expect.poll(() => whole(page)).toBe('made in <country>Japan</country>日本!');
});

test('a 1 MB paste lands whole, line breaks byte for byte, while the textarea holds a window', async ({ page, context }) => {
  const text = longDoc(12_000);
  expect(text.length).toBeGreaterThan(900_000);
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await source(page).click();
  await page.keyboard.press('Control+V');
  await expect(marks(page).first()).toBeVisible({ timeout: 20_000 });
  expect(await whole(page)).toBe(text);
  const held = await source(page).evaluate((el) => el.value.length);
  expect(held).toBeGreaterThan(0);
  expect(held).toBeLessThan(60_000);
  // Scrolled to the end, the window holds the last lines, numbered in the gutter.
  await page.locator('[data-testid="source-scroller"]').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await expect(source(page)).toHaveValue(/Line 12000: the <model>M-12000<\/model>[^\n]*$/);
  await expect(page.locator('[data-testid="source-gutter"]')).toHaveText(/\n12000$/);
  // Typing there keeps every other line break as it was.
  await source(page).evaluate((el) => { el.focus(); el.setSelectionRange(el.value.length, el.value.length); });
  await page.keyboard.type('!');
  await expect.poll(() => whole(page)).toBe(`${text}!`);
});

test('the caret in a tagged span selects it; a span selected in the text lights up its tags in view', async ({ page }) => {
  await open(page, longDoc(3000));
  await expect(marks(page).first()).toBeVisible();
  // Source → rendered: the caret inside "M-2".
  await source(page).evaluate((el) => {
    el.focus();
    const at = el.value.indexOf('M-2<') + 1;
    el.setSelectionRange(at, at);
  });
  await page.keyboard.press('ArrowRight');
  await expect(page.locator('[data-testid="mark"].mark--selected')).toHaveText('M-2');
  // Rendered → source: a span far down the document.
  await page.locator('[data-testid="rendered"]').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const last = marks(page).last();
  await expect(last).toHaveText('M-3000', { timeout: 20_000 });
  await last.click();
  await expect(last).toHaveClass(/mark--selected/);
  const lit = page.locator('.source__backdrop .src-name.src-lit');
  await expect(lit).toHaveText(['model', 'model']);
  const scroller = await page.locator('[data-testid="source-scroller"]').boundingBox();
  const tag = await lit.first().boundingBox();
  expect(tag.y).toBeGreaterThanOrEqual(scroller.y);
  expect(tag.y + tag.height).toBeLessThanOrEqual(scroller.y + scroller.height);
  await expect(lit.first().locator('xpath=..')).toContainText('Line 3000:');
});

test('diagnostics are underlined where they are, with their message on hover', async ({ page }) => {
  await open(page, 'first line\nsecond <b>bold\nthird </x> end');
  const listed = page.locator('[data-testid="diagnostic"]');
  await expect(listed).toHaveCount(2);
  const underlined = page.locator('.source__backdrop .src-diag');
  // Each diagnostic's tag, and nothing else, is underlined, on its own line.
  await expect(underlined).toHaveText(['<', 'b', '>', '</', 'x', '>']);
  const rows = page.locator('.source__backdrop .src-line');
  await expect(rows.nth(1).locator('.src-diag')).toHaveText(['<', 'b', '>']);
  await expect(rows.nth(2).locator('.src-diag')).toHaveText(['</', 'x', '>']);
  const message = (await listed.nth(1).locator('.diagnostic__message').textContent()).trim();
  await expect(rows.nth(2).locator('.src-diag').nth(1)).toHaveAttribute('data-message', message);
  // The underline lies under the tag's characters in the textarea.
  const box = await rows.nth(2).locator('.src-diag').nth(1).boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await expect(source(page)).toHaveAttribute('title', message);
  await page.mouse.move(box.x - 60, box.y + box.height / 2);
  await expect(source(page)).not.toHaveAttribute('title', message);
});

test('Ctrl+G goes to a line and column, and says when there is no such line', async ({ page }) => {
  await open(page, longDoc(2000));
  await source(page).click();
  await page.keyboard.press('Control+G');
  const dialog = page.getByTestId('goto-line');
  await expect(dialog).toBeVisible();
  await page.getByTestId('goto-line-input').fill('99999');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('goto-line-error')).toHaveText('there is no line 99999: the text has 2000 lines');
  await page.getByTestId('goto-line-input').fill('1500:6');
  await page.keyboard.press('Enter');
  await expect(dialog).toHaveCount(0);
  await expect(source(page)).toBeFocused();
  await page.keyboard.type('#');
  await expect.poll(async () => (await whole(page)).split(/\r\n|\r|\n/)[1499]).toMatch(/^Line #1500: /);
  // The line is in view, numbered in the gutter.
  await expect(page.locator('[data-testid="source-gutter"]')).toContainText('1500');
});

test('Ctrl+A then copy gives the whole document; typing then replaces all of it; undo brings it back', async ({ page }) => {
  const text = longDoc(4000);
  await open(page, text);
  await expect(marks(page).first()).toBeVisible();
  await page.evaluate(() => document.addEventListener('copy', (ev) => { window.__copied = ev.clipboardData.getData('text/plain'); }));
  await source(page).click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Control+C');
  await expect.poll(() => page.evaluate(() => window.__copied?.length)).toBe(text.length);
  expect(await page.evaluate(() => window.__copied)).toBe(text);
  await page.keyboard.type('x');
  await expect.poll(() => whole(page)).toBe('x');
  await expect(marks(page)).toHaveCount(0);
  // Undo in the source pane is the app's history.
  await page.keyboard.press('Control+Z');
  await expect.poll(() => whole(page)).toBe(text);
  await page.keyboard.press('Control+Shift+Z');
  await expect.poll(() => whole(page)).toBe('x');
});

/** Where each line of `text` starts (after `\n`, `\r\n` or a lone `\r`). */
function lineStarts(text) {
  const starts = [0];
  for (const m of text.matchAll(/\r\n|\r|\n/g)) starts.push(m.index + m[0].length);
  return starts;
}

test('a selection grows past the window with Shift and arrows; copy, typing and a caret left behind act on the whole document', async ({ page }) => {
  const text = longDoc(4000);
  const starts = lineStarts(text);
  await open(page, text);
  await expect(marks(page).first()).toBeVisible();
  await page.evaluate(() => document.addEventListener('copy', (ev) => { window.__copied = ev.clipboardData.getData('text/plain'); }));
  const copy = async () => {
    await page.evaluate(() => { window.__copied = undefined; });
    await page.keyboard.press('Control+C');
    await expect.poll(() => page.evaluate(() => window.__copied !== undefined)).toBe(true);
    return page.evaluate(() => window.__copied);
  };
  // The first line the textarea holds (every line starts "Line N:").
  const firstLine = () => source(page).inputValue().then((v) => Number(/^Line (\d+):/.exec(v)?.[1]));

  // Down from the top, 120 lines: the window moves on (its first line is no longer line 1).
  await source(page).click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 120; i++) await page.keyboard.press('Shift+ArrowDown');
  await expect.poll(firstLine).toBeGreaterThan(1);
  expect(await copy()).toBe(text.slice(0, starts[120]));
  // Back up five lines: the far end stays at the top.
  for (let i = 0; i < 5; i++) await page.keyboard.press('Shift+ArrowUp');
  expect(await copy()).toBe(text.slice(0, starts[115]));
  // Typing replaces the whole selection, not only the part the textarea holds.
  await page.keyboard.type('Q');
  await expect.poll(() => whole(page)).toBe('Q' + text.slice(starts[115]));
  await page.keyboard.press('Control+Z');
  await expect.poll(() => whole(page)).toBe(text);

  // Upwards from the end: a backward selection keeps its far end at the bottom.
  await page.keyboard.press('Control+End');
  for (let i = 0; i < 100; i++) await page.keyboard.press('Shift+ArrowUp');
  await expect.poll(firstLine).toBeLessThan(4000 - 100);
  // Every line here is as long as the last, so the caret went up to the end of line 3900 (index 3899).
  const lineEnd = starts[3900] - (text[starts[3900] - 2] === '\r' && text[starts[3900] - 1] === '\n' ? 2 : 1);
  const back = await copy();
  expect(back).toBe(text.slice(lineEnd));
  // Delete removes all of it.
  await page.keyboard.press('Backspace');
  await expect.poll(() => whole(page)).toBe(text.slice(0, text.length - back.length));
  await page.keyboard.press('Control+Z');
  await expect.poll(() => whole(page)).toBe(text);

  // A caret left at line 3, the pane scrolled far away with the wheel: the next key types at line 3.
  await page.keyboard.press('Control+Home');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  await page.locator('[data-testid="source-scroller"]').evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  await expect.poll(firstLine).toBeGreaterThan(1000);
  await page.keyboard.type('Z');
  await expect.poll(() => whole(page)).toBe(text.slice(0, starts[2]) + 'Z' + text.slice(starts[2]));
  await expect.poll(firstLine).toBeLessThan(10);
  // Ctrl+Shift+End selects from the caret to the end of the document.
  await page.keyboard.press('Control+Shift+End');
  const rest = await copy();
  expect(rest).toBe(text.slice(starts[2]));
});

test('cutting a selection that reaches past the window keeps the line breaks around it apart', async ({ page }) => {
  const text = longDoc(400);
  const starts = lineStarts(text);
  await open(page, text);
  await expect(marks(page).first()).toBeVisible();
  await page.evaluate(() => document.addEventListener('cut', (ev) => { window.__cut = ev.clipboardData.getData('text/plain'); }));
  // From the start of line 12 (after line 11's lone \r) to the end of line 100 (before a \n).
  expect(text[starts[11] - 1]).toBe('\r');
  expect(text[starts[100] - 1]).toBe('\n');
  await source(page).click();
  await page.keyboard.press('Control+Home');
  for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Home');
  for (let i = 0; i < 88; i++) await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+End');
  await page.keyboard.press('Control+X');
  await expect.poll(() => page.evaluate(() => window.__cut)).toBe(text.slice(starts[11], starts[100] - 1));
  // Line 11's \r and line 100's \n would read as one \r\n: a \r is kept between them, so
  // line 12 stays, empty, as a textarea holding everything would show it.
  await expect.poll(() => whole(page)).toBe(text.slice(0, starts[11]) + '\r' + text.slice(starts[100] - 1));
});

test('a row pressed right after a fast scroll, before the textarea has followed, takes the caret where it was pressed', async ({ page }) => {
  const text = longDoc(2000);
  const starts = lineStarts(text);
  await open(page, text);
  const scroller = page.locator('[data-testid="source-scroller"]');
  await scroller.evaluate((el) => { el.scrollTop = el.scrollHeight / 2; });
  // The rows in view are drawn (whether or not the textarea has followed yet).
  const row = page.locator('.source__backdrop .src-line').filter({ hasText: /^Line 10\d\d:/ }).nth(3);
  await expect(row).toBeVisible();
  const n = Number(/^Line (\d+):/.exec(await row.textContent())[1]);
  // A press on the row itself at its 11th character (what reaches the page when no textarea covers it).
  await row.evaluate((r) => {
    const walker = document.createTreeWalker(r, NodeFilter.SHOW_TEXT);
    let left = 10;
    let node = walker.nextNode();
    while (node && node.data.length <= left) { left -= node.data.length; node = walker.nextNode(); }
    const range = document.createRange();
    range.setStart(node, left);
    range.setEnd(node, left + 1);
    const box = range.getBoundingClientRect();
    r.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, button: 0, clientX: box.left + 1, clientY: box.top + box.height / 2 }));
  });
  await expect(source(page)).toBeFocused();
  await page.keyboard.type('Q');
  const at = starts[n - 1] + 10;
  await expect.poll(() => whole(page)).toBe(text.slice(0, at) + 'Q' + text.slice(at));

  // Shift and a press on a row far below, before the textarea follows: the selection reaches there.
  await scroller.evaluate((el) => { el.scrollTop += 30 * el.clientHeight; });
  const far = page.locator('.source__backdrop .src-line').filter({ hasText: /^Line \d+:/ }).nth(5);
  await expect(far).toBeVisible();
  const m = Number(/^Line (\d+):/.exec(await far.textContent())[1]);
  expect(m).toBeGreaterThan(n + 100);
  await far.evaluate((r) => {
    const box = r.getBoundingClientRect();
    r.dispatchEvent(new MouseEvent('mousedown', { bubbles: true, cancelable: true, button: 0, shiftKey: true, clientX: box.left + 1, clientY: box.top + box.height / 2 }));
  });
  await page.evaluate(() => document.addEventListener('copy', (ev) => { window.__copied = ev.clipboardData.getData('text/plain'); }));
  await page.keyboard.press('Control+C');
  const now = text.slice(0, at) + 'Q' + text.slice(at);
  await expect.poll(() => page.evaluate(() => window.__copied)).toBe(now.slice(at + 1, starts[m - 1] + 1));
});

test('text typed at the top of a long document moves the marks below it without drawing them again, and every offset ends right', async ({ page }) => {
  // 2,000 paragraphs: about 60 chunks of the rendered pane, most of them off screen.
  let text = '';
  for (let i = 1; i <= 2000; i++) text += `Paragraph ${i} names <model>M-${i}</model> and <params>${i} billion</params> parameters.\n\n`;
  await open(page, text);
  await expect(marks(page)).toHaveCount(4000, { timeout: 30_000 });
  await page.waitForFunction(() => window.__tagmark_settled() === true);
  // The last mark is far below the screen: mark its element to know it is kept.
  await marks(page).last().evaluate((el) => { el.__kept = true; });
  await source(page).evaluate((el) => { el.focus(); el.setSelectionRange(0, 0); });
  await page.keyboard.type('Draft: ');
  await expect.poll(() => whole(page)).toBe(`Draft: ${text}`);
  await page.waitForFunction(() => window.__tagmark_settled() === true);
  const want = inlineSpans(`Draft: ${text}`).spans.map((s) => [s.label, s.start, s.end]);
  const got = await marks(page).evaluateAll((els) => els.map((el) => [el.dataset.label, Number(el.dataset.start), Number(el.dataset.end)]));
  expect(got).toEqual(want);
  const last = await marks(page).last().evaluate((el) => [el.__kept === true, Number(el.dataset.start)]);
  expect(last).toEqual([true, want[want.length - 1][1]]);
  // A far block's offset is right too: clicking into its text selects by byte offset.
  await marks(page).last().scrollIntoViewIfNeeded();
  await marks(page).last().click();
  await expect(page.locator('.mark--selected').first()).toHaveAttribute('data-start', String(want[want.length - 1][1]));
});

test('a long paste shows its first blocks at once and keeps their elements; a key pressed before the rest is parsed is not lost', async ({ page }) => {
  const text = longDoc(6000);
  const spans = 6000;
  await page.goto('/');
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  // A paste as the clipboard delivers it; when its first mark is put in the page (before that
  // is painted): what is drawn, and then a key for the page (`?`, the shortcuts).
  const seen = await page.evaluate((t) => {
    const ta = document.querySelector('[data-testid="source"]');
    ta.focus();
    return new Promise((resolve) => {
      new MutationObserver((_, observer) => {
        const mark = document.querySelector('[data-testid="mark"]');
        if (!mark) return;
        observer.disconnect();
        window.__first_mark = mark;
        resolve({
          inert: document.querySelector('[data-testid="rendered"]').inert,
          readOnly: ta.readOnly,
          marks: document.querySelectorAll('[data-testid="mark"]').length,
          first: [mark.textContent, mark.dataset.label, mark.dataset.start],
        });
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: '?', bubbles: true, cancelable: true }));
      }).observe(document.body, { childList: true, subtree: true });
      const data = new DataTransfer();
      data.setData('text/plain', t);
      ta.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
  }, text);
  // The first marks were the preview's (from the first lines, parsed alone): drawn in a pane
  // that takes no input yet.
  expect(seen).toMatchObject({ inert: true, readOnly: true, first: ['M-1', 'model', '12'] });
  expect(seen.marks).toBeGreaterThan(0);
  expect(seen.marks).toBeLessThan(spans);
  // The key was for the document: it parsed the paste at once and then opened the shortcuts.
  await expect(page.locator('[data-testid="shortcuts"]')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(marks(page)).toHaveCount(spans, { timeout: 20_000 });
  expect(await whole(page)).toBe(text);
  await expect(page.locator('[data-testid="rendered"]')).not.toHaveAttribute('inert');
  await expect(source(page)).not.toHaveAttribute('readonly');
  // The document kept the preview's elements.
  expect(await page.evaluate(() => window.__first_mark.isConnected
    && window.__first_mark === document.querySelector('[data-testid="mark"]'))).toBe(true);
  // Every offset is the independent parser's.
  const expected = inlineSpans(text).spans;
  const got = await marks(page).evaluateAll((els) => els.map((el) => [+el.dataset.start, +el.dataset.end, el.dataset.label]));
  expect(got).toEqual(expected.map((s) => [s.start, s.end, s.label]));
});
