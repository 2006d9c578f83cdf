package dev.curate.verticles.bus;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waits for a future from a worker thread, for engine code that runs synchronously (the
 * coordinator's k-means) and talks to other verticles through the bus. Never call it on an
 * event-loop thread: the reply would be delivered on the thread it blocks.
 */
public final class BusCalls {

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
        try {
            return future.toCompletionStage().toCompletableFuture()
                    .get(timeoutMs, TimeUnit.MILLISECONDS);
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

    /** A request to another verticle or node failed, timed out or was interrupted. */
    public static final class RemoteCallException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        RemoteCallException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
