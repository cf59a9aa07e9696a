#!/usr/bin/env node
// Suggestions and checks benchmark (issue 12): does a long document stay responsive while its
// suggestions and problems are computed?
//
//   trunk build --release --features test-hooks --dist target/dist-test && node scripts/bench_assist.mjs \
//     [--runs 3] [--size large] [--dist target/dist-test] [--port N]
// (window.__tagmark_open, which it hands the document to, is a test hook: scripts/test.sh builds it)
//
// Serves dist/ (python3 http.server), opens the page in Debian's Chromium (playwright-core, no
// download), hands it the generated document of --size (scripts/gen_docs.py: large ≈ 250 KB,
// 2,500 spans, every 7th span untagged so that there is something to suggest) through window.__tagmark_open, and records every animation frame from just before
// the hand-over until the app publishes window.__tagmark_assist (its checks are done). Prints,
// per run and as medians: the longest frame (gap between animation frames) in that time, the
// slowest suggestion slice and the slowest check slice as the app measured them, and the numbers of
// suggestions and problems shown. These are figures, not a pass/fail test (goal: no frame > 50 ms
// caused by the suggestions; the document's own first render is in bench_boot).
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { ROOT, serveDist, generateDocs, launchChromium } from './bench_lib.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const runs = Number(opt('runs', 3));
const size = opt('size', 'large');
const dist = opt('dist', join(ROOT, 'target', 'dist-test'));

async function freePort() {
  return new Promise((res) => { const s = createServer(); s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => res(p)); }); });
}

const port = Number(opt('port', 0)) || await freePort();
const url = `http://127.0.0.1:${port}/`;
generateDocs(join(ROOT, 'target/bench-docs'), [size]);
const entry = { file: `${size}.txt` };
// Every 7th span is untagged, so that its string is suggested (and checked) where it was.
let k = 0;
const text = readFileSync(join(ROOT, 'target/bench-docs', entry.file), 'utf8')
  .replace(/<([A-Za-z][\w-]*)>([^<]*)<\/\1>/g, (whole, _label, inner) => (++k % 7 === 0 ? inner : whole));
const stop = await serveDist(dist, url);
const browser = await launchChromium();
const median = (xs) => xs.slice().sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
try {
  for (let run = 0; run < runs; run++) {
    const context = await browser.newContext();
    // window.__bench_frames() starts recording the gaps between animation frames and
    // returns the function that stops it and gives them (both phases below use it).
    await context.addInitScript(() => {
      window.__bench_frames = () => {
        const frames = [];
        let last = performance.now();
        let on = true;
        const tick = (t) => { frames.push(t - last); last = t; if (on) requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        return () => { on = false; return frames; };
      };
    });
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => typeof window.__tagmark_open === 'function');
    const r = await page.evaluate(async ([name, source]) => {
      const stopFrames = window.__bench_frames();
      window.__tagmark_assist = undefined;
      const t0 = performance.now();
      window.__tagmark_open([{ name, source }]);
      while (!window.__tagmark_assist) await new Promise((res) => setTimeout(res, 20));
      const done = performance.now() - t0;
      // The outlines are drawn in the next frame.
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      const frames = stopFrames();
      const figures = window.__tagmark_assist;
      return {
        done, longestFrame: Math.max(...frames), slowestSlice: figures.slowestSlice, checks: figures.checks,
        suggestions: document.querySelectorAll('[data-testid=suggestion]').length,
        problems: document.querySelectorAll('[data-testid=problem]').length,
      };
    }, [entry.file, text]);
    // Phase 2, the suggestions alone: with the document drawn and idle, accept one suggestion
    // (N steps to it, Enter accepts). The edit makes the app compute the suggestions and checks
    // again; the frames from the key press until it publishes them again are theirs, plus one
    // span edit's render (≈ 8 ms, bench_edit).
    await page.locator('[data-testid=rendered]').focus();
    await page.keyboard.press('n');
    await page.evaluate(() => new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res))));
    const edit = page.evaluate(async () => {
      const stopFrames = window.__bench_frames();
      window.__tagmark_assist = undefined;
      const t0 = performance.now();
      await new Promise((res) => { window.__bench_go = res; });
      while (!window.__tagmark_assist) await new Promise((res) => setTimeout(res, 20));
      const done = performance.now() - t0;
      await new Promise((res) => requestAnimationFrame(() => requestAnimationFrame(res)));
      return { done, longestFrame: Math.max(...stopFrames()) };
    });
    await page.waitForFunction(() => typeof window.__bench_go === 'function');
    await page.keyboard.press('Enter');
    await page.evaluate(() => window.__bench_go());
    const e = await edit;
    r.afterEditLongestFrame = e.longestFrame;
    r.afterEditDone = e.done;
    console.log(`run ${run + 1}: ${JSON.stringify(Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Math.round(v * 10) / 10])))}`);
    results.push(r);
    await context.close();
  }
  const m = (k) => Math.round(median(results.map((r) => r[k])) * 10) / 10;
  console.log(`${entry.file} (${Math.round(text.length / 1024)} KB), medians of ${runs}: ` +
    `longest frame ${m('longestFrame')} ms (from the hand-over, the first render included), slowest suggestion slice ${m('slowestSlice')} ms, ` +
    `slowest check slice ${m('checks')} ms, all done after ${m('done')} ms; ${m('suggestions')} suggestions drawn, ${m('problems')} problems listed`);
  console.log(`after accepting one suggestion (the suggestions and checks computed again, no first render): ` +
    `longest frame ${m('afterEditLongestFrame')} ms, done after ${m('afterEditDone')} ms (goal: no frame > 50 ms)`);
} finally {
  await browser.close();
  stop();
}
