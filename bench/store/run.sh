#!/usr/bin/env bash
# Store benchmark: the PostgreSQL manual ingested and searched on SQLite, native PostgreSQL 15 and PGlite (pgvector),
# in one run, through `tailor eval` (the production ingest pipeline, then every judged query per mode, k = 10).
#   needs: apt-get install -y postgresql-15 postgresql-doc-15; for PGlite: node and `npm ci` in
#          tests/Tailor.Postgres.Tests/pglite
#   usage: bench/store/run.sh [HTML_DIR] [RUNS]          (default: the PostgreSQL 15 manual, 3 runs per store)
# Environment: STORES (default "sqlite postgres pglite"), ROUNDS (times each question is asked per run, 5),
#              PGLITE_RUNS (runs on PGlite, default RUNS: a WebAssembly build, many times slower to ingest),
#              EMBEDDER (default builtin: the store, not the embedding model, is measured; minilm also works),
#              TAILOR (a published tailor executable; default: publish src/Tailor.Cli in Release).
# Queries: bench/pgdocs/questions.jsonl (people's own words, each with the pages that answer it). The PostgreSQL
# server is a throwaway cluster (initdb + pg_ctl on a free loopback port in a temporary folder, fsync on, as
# shipped); every run of every store ingests into a new, empty database. Prints one JSON line per (store, run, mode),
# then the medians per store and mode, their ratio to SQLite and whether nDCG@10 is equal on every store.
set -euo pipefail
cd "$(dirname "$0")/../.."
html=${1:-/usr/share/doc/postgresql-doc-15/html}
runs=${2:-3}
stores=${STORES:-sqlite postgres pglite}
rounds=${ROUNDS:-5}
embedder=${EMBEDDER:-builtin}
pgbin=/usr/lib/postgresql/15/bin
work=$(mktemp -d)
chmod 755 "$work" # the PostgreSQL cluster inside may belong to the postgres user
pglite_pid=
cleanup() {
  [ -n "$pglite_pid" ] && kill -9 "$pglite_pid" 2>/dev/null # a busy PGlite ignores SIGTERM
  [ -f "$work/pg/data/postmaster.pid" ] && pg pg_ctl -D "$work/pg/data" -m immediate -w stop >/dev/null 2>&1
  wait 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
[ -d "$html" ] || { echo "no manual at $html: apt-get install -y postgresql-doc-15, or pass HTML_DIR" >&2; exit 2; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# initdb refuses to run as root: as root the cluster belongs to the postgres user
pg() { local tool=$1; shift; if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$pgbin/$tool" "$@"; else "$pgbin/$tool" "$@"; fi; }
load() { cut -d' ' -f1 /proc/loadavg; }

if [ -z "${TAILOR:-}" ]; then
  dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
  TAILOR="$work/tailor/tailor"
fi
/usr/bin/python3 bench/pgdocs/make_dataset.py "$html" "$work/pages" 2>/dev/null
/usr/bin/python3 bench/store/make_questions.py "$work/pages" bench/pgdocs/questions.jsonl "$work/beir" "$rounds" >&2

for store in $stores; do
  case $store in
    postgres)
      [ -x "$pgbin/initdb" ] || { echo "PostgreSQL 15 is not installed: apt-get install -y postgresql-15" >&2; exit 2; }
      mkdir -p "$work/pg"; [ "$(id -u)" = 0 ] && chown postgres "$work/pg"
      pg_port=$(free_port)
      pg initdb -D "$work/pg/data" -U tailor --auth=trust -E UTF8 >/dev/null
      pg pg_ctl -D "$work/pg/data" -l "$work/pg/server.log" -w -t 60 \
        -o "-p $pg_port -k $work/pg -c listen_addresses=127.0.0.1 -c max_connections=50" start >/dev/null
      ;;
    pglite)
      script=tests/Tailor.Postgres.Tests/pglite/node_modules/@electric-sql/pglite-socket/dist/scripts/server.js
      [ -f "$script" ] || { echo "PGlite is not installed: run npm ci in tests/Tailor.Postgres.Tests/pglite" >&2; exit 2; }
      ;;
  esac
  store_runs=$runs; [ "$store" = pglite ] && store_runs=${PGLITE_RUNS:-$runs}
  for run in $(seq 1 "$store_runs"); do
    url=
    case $store in
      postgres)
        "$pgbin/psql" -q -h 127.0.0.1 -p "$pg_port" -U tailor -d postgres -c "CREATE DATABASE bench$run" >/dev/null
        url="postgresql://tailor@127.0.0.1:$pg_port/bench$run" ;;
      pglite) # one PGlite per run: it holds one database, kept in memory
        lite_port=$(free_port)
        (cd tests/Tailor.Postgres.Tests/pglite && exec node "${script#tests/Tailor.Postgres.Tests/pglite/}" -p "$lite_port" -e vector) > "$work/pglite.log" 2>&1 &
        pglite_pid=$!
        until grep -q listening "$work/pglite.log"; do kill -0 "$pglite_pid" || { cat "$work/pglite.log" >&2; exit 1; }; sleep 0.2; done
        url="postgresql://postgres:postgres@127.0.0.1:$lite_port/postgres?sslmode=disable&Maximum Pool Size=1&No Reset On Close=true&Write Buffer Size=65536" ;;
    esac
    before=$(load)
    TAILOR_DATABASE_URL="$url" PGPASSWORD=postgres "$TAILOR" eval --dataset "$work/beir" --mode all --depth 10 --embedder "$embedder" --json > "$work/$store-$run.json"
    after=$(load)
    /usr/bin/python3 - "$work/$store-$run.json" "$store" "$run" "$before" "$after" <<'PY'
import json, sys
path, store, run, before, after = sys.argv[1:]
for r in json.load(open(path))["results"]:
    print(json.dumps({"store": store, "run": int(run), "mode": r["mode"], "ndcg@10": r.get("ndcg@10"),
                      "ingest_s": r.get("ingest_seconds"), "p50_ms": r.get("query_ms_p50"), "p99_ms": r.get("query_ms_p99"),
                      "load_before": float(before), "load_after": float(after), "error": r.get("error")}))
PY
    if [ "$store" = pglite ]; then kill "$pglite_pid"; wait "$pglite_pid" 2>/dev/null || true; pglite_pid=; fi
  done
  if [ "$store" = postgres ]; then pg pg_ctl -D "$work/pg/data" -m fast -w stop >/dev/null; fi
done

echo "== medians over $runs run(s) per store (PGlite: ${PGLITE_RUNS:-$runs}) ($((rounds)) rounds of $(wc -l < bench/pgdocs/questions.jsonl) questions per run)"
/usr/bin/python3 - "$work" "$runs" $stores <<'PY'
import json, os, statistics, sys
work, runs, stores = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
rows = {}
for s in stores:
    for run in range(1, runs + 1):
        if not os.path.exists(f"{work}/{s}-{run}.json"): continue  # fewer PGlite runs
        for r in json.load(open(f"{work}/{s}-{run}.json"))["results"]:
            rows.setdefault((s, r["mode"]), []).append(r)
med = lambda xs: round(statistics.median(xs), 3)
summary = {}
for (s, mode), rs in rows.items():
    ok = [r for r in rs if "error" not in r]
    if not ok: print(json.dumps({"store": s, "mode": mode, "error": rs[0]["error"]})); continue
    summary[(s, mode)] = {"ingest_s": med([r["ingest_seconds"] for r in ok]), "p50_ms": med([r["query_ms_p50"] for r in ok]),
                          "p99_ms": med([r["query_ms_p99"] for r in ok]), "ndcg": sorted({r["ndcg@10"] for r in ok})}
for (s, mode), v in summary.items():
    base = summary.get(("sqlite", mode))
    ratio = {} if not base or s == "sqlite" else {f"{k}_x_sqlite": round(v[k] / base[k], 2) for k in ("ingest_s", "p50_ms", "p99_ms") if base[k]}
    print(json.dumps({"store": s, "mode": mode, "ingest_s": v["ingest_s"], "p50_ms": v["p50_ms"], "p99_ms": v["p99_ms"], "ndcg@10": v["ndcg"]} | ratio))
for mode in sorted({m for _, m in summary}):
    values = [x for (s, m), v in summary.items() if m == mode for x in v["ndcg"]]
    print(json.dumps({"mode": mode, "ndcg@10_equal_on_all_stores": max(values) - min(values) < 1e-9, "ndcg@10_spread": round(max(values) - min(values), 4)}))
PY
