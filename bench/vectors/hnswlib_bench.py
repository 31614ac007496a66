#!/usr/bin/python3
"""Peer benchmark for `tailor bench vectors`: the same files, parameters and JSON shape, with hnswlib.

Usage (Debian's python3 with python3-hnswlib, python3-numpy, python3-faiss):
  /usr/bin/python3 hnswlib_bench.py --base base.f32 --queries query.f32 --truth gt.i32 --dim 384 \
      [-k 10] [--m 16] [--ef-construction 200] [--ef 16,32,64,128,256] [--threads 1] [--json]

Files are header-free little-endian row-major float32 (base, queries) and int32 [queries][100] (truth).
Build uses --threads threads; queries are timed on one thread (wall clock, and CPU time of that thread
as cpu_qps, which is robust when other processes share the cores), all queries in one knn_query call
(so Python call overhead is paid once, not per query). memory_bytes is the growth of the process's
resident set while the index is built (the base array is loaded before measuring).
The flat figure is faiss IndexFlatIP on one thread, one query at a time.
"""
import argparse, json, sys, time
import numpy as np


def rss_bytes():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--base", required=True)
    ap.add_argument("--queries", required=True)
    ap.add_argument("--truth", required=True)
    ap.add_argument("--dim", type=int, required=True)
    ap.add_argument("-k", type=int, default=10)
    ap.add_argument("--m", type=int, default=16)
    ap.add_argument("--ef-construction", type=int, default=200)
    ap.add_argument("--ef", default="16,32,64,128,256")
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--flat-queries", type=int, default=200)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()

    import hnswlib
    base = np.fromfile(a.base, dtype="<f4").reshape(-1, a.dim)
    queries = np.fromfile(a.queries, dtype="<f4").reshape(-1, a.dim)
    truth = np.fromfile(a.truth, dtype="<i4").reshape(len(queries), -1)
    k = a.k

    before = rss_bytes()
    t0, c0 = time.perf_counter(), time.process_time()
    index = hnswlib.Index(space="ip", dim=a.dim)
    index.init_index(max_elements=len(base), M=a.m, ef_construction=a.ef_construction, random_seed=100)
    index.add_items(base, np.arange(len(base)), num_threads=a.threads)
    build = time.perf_counter() - t0
    build_cpu = time.process_time() - c0
    memory = rss_bytes() - before

    runs = []
    for ef in [int(x) for x in a.ef.split(",")]:
        index.set_ef(max(ef, k))
        index.knn_query(queries[:50], k=k, num_threads=1)  # warm-up
        t0, c0 = time.perf_counter(), time.thread_time()
        labels, _ = index.knn_query(queries, k=k, num_threads=1)
        dt, cpu = time.perf_counter() - t0, time.thread_time() - c0
        hits = sum(len(set(labels[i].tolist()) & set(truth[i, :k].tolist())) for i in range(len(queries)))
        runs.append({"ef": ef, f"recall@{k}": hits / (k * len(queries)), "qps": len(queries) / dt,
                     "cpu_qps": len(queries) / cpu})

    flat_qps = None
    try:
        import faiss
        faiss.omp_set_num_threads(1)
        flat = faiss.IndexFlatIP(a.dim)
        flat.add(base)
        n = min(a.flat_queries, len(queries))
        flat.search(queries[:2], k)
        t0 = time.perf_counter()
        for i in range(n):
            flat.search(queries[i:i + 1], k)
        flat_qps = n / (time.perf_counter() - t0)
    except ImportError:
        pass

    result = {"rows": int(len(base)), "dim": a.dim, "m": a.m, "ef_construction": a.ef_construction, "threads": a.threads,
              "build_seconds": build, "build_cpu_seconds": build_cpu, "memory_bytes": int(memory),
              "flat": {"qps": flat_qps}, "runs": runs}
    if a.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"hnswlib {hnswlib.__name__}: rows={len(base)} dim={a.dim} build={build:.1f}s memory={memory / 2**20:.0f} MiB flat={flat_qps or 0:.1f} q/s")
        for r in runs:
            print(f"  ef={r['ef']:4d} recall@{k}={r['recall@' + str(k)]:.4f} qps={r['qps']:.0f} cpu_qps={r['cpu_qps']:.0f}")


if __name__ == "__main__":
    main()
