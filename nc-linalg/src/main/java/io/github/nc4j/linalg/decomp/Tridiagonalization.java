package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.internal.Gemm;
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
 * and the lower triangle of the trailing matrix is brought up to date once per panel by one
 * GEMM that skips the tiles above the diagonal (a symmetric rank-2k update, {@code dsyr2k}). The
 * other half of the {@code 4 n^3 / 3} flops are symmetric matrix-vector products, one per
 * column, which read the lower triangle once.
 *
 * <p>Only the lower triangle (diagonal included) of the row-major matrix is read and kept up to
 * date; the strict upper triangle ends up holding garbage. Reflector j, {@code H_j = I - tau_j
 * v_j v_j^T}, acts on indices {@code j+1 .. n-1}; {@code v_j(j+1) = 1} and its other elements are
 * left in column j, rows {@code j+2 .. n-1}.
 */
final class Tridiagonalization {

    private static final int BLOCK = 32;

    /** Rows per tile when a panel's columns are copied: one cache line of doubles. */
    private static final int TILE = 8;

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
     * the reflector scalars. On return {@code a} also holds T's diagonal and off-diagonal in
     * place, and the reflectors below them, as LAPACK's {@code dsytrd} leaves them.
     *
     * <p>A panel of kb columns works on its own copies: {@code vw} holds V^T, W^T and V^T again
     * (3 kb rows of length n), so that the trailing update {@code A -= [V W] [W V]^T} is one
     * product over the lower triangle; {@code columns} holds the panel's columns of A as rows,
     * transposed in one pass over A's rows, so that no step walks down a column of the
     * row-major array (a stride of n doubles, which at power-of-two orders also maps every
     * element to the same few cache sets). The finished columns go back to A at the panel's end;
     * until then A is as it stood at the panel's start, which is what the lazy update needs.
     */
    static void reduce(double[] a, int n, double[] d, double[] e, double[] tau) {
        Level1Kernels kernels = Kernels.get().level1();
        int nb = Math.min(BLOCK, n);
        double[] vw = new double[3 * nb * n];
        double[] columns = new double[nb * n];
        double[] partial = new double[(PRODUCT_PARTS - 1) * n];
        for (int i0 = 0; i0 < n; i0 += nb) {
            int kb = Math.min(nb, n - i0);
            int wRows = kb * n;
            Arrays.fill(vw, 0, 2 * wRows, 0.0);
            copyColumns(a, n, i0, kb, columns, false);
            for (int jj = 0; jj < kb; jj++) {
                int j = i0 + jj;
                int col = jj * n;
                for (int k = 0; k < jj; k++) {
                    kernels.axpy(n - j, -vw[wRows + k * n + j], vw, k * n + j, columns, col + j);
                    kernels.axpy(n - j, -vw[k * n + j], vw, wRows + k * n + j, columns, col + j);
                }
                d[j] = columns[col + j];
                if (j == n - 1) {
                    break;
                }
                int len = n - j - 1;
                tau[j] = Householder.generate(columns, col + j + 1, len);
                e[j] = columns[col + j + 1];
                int v = col + j + 1;
                vw[v] = 1;
                System.arraycopy(columns, v + 1, vw, v + 1, len - 1);
                if (tau[j] != 0) {
                    updateVector(kernels, a, n, j, jj, vw, wRows, partial, tau[j]);
                }
            }
            copyColumns(a, n, i0, kb, columns, true);
            int c0 = i0 + kb;
            if (c0 < n) {
                System.arraycopy(vw, 0, vw, 2 * wRows, wRows);
                Gemm.lowerTriangle(n - c0, 2 * kb, -1.0, vw, c0, n, true, vw, wRows + c0, n,
                        false, 1.0, a, c0 * n + c0, n);
            }
        }
    }

    /**
     * Copies the lower part of columns {@code i0 .. i0 + kb - 1} of A (rows from the diagonal
     * down) into the rows of {@code columns} ({@code columns[(j - i0) n + r] = A(r, j)}), or back
     * when {@code back}; by tiles of {@link #TILE} rows, so that each row of {@code columns} is
     * written a whole cache line at a time while the tile's rows of A stay in L1 (the kb rows of
     * {@code columns}, n apart, would otherwise evict each other's lines at power-of-two n).
     */
    private static void copyColumns(double[] a, int n, int i0, int kb, double[] columns,
                                    boolean back) {
        for (int r0 = i0; r0 < n; r0 += TILE) {
            int r1 = Math.min(n, r0 + TILE);
            for (int j = i0, end = Math.min(i0 + kb, r1); j < end; j++) {
                int at = (j - i0) * n;
                for (int r = Math.max(r0, j); r < r1; r++) {
                    if (back) {
                        a[r * n + j] = columns[at + r];
                    } else {
                        columns[at + r] = a[r * n + j];
                    }
                }
            }
        }
    }

    /**
     * Row jj of W: {@code w = tau (A22 v - V (W^T v) - W (V^T v))}, then
     * {@code w -= (tau / 2)(w^T v) v}, so that {@code H A22 H = A22 - v w^T - w v^T}; A22 is the
     * trailing matrix as it stood at the start of the panel, V^T the first {@code wRows}
     * elements of {@code vw} and W^T the next. {@code A22 v} reads each row of the lower
     * triangle once, using it both as a row (dot) and as a column (AXPY), two rows per pass over
     * v and the result: their loads and stores, which limit a one-row pass while A22 is in
     * cache, are halved. Large products are split into parts of equal area by rows, run in
     * parallel, each part adding its AXPYs into its own vector, summed in order afterwards.
     */
    private static void updateVector(Level1Kernels kernels, double[] a, int n, int j, int jj,
                                     double[] vw, int wRows, double[] partial, double tau) {
        int len = n - j - 1;
        int v = jj * n + j + 1;
        int w = wRows + v;
        int parts = len >= SPLIT_ORDER ? PRODUCT_PARTS : 1;
        Workers.forEach(parts, part -> {
            int from = partBoundary(len, part, parts);
            int to = partBoundary(len, part + 1, parts);
            double[] y = part == 0 ? vw : partial;
            int yOff = part == 0 ? w : (part - 1) * n;
            if (part > 0) {
                Arrays.fill(partial, yOff, yOff + from, 0.0);
            }
            double[] dots = new double[2];
            int i = from;
            for (; i + 1 < to; i += 2) {
                int row = (j + 1 + i) * n + j + 1;
                int next = row + n;
                double vi = vw[v + i];
                double vNext = vw[v + i + 1];
                kernels.dotAxpy2(i, a, row, next, vw, v, vi, vNext, y, yOff, dots);
                double below = a[next + i];
                y[yOff + i] = dots[0] + a[row + i] * vi + below * vNext;
                y[yOff + i + 1] = dots[1] + below * vi + a[next + i + 1] * vNext;
            }
            if (i < to) {
                int row = (j + 1 + i) * n + j + 1;
                double vi = vw[v + i];
                y[yOff + i] = kernels.dotAxpy(i, a, row, vw, v, vi, y, yOff) + a[row + i] * vi;
            }
        });
        for (int part = 1; part < parts; part++) {
            kernels.axpy(partBoundary(len, part + 1, parts), 1.0, partial, (part - 1) * n, vw, w);
        }
        for (int k = 0; k < jj; k++) {
            int otherV = k * n + j + 1;
            int otherW = wRows + otherV;
            double wDotV = kernels.dot(len, vw, otherW, vw, v);
            double vDotV = kernels.dot(len, vw, otherV, vw, v);
            kernels.axpy(len, -wDotV, vw, otherV, vw, w);
            kernels.axpy(len, -vDotV, vw, otherW, vw, w);
        }
        for (int i = w; i < w + len; i++) {
            vw[i] *= tau;
        }
        double alpha = -0.5 * tau * kernels.dot(len, vw, w, vw, v);
        kernels.axpy(len, alpha, vw, v, vw, w);
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
