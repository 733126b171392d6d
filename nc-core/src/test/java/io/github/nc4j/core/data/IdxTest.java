package io.github.nc4j.core.data;

import static io.github.nc4j.core.data.IdxFiles.concat;
import static io.github.nc4j.core.data.IdxFiles.gzip;
import static io.github.nc4j.core.data.IdxFiles.header;
import static io.github.nc4j.core.data.IdxFiles.unsignedBytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxTest {

    @TempDir
    Path dir;

    private static final int[] PIXELS = {0, 1, 2, 127, 128, 200, 254, 255, 7, 8, 9, 10};

    @ParameterizedTest(name = "gzipped = {0}")
    @ValueSource(booleans = {false, true})
    void readsImagesAsRowsScaledToUnitInterval(boolean gzipped) throws IOException {
        byte[] raw = unsignedBytes(PIXELS, 3, 2, 2);
        Path file = IdxFiles.write(dir, "images", gzipped ? gzip(raw) : raw);

        Matrix images = Idx.readImages(file, Integer.MAX_VALUE);

        assertEquals(3, images.rows());
        assertEquals(4, images.cols());
        for (int k = 0; k < PIXELS.length; k++) {
            // v / 255 is one correctly rounded division in the reader and here: equal bits.
            assertEquals(PIXELS[k] / 255.0, images.data()[k], "pixel " + k);
        }
        assertEquals(1.0, images.get(1, 3));
        assertEquals(0.0, images.get(0, 0));
    }

    @Test
    void readsOnlyTheRequestedLeadingItems() throws IOException {
        Path file = IdxFiles.write(dir, "images.gz", gzip(unsignedBytes(PIXELS, 3, 2, 2)));
        Matrix first = Idx.readImages(file, 2);
        assertEquals(2, first.rows());
        assertEquals(PIXELS[7] / 255.0, first.get(1, 3));
        assertEquals(0, Idx.readImages(file, 0).rows());
        assertThrows(IllegalArgumentException.class, () -> Idx.readImages(file, -1));
    }

    @Test
    void readsEveryElementTypeBigEndian() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * (1 + 1 + 2 + 4 + 4 + 8));
        data.put((byte) 0xFF).put((byte) 3);               // unsigned byte: 255, 3
        data.put((byte) -5).put((byte) 100);               // signed byte
        data.putShort((short) -30000).putShort((short) 7); // short
        data.putInt(Integer.MIN_VALUE).putInt(123456789);  // int
        data.putFloat(1.5f).putFloat(-0.1f);               // float
        data.putDouble(Math.PI).putDouble(-1e300);         // double
        double[][] expected = {{255, 3}, {-5, 100}, {-30000, 7}, {Integer.MIN_VALUE, 123456789},
                {1.5, (double) -0.1f}, {Math.PI, -1e300}};
        int[] codes = {0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E};
        int offset = 0;
        for (int t = 0; t < codes.length; t++) {
            Idx.ElementType type = Idx.ElementType.values()[t];
            assertEquals(codes[t], type.code());
            byte[] body = Arrays.copyOfRange(data.array(), offset, offset + 2 * type.bytes());
            offset += 2 * type.bytes();
            Path file = IdxFiles.write(dir, "t" + t, concat(header(codes[t], 2), body));

            Idx.IdxArray array = Idx.read(file);

            assertEquals(type, array.type());
            assertArrayEquals(new int[] {2}, array.dimensions());
            assertArrayEquals(expected[t], array.values(), type.toString());
        }
    }

    @Test
    void readsLabelsAndPairsThemWithImages() throws IOException {
        Path images = IdxFiles.write(dir, "img", unsignedBytes(PIXELS, 3, 4));
        Path labels = IdxFiles.write(dir, "lab.gz", gzip(unsignedBytes(new int[] {2, 0, 1}, 3)));

        assertArrayEquals(new int[] {2, 0, 1}, Idx.readLabels(labels, 10));
        LabeledData data = Idx.readLabeled(images, labels, 3, Integer.MAX_VALUE);

        assertEquals(3, data.size());
        assertEquals(4, data.dimension());
        assertArrayEquals(new int[] {1, 1, 1}, data.classCounts());
    }

    @Test
    void imageAndLabelCountsMustAgree() throws IOException {
        Path images = IdxFiles.write(dir, "img", unsignedBytes(PIXELS, 3, 4));
        Path labels = IdxFiles.write(dir, "lab", unsignedBytes(new int[] {2, 0}, 2));
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> Idx.readLabeled(images, labels, 3, Integer.MAX_VALUE));
        assertMentions(e, "2 labels", "3 images");
    }

    @Test
    void labelsOutOfRangeAreRejectedByLabeledData() throws IOException {
        Path images = IdxFiles.write(dir, "img", unsignedBytes(PIXELS, 3, 4));
        Path labels = IdxFiles.write(dir, "lab", unsignedBytes(new int[] {2, 0, 9}, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Idx.readLabeled(images, labels, 3, Integer.MAX_VALUE));
        assertMentions(e, "sample 2", "9");
    }

    @Test
    void imagesMustBeUnsignedBytesAndLabelsOneDimensionalIntegers() throws IOException {
        Path floats = IdxFiles.write(dir, "f", concat(header(0x0D, 1, 1), new byte[4]));
        assertMentions(assertThrows(IdxFormatException.class,
                () -> Idx.readImages(floats, 1)), "unsigned bytes", "float");
        assertMentions(assertThrows(IdxFormatException.class,
                () -> Idx.readLabels(floats, 1)), "one-dimensional", "1 x 1");
        Path vector = IdxFiles.write(dir, "v", unsignedBytes(new int[] {1, 2}, 2));
        assertMentions(assertThrows(IdxFormatException.class,
                () -> Idx.readImages(vector, 1)), "at least 2 dimensions");
    }

    @Test
    void emptyItemsAreAValidFile() throws IOException {
        Path file = IdxFiles.write(dir, "empty", header(0x08, 0, 28, 28));
        Matrix images = Idx.readImages(file, 10);
        assertEquals(0, images.rows());
        assertEquals(784, images.cols());
    }

    // ---------------------------------------------------------------- malformed files

    @Test
    void badMagicNumberNamesOffsetZero() throws IOException {
        byte[] bytes = unsignedBytes(PIXELS, 12);
        bytes[1] = 0x42;
        IdxFormatException e = read(bytes);
        assertEquals(0, e.offset());
        assertMentions(e, "bad magic number 0x00420801", "byte offset 0");
    }

    @Test
    void unknownTypeCodeNamesOffsetTwo() throws IOException {
        IdxFormatException e = read(concat(header(0x07, 1), new byte[1]));
        assertEquals(2, e.offset());
        assertMentions(e, "unknown element type 0x07", "byte offset 2");
    }

    @Test
    void zeroDimensionsNamesOffsetThree() throws IOException {
        IdxFormatException e = read(header(0x08));
        assertEquals(3, e.offset());
        assertMentions(e, "number of dimensions", "0");
    }

    @Test
    void negativeDimensionNamesItsOffset() throws IOException {
        IdxFormatException e = read(header(0x08, 5, -3));
        assertEquals(8, e.offset());
        assertMentions(e, "dimension 1", "byte offset 8", "-3");
    }

    @Test
    void truncatedHeaderNamesWhereTheFileEnds() throws IOException {
        byte[] full = header(0x08, 5, 6, 7);
        IdxFormatException e = read(Arrays.copyOf(full, 10));
        assertEquals(10, e.offset());
        assertMentions(e, "ends at byte offset 10", "3 dimensions");
        assertEquals(2, read(new byte[] {0, 0}).offset());
        assertEquals(0, read(new byte[0]).offset());
    }

    @Test
    void rawFileShorterThanDeclaredIsRejectedBeforeReading() throws IOException {
        byte[] bytes = Arrays.copyOf(unsignedBytes(PIXELS, 3, 2, 2), 16 + 11);
        IdxFormatException e = read(bytes);
        assertEquals(27, e.offset());
        assertMentions(e, "3 x 2 x 2", "28 bytes in all", "file has 27 bytes");
    }

    @Test
    void rawFileLongerThanDeclaredIsRejected() throws IOException {
        IdxFormatException e = read(concat(unsignedBytes(PIXELS, 3, 2, 2), new byte[] {1}));
        assertEquals(28, e.offset());
        assertMentions(e, "28 bytes in all", "file has 29 bytes");
    }

    @Test
    void gzippedTruncatedDataNamesTheDecompressedOffset() throws IOException {
        byte[] raw = Arrays.copyOf(unsignedBytes(PIXELS, 3, 2, 2), 27);
        IdxFormatException e = read(gzip(raw));
        assertEquals(27, e.offset());
        assertMentions(e, "gzip", "data ends at byte offset 27", "3 x 2 x 2");
    }

    @Test
    void gzippedTrailingDataNamesWhereTheFileShouldEnd() throws IOException {
        IdxFormatException e = read(gzip(concat(unsignedBytes(PIXELS, 3, 2, 2), new byte[5])));
        assertEquals(28, e.offset());
        assertMentions(e, "goes on past byte offset 28");
    }

    @Test
    void corruptGzipStreamIsAFormatError() throws IOException {
        byte[] z = gzip(unsignedBytes(PIXELS, 3, 2, 2));
        byte[] cut = Arrays.copyOf(z, z.length - 12); // loses the end of the deflate data
        assertMentions(read(cut), "gzip");
        byte[] garbled = z.clone();
        for (int k = 10; k < garbled.length; k++) {
            garbled[k] = (byte) 0xFF;
        }
        assertMentions(read(garbled), "gzip");
        assertMentions(read(new byte[] {0x1f, (byte) 0x8b, 8}), "gzip");
    }

    /** A header claiming 2 GB of data backed by a few bytes: an error, no 2 GB allocation. */
    @Test
    void lyingHeaderCannotExhaustMemory() throws IOException {
        byte[] lying = concat(header(0x08, Integer.MAX_VALUE - 8, 1), new byte[100]);
        assertMentions(read(lying), "file has 112 bytes");
        // The gzipped length is unknown up front: the reader must find out by reading.
        assertMentions(read(gzip(lying)), "data ends at byte offset 112");

        IdxFormatException huge = read(header(0x0E, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE));
        assertMentions(huge, "more bytes than any file can hold");
        IdxFormatException tooBig = read(gzip(header(0x0E, 1 << 29)));
        assertMentions(tooBig, "read fewer items");
    }

    private IdxFormatException read(byte[] bytes) throws IOException {
        Path file = IdxFiles.write(dir, "bad", bytes);
        IdxFormatException fromFile = assertThrows(IdxFormatException.class, () -> Idx.read(file));
        assertTrue(fromFile.getMessage().startsWith(file.toString()), fromFile.getMessage());
        return fromFile;
    }

    static void assertMentions(Exception e, String... parts) {
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "message lacks \"" + part + "\": "
                    + e.getMessage());
        }
    }

    @Test
    void streamsAreReadLikeFiles() throws IOException {
        byte[] raw = unsignedBytes(PIXELS, 3, 4);
        Idx.IdxArray a = Idx.read(new ByteArrayInputStream(gzip(raw)), "memory", 2);
        assertArrayEquals(new int[] {2, 4}, a.dimensions());
        assertEquals(255.0, a.values()[7]);
        IdxFormatException e = assertThrows(IdxFormatException.class,
                () -> Idx.read(new ByteArrayInputStream(Arrays.copyOf(raw, 15)), "memory", 10));
        assertMentions(e, "memory", "byte offset 15");
    }
}
