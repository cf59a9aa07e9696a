// trunk post_build hook (see Trunk.toml): lets the page's Content-Security-Policy allow the inline
// scripts trunk writes into index.html, and nothing else inline.
//
// trunk ends index.html with an inline `<script type="module">` that imports the JS glue and starts
// the wasm; `trunk serve` adds its live-reload script too. Their text names the hashed file names
// of this build, so their hashes cannot be written into index.html by hand. This hook runs after
// trunk has written the page into its staging folder, computes the SHA-256 of each inline script
// and adds `'sha256-…'` to the `script-src` of the CSP `<meta>` that index.html carries.
//
// It fails the build (exit 1, with the reason) when the page has no CSP meta or no script-src:
// better a failed build than a page whose scripts the browser refuses.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const fail = (msg) => { console.error(`csp_hashes.mjs: ${msg}`); process.exit(1); };
if (!staging) fail('TRUNK_STAGING_DIR is not set: run me as a trunk post_build hook (Trunk.toml [[hooks]])');
const file = join(staging, 'index.html');
let html;
try {
  html = readFileSync(file, 'utf8');
} catch (e) {
  fail(`cannot read ${file}: ${e.message}`);
}

// Inline scripts: <script ...> without a src attribute; the browser hashes their exact text.
const hashes = [];
for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script\s*>/gi)) {
  if (/\ssrc\s*=/i.test(m[1])) continue;
  hashes.push(`'sha256-${createHash('sha256').update(m[2], 'utf8').digest('base64')}'`);
}

const meta = /(<meta\s+http-equiv=["']Content-Security-Policy["']\s+content=")([^"]*)(")/i;
const found = html.match(meta);
if (!found) fail(`${file} has no <meta http-equiv="Content-Security-Policy" content="…"> (index.html must carry one)`);
const directives = found[2].split(';').map((d) => d.trim()).filter(Boolean);
const at = directives.findIndex((d) => /^script-src\s/.test(d));
if (at < 0) fail(`the Content-Security-Policy in ${file} has no script-src directive to add the inline scripts' hashes to`);
const have = new Set(directives[at].split(/\s+/));
const added = hashes.filter((h) => !have.has(h));
directives[at] = [directives[at], ...new Set(added)].join(' ');
const csp = directives.join('; ');
writeFileSync(file, html.replace(meta, (_, a, _b, c) => `${a}${csp}${c}`));
console.log(`csp_hashes.mjs: ${hashes.length} inline script(s) allowed by hash in ${file}`);
