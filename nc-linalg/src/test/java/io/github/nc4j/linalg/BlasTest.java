package io.github.nc4j.linalg;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class BlasTest {

    @Provide
    Arbitrary<Integer> dimensions() {
        return Arbitraries.oneOf(Arbitraries.of(0, 1, 2, 3, 7, 13, 16, 17, 31, 64, 65, 97, 150),
                Arbitraries.integers().between(0, 80));
    }

    /**
     * The Gram helpers (SYRK) agree with the general products (GEMM) they replace: both are
     * within the reference's rounding bound of the exact value, so of each other within twice
     * that bound.
     */
    /**
     * {@code warmUp}'s arguments; that it starts every warm-up without a product is
     * {@code KernelSelectionTest}'s, in a fresh JVM.
     */
    @Test
    void warmUpNamesAMissingPrecision() {
        assertEquals("precisions", assertThrows(NullPointerException.class,
                () -> Blas.warmUp((Precision[]) null)).getMessage());
        assertEquals("precision", assertThrows(NullPointerException.class,
                () -> Blas.warmUp(Precision.FLOAT64, null)).getMessage());
        Blas.warmUp();
        Blas.warmUp(Precision.FLOAT32);
    }

    @Test
    void gramEqualsTransposeTimes() {
        Random random = new Random(3);
        Matrix a = Matrix.gaussian(70, 45, random);
        assertWithinTwiceTheBound(a.gram(), a.transposeTimes(a), a, true);
        assertWithinTwiceTheBound(a.outerGram(), a.timesTranspose(a), a, false);
    }

    private static void assertWithinTwiceTheBound(Matrix syrk, Matrix gemm, Matrix a,
                                                  boolean transA) {
        int n = syrk.rows();
        int k = transA ? a.rows() : a.cols();
        double[] exact = new double[n * n];
        double[] bound = new double[n * n];
        Reference.gemm(n, n, k, 1.0, a, transA, a, !transA, 0.0, syrk, exact, bound);
        for (int e = 0; e < n * n; e++) {
            assertTrue(Math.abs(syrk.data()[e] - gemm.data()[e]) <= 2 * bound[e],
                    "(" + e / n + ", " + e % n + ")");
        }
    }

    @Property(tries = 60)
    void gemvMatchesReference(@ForAll("dimensions") int m, @ForAll("dimensions") int n,
                              @ForAll boolean transA, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix a = Matrix.gaussian(m, n, random);
        int in = transA ? m : n;
        int out = transA ? n : m;
        Matrix x = Matrix.gaussian(in, 1, random);
        double[] y = random.doubles(out).toArray();
        double[] exact = new double[out];
        double[] bound = new double[out];
        Reference.gemm(out, 1, in, 1.5, a, transA, x, false, -1.0, Matrix.wrap(out, 1, y.clone()),
                exact, bound);
        Blas.gemv(1.5, a, transA, x.data(), -1.0, y);
        for (int i = 0; i < out; i++) {
            assertTrue(Math.abs(y[i] - exact[i]) <= bound[i], "y[" + i + "]");
        }
    }

    /** As in reference BLAS: beta = 0 ignores NaN in y, alpha = 0 does not read A or x. */
    @Test
    void gemvSpecialScalars() {
        Matrix a = Matrix.filled(5, 3, 2.0);
        Matrix nan = Matrix.filled(5, 3, Double.NaN);
        for (boolean transA : new boolean[] {false, true}) {
            int in = transA ? 5 : 3;
            int out = transA ? 3 : 5;
            double[] y = new double[out];
            java.util.Arrays.fill(y, Double.NaN);
            Blas.gemv(1.0, a, transA, Matrix.filled(in, 1, 1.0).data(), 0.0, y);
            for (double v : y) {
                assertEquals(2.0 * in, v, 0.0, "beta = 0, transA = " + transA);
            }
            double[] x = new double[in];
            java.util.Arrays.fill(x, Double.NaN);
            Blas.gemv(0.0, nan, transA, x, 0.5, y);
            for (double v : y) {
                assertEquals(1.0 * in, v, 0.0, "alpha = 0, transA = " + transA);
            }
        }
    }

    /** As SYRK writes both triangles, beta = 0 ignores NaN anywhere in C. */
    @Test
    void syrkWithBetaZeroIgnoresNanInC() {
        for (int n : new int[] {3, 70}) {
            Matrix a = Matrix.filled(n, 40, 0.5);
            Matrix c = Matrix.filled(n, n, Double.NaN);
            Blas.syrk(1.0, a, false, 0.0, c);
            assertEquals(Matrix.filled(n, n, 10.0), c, "n = " + n);
        }
    }

    @Test
    void nrm2NeitherOverflowsNorUnderflows() {
        double[] huge = {3e300, 4e300};
        double[] tiny = {3e-310, 4e-310};
        assertEquals(5e300, Blas.nrm2(2, huge, 0), 5e300 * 2 * EPS);
        assertEquals(5e-310, Blas.nrm2(2, tiny, 0), 1e-323);
        assertEquals(0.0, Blas.nrm2(3, new double[3], 0));
        // The largest binade, [2^1023, MAX_VALUE]: exact where the norm is a double, infinite
        // where it is not.
        assertEquals(Double.MAX_VALUE, Blas.nrm2(2, new double[] {Double.MAX_VALUE, 1}, 0));
        assertEquals(0x1p1023, Blas.nrm2(2, new double[] {0, -0x1p1023}, 0));
        assertEquals(Double.POSITIVE_INFINITY,
                Blas.nrm2(2, new double[] {Double.MAX_VALUE, Double.MAX_VALUE}, 0));
        assertTrue(Double.isNaN(Blas.nrm2(2, new double[] {1, Double.NaN}, 0)));
        assertEquals(Double.POSITIVE_INFINITY,
                Blas.nrm2(2, new double[] {1, Double.NEGATIVE_INFINITY}, 0));
    }

    /**
     * The norm at every scale from subnormal to near overflow, so through both the plain sum of
     * squares and the scaled one and across the threshold between them, against a compensated
     * sum of squares of the exactly rescaled values. The sum's rounding errs by at most
     * gamma_n, its square root by half that, and the root's rounding by EPS / 2: within
     * {@code (n + 2) EPS / 2} relatively.
     */
    @Test
    void nrm2IsAccurateAtEveryScale() {
        Random random = new Random(9);
        for (int n : new int[] {1, 2, 7, 16, 33, 100}) {
            for (int exponent = -1070; exponent <= 1015; exponent += 5) {
                double[] x = new double[n + 1];
                double[] unscaled = new double[n];
                for (int i = 0; i < n; i++) {
                    x[i + 1] = Math.scalb(random.nextDouble(-1, 1), exponent);
                    unscaled[i] = Math.scalb(x[i + 1], -exponent);
                }
                double exact = Math.scalb(
                        Math.sqrt(Reference.dot(n, unscaled, 0, 1, unscaled, 0, 1)), exponent);
                double got = Blas.nrm2(n, x, 1);
                assertTrue(Math.abs(got - exact) <= (n + 2) * EPS / 2 * exact,
                        "n = " + n + ", 2^" + exponent + ": " + got + " vs " + exact);
            }
        }
    }

    @Test
    void shapeErrorsNameEveryShape() {
        Matrix a = Matrix.zeros(3, 4);
        Matrix b = Matrix.zeros(5, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(1, a, false, b, false, 0, Matrix.zeros(3, 2)));
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("5x2")
                && e.getMessage().contains("3x2"), e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> a.transposeTimes(b));
        assertTrue(t.getMessage().contains("transposed"), t.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Blas.syrk(1, a, true, 0,
                Matrix.zeros(3, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> Blas.gemv(1, a, false, new double[3], 0, new double[3]));
        var raw = assertThrows(IllegalArgumentException.class, () -> Blas.gemm(2, 2, 2, 1,
                new double[4], 1, 2, false, new double[4], 0, 2, false, 0, new double[4], 0, 2));
        assertTrue(raw.getMessage().contains("past the end"), raw.getMessage());
    }
}
