#!/usr/bin/env bash
# HTTP benchmark of `tailor serve` with wrk on loopback, beside in-process SearchAsync on the same queries.
#   needs: apt-get install -y wrk postgresql-doc-15
#   usage: bench/server/run.sh [HTML_DIR] [SECONDS]     (default: the PostgreSQL 15 manual, 20 s per run)
# Search and ask (extractive) at 1, 16 and 64 connections; prints one JSON line per run.
set -euo pipefail
cd "$(dirname "$0")/../.."
html=${1:-/usr/share/doc/postgresql-doc-15/html}
seconds=${2:-20}
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
dotnet build bench/server/SearchLatency -c Release -o "$work/latency" >/dev/null
"$work/tailor/tailor" ingest "$html" --kb "$work/kb" --json > "$work/ingest.json"

echo "== in process (SearchAsync, AskAsync extractive), one query at a time"
"$work/latency/SearchLatency" "$work/kb" bench/server/queries.txt 20

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$work/tailor/tailor" serve --kb "$work/kb" --urls "http://127.0.0.1:$port" --rate-limit 100000000 --offline 2> "$work/serve.log" &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" > /dev/null; do sleep 0.2; done

export QUERIES="$PWD/bench/server/queries.txt"
for verb in search ask; do
  field=query; [ "$verb" = ask ] && field=question
  # warm up the server's JIT and caches
  TAILOR_PATH="/api/kbs/kb/$verb" FIELD=$field wrk -t1 -c1 -d3s -s bench/server/request.lua "http://127.0.0.1:$port" > /dev/null
  for c in 1 16 64; do
    threads=$(( c < 2 ? 1 : 2 ))
    line=$(TAILOR_PATH="/api/kbs/kb/$verb" FIELD=$field wrk -t$threads -c$c -d${seconds}s --timeout 10s -s bench/server/request.lua "http://127.0.0.1:$port" | tail -n 1)
    echo "{\"verb\":\"$verb\",\"connections\":$c,${line#\{}"
  done
done
