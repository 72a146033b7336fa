#!/usr/bin/env bash
# Vigil's checkers and keepalived 2.2.7's side by side, inside a user-mode-linux guest (keepalived's checkers need
# IPVS, which this kernel lacks): same config, same real servers; detection and recovery times of TCP_CHECK and
# HTTP_GET. The guest has one slow CPU: compare the two, not the absolute figures.
# Usage: bench/check-vs-keepalived.sh [ROUNDS=5]
set -euo pipefail
cd "$(dirname "$0")/.."
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
ROUNDS="${1:-5}"
BUILD="${VIGIL_BUILD_DIR:-target}"
command -v keepalived >/dev/null || { echo "keepalived is not installed (apt-get install -y keepalived)"; exit 1; }
[ -x /usr/bin/linux.uml ] || { echo "user-mode-linux is not installed (apt-get install -y user-mode-linux)"; exit 1; }
mvn -B -q -o test-compile -Dvigil.buildDir="$PWD/$BUILD"
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile="$PWD/$BUILD/bench-cp.txt" -Dmdep.includeScope=test -Dvigil.buildDir="$PWD/$BUILD" >/dev/null
CP="$PWD/$BUILD/classes:$PWD/$BUILD/test-classes:$(cat "$BUILD/bench-cp.txt")"
OUT="$BUILD/check-vs-keepalived.out"
bin/uml-run --timeout $((60 + ROUNDS * 40)) -- "$JAVA_HOME/bin/java" -XX:UseAVX=0 -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -cp "$CP" io.vigil.check.bench.KeepalivedSideBySide "$ROUNDS" 2>&1 | grep -v -E 'INFO  Check' | tee "$OUT"
python3 - "$OUT" <<'PY'
import re, statistics, sys
rows = [dict(re.findall(r'(\w+)=(-?\d+)', l)) | {'kind': l.split()[1]} for l in open(sys.argv[1]) if l.startswith('SIDE ') and 'round=' in l]
for kind in ('TCP_CHECK', 'HTTP_GET'):
    r = [x for x in rows if x['kind'] == kind]
    if not r: continue
    def med(k): return statistics.median(int(x[k]) for x in r)
    print(f"{kind}: rounds={len(r)} median detect keepalived={med('keepalived_detect_ms'):.0f} ms vigil={med('vigil_detect_ms'):.0f} ms; "
          f"median recover keepalived={med('keepalived_recover_ms'):.0f} ms vigil={med('vigil_recover_ms'):.0f} ms")
PY
