package io.github.nc4j.linalg.internal;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Reference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Level1Kernels} of both implementations on sizes chosen to break vector tails and
 * unrolling (as Lucene's TestVectorUtilSupport does), at unaligned offsets.
 */
class Level1KernelsTest {

    static final int[] SIZES = {0, 1, 2, 3, 4, 6, 7, 8, 9, 13, 15, 16, 17, 25, 31, 32, 33,
        47, 63, 64, 65, 127, 128, 129, 255, 1023, 1024, 1025};
    private static final List<Kernels> KERNELS = List.of(Kernels.scalar(), VectorKernels.create());

    @Test
    void dotWithinRoundingBoundOfCompensatedSum() {
        Random random = new Random(1);
        for (int n : SIZES) {
            double[] x = random.doubles(n + 3, -1, 1).toArray();
            double[] y = random.doubles(n + 5, -1e3, 1e3).toArray();
            double exact = Reference.dot(n, x, 3, 1, y, 5, 1);
            double bound = n * EPS * Reference.absDot(n, x, 3, 1, y, 5, 1);
            for (Kernels kernels : KERNELS) {
                double got = kernels.level1().dot(n, x, 3, y, 5);
                assertTrue(Math.abs(got - exact) <= bound,
                        kernels.name() + " dot, n = " + n + ": " + got + " vs " + exact);
            }
        }
    }

    @Test
    void axpyMatchesElementwiseDefinition() {
        Random random = new Random(2);
        for (int n : SIZES) {
            double[] x = random.doubles(n + 1).toArray();
            double[] y0 = random.doubles(n + 2).toArray();
            for (Kernels kernels : KERNELS) {
                double[] y = y0.clone();
                kernels.level1().axpy(n, -1.75, x, 1, y, 2);
                assertEquals(y0[0], y[0], 0.0, "element before the range written");
                assertEquals(y0[1], y[1], 0.0, "element before the range written");
                for (int i = 0; i < n; i++) {
                    double exact = y0[i + 2] - 1.75 * x[i + 1];
                    // one rounding of the product and one of the sum
                    double bound = 2 * EPS * (Math.abs(y0[i + 2]) + 1.75 * x[i + 1]);
                    assertTrue(Math.abs(y[i + 2] - exact) <= bound,
                            kernels.name() + " axpy, n = " + n + ", i = " + i);
                }
            }
        }
    }

    @Test
    void addWherePositiveAddsOnlyWhereTheMaskIsPositive() {
        Random random = new Random(4);
        double[] special = {0.0, -0.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, Double.MIN_VALUE, -Double.MIN_VALUE};
        for (int n : SIZES) {
            double[] x = random.doubles(n + 1, -1, 1).toArray();
            double[] m = random.doubles(n + 2, -1, 1).toArray();
            double[] y0 = random.doubles(n + 3, -1, 1).toArray();
            for (int i = 0; i < n; i += 3) {
                m[i + 2] = special[i % special.length];
                x[i + 1] = special[(i / 3) % special.length];
            }
            for (Kernels kernels : KERNELS) {
                double[] y = y0.clone();
                kernels.level1().addWherePositive(n, x, 1, m, 2, y, 3);
                for (int e = 0; e < y.length; e++) {
                    int i = e - 3;
                    boolean added = i >= 0 && i < n && m[i + 2] > 0;
                    double expected = added ? y0[e] + x[i + 1] : y0[e];
                    assertEquals(expected, y[e], 0.0, kernels.name() + " addWherePositive, n = "
                            + n + ", element " + e + ", mask " + (i >= 0 && i < n ? m[i + 2] : 0));
                }
            }
        }
    }

    /**
     * Reproducible training needs a dot product that keeps its value when the JIT recompiles
     * it; enough calls here to reach C2 (about 10^4 invocations plus loop back-edges).
     */
    @Test
    void dotKeepsItsValueAcrossJitCompilation() {
        Random random = new Random(3);
        for (int n : new int[] {8, 12, 40}) {
            double[] x = random.doubles(n).toArray();
            double[] y = random.doubles(n).toArray();
            for (Kernels kernels : KERNELS) {
                double first = kernels.level1().dot(n, x, 0, y, 0);
                double firstFused = kernels.level1().dotAxpy(n, x, 0, y, 0, 0.0, new double[n], 0);
                double[] sink = new double[n];
                double[] dots = new double[2];
                kernels.level1().dotAxpy2(n, x, 0, 0, y, 0, 0.0, 0.0, sink, 0, dots);
                double firstPair = dots[1];
                double[] rows = new double[4];
                kernels.level1().multiDot(4, n, x, 0, 0, y, 0, rows, 0);
                double firstRows = rows[3];
                for (int call = 0; call < 200_000; call++) {
                    double again = kernels.level1().dot(n, x, 0, y, 0);
                    double againFused = kernels.level1().dotAxpy(n, x, 0, y, 0, 0.0, sink, 0);
                    kernels.level1().dotAxpy2(n, x, 0, 0, y, 0, 0.0, 0.0, sink, 0, dots);
                    kernels.level1().multiDot(4, n, x, 0, 0, y, 0, rows, 0);
                    if (again != first || againFused != firstFused || dots[1] != firstPair
                            || rows[3] != firstRows) {
                        assertEquals(first, again, 0.0, kernels.name() + " dot of length " + n
                                + " changed value at call " + call);
                        assertEquals(firstFused, againFused, 0.0, kernels.name()
                                + " dotAxpy of length " + n + " changed value at call " + call);
                        assertEquals(firstPair, dots[1], 0.0, kernels.name()
                                + " dotAxpy2 of length " + n + " changed value at call " + call);
                        assertEquals(firstRows, rows[3], 0.0, kernels.name()
                                + " multiDot of length " + n + " changed value at call " + call);
                    }
                }
            }
        }
    }

    @Test
    void dotAxpyMatchesDotAndAxpy() {
        Random random = new Random(4);
        for (int n : SIZES) {
            double[] a = random.doubles(n + 1, -1, 1).toArray();
            double[] x = random.doubles(n + 2, -1, 1).toArray();
            double[] y0 = random.doubles(n + 3, -1, 1).toArray();
            double alpha = -0.625;
            double exact = Reference.dot(n, a, 1, 1, x, 2, 1);
            double dotBound = n * EPS * Reference.absDot(n, a, 1, 1, x, 2, 1);
            for (Kernels kernels : KERNELS) {
                double[] y = y0.clone();
                double dot = kernels.level1().dotAxpy(n, a, 1, x, 2, alpha, y, 3);
                assertTrue(Math.abs(dot - exact) <= dotBound, kernels.name() + " dot, n = " + n);
                for (int k = 0; k < y.length; k++) {
                    if (k < 3) {
                        assertEquals(y0[k], y[k], 0.0, kernels.name() + ": wrote before y");
                        continue;
                    }
                    double expected = y0[k] + alpha * a[k - 2];
                    // one rounding of the product and one of the sum
                    double bound = 2 * EPS
                            * (Math.abs(y0[k]) + Math.abs(alpha * a[k - 2]));
                    assertTrue(Math.abs(y[k] - expected) <= bound,
                            kernels.name() + " axpy, n = " + n + ", k = " + k);
                }
            }
        }
    }

    @Test
    void dotAxpy2MatchesTwoDotsAndAxpys() {
        Random random = new Random(5);
        for (int n : SIZES) {
            // the two rows at 1 and n + 4 of one array, as two rows of a matrix
            double[] a = random.doubles(2 * n + 5, -1, 1).toArray();
            double[] x = random.doubles(n + 2, -1, 1).toArray();
            double[] y0 = random.doubles(n + 4, -1, 1).toArray();
            double alpha0 = -0.625;
            double alpha1 = 1.375;
            int[] rows = {1, n + 4};
            for (Kernels kernels : KERNELS) {
                double[] y = y0.clone();
                double[] dots = new double[2];
                kernels.level1().dotAxpy2(n, a, rows[0], rows[1], x, 2, alpha0, alpha1, y, 3,
                        dots);
                for (int r = 0; r < 2; r++) {
                    double exact = Reference.dot(n, a, rows[r], 1, x, 2, 1);
                    double bound = n * EPS * Reference.absDot(n, a, rows[r], 1, x, 2, 1);
                    assertTrue(Math.abs(dots[r] - exact) <= bound,
                            kernels.name() + " dot of row " + r + ", n = " + n);
                }
                for (int k = 0; k < y.length; k++) {
                    if (k < 3 || k >= n + 3) {
                        assertEquals(y0[k], y[k], 0.0, kernels.name() + ": wrote outside y");
                        continue;
                    }
                    double p0 = alpha0 * a[rows[0] + k - 3];
                    double p1 = alpha1 * a[rows[1] + k - 3];
                    double expected = y0[k] + p0 + p1;
                    // at most four roundings of relative size EPS / 2 (two products, two sums)
                    double bound = 2 * EPS * (Math.abs(y0[k]) + Math.abs(p0) + Math.abs(p1));
                    assertTrue(Math.abs(y[k] - expected) <= bound,
                            kernels.name() + " axpy, n = " + n + ", k = " + k);
                }
            }
        }
    }
}
