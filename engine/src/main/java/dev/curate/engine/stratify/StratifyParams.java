package dev.curate.engine.stratify;

/**
 * Settings of a stratified schedule; everything except the number of epochs, which a resumed
 * run may raise.
 *
 * @param batchSize tiles per batch, at least 1 (paper: 2,048)
 * @param epochSize tiles per pseudo-epoch, at least 1 (paper: 350,000); the last batch of an
 *     epoch holds the remainder when it is not a multiple of {@code batchSize}
 * @param maxOpenSlides the most slides one epoch may open, at least 1 (paper: 800)
 * @param seed the run's seed; epoch {@code e} draws from a stream derived from (seed, e)
 * @param strictCap when true, a stratum with no tile on an open slide once the cap is reached
 *     fails the run instead of falling back to the whole stratum
 */
public record StratifyParams(int batchSize, int epochSize, int maxOpenSlides, long seed,
        boolean strictCap) {

    /** Checks the ranges; messages name the option. */
    public StratifyParams {
        positive(batchSize, "--batch-size");
        positive(epochSize, "--epoch-size");
        positive(maxOpenSlides, "--max-open-slides");
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " is " + value + "; expected at least 1");
        }
    }

    /** Returns the number of batches per epoch. */
    public int batchesPerEpoch() {
        return (int) ((epochSize + (long) batchSize - 1) / batchSize);
    }

    /** Returns the size of batch {@code b} of an epoch. */
    public int batchSize(int b) {
        return (int) Math.min(batchSize, epochSize - (long) b * batchSize);
    }
}
