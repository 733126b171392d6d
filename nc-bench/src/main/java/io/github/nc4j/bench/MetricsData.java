package io.github.nc4j.bench;

import io.github.nc4j.linalg.io.Npy;
import io.github.nc4j.linalg.io.NpyDType;
import io.github.nc4j.linalg.io.NpyHeader;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Writes the input of the {@code nc4j metrics} benchmark: Gaussian classes in float32, as a
 * network's penultimate-layer features would be saved from PyTorch.
 *
 * <pre>
 *   java -cp nc-bench/target/benchmarks.jar io.github.nc4j.bench.MetricsData DIR [N d K seed]
 * </pre>
 * writes {@code DIR/H.npy} (N x d float32, default 200,000 x 512, about 400 MB),
 * {@code DIR/y.npy} (N int64 labels, uniform over K = 100 classes), {@code DIR/W.npy}
 * (K x d float32 classifier) and {@code DIR/b.npy} (K float32 biases). Sample i of class k is
 * {@code mu_k + noise} with {@code mu_k ~ N(0, I/4)} and standard normal noise; W is the means
 * plus a little noise, so NC4 is small but not zero. Deterministic for a given seed; the
 * features are written in pieces, so memory stays small whatever N.
 */
public final class MetricsData {

    private MetricsData() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1 && args.length != 5) {
            System.err.println("usage: MetricsData DIR [N d K seed]");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        int d = args.length > 1 ? Integer.parseInt(args[2]) : 512;
        int k = args.length > 1 ? Integer.parseInt(args[3]) : 100;
        long seed = args.length > 1 ? Long.parseLong(args[4]) : 1;
        SplittableRandom random = new SplittableRandom(seed);

        float[][] means = new float[k][d];
        for (float[] mean : means) {
            for (int j = 0; j < d; j++) {
                mean[j] = (float) (0.5 * random.nextGaussian());
            }
        }
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = random.nextInt(k);
        }
        writeFloats(dir.resolve("H.npy"), n, d, (i, row) -> {
            float[] mean = means[(int) labels[i]];
            for (int j = 0; j < d; j++) {
                row[j] = mean[j] + (float) random.nextGaussian();
            }
        });
        writeFloats(dir.resolve("W.npy"), k, d, (c, row) -> {
            for (int j = 0; j < d; j++) {
                row[j] = means[c][j] + (float) (0.1 * random.nextGaussian());
            }
        });
        writeFloats(dir.resolve("b.npy"), k, 0, (c, row) -> row[0] = (float) (0.01 * random.nextGaussian()));
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve("y.npy")))) {
            Npy.writeHeader(out, NpyHeader.of(NpyDType.INT64, ByteOrder.LITTLE_ENDIAN, false, n));
            ByteBuffer buffer = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
            for (long label : labels) {
                buffer.putLong(label);
            }
            out.write(buffer.array());
        }
        System.out.printf("wrote %s/{H,y,W,b}.npy: N=%d, d=%d, K=%d, seed=%d%n", dir, n, d, k, seed);
    }

    private interface RowFiller {
        void fill(int row, float[] values);
    }

    /** A float32 array of {@code rows x cols}, or a vector of {@code rows} when cols is 0. */
    private static void writeFloats(Path file, int rows, int cols, RowFiller filler) throws IOException {
        NpyHeader header = cols == 0
                ? NpyHeader.of(NpyDType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, rows)
                : NpyHeader.of(NpyDType.FLOAT32, ByteOrder.LITTLE_ENDIAN, false, rows, cols);
        int width = Math.max(cols, 1);
        float[] row = new float[width];
        ByteBuffer buffer = ByteBuffer.allocate(4 * width).order(ByteOrder.LITTLE_ENDIAN);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            Npy.writeHeader(out, header);
            for (int i = 0; i < rows; i++) {
                filler.fill(i, row);
                buffer.clear();
                buffer.asFloatBuffer().put(row);
                out.write(buffer.array());
            }
        }
    }
}
