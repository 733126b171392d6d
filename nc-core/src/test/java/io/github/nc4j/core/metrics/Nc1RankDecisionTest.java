package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.theory.RandomOrthogonal;
import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * NC1's rank decision (issue #16): on collapsed features whose class means have rank r below
 * K-1, NC1 measures the r-dimensional significant subspace of {@code Sigma_B}, reports r, and is
 * small and proportional to the within-class variance however small the noise; on features that
 * are not collapsed it is the plain pseudo-inverse formula. Every test here except the
 * full-rank ones fails with the rounding-level cut-off nc4j used before, which inverts the
 * noise eigenvalues of {@code Sigma_B}.
 */
class Nc1RankDecisionTest {

    private static final int K = 10;
    private static final int D = 16;
    private static final int PER_CLASS = 20;

    /**
     * Rank 1 means with a noise direction, in closed form. K = 4 classes at {@code a_k e1 +
     * delta b_k e2} with {@code a = (-3, -1, 1, 3)}, {@code b = (1, -1, -1, 1)} (both centered,
     * orthogonal), {@code delta = 1e-5}; each class has the four samples {@code mu_k +- sigma e1}
     * and {@code mu_k +- s e2}, all shifted by a common offset. Then exactly
     * {@code Sigma_B = diag(5, delta^2, 0)} and {@code Sigma_W = diag(sigma^2/2, s^2/2, 0)}: the
     * between-class eigenvalue {@code delta^2} is 2e-11 of the largest, above rounding
     * ({@code max(d, K) eps = 8.9e-16}) but noise. nc4j's NC1 = {@code (1/K) (sigma^2/2)/5 =
     * sigma^2/40}; the rounding-level pseudo-inverse adds {@code (1/K) (s^2/2)/delta^2 =
     * s^2/(8 delta^2)}: 1250 for features whose trace ratio is 2e-7.
     */
    @Test
    void rankOneMeansWithANoiseDirectionInClosedForm() {
        double[] a = {-3, -1, 1, 3};
        double[] b = {1, -1, -1, 1};
        double delta = 1e-5;
        double sigma = 1e-3;
        double s = 1e-3;
        double[] offset = {7, -2, 5};
        double[][][] deviations = {{{sigma, 0, 0}, {-sigma, 0, 0}, {0, s, 0}, {0, -s, 0}}};
        int k = 4;
        Matrix h = Matrix.zeros(4 * k, 3);
        int[] y = new int[4 * k];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < 4; i++) {
                int row = 4 * c + i;
                y[row] = c;
                double[] mean = {a[c], delta * b[c], 0};
                for (int j = 0; j < 3; j++) {
                    h.set(row, j, offset[j] + mean[j] + deviations[0][i][j]);
                }
            }
        }
        NcReport r = NcMetrics.compute(h, y, k);
        // The features are exact to half an ulp of max|h| = 10; centering recovers the deviations
        // to a few ulps of that, a relative 4 eps max|h| / sigma of Sigma_W, and the kept
        // eigenpair is well separated (relative O((d + K) eps)).
        double bound = 64 * (3 + k) * EPS * h.maxAbs() / sigma;
        assertEquals(1, r.betweenClassRank(), "delta^2 = 2e-11 of the largest is below the cut-off");
        assertEquals(sigma * sigma / 40, r.nc1(), bound * sigma * sigma / 40);
        assertEquals((sigma * sigma + s * s) / 2 / (5 + delta * delta), r.nc1TraceRatio(),
                bound * r.nc1TraceRatio());

        // The rounding-level variant inverts delta^2, which the K x K Gram gives only to about
        // K eps gamma_max / gamma_2 = 1e-4 relative: a 1e10 times larger, barely accurate NC1.
        NcMetrics.Nc1 rounding = NcMetrics.nc1(ClassStatistics.of(h, y, k),
                NcMetrics.roundingCutoff(3, k));
        assertEquals(2, rounding.rank());
        assertEquals(sigma * sigma / 40 + s * s / (8 * delta * delta), rounding.value(),
                1e-2 * rounding.value());
        NcMetrics.Nc1 significant = NcMetrics.nc1(ClassStatistics.of(h, y, k),
                NcMetrics.NC1_RELATIVE_CUTOFF);
        assertEquals(r.nc1(), significant.value(), "the report's NC1 is the named default");
        assertEquals(1, significant.rank());
        assertEquals(NcMetrics.NC1_RELATIVE_CUTOFF, significant.relativeCutoff());
    }

    /**
     * Collapsed features around class means of rank r (K = 10, d = 16, 20 samples a class),
     * with the same Gaussian noise scaled by sigma = 1e-4, 1e-5, 1e-6. The sample means carry
     * that noise too: {@code Sigma_B} has K-1-r noise eigenvalues of about
     * {@code sigma^2 / n}, 1e-8 to 1e-12 of the largest, along which within- and between-class
     * variance are alike (the rank-deficient regime of the low-rank DUFM). nc4j keeps exactly r
     * eigenvalues and NC1 follows the within-class variance on the means' subspace:
     * {@code NC1 = sigma^2 tr(Q^T S Q) / s^2} to first order (S the noise's within-class
     * covariance, Q the means' orthonormal basis, s^2 / K their eigenvalue), so NC1 / sigma^2
     * is the same at every noise level. The rounding-level pseudo-inverse keeps all K-1
     * eigenvalues and its NC1 stays of order n: the features collapse and it does not notice.
     */
    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {K - 1, K - 3, 1})
    void collapsedFeaturesWithRankDeficientMeans(int rank) {
        Random random = new Random(16 + rank);
        double spread = 1;
        Matrix basis = RandomOrthogonal.haar(D, random).slice(0, D, 0, rank); // Q, D x r
        Matrix means = centeredOrthonormal(rank).times(basis.transpose()).scaleInPlace(spread);
        int[] y = labels();
        Matrix noise = Matrix.gaussian(y.length, D, random);
        double reference = basis.transposeTimes(withinClassCovariance(noise, y)).times(basis).trace();
        for (double sigma : new double[] {1e-4, 1e-5, 1e-6}) {
            Matrix h = features(means, y, noise, sigma, 3.0);
            NcReport r = NcMetrics.compute(h, y, K);
            String at = "rank " + rank + ", sigma " + sigma;
            assertEquals(rank, r.betweenClassRank(), at);
            double expected = sigma * sigma * reference / (spread * spread);
            // First-order perturbation: the means' eigenpairs move by O(sigma / sqrt(n)) relative
            // (the noise in the sample means against a spread of 1); centering the offset 3 costs
            // O(eps max|h| / sigma) relative in Sigma_W.
            double tolerance = 10 * sigma + 1e3 * EPS * h.maxAbs() / sigma;
            assertEquals(expected, r.nc1(), tolerance * expected, at);
            assertTrue(r.nc1() <= r.nc1TraceRatio() * rank / (K * NcMetrics.NC1_RELATIVE_CUTOFF),
                    at + ": the documented bound");

            NcMetrics.Nc1 rounding = NcMetrics.nc1(ClassStatistics.of(h, y, K),
                    NcMetrics.roundingCutoff(D, K));
            assertEquals(K - 1, rounding.rank(), at);
            if (rank < K - 1) {
                assertTrue(rounding.value() > 1e6 * r.nc1(), at + ": the rounding-level NC1 "
                        + rounding.value() + " inverts the noise directions, nc4j's is " + r.nc1());
            } else {
                assertEquals(rounding.value(), r.nc1(), "full rank: the same eigenvalues kept");
            }
        }
    }

    /**
     * Features that are not collapsed (noise of the size of the means' spread), around means of
     * rank K-1, K-3 and 1: the sample means then spread in every direction, every eigenvalue of
     * {@code Sigma_B} is kept, and NC1 is large and equals the textbook pseudo-inverse formula
     * of {@link DirectNc} (a d x d {@code Sigma_B}, NumPy's cut-off). The cut-off does not hide
     * a missing collapse.
     */
    @ParameterizedTest(name = "rank {0}")
    @ValueSource(ints = {K - 1, K - 3, 1})
    void featuresThatAreNotCollapsed(int rank) {
        Random random = new Random(61 + rank);
        Matrix basis = RandomOrthogonal.haar(D, random).slice(0, D, 0, rank);
        Matrix means = centeredOrthonormal(rank).times(basis.transpose());
        int[] y = labels();
        Matrix h = features(means, y, Matrix.gaussian(y.length, D, random), 0.5, 3.0);
        NcReport r = NcMetrics.compute(h, y, K);
        DirectNc direct = DirectNc.rounding(h, y, K);
        assertEquals(K - 1, r.betweenClassRank());
        assertEquals(K - 1, direct.rank);
        assertTrue(r.nc1() > 1, "NC1 " + r.nc1());
        // As in NcMetricsProperties: eigenvalue perturbations of O((d + K + N) eps), amplified
        // by the conditioning of Sigma_B.
        double bound = 64 * (D + K + h.rows()) * EPS * direct.condition * direct.condition;
        assertEquals(direct.nc1, r.nc1(), bound * direct.nc1);
        assertEquals(NcMetrics.nc1(ClassStatistics.of(h, y, K), NcMetrics.roundingCutoff(D, K))
                .value(), r.nc1(), "every eigenvalue is far above both cut-offs");
    }

    @Test
    void theCutOffIsChecked() {
        ClassStatistics stats = ClassStatistics.of(Matrix.of(new double[][] {{0}, {1}}),
                new int[] {0, 1}, 2);
        for (double bad : new double[] {-1e-9, 1, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> NcMetrics.nc1(stats, bad));
            assertTrue(e.getMessage().contains("[0, 1)"), e.getMessage());
        }
        assertEquals(16 * EPS, NcMetrics.roundingCutoff(16, 10));
        assertEquals(1, NcMetrics.nc1(stats, 0).rank());
    }

    // ---------------------------------------------------------------- construction

    /**
     * K x r with orthonormal, centered columns (Helmert contrasts): K class means spanning r
     * directions with r equal eigenvalues, {@code 1/K} each, of {@code Sigma_B}.
     */
    static Matrix centeredOrthonormal(int r) {
        return Matrix.generate(K, r, (c, j) -> {
            double norm = Math.sqrt((j + 1.0) * (j + 2.0));
            return c <= j ? 1 / norm : c == j + 1 ? -(j + 1) / norm : 0;
        });
    }

    static int[] labels() {
        int[] y = new int[K * PER_CLASS];
        for (int i = 0; i < y.length; i++) {
            y[i] = i % K;
        }
        return y;
    }

    /** {@code offset + mu_{y_i} + sigma noise_i}. */
    static Matrix features(Matrix means, int[] y, Matrix noise, double sigma, double offset) {
        return Matrix.generate(y.length, means.cols(),
                (i, j) -> offset + means.get(y[i], j) + sigma * noise.get(i, j));
    }

    /** The within-class covariance of {@code x}, summed directly. */
    static Matrix withinClassCovariance(Matrix x, int[] y) {
        int d = x.cols();
        Matrix sums = Matrix.zeros(K, d);
        int[] counts = new int[K];
        for (int i = 0; i < y.length; i++) {
            counts[y[i]]++;
            for (int j = 0; j < d; j++) {
                sums.set(y[i], j, sums.get(y[i], j) + x.get(i, j));
            }
        }
        Matrix s = Matrix.zeros(d, d);
        for (int i = 0; i < y.length; i++) {
            for (int a = 0; a < d; a++) {
                double da = x.get(i, a) - sums.get(y[i], a) / counts[y[i]];
                for (int b = 0; b < d; b++) {
                    double db = x.get(i, b) - sums.get(y[i], b) / counts[y[i]];
                    s.set(a, b, s.get(a, b) + da * db / y.length);
                }
            }
        }
        return s;
    }
}
