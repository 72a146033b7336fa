#!/usr/bin/env bash
# Kernel-side costs of io.vigil.sys against baselines measured in the same run (iproute2, keepalived 2.2.7):
# VIP add+delete via rtnetlink, GARP burst on the wire, advert send/one-way latency, netlink event latency.
# Needs root (network namespaces), keepalived and tcpdump. Usage: bench/sys-kernel.sh [PAIRS=2000]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
BUILD="${VIGIL_BUILD_DIR:-target}"
mvn -B -q -o test-compile -Dvigil.buildDir="$PWD/$BUILD"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$PWD/$BUILD/bench-cp.txt" -Dmdep.includeScope=test -Dvigil.buildDir="$PWD/$BUILD" >/dev/null
CP="$BUILD/classes:$BUILD/test-classes:$(cat "$BUILD/bench-cp.txt")"
OUT="$BUILD/sys-kernel.md"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Duser.name=root -cp "$CP" io.vigil.sys.bench.SysBench "${1:-2000}" 2>&1 \
  | grep -v -E '^[0-9:. ]+\[|^SLF4J' | tee "$OUT"
echo "results in $OUT (copy into docs/benchmarks/sys.md)"
