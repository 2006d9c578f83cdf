#!/usr/bin/env bash
# Writing the per-tile CSV of a metadata draw: commons-csv printRecord per row against our
# writer (sampled.csv, indices.npy, stats.csv and the chart), same draw, one run.
# Usage: bench/metadata-csv-write.sh [FRACTION]   (default 0.1 of the real pool: 35M rows)
set -euo pipefail
cd "$(dirname "$0")/.."
fraction="${1:-0.1}"
out=bench/target/metadata-csv
rm -rf "$out"
mvn -q -B ${MVN_OFFLINE:--o} -pl bench -am package -DskipTests
cp="$(ls bench/target/curate-bench-*.jar | head -n 1):bench/target/lib/*"
java -Xmx2g -cp "$cp" dev.curate.bench.MetadataCsvBench \
  --metadata data/metadata/TCGA_tissue_metadata.csv,data/metadata/GTEx_tissue_metadata.csv \
  --fraction "$fraction" --seed 25 --out "$out"
rm -rf "$out"
