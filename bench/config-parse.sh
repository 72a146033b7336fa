#!/usr/bin/env bash
# Benchmark: parse + validate a generated keepalived.conf with 10,000 virtual servers x 10 real servers.
#
# Runs io.vigil.config.ConfigParseStages (a main in src/test) in fresh JVMs, for the current reader ("after") and,
# in the same run, the reader of a base commit ("before", default: BASE=4c865f5, the commit the performance work
# started from), interleaved so both see the same machine load. Each JVM reads the file RUNS times (run 1 = cold JVM)
# and prints wall, parsing-thread CPU and process CPU (GC + JIT threads included) per run, then the heap
# the LoadResult holds. Extra JVM flags sets can be compared with FLAGS (';'-separated), e.g.
#   FLAGS='-XX:+UseSerialGC;-XX:TieredStopAtLevel=1' bench/config-parse.sh
# The older surefire form (the @Tag("bench") test ConfigParseBench) still works: bench/config-parse.sh --surefire
# Results go into docs/benchmarks/config.md by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
"$JAVA_HOME/bin/java" -version 2>&1 | grep -q 'version "25' || export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
BUILD="${VIGIL_BUILD_DIR:-target}"
if [ "${1:-}" = --surefire ]; then
    mvn -B -q -o test -Dsurefire.excludedGroups= -Dgroups=bench -Dtest=ConfigParseBench \
        -Dsurefire.failIfNoSpecifiedTests=false -DargLine="--enable-native-access=ALL-UNNAMED ${2:-}" -Dvigil.buildDir="$BUILD"
    grep -h RESULT "$BUILD"/surefire-reports/io.vigil.config.ConfigParseBench-output.txt
    exit 0
fi
BASE="${BASE:-4c865f5}"
RUNS="${RUNS:-5}"
REPEAT="${REPEAT:-3}"
mvn -B -q -o test-compile -Dvigil.buildDir="$BUILD"
mvn -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$BUILD/bench-deps.cp" >/dev/null
base_dir="$BUILD/bench-base-$BASE"
if [ ! -d "$base_dir/classes" ]; then
    rm -rf "$base_dir" && mkdir -p "$base_dir/src" "$base_dir/classes"
    git archive "$BASE" src/main/java | tar -x -C "$base_dir/src"
    "$JAVA_HOME/bin/javac" -nowarn -d "$base_dir/classes" -cp "$(cat "$BUILD/bench-deps.cp")" \
        $(find "$base_dir/src/src/main/java" -name "*.java") >/dev/null 2>&1
fi
cp_after="$PWD/$BUILD/classes:$PWD/$BUILD/test-classes:$(cat "$BUILD/bench-deps.cp")"
cp_before="$PWD/$base_dir/classes:$PWD/$BUILD/test-classes:$(cat "$BUILD/bench-deps.cp")"
IFS=';' read -r -a flagsets <<< "${FLAGS:-}"
[ ${#flagsets[@]} -eq 0 ] && flagsets=("")
echo "# $(date -u +%FT%TZ) load: $(cut -d' ' -f1-3 /proc/loadavg) base=$BASE runs/JVM=$RUNS repeats=$REPEAT"
for i in $(seq "$REPEAT"); do
    for flags in "${flagsets[@]}"; do
        for which in before after; do
            cp=$cp_before; [ "$which" = after ] && cp=$cp_after
            echo "## $which flags=[${flags}] repeat=$i"
            # shellcheck disable=SC2086
            "$JAVA_HOME/bin/java" $flags -cp "$cp" io.vigil.config.ConfigParseStages "$RUNS" | sed "s/^STAGES/$which/"
        done
    done
done
