"""Metadata-based sampling the way the published baseline does it, in pandas, for the bench.

One pandas row per tile; every tile weighs (largest group size) / (its group size); the draw
is DataFrame.sample(n, weights=...) without replacement. Also builds the scaled pools the
bench runs on. Prints key=value lines for metadata-vs-pandas.sh.
"""
import argparse
import math
import time

import numpy as np
import pandas as pd


def scale_pool(files, scale, out_dir):
    """Writes each metadata CSV with num_tiles scaled and rounded up to at least 1."""
    written = []
    for path in files:
        df = pd.read_csv(path)
        df["num_tiles"] = [max(1, math.ceil(n * scale)) for n in df["num_tiles"]]
        target = f"{out_dir}/{path.rsplit('/', 1)[-1]}"
        df.to_csv(target, index=False)
        written.append(target)
    print("pool_files=" + ",".join(written))


def weighted_sample(files, group_by, fraction, seed, out):
    """Draws fraction of the tiles, one DataFrame row per tile, and writes sampled.csv."""
    start = time.perf_counter()
    slides = pd.concat([pd.read_csv(f) for f in files], ignore_index=True)
    counts = slides["num_tiles"].to_numpy()
    tiles = pd.DataFrame({
        "slide_id": np.repeat(slides["slide_id"].to_numpy(), counts),
        # tile_idx: the tile's row in the pool, slides in file order
        "tile_idx": np.arange(counts.sum(), dtype=np.int64),
        group_by: np.repeat(slides[group_by].to_numpy(), counts),
    })
    built = time.perf_counter()
    sizes = tiles.groupby(group_by)[group_by].transform("size")
    weights = sizes.max() / sizes
    n = int(math.floor(len(tiles) * fraction + 0.5))
    sample = tiles.sample(n=n, weights=weights, random_state=seed, replace=False)
    drawn = time.perf_counter()
    sample.sort_values("tile_idx").to_csv(out, index=False)
    done = time.perf_counter()
    print(f"pandas tiles={len(tiles)} sampled={len(sample)} build_s={built - start:.2f} "
          f"draw_s={drawn - built:.2f} write_s={done - drawn:.2f} total_s={done - start:.2f}")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("scale")
    s.add_argument("--scale", type=float, required=True)
    s.add_argument("--out-dir", required=True)
    s.add_argument("files", nargs="+")
    w = sub.add_parser("sample")
    w.add_argument("--group-by", default="tissue_diagnosis")
    w.add_argument("--fraction", type=float, required=True)
    w.add_argument("--seed", type=int, default=25)
    w.add_argument("--out", required=True)
    w.add_argument("files", nargs="+")
    a = p.parse_args()
    if a.cmd == "scale":
        scale_pool(a.files, a.scale, a.out_dir)
    else:
        weighted_sample(a.files, a.group_by, a.fraction, a.seed, a.out)


if __name__ == "__main__":
    main()
