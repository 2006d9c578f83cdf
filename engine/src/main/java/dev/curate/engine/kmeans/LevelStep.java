package dev.curate.engine.kmeans;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the clustering of one tree level stands after a step, enough to continue it with the
 * result an uninterrupted run gives (see {@link HierarchicalKMeans#build(VectorSource, long[],
 * HierarchyParams, java.util.List, LevelStep, dev.curate.engine.accel.AssignBackend,
 * HierarchyListener)}). Two kinds of step are reported:
 *
 * <ul>
 *   <li>a Lloyd step of the level's first k-means, the one over all the level's inputs
 *       ({@code phase} 0, {@code iteration >= 0}): {@code centroids} after that many
 *       updates, and {@code previous}, the centroids before the last update (their labels
 *       count the changes of the next iteration; {@code null} at iteration 0, the
 *       initialisation);</li>
 *   <li>a finished phase ({@code iteration} = {@link #PHASE_DONE}): the centroids of the first
 *       k-means ({@code phase} 0) or of resampling step {@code phase}; the phase's labels are
 *       their assignment, which a resumed run recomputes.</li>
 * </ul>
 *
 * <p>Splitting (SPEC 4.3) reports no steps: a run resumed after the last phase redoes it.
 *
 * @param level the level, from 1
 * @param phase the resampling step from 0
 * @param iteration Lloyd updates done in phase 0, or {@link #PHASE_DONE}
 * @param k number of centroids
 * @param centroids row-major {@code k x dim} centroids
 * @param previous row-major centroids before the last update, or {@code null}
 */
public record LevelStep(int level, int phase, int iteration, int k, float[] centroids,
        float[] previous) {

    /** The {@code iteration} of a finished phase. */
    public static final int PHASE_DONE = -1;

    /** Checks the fields fit together. */
    public LevelStep {
        if (level < 1 || phase < 0 || iteration < PHASE_DONE || k < 1 || centroids == null
                || centroids.length % k != 0
                || (iteration == PHASE_DONE && previous != null)
                || (iteration >= 0 && phase != 0)
                || (previous != null && previous.length != centroids.length)
                || (iteration > 0 && previous == null)) {
            throw new IllegalArgumentException("level step does not fit together: level "
                    + level + ", phase " + phase + ", iteration " + iteration + ", k " + k
                    + ", " + (centroids == null ? "no" : centroids.length) + " centroid values, "
                    + (previous == null ? "no" : previous.length) + " previous values");
        }
    }

    /**
     * Encodes the step for a checkpoint, tagged with the run it belongs to.
     *
     * @param run text naming the run (params and input), checked by {@link #decode}
     * @return the bytes
     */
    public byte[] encode(String run) {
        byte[] tag = run.getBytes(StandardCharsets.UTF_8);
        int prev = previous == null ? 0 : previous.length;
        ByteBuffer b = ByteBuffer.allocate(4 + tag.length + 4 * 6
                + 4 * (centroids.length + prev));
        b.putInt(tag.length).put(tag).putInt(level).putInt(phase).putInt(iteration).putInt(k);
        b.putInt(centroids.length).asFloatBuffer().put(centroids);
        b.position(b.position() + 4 * centroids.length);
        b.putInt(previous == null ? -1 : prev);
        if (previous != null) {
            b.asFloatBuffer().put(previous);
        }
        return b.array();
    }

    /**
     * Decodes a step {@link #encode} wrote, if it belongs to {@code run}.
     *
     * @param bytes the encoded step
     * @param run the run the caller resumes
     * @return the step, or empty when it was written for another run
     * @throws IllegalArgumentException when the bytes are not a level step
     */
    public static Optional<LevelStep> decode(byte[] bytes, String run) {
        try {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            byte[] tag = new byte[b.getInt()];
            b.get(tag);
            if (!new String(tag, StandardCharsets.UTF_8).equals(run)) {
                return Optional.empty();
            }
            int level = b.getInt();
            int phase = b.getInt();
            int iteration = b.getInt();
            int k = b.getInt();
            float[] centroids = floats(b);
            float[] previous = floats(b);
            if (b.hasRemaining()) {
                throw new IllegalArgumentException(b.remaining() + " bytes left over");
            }
            return Optional.of(new LevelStep(level, phase, iteration, k, centroids, previous));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a checkpointed level step of " + bytes.length
                    + " bytes does not decode: " + e.getMessage(), e);
        }
    }

    private static float[] floats(ByteBuffer b) {
        int n = b.getInt();
        if (n < 0) {
            return null;
        }
        float[] out = new float[n];
        b.asFloatBuffer().get(out);
        b.position(b.position() + 4 * n);
        return out;
    }

    /** Returns whether this step is a finished phase. */
    public boolean phaseDone() {
        return iteration == PHASE_DONE;
    }

    @Override
    public String toString() {
        return "level " + level + (phaseDone() ? ", after phase " + phase
                : ", phase 0 after " + iteration + " Lloyd updates");
    }
}
