package dev.curate.engine.io;

import static dev.curate.engine.io.NpyFixtures.dictionary;
import static dev.curate.engine.io.NpyFixtures.f4;
import static dev.curate.engine.io.NpyFixtures.f8;
import static dev.curate.engine.io.NpyFixtures.hex;
import static dev.curate.engine.io.NpyFixtures.npy;
import static dev.curate.engine.io.NpyFixtures.write;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyReaderTest {

    @TempDir
    Path dir;

    /** Reads every row of {@code reader} through a scan with blocks of {@code maxRows}. */
    private static float[][] scanAll(NpyReader reader, int maxRows) {
        float[][] out = new float[(int) reader.rows()][reader.dim()];
        reader.scan(maxRows, (first, count, data) -> {
            for (int r = 0; r < count; r++) {
                System.arraycopy(data, r * reader.dim(), out[(int) first + r], 0, reader.dim());
            }
        });
        return out;
    }

    private static float[][] readFile(Path file) {
        try (NpyReader reader = NpyReader.open(file)) {
            return scanAll(reader, 1000);
        }
    }

    private String failure(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> NpyReader.open(file))
                .getMessage();
    }

    @Test
    void c11DecodesFloat16ExactlyIncludingSubnormalInfinityAndNan() {
        byte[] data = hex("00 3c 00 c0 00 38 ff 7b"
                + " 00 7c 00 7e 01 00 00 00 00 42 00 44 00 45 00 46");
        byte[] bytes = npy(1, dictionary("<f2", false, "(3, 4)"), data);
        assertEquals(118, (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8, "header length field");
        assertEquals(128 + 24, bytes.length);
        Path file = write(dir.resolve("c11.npy"), bytes);

        float[][] rows = readFile(file);

        assertArrayEquals(new float[] {1.0f, -2.0f, 0.5f, 65504.0f}, rows[0]);
        assertEquals(Float.POSITIVE_INFINITY, rows[1][0]);
        assertTrue(Float.isNaN(rows[1][1]), "NaN expected, got " + rows[1][1]);
        assertEquals(5.9604645e-08f, rows[1][2]);
        assertEquals(0x1p-24f, rows[1][2]);
        assertEquals(0, Float.floatToRawIntBits(rows[1][3]), "positive zero");
        assertArrayEquals(new float[] {3.0f, 4.0f, 5.0f, 6.0f}, rows[2]);
        try (NpyReader reader = NpyReader.open(file)) {
            assertEquals(128, reader.parts().get(0).header().dataOffset());
        }
    }

    @Test
    void c12aReadsVersion2HeaderWithFourByteLength() {
        byte[] bytes = npy(2, dictionary("<f4", false, "(1, 2)"), hex("00 00 80 3f 00 00 00 40"));
        assertArrayEquals(hex("74 00 00 00"), Arrays.copyOfRange(bytes, 8, 12));
        Path file = write(dir.resolve("v2.npy"), bytes);

        assertArrayEquals(new float[] {1.0f, 2.0f}, readFile(file)[0]);
        assertEquals(128, NpyHeader.read(file).dataOffset());
        assertEquals(2, NpyHeader.read(file).majorVersion());
    }

    @Test
    void c12bReadsVersion3Header() {
        byte[] bytes = npy(3, dictionary("<f4", false, "(1, 2)"), hex("00 00 80 3f 00 00 00 40"));
        Path file = write(dir.resolve("v3.npy"), bytes);

        assertArrayEquals(new float[] {1.0f, 2.0f}, readFile(file)[0]);
        assertEquals(3, NpyHeader.read(file).majorVersion());
    }

    @Test
    void usesTheLengthFieldNotAnAlignmentGuess() {
        // no padding at all: data starts right after the newline, at byte 10 + 60
        String header = dictionary("<f4", false, "(1, 2)") + "\n";
        byte[] prelude = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0};
        byte[] bytes = concat(prelude, header.getBytes(), f4(7f, 8f));
        Path file = write(dir.resolve("unaligned.npy"), bytes);

        assertEquals(10 + header.length(), NpyHeader.read(file).dataOffset());
        assertArrayEquals(new float[] {7f, 8f}, readFile(file)[0]);
    }

    @Test
    void c12cReadsFortranOrderAsRowMajorValues() {
        byte[] bytes = npy(1, dictionary("<f4", true, "(2, 3)"), f4(1, 4, 2, 5, 3, 6));
        Path file = write(dir.resolve("fortran.npy"), bytes);

        float[][] rows = readFile(file);
        assertArrayEquals(new float[] {1, 2, 3}, rows[0]);
        assertArrayEquals(new float[] {4, 5, 6}, rows[1]);
        try (NpyReader reader = NpyReader.open(file)) {
            float[] row = new float[5];
            reader.readRow(1, row, 2);
            assertArrayEquals(new float[] {0, 0, 4, 5, 6}, row);
            assertArrayEquals(new float[][] {{1, 2, 3}, {4, 5, 6}}, scanAll(reader, 1));
        }
    }

    @Test
    void c12dReadsBigEndianFloat32() {
        byte[] bytes = npy(1, dictionary(">f4", false, "(1, 2)"), hex("3f 80 00 00 40 00 00 00"));
        Path file = write(dir.resolve("big.npy"), bytes);

        assertArrayEquals(new float[] {1.0f, 2.0f}, readFile(file)[0]);
    }

    @Test
    void readsBigEndianFloat16AndBothFloat64Orders() {
        Path half = write(dir.resolve("bigf2.npy"),
                npy(1, dictionary(">f2", false, "(1, 3)"), hex("3c 00 c0 00 00 01")));
        assertArrayEquals(new float[] {1.0f, -2.0f, 0x1p-24f}, readFile(half)[0]);

        Path little = write(dir.resolve("f8.npy"),
                npy(1, dictionary("<f8", false, "(2, 2)"), f8(0.25, -1.5, 1e-3, 3)));
        assertArrayEquals(new float[][] {{0.25f, -1.5f}, {1e-3f, 3f}}, readFile(little));

        Path big = write(dir.resolve("bigf8.npy"), npy(1, dictionary(">f8", false, "(1, 1)"),
                hex("40 09 21 fb 54 44 2d 18")));
        assertEquals((float) Math.PI, readFile(big)[0][0]);
    }

    @Test
    void c12eRefusesObjectArrays() {
        Path file = write(dir.resolve("obj.npy"),
                npy(1, dictionary("|O", false, "(2, 2)"), new byte[16]));

        assertTrue(failure(file).contains("object arrays are not supported"), failure(file));
    }

    @Test
    void c12fReportsTruncatedDataWithBothByteCounts() {
        Path file = write(dir.resolve("half.npy"),
                npy(1, dictionary("<f4", false, "(1000, 768)"), new byte[1_536_000]));

        String message = failure(file);
        assertTrue(message.contains("expected 3,072,000 data bytes, found 1,536,000"), message);
        assertTrue(message.contains("half.npy"), message);
    }

    @Test
    void c12gReportsHeaderWithoutDataAsTruncated() {
        Path file = write(dir.resolve("empty.npy"),
                npy(1, dictionary("<f4", false, "(113,)"), new byte[0]));

        String message = failure(file);
        assertTrue(message.contains("expected 452 data bytes, found 0"), message);
    }

    @Test
    void c12hNamesTrailingBytes() {
        byte[] good = npy(1, dictionary("<f4", false, "(1, 2)"), f4(1, 2));
        Path file = write(dir.resolve("trailing.npy"), concat(good, new byte[5]));

        String message = failure(file);
        assertTrue(message.contains("5 extra bytes"), message);
    }

    @Test
    void rejectsBadMagicShowingTheBytes() {
        Path file = write(dir.resolve("bad.npy"), "PK\3\4 not numpy at all".getBytes());

        String message = failure(file);
        assertTrue(message.contains("not a .npy file") && message.contains("50 4b 03 04"),
                message);
    }

    @Test
    void rejectsHeaderLengthBeyondTheFileWithoutReadingIt() {
        byte[] bytes = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0, -1, -1, -1, 0x7f, '{', '}'};
        Path file = write(dir.resolve("long.npy"), bytes);

        String message = failure(file);
        assertTrue(message.contains("2,147,483,647 bytes but the file has only 14 bytes"),
                message);
    }

    @Test
    void rejectsUnsupportedDtypeNamingIt() {
        Path file = write(dir.resolve("int.npy"),
                npy(1, dictionary("<i8", false, "(1, 2)"), new byte[16]));

        String message = failure(file);
        assertTrue(message.contains("unsupported dtype '<i8'"), message);
    }

    @Test
    void rejectsOneDimensionalArrays() {
        Path file = write(dir.resolve("vec.npy"),
                npy(1, dictionary("<f4", false, "(3,)"), f4(1, 2, 3)));

        String message = failure(file);
        assertTrue(message.contains("shape (3,)") && message.contains("expected 2 dimensions"),
                message);
    }

    @Test
    void rejectsFloat64ValuesBeyondFloat32NamingRowAndColumn() {
        Path file = write(dir.resolve("huge.npy"),
                npy(1, dictionary("<f8", false, "(2, 2)"), f8(1, 2, 3, 1e300)));

        String message = assertThrows(IllegalArgumentException.class, () -> readFile(file))
                .getMessage();
        assertTrue(message.contains("row 1") && message.contains("column 1"), message);
    }

    @Test
    void readsSeveralPartsAsOnePoolInOrder() {
        Path a = NpyFixtures.writeF4(dir, "a.npy", new float[][] {{1, 2}, {3, 4}, {5, 6}});
        Path b = write(dir.resolve("b.npy"),
                npy(1, dictionary("<f2", false, "(2, 2)"), hex("00 40 00 42 00 44 00 45")));

        try (NpyReader reader = NpyReader.open(List.of(a, b))) {
            assertEquals(5, reader.rows());
            assertEquals(2, reader.dim());
            assertEquals(3, reader.parts().get(1).firstRow());
            float[][] expected = {{1, 2}, {3, 4}, {5, 6}, {2, 3}, {4, 5}};
            assertArrayEquals(expected, scanAll(reader, 2));
            List<Long> starts = new ArrayList<>();
            reader.scan(2, 2, (first, count, data) -> starts.add(first));
            assertEquals(List.of(2L, 3L), starts, "blocks stop at part boundaries");
            float[] row = new float[2];
            reader.readRow(3, row, 0);
            assertArrayEquals(new float[] {2, 3}, row);
        }
    }

    @Test
    void rejectsPartsOfDifferentDimNamingTheFile() {
        Path a = NpyFixtures.writeF4(dir, "a.npy", new float[][] {{1, 2}});
        Path b = NpyFixtures.writeF4(dir, "b.npy", new float[][] {{1, 2, 3}});

        String message = assertThrows(IllegalArgumentException.class,
                () -> NpyReader.open(List.of(a, b))).getMessage();
        assertTrue(message.contains(b.toString()) && message.contains("dim 3")
                && message.contains("dim 2"), message);
    }

    @Test
    void readsRowsBeyondTwoGibibytesWithLongOffsets() throws IOException {
        long rows = 600_000_000L;
        byte[] head = npy(1, dictionary("<f4", false, "(" + rows + ", 1)"), new byte[0]);
        Path file = dir.resolve("sparse.npy");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.write(head);
            raf.setLength(head.length + rows * 4);
            raf.seek(head.length + (rows - 1) * 4);
            raf.write(f4(42.5f));
        }

        try (NpyReader reader = NpyReader.open(file)) {
            float[] row = new float[1];
            reader.readRow(rows - 1, row, 0);
            assertEquals(42.5f, row[0]);
            float[] last = new float[3];
            reader.scan(rows - 3, 10, (first, count, data) ->
                    System.arraycopy(data, 0, last, (int) (first - (rows - 3)), count));
            assertArrayEquals(new float[] {0f, 0f, 42.5f}, last);
        }
    }

    private static byte[] concat(byte[]... arrays) {
        int n = Arrays.stream(arrays).mapToInt(a -> a.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] a : arrays) {
            System.arraycopy(a, 0, out, at, a.length);
            at += a.length;
        }
        return out;
    }
}
