#!/usr/bin/env bash
# Writes docs/benchmarks.md from the per-area result files in docs/benchmarks/*.md (each written by its bench/
# script), so every figure lives next to the script that measured it and the index never goes stale.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmarks.md
{
  echo "# Vigil benchmarks"
  echo
  echo "Every figure is from a bench/ script run on this project's 2-core VM, with the baseline (keepalived 2.2.7,"
  echo "HAProxy, nginx, a direct connection, iproute2) measured in the same run; ratios are Vigil / baseline."
  echo "Each section names its script and date. Regenerate this file with \`bench/collect-benchmarks.sh\`."
  echo
  for f in docs/benchmarks/*.md; do
    echo "- [$(head -1 "$f" | sed 's/^#* *//')](${f#docs/})"
  done
  echo
  for f in docs/benchmarks/*.md; do
    echo
    sed 's/^# /## /' "$f"
  done
} > "$out"
echo "wrote $out"
