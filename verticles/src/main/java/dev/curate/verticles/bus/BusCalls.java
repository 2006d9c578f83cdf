package dev.curate.verticles.bus;

import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Waits for a future from a worker thread, for engine code that runs synchronously (the
 * coordinator's k-means) and talks to other verticles through the bus. Never call it on an
 * event-loop thread: the reply would be delivered on the thread it blocks.
 */
public final class BusCalls {

    /** How often a wait checks its abort reason, in milliseconds. */
    public static final long POLL_MS = 100;

    private BusCalls() {
    }

    /**
     * Blocks until {@code future} completes and returns its value.
     *
     * @param future the pending reply
     * @param timeoutMs how long to wait, in milliseconds, at least 1
     * @param what what was asked and of whom, for the error message
     * @return the value
     * @throws RemoteCallException when the future failed or did not complete in time
     */
    public static <T> T await(Future<T> future, long timeoutMs, String what) {
        return await(future, timeoutMs, what, () -> null);
    }

    /**
     * Blocks until {@code future} completes, giving up early when {@code abort} names a reason
     * (checked every {@value #POLL_MS} ms), such as a node that left the cluster.
     *
     * @param future the pending reply
     * @param timeoutMs how long to wait, in milliseconds, at least 1
     * @param what what was asked and of whom, for the error message
     * @param abort returns why to stop waiting, or {@code null} to go on
     * @return the value
     * @throws RemoteCallException when the future failed, timed out or was aborted
     */
    public static <T> T await(Future<T> future, long timeoutMs, String what,
            Supplier<String> abort) {
        CompletableFuture<T> f = future.toCompletionStage().toCompletableFuture();
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        try {
            while (true) {
                String reason = abort.get();
                if (reason != null) {
                    throw new RemoteCallException(what + " stopped: " + reason, null);
                }
                long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    throw new TimeoutException();
                }
                try {
                    return f.get(Math.min(POLL_MS, leftMs), TimeUnit.MILLISECONDS);
                } catch (TimeoutException notYet) {
                    // poll the abort reason again
                }
            }
        } catch (ExecutionException e) {
            throw new RemoteCallException(what + " failed: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new RemoteCallException(what + " got no answer within " + timeoutMs + " ms",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteCallException(what + " was interrupted", e);
        }
    }

    /**
     * Returns the failure of a job stopped between requests, for a reason such as a node that
     * left the cluster.
     *
     * @param what what was stopped
     * @param reason why
     * @return the exception to throw
     */
    public static RemoteCallException stopped(String what, String reason) {
        return new RemoteCallException(what + " stopped: " + reason, null);
    }

    /** A request to another verticle or node failed, timed out or was interrupted. */
    public static final class RemoteCallException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RemoteCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
