package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BidiagonalDivideConquerTest {

    private static final int[] ORDERS = {0, 1, 2, 3, 4, 7, 26, 27, 51, 100};
    private static final int[] LEAVES = {1, 2, 3, 25};

    /** Bidiagonal matrices that make the merges deflate in every way, and some that do not. */
    enum Shape {
        /** Standard normal d and e: little deflation. */
        RANDOM,
        /** d = 1, e = 0: every singular value repeated, every merge deflates all but one. */
        REPEATED,
        /** Every third d and every fourth e exactly zero. */
        ZEROS,
        /** d and e graded over 40 orders of magnitude, repeating. */
        GRADED,
        /** Alternating d = 1, 2 with negligible e: two clusters, close-pole deflation. */
        TWO_CLUSTERS,
        /** Random entries of size 1e-300 (squares underflow without the merge's scaling). */
        TINY,
        /** Random entries of size 1e300 (squares overflow without it). */
        HUGE,
        /** All zero. */
        ZERO;

        double[][] of(int n, Random random) {
            double[] d = new double[n];
            double[] e = new double[Math.max(0, n - 1)];
            for (int i = 0; i < n; i++) {
                boolean hasE = i < n - 1;
                double ei;
                switch (this) {
                    case RANDOM -> {
                        d[i] = random.nextGaussian();
                        ei = random.nextGaussian();
                    }
                    case REPEATED -> {
                        d[i] = 1;
                        ei = 0;
                    }
                    case ZEROS -> {
                        d[i] = i % 3 == 0 ? 0 : random.nextGaussian();
                        ei = i % 4 == 0 ? 0 : random.nextGaussian();
                    }
                    case GRADED -> {
                        double g = Math.pow(10, -(i % 40));
                        d[i] = g * (1 + random.nextDouble());
                        ei = g * random.nextDouble();
                    }
                    case TWO_CLUSTERS -> {
                        d[i] = i % 2 == 0 ? 1 : 2;
                        ei = 1e-17 * random.nextDouble();
                    }
                    case TINY -> {
                        d[i] = 1e-300 * random.nextGaussian();
                        ei = 1e-300 * random.nextGaussian();
                    }
                    case HUGE -> {
                        d[i] = 1e300 * random.nextGaussian();
                        ei = 1e300 * random.nextGaussian();
                    }
                    default -> {
                        d[i] = 0;
                        ei = 0;
                    }
                }
                if (hasE) {
                    e[i] = ei;
                }
            }
            return new double[][] {d, e};
        }
    }

    /**
     * Runs the divide and conquer on {@code bidiag(d, e)} and checks LAPACK's ratios (dbdt01:
     * {@code ||B - U S V^T||_F / (||B||_F n eps) <= 35}; dort01 for U and V), the values
     * descending and non-negative, and against the QR sweeps' values (an independent algorithm,
     * relatively accurate): {@code max |s_i - t_i| / (n eps ||B||_F) <= 35}, Weyl's bound for a
     * backward error within the residual's.
     */
    static void check(double[] d, double[] e, int leaf, String label) {
        int n = d.length;
        String where = label + " n = " + n + " leaf " + leaf;
        double power = Ratios.powerOfTwoNear(Math.max(maxAbs(d), maxAbs(e)));
        Matrix b = Matrix.generate(n, n,
                (i, j) -> power * (i == j ? d[i] : j == i + 1 ? e[i] : 0));
        double[] s = d.clone();
        double[] ut = new double[n * n];
        double[] vt = new double[n * n];
        BidiagonalDivideConquer.solve(s, e.clone(), ut, n, vt, leaf, "test");
        for (int i = 0; i < n; i++) {
            assertTrue(s[i] >= 0 && Double.isFinite(s[i]), where + ": s[" + i + "] = " + s[i]);
            assertTrue(i == 0 || s[i] <= s[i - 1], where + ": not descending at " + i);
        }
        Matrix u = Matrix.wrap(n, n, ut).transpose();
        Matrix v = Matrix.wrap(n, n, vt).transpose();
        Matrix us = Matrix.generate(n, n, (i, j) -> u.get(i, j) * (s[j] * power));
        double residual = Ratios.residual(b, us.timesTranspose(v), n);
        assertTrue(residual <= Ratios.THRESHOLD, where + ": residual ratio " + residual);
        assertTrue(Ratios.orthogonality(u) <= Ratios.THRESHOLD, where + ": U orthogonality");
        assertTrue(Ratios.orthogonality(v) <= Ratios.THRESHOLD, where + ": V orthogonality");
        // The QR sweeps on B scaled near 1, where their rotations cannot underflow.
        double[] reference = new double[n];
        double[] referenceE = new double[Math.max(0, n - 1)];
        for (int i = 0; i < n; i++) {
            reference[i] = power * d[i];
            if (i < n - 1) {
                referenceE[i] = power * e[i];
            }
        }
        BidiagonalQr.solve(reference, referenceE, null, null, "test");
        double bound = Ratios.THRESHOLD * n * EPS * b.normFrobenius();
        for (int i = 0; i < n; i++) {
            assertTrue(Math.abs(s[i] * power - reference[i]) <= bound,
                    where + ": s[" + i + "] = " + s[i] + " against the QR's " + reference[i]);
        }
    }

    private static double maxAbs(double[] x) {
        double max = 0;
        for (double v : x) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    @Test
    void everyShapeOrderAndLeafSize() {
        Random random = new Random(31);
        for (Shape shape : Shape.values()) {
            for (int n : ORDERS) {
                for (int leaf : LEAVES) {
                    double[][] b = shape.of(n, random);
                    check(b[0], b[1], leaf, shape.toString());
                }
            }
        }
    }

    @Test
    void largeRandomAndRepeated() {
        Random random = new Random(32);
        for (Shape shape : new Shape[] {Shape.RANDOM, Shape.REPEATED, Shape.TWO_CLUSTERS}) {
            double[][] b = shape.of(300, random);
            check(b[0], b[1], BidiagonalDivideConquer.LEAF_SIZE, shape.toString());
        }
    }

    /**
     * [[3, 2], [0, 1]] torn into two 1 x 1 blocks (one merge): s_0 s_1 = |det| = 3 and
     * s_0^2 + s_1^2 = ||B||_F^2 = 14.
     */
    @Test
    void twoByTwoMatchesTheClosedForm() {
        double[] s = {3, 1};
        BidiagonalDivideConquer.solve(s, new double[] {2}, new double[4], 2, new double[4], 1,
                "test");
        double larger = Math.sqrt(7 + Math.sqrt(40));
        assertEquals(larger, s[0], 4 * EPS * larger);
        assertEquals(3 / larger, s[1], 4 * EPS * s[1]);
    }

    @Test
    void resultsDoNotDependOnTheThreadCount() {
        double[][] b = Shape.RANDOM.of(400, new Random(33));
        int threads = Parallelism.threads();
        double[][] values = new double[2][];
        double[][] left = new double[2][];
        double[][] right = new double[2][];
        try {
            for (int run = 0; run < 2; run++) {
                Parallelism.setThreads(run == 0 ? 1 : 3);
                values[run] = b[0].clone();
                left[run] = new double[400 * 400];
                right[run] = new double[400 * 400];
                BidiagonalDivideConquer.solve(values[run], b[1].clone(), left[run], 400,
                        right[run], BidiagonalDivideConquer.LEAF_SIZE, "test");
            }
        } finally {
            Parallelism.setThreads(threads);
        }
        assertArrayEquals(values[0], values[1]);
        assertArrayEquals(left[0], left[1]);
        assertArrayEquals(right[0], right[1]);
    }

    @Test
    void rejectsLeafSizeBelowOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> BidiagonalDivideConquer
                .solve(new double[2], new double[1], new double[4], 2, new double[4], 0, "test"));
        assertEquals("leaf size 0 < 1", e.getMessage());
    }
}
