//! Exports read by Python, as the tools that own the formats read them: code-point
//! offsets are Python `str` indices (doccano, Prodigy, spaCy, Label Studio, brat
//! with `codecs.open`). Skipped when `python3` is not installed.

use std::process::Command;

const SOURCE: &str = "👨🏻‍🚒 <ROLE>firemen</ROLE> drive\r\n<V>日本 firetrucks</V> e\u{301} <X>😊</X> end ";

const CHECK: &str = r#"
import codecs, json, sys
d = sys.argv[1]
want = [("ROLE", "firemen"), ("V", "日本 firetrucks"), ("X", "😊")]
def check(name, got):
    if got != want:
        sys.exit(f"{name}: {got}")
r = json.loads(open(f"{d}/x.doccano", encoding="utf-8").read())
check("doccano", [(l, r["text"][s:e]) for s, e, l in r["label"]])
r = json.loads(open(f"{d}/x.prodigy", encoding="utf-8").read())
check("prodigy", [(s["label"], r["text"][s["start"]:s["end"]]) for s in r["spans"]])
toks = r["tokens"]
assert all(r["text"][t["start"]:t["end"]] == t["text"] for t in toks), "prodigy tokens"
check("prodigy tokens", [(s["label"], "".join(t["text"] + (" " if t["ws"] else "") for t in toks[s["token_start"]:s["token_end"] + 1]).strip()) for s in r["spans"]])
r = json.loads(open(f"{d}/x.spacy", encoding="utf-8").read())
check("spacy", [(s["label"], r["text"][s["start"]:s["end"]]) for s in r["ents"]])
r = json.loads(open(f"{d}/x.label-studio", encoding="utf-8").read())[0]
t = r["data"]["text"]
check("label-studio", [(x["value"]["labels"][0], t[x["value"]["start"]:x["value"]["end"]]) for x in r["annotations"][0]["result"]])
txt = codecs.open(f"{d}/brat/x.txt", "r", "utf-8").read()
got = []
for line in codecs.open(f"{d}/brat/x.ann", "r", "utf-8"):
    _, mid, _ = line.rstrip("\n").split("\t")
    label, s, e = mid.split(" ")
    got.append((label, txt[int(s):int(e)]))
check("brat", got)
print("ok")
"#;

#[test]
fn python_reads_the_spans_back() {
    if Command::new("python3").arg("--version").output().is_err() {
        eprintln!("python3 not found: skipped");
        return;
    }
    let dir = std::env::temp_dir().join(format!("tagmark-py-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("x.txt");
    std::fs::write(&src, SOURCE).unwrap();
    let bin = env!("CARGO_BIN_EXE_tagmark");
    for f in ["doccano", "prodigy", "spacy", "label-studio"] {
        let out = dir.join(format!("x.{f}"));
        let s = Command::new(bin).args(["convert", "-q", "--to", f, "-o"]).arg(&out).arg(&src).status().unwrap();
        assert!(s.success(), "{f}");
    }
    let s = Command::new(bin).args(["convert", "-q", "--to", "brat", "-o"]).arg(dir.join("brat")).arg(&src).status().unwrap();
    assert!(s.success());
    let o = Command::new("python3").arg("-c").arg(CHECK).arg(&dir).output().unwrap();
    assert!(o.status.success(), "{}{}", String::from_utf8_lossy(&o.stdout), String::from_utf8_lossy(&o.stderr));
}
