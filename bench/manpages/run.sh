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
