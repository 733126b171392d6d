package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;

/**
 * Linear systems, least squares and the quantities NumPy's {@code numpy.linalg} offers on top of
 * the decompositions: {@link #solve}, {@link #lstsq}, {@link #pinv}, {@link #rank}, {@link #cond},
 * {@link #det}, {@link #inverse}, {@link #normSpectral}. Each names the decomposition it uses;
 * none modifies its inputs.
 *
 * <p>Singular value cut-offs follow LAPACK and NumPy: by default a singular value counts as zero
 * when it is at most {@code max(m, n) eps s_0}, the size of the rounding errors an SVD of A
 * makes anyway.
 */
public final class LinAlg {

    private LinAlg() {
    }

    /**
     * X with {@code A X = B} for a square A, by LU with partial pivoting ({@link Lu}).
     *
     * @param a the square matrix A
     * @param b the right-hand sides B, one per column
     * @return the solution X
     * @throws IllegalArgumentException if A is not square, the rows of B do not match, or
     *     either holds NaN or infinity
     * @throws ArithmeticException if A is singular (an exact zero pivot)
     */
    public static Matrix solve(Matrix a, Matrix b) {
        Checks.requireSquare(a, "LinAlg.solve");
        Checks.requireRows(b, a.rows(), a.cols(), "LinAlg.solve");
        Checks.requireFinite(b, "LinAlg.solve");
        return Lu.of(a).solve(b);
    }

    /**
     * {@return the minimum-norm least-squares solution of {@code A X = B}: among the X minimizing
     * {@code ||A X - B||_F}, the one of least norm, {@code X = pinv(A) B}, by SVD with the
     * default cut-off (as {@code numpy.linalg.lstsq})} Works for any shape and rank.
     *
     * @param a the matrix A
     * @param b the right-hand sides B, one per column
     * @throws IllegalArgumentException if the rows of B do not match A's, or either holds NaN
     *     or infinity
     */
    public static Matrix lstsq(Matrix a, Matrix b) {
        return lstsq(a, b, defaultCutoffRatio(a));
    }

    /**
     * {@link #lstsq(Matrix, Matrix)} with singular values at most {@code rcond s_0} treated as
     * zero.
     *
     * @param a the matrix A
     * @param b the right-hand sides B, one per column
     * @param rcond the relative cut-off
     * @return the minimum-norm least-squares solution X
     * @throws IllegalArgumentException also if {@code rcond} is negative or NaN
     */
    public static Matrix lstsq(Matrix a, Matrix b, double rcond) {
        Checks.requireRows(b, a.rows(), a.cols(), "LinAlg.lstsq");
        Checks.requireFinite(b, "LinAlg.lstsq");
        return pinv(a, rcond, "LinAlg.lstsq").times(b);
    }

    /**
     * {@return the Moore-Penrose pseudo-inverse {@code A^+ = V diag(1/s_i) U^T} (n x m), keeping
     * the singular values above the default cut-off {@code max(m, n) eps s_0} (as
     * {@code numpy.linalg.pinv(a, rtol=None)}; NumPy's plain default is a fixed 1e-15)}
     *
     * @param a the matrix A
     * @throws IllegalArgumentException if A holds NaN or infinity
     */
    public static Matrix pinv(Matrix a) {
        return pinv(a, defaultCutoffRatio(a), "LinAlg.pinv");
    }

    /**
     * {@return the pseudo-inverse keeping the singular values above {@code rcond s_0}}
     *
     * @param a the matrix A
     * @param rcond the relative cut-off
     * @throws IllegalArgumentException if A holds NaN or infinity, or rcond is negative or NaN
     */
    public static Matrix pinv(Matrix a, double rcond) {
        return pinv(a, rcond, "LinAlg.pinv");
    }

    private static Matrix pinv(Matrix a, double rcond, String operation) {
        requireCutoff(rcond, operation);
        Checks.requireFinite(a, operation);
        Svd svd = Svd.of(a);
        double[] s = svd.singularValues();
        Matrix v = svd.v();
        Matrix u = svd.u();
        double cutoff = s.length == 0 ? 0 : rcond * s[0];
        int kept = 0;
        while (kept < s.length && s[kept] > cutoff) {
            kept++;
        }
        int keep = kept;
        Matrix scaled = Matrix.generate(a.cols(), keep, (i, j) -> v.get(i, j) / s[j]);
        return scaled.timesTranspose(u.columnRange(0, keep));
    }

    /**
     * {@return the numerical rank: the number of singular values above {@code max(m, n) eps s_0}
     * (as {@code numpy.linalg.matrix_rank})}
     *
     * @param a the matrix A
     * @throws IllegalArgumentException if A holds NaN or infinity
     */
    public static int rank(Matrix a) {
        Checks.requireFinite(a, "LinAlg.rank");
        double[] s = Svd.values(a);
        return countAbove(s, defaultCutoffRatio(a) * (s.length == 0 ? 0 : s[0]));
    }

    /**
     * {@return the number of singular values above the absolute tolerance {@code tol}}
     *
     * @param a the matrix A
     * @param tol the absolute tolerance
     * @throws IllegalArgumentException if A holds NaN or infinity, or tol is negative or NaN
     */
    public static int rank(Matrix a, double tol) {
        requireCutoff(tol, "LinAlg.rank");
        Checks.requireFinite(a, "LinAlg.rank");
        return countAbove(Svd.values(a), tol);
    }

    private static int countAbove(double[] s, double tol) {
        int count = 0;
        for (double value : s) {
            if (value > tol) {
                count++;
            }
        }
        return count;
    }

    /**
     * {@return the spectral norm {@code ||A||_2}, the largest singular value ({@link Svd#values});
     * 0 for an empty matrix}
     *
     * @param a the matrix A
     * @throws IllegalArgumentException if an element is NaN or infinite
     */
    public static double normSpectral(Matrix a) {
        double[] s = Svd.values(a);
        return s.length == 0 ? 0 : s[0];
    }

    /**
     * {@return the 2-norm condition number {@code s_0 / s_{p-1}} (infinite for a rank-deficient A,
     * NaN for the zero matrix), from the singular values}
     *
     * @param a the matrix A
     * @throws IllegalArgumentException if A is empty or holds NaN or infinity
     */
    public static double cond(Matrix a) {
        if (a.rows() == 0 || a.cols() == 0) {
            throw new IllegalArgumentException("LinAlg.cond: the " + a.shape()
                    + " matrix has no singular values");
        }
        Checks.requireFinite(a, "LinAlg.cond");
        double[] s = Svd.values(a);
        return s[0] / s[s.length - 1];
    }

    /**
     * {@return the determinant of a square A, by LU ({@link Lu#det()}); 1 for 0 x 0}
     *
     * @param a the square matrix A
     * @throws IllegalArgumentException if A is not square or holds NaN or infinity
     */
    public static double det(Matrix a) {
        Checks.requireSquare(a, "LinAlg.det");
        Checks.requireFinite(a, "LinAlg.det");
        return Lu.of(a).det();
    }

    /**
     * {@return {@code A^{-1}} for a square A, by LU with partial pivoting}
     *
     * @param a the square matrix A
     * @throws IllegalArgumentException if A is not square or holds NaN or infinity
     * @throws ArithmeticException if A is singular (an exact zero pivot)
     */
    public static Matrix inverse(Matrix a) {
        Checks.requireSquare(a, "LinAlg.inverse");
        Checks.requireFinite(a, "LinAlg.inverse");
        return Lu.of(a).inverse();
    }

    /** {@code max(m, n) eps}: LAPACK's and NumPy's default relative cut-off. */
    private static double defaultCutoffRatio(Matrix a) {
        return Math.max(a.rows(), a.cols()) * EPS;
    }

    private static void requireCutoff(double cutoff, String operation) {
        if (!(cutoff >= 0)) {
            throw new IllegalArgumentException(operation + ": the cut-off must be non-negative,"
                    + " got " + cutoff);
        }
    }
}
