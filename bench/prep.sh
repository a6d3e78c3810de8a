#!/usr/bin/env bash
# Benchmark: data-prep on all 3,000,000 sample flights vs a plain Parquet -> Delta copy of the same
# rows with the same partitioning, in one JVM. Uses a throw-away lakehouse under bench/out.
# Extra arguments are --set style overrides, e.g. bench/prep.sh lakeml.spark.shuffle-partitions=4
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/bench-env.sh"
rm -rf "$HERE/out"
LAKEML_MAIN=io.lakeml.bench.PrepBenchmark exec "$HERE/../bin/lakeml" \
  "lakeml.lakehouse.root=bench/out/lakehouse" "$@"
