package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.internal.Gemm;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;

/**
 * Cholesky factorization {@code A = L L^T} of a symmetric positive definite matrix, L lower
 * triangular with a positive diagonal.
 *
 * <p>Algorithm: LAPACK's blocked right-looking {@code dpotrf} (Golub and Van Loan, <i>Matrix
 * Computations</i>, 4th ed., section 4.2.9): the diagonal block of a panel of 32 columns is
 * factored, the rows below are solved against it, and the trailing matrix gets one symmetric
 * rank-32 update. {@code n^3 / 3} flops; backward stable: {@code ||A - L L^T|| = O(n eps ||A||)}.
 * Only the lower triangle is read, after a symmetry check. The input is never modified.
 */
public final class Cholesky {

    private static final int BLOCK = 32;

    private final int n;
    private final double[] l;

    private Cholesky(int n, double[] l) {
        this.n = n;
        this.l = l;
    }

    /**
     * {@return the Cholesky factorization of {@code a}}
     *
     * @param a the symmetric positive definite matrix A
     * @throws IllegalArgumentException if {@code a} is not square, holds NaN or infinity, or is
     *     not symmetric within {@code sqrt(eps) max|a_ij|}
     * @throws ArithmeticException if {@code a} is not positive definite; the message names the
     *     first pivot that is not positive (the leading minor of that order is not positive)
     */
    public static Cholesky of(Matrix a) {
        Checks.requireSymmetric(a, "Cholesky.of");
        int n = a.rows();
        double[] l = a.data().clone();
        Level1Kernels kernels = Kernels.get().level1();
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int kb = Math.min(BLOCK, n - j0);
            int end = j0 + kb;
            for (int j = j0; j < end; j++) {
                double pivot = l[j * n + j] - kernels.dot(j - j0, l, j * n + j0, l, j * n + j0);
                if (!(pivot > 0)) {
                    throw new ArithmeticException("Cholesky.of: the " + n + "x" + n + " matrix is"
                            + " not positive definite: pivot " + j + " is " + pivot
                            + " (the leading minor of order " + (j + 1) + " is not positive)");
                }
                double diagonal = Math.sqrt(pivot);
                l[j * n + j] = diagonal;
                for (int i = j + 1; i < n; i++) {
                    double dot = kernels.dot(j - j0, l, i * n + j0, l, j * n + j0);
                    l[i * n + j] = (l[i * n + j] - dot) / diagonal;
                }
            }
            int rest = n - end;
            if (rest > 0) {
                Gemm.symmetricRankK(rest, kb, -1.0, l, end * n + j0, n, false,
                        1.0, l, end * n + end, n);
            }
        }
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(l, i * n + i + 1, (i + 1) * n, 0.0);
        }
        return new Cholesky(n, l);
    }

    /** {@return L, n x n lower triangular with a positive diagonal} */
    public Matrix l() {
        return Matrix.wrap(n, n, l.clone());
    }

    /** {@return the determinant, {@code prod l_ii^2} (positive; it can overflow or underflow)} */
    public double det() {
        double det = 1;
        for (int i = 0; i < n; i++) {
            det *= l[i * n + i] * l[i * n + i];
        }
        return det;
    }

    /**
     * X with {@code A X = B}, by two triangular solves ({@code 2 n^2} flops per column of B).
     *
     * @param b the right-hand sides B, one per column
     * @return the solution X
     * @throws IllegalArgumentException if B does not have n rows
     */
    public Matrix solve(Matrix b) {
        Checks.requireRows(b, n, n, "Cholesky.solve");
        int k = b.cols();
        Matrix x = b.copy();
        double[] xd = x.data();
        Level1Kernels kernels = Kernels.get().level1();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < i; p++) {
                kernels.axpy(k, -l[i * n + p], xd, p * k, xd, i * k);
            }
            scale(xd, i * k, k, 1 / l[i * n + i]);
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int p = i + 1; p < n; p++) {
                kernels.axpy(k, -l[p * n + i], xd, p * k, xd, i * k);
            }
            scale(xd, i * k, k, 1 / l[i * n + i]);
        }
        return x;
    }

    private static void scale(double[] x, int off, int len, double factor) {
        for (int i = off; i < off + len; i++) {
            x[i] *= factor;
        }
    }
}
