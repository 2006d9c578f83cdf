package dev.curate.engine.store;

import dev.curate.engine.io.HalfFloats;
import dev.curate.engine.io.NpyReader;
import java.util.Arrays;

/**
 * The validation pass of an ingest: one streaming read of every row that finds the rows
 * holding NaN or Inf and, when float16 storage is asked for, the values beyond its range.
 * Nothing is written. Holds only the offending rows, never the pool.
 */
final class IngestValidation {

    /** How many offending rows or values an error message lists before "and N more". */
    static final int LISTED = 20;

    static final byte NAN = 1;
    static final byte INF = 2;

    private long[] badRows = new long[16];
    private byte[] badKinds = new byte[16];
    private int badCount;
    private final StringBuilder overflowList = new StringBuilder();
    private long overflowCount;
    private final long rows;

    private IngestValidation(long rows) {
        this.rows = rows;
    }

    /** Reads every row of {@code reader} once and records what is wrong with it. */
    static IngestValidation run(NpyReader reader, boolean float16, IngestListener listener) {
        IngestValidation result = new IngestValidation(reader.rows());
        int dim = reader.dim();
        reader.scan(4096, (first, count, data) -> {
            for (int r = 0; r < count; r++) {
                result.checkRow(first + r, data, r * dim, dim, float16);
            }
            listener.onProgress(IngestListener.Stage.VALIDATE, first + count, reader.rows());
        });
        return result;
    }

    private void checkRow(long row, float[] data, int offset, int dim, boolean float16) {
        byte kind = 0;
        for (int c = 0; c < dim; c++) {
            float v = data[offset + c];
            if (Float.isNaN(v)) {
                kind |= NAN;
            } else if (Float.isInfinite(v)) {
                kind |= INF;
            }
        }
        if (kind != 0) {
            addBadRow(row, kind);
        } else if (float16) {
            for (int c = 0; c < dim; c++) {
                if (Math.abs(data[offset + c]) > HalfFloats.MAX_VALUE) {
                    addOverflow(row, c, data[offset + c]);
                }
            }
        }
    }

    private void addBadRow(long row, byte kind) {
        if (badCount == badRows.length) {
            badRows = Arrays.copyOf(badRows, badCount * 2);
            badKinds = Arrays.copyOf(badKinds, badCount * 2);
        }
        badRows[badCount] = row;
        badKinds[badCount++] = kind;
    }

    private void addOverflow(long row, int column, float value) {
        if (overflowCount++ < LISTED) {
            overflowList.append(overflowList.length() == 0 ? "" : ", ")
                    .append("row ").append(row).append(" column ").append(column)
                    .append(" (").append(value).append(')');
        }
    }

    /** Returns the global rows holding NaN or Inf, ascending. */
    long[] nonFiniteRows() {
        return Arrays.copyOf(badRows, badCount);
    }

    /** Returns per non-finite row its kind: {@link #NAN}, {@link #INF} or both bits. */
    byte[] nonFiniteKinds() {
        return Arrays.copyOf(badKinds, badCount);
    }

    /** Returns, for example, {@code 2 of 6 rows non-finite: 3 (NaN), 5 (Inf)}. */
    String nonFiniteSummary() {
        StringBuilder out = new StringBuilder();
        out.append(badCount).append(" of ").append(rows).append(" rows non-finite: ");
        for (int i = 0; i < Math.min(badCount, LISTED); i++) {
            out.append(i == 0 ? "" : ", ").append(badRows[i]).append(" (")
                    .append(kindName(badKinds[i])).append(')');
        }
        if (badCount > LISTED) {
            out.append(", and ").append(badCount - LISTED).append(" more");
        }
        return out.toString();
    }

    /** Returns the number of values beyond the float16 range in rows that will be stored. */
    long overflowCount() {
        return overflowCount;
    }

    /** Returns the listed out-of-range values, such as {@code row 0 column 2 (70000.0)}. */
    String overflowSummary() {
        long more = overflowCount - LISTED;
        return overflowList + (more > 0 ? ", and " + more + " more" : "");
    }

    private static String kindName(byte kind) {
        if (kind == (NAN | INF)) {
            return "NaN and Inf";
        }
        return kind == NAN ? "NaN" : "Inf";
    }
}
