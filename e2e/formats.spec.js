// Issue 4 in the app: import files in any format (picker, drag-and-drop, paste), export to
// every format (download and clipboard), with exact offsets and reported losses.
// Test hooks (data-testid): import-files, paste-open/paste-text/paste-format/paste-import,
// drop-hint, import-report, export-menu/export-dialog/export-format/export-offsets/export-scheme/
// export-scope/export-download/export-copy/export-close/export-warnings (data-count), status.
// Runs against a trunk build (E2E_DIST picks the folder; see playwright.config.js).
import { test, expect } from '@playwright/test';
import { inlineSpans } from './inline.js';
import { readFileSync, writeFileSync, mkdtempSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = join(ROOT, 'e2e/fixtures');
const SEED = readFileSync(join(ROOT, 'crates/core/src/example_seed.txt'), 'utf8');
const SCREENSHOTS = join(ROOT, 'target/screenshots');
const EMOJI = '👨🏻‍🚒 firemen drive <x>firetrucks</x>';

const expectedSpans = inlineSpans;

const SEED_SPANS = expectedSpans(SEED).spans;
const triples = (spans) => spans.map((s) => [s.start, s.end, s.label]);
/** Code-point slice. */
const cpSlice = (text, start, end) => Array.from(text).slice(start, end).join('');

/** The files of a ZIP, read by Python's zipfile (a real reader, not ours). */
function unzip(buf) {
  const dir = mkdtempSync(join(tmpdir(), 'tagmark-zip-'));
  const path = join(dir, 'export.zip');
  writeFileSync(path, buf);
  const out = execFileSync('python3', ['-c', `
import json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
assert z.testzip() is None
print(json.dumps({i.filename: z.read(i).decode('utf-8') for i in z.infolist()}))
`, path]);
  return JSON.parse(out.toString('utf8'));
}

class FormatsPage {
  constructor(page) {
    this.page = page;
    this.source = page.getByTestId('source');
    this.marks = page.getByTestId('mark');
    this.status = page.getByTestId('status');
  }
  async open() {
    await this.page.goto('/');
    await expect(this.source).toBeVisible();
  }
  async loadExample() {
    await this.page.getByTestId('load-example').click();
    await expect(this.marks).toHaveCount(SEED_SPANS.length);
  }
  async markAttributes() {
    return this.marks.evaluateAll((els) => els.map((el) => ({
      label: el.getAttribute('data-label'),
      start: Number(el.getAttribute('data-start')),
      end: Number(el.getAttribute('data-end')),
    })));
  }
  async openExport({ format, offsets, scheme, scope } = {}) {
    await this.page.getByTestId('export-menu').click();
    await expect(this.page.getByTestId('export-dialog')).toBeVisible();
    if (scope) await this.page.getByTestId('export-scope').selectOption(scope);
    if (format) await this.page.getByTestId('export-format').selectOption(format);
    if (offsets) await this.page.getByTestId('export-offsets').selectOption(offsets);
    if (scheme) await this.page.getByTestId('export-scheme').selectOption(scheme);
  }
  /** Exports through the dialog and returns the downloaded file. */
  async exportFile(options) {
    await this.openExport(options);
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByTestId('export-download').click(),
    ]);
    const failure = await download.failure();
    expect(failure, `download of ${download.suggestedFilename()}`).toBeNull();
    const buf = readFileSync(await download.path());
    await this.page.getByTestId('export-close').click();
    await expect(this.page.getByTestId('export-dialog')).toHaveCount(0);
    return { name: download.suggestedFilename(), buf, text: buf.toString('utf8') };
  }
  async importFiles(files) {
    await this.page.getByTestId('import-files').setInputFiles(files);
  }
}

const jsonl = (text) => text.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

/** Waits until every change is written to the browser's store. */
async function saved(page) {
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 10000 });
  await expect(page.getByTestId('save-state')).toHaveAttribute('data-state', 'saved');
}

test.describe('formats: export', () => {
  let app;
  const pageErrors = [];
  test.beforeEach(async ({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    app = new FormatsPage(page);
    await app.open();
  });
  test.afterEach(() => expect(pageErrors, 'uncaught errors in the page').toEqual([]));

  test('the menu offers every format, offset unit, scheme and scope', async ({ page }) => {
    await app.loadExample();
    await app.openExport();
    const values = (id) => page.getByTestId(id).locator('option').evaluateAll((os) => os.map((o) => o.value));
    expect(await values('export-format')).toEqual(['inline', 'doccano', 'prodigy', 'spacy', 'label-studio', 'brat', 'conll']);
    expect(await values('export-offsets')).toEqual(['codepoints', 'utf16', 'bytes']);
    expect(await values('export-scheme')).toEqual(['iob2', 'bilou', 'iobes']);
    expect(await values('export-scope')).toEqual(['current', 'all', 'accepted']);
    await expect(page.getByTestId('export-warnings')).toHaveAttribute('data-count', '0');
  });

  test('each format starts at its owner\'s offset unit, and the dialog says which', async ({ page }) => {
    await app.loadExample();
    await app.openExport();
    const offsets = page.getByTestId('export-offsets');
    const note = page.getByTestId('export-offsets-default');
    // doccano (the first format shown) counts UTF-16 units, as JavaScript does.
    await expect(offsets).toHaveValue('utf16');
    await expect(note).toHaveText('Default for doccano (JSONL): UTF-16 units (doccano counts offsets as JavaScript does).');
    await expect(offsets.locator('option[value="utf16"]')).toContainText('default');
    for (const [format, unit, says] of [
      ['spacy', 'codepoints', 'code points'], ['prodigy', 'codepoints', 'code points'],
      ['label-studio', 'codepoints', 'Label Studio stores code points'], ['brat', 'codepoints', 'code points'],
      ['doccano', 'utf16', 'UTF-16 units'],
    ]) {
      await page.getByTestId('export-format').selectOption(format);
      await expect(offsets).toHaveValue(unit);
      await expect(note).toContainText(says);
      await expect(offsets.locator(`option[value="${unit}"]`)).toContainText('default');
    }
    await page.getByTestId('export-format').selectOption('conll');
    await expect(offsets).toBeDisabled();
    await expect(note).toContainText('carry no offsets');
  });

  test('doccano: one JSONL line, spans in code points', async () => {
    await app.loadExample();
    const file = await app.exportFile({ format: 'doccano', offsets: 'codepoints', scope: 'current' });
    expect(file.name).toBe('example.jsonl');
    const [rec, ...rest] = jsonl(file.text);
    expect(rest).toEqual([]);
    expect(rec.text).toBe(expectedSpans(SEED).text);
    expect(rec.label).toEqual(triples(SEED_SPANS));
    expect(rec.meta.status).toBe('todo');
    await expect(app.status).toContainText('Exported 1 document as doccano to example.jsonl');
  });

  test('prodigy: spans with inclusive token_end over the written tokens', async () => {
    await app.loadExample();
    const file = await app.exportFile({ format: 'prodigy', offsets: 'codepoints' });
    const [rec] = jsonl(file.text);
    expect(rec.spans.map((s) => [s.start, s.end, s.label])).toEqual(triples(SEED_SPANS));
    for (const s of rec.spans) {
      expect(rec.tokens[s.token_start].start).toBe(s.start);
      expect(rec.tokens[s.token_end].end).toBe(s.end); // inclusive
    }
    // The example is still "to do": no answer, as Prodigy's unreviewed tasks have none.
    expect(rec).not.toHaveProperty('answer');
  });

  test('spacy: ents', async () => {
    await app.loadExample();
    const [rec] = jsonl((await app.exportFile({ format: 'spacy' })).text);
    expect(rec.ents.map((e) => [e.start, e.end, e.label])).toEqual(triples(SEED_SPANS));
  });

  test('label-studio: one JSON list of tasks with labels results', async () => {
    await app.loadExample();
    const file = await app.exportFile({ format: 'label-studio' });
    expect(file.name).toMatch(/\.json$/);
    const tasks = JSON.parse(file.text);
    expect(tasks).toHaveLength(1);
    const text = tasks[0].data.text;
    const results = tasks[0].annotations[0].result.filter((r) => r.type === 'labels');
    expect(results.map((r) => [r.value.start, r.value.end, r.value.labels[0]])).toEqual(triples(SEED_SPANS));
    for (const r of results) expect(r.value.text).toBe(cpSlice(text, r.value.start, r.value.end));
  });

  test('brat: a ZIP holding the .txt and the .ann', async () => {
    await app.loadExample();
    const file = await app.exportFile({ format: 'brat' });
    expect(file.name).toMatch(/\.zip$/);
    const files = unzip(file.buf);
    expect(Object.keys(files).sort()).toEqual(['example.ann', 'example.txt']);
    const text = files['example.txt'];
    expect(text).toBe(expectedSpans(SEED).text);
    const ts = files['example.ann'].split('\n').filter((l) => l.startsWith('T')).map((l) => {
      const [, type, covered] = l.split('\t');
      const [label, start, end] = type.split(' ');
      return { label, start: Number(start), end: Number(end), covered };
    });
    expect(ts.map((t) => [t.start, t.end, t.label])).toEqual(triples(SEED_SPANS));
    for (const t of ts) expect(t.covered).toBe(cpSlice(text, t.start, t.end));
  });

  test('inline: the seed comes back as it was', async () => {
    await app.loadExample();
    const file = await app.exportFile({ format: 'inline' });
    expect(file.name).toBe('example.txt');
    expect(file.text).toBe(SEED);
  });

  test('conll: IOB2 by default, BILOU on request', async () => {
    await app.loadExample();
    const spansOf = (text) => {
      const spans = [];
      for (const line of text.split('\n')) {
        const cols = line.trim().split(/\s+/);
        if (cols.length < 2 || cols[0] === '-DOCSTART-') continue;
        const [token, tag] = [cols[0], cols[cols.length - 1]];
        const m = /^([BILUES])-(.+)$/.exec(tag);
        if (!m) continue;
        if (m[1] === 'B' || m[1] === 'U' || m[1] === 'S') spans.push({ label: m[2], tokens: [token] });
        else spans[spans.length - 1].tokens.push(token);
      }
      return spans.map((s) => [s.label, s.tokens.join('')]);
    };
    const want = SEED_SPANS.map((s) => [s.label, s.text.replace(/\s+/g, '')]);
    const iob2 = await app.exportFile({ format: 'conll', scheme: 'iob2', scope: 'current' });
    expect(iob2.name).toBe('example.conll');
    expect(iob2.text).not.toMatch(/\s[LU]-/);
    expect(spansOf(iob2.text)).toEqual(want);
    const bilou = await app.exportFile({ format: 'conll', scheme: 'bilou' });
    expect(bilou.text).toMatch(/\tU-year|\sU-year/);
    expect(bilou.text).toMatch(/\sL-params/);
    expect(spansOf(bilou.text)).toEqual(want);
  });

  test('emoji offsets: 19–29 code points, 22–32 UTF-16, 30–40 bytes', async () => {
    await app.source.fill(EMOJI);
    await expect(app.marks).toHaveCount(1);
    // doccano's default is UTF-16 (its web app counts JavaScript string indices): nothing to record.
    const u16 = jsonl((await app.exportFile({ format: 'doccano', scope: 'current' })).text)[0];
    expect(u16.label).toEqual([[22, 32, 'x']]);
    expect(u16.meta.offsets).toBeUndefined();
    expect(u16.text.slice(22, 32)).toBe('firetrucks'); // JavaScript strings count UTF-16
    const cp = jsonl((await app.exportFile({ format: 'doccano', offsets: 'codepoints' })).text)[0];
    expect(cp.label).toEqual([[19, 29, 'x']]);
    expect(cp.meta.offsets).toBe('codepoints'); // not doccano's unit: recorded
    const bytes = jsonl((await app.exportFile({ format: 'spacy', offsets: 'bytes' })).text)[0];
    expect(bytes.ents.map((e) => [e.start, e.end])).toEqual([[30, 40]]);
    expect(bytes.meta.offsets).toBe('bytes');
  });

  test('what a format cannot hold is listed in the dialog', async ({ page }) => {
    await app.source.fill('<place>New <place>York</place></place> is <x>big</x>');
    await expect(app.marks).toHaveCount(3);
    await app.openExport({ format: 'conll' });
    const warnings = page.getByTestId('export-warnings');
    await expect(warnings).not.toHaveAttribute('data-count', '0');
    const count = Number(await warnings.getAttribute('data-count'));
    await expect(warnings.locator('li')).toHaveCount(count);
    await expect(warnings).toContainText('York');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'export-dialog.png') });
    await page.getByTestId('export-format').selectOption('prodigy');
    await page.getByTestId('export-format').selectOption('inline');
    await expect(warnings).toHaveAttribute('data-count', '0'); // inline holds nested spans
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('export-dialog')).toHaveCount(0);
  });

  test('several documents as inline make a ZIP, one .txt each', async () => {
    await app.importFiles(join(FIXTURES, 'doccano-export.jsonl'));
    await expect(app.status).toContainText('Imported 3 documents');
    const file = await app.exportFile({ format: 'inline', scope: 'all' });
    expect(file.name).toBe('tagmark-corpus-inline.zip');
    const files = unzip(file.buf);
    expect(Object.values(files).sort()).toEqual([
      '<ORG>EU</ORG> rejects <MISC>German</MISC> call to boycott British lamb.',
      '<PERSON>Peter Blackburn</PERSON>',
      'President <PERSON>Obama</PERSON>',
    ].sort());
  });

  test.describe('clipboard', () => {
    test.use({ permissions: ['clipboard-read', 'clipboard-write'] });
    test('Copy puts the same export on the clipboard', async ({ page }) => {
      await app.loadExample();
      const file = await app.exportFile({ format: 'doccano', offsets: 'codepoints' });
      await app.openExport({ format: 'doccano' });
      await page.getByTestId('export-copy').click();
      await expect(app.status).toContainText('Copied 1 document as doccano');
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(file.text);
    });
  });
});

test.describe('formats: import', () => {
  let app;
  const pageErrors = [];
  test.beforeEach(async ({ page }) => {
    pageErrors.length = 0;
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    app = new FormatsPage(page);
    await app.open();
  });
  test.afterEach(() => expect(pageErrors, 'uncaught errors in the page').toEqual([]));

  test('a doccano JSONL file is detected and rendered', async () => {
    await app.importFiles(join(FIXTURES, 'doccano-export.jsonl'));
    await expect(app.status).toContainText('doccano-export.jsonl as doccano');
    await expect(app.marks).toHaveCount(2);
    expect(await app.markAttributes()).toEqual([
      { label: 'ORG', start: 0, end: 2 },
      { label: 'MISC', start: 11, end: 17 },
    ]);
    await expect(app.source).toHaveValue('<ORG>EU</ORG> rejects <MISC>German</MISC> call to boycott British lamb.');
  });

  test('a Prodigy JSONL file is detected and rendered; its answers become statuses', async ({ page }) => {
    await app.importFiles(join(FIXTURES, 'prodigy-headlines.jsonl'));
    await expect(app.status).toContainText('Imported 6 documents');
    await expect(app.status).toContainText('as prodigy');
    await expect(app.marks).toHaveCount(2);
    expect(await app.markAttributes()).toEqual([
      { label: 'ORG', start: 0, end: 4 },
      { label: 'LOCATION', start: 15, end: 29 },
    ]);
    await expect(page.getByTestId('mark').first()).toContainText('Uber');
    // "answer": "accept" → accepted: all six are in the accepted-only export.
    const recs = jsonl((await app.exportFile({ format: 'spacy', scope: 'accepted' })).text);
    expect(recs).toHaveLength(6);
    expect(recs[0].text).toBe('Uber’s Lesson: Silicon Valley’s Start-Up Machine Needs Fixing');
    expect(recs[0].ents.map((e) => [e.start, e.end, e.label])).toEqual([[0, 4, 'ORG'], [15, 29, 'LOCATION']]);
    expect(recs.every((r) => r.meta.status === 'accepted')).toBe(true);
  });

  test('malformed input: the error names file and line; the rest stays loaded', async () => {
    await app.loadExample();
    await app.importFiles([
      {
        name: 'doccano-missing-text.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: readFileSync(join(FIXTURES, 'doccano-missing-text.jsonl')),
      },
      {
        name: 'broken.jsonl',
        mimeType: 'application/x-ndjson',
        buffer: Buffer.from('{"text": "ok here", "label": [[0, 2, "A"]]}\n{"text": "oops", "label": [[0, 2\n'),
      },
    ]);
    await expect(app.status).toContainText('doccano-missing-text.jsonl:3');
    await expect(app.status).toContainText('text');
    const report = app.page.getByTestId('import-report');
    await expect(report).toContainText('broken.jsonl:2');
    await expect(report).toContainText('not valid JSON');
    // exampleA, exampleB, "ok here" were read; the example seed is still there.
    await expect(app.marks).toHaveCount(1);
    const recs = jsonl((await app.exportFile({ format: 'doccano', scope: 'all' })).text);
    expect(recs.map((r) => r.text)).toEqual([expectedSpans(SEED).text, 'exampleA', 'exampleB', 'ok here']);
    await app.page.getByTestId('import-report-close').click();
    await expect(report).toHaveCount(0);
  });

  test('drag-and-drop a brat .txt + .ann pair', async ({ page }) => {
    const txt = readFileSync(join(FIXTURES, '000-introduction.txt'), 'utf8');
    const ann = readFileSync(join(FIXTURES, '000-introduction.ann'), 'utf8');
    const dt = await page.evaluateHandle(({ txt, ann }) => {
      const d = new DataTransfer();
      d.items.add(new File([txt], '000-introduction.txt', { type: 'text/plain' }));
      d.items.add(new File([ann], '000-introduction.ann'));
      return d;
    }, { txt, ann });
    await page.dispatchEvent('body', 'dragenter', { dataTransfer: dt });
    await page.dispatchEvent('body', 'dragover', { dataTransfer: dt });
    await expect(page.getByTestId('drop-hint')).toBeVisible();
    mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOTS, 'drop-hint.png') });
    await page.dispatchEvent('body', 'drop', { dataTransfer: dt });
    await expect(page.getByTestId('drop-hint')).toHaveCount(0);
    await expect(app.status).toContainText('000-introduction.ann as brat');
    const marks = await app.markAttributes();
    expect(marks).toHaveLength(7);
    expect(marks).toContainEqual({ label: 'Organization', start: 418, end: 426 });
    expect(marks).toContainEqual({ label: 'Person', start: 473, end: 496 });
    // Relations, events, attributes, normalizations and notes stay with the document: nothing
    // to report, and the brat export gives the .ann back as it was, line for line.
    await expect(page.getByTestId('import-report')).toHaveCount(0);
    const file = await app.exportFile({ format: 'brat', scope: 'current' });
    expect(file.name).toBe('000-introduction-brat.zip');
    const files = unzip(file.buf);
    expect(files['000-introduction.txt']).toBe(txt);
    expect(files['000-introduction.ann']).toBe(ann);
  });

  test('brat: R, A and # lines come back on export, after a reload, and a dangling one is reported', async ({ page }) => {
    const txt = 'Ann met Bob in Rome.\n';
    const ann = [
      'T1\tPER 0 3\tAnn', 'T2\tPER 8 11\tBob', 'T3\tLOC 15 19\tRome',
      'R1\tRel Arg1:T1 Arg2:T2', 'A1\tNegated T1', '#1\tAnnotatorNotes T1\tnote', '',
    ].join('\n');
    await app.importFiles([
      { name: 'meet.txt', mimeType: 'text/plain', buffer: Buffer.from(txt) },
      { name: 'meet.ann', mimeType: 'text/plain', buffer: Buffer.from(ann) },
    ]);
    await expect(app.status).toContainText('meet.ann as brat');
    await expect(app.marks).toHaveCount(3);
    const annOf = async () => {
      const file = await app.exportFile({ format: 'brat', scope: 'current' });
      expect(file.name).toBe('meet-brat.zip');
      return unzip(file.buf)['meet.ann'];
    };
    expect(await annOf()).toBe(ann);
    // Kept in the browser's store with the document: the same after a reload.
    await saved(page);
    await page.reload();
    await expect(app.marks).toHaveCount(3);
    expect(await annOf()).toBe(ann);
    // Bob's span removed: R1 refers to its T2, so R1 is left out, and the dialog says so.
    await app.marks.filter({ hasText: 'Bob' }).click();
    await page.keyboard.press('Delete');
    await expect(app.marks).toHaveCount(2);
    await app.openExport({ format: 'brat', scope: 'current' });
    const warnings = page.getByTestId('export-warnings');
    await expect(warnings).toHaveAttribute('data-count', '1');
    await expect(warnings).toContainText('R1 Rel Arg1:T1 Arg2:T2');
    await page.getByTestId('export-close').click();
    expect(await annOf()).toBe('T1\tPER 0 3\tAnn\nT3\tLOC 15 19\tRome\nA1\tNegated T1\n#1\tAnnotatorNotes T1\tnote\n');
  });

  test('doccano and Label Studio: record ids, meta and other fields come back on export', async () => {
    const rec = {
      id: 42, text: 'Ann met Bob.', label: [[0, 3, 'PER'], [8, 11, 'PER']],
      meta: { source: 'wiki', page: 7 }, comments: ['check Bob'],
    };
    await app.importFiles({ name: 'ids.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(`${JSON.stringify(rec)}\n`) });
    await expect(app.status).toContainText('ids.jsonl as doccano');
    await expect(app.marks).toHaveCount(2);
    const [out] = jsonl((await app.exportFile({ format: 'doccano', scope: 'current' })).text);
    expect(out).toEqual({ ...rec, meta: { ...rec.meta, status: 'todo' } });

    const region = (id, start, end, text) => ({
      id, from_name: 'label', to_name: 'text', type: 'labels', value: { start, end, text, labels: ['PER'] },
    });
    const tasks = [{
      id: 9, data: { text: 'Ann met Bob.', url: 'https://example.org/9' },
      annotations: [{ id: 3, completed_by: 1, result: [
        region('r1', 0, 3, 'Ann'), region('r2', 8, 11, 'Bob'),
        { from_id: 'r1', to_id: 'r2', type: 'relation', direction: 'right' },
      ] }],
    }];
    await app.importFiles({ name: 'tasks.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(tasks)) });
    await expect(app.status).toContainText('tasks.json as label-studio');
    const [task] = JSON.parse((await app.exportFile({ format: 'label-studio', scope: 'current' })).text);
    expect(task.id).toBe(9);
    expect(task.data).toEqual(tasks[0].data);
    expect(task.annotations[0].completed_by).toBe(1);
    expect(task.annotations[0].result).toEqual(tasks[0].annotations[0].result);
  });

  test('the header\'s "Open file…" goes through the same import (any format)', async ({ page }) => {
    await page.getByTestId('open-file').setInputFiles(join(FIXTURES, 'prodigy-headlines.jsonl'));
    await expect(app.status).toContainText('as prodigy');
    await expect(app.marks).toHaveCount(2);
    // An inline .txt still opens verbatim (its problems show as diagnostics).
    await page.getByTestId('open-file').setInputFiles({ name: 'broken.txt', mimeType: 'text/plain', buffer: Buffer.from('a <b>bold') });
    await expect(app.source).toHaveValue('a <b>bold');
    await expect(page.getByTestId('diagnostic')).toHaveCount(1);
    await expect(page.getByTestId('diagnostic')).toContainText('1:3');
  });

  test('paste: the format is detected and the document rendered', async ({ page }) => {
    await page.getByTestId('paste-open').click();
    await page.getByTestId('paste-text').fill(
      '{"text": "Apple is in Cupertino", "ents": [{"start": 0, "end": 5, "label": "ORG"}, {"start": 12, "end": 21, "label": "GPE"}]}\n',
    );
    await expect(page.getByTestId('paste-detected')).toContainText('spacy');
    await page.getByTestId('paste-import').click();
    await expect(page.getByTestId('paste-dialog')).toHaveCount(0);
    await expect(app.status).toContainText('as spacy');
    expect(await app.markAttributes()).toEqual([
      { label: 'ORG', start: 0, end: 5 },
      { label: 'GPE', start: 12, end: 21 },
    ]);
  });

  test('paste with a chosen format (CoNLL)', async ({ page }) => {
    await page.getByTestId('paste-open').click();
    await page.getByTestId('paste-text').fill('Peter B-PER\nBlackburn I-PER\nvisits O\nBonn B-LOC\n');
    await page.getByTestId('paste-format').selectOption('conll');
    await page.getByTestId('paste-import').click();
    await expect(app.status).toContainText('as conll');
    expect((await app.markAttributes()).map((m) => m.label)).toEqual(['PER', 'LOC']);
    await expect(app.source).toHaveValue('<PER>Peter Blackburn</PER> visits <LOC>Bonn</LOC>');
  });
});
