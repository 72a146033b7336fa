#!/usr/bin/env bash
# CPU of N BFD sessions at a fast interval: Vigil's BFD (one JVM running only BfdService) and keepalived 2.2.7's BFD
# process, each with N sessions to the same BIRD 2 peer, measured over the same window from /proc/PID/stat
# (utime+stime; the JVM's total, GC and JIT included). Lab: p (BIRD, 198.18.0.2/16), v (Vigil, 198.18.1.1..N),
# k (keepalived, 198.18.3.1..N).
# Usage: flock /tmp/vigil-bench.lock bench/bfd-cpu.sh [SESSIONS=50] [INTERVAL_MS=10] [MULT=3] [SECONDS=30]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N="${1:-50}"; IV="${2:-10}"; MULT="${3:-3}"; SECS="${4:-30}"
bench_classpath
W="$(mktemp -d /tmp/vigil-bfd-cpu.XXXXXX)"
P="bc$(printf '%03d' $((RANDOM % 1000)))-"
OUT="$BUILD/bfd-cpu.out"; : > "$OUT"
cleanup() {
  for ns in p v k sw; do
    for pid in $(ip netns pids "$P$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$P$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT
ip netns add "${P}sw"
ip -n "${P}sw" link add br0 type bridge stp_state 0 forward_delay 0 && ip -n "${P}sw" link set br0 up
host() {
  ip netns add "$P$1"
  ip link add "$P${1}h" netns "$P$1" type veth peer name "$P${1}s" netns "${P}sw"
  ip -n "${P}sw" link set "$P${1}s" master br0 && ip -n "${P}sw" link set "$P${1}s" up
  ip -n "$P$1" link set lo up && ip -n "$P$1" link set "$P${1}h" name eth0 && ip -n "$P$1" link set eth0 up
}
host p; host v; host k
ip -n "${P}p" addr add 198.18.0.2/16 dev eth0
{ echo "router id 198.18.0.2;"; echo "protocol device { }"; echo "protocol bfd {"
  echo "  interface \"eth0\" { min rx interval $IV ms; min tx interval $IV ms; multiplier $MULT; };"
  echo "global_defs {" > "$W/ka.conf"; echo "  router_id ka" >> "$W/ka.conf"; echo "}" >> "$W/ka.conf"
  for i in $(seq 1 "$N"); do
    ip -n "${P}v" addr add "198.18.1.$i/16" dev eth0
    ip -n "${P}k" addr add "198.18.3.$i/16" dev eth0
    echo "  neighbor 198.18.1.$i;"; echo "  neighbor 198.18.3.$i;"
    printf 'bfd_instance k%s {\n  neighbor_ip 198.18.0.2\n  source_ip 198.18.3.%s\n  min_rx %s\n  min_tx %s\n  multiplier %s\n}\n' \
        "$i" "$i" "$IV" "$IV" "$MULT" >> "$W/ka.conf"
  done
  echo "}"; } > "$W/bird.conf"
ip netns exec "${P}p" bird -f -c "$W/bird.conf" -s "$W/bird.ctl" -P "$W/bird.pid" > "$W/bird.log" 2>&1 & disown $!
ip netns exec "${P}k" keepalived -n -l -G -f "$W/ka.conf" -p "$W/ka.pid" -r "$W/ka-vrrp.pid" -c "$W/ka-chk.pid" -b "$W/ka-bfd.pid" \
    > "$W/ka.log" 2>&1 & disown $!
ip netns exec "${P}v" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -Xmx64m -cp "$CP" \
    io.vigil.bfd.bench.BfdCpuProbe 198.18.0.2 198.18.1. "$N" "$IV" "$MULT" $((SECS + 120)) > "$W/probe.log" 2>/dev/null &
VPID=$!; disown $VPID
for _ in $(seq 1 1200); do grep -q ALLUP "$W/probe.log" 2>/dev/null && [ "$(grep -c 'Entering Up state' "$W/ka.log" 2>/dev/null || true)" -ge "$N" ] && break; sleep 0.1; done
KPID=$(cat "$W/ka-bfd.pid")
bench_header "$N sessions x $MULT x $IV ms" | tee -a "$OUT"
sleep 5 # let the JIT settle after the handshakes
v0=$(proc_ticks "$VPID"); k0=$(proc_ticks "$KPID"); t0=$(date +%s.%N)
sleep "$SECS"
v1=$(proc_ticks "$VPID"); k1=$(proc_ticks "$KPID"); t1=$(date +%s.%N)
KDOWN=$(grep -c 'Entering Down state' "$W/ka.log" || true)
python3 - "$v0" "$v1" "$k0" "$k1" "$t0" "$t1" "$HZ" "$N" "$IV" "$(tail -1 "$W/probe.log")" "$KDOWN" "$(loadavg)" <<'EOP' | tee -a "$OUT"
import sys
v0, v1, k0, k1 = (int(x) for x in sys.argv[1:5]); t0, t1 = float(sys.argv[5]), float(sys.argv[6]); hz = int(sys.argv[7])
n, iv, probe, kdown, load = sys.argv[8], sys.argv[9], sys.argv[10], sys.argv[11], sys.argv[12]
el = t1 - t0
print(f"\n{n} sessions, {iv} ms, over {el:.1f} s (load at end {load})\n")
print("| BFD | CPU % of one core | state at the end |")
print("|---|---|---|")
print(f"| Vigil (JVM running only BfdService) | {100 * (v1 - v0) / hz / el:.1f} | {probe} |")
print(f"| keepalived 2.2.7 (its BFD process) | {100 * (k1 - k0) / hz / el:.1f} | Down transitions logged: {kdown} |")
EOP
echo "results in $OUT; raw logs in $W"
