#!/usr/bin/env bash
# Ingest at scale: the PostgreSQL manual's text repeated N times (default 15: 17,535 files, about
# 105k chunks, 105 MB) as plain-text files, ingested into a fresh knowledge base with the embedded
# default (lexical index, built-in embedder trained on every chunk, HNSW graph past 20k chunks).
# Prints the ingest report and the process's wall time, CPU time and peak resident memory.
#   needs: apt-get install -y postgresql-doc-15
#   usage: bench/pgdocs/scale.sh [COPIES] [HTML_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
copies=${1:-15}
html=${2:-/usr/share/doc/postgresql-doc-15/html}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
/usr/bin/python3 bench/pgdocs/make_dataset.py "$html" "$work/beir" >/dev/null
/usr/bin/python3 - "$work/beir/corpus.jsonl" "$work/files" "$copies" <<'PY'
import json, os, sys
corpus, out, copies = sys.argv[1], sys.argv[2], int(sys.argv[3])
os.makedirs(out)
docs = [json.loads(line) for line in open(corpus)]
for copy in range(copies):
    for d in docs:
        with open(os.path.join(out, f"{d['_id']}-{copy}.txt"), "w") as f:
            f.write(d.get("title", "") + "\n\n" + d["text"])
print(f"{copies * len(docs)} files", file=sys.stderr)
PY
/usr/bin/time -v "$work/tailor/tailor" ingest "$work/files" --kb "$work/kb" --json > "$work/ingest.json" 2> "$work/time.txt" || { cat "$work/time.txt"; exit 1; }
/usr/bin/python3 - "$work/ingest.json" "$work/time.txt" <<'PY'
import json, re, sys
r = json.load(open(sys.argv[1]))
t = open(sys.argv[2]).read()
def field(name):
    return re.search(re.escape(name) + r":\s*(.+)", t).group(1).strip()
print(json.dumps({k: r[k] for k in ("added", "chunks", "bytes", "seconds")} | {
    "process_wall": field("Elapsed (wall clock) time (h:mm:ss or m:ss)"),
    "process_cpu_seconds": round(float(field("User time (seconds)")) + float(field("System time (seconds)")), 1),
    "peak_rss_mib": round(int(field("Maximum resident set size (kbytes)")) / 1024)}))
PY
