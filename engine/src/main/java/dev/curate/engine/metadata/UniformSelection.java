package dev.curate.engine.metadata;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Draws a uniformly random subset of {@code k} distinct positions out of {@code 0 .. n - 1}
 * and hands them out in ascending order: Floyd's algorithm (Bentley and Floyd 1987, "A sample
 * of brilliance", Commun. ACM 30(9)) marks the chosen positions in a bit set, which is then
 * read in order. {@code O(min(k, n - k) + n / 64)} time and {@code n / 8} bytes; when more than
 * half are wanted, the left-out positions are drawn instead. Stateless.
 */
final class UniformSelection {

    private UniformSelection() {
    }

    /**
     * Hands {@code k} distinct positions of {@code [0, n)}, ascending, to {@code sink}.
     *
     * @param n the population size, at least 0
     * @param k the sample size, in {@code [0, n]}
     * @param rng the random source
     * @param sink receives each chosen position once
     * @throws IllegalArgumentException when {@code k} is not in {@code [0, n]}
     */
    static void select(long n, long k, SplittableRandom rng, LongConsumer sink) {
        if (k < 0 || k > n) {
            throw new IllegalArgumentException("cannot choose " + k + " of " + n + " positions");
        }
        if (k == 0) {
            return;
        }
        boolean complement = k > n / 2;
        long marked = complement ? n - k : k;
        // LIMIT: the bit set costs n / 8 bytes (44 MB for one group of 350M tiles) and holds at
        // most 2^31 - 1 words (n < 1.37e11); split such a group.
        long[] bits = new long[Math.toIntExact((n + 63) >>> 6)];
        for (long j = n - marked; j < n; j++) {
            long t = rng.nextLong(j + 1);
            long pick = (bits[(int) (t >>> 6)] & (1L << t)) != 0 ? j : t;
            bits[(int) (pick >>> 6)] |= 1L << pick;
        }
        for (int w = 0; w < bits.length; w++) {
            long word = complement ? ~bits[w] : bits[w];
            if (w == bits.length - 1 && (n & 63) != 0) {
                word &= (1L << (n & 63)) - 1;
            }
            while (word != 0) {
                sink.accept(((long) w << 6) + Long.numberOfTrailingZeros(word));
                word &= word - 1;
            }
        }
    }
}
