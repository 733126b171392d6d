package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Matrix;

/**
 * Householder QR factorization {@code A = Q R} of an m x n matrix: Q is m x p with orthonormal
 * columns and R is p x n upper trapezoidal, {@code p = min(m, n)}.
 *
 * <p>Algorithm: LAPACK's blocked {@code dgeqrf} (Golub and Van Loan, <i>Matrix Computations</i>,
 * 4th ed., sections 5.2.2 and 5.2.3): each panel of 32 columns is factored column by column,
 * then its reflectors, in compact WY form, update the rest of the matrix with two GEMMs. About
 * {@code 2 n^2 (m - n/3)} flops, most of them in GEMM; Q is formed only when asked for, by
 * backward accumulation ({@code dorgqr}).
 *
 * <p>Accuracy: {@code ||A - Q R|| = O(max(m, n) eps ||A||)} and {@code ||I - Q^T Q|| = O(m eps)},
 * for every input, rank-deficient included; one whose largest element lies outside
 * {@code [sqrt(safmin)/eps, eps/sqrt(safmin)]} is scaled by a power of two first and R scaled
 * back, so that elements near the overflow threshold do not overflow the reflectors. The input
 * is never modified.
 */
public final class Qr {

    private final int m;
    private final int n;
    private final double[] factors;
    private final double[] tau;

    private Qr(int m, int n, double[] factors, double[] tau) {
        this.m = m;
        this.n = n;
        this.factors = factors;
        this.tau = tau;
    }

    /**
     * {@return the QR factorization of {@code a}}
     *
     * @param a the matrix A
     * @throws IllegalArgumentException if {@code a} holds NaN or infinity
     */
    public static Qr of(Matrix a) {
        Checks.requireFinite(a, "Qr.of");
        int m = a.rows();
        int n = a.cols();
        double[] factors = a.data().clone();
        double[] tau = new double[Math.min(m, n)];
        // Near overflow, alpha - beta of a reflector (|alpha| + ||x||) overflows although R is
        // representable: factor a power-of-two multiple of A, exactly, and scale R back (the
        // reflectors do not depend on the scale), as LAPACK's drivers do with dlascl.
        double scale = Rows.safeScale(a.maxAbs(), Rows.SAFE_SMALL, Rows.SAFE_LARGE);
        if (scale != 1) {
            for (int k = 0; k < factors.length; k++) {
                factors[k] *= scale;
            }
        }
        factor(factors, m, n, tau);
        if (scale != 1) {
            for (int i = 0; i < tau.length; i++) {
                for (int j = i; j < n; j++) {
                    factors[i * n + j] /= scale;
                }
            }
        }
        return new Qr(m, n, factors, tau);
    }

    /** {@return Q, m x min(m, n), with orthonormal columns} */
    public Matrix q() {
        int p = tau.length;
        double[] qt = new double[p * m];
        BlockReflector.formQTransposed(reflectors(factors, m, n, tau), qt, 0, m, p);
        return Matrix.wrap(p, m, qt).transpose();
    }

    /** {@return R, min(m, n) x n, upper trapezoidal} */
    public Matrix r() {
        int p = tau.length;
        Matrix r = Matrix.zeros(p, n);
        for (int i = 0; i < p; i++) {
            System.arraycopy(factors, i * n + i, r.data(), i * n + i, n - i);
        }
        return r;
    }

    /** The reflectors left in {@code a} (m x n) by {@link #factor}: column j below the diagonal. */
    static Reflectors reflectors(double[] a, int m, int n, double[] tau) {
        return new Reflectors(a, 0, n, false, tau.length, m, tau);
    }

    /**
     * Factors the row-major m x n {@code a} in place: R on and above the diagonal, reflector j
     * below the diagonal in column j, its scalar in {@code tau[j]} (length min(m, n)).
     */
    static void factor(double[] a, int m, int n, double[] tau) {
        int p = tau.length;
        double[] column = new double[m];
        double[] w = new double[BlockReflector.BLOCK];
        BlockReflector block = new BlockReflector(BlockReflector.BLOCK);
        for (int j0 = 0; j0 < p; j0 += BlockReflector.BLOCK) {
            int kb = Math.min(BlockReflector.BLOCK, p - j0);
            factorPanel(a, m, n, j0, kb, tau, column, w);
            int rest = n - j0 - kb;
            if (rest > 0) {
                block.load(reflectors(a, m, n, tau), j0, kb);
                block.applyLeft(true, a, j0 * n + j0 + kb, n, rest);
            }
        }
    }

    /** Unblocked Householder QR of the panel of columns {@code j0 .. j0 + kb}, rows j0 .. m. */
    private static void factorPanel(double[] a, int m, int n, int j0, int kb, double[] tau,
                                    double[] column, double[] w) {
        for (int j = j0; j < j0 + kb; j++) {
            for (int r = j; r < m; r++) {
                column[r] = a[r * n + j];
            }
            tau[j] = Householder.generate(column, j, m - j);
            double beta = column[j];
            column[j] = 1;
            int width = j0 + kb - j - 1;
            if (tau[j] != 0 && width > 0) {
                // H_j (rest of panel): w = A^T v, A -= tau v w^T, a row at a time.
                java.util.Arrays.fill(w, 0, width, 0.0);
                for (int r = j; r < m; r++) {
                    double vr = column[r];
                    for (int c = 0; c < width; c++) {
                        w[c] += vr * a[r * n + j + 1 + c];
                    }
                }
                for (int r = j; r < m; r++) {
                    double factor = tau[j] * column[r];
                    for (int c = 0; c < width; c++) {
                        a[r * n + j + 1 + c] -= factor * w[c];
                    }
                }
            }
            a[j * n + j] = beta;
            for (int r = j + 1; r < m; r++) {
                a[r * n + j] = column[r];
            }
        }
    }
}
