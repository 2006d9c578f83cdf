package dev.curate.cli;

import dev.curate.engine.io.TileTableReader;
import dev.curate.engine.tree.CuratedSubsetWriter;
import dev.curate.verticles.bus.Addresses;
import dev.curate.verticles.bus.BusCalls;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;

/**
 * Draws a curated subset through the sampling verticle ({@link Addresses#SAMPLE_REQUEST},
 * then every {@link Addresses#SAMPLE_CHUNK}) and writes {@code indices.npy} and
 * {@code curated.csv}, as {@code curate sample} does from a store.
 */
final class BusSample {

    private final Vertx vertx;
    private final long timeoutMs;

    BusSample(Vertx vertx, long timeoutMs) {
        this.vertx = vertx;
        this.timeoutMs = timeoutMs;
    }

    /** Draws the sample and writes it to {@code outDir}; returns the indices. */
    long[] draw(long target, int multiplier, String strategy, long seed, Path tiles,
            long tileCount, Path outDir, PrintWriter out) {
        JsonObject summary = ask(Addresses.SAMPLE_REQUEST, new JsonObject().put("target", target)
                .put("multiplier", multiplier).put("strategy", strategy).put("seed", seed));
        String id = summary.getString("sampleId");
        long[] indices = new long[summary.getInteger("size")];
        int at = 0;
        for (int c = 0; c < summary.getInteger("chunks"); c++) {
            JsonArray part = ask(Addresses.SAMPLE_CHUNK, new JsonObject().put("sampleId", id)
                    .put("chunk", c)).getJsonArray("indices");
            for (int i = 0; i < part.size(); i++) {
                indices[at++] = part.getLong(i);
            }
        }
        if (at != indices.length) {
            throw new IllegalStateException("sample " + id + " announced " + indices.length
                    + " entries but its chunks held " + at);
        }
        CuratedSubsetWriter.writeIndices(indices, TileTableReader.read(tiles, tileCount),
                outDir);
        out.printf("sampled %,d entries (%,d repeats) in %d chunks through the sampling "
                + "verticle into %s%n", indices.length, summary.getLong("duplicates"),
                summary.getInteger("chunks"), outDir);
        out.flush();
        return indices;
    }

    private JsonObject ask(String address, JsonObject body) {
        try {
            return BusCalls.<Message<JsonObject>>await(vertx.eventBus().request(address, body),
                    timeoutMs, address).body();
        } catch (BusCalls.RemoteCallException e) {
            if (e.getCause() instanceof ReplyException r) {
                throw new IllegalArgumentException(r.getMessage(), e);
            }
            throw e;
        }
    }
}
