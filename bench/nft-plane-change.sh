#!/usr/bin/env bash
# One real-server change on the nftables data plane at SERVERS real servers (100 per virtual service), in a network
# namespace of its own: the whole table read back and rewritten (reconcile(desired): start-up and reload's path, and
# every verdict's before NftDelta) against the in-place batch a checker verdict now sends (reconcile(desired, {service})),
# same run, same changes. See io.vigil.lb.bench.DataPlaneScale.
# Usage: flock /tmp/vigil-bench.lock bench/nft-plane-change.sh [SERVERS=200] [CHANGES=20]
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/lib.sh
need nft "nftables is not installed (apt-get install -y nftables)"
SERVERS="${1:-200}"; CHANGES="${2:-20}"
bench_classpath
OUT="$BUILD/nft-plane-change-$SERVERS.out"
ns="vigil-nftchg-$$"
ip netns add "$ns"
trap 'ip netns del "$ns" 2>/dev/null || true' EXIT
bench_header "nftables plane, $SERVERS real servers, $CHANGES changes each way" | tee "$OUT"
"$JAVA" -Xmx512m --enable-native-access=ALL-UNNAMED -cp "$CP" io.vigil.lb.bench.DataPlaneScale nft "$SERVERS" 100 "$CHANGES" "$ns" 2>&1 \
    | grep -E '^PLANE|Exception' | tee -a "$OUT"
echo "== end $(date -u +%FT%TZ), load $(loadavg)" | tee -a "$OUT"
