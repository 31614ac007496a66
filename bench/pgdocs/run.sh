#!/usr/bin/env bash
# End-to-end ingest and search benchmark on the PostgreSQL manual, Tailor and Xapian side by side.
#   needs: apt-get install -y postgresql-doc-15 python3-xapian
#   usage: bench/pgdocs/run.sh [HTML_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
html=${1:-/usr/share/doc/postgresql-doc-15/html}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
/usr/bin/python3 bench/pgdocs/make_dataset.py "$html" "$work/beir"

echo "== Xapian: index corpus.jsonl, run the known-item queries"
/usr/bin/python3 bench/pgdocs/xapian_bench.py "$work/beir" | tee "$work/xapian.json"

echo "== Tailor: ingest corpus.jsonl through the production pipeline, run the same queries"
"$work/tailor/tailor" eval --dataset "$work/beir" --mode all --json | tee "$work/tailor-eval.json"
echo "== Tailor: search latency at k=10 (what \`tailor search\` asks for)"
"$work/tailor/tailor" eval --dataset "$work/beir" --mode all --depth 10 --json | tee "$work/tailor-eval-k10.json"

echo "== Tailor: ingest the raw HTML folder (AngleSharp extraction included)"
"$work/tailor/tailor" ingest "$html" --kb "$work/kb-html" --json > "$work/tailor-html.json"
/usr/bin/python3 - "$work" <<'PY'
import json, sys
w = sys.argv[1]
h = json.load(open(w + "/tailor-html.json"))
print(json.dumps({k: h[k] for k in ("added", "failed", "chunks", "bytes", "seconds")} | {
    "docs_per_second": round(h["added"] / h["seconds"], 1), "mb_per_second": round(h["bytes"] / 1e6 / h["seconds"], 2)}))
PY
