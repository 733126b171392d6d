package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;

/**
 * The checks every SVD must pass, shared by all SVD tests (as EJML's StandardSvdChecks). For an
 * m x n A, p = min(m, n), and each of the thin and full decompositions:
 * <ul>
 *   <li>{@code ||A - U S V^T||_F / (||A||_F max(m, n) eps) <= 35} (LAPACK's dbdt01 ratio);</li>
 *   <li>{@code ||I - U^T U||_1 / (m eps) <= 35} and {@code ||I - V^T V||_1 / (n eps) <= 35}
 *       (dort01);</li>
 *   <li>singular values non-negative and descending;</li>
 *   <li>full agrees with thin, {@code |s_i - t_i| <= p eps s_0} (the same sweeps);</li>
 *   <li>values-only agrees with thin as a ratio, {@code max |s_i - t_i| / (p eps s_0) <= 35}
 *       (as LAPACK's dchkbd compares values computed with and without vectors): the values
 *       come from dqds, the thin ones (below order 128; from there on divide and conquer's
 *       secular equations) from QR sweeps whose deflation tolerance, LAPACK's
 *       u^(-1/8) u (about 99 units of roundoff, 49 eps), may move a value in a cluster by tens
 *       of eps, where dqds stays within a few;</li>
 *   <li>the input is left unchanged.</li>
 * </ul>
 */
final class SvdChecks {

    private SvdChecks() {
    }

    /** Runs every check on {@code a}; returns the thin decomposition. */
    static Svd check(Matrix a, String label) {
        Matrix before = a.copy();
        Svd thin = Svd.of(a);
        Svd full = Svd.full(a);
        double[] valuesOnly = Svd.values(a);
        assertEquals(before, a, label + ": input modified");
        int m = a.rows();
        int n = a.cols();
        int p = Math.min(m, n);
        double[] s = thin.singularValues();
        assertEquals(p, s.length, label);
        assertShape(thin.u(), m, p, label + " thin U");
        assertShape(thin.v(), n, p, label + " thin V");
        assertShape(full.u(), m, m, label + " full U");
        assertShape(full.v(), n, n, label + " full V");
        for (int i = 0; i < p; i++) {
            assertTrue(s[i] >= 0 && Double.isFinite(s[i]), label + ": s[" + i + "] = " + s[i]);
            assertTrue(i == 0 || s[i] <= s[i - 1], label + ": not descending at " + i);
        }
        checkFactors(a, thin.u(), s, thin.v(), label + " thin");
        checkFactors(a, full.u(), full.singularValues(), full.v(), label + " full");
        double bound = p * EPS * (p == 0 ? 0 : s[0]);
        assertAgree(s, valuesOnly, Ratios.THRESHOLD * bound, label + " values-only");
        assertAgree(s, full.singularValues(), bound, label + " full");
        return thin;
    }

    private static void checkFactors(Matrix a, Matrix u, double[] s, Matrix v, String label) {
        int m = a.rows();
        int n = a.cols();
        int p = s.length;
        double power = Ratios.powerOfTwoNear(a.maxAbs());
        Matrix us = Matrix.generate(m, p, (i, j) -> u.get(i, j) * (s[j] * power));
        Matrix reconstruction = us.timesTranspose(v.columnRange(0, p));
        double residual = Ratios.residual(a.scale(power), reconstruction, Math.max(m, n));
        assertTrue(residual <= Ratios.THRESHOLD,
                label + ": ||A - U S V^T|| / (||A|| max(m,n) eps) = " + residual);
        double uRatio = Ratios.orthogonality(u);
        double vRatio = Ratios.orthogonality(v);
        assertTrue(uRatio <= Ratios.THRESHOLD, label + ": ||I - U^T U|| / (m eps) = " + uRatio);
        assertTrue(vRatio <= Ratios.THRESHOLD, label + ": ||I - V^T V|| / (n eps) = " + vRatio);
    }

    /**
     * Computed singular values against exact ones: {@code max |s_i - exact_i| / (max(m, n) eps
     * s_0) <= 35} (Weyl's inequality turns the backward error into this bound).
     */
    static void checkAgainstExact(double[] s, double[] exact, int size, String label) {
        double[] sorted = exact.clone();
        java.util.Arrays.sort(sorted);
        assertEquals(sorted.length, s.length, label);
        double largest = sorted.length == 0 ? 0 : sorted[sorted.length - 1];
        double worst = 0;
        for (int i = 0; i < s.length; i++) {
            worst = Math.max(worst, Math.abs(s[i] - sorted[sorted.length - 1 - i]));
        }
        double ratio = largest == 0 ? (worst == 0 ? 0 : Double.POSITIVE_INFINITY)
                : worst / (Math.max(1, size) * EPS * largest);
        assertTrue(ratio <= Ratios.THRESHOLD, label + ": singular value error ratio " + ratio);
    }

    private static void assertAgree(double[] expected, double[] actual, double bound,
                                    String label) {
        assertEquals(expected.length, actual.length, label);
        for (int i = 0; i < expected.length; i++) {
            assertTrue(Math.abs(expected[i] - actual[i]) <= bound,
                    label + ": " + actual[i] + " vs " + expected[i] + " at " + i);
        }
    }

    private static void assertShape(Matrix x, int rows, int cols, String label) {
        assertEquals(rows + "x" + cols, x.shape(), label);
    }
}
