#!/usr/bin/env bash
# Vigil's checkers and keepalived 2.2.7's side by side, inside a user-mode-linux guest (keepalived's checkers need
# IPVS, which this kernel lacks): keepalived and the whole Vigil daemon (-C, IPVS data plane), same configuration
# but for the virtual address, same real servers; both observed the same way (their IPVS services read from
# /proc/net/ip_vs every 2 ms, and their log lines timestamped on arrival). The guest has one slow CPU: compare the
# two, not the absolute figures. See io.vigil.check.bench.KeepalivedSideBySide.
# Usage: flock /tmp/vigil-bench.lock bench/check-vs-keepalived.sh [ROUNDS=10]            detection and recovery
#        flock /tmp/vigil-bench.lock bench/check-vs-keepalived.sh cpu tcp|http COUNT [SECONDS=20] [strace]   CPU per check
#            (strace: then system calls per check, strace -c -f for 10 s after pass 1's CPU window)
#        flock /tmp/vigil-bench.lock bench/check-vs-keepalived.sh program COUNT     start-up: config to IPVS, memory
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
need keepalived "keepalived is not installed (apt-get install -y keepalived)"
[ -x /usr/bin/linux.uml ] || { echo "user-mode-linux is not installed (apt-get install -y user-mode-linux)"; exit 1; }
bench_classpath
if [ "${1:-}" = cpu ]; then
  KIND="$2"; COUNT="$3"; SECS="${4:-20}"
  ARGS=(cpu "$KIND" "$COUNT" "$SECS" ${5:+"$5"}); OUT="$BUILD/check-vs-keepalived-cpu-$KIND.out"; TIMEOUT=$((300 + 4 * (SECS + 60) + COUNT / 10))
elif [ "${1:-}" = program ]; then
  ARGS=(program "$2"); OUT="$BUILD/check-vs-keepalived-program-$2.out"; TIMEOUT=$((600 + $2 / 20))
else
  ROUNDS="${1:-10}"
  ARGS=(detect "$ROUNDS"); OUT="$BUILD/check-vs-keepalived.out"; TIMEOUT=$((240 + ROUNDS * 40))
fi
echo "== $(date -u +%FT%TZ) $(nproc) cores, load $(loadavg) (shared machine): ${ARGS[*]}" | tee "$OUT"
bin/uml-run --mem 1024M --timeout "$TIMEOUT" -- "$JAVA_HOME/bin/java" -XX:UseAVX=0 -XX:TieredStopAtLevel=1 --enable-native-access=ALL-UNNAMED \
    -cp "$CP" io.vigil.check.bench.KeepalivedSideBySide "${ARGS[@]}" 2>&1 | grep -v -E 'INFO  Check' | tee -a "$OUT"
echo "== end $(date -u +%FT%TZ), load $(loadavg)" | tee -a "$OUT"
python3 - "$OUT" <<'PY'
import math, re, statistics, sys
lines = open(sys.argv[1]).read().splitlines()
rows = [dict(re.findall(r'(\w+)=(-?[\d.]+)', l)) | {'kind': l.split()[1]} for l in lines if l.startswith('SIDE ') and 'round=' in l]
def p95(v):
    v = sorted(v); return v[max(0, math.ceil(0.95 * len(v)) - 1)]
for kind in ('TCP_CHECK', 'HTTP_GET', 'MISC_CHECK'):
    r = [x for x in rows if x['kind'] == kind]
    if not r: continue
    print(f"{kind}: {len(r)} rounds")
    for what in ('detect', 'recover', 'log_detect', 'log_recover'):
        cells = []
        for who in ('keepalived', 'vigil'):
            v = [int(x[f'{who}_{what}_ms']) for x in r if int(x[f'{who}_{what}_ms']) >= 0]
            miss = len(r) - len(v)
            cells.append(f"{who} median {statistics.median(v):.0f} p95 {p95(v)} min {min(v)} max {max(v)} ms" + (f" ({miss} missing)" if miss else "") if v else f"{who} none")
        print(f"  {what:12s} " + "; ".join(cells))
for l in lines:
    if l.startswith(("SIDEPROG ", "PLANE ", "SIDETHREAD ", "SIDESTRACE ", "SIDEREMOVED ")): print('  ' + l)
cpu = [dict(re.findall(r'(\w+)=([\w.]+)', l)) for l in lines if l.startswith('SIDECPU ')]
for x in cpu:
    print(f"  cpu {x['kind']} x{x['count']} pass {x['pass']} {x['daemon']:10s}: {float(x['checks_per_s']):8.1f} checks/s, {float(x['cores']):.3f} cores, "
          f"{float(x['us_per_check']):7.1f} us/check, {x['processes']} processes, programmed in {x['programmed_ms']} ms")
PY
