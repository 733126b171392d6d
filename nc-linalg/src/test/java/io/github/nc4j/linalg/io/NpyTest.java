package io.github.nc4j.linalg.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    /** Values every type can hold exactly: small non-negative integers. */
    private static Matrix smallIntegers(int rows, int cols) {
        return Matrix.generate(rows, cols, (i, j) -> (i * 7 + j * 3) % 2);
    }

    @Test
    void roundTripsEveryTypeOrderAndLayout() throws IOException {
        int[][] shapes = {{3, 4}, {1, 5}, {5, 1}, {0, 3}, {3, 0}, {0, 0}, {17, 9}};
        for (NpyDType type : NpyDType.values()) {
            for (int[] s : shapes) {
                Matrix m = smallIntegers(s[0], s[1]);
                for (ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
                    for (boolean fortran : new boolean[] {false, true}) {
                        NpyArray array = NpyArray.of(m, type).withByteOrder(order)
                                .withFortranOrder(fortran);
                        Path file = dir.resolve("a.npy");
                        Npy.write(file, array);
                        NpyArray back = Npy.read(file);
                        String what = type + " " + Arrays.toString(s) + " " + order + " fortran="
                                + fortran;
                        assertEquals(array, back, what);
                        assertEquals(m, back.toMatrix(), what);
                        assertEquals(fortran && type.size() > 0, back.header().isFortranOrder());
                        assertEquals(Files.size(file), back.header().dataOffset()
                                + back.header().dataBytes(), what);
                        assertEquals(0, back.header().dataOffset() % 64, "64-byte aligned data");
                    }
                }
            }
        }
    }

    @Test
    void roundTripsFullRangeValuesOfEachType() throws IOException {
        Random random = new Random(3);
        double[] doubles = {0.0, -0.0, Double.MIN_VALUE, Double.MAX_VALUE, -1e-300, Math.PI,
            Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, random.nextGaussian()};
        assertArrayEquals(doubles, roundTrip(NpyArray.of(doubles, NpyDType.FLOAT64)).toDoubles());
        float[] floats = {0f, Float.MIN_VALUE, Float.MAX_VALUE, -1.5e-38f, (float) Math.E, Float.NaN};
        double[] widened = new double[floats.length];
        for (int i = 0; i < floats.length; i++) {
            widened[i] = floats[i];
        }
        assertArrayEquals(widened, roundTrip(NpyArray.of(widened, NpyDType.FLOAT32)).toDoubles());
        long[] longs = {Long.MIN_VALUE, -1, 0, 1L << 40, Long.MAX_VALUE};
        assertArrayEquals(longs, roundTrip(NpyArray.of(longs)).toLongs());
        int[] ints = {Integer.MIN_VALUE, -7, 0, 123456, Integer.MAX_VALUE};
        assertArrayEquals(ints, roundTrip(NpyArray.of(ints)).toInts());
        double[] bytes = {0, 1, 127, 128, 255};
        assertArrayEquals(bytes, roundTrip(NpyArray.of(bytes, NpyDType.UINT8)).toDoubles());
        boolean[] bools = {true, false, false, true};
        assertArrayEquals(new long[] {1, 0, 0, 1}, roundTrip(NpyArray.of(bools)).toLongs());
        NpyArray big = NpyArray.of(longs).withByteOrder(ByteOrder.BIG_ENDIAN);
        assertArrayEquals(longs, roundTrip(big).toLongs());
    }

    private NpyArray roundTrip(NpyArray array) throws IOException {
        Path file = dir.resolve("r.npy");
        Npy.write(file, array);
        return Npy.read(file);
    }

    @Test
    void writesTheHeaderNumpyWrites() {
        // numpy.save of np.zeros((3, 4)): the dict, padded with spaces to 118 bytes, then '\n'.
        byte[] header = NpyHeader.of(NpyDType.FLOAT64, ByteOrder.LITTLE_ENDIAN, false, 3, 4).encode();
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3, 4), }";
        assertEquals(128, header.length);
        assertEquals("\u0093NUMPY", new String(header, 0, 6, StandardCharsets.ISO_8859_1));
        assertEquals(1, header[6]);
        assertEquals(0, header[7]);
        assertEquals(118, (header[8] & 0xFF) | (header[9] & 0xFF) << 8);
        String text = new String(header, 10, 118, StandardCharsets.US_ASCII);
        assertEquals(dict + " ".repeat(118 - dict.length() - 1) + "\n", text);
        String vector = new String(NpyHeader.of(NpyDType.INT32, ByteOrder.BIG_ENDIAN, false, 5)
                .encode(), StandardCharsets.ISO_8859_1);
        assertTrue(vector.contains("'descr': '>i4'") && vector.contains("'shape': (5,)"), vector);
        String scalar = new String(NpyHeader.of(NpyDType.BOOL, ByteOrder.BIG_ENDIAN, true)
                .encode(), StandardCharsets.ISO_8859_1);
        assertTrue(scalar.contains("'descr': '|b1', 'fortran_order': True, 'shape': ()"), scalar);
    }

    @Test
    void readsScalarsAndVectors() throws IOException {
        NpyArray scalar = new NpyArray(NpyHeader.of(NpyDType.FLOAT64, ByteOrder.LITTLE_ENDIAN,
                false), new byte[] {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F});
        assertArrayEquals(new double[] {1.0}, roundTrip(scalar).toDoubles());
        Path file = dir.resolve("v.npy");
        Npy.write(file, NpyArray.of(new double[] {1, 2, 3}, NpyDType.FLOAT32));
        assertArrayEquals(new double[] {1, 2, 3}, Npy.readVector(file));
        var e = assertThrows(IllegalStateException.class, () -> Npy.readMatrix(file));
        assertTrue(e.getMessage().contains("(3,)"), e.getMessage());
        Npy.write(file, NpyArray.of(new long[] {4, 5}));
        assertArrayEquals(new int[] {4, 5}, Npy.readInts(file));
        Npy.write(file, NpyArray.of(new long[] {1L << 33}));
        e = assertThrows(IllegalStateException.class, () -> Npy.readInts(file));
        assertTrue(e.getMessage().contains("8589934592"), e.getMessage());
        Npy.write(file, NpyArray.of(new double[] {1.5}, NpyDType.FLOAT64));
        e = assertThrows(IllegalStateException.class, () -> Npy.readInts(file));
        assertTrue(e.getMessage().contains("floating-point"), e.getMessage());
    }

    @Test
    void rejectsValuesATypeCannotHold() {
        double[][] cases = {{1e39}, {0.5}, {-1}, {256}, {2}, {0x1p63}, {Double.NaN}};
        NpyDType[] types = {NpyDType.FLOAT32, NpyDType.INT32, NpyDType.UINT8, NpyDType.UINT8,
            NpyDType.BOOL, NpyDType.INT64, NpyDType.INT32};
        for (int c = 0; c < cases.length; c++) {
            double[] values = {0, cases[c][0]};
            NpyDType type = types[c];
            var e = assertThrows(IllegalArgumentException.class, () -> NpyArray.of(values, type));
            assertTrue(e.getMessage().startsWith("element 1 = "), e.getMessage());
        }
        assertEquals(Double.POSITIVE_INFINITY,
                NpyArray.of(new double[] {Double.POSITIVE_INFINITY}, NpyDType.FLOAT32).toDoubles()[0]);
    }

    @Test
    void readsSeveralArraysFromOneStream() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Npy.write(out, NpyArray.of(new int[] {1, 2}));
        Npy.write(out, NpyArray.of(Matrix.identity(2)));
        InputStream in = new ByteArrayInputStream(out.toByteArray());
        assertArrayEquals(new int[] {1, 2}, Npy.read(in, "stream").toInts());
        assertEquals(Matrix.identity(2), Npy.read(in, "stream").toMatrix());
        assertEquals(-1, in.read());
    }

    @Test
    void writesLargeArraysInPieces() throws IOException {
        Matrix m = Matrix.gaussian(9, 4, new Random(2));
        NpyHeader header = NpyHeader.of(NpyDType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, 9, 4);
        Path file = dir.resolve("pieces.npy");
        try (var out = Files.newOutputStream(file)) {
            Npy.writeHeader(out, header);
            java.nio.ByteBuffer row = java.nio.ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 9; i++) {
                row.clear();
                for (int j = 0; j < 4; j++) {
                    row.putFloat((float) m.get(i, j));
                }
                out.write(row.array());
            }
        }
        assertEquals(NpyArray.of(m, NpyDType.FLOAT32), Npy.read(file));
    }

    // ---------------------------------------------------------------- malformed input

    /** A valid file's bytes: float64 (3, 4) in C order. */
    private static byte[] valid() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            Npy.write(out, NpyArray.of(smallIntegers(3, 4)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }

    /** A file whose header dict is {@code dict}, version 1.0, followed by {@code dataBytes}. */
    private static byte[] withHeader(String dict, int dataBytes) {
        byte[] text = (dict + "\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[10 + text.length + dataBytes];
        byte[] magic = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
        System.arraycopy(magic, 0, out, 0, 8);
        out[8] = (byte) text.length;
        out[9] = (byte) (text.length >> 8);
        System.arraycopy(text, 0, out, 10, text.length);
        return out;
    }

    private NpyFormatException malformed(byte[] bytes, long offset, String messagePart)
            throws IOException {
        Path file = dir.resolve("bad.npy");
        Files.write(file, bytes);
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(file));
        assertEquals(offset, e.byteOffset(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(e.getMessage().startsWith(file + ": byte " + offset + ": "), e.getMessage());
        assertThrows(NpyFormatException.class, () -> Npy.open(file).close());
        return e;
    }

    @Test
    void reportsMalformedFilesWithTheirOffset() throws IOException {
        byte[] bytes = valid();
        bytes[3] = 'X';
        malformed(bytes, 3, "magic string");

        bytes = valid();
        bytes[6] = 4;
        malformed(bytes, 6, "version 4.0");

        malformed(Arrays.copyOf(valid(), 5), 5, "ends inside the magic");
        malformed(Arrays.copyOf(valid(), 9), 9, "ends inside the header length");
        malformed(Arrays.copyOf(valid(), 60), 8, "runs past the end");

        bytes = valid();
        bytes[6] = 2;
        bytes[8] = 0;
        bytes[9] = 0;
        bytes[10] = 0;
        bytes[11] = 0x10; // 256 MiB header
        malformed(bytes, 8, "exceeds the limit");

        String ok = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }";
        malformed(withHeader(ok, 47), 10 + ok.length() + 1, "needs 48 data bytes, but the file holds 47");
        malformed(withHeader(ok, 49), 10 + ok.length() + 1, "needs 48 data bytes, but the file holds 49");
        malformed(withHeader(ok.replace("<f8", "<c16"), 0), 20, "unsupported dtype '<c16'");
        malformed(withHeader(ok.replace("<f8", "=f8"), 0), 20, "native byte order");
        malformed(withHeader(ok.replace("<f8", "|f8"), 0), 20, "needs a byte order");
        malformed(withHeader(ok.replace("'<f8'", "[('a', '<f8')]"), 0), 20, "structured");
        malformed(withHeader(ok.replace("(2, 3)", "(2, 3, 4)"), 0), 60, "3-D arrays");
        malformed(withHeader(ok.replace("(2, 3)", "(6)"), 0), 60, "not a tuple");
        malformed(withHeader(ok.replace("(2, 3)", "(2, -3)"), 0), 64, "non-negative integer");
        malformed(withHeader(ok.replace("False", "Maybe"), 0), 44, "True or False");
        malformed(withHeader(ok.replace("'shape': (2, 3), ", ""), 0), 10, "lacks 'shape'");
        malformed(withHeader(ok.replace("}", "'extra': 1}"), 0), 68, "unexpected key 'extra'");
        malformed(withHeader(ok.replace("'fortran_order'", "'descr'"), 0), 27, "duplicate key");
        malformed(withHeader(ok + " x", 0), 70, "after the header dict");
        malformed(withHeader(ok.replace("{", ""), 0), 10, "expected '{'");
    }

    @Test
    void aHeaderClaimingAHugeShapeFailsWithoutAllocating() throws IOException {
        String dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (4000000000, 100000), }";
        malformed(withHeader(dict, 16), 10 + dict.length() + 1, "needs 3200000000000000 data bytes");
        String overflow = "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775807, 2), }";
        malformed(withHeader(overflow, 0), 60, "too large");
        // Through a stream the size is unknown: the buffer grows only with the bytes that arrive.
        byte[] lying = withHeader(dict, 1000);
        var e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(lying), "s"));
        assertTrue(e.getMessage().contains("beyond the 2147483639 elements"), e.getMessage());
        String moderate = "{'descr': '<f8', 'fortran_order': False, 'shape': (100000000,), }";
        byte[] short1 = withHeader(moderate, 1000);
        e = assertThrows(NpyFormatException.class,
                () -> Npy.read(new ByteArrayInputStream(short1), "s"));
        assertTrue(e.getMessage().contains("data ends after 1000 of the 800000000 bytes"),
                e.getMessage());
    }

    // ---------------------------------------------------------------- streaming

    @Test
    void npyFileReadsRowRangesInEitherLayout() throws IOException {
        Matrix m = Matrix.gaussian(37, 11, new Random(9));
        for (NpyDType type : new NpyDType[] {NpyDType.FLOAT64, NpyDType.FLOAT32}) {
            Matrix expected = NpyArray.of(m, type).toMatrix();
            for (boolean fortran : new boolean[] {false, true}) {
                Path file = dir.resolve("s.npy");
                Npy.write(file, NpyArray.of(m, type).withFortranOrder(fortran)
                        .withByteOrder(ByteOrder.BIG_ENDIAN));
                try (NpyFile f = Npy.open(file)) {
                    assertEquals(37, f.rows());
                    assertEquals(11, f.cols());
                    double[] rows = new double[5 + 10 * 11];
                    f.readRows(13, 10, rows, 5);
                    assertArrayEquals(expected.rowRange(13, 23).data(),
                            Arrays.copyOfRange(rows, 5, rows.length));
                    double[] all = new double[37 * 11];
                    for (int first = 0; first < 37; first += 8) {
                        int count = Math.min(8, 37 - first);
                        f.readRows(first, count, all, first * 11);
                    }
                    assertArrayEquals(expected.data(), all);
                    assertThrows(IndexOutOfBoundsException.class,
                            () -> f.readRows(30, 8, new double[8 * 11], 0));
                    assertThrows(IndexOutOfBoundsException.class,
                            () -> f.readRows(0, 2, new double[11], 0));
                    assertThrows(IllegalStateException.class,
                            () -> f.readRows(0, 1, new long[11], 0));
                }
            }
        }
        Path labels = dir.resolve("y.npy");
        Npy.write(labels, NpyArray.of(new long[] {3, 1, 4, 1, 5}).withByteOrder(ByteOrder.BIG_ENDIAN));
        try (NpyFile f = Npy.open(labels)) {
            assertEquals(5, f.rows());
            assertEquals(1, f.cols());
            long[] some = new long[3];
            f.readRows(2, 3, some, 0);
            assertArrayEquals(new long[] {4, 1, 5}, some);
        }
    }
}
