// What the browser benchmarks share: the documents they measure, a static server for dist/,
// and Debian's Chromium launched as the e2e tests launch it (playwright.config.js).
import { chromium } from 'playwright-core';
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root folder. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Whether `url` answers 200 within 2 s. */
export async function answers(url) {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2000) })).ok;
  } catch {
    return false;
  }
}

/** Serves `dist` with python3's http.server at `url` (http://127.0.0.1:PORT/) until it answers;
 * returns a function that stops the server. */
export async function serveDist(dist, url) {
  if (!existsSync(join(dist, 'index.html'))) {
    throw new Error(`${dist}/index.html is missing: run \`trunk build --release\` first`);
  }
  const { hostname, port } = new URL(url);
  const server = spawn('python3', ['-m', 'http.server', port || '80', '--bind', hostname, '--directory', dist],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr.on('data', (d) => { stderr += d; });
  for (let i = 0; i < 100 && !(await answers(url)); i++) {
    if (server.exitCode !== null) throw new Error(`python3 http.server exited (${server.exitCode}): ${stderr.trim()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!(await answers(url))) throw new Error(`python3 http.server did not answer at ${url}`);
  console.log(`serving ${dist} at ${url} (python3 http.server, pid ${server.pid})`);
  return () => { server.kill('SIGTERM'); };
}

/** Writes the seed documents of `sizes` into `out` with scripts/gen_docs.py; returns its manifest. */
export function generateDocs(out, sizes) {
  mkdirSync(out, { recursive: true });
  execFileSync('python3', [join(ROOT, 'scripts/gen_docs.py'), '--out', out, '--sizes', sizes.join(',')], { stdio: 'inherit' });
  return JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
}

/** Debian's Chromium, headless, with the flags that keep it off the network. */
export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
