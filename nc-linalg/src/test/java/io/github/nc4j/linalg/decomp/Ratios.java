package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;

/**
 * LAPACK's scaled test ratios: quantities that are O(1) for a backward-stable algorithm whatever
 * the size and scale of the input, compared against LAPACK's threshold of 35.
 *
 * <p>Checkers first multiply the input and the factor carrying its scale (singular values,
 * eigenvalues, R, U) by {@link #powerOfTwoNear} of the input's largest element. That is exact,
 * leaves every ratio unchanged, and keeps the residual of an input near underflow out of the
 * subnormal range, where it would lose its relative accuracy.
 */
final class Ratios {

    /** LAPACK's threshold for every test ratio (its test programs use 30 to 50). */
    static final double THRESHOLD = 35;

    private Ratios() {
    }

    /** A power of two that brings {@code max} into [1, 2); 1 for 0. */
    static double powerOfTwoNear(double max) {
        return max == 0 ? 1 : Math.scalb(1.0, -Math.getExponent(max));
    }

    /** {@code ||I - Q^T Q||_1 / (rows eps)} for Q with orthonormal columns (LAPACK's dort01). */
    static double orthogonality(Matrix q) {
        if (q.rows() == 0 || q.cols() == 0) {
            return 0;
        }
        Matrix defect = Matrix.identity(q.cols()).minus(q.transposeTimes(q));
        return defect.norm1() / (q.rows() * EPS);
    }

    /**
     * LAPACK's dget02 (and, for a symmetric A, dpot02) ratio for the computed solution X of
     * {@code A X = B}, n x n A: the largest over the columns of
     * {@code ||b - A x||_1 / (||A||_1 ||x||_1 n eps)}; 0 for n = 0. A and each column x are first
     * scaled by {@link #powerOfTwoNear} of their largest elements, so that neither the residual
     * nor the norms overflow or underflow. It is NaN or infinite, and fails any threshold, when X
     * holds NaN or infinity or a column of X is zero (LAPACK reports 1 / eps there).
     */
    static double solveResidual(Matrix a, Matrix x, Matrix b) {
        int n = a.rows();
        if (n == 0) {
            return 0;
        }
        double powerA = powerOfTwoNear(a.maxAbs());
        Matrix scaledA = a.scale(powerA);
        double normA = scaledA.norm1();
        double worst = 0;
        for (int j = 0; j < x.cols(); j++) {
            double powerX = powerOfTwoNear(x.column(j).maxAbs());
            Matrix scaledX = x.column(j).scale(powerX);
            Matrix scaledB = b.column(j).scale(powerX).scale(powerA);
            double ratio = scaledB.minus(scaledA.times(scaledX)).norm1() / normA
                    / scaledX.norm1() / (n * EPS);
            worst = Math.max(worst, ratio);
        }
        return worst;
    }

    /**
     * {@code ||A - B||_F / (||A||_F size eps)} for an input A and its reconstruction B from the
     * factors; for A = 0 it is 0 if B is exactly zero too, and infinite otherwise.
     */
    static double residual(Matrix a, Matrix reconstruction, int size) {
        double normA = a.normFrobenius();
        double normDiff = a.minus(reconstruction).normFrobenius();
        if (normA == 0) {
            return normDiff == 0 ? 0 : Double.POSITIVE_INFINITY;
        }
        return normDiff / (normA * Math.max(size, 1) * EPS);
    }
}
