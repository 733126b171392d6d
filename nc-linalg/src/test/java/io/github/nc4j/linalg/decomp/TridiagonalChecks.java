package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.Random;

/**
 * Checks of {@link TridiagonalDivideConquer} on a symmetric tridiagonal T, with LAPACK's ratios
 * (its {@code dstt21}): {@code ||T - Z L Z^T||_F / (||T||_F n eps)} and
 * {@code ||I - Z^T Z||_1 / (n eps)} at most 35, and the eigenvalues against the QR iteration's
 * (an independent algorithm), {@code max |lambda_i - mu_i| / (n eps ||T||_F)} at most 35 too
 * (LAPACK's {@code dchkst} compares its eigenvalue solvers this way). Also the tridiagonal matrices of the tests:
 * the cases that exercise each kind of deflation.
 */
final class TridiagonalChecks {

    private TridiagonalChecks() {
    }

    /** Runs the checks for {@code tridiag(e, d, e)} with leaves of at most {@code leafSize}. */
    static void check(double[] d, double[] e, int leafSize, String label) {
        int n = d.length;
        Matrix t = Matrix.generate(n, n, (i, j) -> i == j ? d[i]
                : Math.abs(i - j) == 1 ? e[Math.min(i, j)] : 0);
        double[] values = d.clone();
        double[] zt = new double[n * n];
        TridiagonalDivideConquer.diagonalize(values, e.clone(), zt, leafSize, "test");
        Matrix z = Matrix.wrap(n, n, zt).transpose();
        double power = Ratios.powerOfTwoNear(t.maxAbs());
        Matrix zl = Matrix.generate(n, n, (i, j) -> z.get(i, j) * (values[j] * power));
        double residual = Ratios.residual(t.scale(power), zl.timesTranspose(z), n);
        double orthogonality = Ratios.orthogonality(z);
        String where = label + " (n = " + n + ", leaf " + leafSize + ")";
        assertTrue(residual <= Ratios.THRESHOLD,
                where + ": ||T - Z L Z^T|| / (||T|| n eps) = " + residual);
        assertTrue(orthogonality <= Ratios.THRESHOLD,
                where + ": ||I - Z^T Z|| / (n eps) = " + orthogonality);
        double[] reference = d.clone();
        TridiagonalQr.diagonalize(reference, e.clone(), null, "test");
        Arrays.sort(reference);
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double scale = Math.max(1, n) * EPS * t.normFrobenius();
        for (int i = 0; i < n; i++) {
            double ratio = Math.abs(sorted[i] - reference[i]) / scale;
            assertTrue(ratio <= Ratios.THRESHOLD, where + ": eigenvalue " + i + " " + sorted[i]
                    + " against the QR iteration's " + reference[i] + ", ratio " + ratio);
        }
    }

    /** The classes of tridiagonal test matrices. */
    enum Shape {
        /** Gaussian diagonal and off-diagonal. */
        RANDOM,
        /**
         * Copies of Wilkinson's W21+ glued by off-diagonal elements of 1e-9: pairs of eigenvalues
         * agree to many digits within a copy, and each copy's spectrum nearly repeats in every
         * other, so merges deflate close poles by rotation (Dhillon and Parlett's test set).
         */
        GLUED_WILKINSON,
        /**
         * A constant diagonal with off-diagonal elements of a few units of roundoff, not small
         * enough to split: every z component is negligible, so every merge deflates everything.
         */
        NEARLY_DIAGONAL,
        /** Diagonal 1 .. n with off-diagonal elements of 1e-9: z components from tiny to tinier. */
        TINY_COUPLING,
        /** Diagonal graded from 1 to 1e-30 and off-diagonal elements to match. */
        GRADED,
        /** Every third off-diagonal element exactly zero: the matrix splits into blocks. */
        SPLIT,
        /** All-ones diagonal and off-diagonal: one multiple eigenvalue after each tearing. */
        ONES,
        /** The second-difference matrix tridiag(-1, 2, -1). */
        LAPLACIAN
    }

    /** {@code {d, e}} of the given shape and order. */
    static double[][] of(Shape shape, int n, Random random) {
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        for (int i = 0; i < n; i++) {
            switch (shape) {
                case RANDOM -> d[i] = random.nextGaussian();
                case GLUED_WILKINSON -> d[i] = Math.abs(i % 21 - 10);
                case NEARLY_DIAGONAL -> d[i] = 1;
                case TINY_COUPLING -> d[i] = i + 1;
                case GRADED -> d[i] = Math.pow(1e-30, n == 1 ? 0 : (double) i / (n - 1));
                case SPLIT, ONES -> d[i] = shape == Shape.SPLIT ? random.nextGaussian() : 1;
                case LAPLACIAN -> d[i] = 2;
                default -> throw new IllegalArgumentException(shape.toString());
            }
        }
        for (int i = 0; i < n - 1; i++) {
            e[i] = switch (shape) {
                case RANDOM -> random.nextGaussian();
                case GLUED_WILKINSON -> i % 21 == 20 ? 1e-9 : 1;
                case NEARLY_DIAGONAL -> (2 + random.nextInt(3)) * EPS;
                case TINY_COUPLING -> 1e-9;
                case GRADED -> Math.sqrt(d[i] * d[i + 1]) * (0.5 + random.nextDouble());
                case SPLIT -> i % 3 == 2 ? 0 : random.nextGaussian();
                case ONES -> 1;
                case LAPLACIAN -> -1;
            };
        }
        return new double[][] {d, e};
    }
}
