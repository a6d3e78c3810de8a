#!/usr/bin/env bash
# Benchmark: lakeml training vs Spark MLlib (LogisticRegression, MultilayerPerceptronClassifier, GBT) and XGBoost4J on
# the same features and rows (200k train / 50k test sample of January-April), examples/s with 1 and
# 2 workers, and a run on the full window. Needs prepared flights: run `bin/lakeml prep` first.
# Extra arguments are --set style overrides, e.g. bench/train.sh lakeml.train.network.epochs=3
# LAKEML_BENCH_ONLY=xgboost,gbt runs lakeml and only those (lr, mlp, gbt, xgboost, workers, full).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
. "$HERE/bench-env.sh"
LAKEML_MAIN=io.lakeml.train.TrainBenchmark exec "$HERE/../bin/lakeml" "$@"
