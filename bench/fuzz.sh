#!/usr/bin/env bash
# A coverage-guided fuzzing session (Jazzer, through its JUnit @FuzzTest) of one parser that sees outside input.
# Usage: flock /tmp/vigil-bench.lock bench/fuzz.sh TARGET MINUTES       bench/fuzz.sh list
# TARGET: one of the names below, or Class#method of any @FuzzTest. In `mvn test` the same targets run over their seed
# corpora only (src/test/resources/<package>/<Class>Inputs/<method>/). Here Jazzer fuzzes: what it finds (crash-*,
# timeout-*) it writes into that seed directory, where it becomes a regression input of `mvn test` (fix the bug,
# keep the file); the corpus it grows goes to .cifuzz-corpus/ (git-ignored, reused by the next session).
# Log: bench/out/fuzz-TARGET-<time>.log; the last lines say the executions, the coverage and the findings.
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

declare -A TARGETS=(
  [config]="io.vigil.config.ConfigFuzzTest#anyInputEndsInAModelOrADiagnostic"
  [vrrp]="io.vigil.vrrp.VrrpCodecFuzzTest#decodeNeverThrowsAndRoundTrips"
  [ipvs]="io.vigil.netlink.genl.IpvsCodecFuzzTest#kernelAnswersDecodeOrFailCleanly"
  [netlink]="io.vigil.netlink.NetlinkDecodersFuzzTest#kernelDatagramsDecodeOrFailWithNetlinkException"
  [http]="io.vigil.check.probe.CheckerResponsesFuzzTest#httpResponsesParseOrFailWithIOException"
  [smtp]="io.vigil.check.probe.CheckerResponsesFuzzTest#smtpRepliesPassOrFailWithIOException"
  [dns]="io.vigil.check.probe.CheckerResponsesFuzzTest#dnsAnswersGiveAVerdictOrFailWithIOException"
  [control]="io.vigil.daemon.ControlRequestFuzzTest#anyRequestGetsAnAnswerAndTheServerKeepsServing"
)
if [ "${1:-}" = list ] || [ $# -lt 2 ]; then
  for t in "${!TARGETS[@]}"; do echo "$t ${TARGETS[$t]}"; done | sort
  [ "${1:-}" = list ] && exit 0
  echo "usage: bench/fuzz.sh TARGET MINUTES" >&2; exit 2
fi
TARGET="$1"; MINUTES="$2"
TEST="${TARGETS[$TARGET]:-$TARGET}"
case "$TEST" in *#*) ;; *) echo "unknown target '$TARGET' (bench/fuzz.sh list)" >&2; exit 2 ;; esac
BUILD="${VIGIL_BUILD_DIR:-target-fuzz}"
mkdir -p bench/out
LOG="bench/out/fuzz-$TARGET-$(date -u +%Y%m%dT%H%M%SZ).log"
echo "== $(date -u +%FT%TZ) fuzz $TEST for $MINUTES min; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$LOG"
# jazzer.max_duration overrides @FuzzTest(maxDuration); the environment variable reaches the forked test JVM.
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${MINUTES}m" mvn -B -o test -Dvigil.buildDir="$PWD/$BUILD" -Dtest="$TEST" \
    -Djazzer.max_duration="${MINUTES}m" -Dsurefire.failIfNoSpecifiedTests=false >> "$LOG" 2>&1 && status=0 || status=$?
echo "== $(date -u +%FT%TZ) exit $status; load $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$LOG"
grep -E '^#[0-9]+[[:space:]]+(INITED|DONE)|^Done [0-9]+ runs|== Java Exception|crash-|timeout-|Tests run:.*Fail' "$LOG" | tail -8
exit "$status"
