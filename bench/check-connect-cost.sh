#!/usr/bin/env bash
# CPU and system calls per TCP_CHECK connect, three ways (io.vigil.check.bench.ConnectCost): native epoll through
# io.vigil.sys (TcpCheckLoop's way), a java.nio Selector, and a blocking connect on a virtual thread per check (the
# old TcpProbe way); the listener's CPU is not counted. Then each way once more under strace -c for the calls.
# Usage: flock /tmp/vigil-bench.lock bench/check-connect-cost.sh [CONNECTS=20000] [WINDOW=32]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
N="${1:-20000}"; W="${2:-32}"
bench_classpath
OUT="$BUILD/check-connect-cost.out"
# the listener in its own JVM (CheckBenchServer: one accept-and-close listener on 127.1.0.1:18097), so neither its
# CPU nor its system calls are counted
"$JAVA" -Xmx128m -cp "$CP" io.vigil.check.bench.CheckBenchServer 1 18097 tcp 18096 > "$BUILD/connect-cost-server.log" 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true' EXIT
wait_for_line "$BUILD/connect-cost-server.log" READY 300 || { echo "the listener did not start"; exit 1; }
TO=127.1.0.1:18097
bench_header "$N connects, $W in flight, listener in another process" | tee "$OUT"
"$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" io.vigil.check.bench.ConnectCost "$N" "$W" 3 epoll,nio,vthread "$TO" | tee -a "$OUT"
if command -v strace >/dev/null; then
  for mode in epoll nio vthread; do
    # warm-up round + one measured round: 2 x N connects; the JVM's own start-up calls are in the totals too
    strace -f -c -o "$BUILD/strace-$mode.txt" -e trace=socket,connect,bind,setsockopt,getsockopt,fcntl,ioctl,epoll_ctl,epoll_wait,poll,close,futex,dup2,shutdown \
        "$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED -cp "$CP" io.vigil.check.bench.ConnectCost "$N" "$W" 1 "$mode" "$TO" > /dev/null
    # strace -c columns: % time, seconds, usecs/call, calls, [errors], syscall; futex left out (JVM start-up dominates it)
    awk -v mode="$mode" -v n=$((2 * N)) '$1 ~ /^[0-9.]+$/ && $NF != "total" && $NF != "futex" { calls[$NF] = $4; total += $4 }
      END { printf "SYSCALLS mode=%s per_connect_without_futex=%.2f", mode, total / n; for (c in calls) if (calls[c] / n >= 0.02) printf " %s=%.2f", c, calls[c] / n; print "" }' "$BUILD/strace-$mode.txt" | tee -a "$OUT"
  done
fi
echo "== end $(date -u +%FT%TZ), load $(loadavg)" | tee -a "$OUT"
