package dev.curate.engine.train.data;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded queue filled by one background thread: the producer blocks when {@code capacity}
 * items wait (back-pressure, so memory stays flat), the consumer blocks when none does, and the
 * time the consumer spends waiting is measured.
 *
 * <p>One producer thread (started here) and one consumer thread. A producer failure is
 * rethrown to the consumer by {@link #take}, with the producer's exception as the cause.
 *
 * @param <T> the item type
 */
public final class BoundedPrefetch<T> implements AutoCloseable {

    /** Makes the next item; empty ends the stream. */
    @FunctionalInterface
    public interface Producer<T> {
        /**
         * Returns the next item or empty at the end.
         *
         * @throws Exception any failure, handed to the consumer
         */
        Optional<T> produce() throws Exception;
    }

    private static final Object END = new Object();

    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private final AtomicLong waitNanos = new AtomicLong();
    private final int capacity;
    private volatile Throwable failure;
    private boolean ended;

    /**
     * Starts the producer thread.
     *
     * @param name thread name, for thread dumps
     * @param capacity items that may wait in the queue, at least 1
     * @param producer makes the items, called on the producer thread only
     */
    public BoundedPrefetch(String name, int capacity, Producer<T> producer) {
        if (capacity < 1) {
            throw new IllegalArgumentException("prefetch capacity " + capacity
                    + " must be at least 1");
        }
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.thread = new Thread(() -> fill(producer), name);
        thread.setDaemon(true);
        thread.start();
    }

    private void fill(Producer<T> producer) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Optional<T> item = producer.produce();
                if (item.isEmpty()) {
                    break;
                }
                queue.put(item.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (Throwable t) {
            failure = t;
        }
        try {
            queue.put(END);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Returns the next item, waiting for the producer if needed; empty at the end.
     *
     * @throws InterruptedException if interrupted while waiting
     * @throws IllegalStateException if the producer failed
     */
    @SuppressWarnings("unchecked")
    public Optional<T> take() throws InterruptedException {
        if (ended) {
            return Optional.empty();
        }
        long start = System.nanoTime();
        Object item = queue.take();
        waitNanos.addAndGet(System.nanoTime() - start);
        if (item == END) {
            ended = true;
            if (failure != null) {
                throw new IllegalStateException("prefetch thread '" + thread.getName()
                        + "' failed: " + failure.getMessage(), failure);
            }
            return Optional.empty();
        }
        return Optional.of((T) item);
    }

    /** Returns the total time {@link #take} has waited for the producer, in nanoseconds. */
    public long waitNanos() {
        return waitNanos.get();
    }

    /** Returns how many items wait in the queue now, 0 to the capacity. */
    public int queued() {
        return queue.size();
    }

    /** Returns the capacity. */
    public int capacity() {
        return capacity;
    }

    /** Stops the producer thread and waits for it to end. */
    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
