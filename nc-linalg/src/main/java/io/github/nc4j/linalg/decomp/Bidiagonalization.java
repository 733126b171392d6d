package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;

/**
 * Householder reduction of an m x n matrix, m >= n, to upper bidiagonal form
 * {@code A = Q B P^T} (Golub and Kahan 1965; Golub and Van Loan, 4th ed., section 5.4.8), blocked
 * as LAPACK's {@code dgebrd}/{@code dlabrd}: within a panel of {@link #BLOCK} columns and rows
 * ({@link #SMALL_BLOCK} for a small matrix) the reflectors are applied lazily, through
 * {@code A - V Y^T - X U^T}, and the trailing matrix is updated once per panel by one GEMM. The
 * other half of the {@code 4 n^2 (m - n/3)} flops are matrix-vector products with the trailing
 * matrix (two per column), which {@link MatVec} runs on the calling thread.
 *
 * <p>The panel's V, X, Y and U are kept transposed (one vector per row), so that every
 * correction inside the panel is a product of a few contiguous rows with a vector
 * ({@link Level1Kernels#multiAxpy}, {@link Level1Kernels#multiDot}) rather than one short
 * product per row of a row-major matrix.
 *
 * <p>Left reflector j ({@code Q = H_0 ... H_{n-1}}) is left in column j below the diagonal, with
 * {@code v_j(j) = 1}; right reflector j ({@code P = G_0 ... G_{n-2}}) in row j right of the
 * superdiagonal, acting on indices {@code j+1 .. n-1} with {@code u_j(j+1) = 1}.
 */
final class Bidiagonalization {

    static final int BLOCK = 32;

    /**
     * The panel width while the whole m x n matrix is at most {@link #SMALL_ELEMENTS} (it then
     * stays in the L2 cache): the trailing update gains nothing from a deep panel there, while
     * each column's corrections inside the panel take work in proportion to the panel's width
     * (at step jj, six products with 2 jj or 2 jj + 1 of the panel's vectors).
     */
    static final int SMALL_BLOCK = 8;

    /** Elements (512 KiB as doubles) up to which {@link #SMALL_BLOCK} is used. */
    static final long SMALL_ELEMENTS = 256 * 256;

    private final double[] a;
    private final int m;
    private final int n;
    private final double[] d;
    private final double[] e;
    private final double[] tauQ;
    private final double[] tauP;
    private final Level1Kernels kernels = Kernels.get().level1();
    private final int nb;
    /**
     * The panel's V and X (m x nb each) as rows of one row-major 2nb x m array, interleaved:
     * row 2k is v_k, row 2k + 1 is x_k. Then V and X together are one matrix, so that every
     * correction {@code V c + X c'} is one multi-vector kernel call and the trailing update one
     * GEMM. Only the elements from panel step k's diagonal on are ever written or read.
     */
    private final double[] vx;
    /** Y and U (n x nb each) the same way, 2nb x n: row 2k is y_k, row 2k + 1 a copy of u_k. */
    private final double[] yu;
    /** The coefficients of a correction, and dot products with the panel's vectors. */
    private final double[] coef;

    private Bidiagonalization(double[] a, int m, int n, double[] d, double[] e,
                              double[] tauQ, double[] tauP) {
        this.a = a;
        this.m = m;
        this.n = n;
        this.d = d;
        this.e = e;
        this.tauQ = tauQ;
        this.tauP = tauP;
        this.nb = Math.min((long) m * n <= SMALL_ELEMENTS ? SMALL_BLOCK : BLOCK, n);
        this.vx = new double[2 * nb * m];
        this.yu = new double[2 * nb * n];
        this.coef = new double[2 * nb];
    }

    /**
     * Reduces the row-major m x n {@code a} (m >= n >= 1) in place; {@code d}, {@code tauQ}
     * (length n) and {@code e}, {@code tauP} (length n - 1) receive B and the reflector scalars.
     */
    static void reduce(double[] a, int m, int n, double[] d, double[] e,
                       double[] tauQ, double[] tauP) {
        new Bidiagonalization(a, m, n, d, e, tauQ, tauP).run();
    }

    /** Q's reflectors, as left by {@link #reduce}. */
    static Reflectors left(double[] a, int m, int n, double[] tauQ) {
        return new Reflectors(a, 0, n, false, n, m, tauQ);
    }

    /** P's reflectors, as left by {@link #reduce}; they act on indices 1 .. n-1 (n >= 1). */
    static Reflectors right(double[] a, int n, double[] tauP) {
        return new Reflectors(a, 1, n, true, n - 1, n - 1, tauP);
    }

    private void run() {
        for (int i0 = 0; i0 < n; i0 += nb) {
            int kb = Math.min(nb, n - i0);
            for (int jj = 0; jj < kb; jj++) {
                reduceColumn(i0, jj);
                if (i0 + jj < n - 1) {
                    reduceRow(i0, jj);
                }
            }
            int r0 = i0 + kb;
            if (r0 < n) {
                // A22 -= [V X] [Y U]^T, in the interleaved order of the rows of vx and yu.
                Blas.gemm(m - r0, n - r0, 2 * kb, -1.0, vx, r0, m, true, yu, r0, n, false,
                        1.0, a, r0 * n + r0, n);
            }
        }
    }

    /**
     * Column j = i0 + jj: bring it up to date, generate H_j from it, and compute y_j,
     * {@code tauQ (A^T v - Y (V^T v) - U (X^T v))} on the trailing columns, A being the matrix
     * as it stood at the start of the panel.
     */
    private void reduceColumn(int i0, int jj) {
        int j = i0 + jj;
        int len = m - j;
        int vRow = 2 * jj * m;
        double[] v = vx;
        int vOff = vRow + j;
        for (int r = j; r < m; r++) {
            v[vRow + r] = a[r * n + j];
        }
        // v -= V Y(j, :)^T + X U(j, :)^T
        int pairs = 2 * jj;
        for (int k = 0; k < pairs; k++) {
            coef[k] = -yu[k * n + j];
        }
        kernels.multiAxpy(pairs, len, coef, 0, vx, j, m, v, vOff);
        tauQ[j] = Householder.generate(v, vOff, len);
        d[j] = v[vOff];
        v[vOff] = 1;
        for (int r = j + 1; r < m; r++) {
            a[r * n + j] = v[vRow + r];
        }
        if (j == n - 1) {
            return;
        }
        int rest = n - j - 1;
        int yOff = 2 * jj * n + j + 1;
        MatVec.transposeTimes(len, rest, a, j * n + j + 1, n, v, vOff, yu, yOff);
        // y -= Y (V^T v) + U (X^T v)
        kernels.multiDot(pairs, len, vx, j, m, v, vOff, coef, 0);
        negate(coef, pairs);
        kernels.multiAxpy(pairs, rest, coef, 0, yu, j + 1, n, yu, yOff);
        scale(yu, yOff, rest, tauQ[j]);
    }

    /**
     * Row j = i0 + jj: bring it up to date, generate G_j from it, and compute x_j,
     * {@code tauP (A u - V (Y^T u) - X (U^T u))}.
     */
    private void reduceRow(int i0, int jj) {
        int j = i0 + jj;
        int rest = n - j - 1;
        int row = j * n + j + 1;
        // A(j, :) -= V(j, :) Y^T + X(j, :) U^T over v_0, x_0, ..., v_jj (v_jj(j) = 1).
        int rows = 2 * jj + 1;
        for (int k = 0; k < rows; k++) {
            coef[k] = -vx[k * m + j];
        }
        kernels.multiAxpy(rows, rest, coef, 0, yu, j + 1, n, a, row);
        tauP[j] = Householder.generate(a, row, rest);
        e[j] = a[row];
        a[row] = 1;
        System.arraycopy(a, row, yu, (rows * n) + j + 1, rest);
        int below = m - j - 1;
        int xOff = rows * m + j + 1;
        MatVec.times(below, rest, a, (j + 1) * n + j + 1, n, a, row, vx, xOff);
        // x -= V (Y^T u) + X (U^T u)
        kernels.multiDot(rows, rest, yu, j + 1, n, a, row, coef, 0);
        negate(coef, rows);
        kernels.multiAxpy(rows, below, coef, 0, vx, j + 1, m, vx, xOff);
        scale(vx, xOff, below, tauP[j]);
    }

    private static void negate(double[] x, int len) {
        for (int i = 0; i < len; i++) {
            x[i] = -x[i];
        }
    }

    private static void scale(double[] x, int off, int len, double factor) {
        for (int i = off; i < off + len; i++) {
            x[i] *= factor;
        }
    }
}
