package dev.curate.engine.stratify;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Hand-made pools for the stratification tests. */
final class Pools {

    private Pools() {
    }

    /** One stratum "0" with {@code slides} slides of {@code perSlide} tiles each. */
    static StrataPool oneStratum(int slides, int perSlide) {
        StrataPool.Builder b = new StrataPool.Builder();
        int s = b.stratum("0");
        for (int k = 0; k < slides; k++) {
            b.addTiles(b.slide("S" + k), s, perSlide);
        }
        return b.build();
    }

    /** {@code strata} strata of {@code perStratum} tiles, each on its own slide. */
    static StrataPool stratumPerSlide(int strata, int perStratum) {
        StrataPool.Builder b = new StrataPool.Builder();
        for (int s = 0; s < strata; s++) {
            b.addTiles(b.slide("S" + s), b.stratum(Integer.toString(s)), perStratum);
        }
        return b.build();
    }

    /**
     * A mid-size pool: {@code slides} slides of 500..2500 tiles whose labels among
     * {@code strata} stay constant over runs of 1..200 tiles, seeded.
     */
    static StrataPool midSize(int slides, int strata, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        StrataPool.Builder b = new StrataPool.Builder();
        for (int s = 0; s < strata; s++) {
            b.stratum(Integer.toString(s));
        }
        for (int k = 0; k < slides; k++) {
            int slide = b.slide("slide-" + k);
            int tiles = 500 + rng.nextInt(2001);
            while (tiles > 0) {
                int run = Math.min(tiles, 1 + rng.nextInt(200));
                b.addTiles(slide, rng.nextInt(strata), run);
                tiles -= run;
            }
        }
        return b.build();
    }

    /** Returns the stratum of every global tile id. */
    static int[] stratumOfTile(StrataPool pool) {
        int[] out = new int[(int) pool.tileCount()];
        Arrays.fill(out, -1);
        for (int s = 0; s < pool.strataCount(); s++) {
            int[] starts = pool.runStart(s);
            int[] inds = pool.inds(s);
            for (int r = 0; r < starts.length; r++) {
                int end = r + 1 < starts.length ? starts[r + 1] : inds.length;
                int base = pool.slideBase(pool.runSlide(s)[r]);
                for (int pos = starts[r]; pos < end; pos++) {
                    out[base + inds[pos]] = s;
                }
            }
        }
        return out;
    }
}
