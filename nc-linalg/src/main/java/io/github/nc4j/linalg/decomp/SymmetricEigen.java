package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;

/**
 * Eigen-decomposition of a real symmetric matrix, {@code A = V diag(values) V^T}, with the
 * eigenvalues in ascending order and the eigenvectors as the orthonormal columns of V.
 *
 * <p>Algorithm: blocked Householder tridiagonalization {@code A = Q T Q^T} (LAPACK's
 * {@code dsytrd}; Golub and Van Loan, <i>Matrix Computations</i>, 4th ed., section 8.3.1), then
 * the eigenvalues of T by the implicit QL/QR algorithm with Wilkinson shifts ({@code dsteqr},
 * section 8.3.5). With the vectors, from order 64 on, T's eigenvectors Z come from divide and
 * conquer ({@code dstedc}: Cuppen's tearing, Gu and Eisenstat's eigenvectors, section 8.4) and
 * {@code V = Q Z} from applying the reflectors to Z ({@code dormtr}); below that order the QR
 * iteration's rotations are applied to the rows of {@code Q^T} in cache-sized batches. Inputs
 * with a largest element outside {@code [sqrt(safmin/eps), sqrt(eps/safmin)]}
 * are scaled by a power of two first and the eigenvalues scaled back, as {@code dsyev} does, so
 * nothing overflows or underflows needlessly. Cost: about {@code 4/3 n^3} flops for the values;
 * the vectors add at most about {@code 4/3 n^3} for divide and conquer (less when eigenvalues
 * deflate) and {@code 2 n^3} for applying the reflectors.
 *
 * <p>Accuracy (backward stable): {@code ||A - V diag(values) V^T|| = O(n eps ||A||)} and
 * {@code ||I - V^T V|| = O(n eps)}; each eigenvalue is within {@code O(n eps ||A||)} of the exact
 * one. Inputs are never modified.
 */
public final class SymmetricEigen {

    private static final double SMALL = Math.sqrt(Double.MIN_NORMAL / EPS);
    private static final double LARGE = 1 / SMALL;

    /** Order from which the eigenvectors come from divide and conquer (measured). */
    static final int DIVIDE_AND_CONQUER_FROM = 64;

    private static final int TILE = 8;

    private final double[] values;
    private final Matrix vectors;

    private SymmetricEigen(double[] values, Matrix vectors) {
        this.values = values;
        this.vectors = vectors;
    }

    /**
     * Eigenvalues and eigenvectors of the symmetric matrix {@code a}.
     *
     * @param a the symmetric matrix A
     * @return the eigen-decomposition
     * @throws IllegalArgumentException if {@code a} is not square, holds NaN or infinity, or is
     *     not symmetric within {@code sqrt(eps) max|a_ij|} (the message names the first
     *     offending pair); the decomposition is that of the exactly symmetric (A + A^T) / 2
     * @throws ArithmeticException if the QL/QR iteration fails to converge within 30 n sweeps
     *     (30 times a leaf's order for divide and conquer's leaves; never observed; the message
     *     names the order and the iteration count)
     */
    public static SymmetricEigen of(Matrix a) {
        return of(a, a.rows() >= DIVIDE_AND_CONQUER_FROM ? TridiagonalDivideConquer.LEAF_SIZE : 0);
    }

    /**
     * {@link #of} with the tridiagonal eigenvectors from divide and conquer with leaves of at
     * most {@code leafSize} (tests force it at small orders), or from the QR iteration when
     * {@code leafSize} is 0.
     */
    static SymmetricEigen of(Matrix a, int leafSize) {
        return decompose(a, true, leafSize, "SymmetricEigen.of");
    }

    /**
     * {@return the eigenvalues of the symmetric matrix {@code a} in ascending order, without the
     * vectors (much faster: neither the reduction nor the QR iteration builds Q)} Same checks and
     * exceptions as {@link #of}.
     *
     * @param a the symmetric matrix A
     */
    public static double[] values(Matrix a) {
        return decompose(a, false, 0, "SymmetricEigen.values").values;
    }

    /** {@return the eigenvalues, ascending (a copy)} */
    public double[] values() {
        return values.clone();
    }

    /**
     * {@return the n x n orthogonal matrix whose column j is the eigenvector of
     * {@code values()[j]}}
     */
    public Matrix vectors() {
        return vectors.copy();
    }

    private static SymmetricEigen decompose(Matrix a, boolean wantVectors, int leafSize,
                                            String operation) {
        Checks.requireSymmetric(a, operation);
        int n = a.rows();
        double[] work = symmetricPart(a);
        double scale = Rows.safeScale(a.maxAbs(), SMALL, LARGE);
        if (scale != 1) {
            for (int i = 0; i < work.length; i++) {
                work[i] *= scale;
            }
        }
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        double[] tau = new double[Math.max(0, n - 1)];
        Tridiagonalization.reduce(work, n, d, e, tau);
        double[] vt;
        if (wantVectors && leafSize > 0) {
            // V^T = Z^T Q^T: the reflectors applied to the tridiagonal eigenvectors.
            vt = new double[n * n];
            TridiagonalDivideConquer.diagonalize(d, e, vt, leafSize, operation);
            Tridiagonalization.multiplyByQTransposed(work, n, tau, vt);
        } else {
            vt = wantVectors ? Tridiagonalization.formQTransposed(work, n, tau) : null;
            TridiagonalQr.diagonalize(d, e,
                    wantVectors ? new RotationPipeline.Target(vt, 0, n, n, n) : null, operation);
        }
        sortAscending(d, vt, n);
        if (scale != 1) {
            for (int i = 0; i < n; i++) {
                d[i] /= scale;
            }
        }
        return new SymmetricEigen(d, wantVectors ? Matrix.wrap(n, n, vt).transpose() : null);
    }

    /**
     * (A + A^T) / 2, so that every later step sees an exactly symmetric matrix; by tiles of
     * {@link #TILE} x {@link #TILE}, whose rows and columns stay in L1 even at power-of-two
     * orders, where a whole column's cache lines would collide in a few sets.
     */
    private static double[] symmetricPart(Matrix a) {
        int n = a.rows();
        double[] src = a.data();
        double[] work = new double[n * n];
        for (int i0 = 0; i0 < n; i0 += TILE) {
            int i1 = Math.min(i0 + TILE, n);
            for (int j0 = 0; j0 <= i0; j0 += TILE) {
                for (int i = i0; i < i1; i++) {
                    for (int j = j0, j1 = Math.min(j0 + TILE, i); j < j1; j++) {
                        double mean = 0.5 * src[i * n + j] + 0.5 * src[j * n + i];
                        work[i * n + j] = mean;
                        work[j * n + i] = mean;
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                work[i * n + i] = src[i * n + i];
            }
        }
        return work;
    }

    /** Selection sort: at most n - 1 swaps of eigenvector rows. */
    private static void sortAscending(double[] d, double[] vt, int n) {
        for (int i = 0; i < n - 1; i++) {
            int min = i;
            for (int j = i + 1; j < n; j++) {
                if (d[j] < d[min]) {
                    min = j;
                }
            }
            if (min != i) {
                double t = d[i];
                d[i] = d[min];
                d[min] = t;
                if (vt != null) {
                    Rows.swap(vt, 0, n, n, i, min);
                }
            }
        }
    }
}
