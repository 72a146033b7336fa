#!/usr/bin/env bash
# Benchmark: /metrics and /api/v1/status scrape latency and CPU with SERVERS real servers (default 1000) against
# the same endpoint with an empty picture (baseline), in one JVM (io.vigil.api.bench.ScrapeBench, a main in src/test).
# Hold the lock: flock /tmp/vigil-bench.lock bench/observe-scrape.sh   Results go into docs/benchmarks/observe.md by hand.
# VIGIL_BUILD_DIR=DIR NO_COMPILE=1 runs classes compiled earlier (a copy of target/), so waiting for the lock does not
# hold the working tree's target/ up.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
BUILD="${VIGIL_BUILD_DIR:-target}"
if [ -z "${NO_COMPILE:-}" ]; then
  mvn -B -q -o test-compile
  mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-deps.cp" >/dev/null
fi
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dservers="${SERVERS:-1000}" -Dscrapes="${SCRAPES:-300}" \
    -cp "$BUILD/test-classes:$BUILD/classes:$(cat "$BUILD/bench-deps.cp")" io.vigil.api.bench.ScrapeBench
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
