#!/usr/bin/env bash
# UDP proxy benchmark, all in one run: DNS queries (dnsperf, 50 client sockets, fixed duration, interleaved runs)
# through Vigil's UDP proxy, through nginx stream (udp, one worker; HAProxy 2.6 has no UDP proxying), through Vigil's
# nftables data plane (kernel DNAT) and direct to the backend (dnsmasq answering one A record from memory, one
# process). Everything runs on loopback inside a private network namespace. Reports queries/s, mean latency, lost
# queries and CPU per query of the proxy process (from /proc) as ratios to nginx and to direct.
# Needs root, dnsperf (installed here if missing), dnsmasq, nginx with the stream module, JDK 25.
#
# Usage: bench/udp-proxy-bench.sh [seconds=10] [runs=3]   Output: bench/out/udp-<time>/ and docs/benchmarks/udp-proxy.md
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}; RUNS=${2:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ "$(id -u)" = 0 ] || { echo "udp-proxy-bench: needs root (network namespace)"; exit 1; }
command -v dnsperf >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends dnsperf >/dev/null; }
for t in dnsperf dnsmasq nginx; do command -v $t >/dev/null || { echo "udp-proxy-bench: missing $t"; exit 1; }; done
[ -f /usr/lib/nginx/modules/ngx_stream_module.so ] || { echo "udp-proxy-bench: missing libnginx-mod-stream"; exit 1; }

OUT=$PWD/bench/out/udp-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
BUILD=$PWD/target-bench
MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B -q -o package -DskipTests -Dvigil.buildDir="$BUILD" >"$OUT/build.log" 2>&1 \
  || { echo "build failed, see $OUT/build.log"; exit 1; }
NS=vgudp$$
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

# Backend: dnsmasq on :5300 answering bench.vigil.test from memory (no upstream, no cache misses, no logging).
start() { local name=$1; shift; ip netns exec $NS "$@" >"$OUT/$name.log" 2>&1 & PIDS+=($!); eval "PID_$name=$!"; }
start backend dnsmasq --keep-in-foreground --no-resolv --no-hosts --port=5300 --listen-address=127.0.0.1 \
  --bind-interfaces --address=/bench.vigil.test/198.18.0.10 --cache-size=0 --pid-file="$OUT/dnsmasq.pid" --user=root --dns-forward-max=1000
cat >"$OUT/stream.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_stream_module.so;
daemon off; worker_processes 1; pid $OUT/stream.pid; error_log $OUT/stream.err;
events { worker_connections 8192; }
stream { server { listen 127.0.0.1:5302 udp; proxy_pass 127.0.0.1:5300; proxy_responses 1; proxy_timeout 5s; } }
CONF
start nginx nginx -c "$OUT/stream.conf" -e "$OUT/stream.err"
JAVA=( "$JAVA_HOME/bin/java" ${VIGIL_JAVA_OPTS:--Xms256m -Xmx256m -XX:+UseSerialGC} --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=/dev/null
       -cp "$BUILD/vigil.jar:$BUILD/lib/*" io.vigil.lb.proxy.StandaloneProxy )
start vigil "${JAVA[@]}" --udp 127.0.0.1:5301 127.0.0.1:5300
start vigil_nft "${JAVA[@]}" --udp --plane nft 127.0.0.1:5304 127.0.0.1:5300

declare -A PORT=([direct]=5300 [vigil]=5301 [nginx]=5302 [nft]=5304)
printf 'bench.vigil.test A\n' >"$OUT/queries.txt"
for t in direct vigil nginx nft; do
  ok=
  for i in $(seq 1 60); do
    if nsx dnsperf -s 127.0.0.1 -p "${PORT[$t]}" -d "$OUT/queries.txt" -n 1 -t 1 2>/dev/null | grep -q 'Queries completed: *1 '; then ok=1; break; fi
    sleep 0.5
  done
  [ -n "$ok" ] || { echo "port ${PORT[$t]} ($t) not answering"; exit 1; }
done

ticks() { awk '{print $14+$15}' /proc/"$1"/stat; }
worker_of() { pgrep -P "$1" | head -1; }
TCK=$(getconf CLK_TCK)
cpu_pid() { case $1 in direct|nft) echo "$PID_backend";; vigil) echo "$PID_vigil";; nginx) worker_of "$PID_nginx";; esac; }
echo "load before: $(cat /proc/loadavg)" | tee "$OUT/load.txt"
nsx dnsperf -s 127.0.0.1 -p 5301 -d "$OUT/queries.txt" -c 50 -l 3 >/dev/null 2>&1   # JIT warm-up of the JVM proxy
RES=$OUT/results.tsv; : >"$RES"
for run in $(seq 1 "$RUNS"); do
  for t in ${TARGETS:-direct vigil nginx nft}; do
    pid=$(cpu_pid $t); c0=$(ticks "$pid")
    # -c 50 client sockets, -q 200 outstanding queries, -t 2 s timeout: a closed-loop load like wrk's.
    nsx dnsperf -s 127.0.0.1 -p "${PORT[$t]}" -d "$OUT/queries.txt" -c 50 -q 200 -t 2 -l "$DUR" >"$OUT/dnsperf-$t-$run.txt" 2>&1 || true
    c1=$(ticks "$pid")
    qps=$(awk '/Queries per second:/{print $4}' "$OUT/dnsperf-$t-$run.txt")
    done_q=$(awk '/Queries completed:/{print $3}' "$OUT/dnsperf-$t-$run.txt")
    lost=$(awk '/Queries lost:/{print $3}' "$OUT/dnsperf-$t-$run.txt")
    lat=$(awk '/Average Latency/{print $4}' "$OUT/dnsperf-$t-$run.txt")
    cpu_us=$(awk -v a="$c0" -v b="$c1" -v n="${done_q:-0}" -v hz="$TCK" 'BEGIN{ if (n>0) printf "%.2f", (b-a)/hz*1e6/n; else print "nan"}')
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$t" "$run" "${qps:-0}" "${lat:-nan}" "${lost:-nan}" "$cpu_us" >>"$RES"
    echo "$t run $run: ${qps:-0} q/s, mean latency ${lat:-?} s, lost ${lost:-?}, cpu/query ${cpu_us} us (pid $pid)" >&2
  done
done
echo "load after: $(cat /proc/loadavg)" | tee -a "$OUT/load.txt"

python3 - "$RES" "$OUT/load.txt" "$DUR" "$RUNS" >"$OUT/report.md" <<'PY'
import sys, statistics, datetime
rows = [l.rstrip('\n').split('\t') for l in open(sys.argv[1]) if l.strip()]
load = open(sys.argv[2]).read().strip().replace('\n', '; ')
dur, runs = sys.argv[3], sys.argv[4]
by = {}
for t, run, qps, lat, lost, cpu in rows:
    by.setdefault(t, []).append((float(qps), float(lat) * 1e6 if lat != 'nan' else float('nan'), lost, cpu))
med = {t: statistics.median(q for q, *_ in v) for t, v in by.items()}
print('## UDP proxy: DNS queries through Vigil, nginx stream, Vigil\'s nftables plane and direct\n')
print(f'Written by `bench/udp-proxy-bench.sh {dur} {runs}` on {datetime.date.today()} (2 cores; {load}).')
print('dnsperf, 50 client sockets, 200 queries outstanding, one A record answered by dnsmasq from memory, all on loopback')
print('in one namespace; runs interleaved. CPU per query is the proxy process\'s (direct and nft: the backend\'s).\n')
print('| target | queries/s (median, runs) | × nginx | × direct | mean latency µs | lost | CPU µs/query |')
print('|---|---|---|---|---|---|---|')
for t in ['direct', 'vigil', 'nginx', 'nft']:
    if t not in by: continue
    v = by[t]
    qs = ', '.join(f'{q:.0f}' for q, *_ in v)
    lat = statistics.median(l for _, l, *_ in v)
    lost = ', '.join(x[2] for x in v)
    cpu = ', '.join(x[3] for x in v)
    rn = med[t] / med['nginx'] if med.get('nginx') else float('nan')
    rd = med[t] / med['direct'] if med.get('direct') else float('nan')
    print(f'| {t} | {med[t]:.0f} ({qs}) | {rn:.2f} | {rd:.2f} | {lat:.0f} | {lost} | {cpu} |')
PY
cat "$OUT/report.md"
if [ -z "${NO_DOC:-}" ]; then
  { cat "$OUT/report.md"; [ -f docs/benchmarks/udp-proxy.md ] && sed -n '/^### Notes/,$p' docs/benchmarks/udp-proxy.md; } >"$OUT/doc.md"
  cp "$OUT/doc.md" docs/benchmarks/udp-proxy.md
fi
