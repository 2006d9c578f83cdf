package dev.curate.engine.train.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The prefetch queue holds at most its capacity and hands producer failures on. */
class BoundedPrefetchTest {

    @Test
    void producerWaitsOnceTheQueueIsFull() throws Exception {
        AtomicInteger produced = new AtomicInteger();
        try (BoundedPrefetch<Integer> prefetch = new BoundedPrefetch<>("test", 3,
                () -> Optional.of(produced.incrementAndGet()))) {
            Thread.sleep(300);
            // 3 queued plus the one the producer holds while it waits to put it
            assertEquals(4, produced.get());
            assertEquals(3, prefetch.queued());
            assertEquals(1, prefetch.take().orElseThrow());
            Thread.sleep(100);
            assertEquals(5, produced.get());
        }
    }

    @Test
    void streamEndsAfterTheLastItem() throws Exception {
        AtomicInteger left = new AtomicInteger(2);
        try (BoundedPrefetch<Integer> prefetch = new BoundedPrefetch<>("test", 4,
                () -> left.get() > 0 ? Optional.of(left.getAndDecrement()) : Optional.empty())) {
            assertEquals(2, prefetch.take().orElseThrow());
            assertEquals(1, prefetch.take().orElseThrow());
            assertTrue(prefetch.take().isEmpty());
            assertTrue(prefetch.take().isEmpty());
        }
    }

    @Test
    void producerFailureReachesTheConsumerWithItsCause() {
        try (BoundedPrefetch<Integer> prefetch = new BoundedPrefetch<>("tiles", 2, () -> {
            throw new IllegalStateException("shard 3 unreadable");
        })) {
            IllegalStateException e = assertThrows(IllegalStateException.class, prefetch::take);
            assertEquals("prefetch thread 'tiles' failed: shard 3 unreadable", e.getMessage());
            assertEquals("shard 3 unreadable", e.getCause().getMessage());
        }
    }
}
