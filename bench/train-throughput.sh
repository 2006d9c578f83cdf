#!/usr/bin/env bash
# Training throughput on the demo tiles: images/s of the DINO loop for the default CPU model
# and batch size, the share of step time spent waiting for batches, and the prefetch work per
# batch measured alone in the same run (its ratio to a step; below 1 the producer keeps ahead),
# then the same loop fed by the stratify engine's batches over the local event bus (bus_ figures).
# Usage: bench/train-throughput.sh [--quick]   (--quick: the tiny model, batch 16, 60 steps)
# THREADS sets PyTorch's intra-op threads (default: half the cores).
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--model cpu --batch 32 --steps 12 --warmup 2)
if [ "${1:-}" = "--quick" ]; then
  args=(--model tiny --batch 16 --steps 60 --warmup 10)
fi
if [ -n "${THREADS:-}" ]; then
  args+=(--threads "$THREADS")
fi

mvn -q -B ${MVN_OFFLINE:--o} -pl bench -am package -DskipTests
cp="$(ls bench/target/curate-bench-*.jar | head -n 1):bench/target/lib/*"
OMP_WAIT_POLICY=PASSIVE java -Xmx4g -Dai.djl.offline=true -cp "$cp" \
  dev.curate.bench.TrainBench "${args[@]}"
