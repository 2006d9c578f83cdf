package dev.curate.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyWriterTest {

    @TempDir
    Path dir;

    private static String headerText(byte[] file) {
        int len = (file[8] & 0xff) | (file[9] & 0xff) << 8;
        return new String(file, 10, len, StandardCharsets.US_ASCII);
    }

    @Test
    void writesFloat32MatrixWithAlignedHeaderAndExactBytes() throws IOException {
        Path f = dir.resolve("c.npy");
        NpyWriter.writeFloat32(f, new float[] {1f, -2f, 0.5f, 3f, 4f, 5f}, 2, 3);
        byte[] bytes = Files.readAllBytes(f);
        assertArrayEquals(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0},
                Arrays.copyOf(bytes, 8));
        String header = headerText(bytes);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"
                + " ".repeat(128 - 10 - 59 - 1) + "\n", header);
        assertEquals(128, 10 + header.length());
        assertEquals(128 + 24, bytes.length);
        byte[] expected = {0, 0, (byte) 0x80, 0x3f, 0, 0, 0, (byte) 0xc0, 0, 0, 0, 0x3f,
            0, 0, 0x40, 0x40, 0, 0, (byte) 0x80, 0x40, 0, 0, (byte) 0xa0, 0x40};
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, 128, bytes.length));
    }

    @Test
    void writesInt64VectorLittleEndian() throws IOException {
        Path f = dir.resolve("a.npy");
        NpyWriter.writeInt64(f, new long[] {1, -1, 1L << 40});
        byte[] bytes = Files.readAllBytes(f);
        String header = headerText(bytes);
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
                header.stripTrailing());
        assertEquals(128, 10 + header.length());
        ByteBuffer data = ByteBuffer.wrap(bytes, 128, 24).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(1, data.getLong());
        assertEquals(-1, data.getLong());
        assertEquals(1L << 40, data.getLong());
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0, 1, 0, 0}, Arrays.copyOfRange(bytes, 144, 152));
    }

    @Test
    void writesInt64MatrixAndLargeArraysAcrossChunks() throws IOException {
        Path m = dir.resolve("m.npy");
        NpyWriter.writeInt64(m, new long[] {1, 2, 3, 4}, 2, 2);
        assertEquals("{'descr': '<i8', 'fortran_order': False, 'shape': (2, 2), }",
                headerText(Files.readAllBytes(m)).stripTrailing());

        int n = 300_000;
        long[] big = new long[n];
        for (int i = 0; i < n; i++) {
            big[i] = i * 7L - 5;
        }
        Path f = dir.resolve("big.npy");
        NpyWriter.writeInt64(f, big);
        byte[] bytes = Files.readAllBytes(f);
        int offset = 10 + headerText(bytes).length();
        assertEquals(offset + 8L * n, bytes.length);
        ByteBuffer data = ByteBuffer.wrap(bytes, offset, 8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            assertEquals(big[i], data.getLong(), "value " + i);
        }
    }

    @Test
    void headerGrowsToNextMultipleOf64ForLongShapes() {
        byte[] h = NpyWriter.header("<f4", "(123456789012, 1024)");
        assertEquals(128, h.length);
        assertEquals('\n', h[h.length - 1]);
    }

    @Test
    void replacesExistingFileAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("x.npy");
        Files.writeString(f, "old");
        NpyWriter.writeInt64(f, new long[] {9});
        assertEquals(128 + 8, Files.size(f));
        try (var list = Files.list(dir)) {
            assertEquals(List.of(f), list.toList());
        }
    }

    @Test
    void rejectsShapeThatDoesNotMatchData() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> NpyWriter.writeFloat32(dir.resolve("y.npy"), new float[5], 2, 3));
        assertEquals("shape 2 x 3 needs 6 values, got 5 (writing " + dir.resolve("y.npy") + ")",
                e.getMessage());
    }

    @Test
    void failsWithUncheckedIoWhenFolderIsMissing() {
        Path f = dir.resolve("missing").resolve("z.npy");
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> NpyWriter.writeInt64(f, new long[] {1}));
        assertEquals(true, e.getMessage().startsWith("cannot write " + f), e.getMessage());
    }
}
