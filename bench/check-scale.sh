#!/usr/bin/env bash
# Checker scale benchmark: N real servers (listeners on 127.1.x.y, in their own JVM) checked by Vigil's checkers
# (another JVM): checks/s achieved vs planned, CPU (cores), heap after GC, RSS; detection latency kill -> weight 0.
# Usage: flock /tmp/vigil-bench.lock bench/check-scale.sh [TCP_COUNT=10000] [HTTP_COUNT=1000] [MEASURE_SECONDS=20] [KILLS=20]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
TCP_COUNT="${1:-10000}"; HTTP_COUNT="${2:-1000}"; MEASURE="${3:-20}"; KILLS="${4:-20}"
bench_classpath
ulimit -n 65536 2>/dev/null || true
OUT="$BUILD/check-scale.out"; : > "$OUT"

SERVER_PIDS=()
# the listener JVMs hold the bench lock's descriptor: stop them however this script ends (set -e included)
trap 'kill "${SERVER_PIDS[@]}" 2>/dev/null || true' EXIT
run() { # kind count port control
  local kind=$1 count=$2 port=$3 ctl=$4 first=0 j=0 n srvpids=() log
  # one listener per real server, and a process may open only $(ulimit -Hn) descriptors (20,000 in this container):
  # the real servers are split over processes of PER_SERVER_PROCESS each, control ports ctl, ctl+1, ...
  local per=$(( $(ulimit -n) - 2000 )); [ "$per" -gt 15000 ] && per=15000
  while [ "$first" -lt "$count" ]; do
    n=$(( count - first < per ? count - first : per ))
    log="$BUILD/bench-server-$kind-$j.log"
    "$JAVA" -Xmx512m -cp "$CP" io.vigil.check.bench.CheckBenchServer "$n" "$port" "$kind" "$((ctl + j))" "$first" > "$log" 2>&1 &
    srvpids+=($!); SERVER_PIDS+=($!)
    if ! wait_for_line "$log" READY 600; then
      # e.g. "Too many open files": one listener per real server needs that many descriptors (ulimit -Hn)
      echo "the $kind servers did not start (open files limit $(ulimit -n)): $(head -1 "$log")" | tee -a "$OUT"
      kill "${srvpids[@]}" 2>/dev/null || true; wait "${srvpids[@]}" 2>/dev/null || true; return 1
    fi
    first=$((first + n)); j=$((j + 1))
  done
  "$JAVA" ${CHECK_JAVA_OPTS:-} -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$CP" io.vigil.check.bench.CheckBench \
      "$count" "$port" "$kind" "$ctl" 1000 "$MEASURE" "$KILLS" 1000 "$per" 2>&1 | grep -v -E '^[0-9:. ]+\[|^SLF4J' | tee -a "$OUT"
  kill "${srvpids[@]}" 2>/dev/null || true; wait "${srvpids[@]}" 2>/dev/null || true
}
bench_header | tee -a "$OUT"
[ "$TCP_COUNT" -gt 0 ] && run tcp "$TCP_COUNT" 18080 18999
[ "$HTTP_COUNT" -gt 0 ] && run http "$HTTP_COUNT" 18081 18998
# The same number of real servers in the nftables data plane (100 per virtual service, in a namespace of its own):
# start-up, single changes, removal; then the configuration's load time at that size (ConfigParseStages: 10 per VS).
plane() {
  local ns="vigil-chkscale-$$"
  ip netns add "$ns"
  "$JAVA" -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$CP" io.vigil.lb.bench.DataPlaneScale nft "$1" 100 "${PLANE_CHANGES:-5}" "$ns" 2>&1 \
      | grep -E '^PLANE|Exception' | tee -a "$OUT" || true
  ip netns del "$ns"
}
if [ "${PLANE:-1}" = 1 ] && [ "$TCP_COUNT" -gt 0 ]; then
  plane "$TCP_COUNT"
  "$JAVA" -cp "$CP" io.vigil.config.ConfigParseStages 3 $((TCP_COUNT / 10)) | sed 's/^STAGES/CONFIG real_servers='"$TCP_COUNT"'/' | tee -a "$OUT"
fi
echo "== end $(date -u +%FT%TZ), load $(loadavg)" | tee -a "$OUT"
echo "results in $OUT (copy into docs/benchmarks/check.md)"
