package io.github.nc4j.examples;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a tiny stand-in for Fashion-MNIST under the four standard IDX names (gzipped, as
 * Debian ships them): {@code side x side} images whose pixels are a fixed pattern per class plus
 * noise, so that a small MLP can learn them; labels cycle through 0..9.
 */
final class FashionMnistFiles {

    private FashionMnistFiles() {
    }

    static void write(Path dir, int trainImages, int testImages, int side) throws IOException {
        Files.createDirectories(dir);
        Random random = new Random(11);
        writeSplit(dir, "train", trainImages, side, random);
        writeSplit(dir, "t10k", testImages, side, random);
    }

    private static void writeSplit(Path dir, String split, int n, int side, Random random)
            throws IOException {
        int pixels = side * side;
        byte[] images = new byte[n * pixels];
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            labels[i] = (byte) label;
            for (int j = 0; j < pixels; j++) {
                int pattern = (label * 37 + j * 11) % 256;
                int noisy = pattern + random.nextInt(41) - 20;
                images[i * pixels + j] = (byte) Math.clamp(noisy, 0, 255);
            }
        }
        write(dir.resolve(split + "-images-idx3-ubyte.gz"), header(3, n, side, side), images);
        write(dir.resolve(split + "-labels-idx1-ubyte.gz"), header(1, n), labels);
    }

    /** The IDX header of unsigned bytes: {@code 00 00 08 rank}, then big-endian dimensions. */
    private static byte[] header(int rank, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * rank);
        b.put((byte) 0).put((byte) 0).put((byte) 0x08).put((byte) rank);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.array();
    }

    private static void write(Path file, byte[] header, byte[] data) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(header);
            out.write(data);
        }
    }
}
