package dev.curate.engine.stratify;

/**
 * One 16-bit use-count per tile, in pages of 2^22 counts (8 MiB) so that no single huge
 * array is needed: a 350M-tile pool takes 84 pages, which a fragmented heap can still place.
 * Not thread safe.
 */
final class UseCounts {

    private static final int PAGE_BITS = 22;
    private static final int PAGE_MASK = (1 << PAGE_BITS) - 1;

    private final char[][] pages;

    UseCounts(int tiles) {
        int n = (int) (((long) tiles + PAGE_MASK) >>> PAGE_BITS);
        pages = new char[n][];
        for (int p = 0; p < n; p++) {
            int size = p + 1 < n ? 1 << PAGE_BITS : tiles - (p << PAGE_BITS);
            pages[p] = new char[size];
        }
    }

    int get(int g) {
        return pages[g >>> PAGE_BITS][g & PAGE_MASK];
    }

    /** Adds one to tile {@code g}'s count and returns the count before. */
    int increment(int g) {
        char[] page = pages[g >>> PAGE_BITS];
        return page[g & PAGE_MASK]++;
    }
}
