package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;
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
        Level1Kernels kernels = Kernels.get().level1();
        for (int i = 0; i < rows; i++) {
            y[yOff + i] = kernels.dot(cols, a, aOff + i * lda, x, xOff);
        }
    }

    /** {@code y[yOff + j] = sum_i x[xOff + i] A(i, j)} (y = A^T x), a contiguous row at a time. */
    static void transposeTimes(int rows, int cols, double[] a, int aOff, int lda,
                               double[] x, int xOff, double[] y, int yOff) {
        Level1Kernels kernels = Kernels.get().level1();
        Arrays.fill(y, yOff, yOff + cols, 0.0);
        for (int i = 0; i < rows; i++) {
            kernels.axpy(cols, x[xOff + i], a, aOff + i * lda, y, yOff);
        }
    }
}
