#!/usr/bin/python3
"""Prints a side-by-side table of two `bench vectors` JSON results (Tailor vs hnswlib).

Usage: compare.py TAILOR.json PEER.json [PEER.json ...]   (one table per peer)
QPS "at equal recall" interpolates each side's ef sweep (recall vs log QPS, linearly between
neighbouring ef points) at fixed recall targets, so the two are compared at the same accuracy.
"""
import json, math, os, sys


def at_recall(runs, key, target, field):
    pts = sorted((r[key], r[field]) for r in runs)
    for (r0, q0), (r1, q1) in zip(pts, pts[1:]):
        if r0 <= target <= r1 and r1 > r0:
            t = (target - r0) / (r1 - r0)
            return math.exp(math.log(q0) + t * (math.log(q1) - math.log(q0)))
    for r, q in pts:
        if r >= target:
            return q  # the lowest ef already reaches the target
    return None


def main():
    ours = json.load(open(sys.argv[1]))
    for path in sys.argv[2:]:
        name = os.path.splitext(os.path.basename(path))[0]
        print(f"===== tailor vs {name}")
        compare(ours, json.load(open(path)), name)
        print()


def compare(ours, peer, name):
    key = next(k for k in ours["runs"][0] if k.startswith("recall@"))
    print(f"rows={ours['rows']} dim={ours['dim']} M={ours.get('m')} efConstruction={ours.get('ef_construction')} build threads={ours.get('threads')}")
    print(f"{'':24}{'tailor':>14}{name:>16}{'ratio':>9}")

    def row(name, a, b, fmt="{:.1f}", better_low=False):
        ratio = (b / a if better_low else a / b) if a and b else float("nan")
        print(f"{name:24}{fmt.format(a):>14}{fmt.format(b):>16}{ratio:>8.2f}x")

    row("build seconds", ours["build_seconds"], peer["build_seconds"], better_low=True)
    row("build CPU seconds", ours.get("build_cpu_seconds", 0), peer.get("build_cpu_seconds", 0), better_low=True)
    row("memory MiB (RSS growth)", ours["memory_bytes"] / 2**20, peer["memory_bytes"] / 2**20, "{:.0f}", better_low=True)
    if ours.get("index_bytes"):
        print(f"{'  tailor index bytes':24}{ours['index_bytes'] / 2**20:>13.0f}M")
    if peer.get("flat", {}).get("qps"):
        row("flat q/s (faiss peer)", ours["flat"]["qps"], peer["flat"]["qps"])
    f = ours["flat"]
    if "bandwidth_bound_qps" in f:
        print(f"flat scan: {f['qps']:.1f} q/s vs read-bandwidth bound {f['bandwidth_bound_qps']:.1f} q/s "
              f"({f['read_bandwidth_gb_s']:.1f} GB/s) -> {f['bandwidth_bound_qps'] / f['qps']:.2f}x the bound")
    if "int8" in ours:
        print(f"int8 + rescoring: {ours['int8']['qps']:.1f} q/s, {key} {ours['int8'][key]:.4f}")
    print()
    print(f"{'ef':>5} | {'tailor ' + key:>17} {'q/s':>8} {'cpu q/s':>8} | {name[:10] + ' ' + key:>18} {'q/s':>8} {'cpu q/s':>8} | {'q/s ratio':>9}")
    peer_runs = {r["ef"]: r for r in peer["runs"]}
    for r in ours["runs"]:
        p = peer_runs.get(r["ef"])
        if not p:
            continue
        print(f"{r['ef']:>5} | {r[key]:>17.4f} {r['qps']:>8.0f} {r.get('cpu_qps', 0):>8.0f} | {p[key]:>18.4f} {p['qps']:>8.0f} {p.get('cpu_qps', 0):>8.0f} | {r['qps'] / p['qps']:>8.2f}x")
    print()
    for target in (0.95, 0.98, 0.99):
        for field in ("qps", "cpu_qps"):
            a, b = at_recall(ours["runs"], key, target, field), at_recall(peer["runs"], key, target, field)
            if a and b:
                print(f"{field} at {key} {target}: tailor {a:.0f}, {name} {b:.0f} -> {a / b:.2f}x")


if __name__ == "__main__":
    main()
