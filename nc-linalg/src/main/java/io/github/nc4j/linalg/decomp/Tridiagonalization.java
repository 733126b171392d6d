package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;
import io.github.nc4j.linalg.internal.Workers;
import java.util.Arrays;

/**
 * Householder reduction of a symmetric matrix to tridiagonal form, {@code A = Q T Q^T}, blocked
 * as LAPACK's {@code dsytrd}/{@code dlatrd} with the lower triangle (Golub and Van Loan, 4th ed.,
 * section 8.3.1; Dongarra, Hammarling and Sorensen, "Block reduction of matrices to condensed
 * forms for eigenvalue computations", J. Comput. Appl. Math. 27, 1989): within a panel of
 * {@link #BLOCK} columns the reflectors are applied lazily through {@code A - V W^T - W V^T},
 * and the lower triangle of the trailing matrix is brought up to date once per panel by GEMMs
 * on block rows (a symmetric rank-2k update). The other half of the {@code 4 n^3 / 3} flops are
 * symmetric matrix-vector products, one per column, which read the lower triangle once.
 *
 * <p>Only the lower triangle (diagonal included) of the row-major matrix is read and kept up to
 * date; the strict upper triangle ends up holding garbage. Reflector j, {@code H_j = I - tau_j
 * v_j v_j^T}, acts on indices {@code j+1 .. n-1}; {@code v_j(j+1) = 1} and its other elements are
 * left in column j, rows {@code j+2 .. n-1}.
 */
final class Tridiagonalization {

    private static final int BLOCK = 32;

    /** Rows per GEMM of the lower-triangular trailing update. */
    private static final int UPDATE_ROWS = 64;

    /**
     * Parts of a symmetric matrix-vector product of order at least {@link #SPLIT_ORDER}: a fixed
     * number, so that the sums, and the results, do not depend on the thread count.
     */
    private static final int PRODUCT_PARTS = 2;

    /** Order from which the matrix-vector product is split into parts (smaller: one part). */
    private static final int SPLIT_ORDER = 256;

    private Tridiagonalization() {
    }

    /**
     * Reduces the n x n symmetric {@code a} (lower triangle) in place; {@code d} (length n)
     * receives the diagonal of T, {@code e} and {@code tau} (length n - 1) its off-diagonal and
     * the reflector scalars.
     */
    static void reduce(double[] a, int n, double[] d, double[] e, double[] tau) {
        Level1Kernels kernels = Kernels.get().level1();
        int nb = Math.min(BLOCK, n);
        double[] vt = new double[nb * n];
        double[] wt = new double[nb * n];
        double[] column = new double[n];
        double[] partial = new double[(PRODUCT_PARTS - 1) * n];
        for (int i0 = 0; i0 < n; i0 += nb) {
            int kb = Math.min(nb, n - i0);
            Arrays.fill(vt, 0.0);
            Arrays.fill(wt, 0.0);
            for (int jj = 0; jj < kb; jj++) {
                int j = i0 + jj;
                for (int r = j; r < n; r++) {
                    column[r] = a[r * n + j];
                }
                for (int k = 0; k < jj; k++) {
                    kernels.axpy(n - j, -wt[k * n + j], vt, k * n + j, column, j);
                    kernels.axpy(n - j, -vt[k * n + j], wt, k * n + j, column, j);
                }
                d[j] = column[j];
                if (j == n - 1) {
                    break;
                }
                int len = n - j - 1;
                tau[j] = Householder.generate(column, j + 1, len);
                e[j] = column[j + 1];
                int v = jj * n + j + 1;
                vt[v] = 1;
                System.arraycopy(column, j + 2, vt, v + 1, len - 1);
                for (int r = j + 2; r < n; r++) {
                    a[r * n + j] = column[r];
                }
                if (tau[j] != 0) {
                    updateVector(kernels, a, n, j, jj, vt, wt, partial, tau[j]);
                }
            }
            int c0 = i0 + kb;
            for (int r0 = c0; r0 < n; r0 += UPDATE_ROWS) {
                // Block row r0..r1 of the lower triangle: A(r0:r1, c0:r1) -= V W^T + W V^T.
                int r1 = Math.min(n, r0 + UPDATE_ROWS);
                Blas.gemm(r1 - r0, r1 - c0, kb, -1.0, vt, r0, n, true, wt, c0, n, false,
                        1.0, a, r0 * n + c0, n);
                Blas.gemm(r1 - r0, r1 - c0, kb, -1.0, wt, r0, n, true, vt, c0, n, false,
                        1.0, a, r0 * n + c0, n);
            }
        }
    }

    /**
     * Row jj of W: {@code w = tau (A22 v - V (W^T v) - W (V^T v))}, then
     * {@code w -= (tau / 2)(w^T v) v}, so that {@code H A22 H = A22 - v w^T - w v^T}; A22 is the
     * trailing matrix as it stood at the start of the panel. {@code A22 v} reads each row of the
     * lower triangle once, using it both as a row (dot) and as a column (AXPY); large products
     * are split into parts of equal area by rows, run in parallel (this half of the reduction's
     * flops is bound by memory bandwidth, which a second core adds to), each part adding its
     * AXPYs into its own vector, summed in order afterwards.
     */
    private static void updateVector(Level1Kernels kernels, double[] a, int n, int j, int jj,
                                     double[] vt, double[] wt, double[] partial, double tau) {
        int len = n - j - 1;
        int v = jj * n + j + 1;
        int parts = len >= SPLIT_ORDER ? PRODUCT_PARTS : 1;
        Workers.forEach(parts, part -> {
            int from = partBoundary(len, part, parts);
            int to = partBoundary(len, part + 1, parts);
            double[] y = part == 0 ? wt : partial;
            int yOff = part == 0 ? v : (part - 1) * n;
            if (part > 0) {
                Arrays.fill(partial, yOff, yOff + from, 0.0);
            }
            for (int i = from; i < to; i++) {
                int row = (j + 1 + i) * n + j + 1;
                double vi = vt[v + i];
                y[yOff + i] = kernels.dotAxpy(i, a, row, vt, v, vi, y, yOff) + a[row + i] * vi;
            }
        });
        for (int part = 1; part < parts; part++) {
            kernels.axpy(partBoundary(len, part + 1, parts), 1.0, partial, (part - 1) * n, wt, v);
        }
        for (int k = 0; k < jj; k++) {
            int other = k * n + j + 1;
            double wDotV = kernels.dot(len, wt, other, vt, v);
            double vDotV = kernels.dot(len, vt, other, vt, v);
            kernels.axpy(len, -wDotV, vt, other, wt, v);
            kernels.axpy(len, -vDotV, wt, other, wt, v);
        }
        for (int i = v; i < v + len; i++) {
            wt[i] *= tau;
        }
        double alpha = -0.5 * tau * kernels.dot(len, wt, v, vt, v);
        kernels.axpy(len, alpha, vt, v, wt, v);
    }

    /** First row of part {@code part} of {@code parts}: the triangle above it is that part's share. */
    private static int partBoundary(int len, int part, int parts) {
        return part == parts ? len : (int) (len * Math.sqrt((double) part / parts));
    }

    /** {@code X := X Q^T} for the n x n row-major X, from the reflectors left by {@link #reduce}. */
    static void multiplyByQTransposed(double[] a, int n, double[] tau, double[] x) {
        if (n > 1) {
            BlockReflector.multiplyByQTransposed(reflectors(a, n, tau), x, 1, n, n);
        }
    }

    private static Reflectors reflectors(double[] a, int n, double[] tau) {
        return new Reflectors(a, n, n, false, n - 1, n - 1, tau);
    }

    /** {@code Q^T} as a new n x n row-major array, from the reflectors left by {@link #reduce}. */
    static double[] formQTransposed(double[] a, int n, double[] tau) {
        if (n == 0) {
            return new double[0];
        }
        return BlockReflector.formShiftedQTransposed(reflectors(a, n, tau));
    }
}
