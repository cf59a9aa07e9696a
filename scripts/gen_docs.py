#!/usr/bin/env python3
# Copied from the project's shared benchmark folder (bench/gen_docs.py); part of tagmark, MIT like the rest of the repository.
"""Deterministic workload generator for the annotation-tool benchmark.

Produces documents in the style of the seed text

    the <model>NeuraScale-9</model> architecture ... boasting
    <params>2.5 trillion</params> parameters. Developed ... in
    <country>the United States</country>, ... across
    <hardware>512 NVIDIA A100 GPUs</hardware> ... spanned
    <training>3 months</training> ... Released in <year>2023</year>

with the six labels model, params, country, hardware, training, year.

Sizes (bytes of plain UTF-8 text / number of spans):
    small   ~2.5 KB   ~10 spans
    medium  ~50 KB    ~500 spans
    large   ~250 KB   ~2,500 spans
    huge    ~1 MB     ~10,000 spans

For each size it writes, into --out (default: bench/data):
    <size>.txt              inline-tagged text (<label>...</label>)
    <size>.plain.txt        the plain text (tags stripped)
    <size>.doccano.jsonl    one line {"text": ..., "label": [[start, end, "label"], ...]}
                            offsets = Unicode code points (Python str indices)
    <size>.ls.json          Label Studio task list, pre-annotated with "annotations"
    <size>.ls_pred.json     same, with "predictions" instead of "annotations"
    manifest.json           sizes, byte/char/span counts, sha256 of the plain text

Offsets: the text uses only BMP characters (a few accented letters, dashes
and curly quotes), so code-point offsets == UTF-16 offsets, and the same
numbers are valid for Python (doccano) and for JavaScript (Label Studio,
browsers). Pass --astral to sprinkle in a few non-BMP characters (emoji) in
filler text; then the .ls.json offsets are converted to UTF-16 code units
(what Label Studio's browser front end counts), while doccano keeps code points.

Python 3 standard library only. Same seed + same size => byte-identical output.
"""
import argparse
import hashlib
import json
import os
import random
import re

LABELS = ["model", "params", "country", "hardware", "training", "year"]

SIZES = {
    # name: (target bytes, target spans)
    "small": (2_500, 10),
    "medium": (50_000, 500),
    "large": (250_000, 2_500),
    "huge": (1_000_000, 10_000),
}

# ---------------------------------------------------------------- vocabularies
NAME_A = ["Neura", "Quanta", "Hyper", "Deep", "Omni", "Lumen", "Cortex", "Vertex",
          "Astra", "Helio", "Nova", "Zenith", "Synap", "Tensor", "Aether", "Polar",
          "Cogni", "Strato", "Echo", "Orion", "Kairo", "Mira", "Sol", "Vanta"]
NAME_B = ["Scale", "Mind", "Former", "Net", "Logic", "Sense", "Core", "Wave",
          "Graph", "Flow", "Mesh", "Forge", "Spark", "Lens", "Path", "Vision"]
NAME_SUFFIX = ["-{n}", "-{n}B", " {n}", "-{n}X", "-v{n}", " Pro {n}", "-{n}-Turbo", "-{n}.{m}"]
LABS = ["Veridian Labs", "Halcyon AI", "Institut Lumière", "Nordström Research",
        "Kōan Systems", "Atlas Compute", "Crescent Dynamics", "Société Numérique",
        "Mosaic Foundry", "Blue Fjord AI", "Ardent Intelligence", "Tessellate Labs"]
PARAM_UNITS = ["billion", "trillion", "million"]
COUNTRIES = ["the United States", "Canada", "France", "Germany", "Japan", "South Korea",
             "the United Kingdom", "China", "India", "Brazil", "Israel", "Switzerland",
             "Sweden", "Singapore", "the Netherlands", "Australia", "Finland", "Spain",
             "Côte d’Ivoire", "Türkiye", "México", "Norway", "Italy", "Poland"]
GPUS = ["NVIDIA A100 GPUs", "NVIDIA H100 GPUs", "NVIDIA V100 GPUs", "TPU v4 chips",
        "TPU v5e chips", "AMD MI250X accelerators", "AMD MI300X GPUs",
        "Cerebras CS-2 systems", "Graphcore IPUs", "NVIDIA H200 GPUs",
        "Intel Gaudi2 accelerators", "NVIDIA GH200 superchips"]
DURATIONS = ["{n} months", "{n} weeks", "{n} days", "{n} and a half months",
             "roughly {n} weeks", "{n} months"]
ADJ = ["groundbreaking", "ambitious", "compact", "multilingual", "sparse", "dense",
       "state-of-the-art", "open-weight", "experimental", "general-purpose",
       "instruction-tuned", "multimodal"]
TOPICS = ["code synthesis", "protein folding", "legal reasoning", "machine translation",
          "weather forecasting", "dialogue", "mathematical proofs", "speech recognition",
          "document retrieval", "chemistry", "summarization", "robotics planning"]

# filler sentences contain no entities
FILLER = [
    "Critics noted that benchmark scores alone rarely capture real-world usefulness.",
    "The accompanying paper devotes a long appendix to data filtering and deduplication.",
    "Early adopters reported mixed results on long-context retrieval tasks.",
    "Independent evaluators were given limited access before the public announcement.",
    "Its tokenizer was rebuilt from scratch to handle accented text such as café, naïve and Zürich.",
    "Several ablations suggest that the curriculum mattered more than raw scale.",
    "The team published a model card describing known limitations and intended uses.",
    "Energy consumption figures were disclosed only as rough estimates — a common complaint.",
    "A smaller distilled variant followed a few weeks later for on-device use.",
    "Community fine-tunes appeared almost immediately after the weights were shared.",
    "Reviewers praised the “surprisingly robust” behaviour under adversarial prompts.",
    "The evaluation suite covered reasoning, coding, and multilingual comprehension.",
]
ASTRAL_FILLER = [
    "Fans celebrated the launch with a flood of 🚀 and 🤖 emoji.",
    "One reviewer summed it up as 👍 for speed, 👎 for cost.",
]


class Doc:
    """Accumulates plain text + spans (code-point offsets)."""

    def __init__(self):
        self.parts = []
        self.length = 0          # code points
        self.nbytes = 0          # UTF-8 bytes
        self.spans = []          # (start, end, label)

    def text(self, s):
        self.parts.append(("t", s))
        self.length += len(s)
        self.nbytes += len(s.encode("utf-8"))

    def ent(self, s, label):
        start = self.length
        self.parts.append((label, s))
        self.length += len(s)
        self.nbytes += len(s.encode("utf-8"))
        self.spans.append((start, self.length, label))

    def plain(self):
        return "".join(s for _, s in self.parts)

    def tagged(self):
        return "".join(s if k == "t" else f"<{k}>{s}</{k}>" for k, s in self.parts)


def model_name(rng):
    n = rng.randint(2, 99)
    suf = rng.choice(NAME_SUFFIX).format(n=n, m=rng.randint(0, 9))
    return rng.choice(NAME_A) + rng.choice(NAME_B) + suf


def params(rng):
    unit = rng.choice(PARAM_UNITS)
    if rng.random() < 0.5:
        return f"{rng.randint(1, 999)} {unit}"
    return f"{rng.randint(1, 99)}.{rng.randint(1, 9)} {unit}"


def hardware(rng):
    return f"{rng.choice([8, 16, 64, 128, 256, 512, 1024, 2048, 4096, 6144, 10000])} {rng.choice(GPUS)}"


def training(rng):
    return rng.choice(DURATIONS).format(n=rng.randint(2, 11))


def year(rng):
    return str(rng.randint(2015, 2026))


# A "tagged sentence" is a list of pieces: str (plain) or (label, generator)
def tagged_sentences(rng):
    """Return list of sentence builders; each builder(doc) appends one sentence
    and the list element carries how many spans it adds."""
    m = model_name(rng)
    lab = rng.choice(LABS)
    adj = rng.choice(ADJ)
    topic = rng.choice(TOPICS)
    return [
        (1, lambda d: (d.text(f"The {adj} "), d.ent(m, "model"),
                       d.text(f" architecture, unveiled by {lab}, represents a notable step for {topic}. "))),
        (1, lambda d: (d.text("It boasts "), d.ent(params(rng), "params"),
                       d.text(" parameters, according to the technical report. "))),
        (1, lambda d: (d.text("Developed by a team of researchers in "), d.ent(rng.choice(COUNTRIES), "country"),
                       d.text(", the project drew on years of prior work. "))),
        (1, lambda d: (d.text("The model was trained across "), d.ent(hardware(rng), "hardware"),
                       d.text(" in a purpose-built cluster. "))),
        (1, lambda d: (d.text("The training run spanned "), d.ent(training(rng), "training"),
                       d.text(" and consumed a carefully curated corpus. "))),
        (1, lambda d: (d.text("Released in "), d.ent(year(rng), "year"),
                       d.text(", it quickly attracted attention from practitioners. "))),
        (2, lambda d: (d.text("A follow-up, "), d.ent(model_name(rng), "model"),
                       d.text(", was announced in "), d.ent(year(rng), "year"),
                       d.text(" with improved efficiency. "))),
        (2, lambda d: (d.text("Engineers in "), d.ent(rng.choice(COUNTRIES), "country"),
                       d.text(" later reproduced the results on "), d.ent(hardware(rng), "hardware"),
                       d.text(". "))),
    ]


def generate(size_name, seed=1234, astral=False):
    target_bytes, target_spans = SIZES[size_name]
    rng = random.Random(f"{seed}:{size_name}")
    density = target_bytes / target_spans  # bytes per span
    doc = Doc()
    para_open = False
    sentences_in_para = 0
    queue = []
    while doc.nbytes < target_bytes or len(doc.spans) < target_spans:
        if not para_open:
            if doc.length:
                doc.text("\n\n")
            para_open = True
            sentences_in_para = 0
            queue = tagged_sentences(rng)  # a new model -> a new paragraph
        remaining = target_spans - len(doc.spans)
        behind_on_spans = len(doc.spans) * density <= doc.nbytes
        if remaining > 0 and (behind_on_spans or doc.nbytes >= target_bytes):
            # first sentence of a paragraph introduces the model, rest in order
            cands = [q for q in queue if q[0] <= remaining]
            if not cands:
                queue = tagged_sentences(rng)
                cands = [q for q in queue if q[0] <= remaining]
            q = cands[0] if sentences_in_para == 0 else rng.choice(cands)
            queue.remove(q)
            q[1](doc)
        else:
            pool = FILLER + (ASTRAL_FILLER if astral else [])
            doc.text(rng.choice(pool) + " ")
        sentences_in_para += 1
        if sentences_in_para >= rng.randint(5, 9) or not queue:
            # strip trailing space at paragraph end
            k, s = doc.parts[-1]
            if k == "t" and s.endswith(" "):
                doc.parts[-1] = (k, s[:-1])
                doc.length -= 1
                doc.nbytes -= 1
            para_open = False
    # strip trailing space
    k, s = doc.parts[-1]
    if k == "t" and s.endswith(" "):
        doc.parts[-1] = (k, s[:-1])
        doc.length -= 1
        doc.nbytes -= 1
    doc.parts.append(("t", "\n"))
    doc.length += 1
    doc.nbytes += 1
    return doc


def utf16_offsets(text):
    """Map code-point index -> UTF-16 code unit index."""
    out = [0] * (len(text) + 1)
    u = 0
    for i, ch in enumerate(text):
        out[i] = u
        u += 2 if ord(ch) > 0xFFFF else 1
    out[len(text)] = u
    return out


def ls_task(text, spans, key, name, utf16):
    conv = utf16_offsets(text) if utf16 else None
    result = []
    for i, (s, e, lab) in enumerate(spans):
        result.append({
            "id": f"r{i}",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "origin": "prediction" if key == "predictions" else "manual",
            "value": {
                "start": conv[s] if conv else s,
                "end": conv[e] if conv else e,
                "text": text[s:e],
                "labels": [lab],
            },
        })
    task = {"data": {"text": text, "doc": name}}
    if key == "predictions":
        task["predictions"] = [{"model_version": "gen_docs", "score": 1.0, "result": result}]
    else:
        task["annotations"] = [{"result": result, "ground_truth": False}]
    return [task]


def parse_tagged(tagged):
    """Inverse of Doc.tagged(): used as a self-check."""
    plain, spans, pos = [], [], 0
    length = 0
    for m in re.finditer(r"<(%s)>(.*?)</\1>" % "|".join(LABELS), tagged, re.S):
        seg = tagged[pos:m.start()]
        plain.append(seg)
        length += len(seg)
        plain.append(m.group(2))
        spans.append((length, length + len(m.group(2)), m.group(1)))
        length += len(m.group(2))
        pos = m.end()
    plain.append(tagged[pos:])
    return "".join(plain), spans


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--sizes", default=",".join(SIZES), help="comma list of " + ",".join(SIZES))
    ap.add_argument("--astral", action="store_true", help="include non-BMP characters (emoji) in filler")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    manifest = {"seed": args.seed, "astral": args.astral, "labels": LABELS, "docs": {}}
    for size in args.sizes.split(","):
        doc = generate(size, args.seed, args.astral)
        text, tagged = doc.plain(), doc.tagged()
        # self-checks
        p2, s2 = parse_tagged(tagged)
        assert p2 == text and s2 == doc.spans, "tagged round-trip failed"
        for s, e, _ in doc.spans:
            assert text[s:e] == text[s:e].strip() and e > s
        base = os.path.join(args.out, size)
        with open(base + ".txt", "w", encoding="utf-8", newline="\n") as f:
            f.write(tagged)
        with open(base + ".plain.txt", "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        with open(base + ".doccano.jsonl", "w", encoding="utf-8", newline="\n") as f:
            f.write(json.dumps({"text": text, "label": [[s, e, l] for s, e, l in doc.spans],
                                "meta": {"doc": size}}, ensure_ascii=False) + "\n")
        for key, suffix in (("annotations", ".ls.json"), ("predictions", ".ls_pred.json")):
            with open(base + suffix, "w", encoding="utf-8", newline="\n") as f:
                json.dump(ls_task(text, doc.spans, key, size, args.astral), f, ensure_ascii=False)
        counts = {l: 0 for l in LABELS}
        for _, _, l in doc.spans:
            counts[l] += 1
        manifest["docs"][size] = {
            "bytes": len(text.encode("utf-8")),
            "chars": len(text),
            "spans": len(doc.spans),
            "per_label": counts,
            "paragraphs": text.count("\n\n") + 1,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
        }
        print(f"{size:7s} {manifest['docs'][size]['bytes']:>9,d} bytes {len(text):>9,d} chars "
              f"{len(doc.spans):>6,d} spans  -> {base}.*")
    with open(os.path.join(args.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)


if __name__ == "__main__":
    main()
