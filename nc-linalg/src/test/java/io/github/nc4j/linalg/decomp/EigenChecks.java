package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;

/**
 * The checks every symmetric eigen-decomposition must pass, shared by all eigen tests (as EJML's
 * StandardSvdChecks is for SVDs). For a symmetric n x n A with computed {@code V, values}:
 * <ul>
 *   <li>{@code ||A - V diag(values) V^T||_F / (||A||_F n eps) <= 35} (LAPACK's dsyt21 ratio);</li>
 *   <li>{@code ||I - V^T V||_1 / (n eps) <= 35};</li>
 *   <li>values ascending;</li>
 *   <li>the values-only path agrees: {@code |lambda_i - mu_i| <= 2 * 35 n eps max|lambda|}
 *       (see {@link #valuesOnlyBound}).</li>
 * </ul>
 */
final class EigenChecks {

    private EigenChecks() {
    }

    /**
     * Leaf size that forces divide and conquer at small orders: leaves of 1 to 3 make every
     * level of the recursion a merge, down to merges of two 1 x 1 blocks.
     */
    static final int SMALL_LEAF = 3;

    /**
     * Runs every check on {@code a} for the default algorithm and for divide and conquer
     * forced down to {@link #SMALL_LEAF}; returns the default decomposition.
     */
    static SymmetricEigen check(Matrix a, String label) {
        check(a, SymmetricEigen.of(a, SMALL_LEAF), label + " (divide and conquer)");
        return check(a, SymmetricEigen.of(a), label);
    }

    /** Runs every check on the decomposition {@code eigen} of {@code a}; returns it. */
    static SymmetricEigen check(Matrix a, SymmetricEigen eigen, String label) {
        Matrix before = a.copy();
        double[] valuesOnly = SymmetricEigen.values(a);
        assertEquals(before, a, label + ": input modified");
        int n = a.rows();
        double[] values = eigen.values();
        Matrix v = eigen.vectors();
        assertEquals(n, values.length, label);
        assertEquals(n, v.rows(), label);
        assertEquals(n, v.cols(), label);
        for (int i = 1; i < n; i++) {
            assertTrue(values[i - 1] <= values[i], label + ": values not ascending at " + i);
        }
        double power = Ratios.powerOfTwoNear(a.maxAbs());
        Matrix scaledA = a.scale(power);
        Matrix vd = Matrix.generate(n, n, (i, j) -> v.get(i, j) * (values[j] * power));
        double residual = Ratios.residual(scaledA, vd.timesTranspose(v), n);
        double orthogonality = Ratios.orthogonality(v);
        assertTrue(residual <= Ratios.THRESHOLD,
                label + ": ||A - V L V^T|| / (||A|| n eps) = " + residual);
        assertTrue(orthogonality <= Ratios.THRESHOLD,
                label + ": ||I - V^T V|| / (n eps) = " + orthogonality);
        double bound = valuesOnlyBound(n, values);
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(values[i] - valuesOnly[i]) <= bound,
                    label + ": values-only " + valuesOnly[i] + " vs " + values[i] + " at " + i);
        }
        return eigen;
    }

    /**
     * How far the values-only eigenvalues may lie from those computed with vectors. Each path is
     * backward stable: its values are the exact eigenvalues of {@code A + E} with
     * {@code ||E||_2 <= THRESHOLD n eps ||A||_2} in the convention of the residual ratio above, so
     * by Weyl each lies within that distance of the exact eigenvalues, and the two sets within
     * twice it. {@code ||A||_2 = max|lambda|}. The two paths take different rotations (the
     * values-only path never forms vectors), so they need not agree to a few ulps: a 4 x 4
     * Gaussian matrix already separates them by 2.7 n eps max|lambda|.
     */
    static double valuesOnlyBound(int n, double[] values) {
        double largest = n == 0 ? 0 : Math.max(Math.abs(values[0]), Math.abs(values[n - 1]));
        return 2 * Ratios.THRESHOLD * n * EPS * largest;
    }

    /**
     * Computed eigenvalues against the exact ones (Weyl: a backward error E moves each by at most
     * ||E||_2, and the input itself was formed with an error of O(n eps ||A||)), as a ratio
     * {@code max |lambda_i - exact_i| / (n eps max|exact|)}.
     */
    static void checkAgainstExact(double[] values, double[] exact, String label) {
        double[] sorted = exact.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted.length, values.length, label);
        double largest = 0;
        for (double x : sorted) {
            largest = Math.max(largest, Math.abs(x));
        }
        double worst = 0;
        for (int i = 0; i < sorted.length; i++) {
            worst = Math.max(worst, Math.abs(values[i] - sorted[i]));
        }
        double ratio = largest == 0 ? (worst == 0 ? 0 : Double.POSITIVE_INFINITY)
                : worst / (Math.max(1, sorted.length) * EPS * largest);
        assertTrue(ratio <= Ratios.THRESHOLD, label + ": eigenvalue error ratio " + ratio);
    }
}
