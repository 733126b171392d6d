package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.TestMatrices.Kind;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SvdTest {

    /**
     * Empty, vectors, tall (QR first), wide (transposed), square across block sizes, odd; from
     * 128 on ({@code Svd.DIVIDE_AND_CONQUER_FROM}) divide and conquer, square, tall, tall with
     * QR first and wide.
     */
    private static final int[][] SHAPES = {
        {0, 5}, {5, 0}, {0, 0}, {1, 1}, {1, 7}, {7, 1}, {2, 2}, {3, 3}, {500, 20}, {20, 500},
        {37, 23}, {23, 37}, {129, 65}, {65, 129}, {17, 17}, {32, 32}, {33, 33}, {64, 64},
        {100, 100}, {131, 131}, {127, 127}, {128, 128}, {200, 130}, {140, 300}, {320, 129}};

    @Test
    void everyMatrixClassAndShape() {
        Random random = new Random(11);
        for (Kind kind : Kind.values()) {
            for (int[] shape : SHAPES) {
                Matrix a = TestMatrices.general(kind, shape[0], shape[1], random);
                SvdChecks.check(a, kind + " " + shape[0] + "x" + shape[1]);
            }
        }
    }

    @Test
    void largeSquareCrossesManyPanelsAndRotationBatches() {
        Random random = new Random(5);
        SvdChecks.check(TestMatrices.general(Kind.RANDOM, 300, 300, random), "random 300");
        SvdChecks.check(TestMatrices.general(Kind.SPACED_TO_EPS, 300, 290, random),
                "spaced 300x290");
    }

    @Test
    void singularValuesOfKnownSpectraAreAccurate() {
        Random random = new Random(8);
        for (Kind kind : new Kind[] {Kind.SPACED_TO_EPS, Kind.UNDERFLOW, Kind.OVERFLOW,
            Kind.CLUSTERED, Kind.RANK_DEFICIENT}) {
            for (int[] shape : new int[][] {{1, 1}, {9, 4}, {4, 9}, {60, 60}, {200, 30}}) {
                int p = Math.min(shape[0], shape[1]);
                double[] exact = TestMatrices.spectrum(kind, p);
                Matrix a = TestMatrices.withSingularValues(exact, shape[0], shape[1], random);
                SvdChecks.checkAgainstExact(Svd.values(a), exact, Math.max(shape[0], shape[1]),
                        kind + " " + shape[0] + "x" + shape[1]);
            }
        }
    }

    /**
     * Demmel and Kahan's guarantee: every singular value of a bidiagonal matrix to high relative
     * accuracy. Here the product of the singular values, |det B| = prod |d_i|, must hold to a
     * relative O(n eps) although they range over 120 orders of magnitude; an algorithm with
     * only absolute accuracy eps s_0 would get the small ones, and the product, entirely wrong.
     */
    @Test
    void bidiagonalSingularValuesHaveHighRelativeAccuracy() {
        int n = 40;
        Random random = new Random(2);
        double[] d = new double[n];
        double[] e = new double[n - 1];
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            d[i] = Math.pow(10, -3.0 * i) * (1 + random.nextDouble());
            logDet += Math.log(d[i]);
            if (i < n - 1) {
                e[i] = Math.pow(10, -3.0 * i) * random.nextDouble();
            }
        }
        BidiagonalQr.solve(d, e, null, null, "test");
        double logProduct = 0;
        for (double s : d) {
            logProduct += Math.log(s);
        }
        double relativeError = Math.abs(Math.expm1(logProduct - logDet));
        assertTrue(relativeError <= Ratios.THRESHOLD * n * EPS,
                "relative error of prod s_i: " + relativeError);
    }

    /**
     * The class-mean matrix of a collapsed, balanced problem: m (I - 11^T / K), a simplex ETF,
     * has K - 1 singular values equal to m and one zero, a cluster as tight as it gets.
     */
    @Test
    void simplexEtfHasEqualValuesAndAZero() {
        for (int k : new int[] {2, 3, 5, 10, 57, 100}) {
            double m = 3.7;
            Matrix etf = Matrix.generate(k, k, (i, j) -> m * ((i == j ? 1 : 0) - 1.0 / k));
            double[] exact = new double[k];
            java.util.Arrays.fill(exact, 0, k - 1, m);
            SvdChecks.checkAgainstExact(Svd.values(etf), exact, k, "ETF " + k);
            SvdChecks.check(etf, "ETF " + k);
        }
    }

    @Test
    void diagonalInputKeepsItsValues() {
        Matrix a = Matrix.diagonal(3, -1, 0, 2.5, 1e-200, 1e200);
        double[] s = SvdChecks.check(a, "diagonal").singularValues();
        assertEquals("[1.0E200, 3.0, 2.5, 1.0, 1.0E-200, 0.0]", java.util.Arrays.toString(s));
    }

    /** Inputs that would overflow or underflow unscaled; power-of-two scaling keeps them exact. */
    @Test
    void extremeScalesAreScaledAndScaledBack() {
        double big = 1e308;
        double[] s = SvdChecks.check(Matrix.of(new double[][] {{big, big}, {big, -big}}), "huge")
                .singularValues();
        for (double value : s) {
            assertTrue(Math.abs(value - Math.sqrt(2) * big) <= 4 * EPS * Math.sqrt(2) * big,
                    "huge: " + value);
        }
        double tiny = 3 * Double.MIN_VALUE * (1L << 20);
        s = SvdChecks.check(Matrix.diagonal(tiny, 2 * tiny, 0), "subnormal").singularValues();
        assertEquals(java.util.Arrays.toString(new double[] {2 * tiny, tiny, 0}),
                java.util.Arrays.toString(s));
    }

    @Test
    void rejectsNonFiniteInputBeforeIterating() {
        Matrix nan = Matrix.identity(4);
        nan.set(2, 3, Double.NaN);
        var e = assertThrows(IllegalArgumentException.class, () -> Svd.of(nan));
        assertTrue(e.getMessage().contains("(2, 3)") && e.getMessage().contains("NaN"),
                e.getMessage());
        Matrix inf = Matrix.zeros(3, 5);
        inf.set(0, 4, Double.NEGATIVE_INFINITY);
        e = assertThrows(IllegalArgumentException.class, () -> Svd.values(inf));
        assertTrue(e.getMessage().contains("(0, 4)") && e.getMessage().contains("Infinity"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Svd.full(inf));
        var tooLarge = assertThrows(IllegalArgumentException.class,
                () -> Svd.full(Matrix.zeros(50_000, 1)));
        assertTrue(tooLarge.getMessage().contains("50000x50000"), tooLarge.getMessage());
    }
}
