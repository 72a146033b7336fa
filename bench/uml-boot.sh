#!/usr/bin/env bash
# Measures what an IPVS guest test costs: a bare user-mode-linux boot+halt through bin/uml-run, the same with
# `java -version` inside, and with ipvsadm listing. Prints a Markdown table (median / min / max of N runs).
# The guest is single-CPU with slow system calls: these are test-cost figures, not IPVS performance.
#   bench/uml-boot.sh [RUNS]      (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
java=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
measure() { # label, command...
  local label=$1; shift
  local t=()
  for _ in $(seq 1 "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    bin/uml-run "$@" >/dev/null
    t1=$(date +%s%N)
    t+=($(( (t1 - t0) / 1000000 )))
  done
  local sorted
  sorted=$(printf '%s\n' "${t[@]}" | sort -n)
  local min max med
  min=$(echo "$sorted" | head -1); max=$(echo "$sorted" | tail -1)
  med=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
  printf '| %s | %d | %d | %d | %d |\n' "$label" "$runs" "$med" "$min" "$max"
}
echo "Load average before: $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) CPUs"
echo
echo "| guest call (bin/uml-run) | runs | median ms | min ms | max ms |"
echo "|---|---|---|---|---|"
measure "boot, \`true\`, halt" true
measure "boot, \`ipvsadm -Ln\`, halt" ipvsadm -Ln
measure "boot, \`java -XX:UseAVX=0 -version\`, halt" "$java" -XX:UseAVX=0 -version
echo
echo "Load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
