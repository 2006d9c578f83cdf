package dev.curate.engine.io;

import java.nio.ByteBuffer;

/** Converts raw {@code .npy} element bytes of any supported dtype to float32. */
final class NpyDecoding {

    private NpyDecoding() {
    }

    /**
     * Decodes {@code count} consecutive elements from {@code src} into
     * {@code dst[dstStart], dst[dstStart + dstStride], ...}.
     *
     * @param src the raw bytes, positioned at the first element
     * @param header the part's header (dtype and byte order)
     * @param part the part, named in errors
     * @param firstElement the element index (in file order) of the first decoded value
     */
    static void decode(ByteBuffer src, NpyHeader header, float[] dst, int dstStart,
            int dstStride, int count, NpyReader.Part part, long firstElement) {
        src.order(header.byteOrder());
        int at = dstStart;
        switch (header.elementBytes()) {
            case 2:
                for (int i = 0; i < count; i++, at += dstStride) {
                    dst[at] = HalfFloats.toFloat(src.getShort());
                }
                break;
            case 4:
                if (dstStride == 1) {
                    src.asFloatBuffer().get(dst, dstStart, count);
                } else {
                    for (int i = 0; i < count; i++, at += dstStride) {
                        dst[at] = src.getFloat();
                    }
                }
                break;
            default:
                for (int i = 0; i < count; i++, at += dstStride) {
                    double value = src.getDouble();
                    float narrowed = (float) value;
                    if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
                        throw overflow(value, part, firstElement + i);
                    }
                    dst[at] = narrowed;
                }
                break;
        }
    }

    private static IllegalArgumentException overflow(double value, NpyReader.Part part,
            long element) {
        long[] shape = part.header().shape();
        long row = part.header().fortranOrder() ? element % shape[0] : element / shape[1];
        long col = part.header().fortranOrder() ? element / shape[0] : element % shape[1];
        return new IllegalArgumentException(part.file() + ": float64 value " + value
                + " at row " + (part.firstRow() + row) + " (local row " + row + "), column "
                + col + " is outside the float32 range (max " + Float.MAX_VALUE + ")");
    }
}
