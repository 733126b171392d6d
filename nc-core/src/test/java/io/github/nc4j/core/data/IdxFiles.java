package io.github.nc4j.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files byte by byte for the tests, independently of the reader. */
final class IdxFiles {

    private IdxFiles() {}

    /** Header {@code 00 00 type rank} and big-endian dimensions. */
    static byte[] header(int typeCode, int... dimensions) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dimensions.length);
        b.put((byte) 0).put((byte) 0).put((byte) typeCode).put((byte) dimensions.length);
        for (int d : dimensions) {
            b.putInt(d);
        }
        return b.array();
    }

    /** An unsigned-byte IDX file: header and {@code pixels} (values 0..255). */
    static byte[] unsignedBytes(int[] pixels, int... dimensions) {
        byte[] h = header(0x08, dimensions);
        byte[] out = new byte[h.length + pixels.length];
        System.arraycopy(h, 0, out, 0, h.length);
        for (int k = 0; k < pixels.length; k++) {
            out[h.length + k] = (byte) pixels[k];
        }
        return out;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    static byte[] gzip(byte[] raw) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (GZIPOutputStream z = new GZIPOutputStream(bytes)) {
                z.write(raw);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path dir, String name, byte[] content) throws IOException {
        return Files.write(dir.resolve(name), content);
    }

    /**
     * Writes a small MNIST-layout data set ({@code n} images of {@code side x side} pixels, pixel
     * (i, j) = (i + 3 j) mod 256, label i mod 10) under the four standard names.
     */
    static void writeMnistLayout(Path dir, int nTrain, int nTest, int side, boolean gzipped)
            throws IOException {
        writeSplit(dir, "train", nTrain, side, gzipped);
        writeSplit(dir, "t10k", nTest, side, gzipped);
    }

    private static void writeSplit(Path dir, String split, int n, int side, boolean gzipped)
            throws IOException {
        int pixels = side * side;
        int[] values = new int[n * pixels];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int j = 0; j < pixels; j++) {
                values[i * pixels + j] = (i + 3 * j) % 256;
            }
        }
        String suffix = gzipped ? ".gz" : "";
        byte[] images = unsignedBytes(values, n, side, side);
        byte[] labelFile = unsignedBytes(labels, n);
        write(dir, split + "-images-idx3-ubyte" + suffix, gzipped ? gzip(images) : images);
        write(dir, split + "-labels-idx1-ubyte" + suffix, gzipped ? gzip(labelFile) : labelFile);
    }
}
