// Prints the weight of what tagmark ships: every file in dist/ raw, gzip -9 and brotli -q 11,
// then the wasm + JavaScript brotli total against the goal (150 KB). Figures only: the exit status
// is 0 whatever the sizes; it is 1 only when there is nothing to measure, or when a shipped file
// names a test hook (window.__tagmark_*: only builds with the `test-hooks` feature have them).
//
//   node scripts/size.mjs [DIST]      (DIST defaults to dist/; build it with `trunk build --release`)
//
// Node's zlib does both compressions, so nothing beyond Node is needed.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

/** The goal for wasm + JavaScript, brotli-compressed (issue 8). */
const GOAL_BYTES = 150 * 1024;

const dist = process.argv[2] ?? 'dist';

/** Every file under `dir`, depth first, sorted by path; not trunk's `.stage` or other hidden entries. */
function files(dir) {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]))
    .sort();
}

const gzip = (buf) => gzipSync(buf, { level: 9 }).length;
const brotli = (buf) => brotliCompressSync(buf, {
  params: {
    [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
    [constants.BROTLI_PARAM_SIZE_HINT]: buf.length,
  },
}).length;
const num = (n) => n.toLocaleString('en-US');
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

let list;
try {
  if (!statSync(dist).isDirectory()) throw new Error('not a folder');
  list = files(dist);
} catch (e) {
  console.error(`size.mjs: cannot read '${dist}' (${e.code ?? e.message}): build it first with \`trunk build --release\``);
  process.exit(1);
}
if (list.length === 0) {
  console.error(`size.mjs: '${dist}' is empty: build it first with \`trunk build --release\``);
  process.exit(1);
}

const rows = list.map((path) => {
  const buf = readFileSync(path);
  return { name: relative(dist, path), raw: buf.length, gzip: gzip(buf), brotli: brotli(buf) };
});

const width = Math.max(4, ...rows.map((r) => r.name.length));
const line = (name, raw, gz, br) =>
  `${name.padEnd(width)}  ${raw.padStart(11)}  ${gz.padStart(11)}  ${br.padStart(11)}`;
console.log(`shipped files in ${dist}/ (bytes)`);
console.log(line('file', 'raw', 'gzip -9', 'brotli -11'));
for (const r of rows) console.log(line(r.name, num(r.raw), num(r.gzip), num(r.brotli)));

const sum = (pick, key) => rows.filter(pick).reduce((n, r) => n + r[key], 0);
const all = () => true;
console.log(line('all files', num(sum(all, 'raw')), num(sum(all, 'gzip')), num(sum(all, 'brotli'))));

const code = (r) => /\.(wasm|m?js)$/.test(r.name);
const total = sum(code, 'brotli');
const verdict = total <= GOAL_BYTES
  ? `within the goal (${kb(GOAL_BYTES - total)} to spare)`
  : `over the goal by ${num(total - GOAL_BYTES)} bytes (${kb(total - GOAL_BYTES)})`;
console.log('');
console.log(`wasm + JS, brotli: ${num(total)} bytes = ${kb(total)}; goal ≤ ${kb(GOAL_BYTES)} (${num(GOAL_BYTES)} bytes): ${verdict}`);

// The build users get carries no test hooks (they are behind the `test-hooks` cargo feature,
// src/storage/hooks.rs): a shipped file naming one is an error, whatever the sizes.
const HOOKS = ['__tagmark_open', '__tagmark_settled', '__tagmark_storage_ready', '__tagmark_parsed_at',
  '__tagmark_source', '__tagmark_set_source', '__tagmark_prepared', '__tagmark_hold_prepare',
  '__tagmark_assist', '__tagmark_hold_assist'];
const leaks = list.flatMap((path) => {
  const text = readFileSync(path).toString('latin1');
  return HOOKS.filter((hook) => text.includes(hook)).map((hook) => `${relative(dist, path)}: ${hook}`);
});
console.log('');
if (leaks.length > 0) {
  console.error(`test hooks in the shipped build (build it without --features test-hooks):\n  ${leaks.join('\n  ')}`);
  process.exit(1);
}
console.log(`test hooks: none of ${HOOKS.join(', ')} in ${dist}/`);
