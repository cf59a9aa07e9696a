// Prints what the release wasm's bytes are: its code and data grouped by crate (raw bytes, from
// twiggy), then its largest functions. Figures only, for docs/size.md; `scripts/size.mjs` gives the
// shipped sizes (gzip, brotli) and is what the goal is checked with.
//
//   trunk build --release              (or cargo build --release --target wasm32-unknown-unknown)
//   node scripts/size_breakdown.mjs [--top N]
//
// It reads cargo's output (target/wasm32-unknown-unknown/release/tagmark-app.wasm, or under
// CARGO_TARGET_DIR), runs it through the same pipeline as trunk with the function names kept
// (`wasm-bindgen --keep-debug`, then `wasm-opt -Oz -g`: the code is the same as the shipped file's,
// only a names section is added), and groups twiggy's figures. Needs wasm-bindgen and wasm-opt
// (scripts/setup.sh installs them; wasm-opt is node_modules/.bin's) and twiggy
// (`cargo install twiggy --locked`; not installed by the setup, since nothing else needs it).
// The last build wins: after a `--features test-hooks` build, the figures include the hooks.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const topArg = process.argv.indexOf('--top');
const TOP = topArg > 0 ? Number(process.argv[topArg + 1]) : 25;

const targetDir = process.env.CARGO_TARGET_DIR ?? 'target';
const wasm = join(targetDir, 'wasm32-unknown-unknown', 'release', 'tagmark-app.wasm');
if (!existsSync(wasm)) {
  console.error(`size_breakdown.mjs: no ${wasm}: build it first with \`trunk build --release\``);
  process.exit(1);
}
const PATH = `${join(process.cwd(), 'node_modules', '.bin')}:${process.env.PATH}`;
const run = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { env: { ...process.env, PATH }, maxBuffer: 1 << 30, encoding: 'utf8' });
  } catch (e) {
    const hint = e.code === 'ENOENT'
      ? (cmd === 'twiggy' ? ': install it with `cargo install twiggy --locked`' : ': run scripts/setup.sh --no-serve first')
      : '';
    console.error(`size_breakdown.mjs: ${cmd} failed (${e.code ?? e.status})${hint}`);
    process.exit(1);
  }
};

const out = join('target', 'size-breakdown');
mkdirSync(out, { recursive: true });
console.log(`names-kept copy of ${wasm} in ${out}/ (wasm-bindgen --keep-debug, wasm-opt -Oz -g)`);
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-debug', '--out-dir', out, wasm]);
const named = join(out, 'named.wasm');
run('wasm-opt', ['-Oz', '-g', join(out, 'tagmark-app_bg.wasm'), '-o', named]);
const csv = run('twiggy', ['top', '-n', '1000000', '-f', 'csv', named]);

/** twiggy's CSV rows as [name, shallow bytes]; names may hold commas and doubled quotes. */
function rows(text) {
  const items = [];
  for (const line of text.split('\n').slice(1)) {
    if (!line) continue;
    const m = line.match(/^("(?:[^"]|"")*"|[^,]*),(\d+),/);
    if (!m) continue;
    const name = m[1].startsWith('"') ? m[1].slice(1, -1).replaceAll('""', '"') : m[1];
    items.push([name, Number(m[2])]);
  }
  return items;
}

const STD = new Set(['core', 'alloc', 'std']);
/** The group an item's bytes are counted in: mostly the first non-std crate its name mentions. */
function group(name) {
  if (name.includes('subsection')) return null; // the names section this copy adds
  if (name.startsWith('data segment')) return 'data segments (strings, tables, vtables)';
  if (name.startsWith('import ')) return 'imports (the names of the JS functions the wasm calls)';
  if (name.includes('drop_in_place')) return 'drop glue (core::ptr::drop_in_place)';
  if (name.includes('{{vtable.shim}}')) return 'closure shims (FnOnce::call_once vtable shims)';
  if (name.includes('slice::sort')) return 'sorting (core::slice::sort)';
  const crates = [...name.matchAll(/(?<![A-Za-z0-9_:])([a-z_][a-z0-9_]*)(?:\[[0-9a-f]+\])?::/g)]
    .map((m) => m[1])
    .filter((c) => !STD.has(c));
  const first = crates[0];
  if (first === undefined) {
    return /fmt|flt2dec|panic/.test(name) ? 'std: formatting and panics' : 'std: other (collections, str, iterators…)';
  }
  if (['serde', 'serde_core', 'serde_json', 'indexmap', 'itoa', 'zmij', 'ryu'].includes(first)) {
    return crates.some((c) => c.startsWith('tagmark')) ? 'tagmark serde derive impls' : 'serde, serde_json, indexmap';
  }
  if (first.startsWith('tagmark') && /serde|Serialize|Deserialize|Visitor/.test(name)) return 'tagmark serde derive impls';
  return first;
}

const items = rows(csv);
const groups = new Map();
let total = 0;
for (const [name, bytes] of items) {
  const g = group(name);
  if (g === null) continue;
  const entry = groups.get(g) ?? { bytes: 0, count: 0 };
  entry.bytes += bytes;
  entry.count += 1;
  groups.set(g, entry);
  total += bytes;
}
const num = (n) => n.toLocaleString('en-US');
const pct = (n) => `${((100 * n) / total).toFixed(1)} %`;
console.log('');
console.log(`by crate (raw bytes of the optimised wasm, names section left out: ${num(total)} in all)`);
for (const [g, { bytes, count }] of [...groups].sort((a, b) => b[1].bytes - a[1].bytes)) {
  console.log(`${num(bytes).padStart(9)}  ${pct(bytes).padStart(7)}  ${String(count).padStart(5)} items  ${g}`);
}
console.log('');
console.log(`largest ${TOP} items`);
for (const [name, bytes] of items.filter(([n]) => group(n) !== null).sort((a, b) => b[1] - a[1]).slice(0, TOP)) {
  console.log(`${num(bytes).padStart(9)}  ${name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 150)}`);
}
