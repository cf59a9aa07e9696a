#!/usr/bin/env node
// Browser render benchmark for tagmark: how fast do marks appear after a paste, and how smoothly
// does the rendered pane scroll?
//
//   trunk build --release && node scripts/bench_render.mjs [--runs 3] [--sizes small,medium,large,huge]
//                                                          [--url http://127.0.0.1:8765/] [--json FILE]
//
// - Uses the page at --url if something answers there; otherwise serves --dist (default target/dist-test/, a build with --features test-hooks) itself with
//   `python3 -m http.server` on 127.0.0.1:$E2E_PORT (8765), and stops it at the end.
// - Generates the workload with `python3 scripts/gen_docs.py --out target/bench-docs`;
//   expected span counts come from its manifest.json.
// - Per size and run, in a fresh browser context (empty storage): sets the source textarea's value,
//   dispatches one `input` event, and timestamps everything inside the page with performance.now()
//   (no DevTools round trips in the numbers):
//     paste→first mark   input event → first [data-testid="mark"] in the DOM, to the frame that paints it (rAF)
//     paste→parsed       input event → window.__tagmark_parsed_at (set by the app; includes the debounce)
//     parsed→first mark  window.__tagmark_parsed_at → first mark painted (rendering cost alone)
//     paste→all marks    input event → mark count == expected span count, then painted
//   then scrolls the rendered pane to the bottom, one step per animation frame, and reports the
//   p50 / p95 / max frame time (rAF timestamps) and the number of frames over 50 ms.
// Numbers are medians over --runs runs. Uses playwright-core with Debian's /usr/bin/chromium.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { ROOT, answers, generateDocs, launchChromium, serveDist } from './bench_lib.mjs';
const PORT = process.env.E2E_PORT ?? '8765';

function parseArgs(argv) {
  const opts = {
    url: process.env.E2E_URL ?? `http://127.0.0.1:${PORT}/`,
    runs: 3,
    sizes: ['small', 'medium', 'large', 'huge'],
    dist: join(ROOT, 'target', 'dist-test'),
    out: join(ROOT, 'target/bench-docs'),
    json: null,
    timeoutMs: 180_000,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--url') opts.url = val();
    else if (a === '--runs') opts.runs = Math.max(1, Number(val()));
    else if (a === '--sizes') opts.sizes = val().split(',').filter(Boolean);
    else if (a === '--dist') opts.dist = resolve(val());
    else if (a === '--json') opts.json = resolve(val());
    else if (a === '--timeout') opts.timeoutMs = Number(val()) * 1000;
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 24)
        .map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  return opts;
}

/** Serves dist/ unless something already answers at opts.url. Returns a stop function. */
async function ensureServer(opts) {
  if (await answers(opts.url)) {
    console.log(`using the page already served at ${opts.url}`);
    return () => {};
  }
  return serveDist(opts.dist, opts.url);
}

// ---------------------------------------------------------------- in-page measurements
// These functions are serialised and run inside the page.

/** Pastes `text` and timestamps the marks appearing. All times are performance.now() values. */
async function measurePaste({ text, expected, timeoutMs, settleMs }) {
  const SEL = '[data-testid="mark"]';
  const ta = document.querySelector('[data-testid="source"]');
  if (!ta) throw new Error('no [data-testid="source"] on the page');
  const parsedBefore = window.__tagmark_parsed_at;
  // The next animation frame after a change is the one that paints it (rAF runs just before paint);
  // a second rAF would also count whatever task the page runs after that paint.
  const afterPaint = () => new Promise((r) => requestAnimationFrame(() => r(performance.now())));

  const result = await new Promise((resolveResult) => {
    const r = { firstDom: null, firstPaint: null, allDom: null, allPaint: null, maxSeen: 0, timedOut: false };
    let lastMutation = 0;
    let done = false;
    const finish = (why) => {
      if (done) return;
      done = true;
      obs.disconnect();
      clearInterval(watchdog);
      r.end = why;
      resolveResult(r);
    };
    const check = () => {
      const now = performance.now();
      lastMutation = now;
      if (r.firstDom === null && document.querySelector(SEL)) {
        r.firstDom = now;
        afterPaint().then((t) => { r.firstPaint = t; if (r.allPaint !== null) finish('all'); });
      }
      if (r.firstDom !== null && r.allDom === null) {
        const n = document.querySelectorAll(SEL).length;
        r.maxSeen = Math.max(r.maxSeen, n);
        if (n >= expected) {
          r.allDom = now;
          afterPaint().then((t) => { r.allPaint = t; if (r.firstPaint !== null) finish('all'); });
        }
      }
    };
    const obs = new MutationObserver(check);
    obs.observe(document.body, { childList: true, subtree: true, characterData: true });
    // Stop when the marks stop changing short of the expected count (e.g. a virtualised list
    // that only renders what is visible), or on the overall timeout.
    const watchdog = setInterval(() => {
      const now = performance.now();
      if (now - r.t0 > timeoutMs) { r.timedOut = true; finish('timeout'); }
      else if (r.firstPaint !== null && r.allDom === null && now - lastMutation > settleMs) finish('settled');
    }, 100);
    r.t0 = performance.now();
    ta.value = text;
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  });
  const parsed = window.__tagmark_parsed_at;
  result.parsedAt = typeof parsed === 'number' && parsed !== parsedBefore && parsed >= result.t0 ? parsed : null;
  return result;
}

/** Scrolls the rendered pane to the bottom, one step per frame; returns frame durations in ms. */
async function measureScroll({ maxFrames, minStep }) {
  const first = document.querySelector('[data-testid="mark"]');
  const scrollable = (el) => {
    if (!el || el === document.body || el === document.documentElement) return false;
    const oy = getComputedStyle(el).overflowY;
    return (oy === 'auto' || oy === 'scroll') && el.scrollHeight > el.clientHeight + 1;
  };
  let pane = document.querySelector('[data-testid="rendered"]');
  if (!scrollable(pane)) {
    pane = first;
    while (pane && !scrollable(pane)) pane = pane.parentElement;
  }
  const target = pane ?? document.scrollingElement;
  const distance = target.scrollHeight - target.clientHeight;
  const step = Math.max(minStep, Math.ceil(distance / maxFrames));
  target.scrollTop = 0;
  const frames = [];
  await new Promise((done) => {
    let prev = null;
    const tick = (ts) => {
      if (prev !== null) frames.push(ts - prev);
      prev = ts;
      if (target.scrollTop >= distance - 1 || frames.length > maxFrames + 10) { done(); return; }
      target.scrollTop = Math.min(distance, target.scrollTop + step);
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const what = pane
    ? `${pane.tagName.toLowerCase()}${pane.dataset.testid ? `[data-testid="${pane.dataset.testid}"]` : pane.id ? `#${pane.id}` : ''}`
    : 'document';
  return { frames, pane: what, distance, step };
}

// ---------------------------------------------------------------- statistics and output

const median = (xs) => {
  const v = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const percentile = (xs, p) => {
  const v = [...xs].sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
};
const ms = (x) => (x === null || x === undefined ? 'n/a' : x < 10 ? x.toFixed(1) : Math.round(x).toString());

function printTable(rows) {
  const head = ['size', 'KB', 'spans', 'paste→first mark', 'paste→parsed', 'parsed→first mark',
    'paste→all marks', 'marks seen', 'scroll p50', 'p95', 'max', '>50ms'];
  const body = rows.map((r) => [
    r.size, (r.bytes / 1024).toFixed(0), String(r.spans), ms(r.pasteToFirst), ms(r.pasteToParsed),
    ms(r.parsedToFirst), ms(r.pasteToAll), String(r.marksSeen), ms(r.scrollP50), ms(r.scrollP95),
    ms(r.scrollMax), String(r.longFrames),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\n' + line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log('\ntimes in ms (medians over runs); scroll columns are frame times while scrolling the rendered pane');
}

// ---------------------------------------------------------------- main

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const manifest = generateDocs(opts.out, opts.sizes);
  const stopServer = await ensureServer(opts);
  const browser = await launchChromium();
  const rows = [];
  const raw = {};
  try {
    console.log(`chromium ${browser.version()}; ${opts.runs} run(s) per size`);
    for (const size of opts.sizes) {
      const info = manifest.docs[size];
      if (!info) throw new Error(`no ${size} in manifest.json`);
      const text = readFileSync(join(opts.out, `${size}.txt`), 'utf8');
      const runs = [];
      for (let run = 0; run < opts.runs; run++) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        const page = await context.newPage();
        const errors = [];
        page.on('pageerror', (e) => errors.push(String(e)));
        await page.goto(opts.url);
        await page.locator('[data-testid="source"]').waitFor({ timeout: 30_000 });
        const paste = await page.evaluate(measurePaste,
          { text, expected: info.spans, timeoutMs: opts.timeoutMs, settleMs: 3000 });
        const scroll = paste.firstDom !== null
          ? await page.evaluate(measureScroll, { maxFrames: 300, minStep: 60 })
          : { frames: [], pane: 'n/a', distance: 0, step: 0 };
        await context.close();
        const r = {
          pasteToFirst: paste.firstPaint !== null ? paste.firstPaint - paste.t0 : null,
          pasteToParsed: paste.parsedAt !== null ? paste.parsedAt - paste.t0 : null,
          parsedToFirst: paste.parsedAt !== null && paste.firstPaint !== null ? paste.firstPaint - paste.parsedAt : null,
          pasteToAll: paste.allPaint !== null ? paste.allPaint - paste.t0 : null,
          marksSeen: paste.allDom !== null ? info.spans : paste.maxSeen,
          end: paste.end,
          scroll: {
            pane: scroll.pane, distance: scroll.distance, step: scroll.step, frames: scroll.frames.length,
            p50: percentile(scroll.frames, 50), p95: percentile(scroll.frames, 95),
            max: scroll.frames.length ? Math.max(...scroll.frames) : null,
            over50: scroll.frames.filter((f) => f > 50).length,
          },
          errors,
        };
        runs.push(r);
        const note = paste.end === 'all' ? '' : ` (stopped: ${paste.end}, ${paste.maxSeen}/${info.spans} marks)`;
        console.log(`  ${size} run ${run + 1}: paste→first ${ms(r.pasteToFirst)} ms, paste→all ${ms(r.pasteToAll)} ms, `
          + `scroll ${scroll.frames.length} frames over ${scroll.distance}px of ${scroll.pane} (step ${scroll.step}px): `
          + `p50 ${ms(r.scroll.p50)} / p95 ${ms(r.scroll.p95)} ms${note}`
          + (errors.length ? `; page errors: ${errors.join(' | ')}` : ''));
      }
      raw[size] = runs;
      rows.push({
        size, bytes: info.bytes, spans: info.spans,
        pasteToFirst: median(runs.map((r) => r.pasteToFirst)),
        pasteToParsed: median(runs.map((r) => r.pasteToParsed)),
        parsedToFirst: median(runs.map((r) => r.parsedToFirst)),
        pasteToAll: median(runs.map((r) => r.pasteToAll)),
        marksSeen: Math.min(...runs.map((r) => r.marksSeen)),
        scrollP50: median(runs.map((r) => r.scroll.p50)),
        scrollP95: median(runs.map((r) => r.scroll.p95)),
        scrollMax: median(runs.map((r) => r.scroll.max)),
        longFrames: Math.max(...runs.map((r) => r.scroll.over50)),
      });
    }
  } finally {
    await browser.close();
    stopServer();
  }
  printTable(rows);
  if (opts.json) {
    mkdirSync(dirname(opts.json), { recursive: true });
    writeFileSync(opts.json, JSON.stringify({ url: opts.url, runs: opts.runs, rows, raw }, null, 2));
    console.log(`raw numbers: ${opts.json}`);
  }
}

main().catch((e) => {
  console.error(`bench_render: ${e.message}`);
  process.exit(1);
});
