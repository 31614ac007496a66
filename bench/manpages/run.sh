#!/usr/bin/env bash
# Retrieval quality on a CLI's manual pages (default: git's, from Debian's git package):
# NAME-line known-item queries and the hand-written how-to questions of questions.jsonl.
#   usage: bench/manpages/run.sh [PREFIX] [MAN_DIR]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
/usr/bin/python3 bench/manpages/make_dataset.py "$work/beir" "${1:-git}" "${2:-/usr/share/man}"
for set in names questions; do
  echo "== $set"
  "$work/tailor/tailor" eval --dataset "$work/beir/$set" --mode all --json
done

# The same how-to questions on git's HTML manual (Debian's git-doc), ingested as HTML:
# hit@5 of the expected page and the answer checks of `tailor eval-qa` (default hybrid search).
gitdoc=/usr/share/doc/git-doc
if [ "${1:-git}" = git ] && [ -d "$gitdoc" ]; then
  /usr/bin/python3 - "$gitdoc" bench/manpages/questions.jsonl > "$work/gitdoc-qa.jsonl" <<'PY'
import json, os, sys
for line in open(sys.argv[2], encoding="utf-8"):
    r = json.loads(line)
    pages = [p.rsplit(".", 1)[0] + ".html" for p in r["pages"]]
    pages = [p for p in pages if os.path.exists(os.path.join(sys.argv[1], p))]
    if pages:
        print(json.dumps({"question": r["question"], "expected_sources": pages}))
PY
  echo "== git-doc HTML, how-to questions"
  "$work/tailor/tailor" ingest "$gitdoc" --kb "$work/kb-gitdoc" --json > /dev/null
  "$work/tailor/tailor" eval-qa --kb "$work/kb-gitdoc" --questions "$work/gitdoc-qa.jsonl" --json
fi
