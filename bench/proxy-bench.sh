#!/usr/bin/env bash
# Proxy benchmark, all in one run: wrk (2 threads, 50 connections, 10 s, 3 interleaved runs) and iperf3 bulk
# through Vigil's proxy (io_uring engine, epoll engine, NIO selector engine and virtual-thread engine), HAProxy 2.6 (TCP mode, one thread;
# bulk also with splice), nginx stream (one worker), and direct to the backend (nginx, one worker, small static
# page). Keep-alive and one connection per request. Everything runs on loopback inside a private network
# namespace (no port clashes, nothing on the host's interfaces). Also Vigil's nftables data plane (kernel DNAT). Needs root, wrk, iperf3, haproxy, nginx with
# the stream module (libnginx-mod-stream), JDK 25.
#
# System calls per request are counted with perf (raw_syscalls:sys_enter) for Vigil's native engines, HAProxy and nginx.
# Env: CONNS (wrk connections, 50), TARGETS/MODES/BULK/BULK_TARGETS/SYSCALLS/SYSCALL_TARGETS narrow a run.
# Usage: bench/proxy-bench.sh [seconds=10] [runs=3]      Output: bench/out/proxy-<time>/ and a Markdown table on stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}; RUNS=${2:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ "$(id -u)" = 0 ] || { echo "proxy-bench: needs root (network namespace)"; exit 1; }
for t in wrk iperf3 haproxy nginx; do command -v $t >/dev/null || { echo "proxy-bench: missing $t"; exit 1; }; done
[ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || { echo "proxy-bench: missing libnginx-mod-stream"; exit 1; }

OUT=$PWD/bench/out/proxy-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
BUILD=$PWD/target-bench
MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B -q -o package -DskipTests -Dvigil.buildDir="$BUILD" >"$OUT/build.log" 2>&1 \
  || { echo "build failed, see $OUT/build.log"; exit 1; }
ulimit -n "$(ulimit -Hn)"
NS=vgbench$$
ip netns add $NS
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.3
  for p in $(ip netns pids $NS 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
  ip netns del $NS 2>/dev/null || true
}
trap cleanup EXIT
nsx() { ip netns exec $NS "$@"; }
nsx ip link set lo up
nsx sysctl -qw net.ipv4.tcp_tw_reuse=1 net.ipv4.ip_local_port_range="1024 65000" net.core.somaxconn=4096

# Backend: nginx with one worker serving a small static page on :8080; iperf3 server on :5201.
mkdir -p "$OUT/www" "$OUT/nginx"; printf 'hello from the backend\n' >"$OUT/www/index.html"
cat >"$OUT/nginx/backend.conf" <<CONF
daemon off; worker_processes 1; pid $OUT/nginx/backend.pid; error_log $OUT/nginx/backend.err;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; server { listen 127.0.0.1:8080 backlog=4096; root $OUT/www; } }
CONF
cat >"$OUT/nginx/stream.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off; worker_processes 1; pid $OUT/nginx/stream.pid; error_log $OUT/nginx/stream.err;
events { worker_connections 8192; }
stream { server { listen 127.0.0.1:8003 backlog=4096; proxy_pass 127.0.0.1:8080; }
         server { listen 127.0.0.1:9003; proxy_pass 127.0.0.1:5201; } }
CONF
cat >"$OUT/haproxy.cfg" <<CONF
global
  nbthread 1
  maxconn 4000
defaults
  mode tcp
  timeout connect 3s
  timeout client 60s
  timeout server 60s
listen web
  bind 127.0.0.1:8002
  server s1 127.0.0.1:8080
listen bulk
  bind 127.0.0.1:9002
  server s1 127.0.0.1:5201
listen bulksplice
  bind 127.0.0.1:9012
  option splice-auto
  server s1 127.0.0.1:5201
CONF
start() { local name=$1; shift; ip netns exec $NS "$@" >"$OUT/$name.log" 2>&1 & PIDS+=($!); eval "PID_$name=$!"; }
start backend nginx -c "$OUT/nginx/backend.conf" -e "$OUT/nginx/backend.err"
start iperfd iperf3 -s -B 127.0.0.1 -p 5201
start haproxy haproxy -f "$OUT/haproxy.cfg" -db
start nginxstream nginx -c "$OUT/nginx/stream.conf" -e "$OUT/nginx/stream.err"
JAVA=( "$JAVA_HOME/bin/java" ${VIGIL_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=/dev/null
       -cp "$BUILD/vigil.jar:$BUILD/lib/*" io.vigil.lb.proxy.StandaloneProxy )
start vigil_nio "${JAVA[@]}" --io nio --workers 1 127.0.0.1:8001 127.0.0.1:8080
start vigil_vt "${JAVA[@]}" --io vt 127.0.0.1:8011 127.0.0.1:8080
start vigil_epoll "${JAVA[@]}" --io epoll --workers 1 127.0.0.1:8021 127.0.0.1:8080
start vigil_epoll_bulk "${JAVA[@]}" --io epoll --workers 1 127.0.0.1:9021 127.0.0.1:5201
start vigil_uring "${JAVA[@]}" --io uring --workers 1 127.0.0.1:8031 127.0.0.1:8080
start vigil_uring_bulk "${JAVA[@]}" --io uring --workers 1 127.0.0.1:9031 127.0.0.1:5201
# The io_uring engine with one provided buffer per receive (no incremental consumption), for comparison.
JAVA1=( "${JAVA[0]}" -Dvigil.uring.incremental=false "${JAVA[@]:1}" )
start vigil_uring1 "${JAVA1[@]}" --io uring --workers 1 127.0.0.1:8032 127.0.0.1:8080
start vigil_uring1_bulk "${JAVA1[@]}" --io uring --workers 1 127.0.0.1:9032 127.0.0.1:5201
start vigil_epoll_splice "${JAVA[@]}" --io epoll --splice --workers 1 127.0.0.1:9022 127.0.0.1:5201
start vigil_nio_bulk "${JAVA[@]}" --io nio --workers 1 127.0.0.1:9001 127.0.0.1:5201
start vigil_vt_bulk "${JAVA[@]}" --io vt 127.0.0.1:9011 127.0.0.1:5201
# Vigil's nftables data plane: DNAT (output hook on loopback) 8004 -> 8080 and 9004 -> 5201, applied by Vigil's JSON batch.
start vigil_nft "${JAVA[@]}" --plane nft 127.0.0.1:8004 127.0.0.1:8080 -- 127.0.0.1:9004 127.0.0.1:5201
for port in 8080 8001 8011 8021 8031 8032 8002 8003 8004; do
  for i in $(seq 1 60); do nsx curl -sf -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
  nsx curl -sf -o /dev/null "http://127.0.0.1:$port/" || { echo "port $port not serving"; exit 1; }
done

# CPU ticks (utime+stime) of a process and its threads, and of the nginx stream worker (child of the master).
ticks() { awk '{print $14+$15}' /proc/"$1"/stat; }
# Nanoseconds the process's threads spent waiting on a run queue (runnable, not running: /proc/PID/task/*/schedstat).
rqwait() { cat /proc/"$1"/task/*/schedstat 2>/dev/null | awk '{s+=$2} END{printf "%.0f", s}'; }   # %d would clamp at 2^31 in mawk
worker_of() { pgrep -P "$1" | head -1; }
TCK=$(getconf CLK_TCK)
declare -A TARGET_PORT=([direct]=8080 [vigil_nio]=8001 [vigil_vt]=8011 [haproxy]=8002 [nginx]=8003 [nft]=8004 [vigil_epoll]=8021 [vigil_uring]=8031 [vigil_uring1]=8032)
cpu_pid() {
  case $1 in
    direct|nft) worker_of "$PID_backend";; vigil_nio) echo "$PID_vigil_nio";; vigil_vt) echo "$PID_vigil_vt";; vigil_epoll) echo "$PID_vigil_epoll";; vigil_uring) echo "$PID_vigil_uring";; vigil_uring1) echo "$PID_vigil_uring1";;
    haproxy) echo "$PID_haproxy";; nginx) worker_of "$PID_nginxstream";;
  esac
}
read -ra TARGETS <<<"${TARGETS:-direct vigil_uring vigil_epoll vigil_nio vigil_vt haproxy nginx nft}"   # env TARGETS/MODES/BULK narrow a run
echo "load before: $(cat /proc/loadavg)" | tee "$OUT/load.txt"
# Warm-up (JIT) for the JVM proxies.
for t in vigil_uring vigil_uring1 vigil_epoll vigil_nio vigil_vt; do nsx wrk -t2 -c50 -d3s "http://127.0.0.1:${TARGET_PORT[$t]}/" >/dev/null; nsx wrk -t2 -c50 -d2s -H 'Connection: close' "http://127.0.0.1:${TARGET_PORT[$t]}/" >/dev/null; done
RES=$OUT/results.tsv; : >"$RES"
for mode in ${MODES:-keepalive close}; do
  [ "$mode" = skip ] && continue
  for run in $(seq 1 "$RUNS"); do
    for t in "${TARGETS[@]}"; do
      hdr=(); [ $mode = close ] && hdr=(-H 'Connection: close')
      pid=$(cpu_pid $t); c0=$(ticks "$pid"); q0=$(rqwait "$pid")
      nsx wrk -t2 -c${CONNS:-50} -d${DUR}s --latency "${hdr[@]}" "http://127.0.0.1:${TARGET_PORT[$t]}/" >"$OUT/wrk-$mode-$t-$run.txt"
      c1=$(ticks "$pid"); q1=$(rqwait "$pid")
      rps=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-$mode-$t-$run.txt")
      total=$(awk '/requests in/{print $1}' "$OUT/wrk-$mode-$t-$run.txt")
      p50=$(awk '$1=="50%"{print $2}' "$OUT/wrk-$mode-$t-$run.txt"); p99=$(awk '$1=="99%"{print $2}' "$OUT/wrk-$mode-$t-$run.txt")
      errs=$(awk '/Socket errors|Non-2xx/{print}' "$OUT/wrk-$mode-$t-$run.txt" | tr '\n' ' ')
      cpu_us=$(awk -v a="$c0" -v b="$c1" -v n="$total" -v hz="$TCK" 'BEGIN{printf "%.2f", (b-a)/hz*1e6/n}')
      rq_us=$(awk -v a="$q0" -v b="$q1" -v n="$total" 'BEGIN{printf "%.2f", (b-a)/1e3/n}')
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' wrk $mode $t $run "$rps" "$p50" "$p99" "$cpu_us" "$rq_us" >>"$RES"
      [ -n "$errs" ] && echo "$mode $t run $run: $errs" >>"$OUT/errors.txt"
      echo "$mode $t run $run: $rps req/s p50 $p50 p99 $p99 cpu/req ${cpu_us}us run-queue wait/req ${rq_us}us (pid $pid ticks $c0..$c1)" >&2
    done
  done
done
declare -A BULK_PORT=([direct]=5201 [vigil_nio]=9001 [vigil_vt]=9011 [haproxy]=9002 [haproxy_splice]=9012 [nginx]=9003 [nft]=9004 [vigil_epoll]=9021 [vigil_epoll_splice]=9022 [vigil_uring]=9031 [vigil_uring1]=9032)
for run in $(seq 1 "$RUNS"); do
  [ "${BULK:-1}" = 1 ] || break
  for t in ${BULK_TARGETS:-direct vigil_uring vigil_epoll vigil_epoll_splice vigil_nio vigil_vt haproxy haproxy_splice nginx nft}; do
    nsx iperf3 -c 127.0.0.1 -p "${BULK_PORT[$t]}" -t "$DUR" -J >"$OUT/iperf-$t-$run.json" || true
    gbps=$(python3 -c "import json,sys; d=json.load(open('$OUT/iperf-$t-$run.json')); print('%.2f' % (d['end']['sum_received']['bits_per_second']/1e9))" 2>/dev/null || echo 0)
    printf '%s\t%s\t%s\t%s\t%s\n' iperf bulk $t $run "$gbps" >>"$RES"
    echo "bulk $t run $run: $gbps Gbit/s" >&2
  done
done
# System calls per request (perf's raw_syscalls:sys_enter over every thread of the proxy process during a short wrk run).
if [ "${SYSCALLS:-1}" = 1 ] && command -v perf >/dev/null; then
  for mode in keepalive close; do
    for t in ${SYSCALL_TARGETS:-vigil_uring vigil_epoll haproxy nginx}; do
      hdr=(); [ $mode = close ] && hdr=(-H 'Connection: close')
      pid=$(cpu_pid $t)
      perf stat -x, -e raw_syscalls:sys_enter -p "$pid" -o "$OUT/perf-$mode-$t.txt" -- sleep 5 &
      pp=$!
      nsx wrk -t2 -c${CONNS:-50} -d5s "${hdr[@]}" "http://127.0.0.1:${TARGET_PORT[$t]}/" >"$OUT/wrk-sys-$mode-$t.txt"
      wait $pp || true
      n=$(awk -F, '/raw_syscalls/{print $1}' "$OUT/perf-$mode-$t.txt")
      total=$(awk '/requests in/{print $1}' "$OUT/wrk-sys-$mode-$t.txt")
      printf '%s\t%s\t%s\t%s\t%s\n' sys $mode $t "$n" "$total" >>"$RES"
      echo "syscalls $mode $t: $n for $total requests" >&2
    done
  done
fi
echo "load after: $(cat /proc/loadavg)" | tee -a "$OUT/load.txt"
python3 bench/proxy-report.py "$RES" "$OUT/load.txt" "${CONNS:-50}" | tee "$OUT/report.md"
