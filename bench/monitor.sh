#!/usr/bin/env bash
# Benchmark: monitoring vs scoring of the same dates (1, 2, 4 days, then all 3,000,000 sample
# flights), and monitoring with 6 vs 2 features; total heap 2 GiB. Needs a production model and its
# baseline: run `bin/lakeml demo` first. Extra arguments are --set style overrides.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/bench-env.sh"
LAKEML_JAVA_OPTS="${LAKEML_JAVA_OPTS:--Xmx2g}" LAKEML_MAIN=io.lakeml.bench.MonitorBenchmark exec "$HERE/../bin/lakeml" "$@"
