#!/usr/bin/env bash
# Retrieval quality on the PostgreSQL manual for every embedder and search mode, beside Xapian BM25:
# the known-item queries made from page titles (make_dataset.py) and the natural-language questions
# in questions.jsonl (people's own words, each with the page(s) that answer it).
#   needs: apt-get install -y postgresql-doc-15 python3-xapian
#   usage: bench/pgdocs/questions.sh [EMBEDDER ...]     (default: builtin arctic-xs minilm)
# Prints one JSON line per (embedder, mode): known-item nDCG@10 / hit@5 (= recall@5: one page per
# query) / MRR@10, questions hit@5 / MRR@10 / share the offline answerer answered; and the ingest time.
set -euo pipefail
cd "$(dirname "$0")/../.."
html=/usr/share/doc/postgresql-doc-15/html
embedders=("$@"); [ ${#embedders[@]} -eq 0 ] && embedders=(builtin arctic-xs minilm)
work=${WORK:-$(mktemp -d)}
export TAILOR_TOKENIZER_DIR=${TAILOR_TOKENIZER_DIR:-../shared/data/tokenizers}

dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
[ -f "$work/beir/corpus.jsonl" ] || /usr/bin/python3 bench/pgdocs/make_dataset.py "$html" "$work/beir" >/dev/null

echo "== Xapian BM25"
/usr/bin/python3 bench/pgdocs/xapian_bench.py "$work/beir" --questions bench/pgdocs/questions.jsonl

for e in "${embedders[@]}"; do
  kb="$work/kb-$e"
  rm -rf "$kb"
  start=$(date +%s.%N)
  "$work/tailor/tailor" eval --dataset "$work/beir" --mode all -k 5 --json --embedder "$e" --kb "$kb" --keep > "$work/eval-$e.json"
  seconds=$(echo "$(date +%s.%N) - $start" | bc)
  for mode in lexical vector hybrid; do
    /usr/bin/python3 - "$kb/tailor.json" "$mode" <<'PY'
import json, sys
path, mode = sys.argv[1], sys.argv[2]
m = json.load(open(path))
m.setdefault("retrieval", {})["defaultMode"] = mode
json.dump(m, open(path, "w"), indent=2)
PY
    "$work/tailor/tailor" eval-qa --kb "$kb" --questions bench/pgdocs/questions.jsonl -k 10 --json > "$work/qa-$e-$mode.json"
    /usr/bin/python3 - "$work/eval-$e.json" "$work/qa-$e-$mode.json" "$e" "$mode" "$seconds" <<'PY'
import json, sys
ev, qa, e, mode, seconds = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3], sys.argv[4], float(sys.argv[5])
r = next(x for x in ev["results"] if x["mode"] == mode)
ranks = [q["hit_rank"] for q in qa["results"]]
print(json.dumps({"embedder": e, "mode": mode,
    "known_ndcg@10": r.get("ndcg@10"), "known_hit@5": r.get("recall@5"), "known_mrr@10": r.get("mrr@10"),
    "questions_hit@5": round(sum(1 for k in ranks if k and k <= 5) / len(ranks), 4),
    "questions_mrr@10": round(sum(1 / k for k in ranks if k) / len(ranks), 4),
    "questions_answered": qa["found"], "ingest_seconds": r.get("ingest_seconds"), "eval_wall_seconds": round(seconds, 1)}))
PY
  done
done
