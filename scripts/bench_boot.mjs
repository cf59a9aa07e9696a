#!/usr/bin/env node
// First-load benchmark for tagmark (issue 8, "a page that opens at once"): how soon after a
// navigation does a document restored from the browser's storage show, and does the page stay
// responsive while the rest of it arrives?
//
//   trunk build --release --features test-hooks --dist target/dist-test && node scripts/bench_boot.mjs [--runs 5] [--sizes small,large,huge]
//                                                        [--dist DIR] [--port N] [--json FILE]
//
// - Serves --dist (default target/dist-test/: `trunk build --release --features test-hooks --dist target/dist-test`, whose window.__tagmark_* hooks it uses) with `python3 -m http.server` on 127.0.0.1 and its own port
//   (--port, else a free one), and stops it at the end. Uses playwright-core with Debian's
//   /usr/bin/chromium (never downloads a browser).
// - Generates the documents with `python3 scripts/gen_docs.py --out target/bench-docs`
//   (small ≈2.5 KB / 10 spans, large ≈250 KB / 2,500 spans, huge ≈1 MB / 10,000 spans).
// - Per size, in a fresh browser context: opens the page, hands the document over through
//   window.__tagmark_open, and waits until it is saved (window.__tagmark_settled()). Then it
//   navigates afresh --runs times (the document comes back from IndexedDB each time) and records,
//   with a MutationObserver and a PerformanceObserver that page.addInitScript installs before any
//   of the page's own code runs (times are performance.now(), i.e. ms since navigation start):
//     first mark     the first [data-testid="mark"] in the DOM, to the frame that paints it
//     all marks      as many marks as the document has spans, painted
//     source filled  the source pane is there and the editor holds the whole document
//                    (window.__tagmark_source(); the pane itself holds only the lines in view)
//     longest task   the longest long task (PerformanceObserver 'longtask', ≥50 ms) that starts
//                    in the 2 s after the first mark
//     longest frame  the longest gap between animation frames in those 2 s
//   and prints the medians. These are figures, not a pass/fail test.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { ROOT, generateDocs, launchChromium, serveDist } from './bench_lib.mjs';
/** How long after the first mark the page is watched for long tasks and long frames. */
const WATCH_MS = 2000;

function parseArgs(argv) {
  const o = {
    runs: 5, sizes: ['small', 'large', 'huge'], dist: join(ROOT, 'target', 'dist-test'), port: null,
    out: join(ROOT, 'target/bench-docs'), json: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => { if (i + 1 >= argv.length) throw new Error(`${a} needs a value`); return argv[++i]; };
    if (a === '--runs') o.runs = Math.max(1, Number(val()));
    else if (a === '--sizes') o.sizes = val().split(',').filter(Boolean);
    else if (a === '--dist') o.dist = resolve(val());
    else if (a === '--port') o.port = Number(val());
    else if (a === '--json') o.json = resolve(val());
    else if (a === '-h' || a === '--help') {
      console.log(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\n').slice(1, 25)
        .map((l) => l.replace(/^\/\/ ?/, '')).join('\n'));
      process.exit(0);
    } else throw new Error(`unknown argument ${a} (see --help)`);
  }
  return o;
}

/** A TCP port nobody listens on right now. */
function freePort() {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => ok(port)); });
  });
}

// ---------------------------------------------------------------- in the page

/**
 * Installed with page.addInitScript, so it runs before the page's own scripts on every navigation.
 * Records into window.__boot; `expected` (spans) and `sourceLength` (UTF-16 units of the textarea
 * value) come from sessionStorage, set by the benchmark before it navigates.
 */
function bootWatcher() {
  const cfg = JSON.parse(sessionStorage.getItem('__boot_cfg') || 'null');
  if (!cfg) return;
  const SEL = '[data-testid="mark"]';
  const boot = { firstDom: null, first: null, allDom: null, all: null, source: null, longTasks: [], frames: [] };
  window.__boot = boot;
  const painted = (key) => requestAnimationFrame(() => { boot[key] = performance.now(); if (key === 'first') watchFrames(); });
  // The observer only looks for the first mark: counting every mark, or reading the editor's
  // text, on each mutation would put the benchmark's own work into the frames it measures.
  const observer = new MutationObserver(() => {
    if (boot.firstDom === null && document.querySelector(SEL)) {
      boot.firstDom = performance.now();
      observer.disconnect();
      painted('first');
    }
  });
  observer.observe(document, { childList: true, subtree: true });
  // The rest is checked once a frame. The textarea's value is a property, not a DOM mutation,
  // and the source pane holds only the lines in view: the whole text is the editor's, read
  // through the test hook. Ready = the pane is there and the editor has the whole text.
  const poll = () => {
    const now = performance.now();
    if (boot.source === null) {
      const ta = document.querySelector('[data-testid="source"]');
      const whole = typeof window.__tagmark_source === 'function' ? window.__tagmark_source() : ta?.value;
      if (ta && typeof whole === 'string' && whole.length >= cfg.sourceLength) boot.source = now;
    }
    if (boot.firstDom !== null && boot.allDom === null && document.querySelectorAll(SEL).length >= cfg.expected) {
      boot.allDom = now;
      boot.all = now; // this callback runs in the frame that paints what it counted
    }
    if (boot.source === null || boot.allDom === null) requestAnimationFrame(poll);
    else finish();
  };
  requestAnimationFrame(poll);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) boot.longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask', buffered: true });
  } catch { /* no long task API: frames still tell */ }
  // Tells the benchmark through a binding (page.exposeBinding): waiting with page.waitForFunction
  // would inject Playwright's script into the page while it boots (about 10 ms of main thread).
  let reported = false;
  function finish() {
    if (reported || !boot.watched || boot.allDom === null || boot.source === null) return;
    reported = true;
    window.__boot_done?.(JSON.stringify(boot));
  }
  function watchFrames() {
    let prev = performance.now();
    const end = prev + cfg.watchMs;
    const tick = (t) => {
      boot.frames.push(t - prev);
      prev = t;
      if (t < end) requestAnimationFrame(tick);
      else { boot.watched = true; finish(); }
    };
    requestAnimationFrame(tick);
  }
}

// ---------------------------------------------------------------- statistics and output

const median = (xs) => {
  const v = xs.filter((x) => x !== null && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
};
const ms = (x) => (x === null || x === undefined ? 'n/a' : Math.round(x).toString());

function printTable(rows) {
  const head = ['size', 'KB', 'spans', 'first mark', 'all marks', 'source filled', 'longest task', 'longest frame'];
  const source = (r) => (r.source !== null ? ms(r.source) : `focus+${ms(r.focusToSource)}`);
  const body = rows.map((r) => [r.size, (r.bytes / 1024).toFixed(0), String(r.spans), ms(r.first), ms(r.all),
    source(r), ms(r.longestTask), ms(r.longestFrame)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log('\n' + line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  console.log(`\nms after navigation start, medians over runs; longest task/frame: in the ${WATCH_MS / 1000} s after the first mark;`);
  console.log('focus+N: the source pane showed a preview until it was focused, then held the whole text N ms later');
  const small = rows.find((r) => r.size === 'small');
  const huge = rows.find((r) => r.size === 'huge');
  if (small?.first && huge?.first) {
    console.log(`huge/small first mark: ${(huge.first / small.first).toFixed(2)}× (goal: huge ≤ 100 ms and ≤ 2×)`);
  }
}

// ---------------------------------------------------------------- main

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const manifest = generateDocs(o.out, o.sizes);
  const server = { url: `http://127.0.0.1:${o.port ?? (await freePort())}/` };
  server.stop = await serveDist(o.dist, server.url);
  const browser = await launchChromium();
  const rows = [];
  const raw = {};
  try {
    console.log(`chromium ${browser.version()}; ${o.runs} navigation(s) per size`);
    for (const size of o.sizes) {
      const info = manifest.docs[size];
      if (!info) throw new Error(`no ${size} in ${o.out}/manifest.json`);
      const source = readFileSync(join(o.out, `${size}.txt`), 'utf8');
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      await context.addInitScript(bootWatcher);
      let report = null;
      await context.exposeBinding('__boot_done', (_source, json) => report?.(JSON.parse(json)));
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(server.url);
      await page.waitForFunction(() => window.__tagmark_storage_ready === true, null, { timeout: 30_000 });
      await page.evaluate((doc) => window.__tagmark_open([doc]), { name: `${size}.txt`, source });
      await page.locator('[data-testid="mark"]').first().waitFor({ timeout: 60_000 });
      await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 120_000, polling: 100 });
      // The textarea shows CRLF as LF; gen_docs writes LF only, so its value is the source itself.
      const sourceLength = source.length;
      await page.evaluate((cfg) => sessionStorage.setItem('__boot_cfg', JSON.stringify(cfg)),
        { expected: info.spans, sourceLength, watchMs: WATCH_MS });
      const runs = [];
      for (let run = 0; run < o.runs; run++) {
        const done = new Promise((ok, fail) => {
          const timer = setTimeout(() => fail(new Error(`${size}: the page did not show every mark within 120 s`)), 120_000);
          report = (b) => { clearTimeout(timer); ok(b); };
        });
        await page.goto(server.url, { waitUntil: 'commit' });
        const b = await done;
        // A long source may wait for the focus (src/components/source_pane.rs): time that, from
        // the focus to the frame after the one that lays the whole text out.
        const focusToSource = b.source !== null ? null : await page.evaluate((length) => new Promise((ok) => {
          const ta = document.querySelector('[data-testid="source"]');
          const t0 = performance.now();
          ta.focus();
          const filled = ta.value.length >= length;
          requestAnimationFrame(() => requestAnimationFrame(() => ok(filled ? performance.now() - t0 : null)));
        }), sourceLength);
        const until = b.first + WATCH_MS;
        const tasks = b.longTasks.filter(([start]) => start >= b.firstDom && start < until).map(([, d]) => d);
        const r = {
          first: b.first, all: b.all, source: b.source, focusToSource,
          longestTask: tasks.length ? Math.max(...tasks) : 0,
          longestFrame: b.frames.length ? Math.max(...b.frames) : null,
          longTasksBeforeFirst: b.longTasks.filter(([start]) => start < b.firstDom).map(([s, d]) => [Math.round(s), Math.round(d)]),
        };
        runs.push(r);
        console.log(`  ${size} run ${run + 1}: first mark ${ms(r.first)} ms, all marks ${ms(r.all)} ms, `
          + `source ${r.source !== null ? `${ms(r.source)} ms` : `on focus, ${ms(r.focusToSource)} ms after it`}, longest task ${ms(r.longestTask)} ms, longest frame ${ms(r.longestFrame)} ms`
          + (r.longTasksBeforeFirst.length ? `; long tasks before the first mark [start, ms]: ${JSON.stringify(r.longTasksBeforeFirst)}` : ''));
      }
      if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
      await context.close();
      raw[size] = runs;
      rows.push({
        size, bytes: info.bytes, spans: info.spans,
        first: median(runs.map((r) => r.first)), all: median(runs.map((r) => r.all)),
        source: median(runs.map((r) => r.source)), focusToSource: median(runs.map((r) => r.focusToSource)),
        longestTask: median(runs.map((r) => r.longestTask)),
        longestFrame: median(runs.map((r) => r.longestFrame)),
      });
    }
  } finally {
    await browser.close();
    server.stop();
  }
  printTable(rows);
  if (o.json) {
    mkdirSync(dirname(o.json), { recursive: true });
    writeFileSync(o.json, JSON.stringify({ runs: o.runs, rows, raw }, null, 2));
    console.log(`raw numbers: ${o.json}`);
  }
}

main().catch((e) => {
  console.error(`bench_boot: ${e.message}`);
  process.exit(1);
});
