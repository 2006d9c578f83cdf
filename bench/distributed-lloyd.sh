#!/usr/bin/env bash
# One Lloyd assign step through the runtime (1 and 3 shards; local bus and Hazelcast on
# loopback) against the engine's own pass, measured in the same run on the same data.
# Usage: bench/distributed-lloyd.sh [--quick]   (--quick: N=20,000, d=256, k=200)
# Needs about 9 copies of the store on disk (N x d x 4 bytes each) under bench/target.
set -euo pipefail
cd "$(dirname "$0")/.."

args=(--n 200000 --d 1024 --k "${K:-1000,10000}" --shards 3 --repeats "${REPEATS:-2}")
if [ "${1:-}" = "--quick" ]; then
  args=(--n 20000 --d 256 --k 200 --shards 3 --repeats 3)
fi

mvn -q -B ${MVN_OFFLINE:--o} -pl bench -am package -DskipTests
cp="$(ls bench/target/curate-bench-*.jar | head -n 1):bench/target/lib/*"
java -Xmx12g \
  --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
  -cp "$cp" dev.curate.bench.DistributedLloydBench "${args[@]}" \
  --dir bench/target/lloyd-bench 2>&1 | grep -E '^(rows|k)='
