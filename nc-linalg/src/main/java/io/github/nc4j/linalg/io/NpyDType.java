package io.github.nc4j.linalg.io;

import java.nio.ByteOrder;

/**
 * The NumPy element types nc4j reads and writes, with their type codes in a {@code .npy}
 * header's {@code descr} (for example {@code '<f4'}: little-endian, 4-byte float).
 */
public enum NpyDType {
    /** IEEE 754 double, {@code f8}. */
    FLOAT64('f', 8),
    /** IEEE 754 single, {@code f4}; widened exactly to double on reading. */
    FLOAT32('f', 4),
    /** Signed 64-bit integer, {@code i8}. */
    INT64('i', 8),
    /** Signed 32-bit integer, {@code i4}. */
    INT32('i', 4),
    /** Unsigned byte, {@code u1}. */
    UINT8('u', 1),
    /** NumPy's {@code bool}, {@code b1}: one byte, zero for false, anything else for true. */
    BOOL('b', 1);

    private final char kind;
    private final int size;

    NpyDType(char kind, int size) {
        this.kind = kind;
        this.size = size;
    }

    /** {@return the number of bytes per element} */
    public int size() {
        return size;
    }

    /** {@return true for the two floating-point types} */
    public boolean isFloatingPoint() {
        return kind == 'f';
    }

    /**
     * {@return the header's {@code descr} for this type in the given byte order: {@code '<'} or
     * {@code '>'} for multi-byte types, {@code '|'} (not applicable) for one-byte types, as
     * NumPy writes them}
     *
     * @param order the byte order of the data
     */
    public String descr(ByteOrder order) {
        char prefix = size == 1 ? '|' : order == ByteOrder.LITTLE_ENDIAN ? '<' : '>';
        return prefix + String.valueOf(kind) + size;
    }

    /**
     * The type named by a {@code descr} without its byte-order prefix ({@code "f8"},
     * {@code "u1"}, ...), or null if nc4j does not support it.
     */
    static NpyDType fromCode(String code) {
        for (NpyDType t : values()) {
            if (code.equals(String.valueOf(t.kind) + t.size)) {
                return t;
            }
        }
        return null;
    }
}
