#!/usr/bin/env bash
# Our `curate stratify` against a numpy/pandas implementation of the published approach
# (bench/stratify_reference.py), on the same synthetic tree over the real slide list, in one
# run. Usage: bench/stratify-vs-pandas.sh [FRACTION]   (default 0.01: 1% of the 349,664,180
# tiles on all 37,096 slides; 62 strata at level_2). Prints seconds per epoch and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

fraction="${1:-0.01}"
epochs="${EPOCHS:-3}"
python="${PYTHON:-python3}"
if ! "$python" -c "import pandas" 2>/dev/null; then
  python=/usr/bin/python3
fi

mvn -q -B ${MVN_OFFLINE:--o} -pl cli,bench -am package -DskipTests
out=bench/target/stratify-bench
rm -rf "$out"
mkdir -p "$out"
cp="$(ls bench/target/curate-bench-*.jar | head -n 1):bench/target/lib/*"
java -Xmx1g -cp "$cp" dev.curate.bench.StratifyTreeGen \
  --slides data/metadata/tiles_per_slide.csv --out "$out/tree.csv" --fraction "$fraction" --seed 1

args=(--batch-size 2048 --epoch-size 350000 --max-open-slides 800 --epochs "$epochs" --seed 1)
echo "== ours: curate stratify --level 2 ${args[*]}"
CURATE_JAVA_OPTS="${CURATE_JAVA_OPTS:--Xmx4g}" ./curate stratify --tree "$out/tree.csv" \
  --level 2 "${args[@]}" --out "$out/ours" | tee "$out/ours.txt"
echo "== reference (numpy/pandas): ${args[*]}"
"$python" bench/stratify_reference.py --tree "$out/tree.csv" --level level_2 "${args[@]}" \
  --out "$out/reference" | tee "$out/reference.txt"

"$python" - "$out/ours.txt" "$out/reference.txt" <<'PY'
import re
import sys

EPOCH = re.compile(r"^epoch \d+:.*?([0-9.]+) s(?:,|$)", re.M)

def per_epoch(path):
    with open(path) as f:
        return [float(m.group(1)) for m in EPOCH.finditer(f.read())]

ours, ref = per_epoch(sys.argv[1]), per_epoch(sys.argv[2])
o, r = sum(ours) / len(ours), sum(ref) / len(ref)
print(f"seconds per epoch: ours {o:.3f}, reference {r:.3f}; reference / ours = {r / o:.1f}x")
PY
