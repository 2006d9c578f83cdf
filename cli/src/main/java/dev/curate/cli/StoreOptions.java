package dev.curate.cli;

import dev.curate.engine.store.TileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The {@code --store} and {@code --map-size} options shared by every command on a store. */
final class StoreOptions {

    /** Default LMDB map size: sparse on disk, so generous costs nothing until used. */
    static final String DEFAULT_MAP_SIZE = "64g";

    @Option(names = "--store", required = true, paramLabel = "DIR",
            description = "Folder of the LMDB tile store.")
    Path store;

    @Option(names = "--map-size", paramLabel = "SIZE", defaultValue = DEFAULT_MAP_SIZE,
            description = "LMDB map size, e.g. 64g or 512m (default: ${DEFAULT-VALUE}). "
                    + "Raise it when a run reports the map is full.")
    String mapSize;

    /** Opens the store, creating the folder when missing. */
    TileStore open() {
        return TileStore.open(store, mapSizeBytes(mapSize));
    }

    /**
     * Opens a store that must exist already, for commands that only read it; a missing store
     * is bad input and no empty store is left behind.
     */
    TileStore openExisting() {
        long mapSizeBytes = mapSizeBytes(mapSize);
        if (!Files.isRegularFile(store.resolve("data.mdb"))) {
            throw new IllegalArgumentException("--store " + store + " is not a curate store (no "
                    + "data.mdb there); expected the folder of a store made by curate ingest or "
                    + "curate import-tree");
        }
        return TileStore.open(store, mapSizeBytes);
    }

    /** Parses sizes like {@code 1024}, {@code 512m}, {@code 64g} or {@code 1t} into bytes. */
    static long mapSizeBytes(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        long unit = 1;
        char last = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
        switch (last) {
            case 'k' -> unit = 1L << 10;
            case 'm' -> unit = 1L << 20;
            case 'g' -> unit = 1L << 30;
            case 't' -> unit = 1L << 40;
            default -> unit = 1;
        }
        String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
        try {
            long value = Long.parseLong(digits) * unit;
            if (value <= 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--map-size '" + text
                    + "' is not a positive size such as 1073741824, 512m or 64g");
        }
    }
}
