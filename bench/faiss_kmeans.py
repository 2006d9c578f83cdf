"""Time faiss k-means Lloyd iterations on the .npy written by KMeansBench, and numpy SGEMM.

Prints key=value lines for kmeans-vs-faiss.sh.
"""
import argparse
import time

import faiss
import numpy as np


def gemm_rate():
    """Best of three 4096 x 1024 x 1024 float32 matmuls, in GFLOP/s."""
    rng = np.random.default_rng(3)
    a = rng.random((4096, 1024), dtype=np.float32)
    b = rng.random((1024, 1024), dtype=np.float32)
    best = float("inf")
    for _ in range(3):
        t = time.perf_counter()
        a @ b
        best = min(best, time.perf_counter() - t)
    return 2.0 * 4096 * 1024 * 1024 / best / 1e9


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--data", required=True)
    p.add_argument("--k", type=int, default=1000)
    p.add_argument("--iters", type=int, default=10)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    x = np.load(a.data, mmap_mode="r")
    x = np.ascontiguousarray(x, dtype=np.float32)
    n, d = x.shape
    print(f"gemm_numpy_gflops={gemm_rate():.1f}")
    km = faiss.Kmeans(d, a.k, niter=a.iters, seed=a.seed, verbose=False,
                      max_points_per_centroid=max(256, n // a.k + 1))
    km.train(x)
    stats = km.iteration_stats
    # faiss records the cumulative time of the Lloyd iterations, after its random init
    total = stats[-1]["time"]
    per_iter = total / len(stats)
    gflops = 2.0 * n * a.k * d / per_iter / 1e9
    print(f"faiss threads={faiss.omp_get_max_threads()} iters={len(stats)} "
          f"sec_per_iter={per_iter:.3f} gflops={gflops:.1f} objective={stats[-1]['obj']:.6e}")


if __name__ == "__main__":
    main()
