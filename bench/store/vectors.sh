#!/usr/bin/env bash
# pgvector's HNSW (in PGlite: PostgreSQL 17 + pgvector 0.8 in WebAssembly) beside Tailor's own HNSW on the same
# bench/vectors data, the same M and efConstruction, one build thread and one query at a time on each side;
# ef_search is swept on both and compared at equal recall@10 (interpolated, as bench/vectors/compare.py does).
#   needs: node and `npm ci` in tests/Tailor.Postgres.Tests/pglite; Debian's python3-numpy and python3-faiss (data)
#   usage: bench/store/vectors.sh [ROWS] [DATA_DIR]     (default 100000 rows; DATA_DIR as bench/vectors/run.sh)
# Environment: M (16), EFC (200), EF (16,24,32,48,64,96,128,256), K (10), URL (a PostgreSQL server with pgvector
#              to use instead of PGlite), TAILOR (command that runs the tailor CLI; default: build it).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROWS=${1:-100000}
DATA=${2:-${TMPDIR:-/tmp}/tailor-vectors/$ROWS}
M=${M:-16}; EFC=${EFC:-200}; EF=${EF:-16,24,32,48,64,96,128,256}; K=${K:-10}
work=$(mktemp -d)
pglite_pid=
cleanup() { [ -n "$pglite_pid" ] && kill -9 "$pglite_pid" 2>/dev/null; # a busy PGlite ignores SIGTERM
  wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ ! -f "$DATA/gt.i32" ]; then
  echo "== generating $ROWS rows into $DATA" >&2
  /usr/bin/python3 ../shared/tools/gen_vectors.py "$DATA" --n "$ROWS" >&2
fi
dotnet build bench/store/PgvectorHnsw -c Release -o "$work/pgvector" >/dev/null
if [ -z "${TAILOR:-}" ]; then
  dotnet build src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
  TAILOR="dotnet $work/tailor/tailor.dll"
fi
if [ -z "${URL:-}" ]; then
  folder=tests/Tailor.Postgres.Tests/pglite
  [ -f "$folder/node_modules/@electric-sql/pglite-socket/dist/scripts/server.js" ] || { echo "PGlite is not installed: run npm ci in $folder" >&2; exit 2; }
  port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  (cd "$folder" && exec node node_modules/@electric-sql/pglite-socket/dist/scripts/server.js -p "$port" -e vector) > "$work/pglite.log" 2>&1 &
  pglite_pid=$!
  until grep -q listening "$work/pglite.log"; do kill -0 "$pglite_pid" || { cat "$work/pglite.log" >&2; exit 1; }; sleep 0.2; done
  # a write buffer that holds a whole batch, as the PostgreSQL store's PGlite tests use (smaller ones broke the protocol)
  URL="postgresql://postgres:postgres@127.0.0.1:$port/postgres?sslmode=disable&Maximum Pool Size=1&No Reset On Close=true&Write Buffer Size=65536"
fi
ARGS=(--base "$DATA/base.f32" --queries "$DATA/query.f32" --truth "$DATA/gt.i32" --dim 384 -k "$K" --m "$M" --ef-construction "$EFC" --ef "$EF")

echo "== pgvector HNSW (load $(cut -d' ' -f1 /proc/loadavg))" >&2
"$work/pgvector/PgvectorHnsw" "$URL" "${ARGS[@]}" > "$DATA/pgvector.json"
echo "== Tailor HNSW (load $(cut -d' ' -f1 /proc/loadavg))" >&2
$TAILOR bench vectors "${ARGS[@]}" --threads 1 --flat-queries 20 --json > "$DATA/tailor.json"
echo "== done (load $(cut -d' ' -f1 /proc/loadavg))" >&2

/usr/bin/python3 - "$DATA/tailor.json" "$DATA/pgvector.json" "$K" <<'PY'
import json, math, sys
ours, peer, k = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
key = f"recall@{k}"
def at(runs, target, field, log=True):
    pts = sorted((r[key], r[field]) for r in runs)
    for (r0, q0), (r1, q1) in zip(pts, pts[1:]):
        if r0 <= target <= r1 and r1 > r0:
            t = (target - r0) / (r1 - r0)
            return math.exp(math.log(q0) + t * (math.log(q1) - math.log(q0))) if log else q0 + t * (q1 - q0)
    return next((q for r, q in pts if r >= target), None)
def ef_at(runs, target): return at(runs, target, "ef")
print(json.dumps({"rows": ours["rows"], "m": ours["m"], "ef_construction": ours["ef_construction"],
                  "tailor_build_s": round(ours["build_seconds"], 1), "pgvector_build_s": peer["build_seconds"],
                  "pgvector_load_s": peer["load_seconds"], "pgvector_engine": peer["engine"]}))
for side, runs in (("tailor", ours["runs"]), ("pgvector", peer["runs"])):
    for r in runs: print(json.dumps({"side": side} | r))
for target in (0.95, 0.98):
    a, b = at(ours["runs"], target, "qps"), at(peer["runs"], target, "qps")
    p = at(peer["runs"], target, "p50_ms")
    print(json.dumps({"at_recall": target, "tailor_ef": round(ef_at(ours["runs"], target) or 0), "pgvector_ef": round(ef_at(peer["runs"], target) or 0),
                      "tailor_qps": round(a or 0), "pgvector_qps": round(b or 0), "qps_ratio": round(a / b, 2) if a and b else None,
                      "tailor_mean_ms": round(1000 / a, 3) if a else None, "pgvector_p50_ms": round(p, 3) if p else None}))
PY
