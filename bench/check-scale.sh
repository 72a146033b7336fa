#!/usr/bin/env bash
# Checker scale benchmark: N real servers (listeners on 127.1.x.y, in their own JVM) checked by Vigil's checkers
# (another JVM): checks/s achieved vs planned, CPU (cores), heap after GC, RSS; detection latency kill -> weight 0.
# Usage: bench/check-scale.sh [TCP_COUNT=10000] [HTTP_COUNT=1000] [MEASURE_SECONDS=20] [KILLS=20]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
TCP_COUNT="${1:-10000}"; HTTP_COUNT="${2:-1000}"; MEASURE="${3:-20}"; KILLS="${4:-20}"
BUILD="${VIGIL_BUILD_DIR:-target}"
mvn -B -q -o test-compile -Dvigil.buildDir="$PWD/$BUILD"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$PWD/$BUILD/bench-cp.txt" -Dmdep.includeScope=test -Dvigil.buildDir="$PWD/$BUILD" >/dev/null
CP="$BUILD/classes:$BUILD/test-classes:$(cat "$BUILD/bench-cp.txt")"
JAVA="$JAVA_HOME/bin/java"
ulimit -n 65536 2>/dev/null || true
OUT="$BUILD/check-scale.out"; : > "$OUT"

run() { # kind count port control
  local kind=$1 count=$2 port=$3 ctl=$4 srvpid
  "$JAVA" -Xmx512m -cp "$CP" io.vigil.check.bench.CheckBenchServer "$count" "$port" "$kind" "$ctl" > "$BUILD/bench-server-$kind.log" 2>&1 &
  srvpid=$!
  for _ in $(seq 1 300); do grep -q READY "$BUILD/bench-server-$kind.log" 2>/dev/null && break; sleep 0.1; done
  "$JAVA" ${CHECK_JAVA_OPTS:-} -Xmx1g --enable-native-access=ALL-UNNAMED -cp "$CP" io.vigil.check.bench.CheckBench \
      "$count" "$port" "$kind" "$ctl" 1000 "$MEASURE" "$KILLS" 1000 2>&1 | grep -v -E '^[0-9:. ]+\[|^SLF4J' | tee -a "$OUT"
  kill "$srvpid" 2>/dev/null || true; wait "$srvpid" 2>/dev/null || true
}
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT"
[ "$TCP_COUNT" -gt 0 ] && run tcp "$TCP_COUNT" 18080 18999
[ "$HTTP_COUNT" -gt 0 ] && run http "$HTTP_COUNT" 18081 18998
echo "results in $OUT (copy into docs/benchmarks/check.md)"
