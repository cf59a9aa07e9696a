// The longest animation frame after each kind of edit, and paste → first mark (issue 11).
// Run through `node scripts/bench_edit.mjs --frames`; see that script's header. Prints figures,
// asserts nothing. Every time is taken inside the page with requestAnimationFrame timestamps.
import { join, resolve } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { ROOT, generateDocs, launchChromium, serveDist } from './bench_lib.mjs';

const WATCH_MS = 1500;

/** In the page: the longest gap between animation frames while `action` runs and for WATCH_MS after. */
const WATCH = `window.__bench_watch = async (action) => {
  const times = [];
  const loafs = [];
  const observer = new PerformanceObserver((l) => loafs.push(...l.getEntries()));
  observer.observe({ type: 'long-animation-frame' });
  let done = false;
  const loop = (t) => { times.push(t); if (!done) requestAnimationFrame(loop); };
  await new Promise((r) => requestAnimationFrame((t) => { times.push(t); r(); }));
  requestAnimationFrame(loop);
  const t0 = performance.now();
  await action();
  await new Promise((r) => setTimeout(r, ${WATCH_MS}));
  done = true;
  observer.disconnect();
  let longest = times.length > 1 ? 0 : ${WATCH_MS};
  let gap = 0;
  for (let i = 1; i < times.length; i++) if (times[i] - times[i - 1] > longest) { longest = times[i] - times[i - 1]; gap = i; }
  // What ran in the longest gap (long-animation-frame entries): the work to look at first.
  const inGap = gap ? loafs.filter((f) => f.startTime + f.duration > times[gap - 1] && f.startTime < times[gap]) : [];
  const why = inGap.map((f) => \`[\${f.duration.toFixed(0)} ms frame: \` + f.scripts.map((s) => \`\${s.invoker} \${s.duration.toFixed(0)} ms (layout \${s.forcedStyleAndLayoutDuration.toFixed(0)})\`).join(', ')
    + \`; rendering \${f.renderStart ? (f.startTime + f.duration - f.renderStart).toFixed(0) : 0} ms]\`).join(' ');
  // Gaps longer than two frames at 60 Hz: frames that took longer than 33 ms.
  const over = times.slice(1).filter((t, i) => t - times[i] > 34).length;
  return { longest, frames: times.length, over, since: performance.now() - t0, why };
};`;

/** The element that scrolls the source pane: its scroller, or (the textarea-only pane) the textarea. */
const SCROLLER = `(document.querySelector('[data-testid=source-scroller]') ?? document.querySelector('[data-testid=source]'))`;

async function pasteToFirstMark(page, text) {
  return page.evaluate(async (text) => {
    const ta = document.querySelector('[data-testid=source]');
    ta.focus();
    const painted = new Promise((resolve) => {
      const seen = () => document.querySelector('[data-testid=mark]');
      const obs = new MutationObserver(() => {
        if (seen()) { obs.disconnect(); requestAnimationFrame(() => resolve(performance.now())); }
      });
      obs.observe(document.body, { childList: true, subtree: true });
    });
    const t0 = performance.now();
    const data = new DataTransfer();
    data.setData('text/plain', text);
    const ev = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
    ta.dispatchEvent(ev);
    if (!ev.defaultPrevented) {
      // The old pane: a synthetic paste inserts nothing, so do what the browser would.
      ta.value = text;
      ta.dispatchEvent(new Event('input', { bubbles: true }));
    }
    return (await painted) - t0;
  }, text);
}

async function measure(browser, url, text, spans) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(url);
  await page.waitForFunction(() => window.__tagmark_storage_ready === true);
  await page.evaluate(WATCH);
  const paste = await pasteToFirstMark(page, text);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=mark]').length >= n, spans, { timeout: 120_000 });
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 60_000 });
  const out = { paste, why: {} };
  const take = (name, r) => { out[name] = r.longest; out.why[name] = r.why; out[`${name}Over`] = `${r.over} of ${r.frames - 1}`; };

  // A span edit: a plain word in the middle of the rendered pane, then `1`.
  const edit = (await page.evaluate(async () => {
    const rendered = document.querySelector('[data-testid=rendered]');
    const blocks = [...rendered.querySelectorAll('.block')];
    let target = null;
    for (const block of blocks.slice(Math.floor(blocks.length / 2))) {
      for (const node of block.childNodes) {
        const m = node.nodeType === Node.TEXT_NODE && /\b[a-z]{6,}\b/.exec(node.data);
        if (m) { target = [node, m.index, m.index + m[0].length]; break; }
      }
      if (target) break;
    }
    const [node, start, end] = target;
    node.parentElement.scrollIntoView({ block: 'center' });
    await new Promise((r) => requestAnimationFrame(r));
    const range = document.createRange();
    range.setStart(node, start);
    range.setEnd(node, end);
    getSelection().removeAllRanges();
    getSelection().addRange(range);
    node.parentElement.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, button: 0 }));
    await new Promise((r) => setTimeout(r, 100));
    return window.__bench_watch(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: '1', code: 'Digit1', bubbles: true, cancelable: true })));
  }));
  take('edit', edit);
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 60_000 });

  // Undo and redo, from the keyboard outside the text field.
  for (const [name, shift] of [['undo', false], ['redo', true]]) {
    take(name, await page.evaluate((shift) => {
      document.activeElement?.blur?.();
      return window.__bench_watch(() => window.dispatchEvent(new KeyboardEvent('keydown', { key: shift ? 'Z' : 'z', code: 'KeyZ', ctrlKey: true, shiftKey: shift, bubbles: true, cancelable: true })));
    }, shift));
    await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 60_000 });
  }

  // Typing: the caret in the middle of what the textarea holds, three trusted key presses.
  await page.evaluate(() => {
    const ta = document.querySelector('[data-testid=source]');
    ta.focus();
    const at = ta.value.indexOf(' ', Math.floor(ta.value.length / 2));
    ta.setSelectionRange(at, at);
  });
  // BENCH_PROFILE=dir: CPU profiles of the typing and the scrolling (use a build that keeps
  // function names: see scripts/size_breakdown.mjs for how to make one).
  const cdp = process.env.BENCH_PROFILE ? await page.context().newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 1000 }); await cdp.send('Profiler.start'); }
  const typing = page.evaluate(() => window.__bench_watch(() => new Promise((r) => setTimeout(r, 300))));
  await page.waitForTimeout(50);
  await page.keyboard.type('abc', { delay: 40 });
  take('typing', await typing);
  if (cdp) writeFileSync(join(process.env.BENCH_PROFILE, 'typing.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await page.waitForFunction(() => window.__tagmark_settled?.() === true, null, { timeout: 60_000 });

  // Scrolling the source pane to the bottom, a step per frame.
  if (cdp) await cdp.send('Profiler.start');
  take('scroll', await page.evaluate(async (scroller) => {
    const el = eval(scroller);
    el.scrollTop = 0;
    await new Promise((r) => requestAnimationFrame(r));
    return window.__bench_watch(async () => {
      const step = Math.max(1, (el.scrollHeight - el.clientHeight) / 90);
      for (let i = 0; i < 90; i++) {
        el.scrollTop += step;
        await new Promise((r) => requestAnimationFrame(r));
      }
    });
  }, SCROLLER));
  if (cdp) writeFileSync(join(process.env.BENCH_PROFILE, 'scroll.cpuprofile'), JSON.stringify((await cdp.send('Profiler.stop')).profile));
  await page.close();
  return out;
}

/** Runs the frame benchmark and prints one row per size (medians over `runs`). */
export async function benchFrames({ dist, sizes, runs }) {
  const PORT = process.env.E2E_PORT ?? '8765';
  const url = `http://127.0.0.1:${PORT}/`;
  const out = join(ROOT, 'target/bench-docs');
  const manifest = generateDocs(out, sizes);
  // The hooks it uses are only in a build with the test-hooks feature (target/dist-test).
  const stop = await serveDist(resolve(dist || join(ROOT, 'target', 'dist-test')), url);
  const browser = await launchChromium();
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  try {
    console.log(`longest animation frame (ms) in the ${WATCH_MS / 1000} s after each action; paste → first mark painted (ms); medians of ${runs}`);
    console.log('size     bytes       spans   span edit   typing   undo    redo    scrolling   paste→first mark');
    for (const size of sizes) {
      const text = readFileSync(join(out, `${size}.txt`), 'utf8');
      const info = (manifest.docs ?? manifest.sizes ?? manifest)[size] ?? {};
      const spans = info.spans ?? info.n_spans ?? 1;
      const rows = [];
      for (let i = 0; i < runs; i++) rows.push(await measure(browser, url, text, spans));
      const m = (k) => median(rows.map((r) => r[k])).toFixed(0).padStart(6);
      if (process.env.BENCH_WHY) {
        for (const r of rows) for (const [k, v] of Object.entries(r.why)) if (v) console.log(`  ${size} ${k}: ${v}`);
      }
      console.log(`${size.padEnd(8)} ${String(Buffer.byteLength(text)).padStart(9)}  ${String(spans).padStart(6)}   ${m('edit')}     ${m('typing')}   ${m('undo')}  ${m('redo')}  ${m('scroll')}      ${m('paste')}`);
      // How many frames went over, not only the longest one (each run's count).
      console.log(`${''.padEnd(8)} frames over 33 ms while scrolling: ${rows.map((r) => r.scrollOver).join(', ')}`);
      // Each run's longest frame, so that the worst run is seen as well as the median.
      const each = ['edit', 'typing', 'undo', 'redo', 'scroll', 'paste'].map((k) => `${k} ${rows.map((r) => r[k].toFixed(0)).join('/')}`);
      console.log(`${''.padEnd(8)} each run: ${each.join('; ')}`);
    }
  } finally {
    await browser.close();
    stop();
  }
}
