#!/usr/bin/env python3
"""tagmark's exports, read by the format owners' own readers.

    python tests/python/check_readers.py --tagmark target/debug/tagmark [--docs 300] [--seed 9] [--keep DIR]

Writes a set of hand-written and generated documents (emoji, ZWJ sequences, CJK,
combining marks, CRLF, CR, leading/trailing whitespace, tabs, NBSP, U+202F,
U+001C-U+001F, BOM) as a doccano JSONL file, converts it with the `tagmark`
binary to every format, and reads each export with the real readers:

- Prodigy: `spacy.tokens.Doc(vocab, words, spaces)` from the `tokens` rebuilds
  `text` exactly; `doc.char_span(start, end)` of every span is on token
  boundaries and is `token_start`..`token_end` (inclusive).
- spaCy: every `ents` entry covers the span's text (Python `str` indices), and
  `Doc.char_span(..., alignment_mode="expand")` accepts it.
- doccano: offsets are UTF-16 code units (doccano's unit) and cover the spans' text.
- CoNLL (IOB2, BILOU, IOBES): seqeval's strict mode parses every sentence, with
  one entity for every tag that begins one; every scheme gives the same
  entities; `spacy convert -c ner` accepts every file, and its entities are
  seqeval's (IOB2, BILOU: spaCy reads no IOBES).
- Label Studio: label-studio-converter converts the export to JSON_MIN and
  CoNLL 2003; its regions cover the spans' text, and every task has its id.
- brat (whose annotation.py is not on PyPI): its rule is checked here. No
  fragment holds a line break (as Python's `str.splitlines` sees one, since
  brat reads the `.ann` line by line), the text field is the fragments' text
  joined by spaces, and the fragments cover the span's text without the line
  breaks at its edges.

Every disagreement is printed; the exit status is 1 if there is any.
"""

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import unicodedata

import spacy
from spacy.tokens import Doc, DocBin
from seqeval.scheme import BILOU, IOB2, IOBES, Entities
from label_studio_converter.converter import Converter

LABELS = ["PER", "ORG", "loc", "B-x", "a_1"]

# Hand-written documents: (text, [(start, end, label)]) in code points.
HAND = [
    ("A\r\nB\n", [(0, 1, "PER"), (3, 4, "ORG")]),
    ("512 NVIDIA\nA100 GPUs", [(4, 20, "hardware")]),
    ("x\r\ny\rz", [(0, 6, "PER")]),
    ("👨🏻‍🚒 firemen drive\r\n日本 firetrucks e\u0301 😊 end ", [(8, 15, "ROLE"), (24, 37, "V"), (40, 41, "X")]),
    ("  leading and trailing  ", [(2, 9, "PER"), (14, 22, "ORG")]),
    ("tab\there\tand\tthere", [(0, 8, "PER"), (13, 18, "ORG")]),
    ("5\u202f000 people\u00a0in Paris", [(0, 5, "NUM"), (16, 21, "loc")]),
    ("\ufeffBOM first word", [(0, 4, "ORG"), (5, 10, "PER")]),
    ("sep\x1cara\x1dted\x1eby\x1fus", [(0, 3, "A"), (4, 7, "B"), (12, 14, "C")]),
    ("中文字符和한국어 text", [(0, 2, "loc"), (5, 8, "ORG")]),
    ("n\u0303a e\u0301te", [(0, 3, "PER"), (4, 8, "ORG")]),
    ("line one\n\n\nline four", [(5, 15, "PER")]),
    ("\r\n\r\nafter breaks", [(4, 9, "PER")]),
    ("end with break\n", [(9, 15, "PER")]),
    ("nested spans here", [(0, 17, "ORG"), (7, 12, "PER")]),
    ("a\u2028b\u2029c\x0bd\x0ce\x85f", [(0, 11, "PER")]),
    ("", []),
]

PIECES = [
    "👨🏻‍🚒", "😊", "日本語", "中", "e\u0301", "n\u0303a", "\r\n", "\n", "\r", " ", "  ", "\t", "a", "firetrucks",
    "x y", ",", ".", "<", "&", '"', "\\", "naïve", "Zürich", "\u00a0", "\u202f", "\x1c", "\x1f", "\ufeff", "5\u202f000",
    "can't", "2.5", "👩‍👩‍👧", "🇫🇷", "\u3000", "Ⅻ",
]


def generated(rng, n):
    """`n` random documents with random spans on code-point boundaries (nested, crossing and whitespace ones too)."""
    docs = []
    for _ in range(n):
        text = "".join(rng.choice(PIECES) for _ in range(rng.randrange(0, 24)))
        spans = set()
        for _ in range(rng.randrange(0, 6)):
            if len(text) < 1:
                break
            a, b = sorted(rng.sample(range(len(text) + 1), 2))
            spans.add((a, b, rng.choice(LABELS)))
        docs.append((text, sorted(spans)))
    return docs


class Checker:
    def __init__(self):
        self.failures = []
        self.counts = {}

    def fail(self, where, message):
        self.failures.append(f"{where}: {message}")

    def count(self, what, n=1):
        self.counts[what] = self.counts.get(what, 0) + n


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def tagmark(binary, args, where, check):
    p = run([binary, "convert", "-q", *args])
    if p.returncode != 0:
        check.fail(where, f"tagmark {' '.join(args)} exited {p.returncode}: {p.stderr.strip()[:2000]}")
        return False
    return True


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def covered(text, start, end):
    return text[start:end]


def records_with_docs(path, docs, name, check):
    """The JSONL records of `path` paired with the documents they were written from;
    a record count that is not the document count is a failure."""
    recs = jsonl(path)
    if len(recs) != len(docs):
        check.fail(name, f"{len(recs)} records for {len(docs)} documents")
    return zip(recs, docs)


def check_doccano(path, docs, check):
    for i, (rec, (text, spans)) in enumerate(records_with_docs(path, docs, "doccano", check)):
        where = f"doccano record {i + 1}"
        if rec["text"] != text:
            check.fail(where, f"text {rec['text']!r} is not {text!r}")
            continue
        if "offsets" in rec.get("meta", {}):
            check.fail(where, f"meta.offsets {rec['meta']['offsets']!r} written for the default unit")
        u16 = text.encode("utf-16-le")
        got = sorted((u16[s * 2:e * 2].decode("utf-16-le", "replace"), l) for s, e, l in rec["label"])
        want = sorted((text[s:e], l) for s, e, l in spans)
        if got != want:
            check.fail(where, f"UTF-16 offsets cover {got}, not {want}")
        check.count("doccano spans (UTF-16)", len(rec["label"]))


def check_spacy(path, docs, nlp, check):
    for i, (rec, (text, spans)) in enumerate(records_with_docs(path, docs, "spacy", check)):
        where = f"spacy record {i + 1}"
        got = sorted((rec["text"][e["start"]:e["end"]], e["label"]) for e in rec["ents"])
        want = sorted((text[s:e], l) for s, e, l in spans)
        if rec["text"] != text or got != want:
            check.fail(where, f"ents cover {got}, not {want}")
        doc = nlp.make_doc(rec["text"])
        for e in rec["ents"]:
            if doc.char_span(e["start"], e["end"], e["label"], alignment_mode="expand") is None:
                check.fail(where, f"spaCy's char_span refuses {e}")
        check.count("spacy ents", len(rec["ents"]))


def check_prodigy(path, docs, nlp, check):
    for i, (rec, (text, spans)) in enumerate(records_with_docs(path, docs, "prodigy", check)):
        where = f"prodigy record {i + 1} {text!r}"
        toks = rec["tokens"]
        doc = Doc(nlp.vocab, words=[t["text"] for t in toks], spaces=[t["ws"] for t in toks])
        if doc.text != rec["text"] or rec["text"] != text:
            check.fail(where, f"Doc(words, spaces) rebuilds {doc.text!r}, not {rec['text']!r}")
            continue
        for t, tok in zip(toks, doc):
            if (t["start"], t["end"]) != (tok.idx, tok.idx + len(tok)):
                check.fail(where, f"token {t} is at {tok.idx}..{tok.idx + len(tok)} in spaCy's Doc")
                break
        got = []
        for s in rec["spans"]:
            span = doc.char_span(s["start"], s["end"], label=s["label"])
            if span is None:
                check.fail(where, f"span {s} is not on token boundaries (char_span gives None)")
                continue
            if (span.start, span.end - 1) != (s["token_start"], s["token_end"]):
                check.fail(where, f"span {s} is tokens {span.start}..={span.end - 1} in spaCy's Doc")
            got.append((span.text, s["label"]))
        want = sorted((text[s:e], l) for s, e, l in spans)
        if sorted(got) != want:
            check.fail(where, f"spans cover {sorted(got)}, not {want}")
        check.count("prodigy tokens", len(toks))
        check.count("prodigy spans", len(rec["spans"]))


def conll_sentences(path):
    """(tokens, tags) per sentence, as spaCy's CoNLL reader and seqeval take them (`str.split()`)."""
    sents, toks, tags = [], [], []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            cols = line.split()
            if not cols or cols[0] == "-DOCSTART-":
                if toks:
                    sents.append((toks, tags))
                toks, tags = [], []
                continue
            if len(cols) != 2:
                raise ValueError(f"line {line!r} has {len(cols)} fields, not 2")
            toks.append(cols[0])
            tags.append(cols[1])
    if toks:
        sents.append((toks, tags))
    return sents


def check_conll(paths, workdir, check):
    schemes = {"iob2": (IOB2, "BU"), "bilou": (BILOU, "BU"), "iobes": (IOBES, "BS")}
    entities = {}
    for name, path in paths.items():
        scheme, starts = schemes[name]
        where = f"conll {name}"
        # spacy convert -c ner must accept the file.
        out = os.path.join(workdir, f"spacy-{name}")
        os.makedirs(out, exist_ok=True)
        p = run([sys.executable, "-m", "spacy", "convert", "-c", "ner", "-n", "1", path, out])
        if p.returncode != 0:
            said = (p.stdout + p.stderr).strip().splitlines() or ["(no output)"]
            check.fail(where, f"spacy convert -c ner refuses it (exit {p.returncode}): {said[-1][:400]}")
        converted = p.returncode == 0
        try:
            sents = conll_sentences(path)
        except ValueError as e:
            check.fail(where, str(e))
            continue
        found = []
        for k, (toks, tags) in enumerate(sents):
            try:
                ents = Entities([tags], scheme).entities[0]
            except Exception as e:  # seqeval's strict mode refuses a tag
                check.fail(where, f"seqeval ({scheme.__name__}, strict) refuses sentence {k + 1} {tags}: {e}")
                continue
            begins = sum(1 for t in tags if t[0] in starts)
            if len(ents) != begins:
                check.fail(where, f"seqeval (strict) finds {len(ents)} entities in {tags}, which begin {begins}")
            found.extend((k, e.start, e.end, e.tag) for e in ents)
        entities[name] = found
        check.count(f"conll {name} entities (seqeval strict)", len(found))
        if not converted:
            continue
        check.count("conll files spacy convert accepts")
        if name in ("iob2", "bilou"):
            # spaCy groups sentences into documents its own way: compare over the whole file.
            nlp = spacy.blank("xx")
            stem = os.path.basename(path).rsplit(".", 1)[0]
            docs = list(DocBin().from_disk(os.path.join(out, stem + ".spacy")).get_docs(nlp.vocab))
            words = [t.text for d in docs for t in d]
            if words != [t for toks, _ in sents for t in toks]:
                check.fail(where, "spacy convert's tokens are not the file's")
            spacy_ents, base = [], 0
            for d in docs:
                spacy_ents.extend((base + e.start, base + e.end, e.label_) for e in d.ents)
                base += len(d)
            starts, base = [], 0
            for toks, _ in sents:
                starts.append(base)
                base += len(toks)
            seqeval_ents = [(starts[k] + a, starts[k] + b, l) for k, a, b, l in found]
            if spacy_ents != seqeval_ents:
                check.fail(where, f"spacy convert reads entities {spacy_ents[:10]}…, seqeval {seqeval_ents[:10]}…")
            check.count(f"conll {name} entities (spacy convert)", len(spacy_ents))
    if len({tuple(v) for v in entities.values()}) > 1:
        check.fail("conll", "the schemes give different entities: " + ", ".join(f"{k}: {len(v)}" for k, v in entities.items()))


def check_label_studio(path, docs, workdir, check):
    with open(path, encoding="utf-8") as f:
        tasks = json.load(f)
    where = "label-studio"
    ids = [t.get("id") for t in tasks]
    if None in ids or len(set(map(str, ids))) != len(ids):
        check.fail(where, f"task ids missing or repeated: {ids[:20]}")
    ann_ids = [a.get("id") for t in tasks for a in t.get("annotations", [])]
    if None in ann_ids or len(set(map(str, ann_ids))) != len(ann_ids):
        check.fail(where, f"annotation ids missing or repeated: {ann_ids[:20]}")
    labels = sorted({l for _, spans in docs for _, _, l in spans})
    config = (
        '<View><Labels name="label" toName="text">'
        + "".join(f'<Label value="{l}"/>' for l in labels)
        + '</Labels><Text name="text" value="$text"/></View>'
    )
    conv = Converter(config=config, project_dir=workdir, download_resources=False)
    out = os.path.join(workdir, "ls-min")
    try:
        conv.convert_to_json_min(path, out, is_dir=False)
        conv.convert_to_conll2003(path, os.path.join(workdir, "ls-conll"), is_dir=False)
    except Exception as e:
        check.fail(where, f"label-studio-converter fails: {type(e).__name__}: {e}")
        return
    with open(os.path.join(out, "result.json"), encoding="utf-8") as f:
        records = json.load(f)
    if len(records) != len(docs):
        check.fail(where, f"the converter gives {len(records)} records for {len(docs)} documents")
    for i, (rec, (text, spans)) in enumerate(zip(records, docs)):
        regions = rec.get("label", [])
        got = sorted((rec["text"][r["start"]:r["end"]], r["labels"][0]) for r in regions)
        bad = [r for r in regions if rec["text"][r["start"]:r["end"]] != r["text"]]
        want = sorted((text[s:e], l) for s, e, l in spans)
        if rec["text"] != text or got != want or bad:
            check.fail(f"{where} record {i + 1}", f"regions cover {got}, not {want}; text fields off: {bad}")
        check.count("label-studio regions (converter JSON_MIN)", len(regions))


def line_breaks():
    """The characters Python's str.splitlines() breaks at."""
    return {c for c in map(chr, range(0x110000)) if len(("a" + c + "b").splitlines()) > 1}


def check_brat(folder, names, docs, check):
    breaks = line_breaks()
    for name, (text, spans) in zip(names, docs):
        where = f"brat {name}"
        with open(os.path.join(folder, name + ".txt"), encoding="utf-8", newline="") as f:
            txt = f.read()
        if txt != text:
            check.fail(where, f".txt is {txt!r}, not {text!r}")
            continue
        with open(os.path.join(folder, name + ".ann"), encoding="utf-8", newline="") as f:
            ann = f.read()
        # brat reads the .ann line by line as Python does: every line must be one annotation.
        got = []
        for line in ann.splitlines():
            if not line.startswith("T"):
                continue
            fields = line.split("\t", 2)  # as brat's annotation.py: the text field may hold tabs
            if len(fields) != 3:
                check.fail(where, f"line {line!r} does not have 3 tab-separated fields")
                continue
            label, offsets = fields[1].split(" ", 1)
            frags = [tuple(map(int, f.split(" "))) for f in offsets.split(";")]
            frag_texts = [txt[s:e] for s, e in frags]
            if any(c in breaks for t in frag_texts for c in t):
                check.fail(where, f"{fields[0]}: a fragment holds a line break: {frag_texts}")
            if fields[2] != " ".join(frag_texts):
                check.fail(where, f"{fields[0]}: text field {fields[2]!r} is not the fragments' text joined by spaces {' '.join(frag_texts)!r}")
            between = [txt[frags[k][1]:frags[k + 1][0]] for k in range(len(frags) - 1)]
            if any(c not in breaks for b in between for c in b) or any(not b for b in between):
                check.fail(where, f"{fields[0]}: fragments {frags} have more than line breaks between them")
            got.append((txt[frags[0][0]:frags[-1][1]], label))
        want = []
        for s, e, l in spans:
            t = text[s:e]
            a, b = 0, len(t)
            while a < b and t[a] in breaks:
                a += 1
            while b > a and t[b - 1] in breaks:
                b -= 1
            if a < b:
                want.append((t[a:b], l))
        if sorted(got) != sorted(want):
            check.fail(where, f"annotations cover {sorted(got)}, not {sorted(want)}")
        check.count("brat annotations", len(got))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--tagmark", required=True, help="the tagmark binary")
    ap.add_argument("--docs", type=int, default=300, help="generated documents (besides the hand-written ones)")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--keep", help="write the exports here and keep them")
    a = ap.parse_args()

    docs = HAND + generated(random.Random(a.seed), a.docs)
    work = a.keep or tempfile.mkdtemp(prefix="tagmark-readers-")
    os.makedirs(work, exist_ok=True)
    check = Checker()
    src = os.path.join(work, "docs.jsonl")
    with open(src, "w", encoding="utf-8", newline="") as f:
        for text, spans in docs:
            f.write(json.dumps({"text": text, "label": [[s, e, l] for s, e, l in spans]}, ensure_ascii=False) + "\n")
    read = ["--from", "doccano", "--in-offsets", "codepoints"]
    nlp = spacy.blank("xx")

    outs = {}
    for fmt, ext in [("doccano", "jsonl"), ("prodigy", "jsonl"), ("spacy", "jsonl"), ("label-studio", "json")]:
        outs[fmt] = os.path.join(work, f"out.{fmt}.{ext}")
        tagmark(a.tagmark, [*read, "--to", fmt, "-o", outs[fmt], src], fmt, check)
    conll = {}
    for scheme in ["iob2", "bilou", "iobes"]:
        conll[scheme] = os.path.join(work, f"out.{scheme}.conll")
        tagmark(a.tagmark, [*read, "--to", "conll", "--scheme", scheme, "-o", conll[scheme], src], "conll", check)
    brat = os.path.join(work, "brat")
    shutil.rmtree(brat, ignore_errors=True)
    tagmark(a.tagmark, [*read, "--to", "brat", "-o", brat, src], "brat", check)

    if not check.failures:
        names = [f"docs-{i + 1}" for i in range(len(docs))] if len(docs) > 1 else ["docs"]
        for what, each in [
            ("doccano", lambda: check_doccano(outs["doccano"], docs, check)),
            ("prodigy", lambda: check_prodigy(outs["prodigy"], docs, nlp, check)),
            ("spacy", lambda: check_spacy(outs["spacy"], docs, nlp, check)),
            ("conll", lambda: check_conll(conll, work, check)),
            ("label-studio", lambda: check_label_studio(outs["label-studio"], docs, work, check)),
            ("brat", lambda: check_brat(brat, names, docs, check)),
        ]:
            try:
                each()
            except Exception as e:  # a reader that raises disagrees too
                check.fail(what, f"reading the export raised {type(e).__name__}: {e}")

    print(f"{len(docs)} documents ({len(HAND)} hand-written, {a.docs} generated, seed {a.seed}) in {work}")
    for what, n in sorted(check.counts.items()):
        print(f"  {what}: {n}")
    if not a.keep:
        shutil.rmtree(work, ignore_errors=True)
    if check.failures:
        by_reader = {}
        for f in check.failures:
            by_reader.setdefault(f.split(" ", 1)[0].rstrip(":"), []).append(f)
        print(f"\n{len(check.failures)} disagreement(s) with the readers:", file=sys.stderr)
        for reader, fs in by_reader.items():
            print(f"- {reader}: {len(fs)}", file=sys.stderr)
            for f in fs[:8]:
                print("    " + f[:600], file=sys.stderr)
        return 1
    print("every reader agrees")
    return 0


if __name__ == "__main__":
    sys.exit(main())
