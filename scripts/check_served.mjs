// Checks that a running `scripts/setup.sh` serves the app, as a new user would find it: waits until
// the server answers with tagmark's page (setup.sh builds first, so this can take minutes), opens it
// in Chromium, clicks "Load the example seed" and waits for the example's marks. scripts/test.sh
// runs it against setup.sh started in the background; see its stage "the first command".
//
//   node scripts/check_served.mjs URL PID [TIMEOUT_SECONDS]
//
// PID is setup.sh's process: when it exits before the page is served (a broken first command),
// this fails at once instead of waiting out the timeout. Exit 0 when the example rendered, else 1.
import { chromium } from 'playwright-core';

const [url, pidArg, timeoutArg = '1200'] = process.argv.slice(2);
const pid = Number(pidArg);
if (!url || !Number.isInteger(pid) || pid <= 0) {
  console.error('usage: node scripts/check_served.mjs URL PID [TIMEOUT_SECONDS]');
  process.exit(2);
}
const deadline = Date.now() + Number(timeoutArg) * 1000;
const EXPECTED_MARKS = 11; // the example seed's spans (crates/core/src/example_seed.txt)

const alive = () => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};
const fail = (msg) => { console.error(`check_served: FAILED: ${msg}`); process.exit(1); };

// 1. Wait for the server: poll once a second until it answers with the app's page.
const started = Date.now();
let lastNote = 0;
for (;;) {
  if (!alive()) fail(`setup.sh (pid ${pid}) exited before ${url} served the app`);
  if (Date.now() > deadline) fail(`${url} did not serve the app within ${timeoutArg} s`);
  let body = null;
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
    if (res.ok) body = await res.text();
  } catch { /* not listening yet */ }
  if (body !== null && body.includes('<title>tagmark</title>') && /<script\b/.test(body)) break;
  if (Date.now() - lastNote > 30_000) {
    lastNote = Date.now();
    console.log(`check_served: waiting for ${url} (${Math.round((Date.now() - started) / 1000)} s; setup.sh is building)`);
  }
  await new Promise((r) => setTimeout(r, 1000));
}
console.log(`check_served: ${url} serves the page after ${Math.round((Date.now() - started) / 1000)} s`);

// 2. Open it as a user would, and render the example.
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const problems = [];
try {
  const page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
  await page.goto(url);
  await page.locator('[data-testid="empty-load-example"]').click({ timeout: 60_000 });
  const marks = page.locator('[data-testid="mark"]');
  await marks.nth(EXPECTED_MARKS - 1).waitFor({ timeout: 30_000 });
  const count = await marks.count();
  if (count !== EXPECTED_MARKS) problems.push(`the example shows ${count} marks, expected ${EXPECTED_MARKS}`);
  console.log(`check_served: the example renders ${count} marks`);
} catch (e) {
  problems.push(String(e.message ?? e).split('\n')[0]);
} finally {
  await browser.close();
}
if (problems.length) fail(problems.join('\n  '));
console.log('check_served: ok');
