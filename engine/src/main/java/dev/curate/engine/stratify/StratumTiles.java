package dev.curate.engine.stratify;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Per-slide views of a {@link StrataPool}, for checks and tools. Stateless. */
public final class StratumTiles {

    private StratumTiles() {
    }

    /**
     * Returns, for each slide in {@code slides}, the stratum of each of its tiles by
     * {@code ind} (-1 for tiles in no stratum). Memory: 4 bytes per tile of those slides.
     *
     * @param pool the pool
     * @param slides slide indices of the pool
     * @return stratum per {@code ind}, by slide index
     */
    public static Map<Integer, int[]> strataOfSlides(StrataPool pool, Set<Integer> slides) {
        Map<Integer, int[]> out = new HashMap<>();
        for (int k : slides) {
            int[] strata = new int[pool.slideTiles(k)];
            Arrays.fill(strata, -1);
            out.put(k, strata);
        }
        for (int s = 0; s < pool.strataCount(); s++) {
            int[] starts = pool.runStart(s);
            int[] inds = pool.inds(s);
            for (int r = 0; r < starts.length; r++) {
                int[] strata = out.get(pool.runSlide(s)[r]);
                if (strata == null) {
                    continue;
                }
                int end = r + 1 < starts.length ? starts[r + 1] : inds.length;
                for (int pos = starts[r]; pos < end; pos++) {
                    strata[inds[pos]] = s;
                }
            }
        }
        return out;
    }
}
