#!/usr/bin/env bash
# Tokenizer benchmark, single thread: Tailor vs the tiktoken npm package (its WebAssembly build) and
# Microsoft.ML.Tokenizers' TiktokenTokenizer on the same text in the same run, plus token-for-token
# equality checks against tiktoken.
#   needs: apt-get install -y postgresql-doc-15 nodejs npm python3 (the script installs the doc package if missing)
#   usage: bench/tokenizer/run.sh [HTML_DIR] [RUNS]
#   vocabularies: $TAILOR_TOKENIZER_DIR, else ../shared/data/tokenizers beside the repository
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
html=${1:-/usr/share/doc/postgresql-doc-15/html}
runs=${2:-5}
vocab=${TAILOR_TOKENIZER_DIR:-$root/../shared/data/tokenizers}
if [ ! -d "$html" ] && [ "$html" = /usr/share/doc/postgresql-doc-15/html ]; then
  apt-get install -y postgresql-doc-15 >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$here" && npm ci --silent --no-audit --no-fund)
python3 "$here/extract_text.py" "$html" "$work/corpus.txt"
dotnet build "$here/TokenizerThroughput" -c Release --artifacts-path "$work/art" -v q -nologo >/dev/null
bench="$work/art/bin/TokenizerThroughput/release/TokenizerThroughput.dll"
dotnet build "$here/MlTokenizersThroughput" -c Release --artifacts-path "$work/art" -v q -nologo >/dev/null
mlbench="$work/art/bin/MlTokenizersThroughput/release/MlTokenizersThroughput.dll"

echo "== throughput: encode_ordinary of the whole corpus; $runs rounds, each round one warm-up + one timed run per implementation, alternating so all see the same machine load"
for enc in cl100k_base o200k_base; do
  for round in $(seq "$runs"); do
    dotnet "$bench" "$work/corpus.txt" "$vocab" "$enc" 1 "$work/tailor-$enc.ids" | tee -a "$work/results.jsonl"
    node "$here/tiktoken_bench.mjs" "$work/corpus.txt" "$enc" 1 "$work/tiktoken-$enc.ids" | tee -a "$work/results.jsonl"
    dotnet "$mlbench" "$work/corpus.txt" "$enc" 1 "$work/ml-$enc.ids" | tee -a "$work/results.jsonl"
  done
  for impl in tailor ml; do
    if cmp -s "$work/$impl-$enc.ids" "$work/tiktoken-$enc.ids"; then
      echo "$enc: $impl token ids identical to tiktoken ($(wc -l < "$work/$impl-$enc.ids") tokens)"
    else
      echo "$enc: $impl token ids DIFFER from tiktoken" >&2
      exit 1
    fi
  done
done

echo "== equality on random Unicode strings (all planes) and on golden.jsonl"
node "$here/make_random_cases.mjs" "$work/random.jsonl" 20000 7
dotnet "$bench" --check "$work/random.jsonl" "$vocab"
dotnet "$bench" --check "$vocab/golden.jsonl" "$vocab"

echo "== summary (MB/s: median over $runs rounds; best in parentheses)"
python3 - "$work/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print(f"corpus: {rows[0]['megabytes']:.1f} MB of UTF-8 text")
print("| encoding | tokens | Tailor MB/s | tiktoken (WASM) MB/s | Microsoft.ML.Tokenizers MB/s | Tailor / tiktoken | Tailor / ML |")
print("|---|---:|---:|---:|---:|---:|---:|")
for enc in ("cl100k_base", "o200k_base"):
    t = [r["median_mb_per_s"] for r in rows if r["impl"] == "tailor" and r["encoding"] == enc]
    k = [r["median_mb_per_s"] for r in rows if r["impl"] == "tiktoken-wasm" and r["encoding"] == enc]
    m = [r["median_mb_per_s"] for r in rows if r["impl"] == "ml-tokenizers" and r["encoding"] == enc]
    n = next(r["tokens"] for r in rows if r["encoding"] == enc)
    tm, km, mm = statistics.median(t), statistics.median(k), statistics.median(m)
    print(f"| {enc} | {n:,} | {tm:.1f} ({max(t):.1f}) | {km:.2f} ({max(k):.2f}) | {mm:.1f} ({max(m):.1f}) | {tm / km:.1f}x | {tm / mm:.1f}x |")
PY
