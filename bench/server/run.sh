#!/usr/bin/env bash
# HTTP benchmark of `tailor serve` with wrk on loopback, beside in-process SearchAsync on the same queries.
#   needs: apt-get install -y wrk postgresql-doc-15
#   usage: bench/server/run.sh [HTML_DIR] [SECONDS]     (default: the PostgreSQL 15 manual, 20 s per run)
# Search and ask (extractive) at 1, 16 and 64 connections; prints one JSON line per run, with the CPU time the
# server and wrk each used per request (from /proc and /usr/bin/time), how long the server's threads waited for a core,
# the server's thread count and the load average.
# Environment: TAILOR (a published tailor executable; default: publish src/Tailor.Cli in Release),
#              EMBEDDER (the knowledge base's embedder; default: the default of new knowledge bases),
#              KB (an existing knowledge base of HTML_DIR to serve instead of ingesting a new one; serving it may migrate
#              its schema to this version, as any tailor command does),
#              CONNECTIONS (default "1 16 64"; repeat values to interleave, e.g. "16 64 16 64"),
#              LATENCY (a built bench/server/SearchLatency executable; default: build it), VERBS (default "search ask"), SERVER_ENV (extra VAR=value settings
#              for the server process, e.g. DOTNET_gcServer=1).
set -euo pipefail
cd "$(dirname "$0")/../.."
html=${1:-/usr/share/doc/postgresql-doc-15/html}
seconds=${2:-20}
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

if [ -z "${TAILOR:-}" ]; then
  dotnet publish src/Tailor.Cli -c Release -o "$work/tailor" >/dev/null
  TAILOR="$work/tailor/tailor"
fi
[ -x "${LATENCY:-}" ] || { dotnet build bench/server/SearchLatency -c Release -o "$work/latency" >/dev/null; LATENCY="$work/latency/SearchLatency"; }
if [ -n "${KB:-}" ]; then kb=$KB; else
  kb="$work/kb"
  "$TAILOR" ingest "$html" --kb "$kb" ${EMBEDDER:+--embedder "$EMBEDDER"} --json > "$work/ingest.json"
fi

echo "== in process (SearchAsync, AskAsync extractive), one query at a time"
name=$(basename "$kb")
"$LATENCY" "$kb" bench/server/queries.txt 20

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
env ${SERVER_ENV:-} "$TAILOR" serve --kb "$kb" --urls "http://127.0.0.1:$port" --rate-limit 100000000 --offline 2> "$work/serve.log" &
server_pid=$!
until curl -sf "http://127.0.0.1:$port/readyz" > /dev/null; do sleep 0.2; done

export QUERIES="$PWD/bench/server/queries.txt"
# CPU seconds (user + system) the server process has used so far
server_cpu() { awk -v t="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / t }' "/proc/$server_pid/stat"; }
server_threads() { awk '/^Threads:/ { print $2 }' "/proc/$server_pid/status"; }
# seconds the server's threads have spent runnable but waiting for a core (the kernel's schedstat run delay, summed over threads)
# voluntary context switches of the server's threads (each one a thread that blocked: waiting on a lock, I/O or a GC)
server_switches() { cat /proc/$server_pid/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches:/ { s += $2 } END { print s + 0 }'; }
server_wait() { cat /proc/$server_pid/task/*/schedstat 2>/dev/null | awk '{ s += $2 } END { printf "%.2f", s / 1e9 }'; }
for verb in ${VERBS:-search ask}; do
  field=query; [ "$verb" = ask ] && field=question
  # warm up the server's JIT (tiered compilation: after 3 s at 1 connection the first measured run still paid for
  # tier-1 code, 2.2 ms of server CPU per request instead of 0.75) and caches
  TAILOR_PATH="/api/kbs/$name/$verb" FIELD=$field wrk -t2 -c16 -d10s -s bench/server/request.lua "http://127.0.0.1:$port" > /dev/null
  for c in ${CONNECTIONS:-1 16 64}; do
    threads=$(( c < 2 ? 1 : 2 ))
    before=$(server_cpu); wait_before=$(server_wait); switches_before=$(server_switches)
    line=$(TAILOR_PATH="/api/kbs/$name/$verb" FIELD=$field /usr/bin/time -f '%U %S' -o "$work/wrk-time" \
      wrk -t$threads -c$c -d${seconds}s --timeout 10s -s bench/server/request.lua "http://127.0.0.1:$port" | tail -n 1)
    extra=$(/usr/bin/python3 - "$line" "$before" "$(server_cpu)" "$(cat "$work/wrk-time")" "$(server_threads)" "$(cut -d' ' -f1 /proc/loadavg)" "$wait_before" "$(server_wait)" "$switches_before" "$(server_switches)" <<'PY'
import json, sys
run, before, after, wrk, threads, load = json.loads(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), sys.argv[4].split(), sys.argv[5], sys.argv[6]
waited = float(sys.argv[8]) - float(sys.argv[7])
switches = int(sys.argv[10]) - int(sys.argv[9])
n = max(1, run["requests"])
server, client = after - before, float(wrk[0]) + float(wrk[1])
print(json.dumps({"server_cpu_s": round(server, 2), "wrk_cpu_s": round(client, 2), "server_cpu_ms_per_request": round(1000 * server / n, 3),
                  "wrk_cpu_ms_per_request": round(1000 * client / n, 3), "server_threads": int(threads),
                  "server_runqueue_wait_s": round(waited, 2), "server_runqueue_wait_ms_per_request": round(1000 * waited / n, 3),
                  "server_voluntary_switches_per_request": round(switches / n, 2), "load": float(load)})[1:])
PY
)
    echo "{\"verb\":\"$verb\",\"connections\":$c,${line#\{}" | sed "s/}\$/,$extra/"
  done
done
