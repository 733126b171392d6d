package io.github.nc4j.linalg.io;

import io.github.nc4j.linalg.Matrix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An array as a {@code .npy} file holds it, in memory: a {@link NpyHeader} and the raw element
 * bytes in the header's element type, byte order and memory order. Immutable.
 *
 * <p>Build one from Java values with the {@code of} factories (element type checked value by
 * value), convert it with {@link #toMatrix()}, {@link #toDoubles()}, {@link #toLongs()} or
 * {@link #toInts()}, and change its layout with {@link #withByteOrder} and
 * {@link #withFortranOrder}. {@link Npy} reads and writes it.
 */
public final class NpyArray {

    private final NpyHeader header;
    private final byte[] data;

    NpyArray(NpyHeader header, byte[] data) {
        if (data.length != header.dataBytes()) {
            throw new IllegalArgumentException(header + " needs " + header.dataBytes()
                    + " bytes, got " + data.length);
        }
        this.header = header;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /**
     * {@return a 2-D float64 array holding {@code m}, C order, little-endian}
     *
     * @param m the matrix
     */
    public static NpyArray of(Matrix m) {
        return of(m, NpyDType.FLOAT64);
    }

    /**
     * {@return a 2-D array of the given element type holding {@code m}, C order, little-endian}
     *
     * @param m the matrix
     * @param dtype the element type
     * @throws IllegalArgumentException if an element cannot be stored as {@code dtype}: a finite
     *     value beyond float32's range, a non-integer or out-of-range value for an integer type,
     *     anything but 0 or 1 for bool (the message names the element)
     */
    public static NpyArray of(Matrix m, NpyDType dtype) {
        return encode(NpyHeader.of(dtype, ByteOrder.LITTLE_ENDIAN, false, m.rows(), m.cols()),
                m.data());
    }

    /**
     * {@return a 1-D array of the given element type; conversion checked as in
     * {@link #of(Matrix, NpyDType)}}
     *
     * @param values the elements
     * @param dtype the element type
     */
    public static NpyArray of(double[] values, NpyDType dtype) {
        return encode(NpyHeader.of(dtype, ByteOrder.LITTLE_ENDIAN, false, values.length), values);
    }

    /**
     * {@return a 1-D int32 array}
     *
     * @param values the elements
     */
    public static NpyArray of(int[] values) {
        NpyHeader h = NpyHeader.of(NpyDType.INT32, ByteOrder.LITTLE_ENDIAN, false, values.length);
        ByteBuffer b = allocate(h);
        for (int v : values) {
            b.putInt(v);
        }
        return new NpyArray(h, b.array());
    }

    /**
     * {@return a 1-D int64 array}
     *
     * @param values the elements
     */
    public static NpyArray of(long[] values) {
        NpyHeader h = NpyHeader.of(NpyDType.INT64, ByteOrder.LITTLE_ENDIAN, false, values.length);
        ByteBuffer b = allocate(h);
        for (long v : values) {
            b.putLong(v);
        }
        return new NpyArray(h, b.array());
    }

    /**
     * {@return a 1-D bool array}
     *
     * @param values the elements
     */
    public static NpyArray of(boolean[] values) {
        NpyHeader h = NpyHeader.of(NpyDType.BOOL, ByteOrder.LITTLE_ENDIAN, false, values.length);
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        return new NpyArray(h, bytes);
    }

    private static ByteBuffer allocate(NpyHeader h) {
        if (h.dataBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(h + " needs " + h.dataBytes()
                    + " bytes, more than one Java array holds");
        }
        return ByteBuffer.allocate((int) h.dataBytes()).order(h.byteOrder());
    }

    /** Stores row-major {@code values} (shape from {@code h}, C order) as {@code h.dtype()}. */
    private static NpyArray encode(NpyHeader h, double[] values) {
        ByteBuffer b = allocate(h);
        NpyDType type = h.dtype();
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            switch (type) {
                case FLOAT64 -> b.putDouble(v);
                case FLOAT32 -> {
                    float f = (float) v;
                    if (Float.isInfinite(f) && !Double.isInfinite(v)) {
                        throw notRepresentable(i, v, type);
                    }
                    b.putFloat(f);
                }
                case INT64 -> b.putLong((long) checkInteger(i, v, type,
                        -0x1p63, 0x1p63));
                case INT32 -> b.putInt((int) checkInteger(i, v, type,
                        Integer.MIN_VALUE, Integer.MAX_VALUE + 1.0));
                case UINT8 -> b.put((byte) checkInteger(i, v, type, 0, 256));
                case BOOL -> b.put((byte) checkInteger(i, v, type, 0, 2));
            }
        }
        return new NpyArray(h, b.array());
    }

    /** {@code v} if it is an integer in {@code [lo, hiExclusive)}. */
    private static double checkInteger(int index, double v, NpyDType type, double lo,
                                       double hiExclusive) {
        if (!(v == Math.rint(v) && v >= lo && v < hiExclusive)) {
            throw notRepresentable(index, v, type);
        }
        return v;
    }

    private static IllegalArgumentException notRepresentable(int index, double v, NpyDType type) {
        return new IllegalArgumentException("element " + index + " = " + v
                + " cannot be stored as " + type);
    }

    // ---------------------------------------------------------------- accessors

    /** {@return the header this array would be written with} */
    public NpyHeader header() {
        return header;
    }

    /** {@return the element type} */
    public NpyDType dtype() {
        return header.dtype();
    }

    /** {@return the shape (a copy)} */
    public long[] shape() {
        return header.shape();
    }

    /**
     * {@return the 2-D array as a matrix of doubles (exact for every type except int64 values
     * beyond 2^53, which round to the nearest double)}
     *
     * @throws IllegalStateException if the array is not 2-D
     */
    public Matrix toMatrix() {
        if (header.rank() != 2) {
            throw new IllegalStateException("expected a 2-D array, got shape "
                    + header.shapeText());
        }
        long[] shape = header.shape();
        Matrix m = Matrix.zeros(Math.toIntExact(shape[0]), Math.toIntExact(shape[1]));
        readAll(decoder -> decoder.readRows(0, m.rows(), m.data(), 0));
        return m;
    }

    /**
     * {@return every element as a double, in C (row-major) order, converted as by
     * {@link #toMatrix()}}
     */
    public double[] toDoubles() {
        double[] out = new double[Math.toIntExact(header.elementCount())];
        readAll(decoder -> decoder.readRows(0, (int) decoder.rows(), out, 0));
        return out;
    }

    /**
     * {@return every element of an integer or bool array as a long, in C order (bool: 1 for true)}
     *
     * @throws IllegalStateException if the array holds floating-point numbers
     */
    public long[] toLongs() {
        long[] out = new long[Math.toIntExact(header.elementCount())];
        readAll(decoder -> decoder.readRows(0, (int) decoder.rows(), out, 0));
        return out;
    }

    /**
     * {@return every element of an integer or bool array as an int, in C order}
     *
     * @throws IllegalStateException if the array holds floating-point numbers or an int64 value
     *     outside the int range (the message names its index)
     */
    public int[] toInts() {
        long[] longs = toLongs();
        int[] out = new int[longs.length];
        for (int i = 0; i < longs.length; i++) {
            if (longs[i] != (int) longs[i]) {
                throw new IllegalStateException("element " + i + " = " + longs[i]
                        + " is outside the int range");
            }
            out[i] = (int) longs[i];
        }
        return out;
    }

    // ---------------------------------------------------------------- layout

    /**
     * {@return the same values stored in the given byte order}
     *
     * @param order the byte order
     */
    public NpyArray withByteOrder(ByteOrder order) {
        return relayout(order, header.isFortranOrder());
    }

    /**
     * {@return the same values stored column-major ({@code true}) or row-major ({@code false})}
     *
     * @param fortranOrder whether to store column-major
     */
    public NpyArray withFortranOrder(boolean fortranOrder) {
        return relayout(header.byteOrder(), fortranOrder);
    }

    private NpyArray relayout(ByteOrder order, boolean fortranOrder) {
        NpyHeader target = NpyHeader.of(header.dtype(), order, fortranOrder, header.shape());
        ByteBuffer from = buffer();
        ByteBuffer to = ByteBuffer.allocate(data.length).order(order);
        long[] shape = header.shape();
        int rows = shape.length == 2 ? (int) shape[0] : 1;
        int cols = (int) (shape.length == 2 ? shape[1] : header.elementCount());
        int size = header.dtype().size();
        byte[] element = new byte[size];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                from.get(storageIndex(i, j, rows, cols, header.isFortranOrder()) * size, element);
                if (order != header.byteOrder()) {
                    reverse(element);
                }
                to.put(storageIndex(i, j, rows, cols, fortranOrder) * size, element);
            }
        }
        return new NpyArray(target, to.array());
    }

    private static int storageIndex(int i, int j, int rows, int cols, boolean fortranOrder) {
        return fortranOrder ? j * rows + i : i * cols + j;
    }

    private static void reverse(byte[] b) {
        for (int lo = 0, hi = b.length - 1; lo < hi; lo++, hi--) {
            byte t = b[lo];
            b[lo] = b[hi];
            b[hi] = t;
        }
    }

    // ---------------------------------------------------------------- internals

    /** The raw data bytes, for writing. */
    byte[] rawData() {
        return data;
    }

    private ByteBuffer buffer() {
        return ByteBuffer.wrap(data).order(header.byteOrder());
    }

    private interface DecoderAction {
        void run(RowDecoder decoder) throws IOException;
    }

    private void readAll(DecoderAction action) {
        ByteBuffer all = buffer();
        try {
            action.run(new RowDecoder(header,
                    (position, length) -> all.slice((int) position, length)
                            .order(header.byteOrder()), "array"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: in-memory source", e);
        }
    }

    @Override
    public String toString() {
        return header.toString();
    }

    /**
     * Equal if the element type, byte order, memory order, shape and bytes are all equal.
     *
     * @param o the object to compare with
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a && header.toString().equals(a.header.toString())
                && Arrays.equals(data, a.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(header.toString(), Arrays.hashCode(data));
    }
}
