#!/usr/bin/env bash
# Our metadata-sample (weighted and balanced) against a pandas implementation of the published
# baseline (one DataFrame row per tile, DataFrame.sample with weights), in one run, on the real
# TCGA + GTEx metadata with num_tiles scaled (default 1%, rounded up to at least 1).
# Usage: bench/metadata-vs-pandas.sh [SCALE]      e.g. 0.01 (default) or 0.1
# Prints wall seconds of each run (ours includes the JVM start, pandas the interpreter start)
# and the pandas/ours ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

scale="${1:-0.01}"
python="${PYTHON:-/usr/bin/python3}"
out=bench/target/metadata-bench
rm -rf "$out"
mkdir -p "$out/pool"

mvn -q -B ${MVN_OFFLINE:--o} -pl cli -am package -DskipTests
files=$("$python" bench/metadata_pandas.py scale --scale "$scale" --out-dir "$out/pool" \
  data/metadata/TCGA_tissue_metadata.csv data/metadata/GTEx_tissue_metadata.csv \
  | sed -n 's/^pool_files=//p')

seconds() {
  local start end
  start=$(date +%s.%N)
  "$@" > "$out/last.log"
  end=$(date +%s.%N)
  echo "$end - $start" | bc
}

echo "metadata sampling benchmark: scale $scale, fraction 0.1, seed 25"
t_weighted=$(seconds ./curate metadata-sample --metadata "$files" --fraction 0.1 --seed 25 \
  --mode weighted --out "$out/ours-weighted")
head -n 1 "$out/last.log"
t_balanced=$(seconds ./curate metadata-sample --metadata "$files" --fraction 0.1 --seed 25 \
  --mode balanced --out "$out/ours-balanced")
t_pandas=$(seconds "$python" bench/metadata_pandas.py sample --fraction 0.1 --seed 25 \
  --out "$out/pandas-sampled.csv" ${files//,/ })
cat "$out/last.log"

"$python" - "$t_weighted" "$t_balanced" "$t_pandas" <<'PY'
import sys
w, b, p = (float(x) for x in sys.argv[1:])
print()
print(f"{'run':<28}{'seconds':>9}{'pandas / run':>14}")
print(f"{'pandas weighted (per tile)':<28}{p:>9.2f}{1.0:>14.2f}")
print(f"{'ours weighted':<28}{w:>9.2f}{p / w:>14.2f}")
print(f"{'ours balanced':<28}{b:>9.2f}{p / b:>14.2f}")
PY
