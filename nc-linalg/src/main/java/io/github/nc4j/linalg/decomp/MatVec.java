package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Workers;
import java.util.Arrays;

/**
 * The matrix-vector products of the one-sided reductions (bidiagonal, tridiagonal), which read
 * the whole trailing matrix once per column and are limited by memory bandwidth: split over
 * threads so that each core streams its own part. Every output element is summed in the same
 * order whatever the split, so results do not depend on the thread count.
 */
final class MatVec {

    /** Multiply-adds worth a second thread (a 256 x 512 block). */
    private static final long PARALLEL_WORK = 1L << 17;

    private MatVec() {
    }

    /** {@code y[yOff + i] = sum_j A(i, j) x[xOff + j]} for the rows x cols block A at aOff. */
    static void times(int rows, int cols, double[] a, int aOff, int lda,
                      double[] x, int xOff, double[] y, int yOff) {
        Kernels kernels = Kernels.get();
        int parts = parts(rows, cols, rows);
        Workers.forEach(parts, part -> {
            int from = (int) ((long) rows * part / parts);
            int to = (int) ((long) rows * (part + 1) / parts);
            for (int i = from; i < to; i++) {
                y[yOff + i] = kernels.dot(cols, a, aOff + i * lda, x, xOff);
            }
        });
    }

    /**
     * {@code y[yOff + j] = sum_i x[xOff + i] A(i, j)} (y = A^T x), accumulating whole rows of A,
     * which are contiguous; threads take strips of columns.
     */
    static void transposeTimes(int rows, int cols, double[] a, int aOff, int lda,
                               double[] x, int xOff, double[] y, int yOff) {
        Kernels kernels = Kernels.get();
        int parts = parts(rows, cols, cols / 64);
        Workers.forEach(parts, part -> {
            int from = (int) ((long) cols * part / parts) & ~7;
            int to = part == parts - 1 ? cols : (int) ((long) cols * (part + 1) / parts) & ~7;
            Arrays.fill(y, yOff + from, yOff + to, 0.0);
            for (int i = 0; i < rows; i++) {
                double xi = x[xOff + i];
                if (xi != 0) {
                    kernels.axpy(to - from, xi, a, aOff + i * lda + from, y, yOff + from);
                }
            }
        });
    }

    private static int parts(int rows, int cols, int maxParts) {
        long work = (long) rows * cols;
        if (work < PARALLEL_WORK) {
            return 1;
        }
        return (int) Math.max(1, Math.min(Parallelism.threads(), maxParts));
    }
}
