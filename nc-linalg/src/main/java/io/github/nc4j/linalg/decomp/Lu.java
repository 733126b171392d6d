package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;

/**
 * LU factorization with partial (row) pivoting of a square matrix, {@code P A = L U}: L unit lower
 * triangular, U upper triangular, P the permutation that {@link #permutation()} describes.
 *
 * <p>Algorithm: LAPACK's blocked right-looking {@code dgetrf} (Golub and Van Loan, <i>Matrix
 * Computations</i>, 4th ed., sections 3.4 and 3.2.11): a panel of 32 columns is factored with
 * partial pivoting, the rows to its right are solved with its unit lower triangle, and the
 * trailing matrix is updated by one GEMM. {@code 2/3 n^3} flops. Backward stable in practice:
 * {@code ||P A - L U|| <= O(n eps) ||L|| ||U||}, with {@code |l_ij| <= 1}.
 *
 * <p>A zero pivot is not an error here (LAPACK's convention): the factorization completes,
 * {@link #isSingular()} reports it, and {@link #solve} and {@link #inverse} refuse to divide by it.
 * The input is never modified.
 */
public final class Lu {

    private static final int BLOCK = 32;

    private final int n;
    private final double[] lu;
    private final int[] permutation;
    private final int permutationSign;
    private final int firstZeroPivot;

    private Lu(int n, double[] lu, int[] permutation, int permutationSign, int firstZeroPivot) {
        this.n = n;
        this.lu = lu;
        this.permutation = permutation;
        this.permutationSign = permutationSign;
        this.firstZeroPivot = firstZeroPivot;
    }

    /**
     * {@return the LU factorization of the square matrix {@code a}}
     *
     * @param a the square matrix A
     * @throws IllegalArgumentException if {@code a} is not square or holds NaN or infinity
     */
    public static Lu of(Matrix a) {
        Checks.requireSquare(a, "Lu.of");
        Checks.requireFinite(a, "Lu.of");
        int n = a.rows();
        double[] lu = a.data().clone();
        int[] permutation = new int[n];
        for (int i = 0; i < n; i++) {
            permutation[i] = i;
        }
        int sign = 1;
        int firstZero = -1;
        Level1Kernels kernels = Kernels.get().level1();
        for (int j0 = 0; j0 < n; j0 += BLOCK) {
            int kb = Math.min(BLOCK, n - j0);
            int panelEnd = j0 + kb;
            for (int j = j0; j < panelEnd; j++) {
                int pivot = j;
                for (int r = j + 1; r < n; r++) {
                    if (Math.abs(lu[r * n + j]) > Math.abs(lu[pivot * n + j])) {
                        pivot = r;
                    }
                }
                if (pivot != j) {
                    Rows.swap(lu, 0, n, n, j, pivot);
                    int t = permutation[j];
                    permutation[j] = permutation[pivot];
                    permutation[pivot] = t;
                    sign = -sign;
                }
                double diagonal = lu[j * n + j];
                if (diagonal == 0) {
                    if (firstZero < 0) {
                        firstZero = j;
                    }
                    continue;
                }
                for (int r = j + 1; r < n; r++) {
                    double l = lu[r * n + j] / diagonal;
                    lu[r * n + j] = l;
                    kernels.axpy(panelEnd - j - 1, -l, lu, j * n + j + 1, lu, r * n + j + 1);
                }
            }
            int rest = n - panelEnd;
            if (rest > 0) {
                // U12 = L11^{-1} A12, then A22 -= L21 U12.
                for (int i = j0 + 1; i < panelEnd; i++) {
                    for (int k = j0; k < i; k++) {
                        kernels.axpy(rest, -lu[i * n + k], lu, k * n + panelEnd,
                                lu, i * n + panelEnd);
                    }
                }
                Blas.gemm(rest, rest, kb, -1.0, lu, panelEnd * n + j0, n, false,
                        lu, j0 * n + panelEnd, n, false, 1.0, lu, panelEnd * n + panelEnd, n);
            }
        }
        return new Lu(n, lu, permutation, sign, firstZero);
    }

    /** {@return L, n x n unit lower triangular} */
    public Matrix l() {
        Matrix l = Matrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(lu, i * n, l.data(), i * n, i);
            l.data()[i * n + i] = 1;
        }
        return l;
    }

    /** {@return U, n x n upper triangular} */
    public Matrix u() {
        Matrix u = Matrix.zeros(n, n);
        for (int i = 0; i < n; i++) {
            System.arraycopy(lu, i * n + i, u.data(), i * n + i, n - i);
        }
        return u;
    }

    /**
     * {@return the row order of {@code P A}: its row i is row {@code permutation()[i]} of A (a
     * copy)}
     */
    public int[] permutation() {
        return permutation.clone();
    }

    /** {@return true if a pivot, a diagonal element of U, is exactly zero: A is singular} */
    public boolean isSingular() {
        return firstZeroPivot >= 0;
    }

    /**
     * {@return the determinant, {@code sign(P) prod u_ii}; 1 for a 0 x 0 matrix} It overflows or
     * underflows when the determinant itself is outside the double range.
     */
    public double det() {
        double det = permutationSign;
        for (int i = 0; i < n; i++) {
            det *= lu[i * n + i];
        }
        return det;
    }

    /**
     * X with {@code A X = B}, by forward and back substitution ({@code 2 n^2} flops per column
     * of B).
     *
     * @param b the right-hand sides B, one per column
     * @return the solution X
     * @throws IllegalArgumentException if B does not have n rows
     * @throws ArithmeticException if A is singular (a zero pivot)
     */
    public Matrix solve(Matrix b) {
        Checks.requireRows(b, n, n, "Lu.solve");
        requireNonsingular("Lu.solve");
        int k = b.cols();
        Matrix x = b.selectRows(permutation);
        double[] xd = x.data();
        Level1Kernels kernels = Kernels.get().level1();
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < i; p++) {
                double l = lu[i * n + p];
                if (l != 0) {
                    kernels.axpy(k, -l, xd, p * k, xd, i * k);
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            for (int p = i + 1; p < n; p++) {
                double u = lu[i * n + p];
                if (u != 0) {
                    kernels.axpy(k, -u, xd, p * k, xd, i * k);
                }
            }
            double diagonal = lu[i * n + i];
            for (int j = i * k; j < (i + 1) * k; j++) {
                xd[j] /= diagonal;
            }
        }
        return x;
    }

    /**
     * {@return {@code A^{-1}}}
     *
     * @throws ArithmeticException if A is singular (a zero pivot)
     */
    public Matrix inverse() {
        requireNonsingular("Lu.inverse");
        return solve(Matrix.identity(n));
    }

    private void requireNonsingular(String operation) {
        if (isSingular()) {
            throw new ArithmeticException(operation + ": the " + n + "x" + n + " matrix is"
                    + " singular (pivot " + firstZeroPivot + " of its LU factorization is 0)");
        }
    }
}
