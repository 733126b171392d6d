package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * The checks every Cholesky factorization must pass, for a symmetric positive definite n x n A
 * (LAPACK's dpot01 and dpot02 ratios): {@code ||A - L L^T||_F / (||A||_F n eps) <= 35}, L lower
 * triangular with a positive diagonal, and {@code ||b - A x||_1 / (||A||_1 ||x||_1 n eps) <= 35}
 * for the solution of {@code A x = b}.
 */
final class CholeskyChecks {

    private CholeskyChecks() {
    }

    static Cholesky check(Matrix a, String label) {
        Matrix before = a.copy();
        Cholesky cholesky = Cholesky.of(a);
        assertEquals(before, a, label + ": input modified");
        int n = a.rows();
        Matrix l = cholesky.l();
        for (int i = 0; i < n; i++) {
            assertTrue(l.get(i, i) > 0, label + ": diagonal not positive");
            for (int j = i + 1; j < n; j++) {
                assertEquals(0.0, l.get(i, j), 0.0, label + ": L not lower");
            }
        }
        // An even power of two, so that its square root scales L exactly.
        double half = a.maxAbs() == 0 ? 1 : Math.scalb(1.0, -(Math.getExponent(a.maxAbs()) / 2));
        double power = half * half;
        Matrix scaledL = l.scale(half);
        double residual = Ratios.residual(a.scale(power), scaledL.timesTranspose(scaledL), n);
        assertTrue(residual <= Ratios.THRESHOLD,
                label + ": ||A - L L^T|| / (||A|| n eps) = " + residual);
        checkSolve(cholesky, a, Matrix.gaussian(n, 2, new Random(n)).scale(1 / power), label);
        return cholesky;
    }

    /**
     * LAPACK's dpot02 for {@code X = cholesky.solve(B)}, the factorization of A:
     * {@code ||b - A x||_1 / (||A||_1 ||x||_1 n eps) <= 35} for every column, X the shape of B,
     * B unchanged.
     */
    static void checkSolve(Cholesky cholesky, Matrix a, Matrix b, String label) {
        Matrix before = b.copy();
        Matrix x = cholesky.solve(b);
        assertEquals(before, b, label + ": right-hand side modified");
        assertEquals(b.shape(), x.shape(), label + ": shape of X");
        double ratio = Ratios.solveResidual(a, x, b);
        assertTrue(ratio <= Ratios.THRESHOLD,
                label + ": ||b - A x|| / (||A|| ||x|| n eps) = " + ratio);
    }
}
