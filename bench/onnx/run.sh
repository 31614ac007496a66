#!/usr/bin/env bash
# Embedding throughput of Tailor's OnnxEmbedder against the packages' own SentenceEncoder.Encode, same
# texts, same process, alternating rounds, with the cosine of every vector pair.
#   needs: apt-get install -y postgresql-doc-15 (the text: passages of the PostgreSQL manual)
#   usage: bench/onnx/run.sh [TEXTS=512] [ROUNDS=3] [BATCH=32]
set -euo pipefail
cd "$(dirname "$0")/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
/usr/bin/python3 bench/pgdocs/make_dataset.py /usr/share/doc/postgresql-doc-15/html "$work/beir" >/dev/null
dotnet build bench/onnx/OnnxThroughput -c Release >/dev/null
for model in arctic-xs minilm; do
  dotnet bench/onnx/OnnxThroughput/bin/Release/net10.0/OnnxThroughput.dll "$work/beir/corpus.jsonl" "$model" "${1:-512}" "${2:-3}" "${3:-32}"
done
