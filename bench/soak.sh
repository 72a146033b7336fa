#!/usr/bin/env bash
# The soak (issue #12): three directors running the whole Vigil daemon, four nginx real servers, a client through both
# VIPs, and a seeded schedule of combined faults (children and parents SIGKILLed and SIGSTOPped, directors killed and
# restarted, link flaps, partitions, 30 % packet loss, priority changes and broken files by SIGHUP, 10,000/s hostile
# advert floods, real servers crashed and hung), with the invariants judged from the status documents, the directors'
# addresses, every client request and the processes' resources (io.vigil.lab.seed.SoakRun; docs/soak.md).
#   bench/soak.sh                       30 minutes of faults (the default)
#   bench/soak.sh --ci                  the CI mode: 2.5 minutes, seed 12, a fault every ~8 s (SoakLabTest runs the same)
#   bench/soak.sh --minutes 240         the long run (4 hours)
#   bench/soak.sh --seed S ...          replay a run's schedule (each run prints its seed and schedule first)
# Options after the mode go to SoakRun: --seed S, --gap-seconds G. Needs root, iproute2, nftables, nginx, python3.
# Writes target/soak-<UTC time>.md (the report) and exits 1 on a broken invariant. Hold the bench lock:
#   flock /tmp/vigil-bench.lock bench/soak.sh
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
args=()
if [ "${1:-}" = "--ci" ]; then
  shift
  args=(--minutes 2.5 --seed 12 --gap-seconds 8)
elif [ "${1:-}" != "--minutes" ]; then
  args=(--minutes 30)
fi
work=$(mktemp -d /tmp/vigil-soak-cp.XXXXXX)
trap 'rm -rf "$work"' EXIT
mvn -B -q -o test-compile >/dev/null
# (to a file: with -q Maven still prints colour codes on stdout)
mvn -B -q -o -Dstyle.color=never dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$work/cp.txt" >/dev/null
# A copy of the classes: a build during a long run must not change what the daemons restarted by the faults load.
cp -r target/classes target/test-classes "$work/"
out="target/soak-$(date -u +%Y%m%dT%H%M%SZ).md"
echo "soak: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); report -> $out"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$work/test-classes:$work/classes:$(cat "$work/cp.txt")" \
  io.vigil.lab.seed.SoakRun "${args[@]}" "$@" --out "$out"
