package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;
import java.util.Arrays;

/**
 * Householder reduction of an m x n matrix, m >= n, to upper bidiagonal form
 * {@code A = Q B P^T} (Golub and Kahan 1965; Golub and Van Loan, 4th ed., section 5.4.8), blocked
 * as LAPACK's {@code dgebrd}/{@code dlabrd}: within a panel of {@link #BLOCK} columns and rows
 * ({@link #SMALL_BLOCK} for a small matrix) the reflectors are applied lazily, through
 * {@code A - V Y^T - X U^T}, and the trailing matrix is updated once per panel by two GEMMs. The other half of the {@code 4 n^2 (m - n/3)} flops are
 * matrix-vector products with the trailing matrix (two per column), which {@link MatVec} runs on
 * the calling thread.
 *
 * <p>The panel's V, X and Y are kept transposed (one vector per row), so that every correction
 * inside the panel is a long contiguous AXPY or dot product rather than one short product per row
 * of a row-major matrix.
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
     * each column's corrections inside the panel take about ten short AXPYs and dot products per
     * earlier panel column.
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
    /** V^T and X^T (nb x m) and Y^T (nb x n), row-major: row k belongs to panel step k. */
    private final double[] vt;
    private final double[] xt;
    private final double[] yt;
    private final double[] work;
    private final double[] t1;
    private final double[] t2;

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
        this.vt = new double[nb * m];
        this.xt = new double[nb * m];
        this.yt = new double[nb * n];
        this.work = new double[m];
        this.t1 = new double[nb + 1];
        this.t2 = new double[nb + 1];
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
                // A22 -= V Y^T + X U^T, with U^T the panel's rows of A (unit elements in place).
                Blas.gemm(m - r0, n - r0, kb, -1.0, vt, r0, m, true, yt, r0, n, false,
                        1.0, a, r0 * n + r0, n);
                Blas.gemm(m - r0, n - r0, kb, -1.0, xt, r0, m, true, a, i0 * n + r0, n, false,
                        1.0, a, r0 * n + r0, n);
            }
        }
    }

    /**
     * Column j = i0 + jj: bring it up to date, generate H_j from it, and compute row jj of Y^T,
     * {@code tauQ (A^T v - Y (V^T v) - U (X^T v))} on the trailing columns, A being the matrix
     * as it stood at the start of the panel.
     */
    private void reduceColumn(int i0, int jj) {
        int j = i0 + jj;
        int len = m - j;
        double[] v = work;
        for (int r = j; r < m; r++) {
            v[r] = a[r * n + j];
        }
        for (int k = 0; k < jj; k++) {
            kernels.axpy(len, -yt[k * n + j], vt, k * m + j, v, j);
            kernels.axpy(len, -a[(i0 + k) * n + j], xt, k * m + j, v, j);
        }
        tauQ[j] = Householder.generate(v, j, len);
        d[j] = v[j];
        v[j] = 1;
        int vRow = jj * m;
        Arrays.fill(vt, vRow, vRow + j, 0.0);
        System.arraycopy(v, j, vt, vRow + j, len);
        for (int r = j + 1; r < m; r++) {
            a[r * n + j] = v[r];
        }
        if (j == n - 1) {
            return;
        }
        int rest = n - j - 1;
        int yRow = jj * n + j + 1;
        MatVec.transposeTimes(len, rest, a, j * n + j + 1, n, vt, vRow + j, yt, yRow);
        for (int k = 0; k < jj; k++) {
            t1[k] = kernels.dot(len, vt, k * m + j, vt, vRow + j);
            t2[k] = kernels.dot(len, xt, k * m + j, vt, vRow + j);
        }
        for (int k = 0; k < jj; k++) {
            kernels.axpy(rest, -t1[k], yt, k * n + j + 1, yt, yRow);
            kernels.axpy(rest, -t2[k], a, (i0 + k) * n + j + 1, yt, yRow);
        }
        scale(yt, yRow, rest, tauQ[j]);
    }

    /**
     * Row j = i0 + jj: bring it up to date, generate G_j from it, and compute row jj of X^T,
     * {@code tauP (A u - V (Y^T u) - X (U^T u))}.
     */
    private void reduceRow(int i0, int jj) {
        int j = i0 + jj;
        int rest = n - j - 1;
        int row = j * n + j + 1;
        // A(j, i0 + k) for k < jj is v_k(j); for k = jj it is v_j(j) = 1.
        kernels.axpy(rest, -1.0, yt, jj * n + j + 1, a, row);
        for (int k = 0; k < jj; k++) {
            kernels.axpy(rest, -vt[k * m + j], yt, k * n + j + 1, a, row);
            kernels.axpy(rest, -xt[k * m + j], a, (i0 + k) * n + j + 1, a, row);
        }
        tauP[j] = Householder.generate(a, row, rest);
        e[j] = a[row];
        a[row] = 1;
        for (int k = 0; k <= jj; k++) {
            t1[k] = kernels.dot(rest, yt, k * n + j + 1, a, row);
        }
        for (int k = 0; k < jj; k++) {
            t2[k] = kernels.dot(rest, a, (i0 + k) * n + j + 1, a, row);
        }
        int below = m - j - 1;
        int xRow = jj * m;
        Arrays.fill(xt, xRow, xRow + j + 1, 0.0);
        MatVec.times(below, rest, a, (j + 1) * n + j + 1, n, a, row, xt, xRow + j + 1);
        for (int k = 0; k <= jj; k++) {
            kernels.axpy(below, -t1[k], vt, k * m + j + 1, xt, xRow + j + 1);
        }
        for (int k = 0; k < jj; k++) {
            kernels.axpy(below, -t2[k], xt, k * m + j + 1, xt, xRow + j + 1);
        }
        scale(xt, xRow + j + 1, below, tauP[j]);
    }

    private static void scale(double[] x, int off, int len, double factor) {
        for (int i = off; i < off + len; i++) {
            x[i] *= factor;
        }
    }
}
