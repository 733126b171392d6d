package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * The checks every LU factorization must pass, for a square n x n A (LAPACK's dget01 and dget02
 * ratios): {@code ||P A - L U||_F / (||L||_F ||U||_F n eps) <= 35} (Wilkinson's bound, which holds
 * whatever the pivot growth), L unit lower triangular with {@code |l_ij| <= 1}, U upper triangular,
 * P a permutation; and for a nonsingular A, the solution of {@code A x = b} has
 * {@code ||b - A x||_1 / (||A||_1 ||x||_1 n eps) <= 35}.
 */
final class LuChecks {

    private LuChecks() {
    }

    static Lu check(Matrix a, String label) {
        Matrix before = a.copy();
        Lu lu = Lu.of(a);
        assertEquals(before, a, label + ": input modified");
        int n = a.rows();
        Matrix l = lu.l();
        Matrix u = lu.u();
        int[] perm = lu.permutation();
        boolean[] seen = new boolean[n];
        for (int i = 0; i < n; i++) {
            assertTrue(!seen[perm[i]], label + ": not a permutation");
            seen[perm[i]] = true;
            assertEquals(1.0, l.get(i, i), 0.0, label + ": L not unit");
            for (int j = 0; j < n; j++) {
                if (j > i) {
                    assertEquals(0.0, l.get(i, j), 0.0, label + ": L not lower");
                } else {
                    assertTrue(Math.abs(l.get(i, j)) <= 1, label + ": |l_ij| > 1");
                }
                if (j < i) {
                    assertEquals(0.0, u.get(i, j), 0.0, label + ": U not upper");
                }
            }
        }
        if (n == 0) {
            return lu;
        }
        double power = Ratios.powerOfTwoNear(a.maxAbs());
        Matrix pa = a.selectRows(perm).scale(power);
        Matrix scaledU = u.scale(power);
        double scale = l.normFrobenius() * scaledU.normFrobenius();
        double residual = pa.minus(l.times(scaledU)).normFrobenius() / (scale * n * EPS);
        assertTrue(scale == 0 || residual <= Ratios.THRESHOLD,
                label + ": ||PA - LU|| / (||L|| ||U|| n eps) = " + residual);
        if (!lu.isSingular()) {
            Matrix b = Matrix.gaussian(n, 2, new Random(n)).scale(1 / power);
            Matrix bBefore = b.copy();
            Matrix x = lu.solve(b);
            assertEquals(bBefore, b, label + ": right-hand side modified");
            checkSolve(a, b, x, label);
        }
        return lu;
    }

    /**
     * LAPACK's dget02 for the computed solution X of {@code A X = B}:
     * {@code ||b - A x||_1 / (||A||_1 ||x||_1 n eps) <= 35} for every column, X the shape of B.
     */
    static void checkSolve(Matrix a, Matrix b, Matrix x, String label) {
        assertEquals(b.shape(), x.shape(), label + ": shape of X");
        double ratio = Ratios.solveResidual(a, x, b);
        assertTrue(ratio <= Ratios.THRESHOLD,
                label + ": ||b - A x|| / (||A|| ||x|| n eps) = " + ratio);
    }
}
