package dev.curate.engine.metadata;

import java.util.SplittableRandom;
import java.util.function.LongConsumer;

/**
 * Draws a uniformly random subset of {@code k} distinct positions out of {@code 0 .. n - 1}
 * and hands them out in ascending order, in {@code O(n)} time and {@code O(1)} memory: the
 * sequential skip method (Vitter 1984, "Faster methods for random sampling", Commun. ACM 27(7),
 * Algorithm A). Each gap before the next chosen position is drawn from its exact distribution,
 * {@code P(gap >= s) = prod_{j<s} (n - k - j) / (n - j)}. Stateless.
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
        long position = 0;
        long left = n;
        long wanted = k;
        while (wanted >= 2) {
            if (wanted == left) {
                break;
            }
            double v = rng.nextDouble();
            long rest = left - wanted;
            double remaining = left;
            double survive = rest / remaining;
            long skip = 0;
            while (survive > v) {
                skip++;
                rest--;
                remaining--;
                survive = survive * rest / remaining;
            }
            position += skip;
            sink.accept(position);
            position++;
            left -= skip + 1;
            wanted--;
        }
        if (wanted == left) {
            for (long i = 0; i < wanted; i++) {
                sink.accept(position + i);
            }
        } else if (wanted == 1) {
            sink.accept(position + rng.nextLong(left));
        }
    }
}
