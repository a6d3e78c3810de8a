#!/usr/bin/env bash
# Spark GPU discovery script (spark.executor.resource.gpu.discoveryScript): prints the GPUs of
# this node as Spark's ResourceInformation JSON, e.g. {"name":"gpu","addresses":["0","1"]}.
set -euo pipefail
addresses=$(nvidia-smi --query-gpu=index --format=csv,noheader | sed -e 's/^/"/' -e 's/$/"/' | paste -sd, -)
echo "{\"name\":\"gpu\",\"addresses\":[${addresses}]}"
