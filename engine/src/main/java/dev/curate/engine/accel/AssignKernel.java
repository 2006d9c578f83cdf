package dev.curate.engine.accel;

import com.aparapi.Kernel;

/**
 * The Aparapi nearest-centroid kernel: one work item per point, four centroids per pass over the
 * point (register blocking), float arithmetic only. It writes labels and distances; the host adds
 * the float64 sums.
 *
 * <p>Every literal is a float ({@code 0f}, not {@code 0.0}): one double literal makes Aparapi
 * ask for fp64 and, on a device without it, run the whole kernel on Java threads instead
 * (aparapi issue #20, field case C19).
 */
final class AssignKernel extends Kernel {

    float[] points = new float[1];
    float[] centroids = new float[1];
    int[] labels = new int[1];
    float[] distances = new float[1];
    /** Slot 0 counts work items launched past {@link #limit} while bounds checks are on. */
    int[] outOfRange = new int[1];
    int n;
    int d;
    int k;
    int limit;
    int checkBounds;

    @Override
    public void run() {
        int i = getGlobalId();
        if (i < n) {
            nearest(i);
        } else if (checkBounds != 0 && i >= limit) {
            atomicAdd(outOfRange, 0, 1);
        }
    }

    private void nearest(int i) {
        int xo = i * d;
        float best = -1f;
        int bestIdx = 0;
        int c = 0;
        while (c + 4 <= k) {
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            int o = c * d;
            for (int j = 0; j < d; j++) {
                float x = points[xo + j];
                float t0 = x - centroids[o + j];
                float t1 = x - centroids[o + d + j];
                float t2 = x - centroids[o + 2 * d + j];
                float t3 = x - centroids[o + 3 * d + j];
                s0 += t0 * t0;
                s1 += t1 * t1;
                s2 += t2 * t2;
                s3 += t3 * t3;
            }
            if (best < 0f || s0 < best) {
                best = s0;
                bestIdx = c;
            }
            if (s1 < best) {
                best = s1;
                bestIdx = c + 1;
            }
            if (s2 < best) {
                best = s2;
                bestIdx = c + 2;
            }
            if (s3 < best) {
                best = s3;
                bestIdx = c + 3;
            }
            c += 4;
        }
        while (c < k) {
            float s = 0f;
            int o = c * d;
            for (int j = 0; j < d; j++) {
                float t = points[xo + j] - centroids[o + j];
                s += t * t;
            }
            if (best < 0f || s < best) {
                best = s;
                bestIdx = c;
            }
            c++;
        }
        labels[i] = bestIdx;
        distances[i] = best;
    }
}
