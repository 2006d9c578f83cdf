package dev.curate.engine.train;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Settings the PyTorch engine reads once, when DJL first starts it: offline mode (no network
 * attempt of any kind: no telemetry, no native-library download; the native library comes from
 * the platform jar on the class path) and the intra-op thread count. Call {@link #prepare}
 * before the first DJL use in the JVM; later calls cannot change a started engine.
 */
public final class TrainRuntime {

    /** JVM property for DJL's offline mode. */
    public static final String OFFLINE = "ai.djl.offline";
    /** JVM property for PyTorch's intra-op thread count. */
    public static final String THREADS = "ai.djl.pytorch.num_threads";
    /** JVM property for PyTorch's inter-op thread count. */
    public static final String INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private static final Logger LOG = LoggerFactory.getLogger(TrainRuntime.class);

    private TrainRuntime() {
    }

    /**
     * Returns the default intra-op thread count: half the cores, at least 1, so that event-loop,
     * worker and prefetch threads keep cores of their own.
     */
    public static int defaultThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    /**
     * Forces offline mode and sets the intra-op thread count unless the JVM was started with
     * one, and one inter-op thread.
     *
     * @param threads intra-op threads, at least 1
     * @return the intra-op thread count in effect
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static int prepare(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("PyTorch threads " + threads
                    + " must be at least 1");
        }
        if ("false".equalsIgnoreCase(System.getProperty(OFFLINE))) {
            LOG.warn("{}=false was given; forcing it to true: training never reaches the "
                    + "network", OFFLINE);
        }
        System.setProperty(OFFLINE, "true");
        String given = System.getProperty(THREADS);
        int effective = given == null ? threads : Integer.parseInt(given.trim());
        System.setProperty(THREADS, Integer.toString(effective));
        if (System.getProperty(INTEROP_THREADS) == null) {
            System.setProperty(INTEROP_THREADS, "1");
        }
        LOG.info("PyTorch offline, {} intra-op threads{}", effective,
                given == null ? "" : " (from -D" + THREADS + ")");
        return effective;
    }
}
