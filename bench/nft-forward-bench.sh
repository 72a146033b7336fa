#!/usr/bin/env bash
# Forwarding benchmark for the nftables data plane: three namespaces, routed (no bridge):
#
#   client 198.18.200.2 --veth-- 198.18.200.1 director 198.18.201.1 --veth-- 198.18.201.2-4 server
#                                 (+ VIP 198.18.202.10/32)                      default route via the director
#
# Each mode reaches the server on its own address (.2 notrack, .3 ct, .4 nft's DNAT target, VIP .10): with one client
# address, connections of different modes would otherwise share tuples, and a DNAT entry's reply tuple left in
# TIME_WAIT by one mode clashes with the next mode's new connection (conntrack then drops the SYN: 70 req/s).
#
# Three modes, interleaved in ONE run (mode order rotates every run), each load 3 times by default:
#   notrack  client -> server address, forwarded by the director with no NAT and no conntrack
#            (table ip nfbench: raw-priority prerouting chain with one `notrack` rule)
#   ct       client -> server address, forwarded with conntrack on and no NAT
#            (table ip nfbench: forward chain with one `ct state invalid drop` rule — what turns conntrack on)
#   nft      client -> VIP, DNATed to the server by Vigil's own nft plane: NftDataPlane applying its JSON batch
#            (the Java main io.vigil.lb.proxy.StandaloneProxy --plane nft, started in the director per run and
#            stopped after it; its shutdown deletes table ip vigil). No other table is loaded then.
# Loads: wrk 2 threads 50 connections keep-alive and with `Connection: close` (nginx, one worker, 23-byte page),
# iperf3 one stream bulk. Needs root, wrk, iperf3, nginx, JDK 25, python3.
#
# Usage: bench/nft-forward-bench.sh [seconds=10] [runs=3]
#   env MODES="notrack ct nft" LOADS="keepalive close bulk" SKIP_BUILD=1 (reuse target-bench/)
#       EXTRA_SERVICES=N (N more idle services in Vigil's table), NFT_BASE_JAR=jar (mode nftbase: another build)
# Output: bench/out/nft-forward-<time>/ (raw wrk/iperf3 output, results.tsv, load.txt, report.md).
set -euo pipefail
cd "$(dirname "$0")/.."
DUR=${1:-10}; RUNS=${2:-3}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
[ "$(id -u)" = 0 ] || { echo "nft-forward-bench: needs root (network namespaces)"; exit 1; }
for t in wrk iperf3 nginx nft python3; do command -v $t >/dev/null || { echo "nft-forward-bench: missing $t"; exit 1; }; done

OUT=$PWD/bench/out/nft-forward-$(date +%Y%m%d-%H%M%S); mkdir -p "$OUT"
BUILD=$PWD/target-bench
if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$BUILD/vigil.jar" ]; then
  MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B -q -o package -DskipTests -Dvigil.buildDir="$BUILD" >"$OUT/build.log" 2>&1 \
    || { echo "build failed, see $OUT/build.log"; exit 1; }
fi
# A private copy of the jar: a later build cannot change the code under a running benchmark.
mkdir -p "$OUT/cp"; cp "$BUILD/vigil.jar" "$OUT/cp/"; ln -s "$BUILD/lib" "$OUT/cp/lib"

CL=nfcl$$ DR=nfdr$$ SV=nfsv$$
CLIENT=198.18.200.2 SV_NOTRACK=198.18.201.2 SV_CT=198.18.201.3 SERVER=198.18.201.4 SV_NOCOUNT=198.18.201.5 SV_MIN=198.18.201.6 SV_BASE=198.18.201.7
VIP=198.18.202.10 VIP2=198.18.202.11 VIP3=198.18.202.12 VIP4=198.18.202.13
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for ns in $CL $DR $SV; do
    for p in $(ip netns pids $ns 2>/dev/null); do kill -9 "$p" 2>/dev/null || true; done
    ip netns del $ns 2>/dev/null || true
  done
}
trap cleanup EXIT
for ns in $CL $DR $SV; do ip netns add $ns; ip -n $ns link set lo up; done
ip -n $CL link add eth0 type veth peer name c0 netns $DR
ip -n $SV link add eth0 type veth peer name s0 netns $DR
ip -n $CL addr add $CLIENT/24 dev eth0; ip -n $CL link set eth0 up; ip -n $CL route add default via 198.18.200.1
for a in $SV_NOTRACK $SV_CT $SERVER $SV_NOCOUNT $SV_MIN $SV_BASE; do ip -n $SV addr add $a/24 dev eth0; done; ip -n $SV link set eth0 up; ip -n $SV route add default via 198.18.201.1
ip -n $DR addr add 198.18.200.1/24 dev c0; for a in $VIP $VIP2 $VIP3 $VIP4; do ip -n $DR addr add $a/32 dev c0; done; ip -n $DR link set c0 up
ip -n $DR addr add 198.18.201.1/24 dev s0; ip -n $DR link set s0 up
ip netns exec $DR sysctl -qw net.ipv4.ip_forward=1
ip netns exec $CL sysctl -qw net.ipv4.ip_local_port_range="1024 65000" net.ipv4.tcp_tw_reuse=1
ip netns exec $SV sysctl -qw net.core.somaxconn=4096 net.ipv4.tcp_tw_reuse=1
ulimit -n "$(ulimit -Hn)"

mkdir -p "$OUT/www"; printf 'hello from the backend\n' >"$OUT/www/index.html"
cat >"$OUT/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $OUT/nginx.pid; error_log $OUT/nginx.err;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000; server { listen 80 backlog=4096; root $OUT/www; } }
CONF
start() { local name=$1 ns=$2; shift 2; ip netns exec $ns "$@" >"$OUT/$name.log" 2>&1 & PIDS+=($!); eval "PID_$name=$!"; }
start nginx $SV nginx -c "$OUT/nginx.conf" -e "$OUT/nginx.err"
start iperfd $SV iperf3 -s -p 5201
for i in $(seq 1 40); do ip netns exec $CL curl -sf -o /dev/null "http://$SV_NOTRACK/" && break; sleep 0.25; done

JAVA=( "$JAVA_HOME/bin/java" -Xms128m -Xmx128m -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -Dlogback.configurationFile=/dev/null )
drnft() { ip netns exec $DR nft "$@"; }

# Puts the director into one mode; sets TARGET, the address the client talks to.
VIGIL_PID=
start_vigil() {   # VIP SERVER [JAR]: Vigil's nft plane (the Java main driving NftDataPlane) DNATing VIP:80 and VIP:5201
  # EXTRA_SERVICES=N adds N more services (other VIPs, four servers each, no traffic): a bigger rule set.
  local extra=(); for i in $(seq 1 "${EXTRA_SERVICES:-0}"); do extra+=(-- 198.18.203.$i:80 198.18.204.1:80 198.18.204.2:80 198.18.204.3:80 198.18.204.4:80); done
  ip netns exec $DR "${JAVA[@]}" -cp "${3:-$OUT/cp/vigil.jar}:$OUT/cp/lib/*" io.vigil.lb.proxy.StandaloneProxy --plane nft $1:80 $2:80 -- $1:5201 $2:5201 "${extra[@]}" </dev/null >"$OUT/vigil-nft.log" 2>&1 &
  VIGIL_PID=$!; PIDS+=($VIGIL_PID)
  for i in $(seq 1 240); do grep -q ready "$OUT/vigil-nft.log" && break; sleep 0.25; done
  grep -q ready "$OUT/vigil-nft.log" || { echo "Vigil nft plane did not start in 60 s (pid $VIGIL_PID: $(ps -o stat=,etime= -p $VIGIL_PID)): $(cat "$OUT/vigil-nft.log"); tables: $(drnft list tables)" >&2; exit 1; }
  drnft list table ip vigil >"$OUT/vigil-ruleset-$1.txt"
  sleep 1   # let the JVM settle (JIT) before the load starts
}
enter() {
  case $1 in
    notrack) drnft -f - <<<"table ip nfbench { chain pre { type filter hook prerouting priority raw; notrack; }; }"; TARGET=$SV_NOTRACK;;
    ct)      drnft -f - <<<"table ip nfbench { chain fw_ct { type filter hook forward priority filter; ct state invalid drop; }; }"; TARGET=$SV_CT;;
    nft)     start_vigil $VIP $SERVER; TARGET=$VIP;;
    # Profiling modes (MODES=...): Vigil's table without its forward-hook counting chain, and the floor of any
    # DNAT rule set: one hand-written prerouting rule.
    nftnocount) start_vigil $VIP2 $SV_NOCOUNT; drnft flush chain ip vigil counting; TARGET=$VIP2;;
    # Another build's rule set in the same run (NFT_BASE_JAR=path/to/vigil.jar), e.g. main's before a change.
    nftbase) start_vigil $VIP4 $SV_BASE "$NFT_BASE_JAR"; TARGET=$VIP4;;
    nftmin)  drnft -f - <<<"table ip nfbench { chain pre { type nat hook prerouting priority dstnat; ip daddr $VIP3 dnat to $SV_MIN; }; }"; TARGET=$VIP3;;
  esac
}
leave() {
  case $1 in
    nft|nftnocount|nftbase) kill -TERM "$VIGIL_PID"; wait "$VIGIL_PID" 2>/dev/null || true
         drnft list tables | grep -q vigil && { echo "table ip vigil left behind" >&2; exit 1; } || true;;
    *) drnft delete table ip nfbench;;
  esac
  ip netns exec $DR sh -c 'echo "conntrack entries: $(cat /proc/sys/net/netfilter/nf_conntrack_count)"' >>"$OUT/conntrack.txt"
}

read -ra MODES <<<"${MODES:-notrack ct nft}"
read -ra LOADS <<<"${LOADS:-keepalive close bulk}"
{ echo "load before: $(cat /proc/loadavg)"; echo "extra idle services: ${EXTRA_SERVICES:-0}"; echo "kernel: $(uname -r), nftables: $(nft --version)"; } | tee "$OUT/load.txt"
# Warm-up: a short run of each load through plain forwarding (ARP, page cache, nginx).
ip netns exec $CL wrk -t2 -c50 -d2s "http://$SV_NOTRACK/" >/dev/null
RES=$OUT/results.tsv; : >"$RES"
for run in $(seq 1 "$RUNS"); do
  # Rotate the mode order so no mode always runs first or last in a round.
  n=${#MODES[@]}; order=(); for i in $(seq 0 $((n - 1))); do order+=("${MODES[$(( (i + run - 1) % n ))]}"); done
  for m in "${order[@]}"; do
    enter $m; target=$TARGET
    echo "run $run mode $m -> $target (load $(cut -d' ' -f1-3 /proc/loadavg))" >&2
    for load in "${LOADS[@]}"; do
      f=$OUT/$load-$m-$run
      case $load in
        keepalive|close)
          hdr=(); [ $load = close ] && hdr=(-H 'Connection: close')
          ip netns exec $CL wrk -t2 -c50 -d${DUR}s --latency "${hdr[@]}" "http://$target/" >"$f.txt"
          rps=$(awk '/Requests\/sec/{print $2}' "$f.txt")
          p99=$(awk '$1=="99%"{print $2}' "$f.txt")
          errs=$(awk '/Socket errors|Non-2xx/{print}' "$f.txt" | tr '\n' ' ')
          [ -n "$errs" ] && echo "$load $m run $run: $errs" >>"$OUT/errors.txt"
          printf '%s\t%s\t%s\t%s\t%s\n' $load $m $run "$rps" "$p99" >>"$RES"
          echo "  $load: $rps req/s p99 $p99 $errs" >&2;;
        bulk)
          ip netns exec $CL iperf3 -c "$target" -p 5201 -t "$DUR" -J >"$f.json" || true
          gbps=$(python3 -c "import json; d=json.load(open('$f.json')); print('%.2f' % (d['end']['sum_received']['bits_per_second']/1e9))" 2>/dev/null || echo 0)
          printf '%s\t%s\t%s\t%s\t%s\n' bulk $m $run "$gbps" - >>"$RES"
          echo "  bulk: $gbps Gbit/s" >&2;;
      esac
    done
    leave $m
  done
done
echo "load after: $(cat /proc/loadavg)" | tee -a "$OUT/load.txt"
python3 bench/nft-forward-report.py "$RES" "$OUT/load.txt" "bench/nft-forward-bench.sh $DUR $RUNS" | tee "$OUT/report.md"
