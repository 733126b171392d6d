package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.function.IntToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * dqds against an independent reference with the same guarantee: bisection on the Golub-Kahan
 * matrix, the 2n x 2n symmetric tridiagonal with zero diagonal and off-diagonal
 * {@code d_0, e_0, d_1, ..., d_{n-1}}, whose eigenvalues are {@code +-s_i}. Its Sturm counts
 * find every singular value of B to high relative accuracy (Demmel and Kahan, 1990),
 * so each computed value must match to a relative {@code THRESHOLD n eps}, the small ones too.
 */
class DqdsTest {

    @Test
    void emptyAndSingleEntry() {
        double[] empty = {};
        Dqds.singularValues(empty, new double[0], "test");
        assertEquals(0, empty.length);
        double[] single = {-2.5};
        Dqds.singularValues(single, new double[0], "test");
        assertArrayEquals(new double[] {2.5}, single);
    }

    @Test
    void zeroMatrixAndDiagonalAreExact() {
        double[] zero = new double[6];
        Dqds.singularValues(zero, new double[5], "test");
        assertArrayEquals(new double[6], zero);
        double[] diagonal = {3, -1, 0, 2.5, 1e-100, 1e100};
        Dqds.singularValues(diagonal, new double[5], "test");
        assertArrayEquals(new double[] {1e100, 3, 2.5, 1, 1e-100, 0}, diagonal);
    }

    /**
     * Against 1e200, 1e-200 is beyond the range whose squares dqds keeps (about 1e-226 of the
     * largest entry), and so is the grading over 319 orders: the QR sweeps take these.
     */
    @Test
    void rangeBeyondTheSquaresGoesToQrSweeps() {
        double[] diagonal = {3, -1, 0, 2.5, 1e-200, 1e200};
        Dqds.singularValues(diagonal, new double[5], "test");
        assertArrayEquals(new double[] {1e200, 3, 2.5, 1, 1e-200, 0}, diagonal);
        int n = 30;
        double[] d = filled(n, i -> Math.pow(10, -11.0 * i));
        double[] e = filled(n - 1, i -> Math.pow(10, -11.0 * i) / 3);
        checkAgainstBisection(d, e, "graded over 319 orders");
    }

    @Test
    void randomBidiagonalsOfManyOrders() {
        Random random = new Random(4);
        for (int n : new int[] {2, 3, 4, 7, 8, 31, 64, 101, 200}) {
            checkAgainstBisection(random.doubles(n, -1, 1).toArray(),
                    random.doubles(n - 1, -1, 1).toArray(), "random " + n);
        }
    }

    /** Entries from 1 down to 1e-120: an absolutely accurate method loses the small values. */
    @Test
    void gradedBothWays() {
        Random random = new Random(5);
        int n = 40;
        double[] d = new double[n];
        double[] e = new double[n - 1];
        for (int i = 0; i < n; i++) {
            d[i] = Math.pow(10, -3.0 * i) * (1 + random.nextDouble());
            if (i < n - 1) {
                e[i] = Math.pow(10, -3.0 * i) * random.nextDouble();
            }
        }
        checkAgainstBisection(d, e, "graded down");
        reverse(d);
        reverse(e);
        checkAgainstBisection(d, e, "graded up");
    }

    @Test
    void structuredBidiagonals() {
        int n = 50;
        checkAgainstBisection(filled(n, i -> 1), filled(n - 1, i -> 1), "ones");
        checkAgainstBisection(filled(n, i -> 1), filled(n - 1, i -> 1e-9), "clustered at 1");
        checkAgainstBisection(filled(n, i -> Math.abs(n / 2 - i) + 1), filled(n - 1, i -> 1),
                "Wilkinson-like");
        checkAgainstBisection(filled(n, i -> i % 7 == 3 ? 0 : 1 + i), filled(n - 1, i -> 0.5),
                "zeros on the diagonal");
        checkAgainstBisection(filled(n, i -> 1 + i), filled(n - 1, i -> i % 5 == 2 ? 0 : 2),
                "zeros off the diagonal");
        checkAgainstBisection(filled(n, i -> 1e-300 * (1 + i)), filled(n - 1, i -> 1e-300),
                "near underflow");
        checkAgainstBisection(filled(n, i -> 1e300 * (1 + i)), filled(n - 1, i -> 1e300),
                "near overflow");
    }

    /**
     * The bidiagonal of 3.7 (I - 11^T / 5), a simplex ETF with four equal singular values and a
     * zero (as the scalar kernels reduce it). After the zero deflates, the first shift for the
     * cluster overshoots, and the retries must use the last successful transform's pivots: those
     * of the failed one once sent the shift to 1e-12 of the cluster, forever.
     */
    @Test
    void simplexEtfCluster() {
        double[] d = {-3.309380606699689, 4.839349969133127E-16, 1.2732573229816182,
            -3.6999999999999997, -3.699999999999999};
        double[] e = {-1.654690303349845, -3.4740201193248264, -3.2751579226442118E-15,
            8.881784197001252E-16};
        checkAgainstBisection(d, e, "ETF 5");
    }

    /** Exactly singular B: its zero singular value comes out as zero, not roundoff-sized. */
    @Test
    void singularBidiagonalHasAnExactZero() {
        double[] d = {2, 1, 0, 3, 1};
        double[] e = {1, 1, 1, 1};
        Dqds.singularValues(d, e, "test");
        assertEquals(0, d[4], Double.MIN_NORMAL, Arrays.toString(d));
    }

    @Property(tries = 60)
    void agreesWithBisection(@ForAll @IntRange(min = 1, max = 90) int n,
            @ForAll @IntRange(min = -150, max = 150) int exponent,
            @ForAll @DoubleRange(min = 0, max = 1) double offDiagonalZeros, @ForAll long seed) {
        Random random = new Random(seed);
        double scale = Math.pow(10, exponent);
        double[] d = filled(n, i -> scale * random.nextGaussian());
        double[] e = filled(n - 1,
                i -> random.nextDouble() < offDiagonalZeros ? 0 : scale * random.nextGaussian());
        checkAgainstBisection(d, e, "n " + n + " scale 1e" + exponent);
    }

    /** Clusters: a few levels a few ulps apart, weakly coupled, in random order. */
    @Property(tries = 60)
    void clustersAgreeWithBisection(@ForAll @IntRange(min = 2, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 4) int levels,
            @ForAll @IntRange(min = -30, max = 0) int coupling, @ForAll long seed) {
        Random random = new Random(seed);
        double[] d = filled(n, i -> (random.nextBoolean() ? 1 : -1)
                * (1 + 4 * random.nextInt(levels) * EPS));
        double[] e = filled(n - 1, i -> Math.pow(10, coupling) * random.nextGaussian());
        checkAgainstBisection(d, e, "n " + n + ", " + levels + " levels, coupling 1e" + coupling);
    }

    private static void checkAgainstBisection(double[] d, double[] e, String label) {
        int n = d.length;
        double[] expected = bisection(d, e);
        double[] actual = d.clone();
        double[] offDiagonal = e.clone();
        Dqds.singularValues(actual, offDiagonal, "test");
        assertArrayEquals(e, offDiagonal, label + ": e must be left as it was");
        double bound = Ratios.THRESHOLD * n * EPS;
        for (int i = 0; i < n; i++) {
            double error = Math.abs(actual[i] - expected[i]);
            assertTrue(error <= bound * expected[i] || error <= Double.MIN_NORMAL,
                    label + ": s_" + i + " = " + actual[i] + ", bisection " + expected[i]
                            + " (relative error " + error / expected[i] / EPS + " eps)");
        }
    }

    /**
     * The singular values of bidiag(d, e), descending, each bisected in its binade and then
     * down to adjacent doubles: the smallest x with at least i + 1 values below or at it.
     */
    private static double[] bisection(double[] d, double[] e) {
        int n = d.length;
        double[] s = new double[n];
        double bound = 0;
        for (int i = 0; i < n; i++) {
            bound += Math.abs(d[i]) + (i < n - 1 ? Math.abs(e[i]) : 0);
        }
        for (int i = 0; i < n; i++) {
            int below = n - 1 - i;
            if (valuesBelow(d, e, Double.MIN_VALUE) > below) {
                continue;
            }
            double lo = Double.MIN_VALUE;
            double hi = Math.nextUp(bound);
            // In log space first, so that tiny values take as few steps as large ones.
            while (hi > 2 * lo) {
                double mid = Math.sqrt(lo) * Math.sqrt(hi);
                if (valuesBelow(d, e, mid) > below) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            while (Math.nextUp(lo) < hi) {
                double mid = lo + (hi - lo) / 2;
                if (mid == lo || mid == hi) {
                    break;
                }
                if (valuesBelow(d, e, mid) > below) {
                    hi = mid;
                } else {
                    lo = mid;
                }
            }
            s[i] = hi;
        }
        return s;
    }

    /**
     * The number of singular values below x > 0: the negative pivots of the Golub-Kahan matrix
     * less x I, minus the n negative eigenvalues. A zero pivot is nudged to minus the smallest
     * normal number, as in LAPACK's dlaneg.
     */
    private static int valuesBelow(double[] d, double[] e, double x) {
        int n = d.length;
        int negative = 0;
        double pivot = 1;
        for (int k = 0; k < 2 * n; k++) {
            double b = k == 0 ? 0 : (k % 2 == 1 ? d[k / 2] : e[k / 2 - 1]);
            pivot = -x - (k == 0 ? 0 : b * (b / pivot));
            if (pivot == 0) {
                pivot = -Double.MIN_NORMAL;
            }
            if (pivot < 0) {
                negative++;
            }
        }
        return negative - n;
    }

    private static double[] filled(int n, IntToDoubleFunction entry) {
        double[] values = new double[Math.max(0, n)];
        for (int i = 0; i < values.length; i++) {
            values[i] = entry.applyAsDouble(i);
        }
        return values;
    }

    private static void reverse(double[] values) {
        for (int i = 0, j = values.length - 1; i < j; i++, j--) {
            double t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }
}
