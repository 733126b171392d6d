package io.github.nc4j.core.data;

import io.github.nc4j.linalg.Matrix;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files, the format of MNIST and Fashion-MNIST (LeCun, Cortes and Burges, "The MNIST
 * database of handwritten digits", file-format section), raw or gzip-compressed.
 *
 * <p>An IDX file is a 4-byte magic number {@code 00 00 TT RR} (TT the element type, RR the
 * number of dimensions), RR big-endian int32 dimensions, then the elements in row-major order,
 * big-endian. Gzip is recognized by its own magic number ({@code 1f 8b}), not by the file name.
 *
 * <p>Every violation is an {@link IdxFormatException} naming the problem and its byte offset:
 * a bad magic number, an unknown type, a negative dimension, a header truncated, data shorter or
 * longer than the dimensions declare, a corrupt gzip stream. Memory is allocated as data
 * actually arrives, never from the header's claims alone, so a lying header cannot cause an
 * {@link OutOfMemoryError}. Data of more than 2 GiB is refused.
 */
public final class Idx {

    /** The element types of the IDX format, with their type codes. */
    public enum ElementType {
        /** Unsigned bytes, 0 to 255 (MNIST's images and labels), code 0x08. */
        UNSIGNED_BYTE(0x08, 1),
        /** Signed bytes, code 0x09. */
        SIGNED_BYTE(0x09, 1),
        /** Big-endian 16-bit signed integers, code 0x0B. */
        SHORT(0x0B, 2),
        /** Big-endian 32-bit signed integers, code 0x0C. */
        INT(0x0C, 4),
        /** Big-endian 32-bit IEEE floats, code 0x0D. */
        FLOAT(0x0D, 4),
        /** Big-endian 64-bit IEEE doubles, code 0x0E. */
        DOUBLE(0x0E, 8);

        private final int code;
        private final int bytes;

        ElementType(int code, int bytes) {
            this.code = code;
            this.bytes = bytes;
        }

        /** {@return the type code, the third byte of the magic number} */
        public int code() {
            return code;
        }

        /** {@return the number of bytes per element} */
        public int bytes() {
            return bytes;
        }

        static ElementType ofCode(int code) {
            for (ElementType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }

        private boolean isInteger() {
            return this != FLOAT && this != DOUBLE;
        }

        @Override
        public String toString() {
            return name().toLowerCase().replace('_', ' ') + String.format(" (0x%02X)", code);
        }
    }

    /**
     * The contents of an IDX file: its element type, its dimensions (the first one counts the
     * items actually read) and its elements converted to double in row-major order.
     *
     * @param type the element type
     * @param dimensions the dimensions, the first one counting the items read
     * @param values the elements as doubles, row-major
     */
    public record IdxArray(ElementType type, int[] dimensions, double[] values) {}

    /** Largest data section this reader accepts: what fits in one Java byte array. */
    private static final long MAX_DATA_BYTES = Integer.MAX_VALUE - 8;
    private static final int FIRST_CHUNK = 1 << 20;

    private Idx() {}

    // ---------------------------------------------------------------- public readers

    /**
     * {@return every item of an IDX file of any element type}
     *
     * @param file the file, raw or gzip-compressed
     * @throws IOException if the file cannot be read, or is not well-formed IDX
     *     ({@link IdxFormatException})
     */
    public static IdxArray read(Path file) throws IOException {
        return read(file, Integer.MAX_VALUE);
    }

    /**
     * {@return the first {@code min(maxItems, dimensions[0])} items of an IDX file of any element
     * type (an item is everything under one index of the first dimension)}
     *
     * @param file the file, raw or gzip-compressed
     * @param maxItems the largest number of items to read
     * @throws IdxFormatException if the file is not well-formed IDX
     * @throws IllegalArgumentException if {@code maxItems < 0}
     * @throws IOException if the file cannot be read
     */
    public static IdxArray read(Path file, int maxItems) throws IOException {
        Contents c = readContents(file, maxItems);
        return new IdxArray(c.type, c.dimensions, c.values());
    }

    /**
     * Reads IDX data from a stream (raw or gzip), as {@link #read(Path, int)}; {@code source}
     * names the stream in error messages. The stream is read but not closed.
     *
     * @param in the stream, positioned at the start of the IDX data
     * @param source the stream's name, for error messages
     * @param maxItems the largest number of items to read
     * @return the items read
     * @throws IOException if the stream cannot be read, or the data is not well-formed IDX
     *     ({@link IdxFormatException})
     */
    public static IdxArray read(InputStream in, String source, int maxItems) throws IOException {
        Contents c = readContents(in, source, -1, maxItems);
        return new IdxArray(c.type, c.dimensions, c.values());
    }

    /**
     * Images as rows: the first {@code min(maxItems, n)} items of an unsigned-byte IDX file of
     * shape {@code n x h x w} (or any shape {@code n x ...}) as an {@code n x (h w)} matrix
     * whose entries are the pixel values divided by 255, in [0, 1].
     *
     * @param file the file, raw or gzip-compressed
     * @param maxItems the largest number of images to read
     * @return the images, one per row
     * @throws IdxFormatException if the file is not well-formed IDX, its elements are not
     *     unsigned bytes, or it has fewer than 2 dimensions
     * @throws IOException if the file cannot be read
     */
    public static Matrix readImages(Path file, int maxItems) throws IOException {
        Contents c = readContents(file, maxItems);
        if (c.type != ElementType.UNSIGNED_BYTE || c.dimensions.length < 2) {
            throw new IdxFormatException(c.source, 2, "images must be unsigned bytes with at least"
                    + " 2 dimensions (items x pixels), found " + describe(c.type, c.dimensions));
        }
        double[] values = new double[c.data.length];
        for (int k = 0; k < values.length; k++) {
            values[k] = (c.data[k] & 0xFF) / 255.0;
        }
        return Matrix.wrap(c.dimensions[0], c.itemElements, values);
    }

    /**
     * Labels: the first {@code min(maxItems, n)} entries of a one-dimensional IDX file of an
     * integer element type.
     *
     * @param file the file, raw or gzip-compressed
     * @param maxItems the largest number of labels to read
     * @return the labels
     * @throws IdxFormatException if the file is not well-formed IDX, is not one-dimensional,
     *     or holds floating-point elements
     * @throws IOException if the file cannot be read
     */
    public static int[] readLabels(Path file, int maxItems) throws IOException {
        Contents c = readContents(file, maxItems);
        if (!c.type.isInteger() || c.dimensions.length != 1) {
            throw new IdxFormatException(c.source, 2, "labels must be one-dimensional integers,"
                    + " found " + describe(c.type, c.dimensions));
        }
        double[] values = c.values();
        int[] labels = new int[values.length];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = (int) values[i];
        }
        return labels;
    }

    /**
     * {@return an image file and a label file read together as a {@link LabeledData} of the first
     * {@code maxItems} samples}
     *
     * @param images the image file
     * @param labels the label file
     * @param numClasses the number of classes K
     * @param maxItems the largest number of samples to read
     * @throws IdxFormatException if either file is malformed, or their item counts differ
     *     (both counts and files are named)
     * @throws IllegalArgumentException if a label lies outside {@code 0..numClasses-1}
     * @throws IOException if a file cannot be read
     */
    public static LabeledData readLabeled(Path images, Path labels, int numClasses, int maxItems)
            throws IOException {
        Matrix features = readImages(images, maxItems);
        int[] y = readLabels(labels, maxItems);
        if (y.length != features.rows()) {
            throw new IdxFormatException(labels.toString(), 4, "holds " + y.length
                    + " labels but " + images + " holds " + features.rows() + " images"
                    + (maxItems < Integer.MAX_VALUE ? " (reading at most " + maxItems + ")" : ""));
        }
        return LabeledData.of(features, y, numClasses);
    }

    // ---------------------------------------------------------------- parsing

    /** Header and raw big-endian data of the items read. */
    private record Contents(String source, ElementType type, int[] dimensions, int itemElements,
            byte[] data) {
        double[] values() {
            ByteBuffer buffer = ByteBuffer.wrap(data); // big-endian, as IDX
            double[] out = new double[data.length / type.bytes];
            for (int k = 0; k < out.length; k++) {
                out[k] = switch (type) {
                    case UNSIGNED_BYTE -> buffer.get() & 0xFF;
                    case SIGNED_BYTE -> buffer.get();
                    case SHORT -> buffer.getShort();
                    case INT -> buffer.getInt();
                    case FLOAT -> buffer.getFloat();
                    case DOUBLE -> buffer.getDouble();
                };
            }
            return out;
        }
    }

    private static Contents readContents(Path file, int maxItems) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return readContents(in, file.toString(), Files.size(file), maxItems);
        }
    }

    /**
     * @param fileLength the length of the stream if known (a raw file), else -1; used to reject
     *     a header that does not match the file before reading any data
     */
    private static Contents readContents(InputStream raw, String source, long fileLength,
            int maxItems) throws IOException {
        if (maxItems < 0) {
            throw new IllegalArgumentException("maxItems must be non-negative, got " + maxItems);
        }
        BufferedInputStream buffered = new BufferedInputStream(raw);
        buffered.mark(2);
        boolean gzipped = buffered.read() == 0x1f && buffered.read() == 0x8b;
        buffered.reset();
        CountingStream in;
        if (gzipped) {
            source = source + " (gzip; offsets count decompressed bytes)";
            fileLength = -1;
            try {
                in = new CountingStream(new GZIPInputStream(buffered), source);
            } catch (ZipException | EOFException e) {
                throw new IdxFormatException(source, 0, "corrupt gzip header: " + e.getMessage(),
                        e);
            }
        } else {
            in = new CountingStream(buffered, source);
        }

        Header h = readHeader(in, source);
        if (fileLength >= 0 && fileLength != h.totalBytes()) {
            throw new IdxFormatException(source, Math.min(fileLength, h.totalBytes()),
                    "the header declares " + h.declared() + ", so " + h.totalBytes()
                    + " bytes in all, but the file has " + fileLength + " bytes");
        }
        int items = Math.min(maxItems, h.dimensions[0]);
        long wanted = items * h.itemElements * h.type.bytes; // <= dataBytes, so no overflow
        if (wanted > MAX_DATA_BYTES || h.itemElements > MAX_DATA_BYTES) {
            throw new IdxFormatException(source, h.headerBytes(), "the header declares "
                    + h.declared() + "; " + items + " items of " + h.itemElements + " elements"
                    + " are more than the " + MAX_DATA_BYTES + " bytes this reader holds; read"
                    + " fewer items");
        }
        byte[] data = in.readData((int) wanted, h.declared());
        if (items == h.dimensions[0] && in.read() != -1) {
            throw new IdxFormatException(source, h.totalBytes(), "the data goes on past byte"
                    + " offset " + h.totalBytes() + ", where the header says the file ends (it"
                    + " declares " + h.declared() + ")");
        }
        int[] readDimensions = h.dimensions.clone();
        readDimensions[0] = items;
        return new Contents(source, h.type, readDimensions, (int) h.itemElements, data);
    }

    /**
     * The header: element type, dimensions, and the sizes they imply.
     *
     * @param itemElements the number of elements under one index of the first dimension
     * @param dataBytes the size of the data section, at most {@code Long.MAX_VALUE / 2}
     */
    private record Header(ElementType type, int[] dimensions, long itemElements,
            long dataBytes) {
        long headerBytes() {
            return 4 + 4L * dimensions.length;
        }

        long totalBytes() {
            return headerBytes() + dataBytes;
        }

        String declared() {
            return describe(type, dimensions) + " from byte offset " + headerBytes();
        }
    }

    private static Header readHeader(CountingStream in, String source) throws IOException {
        byte[] magic = in.readFully(4, "the 4-byte magic number");
        if (magic[0] != 0 || magic[1] != 0) {
            throw new IdxFormatException(source, 0, String.format("bad magic number 0x%08X at byte"
                    + " offset 0: an IDX file begins with two zero bytes, a type code and the"
                    + " number of dimensions", ByteBuffer.wrap(magic).getInt()));
        }
        ElementType type = ElementType.ofCode(magic[2] & 0xFF);
        if (type == null) {
            throw new IdxFormatException(source, 2, String.format("unknown element type 0x%02X at"
                    + " byte offset 2; IDX knows %s", magic[2] & 0xFF,
                    Arrays.stream(ElementType.values()).map(ElementType::toString)
                            .collect(Collectors.joining(", "))));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw new IdxFormatException(source, 3, "the number of dimensions at byte offset 3 is"
                    + " 0; IDX files have at least one");
        }
        ByteBuffer dims = ByteBuffer.wrap(in.readFully(4 * rank, rank + " dimensions"));
        int[] dimensions = new int[rank];
        long itemElements = 1; // elements under one index of the first dimension
        for (int i = 0; i < rank; i++) {
            dimensions[i] = dims.getInt();
            if (dimensions[i] < 0) {
                throw new IdxFormatException(source, 4 + 4L * i, "dimension " + i + " at byte"
                        + " offset " + (4 + 4 * i) + " is negative (" + dimensions[i] + ")");
            }
            if (i > 0) {
                itemElements = saturatingProduct(itemElements, dimensions[i]);
            }
        }
        Header header = new Header(type, dimensions, itemElements,
                saturatingProduct(saturatingProduct(itemElements, dimensions[0]), type.bytes));
        if (header.dataBytes() > Long.MAX_VALUE / 2) {
            throw new IdxFormatException(source, 4, "the header declares " + header.declared()
                    + ", more bytes than any file can hold");
        }
        return header;
    }

    /** {@code a * b} for non-negative factors, or {@link Long#MAX_VALUE} if that overflows. */
    private static long saturatingProduct(long a, long b) {
        return b != 0 && a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }

    private static String describe(ElementType type, int[] dimensions) {
        return Arrays.stream(dimensions).mapToObj(Integer::toString)
                .collect(Collectors.joining(" x ")) + " elements of type " + type;
    }

    /**
     * The IDX stream, counting the bytes read so that every error can name its offset. Corrupt
     * gzip data surfaces here as a {@link ZipException} or {@link EOFException} from the
     * decompressor; both become {@link IdxFormatException}s at the current offset.
     */
    private static final class CountingStream {
        private final InputStream in;
        private final String source;
        private long offset;

        CountingStream(InputStream in, String source) {
            this.in = in;
            this.source = source;
        }

        int read() throws IOException {
            int b = guarded(() -> in.read());
            if (b >= 0) {
                offset++;
            }
            return b;
        }

        byte[] readFully(int length, String what) throws IOException {
            byte[] out = new byte[length];
            int filled = fill(out, 0);
            if (filled < length) {
                throw new IdxFormatException(source, offset, "the file ends at byte offset "
                        + offset + ", inside " + what + " (bytes " + (offset - filled) + " to "
                        + (offset - filled + length - 1) + ")");
            }
            return out;
        }

        /** Reads exactly {@code length} data bytes, growing the buffer only as bytes arrive. */
        byte[] readData(int length, String declared) throws IOException {
            long start = offset;
            byte[] buffer = new byte[Math.min(length, FIRST_CHUNK)];
            int filled = 0;
            while (true) {
                filled = fill(buffer, filled);
                if (filled == length) {
                    return buffer;
                }
                if (filled < buffer.length) {
                    throw new IdxFormatException(source, offset, "the data ends at byte offset "
                            + offset + ", but the header declares " + declared + " (reading "
                            + length + " bytes, up to offset " + (start + length) + ")");
                }
                buffer = Arrays.copyOf(buffer, (int) Math.min(length, 2L * buffer.length));
            }
        }

        /** Fills {@code buffer} from position {@code from}; returns the end of what was read. */
        private int fill(byte[] buffer, int from) throws IOException {
            int filled = from;
            while (filled < buffer.length) {
                int start = filled;
                int n = guarded(() -> in.read(buffer, start, buffer.length - start));
                if (n < 0) {
                    break;
                }
                filled += n;
                offset += n;
            }
            return filled;
        }

        private int guarded(IoCall call) throws IOException {
            try {
                return call.run();
            } catch (ZipException | EOFException e) {
                throw new IdxFormatException(source, offset, "corrupt gzip stream after"
                        + " decompressed byte offset " + offset + ": " + e.getMessage(), e);
            }
        }

        @FunctionalInterface
        private interface IoCall {
            int run() throws IOException;
        }
    }
}
