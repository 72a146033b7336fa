#!/usr/bin/env bash
# VRRP failover benchmark of the real daemons, measured on the wire: the same two-director setup run with
# keepalived 2.2.7 and with the `vigil` daemon (io.vigil.daemon.Main -P: watchdog parent + VRRP child, keepalived's
# options and pid files), the same keepalived.conf for both. (bench/vrrp-failover.sh measures the VRRP runtime
# alone through io.vigil.vrrp.kernel.VrrpMain.) Director a (priority 100) is MASTER, b (priority 50)
# BACKUP; a client pings the VIP every 5 ms. Scenarios: SIGKILL of a, link down on a, SIGTERM of a (priority-0
# advert), and preemption (a restarted while b is MASTER). For VRRPv2 advert 1 s and VRRPv3 advert 0.1 s.
# Measured from a capture on the bridge: takeover = new master's first advert - old master's last advert,
# first GARP after the new master's first advert, client outage (gap between echo replies).
# Writes docs/benchmarks/failover.md (and prints it). Needs root, iproute2, keepalived, tcpdump, ping.
#   bench/failover-daemon.sh [impls] [scenarios] [rounds]    e.g. bench/failover-daemon.sh "keepalived vigil" "sigkill sigterm" 3
#   GLOBAL_EXTRA="  vrrp_rt_priority 10" adds lines to global_defs (both daemons read them).
#   VIGIL_BASELINE=DIR (a built checkout of an earlier version) adds the impl "baseline": that tree's classes, run
#   the same way, in the same run. Impls take turns round by round, so each round of each compares like loads.
# Impl "vigil" runs as installed: the launcher (bin/vigil: the jar's entry point, its JVM flags) with the shared AOT
# cache a bin/aot-train run makes here first (as the .deb's postinst does). Impl "vigil-cp" runs it the way this
# bench did before 2026-12-07: `java -cp target/classes:... io.vigil.daemon.Main` (picocli, no cache, two flags).
# preempt: Vigil's restart is also cut into a timeline (restart command -> parent's first log line, VRRP child's
# process start, child in BACKUP, first advert), written below the table.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
impls=${1:-"keepalived vigil"}
scenarios=${2:-"sigkill linkdown sigterm preempt"}
rounds=${3:-1}
out=${OUT:-docs/benchmarks/failover.md}
p="vf$RANDOM"
sw=${p}sw
work=$(mktemp -d /tmp/vigil-failover-daemon.XXXXXX)
pids=()
nss=()

cleanup() {
  for pid in "${pids[@]:-}"; do [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; done
  for ns in "${nss[@]:-}"; do
    [ -n "$ns" ] || continue
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  [ -n "${KEEP_WORK:-}" ] || rm -rf "$work"
}
trap cleanup EXIT

# The class path of a built tree (compiled here first).
tree_classpath() {  # dir out-file
  (cd "$1" && mvn -B -q -o compile >/dev/null \
    && mvn -B -q -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=runtime -Dmdep.outputFile="$2" >/dev/null)
  echo "$1/target/classes:$(cat "$2")"
}
# (to a file: with -q Maven still prints colour codes on stdout)
if [[ " $impls " == *" vigil"* ]]; then VIGIL_CP=$(tree_classpath "$PWD" "$work/cp.txt"); fi
if [[ " $impls " == *" vigil "* ]]; then
  mvn -B -q -o -DskipTests package >/dev/null
  bin/aot-train "$work/aot/vigil.aot" >&2
fi
if [ -n "${VIGIL_BASELINE:-}" ]; then
  impls="$impls baseline"
  BASE_CP=$(tree_classpath "$(cd "$VIGIL_BASELINE" && pwd)" "$work/base-cp.txt")
fi

ip netns add "$sw"; nss+=("$sw")
ip netns exec "$sw" sh -c "ip link add br0 type bridge stp_state 0 forward_delay 0 mcast_snooping 0; ip link set br0 up; ip link set lo up"
host() {  # name addr
  local ns=${p}$1
  ip netns add "$ns"; nss+=("$ns")
  ip link add ${p}$1h netns "$ns" type veth peer name ${p}$1s netns "$sw"
  ip netns exec "$sw" sh -c "ip link set ${p}$1s master br0; ip link set ${p}$1s up"
  ip netns exec "$ns" sh -c "ip link set lo up; ip link set ${p}$1h name eth0; ip link set eth0 up; ip addr add $2/24 dev eth0"
}
host a 198.18.0.11; host b 198.18.0.12; host c 198.18.0.50

conf() {  # file prio version advert
  cat > "$1" <<CONF
global_defs {
  router_id $(basename "$1")
${GLOBAL_EXTRA:-}
}
vrrp_instance VI_1 {
  interface eth0
  virtual_router_id 51
  priority $2
  advert_int $4
  version $3
  state BACKUP
  virtual_ipaddress {
    198.18.0.100/24
  }
}
CONF
}

start() {  # impl node prio version advert -> prints pid
  local impl=$1 n=$2 log="$work/$2.$1.log"
  conf "$work/$n.conf" "$3" "$4" "$5"
  if [ "$impl" = keepalived ]; then
    ip netns exec ${p}$n keepalived -n -l -D -G -f "$work/$n.conf" -p "$work/$n.pid" -r "$work/$n.vrrp.pid" -c "$work/$n.chk.pid" >> "$log" 2>&1 &
  elif [ "$impl" = vigil ]; then
    ip netns exec ${p}$n env VIGIL_AOT_CACHE="$work/aot/vigil.aot" bin/vigil -n -l -D -G -P -f "$work/$n.conf" -p "$work/$n.pid" \
      -r "$work/$n.vrrp.pid" -c "$work/$n.chk.pid" --data-dump "$work/$n.data" --stats-dump "$work/$n.stats" >> "$log" 2>&1 &
  else
    local cp=$VIGIL_CP; [ "$impl" = vigil-cp ] || cp=$BASE_CP
    ip netns exec ${p}$n "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" \
      io.vigil.daemon.Main -n -l -D -G -P -f "$work/$n.conf" -p "$work/$n.pid" -r "$work/$n.vrrp.pid" -c "$work/$n.chk.pid" \
      --data-dump "$work/$n.data" --stats-dump "$work/$n.stats" >> "$log" 2>&1 &
  fi
  local pid=$!; pids+=("$pid"); echo "$pid"
}

# Waits until the log of node n says it entered STATE (counting occurrences beyond $3).
wait_state() {  # impl node count state timeout_s
  local log="$work/$2.$1.log" t=0
  while [ "$(grep -c "Entering $4 STATE" "$log" 2>/dev/null || true)" -lt "$3" ]; do
    sleep 0.1; t=$((t + 1)); [ "$t" -lt $(( $5 * 10 )) ] || { echo "timeout waiting for $2 $4" >&2; tail -5 "$log" >&2; return 1; }
  done
}

results="$work/results.tsv"
: > "$results"
for va in "2 1" "3 0.1"; do
  set -- $va; version=$1; advert=$2
  for scenario in $scenarios; do
    for round in $(seq 1 "$rounds"); do
      for impl in $impls; do
        rm -f "$work"/*.log "$work"/*.pid
        ip netns exec ${p}a ip link set eth0 up
        pa=$(start "$impl" a 100 "$version" "$advert")
        wait_state "$impl" a 1 MASTER 20
        pb=$(start "$impl" b 50 "$version" "$advert")
        wait_state "$impl" b 1 BACKUP 20
        sleep 1
        pcap="$work/$impl-$version-$scenario-$round.pcap"
        ip netns exec "$sw" tcpdump -i br0 -nn -w "$pcap" --immediate-mode -U 'ip proto 112 or arp or icmp' 2>/dev/null &
        td=$!; pids+=("$td")
        ip netns exec ${p}c ping -D -n -i 0.005 -W 1 198.18.0.100 > "$work/ping.txt" 2>&1 &
        pp=$!; pids+=("$pp")
        sleep 2
        t_event=$(date +%s.%N)
        case $scenario in
          # every process of director a at once (keepalived's children would otherwise send priority 0 on the parent's death)
          sigkill) for pid in $(ip netns pids ${p}a); do kill -KILL "$pid"; done ;;
          linkdown) ip netns exec ${p}a ip link set eth0 down ;;
          sigterm) kill -TERM "$pa" ;;
          preempt)
            kill -TERM "$pa"; wait "$pa" 2>/dev/null || true
            wait_state "$impl" b 1 MASTER 20
            sleep 2
            t_event=$(date +%s.%N)
            pa=$(start "$impl" a 100 "$version" "$advert") ;;
        esac
        if [ "$scenario" = preempt ]; then wait_state "$impl" a 2 MASTER 30; else wait_state "$impl" b 1 MASTER 30; fi
        # the restarted VRRP child's process start after the launched process's own (ip netns exec execs the
        # launcher, which execs the parent JVM: same pid, started at the restart command), from /proc, 10 ms ticks
        child_ms=nan
        if [ "$scenario" = preempt ] && [ "$impl" != keepalived ] && [ -r "$work/a.vrrp.pid" ]; then
          started() { awk '{sub(/.*\) /, ""); split($0, f, " "); print f[20]}' "/proc/$1/stat" 2>/dev/null; }
          c=$(started "$(cat "$work/a.vrrp.pid")"); l=$(started "$pa")
          [ -z "$c" ] || [ -z "$l" ] || child_ms=$(( (c - l) * 1000 / $(getconf CLK_TCK) ))
        fi
        sleep 1.5
        kill -INT "$pp" 2>/dev/null || true; sleep 0.3; kill -INT "$td" 2>/dev/null || true; wait "$td" 2>/dev/null || true
        kill -KILL "$pa" "$pb" 2>/dev/null || true; wait "$pa" "$pb" 2>/dev/null || true
        ip netns exec ${p}a ip addr flush dev eth0 2>/dev/null || true
        ip netns exec ${p}a ip link set eth0 up; ip netns exec ${p}a ip addr add 198.18.0.11/24 dev eth0
        ip netns exec ${p}b ip addr del 198.18.0.100/24 dev eth0 2>/dev/null || true
        if [ "$scenario" = preempt ]; then old=198.18.0.12; new=198.18.0.11; else old=198.18.0.11; new=198.18.0.12; fi
        tcpdump -r "$pcap" -tt -nn 2>/dev/null > "$pcap.txt"
        python3 bench/vrrp-failover-analyse.py "$pcap.txt" "$work/ping.txt" "$old" "$new" "$t_event" "$scenario" \
          | sed "s/^/$impl\tv$version\/$advert\t$scenario\t$round\t/" >> "$results"
        tail -1 "$results" >&2
        if [ "$scenario" = preempt ] && [ "$impl" != keepalived ]; then
          python3 bench/restart-timeline.py "$work/a.$impl.log" "$t_event" "$child_ms" "$(tail -1 "$results" | cut -f5)" \
            | sed "s/^/$impl\tv$version\/$advert\t$round\t$(cut -d' ' -f1 /proc/loadavg)\t/" >> "$work/timeline.tsv"
        fi
      done
    done
  done
done
{
  echo "## VRRP failover: the vigil daemon and keepalived 2.2.7 on the wire"
  echo
  echo "Written by \`${VIGIL_BASELINE:+VIGIL_BASELINE=$VIGIL_BASELINE }bench/failover-daemon.sh $impls / $scenarios / $rounds round(s)${GLOBAL_EXTRA:+, global_defs +$(echo $GLOBAL_EXTRA)}\` on $(date -u +%Y-%m-%d) ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg))."
  echo "Both run the same keepalived.conf in namespaces; a is MASTER (priority 100), b BACKUP (50); a client pings the VIP every 5 ms."
  echo "takeover: b's first advert - a's last advert (preempt: restart command -> a's first advert, JVM start included for Vigil);"
  echo "garp: first GARP after the new master's first advert; outage: longest gap between echo replies at the client."
  echo
  python3 bench/vrrp-failover-analyse.py --report "$results"
  if [ -s "$work/timeline.tsv" ]; then
    echo
    echo "Vigil's restart (preempt), ms after the restart command: the parent's first log line, the VRRP child's process"
    echo "start (/proc, 10 ms ticks), the child in BACKUP (master-down timer running), its first advert as MASTER."
    echo
    echo "| impl | VRRP | round | load | parent logging | VRRP child started | child BACKUP | first advert | BACKUP → advert |"
    echo "|---|---|---|---|---|---|---|---|---|"
    awk -F'\t' '{printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7, $8, $9}' "$work/timeline.tsv"
  fi
} > "$work/report.md"
cat "$work/report.md"
# The hand-written notes below the generated part are kept.
{ cat "$work/report.md"; [ -f "$out" ] && sed -n '/^### Notes/,$p' "$out" | sed '1s/^/\n/'; } > "$work/doc.md"
cp "$work/doc.md" "$out"
