package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The blocked reduction on its own, with LAPACK's ratios for {@code dsytrd} (its {@code dsyt21}
 * for the tridiagonal form): {@code ||A - Q T Q^T||_F / (||A||_F n eps)} and
 * {@code ||I - Q^T Q||_1 / (n eps)} at most 35, at orders around the panel width (32), past the
 * order from which the matrix-vector products are split (256), and odd ones in between.
 */
class TridiagonalizationTest {

    @Test
    void reconstructsTheInputWithAnOrthogonalQ() {
        Random random = new Random(5);
        for (int n : new int[] {0, 1, 2, 3, 31, 32, 33, 65, 97, 259, 300}) {
            for (Kind kind : new Kind[] {Kind.RANDOM, Kind.GRADED, Kind.CLUSTERED}) {
                check(TestMatrices.symmetric(kind, n, random), kind + ", n = " + n);
            }
        }
    }

    /**
     * The matrix-vector products are cut into a fixed number of parts and the trailing update
     * is a GEMM, whose sums do not depend on how its rows are shared out. (Which elements above
     * the diagonal that GEMM also computes does depend on it: they are not compared.)
     */
    @Test
    void resultsDoNotDependOnTheThreadCount() {
        int n = 300;
        Matrix a = TestMatrices.symmetric(Kind.RANDOM, n, new Random(17));
        int threads = Parallelism.threads();
        double[][] reduced = new double[2][];
        double[][] diagonals = new double[2][];
        double[][] offDiagonals = new double[2][];
        double[][] taus = new double[2][];
        try {
            for (int run = 0; run < 2; run++) {
                Parallelism.setThreads(run == 0 ? 1 : 3);
                reduced[run] = a.data().clone();
                diagonals[run] = new double[n];
                offDiagonals[run] = new double[n - 1];
                taus[run] = new double[n - 1];
                Tridiagonalization.reduce(reduced[run], n, diagonals[run], offDiagonals[run],
                        taus[run]);
            }
        } finally {
            Parallelism.setThreads(threads);
        }
        assertArrayEquals(diagonals[0], diagonals[1]);
        assertArrayEquals(offDiagonals[0], offDiagonals[1]);
        assertArrayEquals(taus[0], taus[1]);
        // the lower triangle: T and the reflectors (the strict upper one is left unspecified)
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                assertEquals(reduced[0][i * n + j], reduced[1][i * n + j], 0.0,
                        "A(" + i + ", " + j + ") after the reduction");
            }
        }
    }

    private static void check(Matrix a, String label) {
        int n = a.rows();
        double[] work = a.data().clone();
        double[] d = new double[n];
        double[] e = new double[Math.max(0, n - 1)];
        double[] tau = new double[Math.max(0, n - 1)];
        Tridiagonalization.reduce(work, n, d, e, tau);
        for (int j = 0; j < n; j++) {
            assertEquals(d[j], work[j * n + j], 0.0, label + ": T(j, j) left on the diagonal");
            if (j + 1 < n) {
                assertEquals(e[j], work[(j + 1) * n + j], 0.0, label + ": T(j + 1, j) below it");
            }
        }
        Matrix q = Matrix.wrap(n, n, Tridiagonalization.formQTransposed(work, n, tau))
                .transpose();
        Matrix t = Matrix.generate(n, n, (i, j) -> i == j ? d[i]
                : Math.abs(i - j) == 1 ? e[Math.min(i, j)] : 0);
        double power = Ratios.powerOfTwoNear(a.maxAbs());
        double residual = Ratios.residual(a.scale(power), q.times(t.scale(power))
                .timesTranspose(q), n);
        double orthogonality = Ratios.orthogonality(q);
        assertTrue(residual <= Ratios.THRESHOLD,
                label + ": ||A - Q T Q^T|| / (||A|| n eps) = " + residual);
        assertTrue(orthogonality <= Ratios.THRESHOLD,
                label + ": ||I - Q^T Q|| / (n eps) = " + orthogonality);
    }
}
