package io.github.nc4j.linalg.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The header of a {@code .npy} file: element type, byte order, memory order and shape, and where
 * the data starts.
 *
 * <p>The format (NumPy Enhancement Proposal 1, "A simple file format for NumPy arrays", and
 * {@code numpy.lib.format}): the magic string {@code \x93NUMPY}, a major and a minor version
 * byte, the header length (2 bytes little-endian in version 1.0, 4 bytes in 2.0 and 3.0), then
 * the header itself, a Python dict literal such as
 * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (200000, 512), }} padded with spaces
 * and a newline so the data starts on a 64-byte boundary. Version 3.0 differs from 2.0 only in
 * allowing UTF-8 in the header. The data follows as the raw elements in C (row-major) or Fortran
 * (column-major) order.
 *
 * <p>nc4j supports the element types of {@link NpyDType} and arrays of rank 0, 1 and 2.
 */
public final class NpyHeader {

    /** Headers longer than this are rejected before any allocation (real ones are ~128 bytes). */
    static final int MAX_HEADER_BYTES = 1 << 20;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int ALIGNMENT = 64;

    private final NpyDType dtype;
    private final ByteOrder byteOrder;
    private final boolean fortranOrder;
    private final long[] shape;
    private final long elementCount;
    private final long dataOffset;

    private NpyHeader(NpyDType dtype, ByteOrder byteOrder, boolean fortranOrder, long[] shape,
                      long elementCount, long dataOffset) {
        this.dtype = dtype;
        this.byteOrder = byteOrder;
        this.fortranOrder = fortranOrder;
        this.shape = shape;
        this.elementCount = elementCount;
        this.dataOffset = dataOffset;
    }

    /**
     * {@return a header for new data (its {@link #dataOffset()} is that of the encoded header)}
     *
     * @param dtype the element type
     * @param byteOrder the byte order of multi-byte elements
     * @param fortranOrder whether elements are stored column-major
     * @param shape the dimensions, at most two
     * @throws IllegalArgumentException if the rank is above 2, a dimension is negative or the
     *     data would exceed {@code Long.MAX_VALUE} bytes
     */
    public static NpyHeader of(NpyDType dtype, ByteOrder byteOrder, boolean fortranOrder,
                               long... shape) {
        Objects.requireNonNull(dtype, "dtype");
        Objects.requireNonNull(byteOrder, "byteOrder");
        if (shape.length > 2) {
            throw new IllegalArgumentException("nc4j reads and writes arrays of rank 0, 1 and 2, "
                    + "not shape " + shapeText(shape));
        }
        long count = elementCount(shape, dtype);
        if (count < 0) {
            throw new IllegalArgumentException("shape " + shapeText(shape)
                    + " is negative or too large");
        }
        NpyHeader draft = new NpyHeader(dtype, byteOrder, fortranOrder, shape.clone(), count, 0);
        return new NpyHeader(dtype, byteOrder, fortranOrder, draft.shape, count,
                draft.encode().length);
    }

    /** {@return the element type} */
    public NpyDType dtype() {
        return dtype;
    }

    /**
     * {@return the byte order of multi-byte elements (irrelevant, and little-endian, for 1-byte
     * ones)}
     */
    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** {@return true if elements are stored column-major, false if row-major (C order)} */
    public boolean isFortranOrder() {
        return fortranOrder;
    }

    /**
     * {@return the dimensions (a copy): {@code []} for a scalar, {@code [n]}, or
     * {@code [rows, cols]}}
     */
    public long[] shape() {
        return shape.clone();
    }

    /** {@return the number of dimensions, 0 to 2} */
    public int rank() {
        return shape.length;
    }

    /** {@return the product of the dimensions (1 for a scalar)} */
    public long elementCount() {
        return elementCount;
    }

    /** {@return the size of the data in bytes} */
    public long dataBytes() {
        return elementCount * dtype.size();
    }

    /**
     * {@return where the data starts: the size of magic string, version, length field and header}
     */
    public long dataOffset() {
        return dataOffset;
    }

    /** {@return the shape as NumPy prints it: {@code ()}, {@code (5,)}, {@code (3, 4)}} */
    public String shapeText() {
        return shapeText(shape);
    }

    @Override
    public String toString() {
        return "npy " + dtype.descr(byteOrder) + " " + shapeText()
                + (fortranOrder ? " Fortran order" : " C order");
    }

    // ---------------------------------------------------------------- writing

    /**
     * The header as NumPy writes it: version 1.0 when it fits a 2-byte length, else 2.0; the dict
     * with a trailing comma; padded with spaces and a newline to a multiple of 64 bytes.
     */
    byte[] encode() {
        String dict = "{'descr': '" + dtype.descr(byteOrder) + "', 'fortran_order': "
                + (fortranOrder ? "True" : "False") + ", 'shape': " + shapeText() + ", }";
        int lengthField = 2;
        int unpadded = MAGIC.length + 2 + lengthField + dict.length() + 1;
        if (unpadded + ALIGNMENT > 0xFFFF) {
            lengthField = 4;
            unpadded += 2;
        }
        int padding = (ALIGNMENT - unpadded % ALIGNMENT) % ALIGNMENT;
        int headerLength = dict.length() + padding + 1;
        byte[] out = new byte[MAGIC.length + 2 + lengthField + headerLength];
        System.arraycopy(MAGIC, 0, out, 0, MAGIC.length);
        out[6] = (byte) (lengthField == 2 ? 1 : 2);
        out[7] = 0;
        for (int i = 0; i < lengthField; i++) {
            out[8 + i] = (byte) (headerLength >>> (8 * i));
        }
        int start = 8 + lengthField;
        byte[] text = dict.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, out, start, text.length);
        Arrays.fill(out, start + text.length, out.length - 1, (byte) ' ');
        out[out.length - 1] = '\n';
        return out;
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads a header from the start of {@code in}, leaving the stream at the first data byte.
     *
     * @param source     named in error messages
     * @param sourceSize total bytes in the source if known (a file), else -1; when known, a
     *                   header length or data size that does not fit is reported before any
     *                   allocation
     * @throws NpyFormatException if the bytes are not a supported {@code .npy} header
     */
    static NpyHeader read(InputStream in, String source, long sourceSize) throws IOException {
        byte[] prefix = readFully(in, 8, source, 0, "the magic string and version");
        for (int i = 0; i < MAGIC.length; i++) {
            if (prefix[i] != MAGIC[i]) {
                throw new NpyFormatException(source, i,
                        "not a .npy file: it must start with the magic string \\x93NUMPY");
            }
        }
        int major = prefix[6] & 0xFF;
        int minor = prefix[7] & 0xFF;
        if (major < 1 || major > 3 || minor != 0) {
            throw new NpyFormatException(source, 6, "unsupported .npy format version "
                    + major + "." + minor + " (nc4j reads 1.0, 2.0 and 3.0)");
        }
        int lengthField = major == 1 ? 2 : 4;
        byte[] lengthBytes = readFully(in, lengthField, source, 8, "the header length");
        long headerLength = 0;
        for (int i = 0; i < lengthField; i++) {
            headerLength |= (long) (lengthBytes[i] & 0xFF) << (8 * i);
        }
        int start = 8 + lengthField;
        if (headerLength > MAX_HEADER_BYTES) {
            throw new NpyFormatException(source, 8, "header length " + headerLength
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes");
        }
        if (sourceSize >= 0 && start + headerLength > sourceSize) {
            throw new NpyFormatException(source, 8, "header length " + headerLength
                    + " runs past the end of the " + sourceSize + "-byte file");
        }
        byte[] text = readFully(in, (int) headerLength, source, start, "the header");
        NpyHeader header = new Parser(text, source, start, major == 3).header(start + headerLength);
        if (sourceSize >= 0 && sourceSize - header.dataOffset != header.dataBytes()) {
            throw new NpyFormatException(source, header.dataOffset, "shape "
                    + header.shapeText() + " of " + header.dtype.descr(header.byteOrder)
                    + " needs " + header.dataBytes() + " data bytes, but the file holds "
                    + (sourceSize - header.dataOffset));
        }
        return header;
    }

    private static byte[] readFully(InputStream in, int n, String source, long offset,
                                    String what) throws IOException {
        byte[] bytes = in.readNBytes(n);
        if (bytes.length < n) {
            throw new NpyFormatException(source, offset + bytes.length,
                    "file ends inside " + what);
        }
        return bytes;
    }

    /** -1 if a dimension is negative or the data size overflows a long. */
    private static long elementCount(long[] shape, NpyDType dtype) {
        long count = 1;
        try {
            for (long dim : shape) {
                if (dim < 0) {
                    return -1;
                }
                count = Math.multiplyExact(count, dim);
            }
            Math.multiplyExact(count, (long) dtype.size());
        } catch (ArithmeticException overflow) {
            return -1;
        }
        return count;
    }

    private static String shapeText(long[] shape) {
        return switch (shape.length) {
            case 0 -> "()";
            case 1 -> "(" + shape[0] + ",)";
            default -> {
                StringBuilder sb = new StringBuilder("(");
                for (int i = 0; i < shape.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(shape[i]);
                }
                yield sb.append(')').toString();
            }
        };
    }

    /**
     * A strict parser for the one Python literal a header holds: a dict with exactly the keys
     * {@code descr} (a string), {@code fortran_order} (True or False) and {@code shape} (a tuple
     * of non-negative integers), in any order, trailing commas allowed.
     */
    private static final class Parser {
        private final String text;
        private final String source;
        private final long base;
        private int pos;

        Parser(byte[] bytes, String source, long base, boolean utf8) throws NpyFormatException {
            this.text = new String(bytes, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            this.source = source;
            this.base = base;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c > 126 || (c < 32 && c != '\n' && c != '\r' && c != '\t')) {
                    // Only ASCII is valid in the headers nc4j reads, which also keeps offsets exact.
                    throw fail(i, "unexpected character 0x" + Integer.toHexString(c)
                            + " in the header");
                }
            }
        }

        NpyHeader header(long dataOffset) throws NpyFormatException {
            String descr = null;
            Boolean fortran = null;
            long[] shape = null;
            int descrAt = 0;
            int shapeAt = 0;
            expect('{');
            while (peek() != '}') {
                int keyAt = skipSpace();
                String key = string();
                expect(':');
                switch (key) {
                    case "descr" -> {
                        if (descr != null) {
                            throw fail(keyAt, "duplicate key 'descr'");
                        }
                        descrAt = skipSpace();
                        if (peek() != '\'' && peek() != '"') {
                            throw fail(descrAt, "structured or non-string dtype descriptions "
                                    + "are not supported");
                        }
                        descr = string();
                    }
                    case "fortran_order" -> {
                        if (fortran != null) {
                            throw fail(keyAt, "duplicate key 'fortran_order'");
                        }
                        fortran = bool();
                    }
                    case "shape" -> {
                        if (shape != null) {
                            throw fail(keyAt, "duplicate key 'shape'");
                        }
                        shapeAt = skipSpace();
                        shape = tuple();
                    }
                    default -> throw fail(keyAt, "unexpected key '" + key
                            + "' (a .npy header has exactly descr, fortran_order and shape)");
                }
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw fail(pos, "expected ',' or '}'");
                }
            }
            pos++;
            skipSpace();
            if (pos < text.length()) {
                throw fail(pos, "unexpected text after the header dict");
            }
            if (descr == null || fortran == null || shape == null) {
                throw fail(0, "the header lacks "
                        + (descr == null ? "'descr'" : fortran == null ? "'fortran_order'" : "'shape'"));
            }
            ByteOrder order = byteOrder(descr, descrAt);
            NpyDType dtype = NpyDType.fromCode(descr.substring(1));
            if (dtype == null) {
                throw fail(descrAt, "unsupported dtype '" + descr + "' (nc4j reads f8, f4, i8, "
                        + "i4, u1 and b1)");
            }
            if (dtype.size() > 1 && descr.charAt(0) == '|') {
                throw fail(descrAt, "dtype '" + descr + "' needs a byte order, '<' or '>'");
            }
            if (shape.length > 2) {
                throw fail(shapeAt, shape.length + "-D arrays are not supported (shape "
                        + shapeText(shape) + "; nc4j reads 0-, 1- and 2-D arrays)");
            }
            long count = elementCount(shape, dtype);
            if (count < 0) {
                throw fail(shapeAt, "shape " + shapeText(shape) + " is too large");
            }
            return new NpyHeader(dtype, order, fortran, shape, count, dataOffset);
        }

        private ByteOrder byteOrder(String descr, int at) throws NpyFormatException {
            if (descr.length() < 2) {
                throw fail(at, "unsupported dtype '" + descr + "'");
            }
            return switch (descr.charAt(0)) {
                case '<', '|' -> ByteOrder.LITTLE_ENDIAN;
                case '>' -> ByteOrder.BIG_ENDIAN;
                case '=' -> throw fail(at, "dtype '" + descr + "' has native byte order '=', "
                        + "which is ambiguous in a file");
                default -> throw fail(at, "unsupported dtype '" + descr + "'");
            };
        }

        private String string() throws NpyFormatException {
            int at = skipSpace();
            char quote = peek();
            if (quote != '\'' && quote != '"') {
                throw fail(at, "expected a quoted string");
            }
            int end = text.indexOf(quote, at + 1);
            if (end < 0) {
                throw fail(at, "unterminated string");
            }
            String s = text.substring(at + 1, end);
            if (s.indexOf('\\') >= 0) {
                throw fail(at, "escape sequences are not supported in header strings");
            }
            pos = end + 1;
            return s;
        }

        private boolean bool() throws NpyFormatException {
            int at = skipSpace();
            if (text.startsWith("True", at)) {
                pos += 4;
                return true;
            }
            if (text.startsWith("False", at)) {
                pos += 5;
                return false;
            }
            throw fail(at, "expected True or False");
        }

        private long[] tuple() throws NpyFormatException {
            int open = skipSpace();
            expect('(');
            List<Long> dims = new ArrayList<>();
            boolean trailingComma = false;
            while (peek() != ')') {
                int at = skipSpace();
                int digits = at;
                while (digits < text.length() && Character.isDigit(text.charAt(digits))) {
                    digits++;
                }
                if (digits == at) {
                    throw fail(at, "expected a non-negative integer dimension");
                }
                try {
                    dims.add(Long.parseLong(text.substring(at, digits)));
                } catch (NumberFormatException tooLong) {
                    throw fail(at, "dimension " + text.substring(at, digits) + " is too large");
                }
                pos = digits;
                if (pos < text.length() && text.charAt(pos) == 'L') {
                    pos++; // Python 2 long literal, as old NumPy versions wrote
                }
                trailingComma = peek() == ',';
                if (trailingComma) {
                    pos++;
                } else if (peek() != ')') {
                    throw fail(pos, "expected ',' or ')' in the shape");
                }
            }
            pos++;
            if (dims.size() == 1 && !trailingComma) {
                throw fail(open, "shape " + text.substring(open, pos)
                        + " is an integer, not a tuple (a 1-D shape is written (n,))");
            }
            long[] shape = new long[dims.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = dims.get(i);
            }
            return shape;
        }

        private void expect(char c) throws NpyFormatException {
            int at = skipSpace();
            if (at >= text.length() || text.charAt(at) != c) {
                throw fail(at, "expected '" + c + "'");
            }
            pos++;
        }

        /** The next non-space character, or 0 at the end; does not consume it. */
        private char peek() {
            skipSpace();
            return pos < text.length() ? text.charAt(pos) : 0;
        }

        private int skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            return pos;
        }

        private NpyFormatException fail(int index, String problem) {
            return new NpyFormatException(source, base + index, problem);
        }
    }
}
