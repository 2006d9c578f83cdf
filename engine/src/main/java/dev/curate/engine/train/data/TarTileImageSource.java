package dev.curate.engine.train.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tiles as PNG/JPEG entries of tar shards: every {@code *.tar} file in a folder (or one tar
 * file), entries named as in {@link FolderTileImageSource} ({@code <slide_id>/<tile_index>.png}
 * or {@code <slide_id>/<x>_<y>.png}, optionally under one leading folder). The entry index of
 * every shard is read once at open; a tile name found in two shards is an error.
 *
 * <p>Reads are synchronised per shard, so the source is thread-safe. Close it to release the
 * shard files.
 */
public final class TarTileImageSource implements TileImageSource {

    private static final Logger LOG = LoggerFactory.getLogger(TarTileImageSource.class);

    private final List<TarFile> shards = new ArrayList<>();
    private final Map<String, Located> entries = new HashMap<>();

    private record Located(TarFile shard, TarArchiveEntry entry, Path file) {
    }

    /**
     * Opens the shards.
     *
     * @param path a {@code .tar} file or a folder of them
     * @throws IllegalArgumentException if there is no shard or two shards hold the same tile
     * @throws UncheckedIOException if a shard cannot be read
     */
    public TarTileImageSource(Path path) {
        List<Path> files = shardFiles(path);
        try {
            for (Path file : files) {
                TarFile shard = new TarFile(file);
                shards.add(shard);
                indexShard(shard, file);
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot read tar shard under " + path, e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    private static List<Path> shardFiles(Path path) {
        if (Files.isRegularFile(path)) {
            return List.of(path);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("tile tar path " + path + " does not exist");
        }
        try (Stream<Path> list = Files.list(path)) {
            List<Path> tars = list.filter(p -> p.getFileName().toString().endsWith(".tar"))
                    .sorted().toList();
            if (tars.isEmpty()) {
                throw new IllegalArgumentException("folder " + path + " holds no .tar shard");
            }
            return tars;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list tar shards in " + path, e);
        }
    }

    private void indexShard(TarFile shard, Path file) {
        for (TarArchiveEntry entry : shard.getEntries()) {
            if (!entry.isFile()) {
                continue;
            }
            String name = tileName(entry.getName());
            Located before = entries.put(name, new Located(shard, entry, file));
            if (before != null) {
                throw new IllegalArgumentException("tile '" + name + "' is in two tar shards: "
                        + before.file() + " and " + file);
            }
        }
    }

    /** Keeps the last two path parts, {@code <slide_id>/<file>}, dropping a leading folder. */
    private static String tileName(String entryName) {
        String n = entryName.startsWith("./") ? entryName.substring(2) : entryName;
        int last = n.lastIndexOf('/');
        int before = last <= 0 ? -1 : n.lastIndexOf('/', last - 1);
        return before < 0 ? n : n.substring(before + 1);
    }

    /** Returns the number of tile entries across all shards. */
    public int entryCount() {
        return entries.size();
    }

    @Override
    public Optional<TileImage> read(TileRef tile) {
        for (String name : TileImages.candidateNames(tile)) {
            Located at = entries.get(name);
            if (at != null) {
                return readEntry(at);
            }
        }
        return Optional.empty();
    }

    private static Optional<TileImage> readEntry(Located at) {
        try {
            byte[] bytes;
            synchronized (at.shard()) {
                try (InputStream in = at.shard().getInputStream(at.entry())) {
                    bytes = in.readAllBytes();
                }
            }
            Optional<TileImage> image = TileImages.decode(bytes);
            if (image.isEmpty()) {
                LOG.warn("tar entry {} in {} is not a PNG or JPEG ImageIO can decode; "
                        + "counted as missing", at.entry().getName(), at.file());
            }
            return image;
        } catch (IOException e) {
            LOG.warn("cannot read tar entry {} in {}: {}; counted as missing",
                    at.entry().getName(), at.file(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        for (TarFile shard : shards) {
            try {
                shard.close();
            } catch (IOException e) {
                LOG.warn("cannot close tar shard: {}", e.getMessage());
            }
        }
        shards.clear();
    }
}
