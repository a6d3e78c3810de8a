#!/usr/bin/env bash
# Benchmark: lakeml scoring of all 3,000,000 sample flights vs (a) a plain Parquet -> Delta copy of
# the same rows with the same partitioning (the I/O floor) and (b) a Spark MLlib
# LogisticRegressionModel on the same contract, feature pipeline and write; total heap 2 GiB.
# Needs a production model: run `bin/lakeml demo` first. Extra arguments are --set style overrides.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/bench-env.sh"
LAKEML_JAVA_OPTS="${LAKEML_JAVA_OPTS:--Xmx2g}" LAKEML_MAIN=io.lakeml.score.ScoreBenchmark exec "$HERE/../bin/lakeml" "$@"
