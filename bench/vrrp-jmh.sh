#!/usr/bin/env bash
# JMH micro-benchmarks of the VRRP core (codec, validation, state machine step). Prints JMH's table.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -q -o test-compile -Dvigil.buildDir="${BUILD_DIR:-target}"
# (to a file: with -q Maven still prints colour codes on stdout)
cpfile=$(mktemp); trap 'rm -f "$cpfile"' EXIT
mvn -B -q -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cpfile" >/dev/null
cp=$(cat "$cpfile")
"$JAVA_HOME/bin/java" -cp "${BUILD_DIR:-target}/test-classes:${BUILD_DIR:-target}/classes:$cp" org.openjdk.jmh.Main 'io.vigil.vrrp.bench.VrrpCodecBench' "$@"
