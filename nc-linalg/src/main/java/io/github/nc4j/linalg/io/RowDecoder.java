package io.github.nc4j.linalg.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Decodes whole rows of a stored array into row-major Java arrays, whatever the array's element
 * type, byte order and memory order. Rank 0 reads as 1 x 1 and rank 1 as n x 1, so a label
 * vector is a one-column table.
 *
 * <p>C-order rows are one contiguous byte range; Fortran-order rows are gathered one column at a
 * time (each column's slice of the requested rows is contiguous).
 */
final class RowDecoder {

    /** Where the stored bytes come from: an in-memory array or a file read in pieces. */
    interface Source {
        /**
         * The {@code byteCount} data bytes from {@code dataPosition} (relative to the first data
         * byte), in a buffer positioned at 0; valid until the next call.
         */
        ByteBuffer read(long dataPosition, int byteCount) throws IOException;
    }

    private final NpyHeader header;
    private final Source source;
    private final long rows;
    private final int cols;

    RowDecoder(NpyHeader header, Source source, String name) throws NpyFormatException {
        this.header = header;
        this.source = source;
        long[] shape = header.shape();
        this.rows = shape.length == 0 ? 1 : shape[0];
        long c = shape.length == 2 ? shape[1] : 1;
        if (c > Integer.MAX_VALUE - 8) {
            throw new NpyFormatException(name, header.dataOffset(), "rows of " + c
                    + " elements are too long for a Java array");
        }
        this.cols = (int) c;
    }

    long rows() {
        return rows;
    }

    int cols() {
        return cols;
    }

    /** Rows {@code [first, first + count)} as doubles, row-major from {@code dest[offset]}. */
    void readRows(long first, int count, double[] dest, int offset) throws IOException {
        checkRange(first, count, dest.length, offset);
        NpyDType type = header.dtype();
        forEachRun(first, count, offset, (b, n, at, stride) -> {
            // One loop per type, so that the type test stays out of the inner loop.
            switch (type) {
                case FLOAT64 -> {
                    for (int i = 0; i < n; i++, at += stride) {
                        dest[at] = b.getDouble(i << 3);
                    }
                }
                case FLOAT32 -> {
                    for (int i = 0; i < n; i++, at += stride) {
                        dest[at] = b.getFloat(i << 2);
                    }
                }
                case INT64 -> {
                    for (int i = 0; i < n; i++, at += stride) {
                        dest[at] = b.getLong(i << 3);
                    }
                }
                case INT32 -> {
                    for (int i = 0; i < n; i++, at += stride) {
                        dest[at] = b.getInt(i << 2);
                    }
                }
                case UINT8 -> {
                    for (int i = 0; i < n; i++, at += stride) {
                        dest[at] = b.get(i) & 0xFF;
                    }
                }
                case BOOL -> {
                    for (int i = 0; i < n; i++, at += stride) {
                        dest[at] = b.get(i) != 0 ? 1 : 0;
                    }
                }
            }
        });
    }

    /**
     * Rows {@code [first, first + count)} of an integer or bool array as longs.
     *
     * @throws IllegalStateException if the array holds floating-point numbers
     */
    void readRows(long first, int count, long[] dest, int offset) throws IOException {
        checkRange(first, count, dest.length, offset);
        NpyDType type = header.dtype();
        if (type.isFloatingPoint()) {
            throw new IllegalStateException("expected integers, but the array holds "
                    + type.descr(header.byteOrder()) + " floating-point numbers");
        }
        forEachRun(first, count, offset, (b, n, at, stride) -> {
            for (int i = 0; i < n; i++, at += stride) {
                dest[at] = switch (type) {
                    case INT64 -> b.getLong(i << 3);
                    case INT32 -> b.getInt(i << 2);
                    case UINT8 -> b.get(i) & 0xFF;
                    case BOOL -> b.get(i) != 0 ? 1 : 0;
                    case FLOAT64, FLOAT32 -> throw new AssertionError(type);
                };
            }
        });
    }

    private interface Run {
        void decode(ByteBuffer buffer, int elements, int destStart, int destStride);
    }

    /** Hands the stored runs that make up the requested rows to {@code run}. */
    private void forEachRun(long first, int count, int offset, Run run) throws IOException {
        int size = header.dtype().size();
        if (count == 0 || cols == 0) {
            return;
        }
        if (!header.isFortranOrder() || cols == 1) {
            int elements = Math.multiplyExact(count, cols);
            ByteBuffer buffer = source.read(first * cols * size, Math.multiplyExact(elements, size));
            run.decode(buffer, elements, offset, 1);
        } else {
            for (int j = 0; j < cols; j++) {
                ByteBuffer buffer = source.read((j * rows + first) * size,
                        Math.multiplyExact(count, size));
                run.decode(buffer, count, offset + j, cols);
            }
        }
    }

    private void checkRange(long first, int count, int destLength, int offset) {
        if (first < 0 || count < 0 || first + count > rows) {
            throw new IndexOutOfBoundsException("rows [" + first + ", " + (first + count)
                    + ") are outside an array of " + rows + " rows");
        }
        if (offset < 0 || offset + (long) count * cols > destLength) {
            throw new IndexOutOfBoundsException(count + " rows of " + cols + " elements from "
                    + "offset " + offset + " do not fit an array of length " + destLength);
        }
    }
}
