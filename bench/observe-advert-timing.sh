#!/usr/bin/env bash
# Benchmark (issue #11): the MASTER's advert gaps while its HTTP endpoint is scraped SCRAPES times a second (default 10)
# and DASHBOARDS (default 50) dashboards hold the event stream, against the same daemon without that load, in one run
# (io.vigil.api.bench.AdvertTimingBench, a main in src/test; namespaces: needs root). Results go into
# docs/benchmarks/observe.md by hand. Hold the lock: flock /tmp/vigil-bench.lock bench/observe-advert-timing.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ "$(id -u)" = 0 ] || { echo "observe-advert-timing: needs root (network namespaces)"; exit 1; }
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench-deps.cp >/dev/null
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
"$JAVA_HOME/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED -DphaseSeconds="${PHASE_SECONDS:-60}" \
    -DscrapesPerSecond="${SCRAPES:-10}" -Ddashboards="${DASHBOARDS:-50}" \
    -cp "target/test-classes:target/classes:$(cat target/bench-deps.cp)" io.vigil.api.bench.AdvertTimingBench
