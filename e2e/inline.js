// What the core parser makes of a well-formed inline source, computed independently in JS for
// the end-to-end tests: the plain text and the spans, with offsets in code points.
// Tags are `<name>`/`</name>` with name = [A-Za-z][A-Za-z0-9_-]*; `&lt;`, `&gt;`, `&amp;` stand
// for one character each. Spans are in document order (start ascending, outer first).

/** `{ text, spans: [{ label, start, end, text }] }` of a well-formed `source`; throws otherwise. */
export function inlineSpans(source) {
  const TOKEN = /<(\/?)([A-Za-z][A-Za-z0-9_-]*)>|&(lt|gt|amp);/g;
  const ESCAPES = { lt: '<', gt: '>', amp: '&' };
  const plain = [];
  let length = 0; // code points of plain text so far
  const push = (s) => { plain.push(s); length += Array.from(s).length; };
  const open = [];
  const spans = [];
  let last = 0;
  for (const m of source.matchAll(TOKEN)) {
    push(source.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[3]) { push(ESCAPES[m[3]]); continue; }
    if (!m[1]) { open.push({ label: m[2], start: length }); continue; }
    const top = open.pop();
    if (!top || top.label !== m[2]) throw new Error(`not well formed at ${m.index}: ${m[0]}`);
    spans.push({ label: top.label, start: top.start, end: length });
  }
  push(source.slice(last));
  if (open.length) throw new Error(`<${open[0].label}> is never closed`);
  spans.sort((a, b) => a.start - b.start || b.end - a.end);
  const text = plain.join('');
  const chars = Array.from(text);
  return { text, spans: spans.map((s) => ({ ...s, text: chars.slice(s.start, s.end).join('') })) };
}
