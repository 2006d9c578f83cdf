"""Reference-style stratified batches in numpy/pandas, for the stratify benchmark.

Follows the published approach as described in field case C07 (written from that
description): per batch, each cluster gets floor(B/C) tiles (B mod C clusters get one more);
before each cluster's draw, if the epoch's open slides have reached the cap, only the
cluster's tiles on open slides are candidates (all of them when there are none); among the
candidates, the least-seen tiles are drawn uniformly *with replacement*; every slide drawn is
added to the open set. Use-counts persist across epochs.

Prints one line per epoch: "epoch E: S s" (draws and CSV writing, not loading).
"""
import argparse
import os
import time

import numpy as np
import pandas as pd


def load(path, level):
    t0 = time.perf_counter()
    df = pd.read_csv(path, usecols=["slide_id", level])
    slide_codes, slide_names = pd.factorize(df["slide_id"])
    ind = df.groupby(slide_codes).cumcount().to_numpy()
    clusters, _ = pd.factorize(df[level])
    order = np.argsort(clusters, kind="stable")
    bounds = np.flatnonzero(np.diff(clusters[order])) + 1
    members = np.split(order, bounds)
    print(f"loaded {len(df):,} rows, {len(slide_names):,} slides, {len(members)} clusters "
          f"in {time.perf_counter() - t0:.1f} s", flush=True)
    return slide_codes, np.asarray(slide_names), ind, members


def epoch(rng, counts, slide_of, members, batch, epoch_size, cap, n_slides):
    open_mask = np.zeros(n_slides, dtype=bool)
    n_open = 0
    rows = []
    n_clusters = len(members)
    for start in range(0, epoch_size, batch):
        size = min(batch, epoch_size - start)
        quota = np.full(n_clusters, size // n_clusters)
        quota[rng.choice(n_clusters, size % n_clusters, replace=False)] += 1
        for c in rng.permutation(n_clusters):
            q = quota[c]
            if q == 0:
                continue
            cand = members[c]
            if n_open >= cap:
                on_open = cand[open_mask[slide_of[cand]]]
                if on_open.size:
                    cand = on_open
            seen = counts[cand]
            least = cand[seen == seen.min()]
            pick = least[rng.integers(0, least.size, q)]
            np.add.at(counts, pick, 1)
            slides = slide_of[pick]
            new = ~open_mask[slides]
            if new.any():
                open_mask[slides[new]] = True
                n_open = int(open_mask.sum())
            rows.append(pick)
    return np.concatenate(rows), n_open


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tree", required=True)
    ap.add_argument("--level", default="level_2")
    ap.add_argument("--batch-size", type=int, default=2048)
    ap.add_argument("--epoch-size", type=int, default=350000)
    ap.add_argument("--max-open-slides", type=int, default=800)
    ap.add_argument("--epochs", type=int, default=3)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    slide_of, names, ind, members = load(a.tree, a.level)
    counts = np.zeros(len(slide_of), dtype=np.int32)
    rng = np.random.default_rng(a.seed)
    os.makedirs(a.out, exist_ok=True)
    for e in range(a.epochs):
        t0 = time.perf_counter()
        picks, n_open = epoch(rng, counts, slide_of, members, a.batch_size, a.epoch_size,
                              a.max_open_slides, len(names))
        pd.DataFrame({"slide_id": names[slide_of[picks]], "ind": ind[picks]}).to_csv(
            os.path.join(a.out, f"schedule_{e:03d}.csv"), index=False)
        print(f"epoch {e}: {time.perf_counter() - t0:.3f} s, {n_open} slides opened",
              flush=True)


if __name__ == "__main__":
    main()
