package dev.curate.engine.metadata;

import java.util.SplittableRandom;

/**
 * A complete binary tree of non-negative doubles, each inner node the sum of its two children,
 * for drawing an index with probability proportional to its value in {@code O(log n)} and
 * changing a value in {@code O(log n)}. Inner sums are recomputed from the children on every
 * change (never adjusted by differences), so they do not drift, and a draw never lands on a
 * value of 0. Not thread safe.
 */
final class SumTree {

    private final int leaves;
    private final double[] nodes;

    /** Builds the tree over {@code values} (each at least 0). */
    SumTree(double[] values) {
        int p = 1;
        while (p < values.length) {
            p <<= 1;
        }
        leaves = p;
        nodes = new double[2 * p];
        System.arraycopy(values, 0, nodes, p, values.length);
        for (int i = p - 1; i >= 1; i--) {
            nodes[i] = nodes[2 * i] + nodes[2 * i + 1];
        }
    }

    /** Returns the sum of all values. */
    double total() {
        return nodes[1];
    }

    /** Sets value {@code i} to {@code value} (at least 0). */
    void set(int i, double value) {
        int at = leaves + i;
        nodes[at] = value;
        for (at >>= 1; at >= 1; at >>= 1) {
            nodes[at] = nodes[2 * at] + nodes[2 * at + 1];
        }
    }

    /**
     * Draws an index with probability proportional to its value.
     *
     * @throws IllegalStateException when every value is 0
     */
    int draw(SplittableRandom rng) {
        if (!(nodes[1] > 0)) {
            throw new IllegalStateException("cannot draw from a tree whose values are all 0");
        }
        double u = rng.nextDouble() * nodes[1];
        int at = 1;
        while (at < leaves) {
            double left = nodes[2 * at];
            // go right only into a subtree that can be drawn: rounding may leave u >= left
            // while the right sum is 0
            if ((u >= left || left == 0) && nodes[2 * at + 1] > 0) {
                u -= left;
                at = 2 * at + 1;
            } else {
                at = 2 * at;
            }
        }
        return at - leaves;
    }
}
