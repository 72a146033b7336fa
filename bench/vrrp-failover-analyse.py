#!/usr/bin/env python3
"""Reads a tcpdump -tt -nn text capture and a ping -D log; prints takeover, GARP and outage figures (ms).

analyse: vrrp-failover-analyse.py CAPTURE.txt PING.txt OLD_MASTER NEW_MASTER T_EVENT SCENARIO
  (preempt: takeover is measured from the restart command to the returning node's first advert)
  -> takeover_ms  first_garp_after_first_advert_ms  outage_ms  stop_ms  (tab separated; stop_ms: event -> the old
     master's priority-0 advert, sigterm only, else nan)
report: vrrp-failover-analyse.py --report RESULTS.tsv -> markdown table with vigil/keepalived ratios
"""
import re
import statistics
import sys


def analyse(capture, ping, old, new, t_event, scenario=""):
    t_event = float(t_event)
    adverts = []  # (t, src, prio)
    garps = []
    for line in open(capture):
        m = re.match(r"(\d+\.\d+) IP (\S+) > 224\.0\.0\.18: VRRPv\d, Advertisement, vrid \d+, prio (\d+)", line)
        if m:
            adverts.append((float(m.group(1)), m.group(2), int(m.group(3))))
            continue
        m = re.match(r"(\d+\.\d+) ARP, Request who-has 198\.18\.0\.100 (\(ff:ff:ff:ff:ff:ff\) )?tell 198\.18\.0\.100", line)
        if m:
            garps.append(float(m.group(1)))
    first_new = next((t for t, s, p in adverts if s == new and t >= t_event - 0.001 and p > 0), None)
    last_old = max((t for t, s, p in adverts if s == old and (first_new is None or t < first_new)), default=None)
    takeover = (first_new - last_old) * 1000 if first_new and last_old else float("nan")
    if scenario == "preempt":
        # the returning higher-priority node: from its (re)start command to its first advert as MASTER
        takeover = (first_new - t_event) * 1000 if first_new else float("nan")
    garp = min((t for t in garps if first_new and t >= first_new), default=None)
    garp_ms = (garp - first_new) * 1000 if garp else float("nan")
    replies = []
    for line in open(ping):
        m = re.match(r"\[(\d+\.\d+)\] \d+ bytes from", line)
        if m:
            replies.append(float(m.group(1)))
    before = max((t for t in replies if t <= t_event), default=None)
    after = min((t for t in replies if t > t_event), default=None)
    if after is not None and before is not None:
        # the outage is the largest gap between replies from the event on
        gaps = [b - a for a, b in zip(replies, replies[1:]) if b > t_event]
        outage = max(gaps) * 1000 if gaps else float("nan")
    else:
        outage = float("nan")
    stop = min((t for t, s, p in adverts if s == old and p == 0 and t >= t_event), default=None)
    stop_ms = (stop - t_event) * 1000 if scenario == "sigterm" and stop else float("nan")
    print(f"{takeover:.1f}\t{garp_ms:.2f}\t{outage:.1f}\t{stop_ms:.2f}")


def report(path):
    rows = [l.rstrip("\n").split("\t") for l in open(path) if l.strip()]
    data = {}
    for impl, va, scen, rnd, tk, garp, outage, *stop in rows:
        data.setdefault((va, scen), {}).setdefault(impl, []).append((float(tk), float(garp), float(outage),
                                                                    float(stop[0]) if stop else float("nan")))
    print("| VRRP | scenario | keepalived takeover ms | Vigil takeover ms | ratio | keepalived outage ms | Vigil outage ms | ratio | GARP after 1st advert ms (k / V) |")
    print("|---|---|---|---|---|---|---|---|---|")
    def med(xs):
        xs = [x for x in xs if x == x]
        return statistics.median(xs) if xs else float("nan")
    for (va, scen), by in sorted(data.items()):
        k = by.get("keepalived", [])
        v = by.get("vigil", [])
        kt, vt = med([x[0] for x in k]), med([x[0] for x in v])
        ko, vo = med([x[2] for x in k]), med([x[2] for x in v])
        kg, vg = med([x[1] for x in k]), med([x[1] for x in v])
        rt = vt / kt if kt == kt and vt == vt and kt else float("nan")
        ro = vo / ko if ko == ko and vo == vo and ko else float("nan")
        print(f"| {va} | {scen} | {kt:.1f} | {vt:.1f} | {rt:.3f} | {ko:.1f} | {vo:.1f} | {ro:.2f} | {kg:.2f} / {vg:.2f} |")
    # a baseline (an earlier Vigil run in the same run, VIGIL_BASELINE) gets its own column in the two start/stop tables
    impls = ["keepalived", "vigil"] + (["baseline"] if any("baseline" in by for by in data.values()) else [])
    names = {"keepalived": "keepalived", "vigil": "Vigil", "baseline": "Vigil baseline"}

    def spread(xs):
        xs = sorted(x for x in xs if x == x)
        return f"{xs[0]:.2f} / {statistics.median(xs):.2f} / {xs[-1]:.2f}" if xs else "n/a"

    for scen, what, col in (("sigterm", "SIGTERM -> priority-0 advert ms", 3), ("preempt", "restart -> first advert as MASTER ms", 0)):
        rows = [(va, by) for (va, s), by in sorted(data.items()) if s == scen]
        if not rows:
            continue
        print()
        print(f"| VRRP | {what}, " + " | ".join(f"{names[i]} (min / median / max)" for i in impls) + " |")
        print("|---" * (len(impls) + 1) + "|")
        for va, by in rows:
            print(f"| {va} | " + " | ".join(spread([x[col] for x in by.get(i, [])]) for i in impls) + " |")
    print()
    print(f"Medians of {max(len(x) for d in data.values() for x in d.values())} round(s) per cell; "
          "takeover = new master's first advert - old master's last advert, on the bridge.")


if __name__ == "__main__":
    if sys.argv[1] == "--report":
        report(sys.argv[2])
    else:
        analyse(*sys.argv[1:7])
