package dev.curate.engine.kmeans;

/** Derives independent seeds for the parts of a run from the run's one seed (SplitMix64). */
public final class Seeds {

    private Seeds() {
    }

    /**
     * Returns a seed for the part named by {@code path} (level, step, cluster, epoch, ...).
     *
     * @param seed the run's seed, any value
     * @param path the part's coordinates, any values
     * @return a well-mixed 64-bit seed
     */
    public static long derive(long seed, long... path) {
        long h = mix(seed);
        for (long p : path) {
            h = mix(h ^ mix(p + 0x632BE59BD9B4E019L));
        }
        return h;
    }

    private static long mix(long z) {
        z += 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
