#!/usr/bin/env bash
# BFD under checker and proxy load: false Downs in a long run with the peer alive throughout, Vigil's whole daemon and
# keepalived 2.2.7's BFD side by side, BIRD 2 as the peer of both (issue 13: "no false down in 10 minutes under checker
# and proxy load").
#   p (198.18.0.2): BIRD 2, one BFD session to each detector, never stopped.
#   v (198.18.0.1, VIP 198.18.0.100): the whole Vigil daemon (parent, VRRP child running BFD, checker child, proxy
#     child): a bfd_instance to p, and VSERVERS virtual servers on the VIP with 4 real servers each (TCP_CHECK every
#     second: VSERVERS x 4 checks a second) through the userspace proxy.
#   k (198.18.0.3): keepalived 2.2.7's BFD process alone (keepalived exits on a virtual_server without IPVS here).
#   r (198.18.0.21-24): nginx, the real servers.   c (198.18.0.30): wrk through Vigil's proxy for the whole run.
# A Down is counted from each detector's log ("(NAME) Entering Down state"), from the moment both sessions are Up.
# RT=1 (environment): BIRD under SCHED_RR 50 (chrt) and both detectors' BFD at bfd_rt_priority 50, so that neither the
# peer nor a detector waits behind the load for a CPU; RT=0: everything at normal priority.
# Usage (hold the lock, the machine is shared):
#   flock /tmp/vigil-bench.lock bench/bfd-soak.sh [SECONDS=600] [INTERVAL_MS=50] [MULT=3] [VSERVERS=50] [WRK_CONNS=32]
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib.sh
SECS="${1:-600}"; IV="${2:-50}"; MULT="${3:-3}"; VSERVERS="${4:-50}"; CONNS="${5:-32}"; RT="${RT:-0}"
RTPRIO=""; CHRT=()
if [ "$RT" = 1 ]; then RTPRIO="  bfd_rt_priority 50"; CHRT=(chrt -r 50); fi
for t in bird keepalived nginx wrk; do need "$t" "bfd-soak: missing $t (bin/setup --tests)"; done
bench_classpath
W="$(mktemp -d /tmp/vigil-bfd-soak.XXXXXX)"; chmod 755 "$W" # nginx's worker (www-data) reads the page
P="bs$(printf '%03d' $((RANDOM % 1000)))-"
OUT="$BUILD/bfd-soak.out"; : > "$OUT"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for ns in p v k r c sw; do
    for pid in $(ip netns pids "$P$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$P$ns" 2>/dev/null || true
  done
}
trap cleanup EXIT

ip netns add "${P}sw"
ip -n "${P}sw" link add br0 type bridge stp_state 0 forward_delay 0 && ip -n "${P}sw" link set br0 up
host() { # name address...
  local n="$1"; shift
  ip netns add "$P$n"
  ip link add "$P${n}h" netns "$P$n" type veth peer name "$P${n}s" netns "${P}sw"
  ip -n "${P}sw" link set "$P${n}s" master br0 && ip -n "${P}sw" link set "$P${n}s" up
  ip -n "$P$n" link set lo up && ip -n "$P$n" link set "$P${n}h" name eth0 && ip -n "$P$n" link set eth0 up
  for a in "$@"; do ip -n "$P$n" addr add "$a/24" dev eth0; done
}
host p 198.18.0.2; host v 198.18.0.1 198.18.0.100; host k 198.18.0.3
host r 198.18.0.21 198.18.0.22 198.18.0.23 198.18.0.24; host c 198.18.0.30

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
$RTPRIO
}
bfd_instance kb {
  neighbor_ip 198.18.0.2
  source_ip 198.18.0.3
  min_rx $IV
  min_tx $IV
  multiplier $MULT
}
EOC
{
  cat <<EOC
global_defs {
  router_id vigil
  vigil_data_plane proxy
$RTPRIO
}
bfd_instance vb {
  neighbor_ip 198.18.0.2
  source_ip 198.18.0.1
  min_rx $IV
  min_tx $IV
  multiplier $MULT
}
EOC
  for i in $(seq 0 $((VSERVERS - 1))); do
    port=$((i == 0 ? 80 : 8000 + i))
    echo "virtual_server 198.18.0.100 $port {"
    echo "  delay_loop 1"
    echo "  lb_algo rr"
    echo "  protocol TCP"
    for rs in 21 22 23 24; do
      echo "  real_server 198.18.0.$rs 80 {"
      echo "    TCP_CHECK {"
      echo "      connect_timeout 1"
      echo "    }"
      echo "  }"
    done
    echo "}"
  done
} > "$W/vigil.conf"
mkdir -p "$W/www"; printf 'hello\n' > "$W/www/index.html"
cat > "$W/nginx.conf" <<EOC
daemon off; worker_processes 1; pid $W/nginx.pid; error_log $W/nginx.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; server { listen 80 backlog=4096; root $W/www; } }
EOC

bench_header "BFD $MULT x $IV ms for ${SECS} s, RT=$RT; Vigil: $VSERVERS virtual servers x 4 TCP_CHECKs/s, proxy under wrk -c$CONNS" | tee -a "$OUT"
ip netns exec "${P}r" nginx -c "$W/nginx.conf" > "$W/nginx.log" 2>&1 & PIDS+=($!)
ip netns exec "${P}p" "${CHRT[@]}" bird -f -c "$W/bird.conf" -s "$W/bird.ctl" -P "$W/bird.pid" > "$W/bird.log" 2>&1 & PIDS+=($!)
ip netns exec "${P}k" keepalived -n -l -D -G -f "$W/ka.conf" -p "$W/ka.pid" -r "$W/ka-vrrp.pid" -c "$W/ka-chk.pid" \
    -b "$W/ka-bfd.pid" > "$W/ka.log" 2>&1 & PIDS+=($!)
ip netns exec "${P}v" "$JAVA" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -cp "$CP" io.vigil.daemon.Cli -n -l -G \
    -f "$W/vigil.conf" -p "$W/vigil.pid" -r "$W/vigil-vrrp.pid" -c "$W/vigil-chk.pid" > "$W/vigil.log" 2>&1 & PIDS+=($!)

wait_for_line "$W/vigil.log" '\(vb\) Entering Up state' 600 || { echo "Vigil's session never came Up" | tee -a "$OUT"; tail -30 "$W/vigil.log"; exit 1; }
wait_for_line "$W/ka.log" '\(kb\) Entering Up state' 600 || { echo "keepalived's session never came Up" | tee -a "$OUT"; exit 1; }
wait_for_line "$W/vigil.log" 'Checkers started' 600 || true
# the proxy listens once the checker child has handed it the pools
for _ in $(seq 1 100); do ip netns exec "${P}c" curl -s -m 1 -o /dev/null http://198.18.0.100/ && break; sleep 0.2; done
vstart=$(wc -l < "$W/vigil.log"); kstart=$(wc -l < "$W/ka.log")
vrrp_pid=$(cat "$W/vigil-vrrp.pid"); chk_pid=$(cat "$W/vigil-chk.pid"); kbfd_pid=$(cat "$W/ka-bfd.pid")
proxy_pid=0  # the proxy child of this run only: looked for among the processes of namespace v
for pid in $(ip netns pids "${P}v"); do tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q 'ChildMain proxy' && proxy_pid=$pid; done
t0=$(proc_ticks "$vrrp_pid"); c0=$(proc_ticks "$chk_pid"); x0=$(proc_ticks "$proxy_pid"); k0=$(proc_ticks "$kbfd_pid")
echo "both sessions Up; load at start $(loadavg)" | tee -a "$OUT"
ip netns exec "${P}c" wrk -t1 -c"$CONNS" -d"${SECS}s" --timeout 5s http://198.18.0.100/ > "$W/wrk.txt" 2>&1 || true
t1=$(proc_ticks "$vrrp_pid"); c1=$(proc_ticks "$chk_pid"); x1=$(proc_ticks "$proxy_pid"); k1=$(proc_ticks "$kbfd_pid")
echo "load at end $(loadavg)" | tee -a "$OUT"

vdown=$(tail -n +"$((vstart + 1))" "$W/vigil.log" | grep -c '(vb) Entering Down state' || true)
kdown=$(tail -n +"$((kstart + 1))" "$W/ka.log" | grep -c '(kb) Entering Down state' || true)
checks_failed=$(tail -n +"$((vstart + 1))" "$W/vigil.log" | grep -ci 'TCP_CHECK.*fail\|is DOWN\|Removing service' || true)
rps=$(awk '/Requests\/sec/ {print $2}' "$W/wrk.txt"); errs=$(grep -E 'Socket errors|Non-2xx' "$W/wrk.txt" | tr -s ' ' | tr '\n' ';' || true)
pct() { echo "scale=1; 100 * ($2 - $1) / $HZ / $SECS" | bc; }
{
  echo
  echo "| detector | false Downs in ${SECS} s (peer alive) | CPU of its process, % of one core |"
  echo "|---|---|---|"
  echo "| Vigil (BFD thread of the VRRP child, whole daemon under load) | $vdown | $(pct "$t0" "$t1") (VRRP child) |"
  echo "| keepalived 2.2.7 (its BFD process) | $kdown | $(pct "$k0" "$k1") |"
  echo
  echo "Load during the run: wrk through Vigil's proxy $rps req/s ${errs:+($errs)}; Vigil's checker child $(pct "$c0" "$c1") %,"
  echo "proxy child $(pct "$x0" "$x1") % of one core; real-server log lines about failed checks: $checks_failed."
} | tee -a "$OUT"
echo "results in $OUT (copy into docs/benchmarks/bfd.md); raw logs in $W"
