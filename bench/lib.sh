# Shared by the bench/*.sh scripts (source it after `cd` to the repository's top): the JDK, the build directory,
# the test class path, the header line every result file starts with, and CPU ticks from /proc.
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
BUILD="${VIGIL_BUILD_DIR:-target}"
JAVA="$JAVA_HOME/bin/java"
HZ=$(getconf CLK_TCK)

# need COMMAND MESSAGE: stop with MESSAGE when COMMAND is not installed.
need() { command -v "$1" >/dev/null || { echo "$2" >&2; exit 1; }; }

# Compiles main and test classes into $BUILD and sets CP to the absolute test class path (classes, test classes, jars).
bench_classpath() {
  mvn -B -q -o test-compile -Dvigil.buildDir="$PWD/$BUILD"
  mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$PWD/$BUILD/bench-cp.txt" -Dmdep.includeScope=test \
      -Dvigil.buildDir="$PWD/$BUILD" >/dev/null
  CP="$PWD/$BUILD/classes:$PWD/$BUILD/test-classes:$(cat "$PWD/$BUILD/bench-cp.txt")"
}

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# bench_header TEXT: the first line of a result: time, cores, load average (1/5/15 min), and that the machine is shared.
bench_header() { echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(loadavg) (shared machine)${1:+; $1}"; }

# proc_ticks PID...: utime + stime of these processes, in clock ticks ($HZ a second); a PID that is gone counts 0.
proc_ticks() {
  local sum=0 pid t
  for pid in "$@"; do
    t=$(awk '{ sub(/^.*\) /, ""); print $12 + $13 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    sum=$((sum + ${t:-0}))
  done
  echo "$sum"
}

# wait_for_line FILE PATTERN [TENTHS=300]: wait until FILE has a line matching PATTERN (grep -E); 1 if it never did.
wait_for_line() {
  local i
  for i in $(seq 1 "${3:-300}"); do grep -qE "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done
  return 1
}
