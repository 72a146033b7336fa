#!/usr/bin/env bash
# Footprint of Vigil beside keepalived 2.2.7 on the seed's configuration: resident memory of every process and the
# time from launch to the first VRRP advert on the wire, in a namespace lab built here (198.18.9.0/24).
# Vigil runs with the JVM options given in VIGIL_JAVA_OPTS variants below; keepalived runs VRRP only (-P: its
# checkers cannot start on a kernel without IPVS), and Vigil is measured both -P and whole.
# Then the CLI against the running whole daemon: `vigil -v`, `status`, `status --json`, `events` (to its first
# line), `-t` on the bundled example, each timed from the shell, beside keepalived's -v and -t.
# VIGIL_BASELINE=DIR (a built checkout of an earlier version, with its bin/vigil and bin/aot-train) adds its rows to
# the same run: its caches made by its own aot-train, its CLI timed against the same daemon.
# FOOTPRINT_ALL=1 adds the JVM-defaults variants (docs/benchmarks/footprint.md's steps).
# Usage: bench/footprint.sh [runs] [cli-calls]   (root)   Results: docs/benchmarks/footprint.md
set -euo pipefail
top="$(cd "$(dirname "$0")/.." && pwd)"
cd "$top"
runs="${1:-3}"
calls="${2:-7}"
base="${VIGIL_BASELINE:-}"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
[ -f target/vigil.jar ] || MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B -q -ntp -DskipTests package
P=vgfp
work=$(mktemp -d /tmp/vigil-footprint.XXXXXX)
cleanup() {
  for ns in $P-a $P-b; do
    for p in $(ip netns pids $ns 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del $ns 2>/dev/null || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
cleanup; work=$(mktemp -d /tmp/vigil-footprint.XXXXXX)
ip netns add $P-a; ip netns add $P-b
ip link add $P-ah netns $P-a type veth peer name $P-bh netns $P-b
ip -n $P-a link set lo up; ip -n $P-b link set lo up
ip -n $P-a link set $P-ah name eth0; ip -n $P-b link set $P-bh name eth0
ip -n $P-a addr add 198.18.9.1/24 dev eth0; ip -n $P-b addr add 198.18.9.2/24 dev eth0
ip -n $P-a link set eth0 up; ip -n $P-b link set eth0 up
# keepalived's VRRP process exits at start where it would need IPVS for lvs_sync_daemon_interface: both daemons
# get the seed's configuration without it.
sed -e 's/198\.18\.1\./198.18.9./g' -e 's/mcast_src_ip 198.18.9.101/mcast_src_ip 198.18.9.1/' -e '/lvs_sync_daemon_interface/d' \
  examples/seed-lab.conf > "$work/seed.conf"

rss_kb() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# Proportional set size: pages shared between the JVMs (libjvm, the CDS/AOT archive) counted once over the tree.
pss_kb() { awk '/^Pss:/ {print $2}' "/proc/$1/smaps_rollup" 2>/dev/null || echo 0; }
# PSS of the class archives a process maps (the AOT cache, the JDK's CDS archive), in kB.
archive_pss_kb() { awk '/^[0-9a-f]+-/ {f = ($NF ~ /\.(aot|jsa)$/)} f && /^Pss:/ {s += $2} END {print s + 0}' "/proc/$1/smaps" 2>/dev/null || echo 0; }
# Sum of the RSS and PSS of a process and all its descendants, in kB, the archives' PSS, and the list "name:RSS/PSS".
tree_rss() {
  local root=$1 total=0 pss=0 arch=0 list=""
  parts=""
  for p in $root $(pgrep -P "$root" 2>/dev/null) $(for c in $(pgrep -P "$root" 2>/dev/null); do pgrep -P "$c"; done); do
    r=$(rss_kb "$p"); q=$(pss_kb "$p"); total=$((total + r)); pss=$((pss + q)); arch=$((arch + $(archive_pss_kb "$p")))
    list+="$(cat /proc/$p/comm 2>/dev/null || echo gone):${r}/${q} "
    parts+="$(cat /proc/$p/comm 2>/dev/null || echo gone):$(pss_parts "$p") "
  done
  echo "$total $pss $arch $list"
}
# Where a process's PSS goes, in MB: anonymous (heap, metaspace, code cache, malloc, stacks, the archives' written
# pages) / file-backed (libjvm, the jars, the archives' clean pages) / of which class archives.
pss_parts() {
  awk '/^Pss_Anon:/ {a = $2} /^Pss_File:/ {f = $2} END {printf "%.1f/%.1f", a / 1024, f / 1024}' "/proc/$1/smaps_rollup" 2>/dev/null
  printf "/%.1f" "$(awk -v k="$(archive_pss_kb "$1")" 'BEGIN {print k / 1024}')"
}
# Launches "$@" in $P-a; sets LAUNCHED (its pid) and MS (launch -> first VRRP packet seen in $P-b, in ms).
launch_and_time() {
  local cap="$work/cap.txt"
  ip netns exec $P-b timeout 30 tcpdump -i eth0 -n -c 1 --immediate-mode -tt 'ip proto 112' > "$cap" 2>/dev/null &
  local tpid=$!
  sleep 0.5
  local t0; t0=$(date +%s.%N)
  ip netns exec $P-a "$@" > "$work/run.log" 2>&1 &
  LAUNCHED=$!
  wait $tpid || true
  local t1; t1=$(awk 'NR==1 {print $1}' "$cap")
  if [ -n "$t1" ]; then MS=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.0f", (b-a)*1000}'); else MS="n/a"; fi
}
stop_all() {
  for p in $(ip netns pids $P-a); do kill -TERM "$p" 2>/dev/null || true; done; sleep 1
  for p in $(ip netns pids $P-a); do kill -KILL "$p" 2>/dev/null || true; done; sleep 0.5
  rm -f "$work"/*.pid # a daemon killed by SIGKILL leaves its pid file, and the next run would see it "already running"
  ip -n $P-a addr flush dev eth0 2>/dev/null; ip -n $P-a addr add 198.18.9.1/24 dev eth0
}
# The instance must become MASTER quickly for "first advert": priority 255 makes it the owner... but the seed's VIP
# differs from its address, so use state MASTER priority 100 against no peer: the first advert comes after the
# master-down timer (3.6 s) for both daemons alike; we report launch->first advert minus nothing (same timer).
results=()
measure() { # label, command...
  local label=$1; shift
  for i in $(seq 1 "$runs"); do
    launch_and_time "$@"
    ms=$MS
    sleep 4
    tree_rss "$LAUNCHED" > "$work/tree" # (not in a subshell: it sets $parts too)
    read -r total pss arch list < "$work/tree"
    [ "$ms" = n/a ] && { echo "footprint: $label sent no advert; its log:" >&2; tail -n 20 "$work/run.log" >&2; }
    local excess=n/a; [ "$ms" = n/a ] || excess=$((ms - 3610))
    results+=("| $label | $i | $(cut -d' ' -f1 /proc/loadavg) | $ms | $excess | $((total / 1024)) | $((pss / 1024)) | $((arch / 1024)) | $list | $parts |")
    echo "${results[-1]}" >&2
    [ -z "${AFTER_RUN:-}" ] || "$AFTER_RUN"
    stop_all
  done
}
pidargs() { echo "-p $work/$1.pid -r $work/$1-v.pid -c $work/$1-c.pid"; }
measure "keepalived 2.2.7 -P" keepalived -n -l -D -G -P -f "$work/seed.conf" -i lb1 $(pidargs k)
# The variants, from the JVM's defaults to bin/vigil's defaults with the AOT cache of a training run (bin/aot-train).
first="-XX:+UseSerialGC -XX:+UseCompactObjectHeaders -Xss256k -XX:TieredStopAtLevel=1 -Xmx48m -XX:MaxMetaspaceSize=48m -XX:ReservedCodeCacheSize=16m"
aot="$work/aot/vigil.aot"
"$top/bin/aot-train" "$aot" >&2
aotl="$work/aot-linked/vigil.aot" # the same class list, classes linked ahead of time (-XX:+AOTClassLinking)
VIGIL_AOT_LINKING=on "$top/bin/aot-train" --dump "${aot%.aot}.classlist" "$aotl" >&2
if [ -n "$base" ]; then
  baot="$work/base-aot/vigil.aot"
  "$base/bin/aot-train" "$baot" "$base/bin/vigil" >&2
  measure "baseline -P + its AOT caches" env VIGIL_AOT_CACHE="$baot" "$base/bin/vigil" -n -l -G -P -f "$work/seed.conf" -i lb1 $(pidargs b1)
  measure "baseline whole + its AOT caches" env VIGIL_AOT_CACHE="$baot" "$base/bin/vigil" -n -l -G -f "$work/seed.conf" -i lb1 $(pidargs b2)
fi
if [ -n "${FOOTPRINT_ALL:-}" ]; then
  measure "Vigil -P, JVM defaults" env VIGIL_JAVA_OPTS= VIGIL_AOT=off MALLOC_ARENA_MAX=16 "$top/bin/vigil" -n -l -G -P -f "$work/seed.conf" -i lb1 $(pidargs v1)
  measure "Vigil -P, first small JVM" env VIGIL_JAVA_OPTS="$first" VIGIL_AOT=off MALLOC_ARENA_MAX=16 "$top/bin/vigil" -n -l -G -P -f "$work/seed.conf" -i lb1 $(pidargs v2)
fi
measure "Vigil -P, bin/vigil defaults, no AOT" env VIGIL_AOT=off "$top/bin/vigil" -n -l -G -P -f "$work/seed.conf" -i lb1 $(pidargs v3)
measure "Vigil -P, bin/vigil defaults + shared AOT" env VIGIL_AOT_CACHE="$aot" "$top/bin/vigil" -n -l -G -P -f "$work/seed.conf" -i lb1 $(pidargs v4)
measure "Vigil whole, bin/vigil defaults, no AOT" env VIGIL_AOT=off "$top/bin/vigil" -n -l -G -f "$work/seed.conf" -i lb1 $(pidargs v5)
measure "Vigil whole, shared AOT, classes linked" env VIGIL_AOT_CACHE="$aotl" "$top/bin/vigil" -n -l -G -f "$work/seed.conf" -i lb1 $(pidargs v7)

# The CLI, timed from the shell against the whole daemon of the last run (before it is stopped).
cli=()
elapsed_ms() { local t0; t0=$(date +%s%N); "$@" > /dev/null 2>&1 || true; echo $((($(date +%s%N) - t0) / 1000000)); }
first_line_ms() { # the time until a streaming command prints its first line
  local t0 line; t0=$(date +%s%N)
  coproc EV { exec "$@" 2>&1; }
  read -r line <&"${EV[0]}" || true
  echo $((($(date +%s%N) - t0) / 1000000))
  kill -TERM "$EV_PID" 2>/dev/null || true; wait "$EV_PID" 2>/dev/null || true
}
stats() { sort -n | awk '{a[NR] = $1} END {printf "%d | %d | %d", a[int((NR + 1) / 2)], a[1], a[NR]}'; }
time_cli() { # label, timing function, command...
  local label=$1 how=$2 i; shift 2
  for i in $(seq 1 "$calls"); do "$how" "$@"; done > "$work/times"
  cli+=("| $label | $(cut -d' ' -f1 /proc/loadavg) | $(stats < "$work/times") | $(tr '\n' ' ' < "$work/times")|")
  echo "${cli[-1]}" >&2
}
example="$top/examples/seed-lab.conf"
cli_set() { # tag, launcher command...
  local tag=$1 pid="$work/v6.pid"; shift
  time_cli "$tag -v" elapsed_ms "$@" -v
  time_cli "$tag status" elapsed_ms "$@" status -p "$pid"
  time_cli "$tag status --json" elapsed_ms "$@" status --json -p "$pid"
  time_cli "$tag events (first line)" first_line_ms "$@" events -p "$pid"
  time_cli "$tag -t (example)" elapsed_ms "$@" -t -f "$example" -i lb1
}
cli_calls() {
  [ "$i" = "$runs" ] || return 0 # after the last run only (i: measure's run number)
  time_cli "keepalived -v" elapsed_ms keepalived -v
  time_cli "keepalived -t (example)" elapsed_ms keepalived -t -f "$example" -i lb1
  # the floor: a JVM that only starts and stops, with the launcher's flags and the JDK's own archive
  time_cli "java -version (JVM floor)" elapsed_ms "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:+UseCompactObjectHeaders -XX:TieredStopAtLevel=1 -version
  cli_set Vigil env VIGIL_AOT_CACHE="$aot" "$top/bin/vigil"
  cli_set "Vigil (classes linked)" env VIGIL_AOT_CACHE="$aotl" "$top/bin/vigil"
  [ -z "$base" ] || cli_set baseline env VIGIL_AOT_CACHE="$baot" "$base/bin/vigil"
  "$top/bin/vigil" status -p "$work/v6.pid" > "$work/status.txt" 2>&1 || true
}
AFTER_RUN=cli_calls measure "Vigil whole, bin/vigil defaults + shared AOT" env VIGIL_AOT_CACHE="$aot" "$top/bin/vigil" -n -l -G -f "$work/seed.conf" -i lb1 $(pidargs v6)
grep -q VI_1 "$work/status.txt" || { echo "footprint: vigil status did not answer; it said:" >&2; cat "$work/status.txt" >&2; }

out=docs/benchmarks/footprint.md
# Only the part between the run markers is rewritten: the analysis around it is written by hand.
run="$work/run.md"
{
  echo "<!-- run: written by bench/footprint.sh -->"
  echo "\`bench/footprint.sh $runs\` on $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load at the end $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "(the load column is the 1-minute load when each run was measured: other engineers share the machine)."
  echo "The seed's configuration (examples/seed-lab.conf, -i lb1) on a veth pair in namespaces. First advert: from"
  echo "launch to the first VRRP packet seen by tcpdump on the peer; both daemons start in BACKUP and send their first"
  echo "advert when the master-down timer (3 x 1 s + skew 0.61 s = 3.61 s) expires, so the start-up cost is the"
  echo "excess over 3,610 ms. RSS and PSS: the whole process tree 4 s after the first advert (RSS/PSS in kB per process;"
  echo "class archives: the PSS of the mapped AOT cache and CDS archives). Baseline rows: VIGIL_BASELINE=${base:-(none)}."
  echo "First small JVM: \`$first\`. bin/vigil's defaults: see below. AOT: caches from a bin/aot-train run."
  echo
  echo "| daemon | run | load | launch → first advert (ms) | beyond master-down (ms) | RSS total (MB) | PSS total (MB) | of which class archives' PSS (MB) | RSS/PSS per process (kB) | PSS anon/file/archives per process (MB) |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${results[@]}"
  echo
  echo "The CLI from the shell (launcher script included), $calls calls each, against the whole daemon of the last run"
  echo "(after its last run); \`events\`: until its first line. keepalived has no status command."
  echo
  echo "| command | load | median (ms) | min | max | all (ms) |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${cli[@]}"
  echo "<!-- /run -->"
} > "$run"
if [ -f "$out" ] && grep -q '^<!-- run:' "$out"; then
  awk -v run="$run" '/^<!-- run:/ {while ((getline l < run) > 0) print l; skip=1; next} /^<!-- \/run -->/ {skip=0; next} !skip' "$out" > "$work/new.md"
  cp "$work/new.md" "$out"
else
  { echo "# Footprint: memory and start-up beside keepalived"; echo; cat "$run"; } > "$out"
fi
cat "$run"
