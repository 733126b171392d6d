package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.internal.Kernels;
import java.util.Arrays;

/**
 * The matrix-vector products of the one-sided reductions (bidiagonal, tridiagonal), which read
 * the trailing matrix once per column and are limited by memory bandwidth. They stay on the
 * calling thread: a second thread does not raise the memory bandwidth, and its hand-off, paid
 * once per column, makes the products slower.
 */
final class MatVec {

    private MatVec() {
    }

    /** {@code y[yOff + i] = sum_j A(i, j) x[xOff + j]} for the rows x cols block A at aOff. */
    static void times(int rows, int cols, double[] a, int aOff, int lda,
                      double[] x, int xOff, double[] y, int yOff) {
        Kernels.get().level1().multiDot(rows, cols, a, aOff, lda, x, xOff, y, yOff);
    }

    /** {@code y[yOff + j] = sum_i x[xOff + i] A(i, j)} (y = A^T x), contiguous rows at a time. */
    static void transposeTimes(int rows, int cols, double[] a, int aOff, int lda,
                               double[] x, int xOff, double[] y, int yOff) {
        Arrays.fill(y, yOff, yOff + cols, 0.0);
        Kernels.get().level1().multiAxpy(rows, cols, x, xOff, a, aOff, lda, y, yOff);
    }
}
