#!/usr/bin/env python3
"""Markdown report of bench/nft-forward-bench.sh: medians per mode and ratios against direct forwarding.

Usage: nft-forward-report.py results.tsv load.txt "command"
results.tsv rows: load mode run value p99   (value: req/s for wrk loads, Gbit/s for bulk; p99 as wrk prints it)
"""
import statistics
import sys
from collections import defaultdict

NAMES = {
    "notrack": "direct forwarding, no NAT, no conntrack (notrack)",
    "ct": "direct forwarding, conntrack on",
    "nft": "Vigil nft plane (DNAT VIP → server)",
    "nftnocount": "profiling: Vigil's table without its counting chain",
    "nftbase": "Vigil nft plane, rule set of NFT_BASE_JAR (before the change)",
    "nftmin": "profiling: one hand-written DNAT rule (floor of any DNAT)",
}
LOADS = {
    "keepalive": "wrk keep-alive (2 threads, 50 connections)",
    "close": "wrk `Connection: close` (2 threads, 50 connections)",
    "bulk": "iperf3 bulk, one stream",
}


def ms(p99):
    """wrk latency text (e.g. 812.00us, 1.23ms, 2.01s) in milliseconds."""
    if p99 in ("", "-"):
        return None
    for unit, f in (("us", 0.001), ("ms", 1.0), ("s", 1000.0)):
        if p99.endswith(unit):
            return float(p99[: -len(unit)]) * f
    return None


def main():
    rows = defaultdict(list)
    for line in open(sys.argv[1]):
        load, mode, run, value, p99 = line.rstrip("\n").split("\t")
        rows[(load, mode)].append((int(run), float(value or 0), ms(p99)))
    loadtxt = open(sys.argv[2]).read().strip().replace("\n", "; ")
    print(f"`{sys.argv[3]}` — {loadtxt}\n")
    for load, title in LOADS.items():
        modes = [m for m in NAMES if (load, m) in rows]
        if not modes:
            continue
        med = {m: statistics.median(v for _, v, _ in rows[(load, m)]) for m in modes}
        unit = "Gbit/s" if load == "bulk" else "req/s"
        print(f"#### {title} — median of {len(rows[(load, modes[0])])} interleaved runs\n")
        head = f"| mode | {unit} | × notrack | × ct | per-run × notrack (median) |"
        if load != "bulk":
            head += " p99 ms (median) |"
        head += " runs |"
        print(head)
        print("|---" + "|---:" * (head.count("|") - 3) + "|---|")
        for m in modes:
            r = sorted(rows[(load, m)])
            fmt = (lambda v: f"{v:.2f}") if load == "bulk" else (lambda v: f"{v:,.0f}")
            cells = [NAMES[m], fmt(med[m])]
            cells.append(f"{med[m] / med['notrack']:.3f}" if med.get("notrack") else "—")
            cells.append(f"{med[m] / med['ct']:.3f}" if med.get("ct") else "—")
            # Paired: each run's value over notrack's in the same run (adjacent in time), then the median.
            base = {run: v for run, v, _ in rows.get((load, "notrack"), [])}
            paired = [v / base[run] for run, v, _ in r if base.get(run)]
            cells.append(f"{statistics.median(paired):.3f}" if paired else "—")
            if load != "bulk":
                p = [x for _, _, x in r if x is not None]
                cells.append(f"{statistics.median(p):.2f}" if p else "—")
            cells.append(", ".join(fmt(v) for _, v, _ in r))
            print("| " + " | ".join(cells) + " |")
        print()


if __name__ == "__main__":
    main()
