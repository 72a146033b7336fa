#!/usr/bin/env bash
# BFD detection time after the peer's last packet, against multiplier x interval, for Vigil and keepalived 2.2.7's
# BFD in the same run. Lab: namespaces p (BIRD 2, the peer that dies: 198.18.0.2), v (Vigil's BFD, 198.18.0.1) and
# k (keepalived's BFD, 198.18.0.3) on one bridge. Each round starts BIRD, waits until both sessions are Up, waits a
# random 1-2 s, then kill -9 BIRD and waits until both detect it.
#   Vigil: internal = event time - time its last packet was received (its own clocks); external = event time (epoch)
#          - the last packet from the peer seen by tcpdump in v (the same epoch clock).
#   keepalived: its own log line "Expired after N ms (U usec overdue)": detection = multiplier x interval + overdue.
# Usage (hold the lock, the machine is shared): flock /tmp/vigil-bench.lock bench/bfd-detect.sh [KILLS=20] [INTERVALS_MS="50 10"] [MULT=3]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
KILLS="${1:-20}"; INTERVALS="${2:-50 10}"; MULT="${3:-3}"
BUILD="${VIGIL_BUILD_DIR:-target}"
mvn -B -q -o test-compile -Dvigil.buildDir="$PWD/$BUILD"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$PWD/$BUILD/bench-cp.txt" -Dmdep.includeScope=test -Dvigil.buildDir="$PWD/$BUILD" >/dev/null
CP="$PWD/$BUILD/classes:$PWD/$BUILD/test-classes:$(cat "$BUILD/bench-cp.txt")"
JAVA="$JAVA_HOME/bin/java"
W="$(mktemp -d /tmp/vigil-bfd-bench.XXXXXX)"
P="bd$(printf '%03d' $((RANDOM % 1000)))-"
OUT="$BUILD/bfd-detect.out"; : > "$OUT"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in p v k sw; do
    for pid in $(ip netns pids "$P$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$P$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

ip netns add "${P}sw"
ip -n "${P}sw" link add br0 type bridge stp_state 0 forward_delay 0 && ip -n "${P}sw" link set br0 up
host() { # name address
  ip netns add "$P$1"
  ip link add "$P${1}h" netns "$P$1" type veth peer name "$P${1}s" netns "${P}sw"
  ip -n "${P}sw" link set "$P${1}s" master br0 && ip -n "${P}sw" link set "$P${1}s" up
  ip -n "$P$1" link set lo up && ip -n "$P$1" link set "$P${1}h" name eth0 && ip -n "$P$1" link set eth0 up
  ip -n "$P$1" addr add "$2/24" dev eth0
}
host p 198.18.0.2; host v 198.18.0.1; host k 198.18.0.3

count() { grep -c "$1" "$2" 2>/dev/null || true; }
wait_for() { # pattern file n what
  for _ in $(seq 1 600); do [ "$(count "$1" "$2")" -ge "$3" ] && return 0; sleep 0.05; done
  echo "timeout waiting for $4" >&2; return 1
}

echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg) (shared machine); $KILLS kills per interval" | tee -a "$OUT"
for IV in $INTERVALS; do
  cat > "$W/bird.conf" <<EOC
router id 198.18.0.2;
protocol device { }
protocol bfd {
  interface "eth0" { min rx interval $IV ms; min tx interval $IV ms; multiplier $MULT; };
  neighbor 198.18.0.1;
  neighbor 198.18.0.3;
}
EOC
  cat > "$W/ka.conf" <<EOC
global_defs {
  router_id ka
}
bfd_instance kb {
  neighbor_ip 198.18.0.2
  source_ip 198.18.0.3
  min_rx $IV
  min_tx $IV
  multiplier $MULT
}
EOC
  : > "$W/ka-$IV.log"; : > "$W/probe-$IV.log"; : > "$W/pcap-$IV.txt"
  ip netns exec "${P}v" tcpdump -i eth0 -n -tt --time-stamp-precision=micro -l --immediate-mode \
      "udp and src host 198.18.0.2 and dst host 198.18.0.1" > "$W/pcap-$IV.txt" 2>/dev/null &
  PIDS+=($!); disown $!
  ip netns exec "${P}k" keepalived -n -l -D -G -f "$W/ka.conf" -p "$W/ka-$IV.pid" -r "$W/ka-vrrp-$IV.pid" -c "$W/ka-chk-$IV.pid" \
      -b "$W/ka-bfd-$IV.pid" > "$W/ka-$IV.log" 2>&1 &
  PIDS+=($!); disown $!
  ip netns exec "${P}v" "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx64m -cp "$CP" \
      io.vigil.bfd.bench.BfdDetectProbe 198.18.0.2 198.18.0.1 "$IV" "$MULT" 100000 > "$W/probe-$IV.log" 2>/dev/null &
  PROBE=$!; PIDS+=($PROBE); disown $PROBE
  wait_for READY "$W/probe-$IV.log" 1 "the probe"
  : > "$W/kills-$IV.txt"
  for i in $(seq 1 "$KILLS"); do
    ip netns exec "${P}p" bird -f -c "$W/bird.conf" -s "$W/bird.ctl" -P "$W/bird.pid" > /dev/null 2>&1 &
    BIRD=$!
    vup=$(count '^UP' "$W/probe-$IV.log"); kup=$(count 'Entering Up state' "$W/ka-$IV.log")
    wait_for '^UP' "$W/probe-$IV.log" $((vup + 1)) "Vigil Up ($i)"
    wait_for 'Entering Up state' "$W/ka-$IV.log" $((kup + 1)) "keepalived Up ($i)"
    sleep "1.$((RANDOM % 1000))"
    # kill time (epoch µs) and keepalived's log length: each kill is paired with the first expiry after it (a session
    # that fell on its own just before the kill has none: that kill is not measured, and the fall is counted as false).
    echo "$(date +%s%6N) $(wc -l < "$W/ka-$IV.log")" >> "$W/kills-$IV.txt"
    kill -9 "$BIRD"; wait "$BIRD" 2>/dev/null || true
    wait_for '^DOWN' "$W/probe-$IV.log" "$(count '^UP' "$W/probe-$IV.log")" "Vigil Down ($i)"
    wait_for 'Entering Down state' "$W/ka-$IV.log" "$(count 'Entering Up state' "$W/ka-$IV.log")" "keepalived Down ($i)"
    sleep 0.3
  done
  python3 - "$IV" "$MULT" "$W/probe-$IV.log" "$W/pcap-$IV.txt" "$W/ka-$IV.log" "$W/kills-$IV.txt" <<'EOP' | tee -a "$OUT"
import re, sys
iv, mult = int(sys.argv[1]), int(sys.argv[2])
theory = iv * mult * 1000
downs = [(int(a), int(b), c) for a, b, c in re.findall(r"^DOWN (\d+) (\d+) (\w+)$", open(sys.argv[3]).read(), re.M)]
pkts = sorted(int(float(l.split()[0]) * 1e6) for l in open(sys.argv[4]) if l.strip() and l[0].isdigit())
ka_lines = open(sys.argv[5]).read().splitlines()
kills = [tuple(int(x) for x in l.split()) for l in open(sys.argv[6]) if l.strip()]
vig, ka = [], []
bounds = [k[0] for k in kills[1:]] + [10**18]
kbounds = [k[1] for k in kills[1:]] + [len(ka_lines)]
for (t, kline), t_next, k_next in zip(kills, bounds, kbounds):
    after = [d for d in downs if t < d[0] < t_next and d[2] == "EXPIRED"]
    if after: vig.append(after[0])
    for l in ka_lines[kline:k_next]:
        m = re.search(r"Expired after \d+ ms \((\d+) usec overdue\)", l)
        if m:
            ka.append(theory + int(m.group(1)))
            break
matched = {d[0] for d in vig}
false_vigil = [d for d in downs if d[0] not in matched]
false_ka = len(re.findall(r"Expired after", "\n".join(ka_lines))) - len(ka)
downs = [(a, b) for a, b, _ in vig]
ext = []
for ev, _ in downs:
    before = [p for p in pkts if p <= ev]
    if before: ext.append(ev - before[-1])
def pct(xs, q):
    xs = sorted(xs); return xs[min(len(xs) - 1, int(round(q * (len(xs) - 1))))] if xs else float('nan')
def row(name, xs):
    if not xs: return f"| {name} | 0 | - | - | - | - | - |"
    p95 = pct(xs, 0.95)
    return (f"| {name} | {len(xs)} | {pct(xs,0.5)/1000:.2f} | {p95/1000:.2f} | {max(xs)/1000:.2f} | {(p95-theory)/1000:+.2f} |"
            f" {'yes' if p95 <= theory + iv * 1000 else 'no'} |")
print(f"\n{mult} x {iv} ms (theory {theory/1000:.0f} ms)\n")
print("| detector | kills | p50 ms | p95 ms | max ms | p95 - theory ms | p95 within one interval |")
print("|---|---|---|---|---|---|---|")
print(row("Vigil, external (tcpdump last packet -> event)", ext))
print(row("Vigil, internal (last receipt -> event)", [b for _, b in downs]))
print(row("keepalived 2.2.7, internal (its 'Expired after' log)", ka))
print(f"\n{len(kills)} kills. Downs not caused by a kill (the session fell while BIRD ran): Vigil {len(false_vigil)}"
      f" ({', '.join(sorted({d[2] for d in false_vigil})) or '-'}), keepalived {false_ka} expiries.")
EOP
  kill "$PROBE" 2>/dev/null || true
  for pid in $(ip netns pids "${P}k"); do kill -9 "$pid" 2>/dev/null || true; done
  for pid in $(ip netns pids "${P}v"); do kill -9 "$pid" 2>/dev/null || true; done
  sleep 0.5
done
echo "== end: load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
echo "results in $OUT (copy into docs/benchmarks/bfd.md); raw logs in $W"
