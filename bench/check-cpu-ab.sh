#!/usr/bin/env bash
# CPU per TCP_CHECK on the host, this build against another one (BASE: a checkout of an earlier commit, built with
# `mvn -o test-compile`), alternating: 1,000 TCP_CHECK at delay_loop 1 s (CheckBench) against CheckBenchServer in
# its own JVM, with bin/vigil's C1/serial-GC JVM flags.
# Usage: BASE=/path/to/old/checkout flock /tmp/vigil-bench.lock bench/check-cpu-ab.sh [COUNT=1000] [SECONDS=15] [PAIRS=3]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
: "${BASE:?BASE=/path/to/a built checkout of the commit to compare with}"
COUNT="${1:-1000}"; SECS="${2:-15}"; PAIRS="${3:-3}"
bench_classpath
BASECP="$BASE/target/classes:$BASE/target/test-classes:$(cat "$PWD/$BUILD/bench-cp.txt")"
OUT="$BUILD/check-cpu-ab.out"
"$JAVA" -Xmx512m -cp "$CP" io.vigil.check.bench.CheckBenchServer "$COUNT" 18180 tcp 18199 > "$BUILD/ab-server.log" 2>&1 &
SRV=$!
trap 'kill $SRV 2>/dev/null || true' EXIT
wait_for_line "$BUILD/ab-server.log" READY 600 || { echo "the servers did not start: $(head -1 "$BUILD/ab-server.log")"; exit 1; }
bench_header "$COUNT TCP_CHECK, base $BASE vs this build" | tee "$OUT"
C1="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -Xms4m -Xmx64m -XX:ReservedCodeCacheSize=16m -Xss256k"
for i in $(seq "$PAIRS"); do
  for b in base this; do
    [ "$b" = base ] && cp="$BASECP" || cp="$CP"
    echo "AB build=$b load=$(cut -d' ' -f1 /proc/loadavg) $("$JAVA" $C1 --enable-native-access=ALL-UNNAMED -cp "$cp" io.vigil.check.bench.CheckBench \
        "$COUNT" 18180 tcp 18199 1000 "$SECS" 0 1000 2>&1 | grep '^RESULT kind' | grep -o 'achieved.*cpu_us_per_check=[0-9.]*')" | tee -a "$OUT"
  done
done
echo "== end $(date -u +%FT%TZ), load $(loadavg)" | tee -a "$OUT"
