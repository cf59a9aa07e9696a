#!/usr/bin/env node
// Corpus benchmark for tagmark (issue 5): open 1,000 small seeds (~2.5 MB), then switch documents.
//
//   trunk build --release && node scripts/bench_corpus.mjs [--docs 1000] [--switches 50]
//                                                          [--dist dist] [--url URL] [--json FILE]
//
// - Serves --dist (default target/dist-test/: `trunk build --release --features test-hooks --dist target/dist-test`, whose window.__tagmark_* hooks it uses) with `python3 -m http.server` on 127.0.0.1:$E2E_PORT (8765) unless
//   something already answers at --url; uses playwright-core with Debian's /usr/bin/chromium.
// - Generates --docs seeds from crates/core/src/example_seed.txt: each a variation (its own model
//   name, numbers and year, some sentences dropped), ~2.4 KB and ~10 spans each.
// - Opens them as files through the page's multi-file picker ([data-testid="open-file"][multiple],
//   else [data-testid="import-files"]) or, with --hook or when there is no such picker, through
//   window.__tagmark_open(docs). Everything is timed inside the page with performance.now():
//     open→first doc     files handed over (input `change` / hook call) → the first document's
//                        marks in the rendered pane, painted (double rAF)
//     open→all listed    → the progress bar counts every document, painted
//   The Playwright round trip of setInputFiles itself (CDP file transfer) is reported apart.
// - Switching: presses J (next document) --switches times with focus outside text fields; each
//   switch is timed from the keydown to the frame after the new document's marks are in the DOM
//   (the list's data-current moved and window.__tagmark_parsed_at updated). Reports median, p95 and max.
// - The corpus panel: presses I (the inventory of every document is computed as it opens) and times
//   the keydown to the frame after its chart and inventory are in the DOM; then Esc. --panels times.
import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = process.env.E2E_PORT ?? '8765';

function parseArgs(argv) {
  const o = { docs: 1000, switches: 50, panels: 5, dist: join(ROOT, 'target', 'dist-test'), url: null, json: null, hook: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => argv[++i];
    if (a === '--docs') o.docs = Number(val());
    else if (a === '--switches') o.switches = Number(val());
    else if (a === '--panels') o.panels = Number(val());
    else if (a === '--dist') o.dist = resolve(val());
    else if (a === '--url') o.url = val();
    else if (a === '--json') o.json = resolve(val());
    else if (a === '--hook') o.hook = true;
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 22)
        .map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  o.url ??= `http://127.0.0.1:${PORT}/`;
  return o;
}

/** `n` variations of the example seed. */
function seeds(n) {
  const base = readFileSync(join(ROOT, 'crates/core/src/example_seed.txt'), 'utf8');
  const sentences = base.split(/(?<=\.)\s+/);
  const docs = [];
  for (let i = 0; i < n; i++) {
    let text = sentences.filter((_, k) => k < 3 || (i + k) % 29 !== 0).join(' ');
    text = text
      .replace(/NeuraScale-9/g, `NeuraScale-${i}`)
      .replace(/2\.5 trillion/g, `${(i % 97) / 10 + 1} trillion`)
      .replace(/2023/g, String(1990 + (i % 35)))
      .replace(/512/g, String(64 + (i % 900)));
    docs.push({ name: `seed-${String(i).padStart(4, '0')}.txt`, source: text });
  }
  return docs;
}

async function answers(url) {
  try {
    const r = await fetch(url);
    return r.ok;
  } catch {
    return false;
  }
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

async function main() {
  const o = parseArgs(process.argv.slice(2));
  let server = null;
  if (!(await answers(o.url))) {
    server = spawn('python3', ['-m', 'http.server', PORT, '--bind', '127.0.0.1', '--directory', o.dist], { stdio: 'ignore' });
    for (let i = 0; i < 50 && !(await answers(o.url)); i++) await new Promise((r) => setTimeout(r, 100));
    if (server.exitCode !== null || !(await answers(o.url))) throw new Error(`could not serve ${o.dist} on ${o.url}`);
  }
  const docs = seeds(o.docs);
  const bytes = docs.reduce((n, d) => n + Buffer.byteLength(d.source), 0);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking'],
  });
  try {
    const page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('crash', () => errors.push('the page crashed'));
    await page.goto(o.url);
    await page.waitForFunction(() => window.__tagmark_storage_ready === true, null, { timeout: 30_000 });

    // Watchers inside the page, armed before the documents are handed over.
    await page.evaluate((total) => {
      const painted = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(performance.now()))));
      window.__bench = { t0: null, first: null, all: null };
      const until = (cond) => new Promise((resolve) => {
        const check = () => { if (cond()) { resolve(); return true; } return false; };
        if (check()) return;
        const mo = new MutationObserver(() => { if (check()) mo.disconnect(); });
        mo.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
      });
      const arm = () => { window.__bench.t0 ??= performance.now(); };
      document.addEventListener('change', arm, true);
      window.__bench.arm = arm;
      window.__bench.done = (async () => {
        await until(() => document.querySelector('[data-testid="mark"]'));
        window.__bench.first = await painted();
        await until(() => document.querySelector(`[data-testid="progress"][data-total="${total}"]`));
        window.__bench.all = await painted();
      })();
    }, docs.length);

    const picker = page.locator('[data-testid="open-file"][multiple], [data-testid="import-files"][multiple]').first();
    const viaPicker = !o.hook && (await picker.count()) > 0;
    const tCall = Date.now();
    if (viaPicker) {
      await picker.setInputFiles(docs.map((d) => ({ name: d.name, mimeType: 'text/plain', buffer: Buffer.from(d.source) })));
    } else {
      await page.evaluate((docs) => { window.__bench.arm(); window.__tagmark_open(docs); }, docs);
    }
    const transfer = Date.now() - tCall;
    await page.waitForFunction(() => window.__bench.all !== null, null, { timeout: 60_000 });
    const open = await page.evaluate(() => ({ first: window.__bench.first - window.__bench.t0, all: window.__bench.all - window.__bench.t0 }));

    if (process.env.BENCH_DEBUG) console.error(`${new Date().toISOString()} opened`);
    // Wait for the autosave of the whole corpus to finish, so switching is measured on a quiet page.
    await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.dataset.state === 'saved', null, { timeout: 60_000 });
    if (process.env.BENCH_DEBUG) console.error(`${new Date().toISOString()} saved`);
    await page.evaluate(() => document.activeElement?.blur());
    await page.evaluate(() => window.scrollTo(0, 0));
    const switches = [];
    for (let i = 0; i < o.switches; i++) {
      const ms = await page.evaluate(() => new Promise((resolve) => {
        const before = document.querySelector('[data-testid="doc-list"]')?.dataset.current;
        const parsed = window.__tagmark_parsed_at ?? 0;
        const t0 = performance.now();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', code: 'KeyJ', bubbles: true, cancelable: true }));
        const poll = () => {
          const now = document.querySelector('[data-testid="doc-list"]')?.dataset.current;
          if (now !== before && (window.__tagmark_parsed_at ?? 0) > parsed && document.querySelector('[data-testid="mark"]')) {
            requestAnimationFrame(() => resolve(performance.now() - t0));
          } else {
            setTimeout(poll, 0);
          }
        };
        poll();
      }));
      switches.push(ms);
      if (process.env.BENCH_DEBUG) console.error(`${new Date().toISOString()} switch ${i}: ${ms.toFixed(1)} ms`);
    }
    const panels = [];
    for (let i = 0; i < o.panels; i++) {
      const ms = await page.evaluate(() => new Promise((resolve) => {
        const t0 = performance.now();
        document.body.dispatchEvent(new KeyboardEvent('keydown', { key: 'i', code: 'KeyI', bubbles: true, cancelable: true }));
        const poll = () => {
          if (document.querySelector('[data-testid="corpus-panel"] [data-testid="chart-bar"]')
            && document.querySelector('[data-testid="inventory-string"]')) {
            requestAnimationFrame(() => resolve(performance.now() - t0));
          } else {
            setTimeout(poll, 0);
          }
        };
        poll();
      }));
      panels.push(ms);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => !document.querySelector('[data-testid="corpus-panel"]'));
      await page.evaluate(() => document.activeElement?.blur());
    }
    const result = {
      docs: docs.length,
      megabytes: +(bytes / 1e6).toFixed(2),
      via: viaPicker ? 'file picker' : 'window.__tagmark_open',
      open_to_first_doc_ms: +open.first.toFixed(1),
      open_to_all_listed_ms: +open.all.toFixed(1),
      playwright_transfer_ms: transfer,
      switch_median_ms: +median(switches).toFixed(1),
      switch_p95_ms: +pct(switches, 0.95).toFixed(1),
      switch_max_ms: +Math.max(...switches).toFixed(1),
      corpus_panel_median_ms: panels.length ? +median(panels).toFixed(1) : null,
      corpus_panel_max_ms: panels.length ? +Math.max(...panels).toFixed(1) : null,
      page_errors: errors,
    };
    console.log(`tagmark corpus benchmark: ${result.docs} seeds, ${result.megabytes} MB, opened via ${result.via}`);
    console.log(`  open → first document on screen   ${result.open_to_first_doc_ms} ms`);
    console.log(`  open → all ${result.docs} listed          ${result.open_to_all_listed_ms} ms`);
    if (viaPicker) console.log(`  (Playwright file transfer          ${result.playwright_transfer_ms} ms, not counted)`);
    console.log(`  switch (J), ${switches.length} times:  median ${result.switch_median_ms} ms · p95 ${result.switch_p95_ms} ms · max ${result.switch_max_ms} ms`);
    if (panels.length) console.log(`  corpus panel (I), ${panels.length} times: median ${result.corpus_panel_median_ms} ms · max ${result.corpus_panel_max_ms} ms`);
    if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
    if (o.json) writeFileSync(o.json, JSON.stringify(result, null, 2));
  } finally {
    await browser.close();
    server?.kill();
  }
}

main().catch((e) => { console.error(e); process.exit(1); });
