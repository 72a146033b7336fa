#!/usr/bin/env python3
"""Turns bench/proxy-bench.sh results (TSV) into a Markdown table: medians of the runs, ratios to HAProxy and direct."""
import statistics
import sys

rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
load = open(sys.argv[2]).read().strip().replace('\n', '; ') if len(sys.argv) > 2 else ''
conns = sys.argv[3] if len(sys.argv) > 3 else '50'


def ms(s):
    s = s.strip()
    for unit, f in (('us', 0.001), ('ms', 1.0), ('s', 1000.0)):
        if s.endswith(unit):
            return float(s[:-len(unit)]) * f
    return float(s)


def med(xs):
    return statistics.median(xs) if xs else float('nan')


names = {'direct': 'direct to backend', 'vigil_uring': 'Vigil proxy (io_uring via FFM)', 'vigil_uring1': 'Vigil proxy (io_uring, a buffer per receive)', 'vigil_epoll': 'Vigil proxy (epoll via FFM)', 'vigil_epoll_splice': 'Vigil proxy (epoll via FFM, splice-auto)', 'vigil_nio': 'Vigil proxy (NIO selector)', 'vigil_vt': 'Vigil proxy (virtual threads)',
         'haproxy': 'HAProxy 2.6 (TCP)', 'haproxy_splice': 'HAProxy 2.6 (TCP, splice)', 'nginx': 'nginx stream', 'nft': 'Vigil nftables DNAT (kernel)'}
print(f"Load average during the run: {load}\n")
for mode, title in (('keepalive', 'keep-alive'), ('close', 'one connection per request')):
    data = {}
    for r in rows:
        if r[0] == 'wrk' and r[1] == mode:
            data.setdefault(r[2], []).append((float(r[4]), ms(r[5]), ms(r[6]), float(r[7]), float(r[8]) if len(r) > 8 else float('nan')))
    if not data:
        continue
    h = med([x[0] for x in data.get('haproxy', [])])
    d = med([x[0] for x in data.get('direct', [])])
    print(f"### wrk, {title} (2 threads, {conns} connections; median of {max(len(v) for v in data.values())} interleaved runs)\n")
    print("| target | req/s | × HAProxy | × direct | p50 ms | p99 ms | CPU µs/request (proxy process) | run-queue wait µs/request | runs req/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for t in ('direct', 'vigil_uring', 'vigil_uring1', 'vigil_epoll', 'vigil_nio', 'vigil_vt', 'haproxy', 'nginx', 'nft'):
        if t not in data:
            continue
        xs = data[t]
        rps = med([x[0] for x in xs])
        cpu = med([x[3] for x in xs])
        cpu_s = f"{cpu:.1f}" + (" (backend)" if t in ('direct', 'nft') else "")
        print(f"| {names[t]} | {rps:,.0f} | {rps / h:.2f} | {rps / d:.2f} | {med([x[1] for x in xs]):.2f} | "
              f"{med([x[2] for x in xs]):.2f} | {cpu_s} | {med([x[4] for x in xs]):.1f} | {', '.join(f'{x[0]:,.0f}' for x in xs)} |")
    print()
bulk = {}
for r in rows:
    if r[0] == 'iperf':
        bulk.setdefault(r[2], []).append(float(r[4]))
if bulk:
    h = med(bulk.get('haproxy', [float('nan')]))
    hs = med(bulk.get('haproxy_splice', [float('nan')]))
    d = med(bulk.get('direct', [float('nan')]))
    print(f"### iperf3 bulk, one stream (median of {max(len(v) for v in bulk.values())} runs)\n")
    print("| target | Gbit/s | × HAProxy | × HAProxy+splice | × direct | runs |")
    print("|---|---:|---:|---:|---:|---|")
    for t in ('direct', 'vigil_uring', 'vigil_uring1', 'vigil_epoll', 'vigil_epoll_splice', 'vigil_nio', 'vigil_vt', 'haproxy', 'haproxy_splice', 'nginx', 'nft'):
        if t in bulk:
            g = med(bulk[t])
            print(f"| {names[t]} | {g:.2f} | {g / h:.2f} | {g / hs:.2f} | {g / d:.2f} | {', '.join(f'{x:.2f}' for x in bulk[t])} |")

sysrows = [r for r in rows if r[0] == 'sys' and r[3] and r[4]]
if sysrows:
    print()
    print("### System calls per request (perf raw_syscalls:sys_enter, every thread of the proxy process, one 5 s wrk run)\n")
    print("| target | keep-alive | one connection per request |")
    print("|---|---:|---:|")
    per = {}
    for r in sysrows:
        per.setdefault(r[2], {})[r[1]] = int(r[3]) / int(r[4])
    for t, m in per.items():
        print(f"| {names.get(t, t)} | {m.get('keepalive', float('nan')):.2f} | {m.get('close', float('nan')):.2f} |")
    print()
