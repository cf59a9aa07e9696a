#!/usr/bin/env bash
# Convert benchmark of the `tagmark` CLI: a ~100 MB inline-tagged corpus (seed-style
# documents from scripts/gen_docs.py, with emoji, replicated) converted to
# every format, and each output read back (converted to doccano).
# Prints MB/s of inline input per second (write) and of format input (read back).
#
#   scripts/bench_convert.sh [TARGET_MB]       (default 100)
#
# Needs python3 and scripts/gen_docs.py (or GEN_DOCS=path/to/gen_docs.py).
set -euo pipefail
cd "$(dirname "$0")/.."
target_mb=${1:-100}
gen=${GEN_DOCS:-scripts/gen_docs.py}
work=${BENCH_DIR:-$(mktemp -d /tmp/tagmark-bench-convert.XXXXXX)}
trap '[ -z "${KEEP:-}" ] && rm -rf "$work"' EXIT

# A separate target folder: the workspace's release profile is tuned for wasm size.
cargo build --quiet --profile bench -p tagmark-cli --target-dir target/bench-convert
bin=target/bench-convert/release/tagmark

python3 "$gen" --out "$work/gen" --astral >/dev/null
mkdir -p "$work/corpus"
unit="$work/unit.txt"
: > "$unit"
for s in small medium large huge; do cat "$work/gen/$s.txt" >> "$unit"; printf '\n\n' >> "$unit"; done
unit_bytes=$(stat -c %s "$unit")
copies=$(( (target_mb * 1000000 + unit_bytes - 1) / unit_bytes ))
for i in $(seq -w 1 "$copies"); do cp "$unit" "$work/corpus/doc-$i.txt"; done
total=$(cat "$work"/corpus/*.txt | wc -c)
mb=$(awk -v b="$total" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "corpus: $copies files, $mb MB of inline text ($(grep -o '</[a-z]*>' "$unit" | wc -l) spans a file)"

now() { date +%s.%N; }
rate() { awk -v b="$1" -v a="$2" -v z="$3" 'BEGIN { printf "%8.1f", b / 1e6 / (z - a) }'; }

# CPU time too (user + sys), when GNU time is there: wall time suffers on a busy machine.
timer=()
[ -x /usr/bin/time ] && timer=(/usr/bin/time -f "%U %S" -o "$work/cpu")
printf '%-13s %12s %12s %14s %12s\n' format "write MB/s" "(CPU MB/s)" "output MB" "read MB/s"
for fmt in doccano prodigy spacy label-studio conll brat inline; do
  case $fmt in
    brat|inline) out="$work/out-$fmt"; rm -rf "$out" ;;
    *) out="$work/out.$fmt" ;;
  esac
  t0=$(now)
  "${timer[@]}" "$bin" convert --quiet --from inline --to "$fmt" -o "$out" "$work"/corpus/*.txt 2>"$work/err-$fmt" \
    || { echo "$fmt: failed"; tail -5 "$work/err-$fmt"; exit 1; }
  t1=$(now)
  cpu="-"
  [ -s "$work/cpu" ] && cpu=$(awk -v b="$total" '{ printf "%.1f", b / 1e6 / ($1 + $2) }' "$work/cpu")
  if [ -d "$out" ]; then
    out_bytes=$(cat "$out"/* | wc -c)
    inputs=("$out"/*.txt)
    [ "$fmt" = brat ] && inputs=("$out"/*.ann)
  else
    out_bytes=$(stat -c %s "$out"); inputs=("$out")
  fi
  t2=$(now)
  "$bin" convert --quiet --from "$fmt" --to doccano -o /dev/null "${inputs[@]}" 2>>"$work/err-$fmt" \
    || { echo "$fmt: read back failed"; tail -5 "$work/err-$fmt"; exit 1; }
  t3=$(now)
  printf '%-13s %12s %12s %14.1f %12s\n' "$fmt" "$(rate "$total" "$t0" "$t1")" "$cpu" \
    "$(awk -v b="$out_bytes" 'BEGIN { print b / 1e6 }')" "$(rate "$out_bytes" "$t2" "$t3")"
  rm -rf "$out"
done
