package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;

/**
 * The checks every QR factorization must pass (LAPACK's dqrt01 ratios), for an m x n A and
 * p = min(m, n): {@code ||A - Q R||_F / (||A||_F max(m, n) eps) <= 35},
 * {@code ||I - Q^T Q||_1 / (m eps) <= 35}, Q m x p, R p x n with exact zeros below the diagonal.
 */
final class QrChecks {

    private QrChecks() {
    }

    static Qr check(Matrix a, String label) {
        Matrix before = a.copy();
        Qr qr = Qr.of(a);
        assertEquals(before, a, label + ": input modified");
        int m = a.rows();
        int n = a.cols();
        int p = Math.min(m, n);
        Matrix q = qr.q();
        Matrix r = qr.r();
        assertEquals(m + "x" + p, q.shape(), label + " Q");
        assertEquals(p + "x" + n, r.shape(), label + " R");
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < Math.min(i, n); j++) {
                assertEquals(0.0, r.get(i, j), 0.0, label + ": R not upper triangular");
            }
        }
        double power = Ratios.powerOfTwoNear(a.maxAbs());
        double residual = Ratios.residual(a.scale(power), q.times(r.scale(power)), Math.max(m, n));
        double orthogonality = Ratios.orthogonality(q);
        assertTrue(residual <= Ratios.THRESHOLD,
                label + ": ||A - QR|| / (||A|| max(m,n) eps) = " + residual);
        assertTrue(orthogonality <= Ratios.THRESHOLD,
                label + ": ||I - Q^T Q|| / (m eps) = " + orthogonality);
        return qr;
    }
}
