package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.internal.Kernels;
import java.util.Arrays;

/**
 * Householder reduction of an m x n matrix, m >= n, to upper bidiagonal form
 * {@code A = Q B P^T} (Golub and Kahan 1965; Golub and Van Loan, 4th ed., section 5.4.8), blocked
 * as LAPACK's {@code dgebrd}/{@code dlabrd}: within a panel of {@link #BLOCK} columns and rows the
 * reflectors are applied lazily, through {@code A - V Y^T - X U^T}, and the trailing matrix is
 * updated once per panel by two GEMMs. The other half of the {@code 4 n^2 (m - n/3)} flops are
 * matrix-vector products with the trailing matrix (two per column), which {@link MatVec} splits
 * over threads.
 *
 * <p>Left reflector j ({@code Q = H_0 ... H_{n-1}}) is left in column j below the diagonal, with
 * {@code v_j(j) = 1}; right reflector j ({@code P = G_0 ... G_{n-2}}) in row j right of the
 * superdiagonal, acting on indices {@code j+1 .. n-1} with {@code u_j(j+1) = 1}.
 */
final class Bidiagonalization {

    static final int BLOCK = 32;

    private final double[] a;
    private final int m;
    private final int n;
    private final double[] d;
    private final double[] e;
    private final double[] tauQ;
    private final double[] tauP;
    private final Kernels kernels = Kernels.get();
    private final int nb;
    /** X (m x nb) and Y (n x nb), row-major, LAPACK's names. */
    private final double[] x;
    private final double[] y;
    private final double[] v;
    private final double[] column;
    private final double[] product;
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
        this.nb = Math.min(BLOCK, n);
        this.x = new double[m * nb];
        this.y = new double[n * nb];
        this.v = new double[m];
        this.column = new double[Math.max(m, n)];
        this.product = new double[n];
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

    /** P's reflectors, as left by {@link #reduce}; they act on indices 1 .. n-1. */
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
                // A22 -= V Y^T + X U^T, V and U^T being the panel's reflectors in place in A.
                Blas.gemm(m - r0, n - r0, kb, -1.0, a, r0 * n + i0, n, false,
                        y, r0 * nb, nb, true, 1.0, a, r0 * n + r0, n);
                Blas.gemm(m - r0, n - r0, kb, -1.0, x, r0 * nb, nb, false,
                        a, i0 * n + r0, n, false, 1.0, a, r0 * n + r0, n);
            }
        }
    }

    /**
     * Column j = i0 + jj: bring it up to date, generate H_j from it, and compute
     * {@code Y(j+1:n, jj) = tauQ (A^T v - Y (V^T v) - U (X^T v))} restricted to the trailing
     * columns, A being the matrix as it stood at the start of the panel.
     */
    private void reduceColumn(int i0, int jj) {
        int j = i0 + jj;
        if (jj > 0) {
            for (int k = 0; k < jj; k++) {
                t1[k] = a[(i0 + k) * n + j];
            }
            for (int r = j; r < m; r++) {
                a[r * n + j] -= kernels.dot(jj, a, r * n + i0, y, j * nb)
                        + kernels.dot(jj, x, r * nb, t1, 0);
            }
        }
        for (int r = j; r < m; r++) {
            v[r] = a[r * n + j];
        }
        tauQ[j] = Householder.generate(v, j, m - j);
        d[j] = v[j];
        v[j] = 1;
        for (int r = j; r < m; r++) {
            a[r * n + j] = v[r];
        }
        if (j == n - 1) {
            return;
        }
        int rest = n - j - 1;
        // product = A(j:m, i0:n)^T v in one pass: columns i0..j-1 give V^T v, j+1.. the main part.
        MatVec.transposeTimes(m - j, n - i0, a, j * n + i0, n, v, j, product, 0);
        Arrays.fill(t2, 0, jj, 0.0);
        for (int r = j; r < m; r++) {
            kernels.axpy(jj, v[r], x, r * nb, t2, 0);
        }
        for (int c = j + 1; c < n; c++) {
            column[c] = product[c - i0] - kernels.dot(jj, y, c * nb, product, 0);
        }
        for (int k = 0; k < jj; k++) {
            kernels.axpy(rest, -t2[k], a, (i0 + k) * n + j + 1, column, j + 1);
        }
        double tau = tauQ[j];
        for (int c = j + 1; c < n; c++) {
            y[c * nb + jj] = tau * column[c];
        }
    }

    /**
     * Row j = i0 + jj: bring it up to date, generate G_j from it, and compute
     * {@code X(j+1:m, jj) = tauP (A u - V (Y^T u) - X (U^T u))}.
     */
    private void reduceRow(int i0, int jj) {
        int j = i0 + jj;
        int rest = n - j - 1;
        int row = j * n + j + 1;
        for (int c = j + 1; c < n; c++) {
            a[j * n + c] -= kernels.dot(jj + 1, y, c * nb, a, j * n + i0);
        }
        for (int k = 0; k < jj; k++) {
            kernels.axpy(rest, -x[j * nb + k], a, (i0 + k) * n + j + 1, a, row);
        }
        tauP[j] = Householder.generate(a, row, rest);
        e[j] = a[row];
        a[row] = 1;
        Arrays.fill(t1, 0, jj + 1, 0.0);
        for (int c = j + 1; c < n; c++) {
            kernels.axpy(jj + 1, a[j * n + c], y, c * nb, t1, 0);
        }
        for (int k = 0; k < jj; k++) {
            t2[k] = kernels.dot(rest, a, (i0 + k) * n + j + 1, a, row);
        }
        int below = m - j - 1;
        MatVec.times(below, rest, a, (j + 1) * n + j + 1, n, a, row, column, 0);
        double tau = tauP[j];
        for (int r = j + 1; r < m; r++) {
            double corrected = column[r - j - 1] - kernels.dot(jj + 1, a, r * n + i0, t1, 0)
                    - kernels.dot(jj, x, r * nb, t2, 0);
            x[r * nb + jj] = tau * corrected;
        }
    }
}
