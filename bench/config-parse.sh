#!/usr/bin/env bash
# Benchmark: parse + validate a generated keepalived.conf with 10,000 virtual servers x 10 real servers.
# Prints the first (cold JVM) and best of 5 parse times and the heap held after parsing.
# Usage: bench/config-parse.sh [-Xmx...]   (results go into docs/benchmarks/config.md by hand)
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25' || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
mvn -B -q -o test -Dsurefire.excludedGroups= -Dgroups=bench -Dtest=ConfigParseBench \
    -Dsurefire.failIfNoSpecifiedTests=false -DargLine="--enable-native-access=ALL-UNNAMED ${1:-}" \
    -Dvigil.buildDir="${VIGIL_BUILD_DIR:-target}"
grep -h RESULT "${VIGIL_BUILD_DIR:-target}"/surefire-reports/io.vigil.config.ConfigParseBench-output.txt
