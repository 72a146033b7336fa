#!/usr/bin/env bash
# Writes docs/benchmarks.md: a short index of docs/benchmarks/*.md (each written by its bench/ script) with the
# headline of each (its "> Headline:" line) and a link, so the index never goes stale and never repeats the figures.
set -euo pipefail
cd "$(dirname "$0")/.."
out=docs/benchmarks.md
{
  echo "# Vigil benchmarks"
  echo
  echo "Every figure is from a bench/ script run on this project's 2-core VM, with the baseline (keepalived 2.2.7,"
  echo "HAProxy, nginx, a direct connection, iproute2) measured in the same run; ratios are Vigil / baseline."
  echo "Each page names its script, its date and the machine's load. Regenerate this index with \`bench/collect-benchmarks.sh\`."
  echo
  for f in docs/benchmarks/*.md; do
    title=$(head -1 "$f" | sed 's/^#* *//')
    headline=$(grep -m1 '^> Headline:' "$f" | sed 's/^> Headline: *//' || true)
    [ -n "$headline" ] || { echo "collect-benchmarks: $f has no '> Headline:' line" >&2; exit 1; }
    echo "- **[$title](${f#docs/})**: $headline"
  done
} > "$out"
echo "wrote $out"
