#!/usr/bin/env bash
# Bytes per sample on disk, Amphora's ingester store vs Prometheus's TSDB blocks, on the same samples in one run.
#   bench/compare-footprint.sh [series=1000] [hours=12]
# Needs the bench jar (./mvnw -pl bench -am package -DskipTests), a JDK 25 in JAVA_HOME, and Debian's
# prometheus package (promtool).
set -euo pipefail
series="${1:-1000}"
hours="${2:-12}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

java="${JAVA_HOME:?set JAVA_HOME to a JDK 25}/bin/java"
command -v promtool >/dev/null || { echo "promtool not found: apt-get install prometheus" >&2; exit 1; }

"$java" --enable-native-access=ALL-UNNAMED -Xmx4g -cp "$repo/bench/target/benchmarks.jar" \
  io.amphora.bench.StorageFootprint --series="$series" --hours="$hours" --heap-series=1000 \
  --openmetrics-out="$work/data.om" 2>/dev/null | grep '^disk:'

samples=$(grep -vc '^#' "$work/data.om")
promtool tsdb create-blocks-from openmetrics "$work/data.om" "$work/blocks" >/dev/null
chunk_bytes=$(find "$work/blocks" -path '*/chunks/*' -type f -printf '%s\n' | awk '{s+=$1} END {print s}')
block_bytes=$(du -sb "$work/blocks" | cut -f1)
echo "prometheus $(promtool --version 2>&1 | head -n1 | awk '{print $3}'): $samples samples; chunks/ files $chunk_bytes bytes -> $(awk -v b="$chunk_bytes" -v s="$samples" 'BEGIN {printf "%.3f", b/s}') bytes/sample; whole blocks (index included) $(awk -v b="$block_bytes" -v s="$samples" 'BEGIN {printf "%.3f", b/s}') bytes/sample"
