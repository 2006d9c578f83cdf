#!/usr/bin/env bash
# Our k-means (every backend) against faiss on the same seeded float32 data, in one run.
# Usage: bench/kmeans-vs-faiss.sh [--quick]   (--quick: N=20,000 instead of 100,000)
# Prints seconds per Lloyd iteration, the ratio to faiss, GFLOP/s (2*N*k*d per iteration)
# and the machine's float32 GEMM rate measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."

n=100000
if [ "${1:-}" = "--quick" ]; then
  n=20000
fi
d=1024
k=1000
iters=10
backends="${BACKENDS:-cpu-fast,java,opencl}"

# faiss comes from the Debian package; a pyenv python3 first on PATH may lack it
python="${PYTHON:-python3}"
if ! "$python" -c "import faiss" 2>/dev/null; then
  python=/usr/bin/python3
fi

mvn -q -B ${MVN_OFFLINE:--o} -pl bench -am package -DskipTests
out=bench/target/kmeans-bench
mkdir -p "$out"
cp="$(ls bench/target/curate-bench-*.jar | head -n 1):bench/target/lib/*"

echo "k-means benchmark: N=$n d=$d k=$k iterations=$iters (slow backends: 2)"
POCL_SIGFPE_HANDLER=0 java -Xmx6g -cp "$cp" dev.curate.bench.KMeansBench --n "$n" --d "$d" --k "$k" \
  --iters "$iters" --slow-iters 2 --backends "$backends" --out "$out/data.npy" \
  | tee "$out/ours.txt"
"$python" bench/faiss_kmeans.py --data "$out/data.npy" --k "$k" --iters "$iters" \
  | tee "$out/faiss.txt"

"$python" - "$out/ours.txt" "$out/faiss.txt" <<'PY'
import re
import sys

def fields(line):
    return dict(re.findall(r'(\w+)=("[^"]*"|\S+)', line))

ours = [fields(l) for l in open(sys.argv[1]) if l.startswith("ours")]
theirs = [fields(l) for l in open(sys.argv[2]) if l.startswith("faiss")][0]
faiss_s = float(theirs["sec_per_iter"])
print()
print(f"{'run':<22}{'s/iter':>9}{'GFLOP/s':>10}{'faiss speed':>13}")
print(f"{'faiss':<22}{faiss_s:>9.3f}{float(theirs['gflops']):>10.1f}{1.0:>13.2f}")
for o in ours:
    s = float(o["sec_per_iter"])
    name = f"ours {o['asked']}"
    if o["fallback"] == "true":
        name += f" (fell back to {o['backend']})"
    print(f"{name:<22}{s:>9.3f}{float(o['gflops']):>10.1f}{faiss_s / s:>13.2f}")
gemm = [l.strip() for f in sys.argv[1:] for l in open(f) if l.startswith("gemm")]
print("GEMM 4096x1024x1024 float32:", ", ".join(gemm))
PY
