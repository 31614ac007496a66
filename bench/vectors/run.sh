#!/usr/bin/env bash
# Side-by-side vector search benchmark: Tailor (`tailor bench vectors`) against hnswlib on the same files.
#
# Usage: bench/vectors/run.sh [ROWS] [DATA_DIR]
#   ROWS      base rows to generate (default 100000; the 1M set's first 100k rows are the 100k set)
#   DATA_DIR  where the data lives or is generated (default $TMPDIR/tailor-vectors/ROWS)
# Environment: M (16), EFC (200), EF (16,32,64,128,256), THREADS (build threads, 1), K (10),
#              PYTHON (Debian's python3 with python3-hnswlib, python3-numpy, python3-faiss),
#              TAILOR (command that runs the tailor CLI; default: build it and run its dll with dotnet).
# Data comes from ../shared/tools/gen_vectors.py (deterministic, clustered, dim 384, L2-normalized,
# exact top-100 by inner product). Queries are timed single-threaded on both sides.
set -euo pipefail
ROWS=${1:-100000}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
SHARED=$(cd "$ROOT/../shared" && pwd)
DATA=${2:-${TMPDIR:-/tmp}/tailor-vectors/$ROWS}
PYTHON=${PYTHON:-/usr/bin/python3}
M=${M:-16}; EFC=${EFC:-200}; EF=${EF:-16,32,64,128,256}; THREADS=${THREADS:-1}; K=${K:-10}
ARTIFACTS=${ARTIFACTS:-${TMPDIR:-/tmp}/tailor-vectors-build}

if [ ! -f "$DATA/gt.i32" ]; then
  echo "== generating $ROWS rows into $DATA"
  "$PYTHON" "$SHARED/tools/gen_vectors.py" "$DATA" --n "$ROWS"
fi

if [ -z "${TAILOR:-}" ]; then
  echo "== building tailor (Release)"
  dotnet build "$ROOT/src/Tailor.Cli" -c Release --artifacts-path "$ARTIFACTS" -v quiet -nologo >/dev/null
  TAILOR="dotnet $ARTIFACTS/bin/Tailor.Cli/release/tailor.dll"
fi

ARGS=(--base "$DATA/base.f32" --queries "$DATA/query.f32" --truth "$DATA/gt.i32" --dim 384
      -k "$K" --m "$M" --ef-construction "$EFC" --ef "$EF" --threads "$THREADS" --json)

PEERS=("$DATA/hnswlib.json")
echo "== hnswlib (python3-hnswlib)"
"$PYTHON" "$HERE/hnswlib_bench.py" "${ARGS[@]}" > "$DATA/hnswlib.json"
# The natively compiled hnswlib (Debian's libhnswlib-dev headers), when a compiler and the headers exist.
if command -v g++ >/dev/null && [ -f /usr/include/hnswlib/hnswlib.h ]; then
  echo "== hnswlib (native, -O3 -march=native)"
  g++ -O3 -march=native -std=c++17 -pthread -o "$DATA/hnswlib_native" "$HERE/hnswlib_native.cpp"
  "$DATA/hnswlib_native" "${ARGS[@]}" > "$DATA/hnswlib_native.json"
  PEERS+=("$DATA/hnswlib_native.json")
fi
echo "== tailor"
$TAILOR bench vectors "${ARGS[@]}" > "$DATA/tailor.json"

echo
"$PYTHON" "$HERE/compare.py" "$DATA/tailor.json" "${PEERS[@]}" | tee "$DATA/compare.txt"
