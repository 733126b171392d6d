package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.OrthogonalFrame;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Worked examples, NC4 against brute force, the documented limits of invariance, and errors. */
class NcMetricsTest {

    @Test
    void handComputedTwoClassExample() {
        // Class 0 at (-1, 0) +- (0, 1), class 1 at (1, 0) +- (0, 1): Sigma_W = diag(0, 1),
        // Sigma_B = diag(1, 0), so Sigma_W Sigma_B^+ = 0 and NC1 = 0 although tr(Sigma_W) = 1:
        // the within-class spread is orthogonal to the between-class direction.
        Matrix h = Matrix.of(new double[][] {{-1, 1}, {-1, -1}, {1, 1}, {1, -1}});
        int[] y = {0, 0, 1, 1};
        NcReport r = NcMetrics.compute(h, y, 2);
        assertEquals(0.0, r.nc1());
        assertEquals(1, r.betweenClassRank());
        assertEquals(1.0, r.nc1TraceRatio(), 4 * EPS);
        assertEquals(0.25, r.cdnv(), 4 * EPS, "V_0 = V_1 = 1, squared distance 4: (1 + 1) / (2 * 4)");
        // Spread along the between-class direction instead: Sigma_W = diag(1, 0), NC1 = 1/2.
        Matrix along = Matrix.of(new double[][] {{-2, 0}, {0, 0}, {0, 0}, {2, 0}});
        NcReport s = NcMetrics.compute(along, y, 2);
        assertEquals(0.5, s.nc1(), 4 * EPS, "(1/K) tr(Sigma_W Sigma_B^+) = (1/2) * 1 / 1");
        assertEquals(0.0, s.nc2EtfMeans(), 4 * EPS, "two opposite means are a 2-simplex");
        assertEquals(Math.sqrt(2 - Math.sqrt(2)), s.nc2OfMeans(), 4 * EPS,
                "G0/||G0|| = [[1,-1],[-1,1]]/2 against I/sqrt2: sqrt(2 (1/2 - 1/sqrt2)^2 + 2/4)");
    }

    /**
     * One-dimensional classes {-1, 1}, {2, 2} and {3, 5}: means 0, 2, 4 and variances 1, 0, 1.
     * The pairs give (1 + 0)/(2 * 4), (1 + 1)/(2 * 16) and (0 + 1)/(2 * 4); their mean is 5/48.
     */
    @Test
    void cdnvIsTheMeanOverClassPairs() {
        Matrix h = Matrix.of(new double[][] {{-1}, {1}, {2}, {2}, {3}, {5}});
        NcReport r = NcMetrics.compute(h, new int[] {0, 0, 1, 1, 2, 2}, 3);
        assertEquals(5.0 / 48, r.cdnv(), 4 * EPS);
    }

    /**
     * Uncentered means e1, e2 and e1 + e2: the six ordered cosines are 0, 0 and four times
     * 1/sqrt2, so their sample standard deviation is sqrt(2/15), and the mean of
     * |cos + 1/2| is (2 (1/2) + 4 (1/sqrt2 + 1/2)) / 6 = (3 + 2 sqrt2) / 6.
     */
    @Test
    void papyanComponentsOfMeansThatAreNotASimplex() {
        Matrix means = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        NcReport r = NcMetrics.compute(means, new int[] {0, 1, 2}, 3, Centering.NONE);
        assertEquals(Math.sqrt(2.0 / 15), r.equiangularityMeans(), 8 * EPS);
        assertEquals((3 + 2 * Math.sqrt(2)) / 6, r.maxAngleMeans(), 8 * EPS);
        // Their Gram [[1, 0, 1], [0, 1, 1], [1, 1, 2]] has norm sqrt(10) and four off-diagonal
        // ones: off-diagonal mass sqrt(4/10).
        assertEquals(Math.sqrt(0.4), r.orthogonalityMeans(), 8 * EPS);
        assertEquals(Math.sqrt(0.4), NcMetrics.offDiagonalMass(means.outerGram()), 8 * EPS);
    }

    /**
     * Collapsed features at 2^600 (about 4e180) and 2^-600: their squares overflow or underflow,
     * but the metrics are computed on copies scaled by powers of two, so they equal those of the
     * same features at unit scale exactly. (NC4 is left out: {@link Nc4Counter} decides on the
     * features as given, and below about 1e-154 their squared distances underflow.)
     */
    @Test
    void extremeMagnitudesGiveTheMetricsOfUnitScale() {
        Random random = new Random(5);
        int[] y = NcMetricsProperties.labels(3, 2, random);
        Matrix h = NcMetricsProperties.around(Matrix.gaussian(3, 4, random), y, 0, random);
        Matrix w = Matrix.gaussian(3, 4, random);
        NcReport unit = NcMetrics.fromStatistics(ClassStatistics.of(h, y, 3), Centering.NONE,
                LinearClassifier.of(w));
        assertEquals(0.0, unit.nc1());
        for (int exponent : new int[] {600, -600}) {
            ClassStatistics scaled = ClassStatistics.of(h.map(v -> Math.scalb(v, exponent)), y, 3);
            NcReport r = NcMetrics.fromStatistics(scaled, Centering.NONE,
                    LinearClassifier.of(w.map(v -> Math.scalb(v, exponent))));
            assertEquals(unit.values(), r.values(), "2^" + exponent);
            assertEquals(unit.orthogonalityMeans(), r.orthogonalityMeans());
            assertEquals(unit.cdnv(), r.cdnv());
            assertEquals(0.0, NcMetrics.nc1(scaled, NcMetrics.NC1_RELATIVE_CUTOFF).value());
        }
    }

    /**
     * K = 4 classes at {@code a_k e1 + delta b_k e2} ({@code a = (-3, -1, 1, 3)},
     * {@code b = (1, -1, -1, 1)}): Sigma_B has the eigenvalues 5 and {@code delta^2}, whose
     * ratio decides the rank against the cut-off, whatever the scale of the largest one.
     */
    @Test
    void theCutoffIsRelativeToTheLargestEigenvalue() {
        for (double ratio : new double[] {0.8e-6, 1.25e-6}) {
            double delta = Math.sqrt(5 * ratio);
            Matrix h = Matrix.of(new double[][] {{-3, delta}, {-1, -delta}, {1, -delta},
                {3, delta}});
            ClassStatistics stats = ClassStatistics.of(h, new int[] {0, 1, 2, 3}, 4);
            int rank = NcMetrics.nc1(stats, NcMetrics.NC1_RELATIVE_CUTOFF).rank();
            assertEquals(ratio > NcMetrics.NC1_RELATIVE_CUTOFF ? 2 : 1, rank, "ratio " + ratio);
        }
    }

    /** Classes with one common mean: no between-class direction, so the ratios are infinite. */
    @Test
    void classesWithOneCommonMeanHaveNoBetweenClassSpread() {
        Matrix h = Matrix.of(new double[][] {{-1}, {1}, {-2}, {2}});
        NcReport r = NcMetrics.compute(h, new int[] {0, 0, 1, 1}, 2);
        assertEquals(0, r.betweenClassRank());
        assertEquals(Double.POSITIVE_INFINITY, r.nc1TraceRatio());
        assertEquals(Double.POSITIVE_INFINITY, r.cdnv());
    }

    @Test
    void nc1WithAChosenCutoffChecksItsArguments() {
        ClassStatistics stats = ClassStatistics.of(Matrix.of(new double[][] {{0}, {1}}),
                new int[] {0, 2}, 3);
        var e = assertThrows(IllegalArgumentException.class, () -> NcMetrics.nc1(stats, 0));
        assertTrue(e.getMessage().startsWith("class 1 of 0..2 has no samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NcMetrics.nc1(stats, 1));
        assertEquals("the relative cut-off must be in [0, 1), got 1.0", e.getMessage());
    }

    @Test
    void nc1IsNotInvariantUnderAShearOutOfTheSpanOfTheMeans() {
        // d = 2, K = 2: the means span one direction; a shear that mixes the other direction into
        // it changes NC1, as documented: 0 -> (1/2) t^2 / (1 + t^2)^2.
        Matrix h = Matrix.of(new double[][] {{-1, 1}, {-1, -1}, {1, 1}, {1, -1}});
        int[] y = {0, 0, 1, 1};
        double t = 0.5;
        Matrix shear = Matrix.of(new double[][] {{1, 0}, {t, 1}});
        double before = NcMetrics.compute(h.times(Matrix.identity(2)), y, 2).nc1();
        double after = NcMetrics.compute(h.timesTranspose(shear), y, 2).nc1();
        assertEquals(0.0, before);
        // Sigma_W = diag(0, 1) -> A Sigma_W A^T = [[0, 0], [0, 1]]; Sigma_B -> (1, t)(1, t)^T:
        // NC1 = (1/2) (1, t) A Sigma_W A^T (1, t)^T / (1 + t^2)^2 = (1/2) t^2 / (1 + t^2)^2.
        assertEquals(0.5 * t * t / Math.pow(1 + t * t, 2), after, 8 * EPS);
    }

    @Test
    void nc4CountsDisagreementsLikeABruteForceLoop() {
        Random random = new Random(8);
        int k = 5;
        int d = 7;
        int[] y = NcMetricsProperties.labels(k, 0, random);
        Matrix means = Matrix.gaussian(k, d, random);
        Matrix h = NcMetricsProperties.around(means, y, 0.9, random);
        Matrix w = Matrix.gaussian(k, d, random);
        double[] b = {0.3, -0.2, 0.1, 0, 0.5};
        NcReport r = NcMetrics.compute(h, y, k, Centering.GLOBAL_MEAN, LinearClassifier.of(w, b));
        Matrix mu = ClassStatistics.of(h, y, k).classMeans();
        int mismatches = 0;
        for (int i = 0; i < h.rows(); i++) {
            int argmax = 0;
            int argmin = 0;
            for (int c = 1; c < k; c++) {
                if (logit(w, b, h, i, c) > logit(w, b, h, i, argmax)) {
                    argmax = c;
                }
                if (distance(h, i, mu, c) < distance(h, i, mu, argmin)) {
                    argmin = c;
                }
            }
            mismatches += argmax != argmin ? 1 : 0;
        }
        assertTrue(mismatches > 0 && mismatches < h.rows(), "a test that can tell");
        assertEquals((double) mismatches / h.rows(), r.nc4().getAsDouble(), 0.0);
    }

    private static double logit(Matrix w, double[] b, Matrix h, int i, int c) {
        double s = b[c];
        for (int j = 0; j < w.cols(); j++) {
            s += w.get(c, j) * h.get(i, j);
        }
        return s;
    }

    private static double distance(Matrix h, int i, Matrix mu, int c) {
        double s = 0;
        for (int j = 0; j < h.cols(); j++) {
            s += (h.get(i, j) - mu.get(c, j)) * (h.get(i, j) - mu.get(c, j));
        }
        return s;
    }

    @Test
    void nc4SettlesNearTiesByDirectDistances() {
        // Means 1e8 from the origin: ||mu||^2 - 2 h.mu rounds to multiples of 2, far coarser than
        // the 0.01 by which the sample is nearer to class 1; the direct distance decides.
        Matrix means = Matrix.of(new double[][] {{1e8, 0}, {1e8, 0.5}});
        Nc4Counter counter = new Nc4Counter(means, LinearClassifier.of(Matrix.of(new double[][] {{0, 0}, {0, 1}})));
        counter.accept(Matrix.of(new double[][] {{1e8, 0.26}}));
        assertEquals(0, counter.mismatches(), "nearest is class 1 (0.24 vs 0.26), as predicted");
        counter.accept(Matrix.of(new double[][] {{1e8, 0.24}}));
        assertEquals(1, counter.mismatches(), "nearest is class 0 (0.24 vs 0.26), predicted 1");
        assertEquals(2, counter.count());
        assertEquals(0.5, counter.mismatchFraction());
    }

    @Test
    void lengthsVersusTheoryThroughTheOrthogonalFrameMetric() {
        DeepLinearMseOptimum theory = DeepLinearMseOptimum.of(new long[] {40, 20, 10}, 1e-3, 1e-3, 1e-3);
        Matrix means = OrthogonalFrame.vectors(theory.meanNorms(), 5);
        double perfect = NcMetrics.nc2OrthogonalFrame(means.outerGram(), theory.meanGram().diagonalValues());
        assertTrue(perfect <= 16 * EPS);
        double[] off = theory.meanNorms();
        off[2] *= 1.1;
        Matrix wrong = OrthogonalFrame.vectors(off, 5);
        assertTrue(NcMetrics.nc2OrthogonalFrame(wrong.outerGram(), theory.meanGram().diagonalValues()) > 1e-3);
        assertEquals(0.0, NcMetrics.offDiagonalMass(wrong.outerGram()), 0.0);
    }

    @Test
    void reluUfmClassifierScoresZeroOnTheScaledNc3() {
        long[] n = {30, 20, 10};
        ReluUfmCeOptimum theory = ReluUfmCeOptimum.of(n, 5e-3, 5e-4);
        Matrix means = OrthogonalFrame.vectors(theory.meanNorms(), 4);
        int[] y = new int[60];
        for (int i = 0; i < 60; i++) {
            y[i] = i < 30 ? 0 : i < 50 ? 1 : 2;
        }
        Matrix h = NcMetricsProperties.around(means, y, 0, new Random(1));
        NcReport r = NcMetrics.compute(h, y, 3, Centering.NONE, LinearClassifier.of(theory.classifier(means)));
        assertTrue(r.nc3ScaledMeans().getAsDouble() <= 64 * EPS, "W aligns with sqrt(n_k)-scaled, centered means");
        assertTrue(r.nc3().getAsDouble() > 0.1, "but not with the plain means");
        assertTrue(r.orthogonalityMeans() <= 64 * EPS);
    }

    @Test
    void scaledCenteredMeansNeedOneSizePerClass() {
        assertThrows(IllegalArgumentException.class,
                () -> NcMetrics.scaledCenteredMeans(Matrix.zeros(3, 2), new long[] {1, 2}));
    }

    @Test
    void reportListsExactlyTheCommandsKeys() {
        Random random = new Random(2);
        int[] y = NcMetricsProperties.labels(3, 4, random);
        Matrix h = NcMetricsProperties.around(Matrix.gaussian(3, 4, random), y, 0.5, random);
        NcReport without = NcMetrics.compute(h, y, 3);
        assertEquals(List.of("nc1", "nc1_trace_ratio", "nc1_rank", "cdnv", "nc2_etf_means", "nc2_of_means",
                "orthogonality_means", "equinorm_means", "equiangularity_means", "max_angle_means"),
                List.copyOf(without.values().keySet()));
        NcReport with = NcMetrics.compute(h, y, 3, Centering.GLOBAL_MEAN, LinearClassifier.of(Matrix.gaussian(3, 4, random)));
        assertEquals(List.of("nc1", "nc1_trace_ratio", "nc1_rank", "cdnv", "nc2_etf_means", "nc2_of_means",
                "orthogonality_means", "equinorm_means", "equiangularity_means", "max_angle_means",
                "nc2_etf_classifier", "nc2_of_classifier", "orthogonality_classifier", "nc3",
                "nc3_scaled_means", "nc4"), List.copyOf(with.values().keySet()));
        assertEquals(2.0, with.values().get("nc1_rank"), "K-1 for means in general position");
        assertEquals(Centering.GLOBAL_MEAN, with.centering());
        assertEquals(12, with.numSamples());
        assertFalse(NcMetrics.fromStatistics(ClassStatistics.of(h, y, 3), Centering.NONE,
                LinearClassifier.of(Matrix.zeros(3, 4).plus(1))).nc4().isPresent());
    }

    @Test
    void papyanComponentsFollowTheSpecConventions() {
        // Three centered means with norms 1, 2, 3 at 120 degrees: equinorm = std(1,2,3)/2 = 1/2
        // (n - 1 divisor), cosines all -1/2, so equiangularity = 0 and max-angle = 0.
        double[][] rows = new double[3][];
        for (int c = 0; c < 3; c++) {
            double angle = 2 * Math.PI * c / 3;
            rows[c] = new double[] {(c + 1) * Math.cos(angle), (c + 1) * Math.sin(angle)};
        }
        Matrix means = Matrix.of(rows);
        Matrix gram = means.outerGram();
        // Through the public pieces: NC2 on the Gram, and the report on features whose
        // uncentered means are these (NONE centering, so no global mean is removed).
        int[] y = {0, 1, 2};
        NcReport r = NcMetrics.compute(means, y, 3, Centering.NONE, LinearClassifier.of(means));
        assertEquals(0.5, r.equinormMeans(), 8 * EPS);
        assertEquals(0.0, r.equiangularityMeans(), 8 * EPS);
        assertEquals(0.0, r.maxAngleMeans(), 8 * EPS);
        assertTrue(NcMetrics.nc2Etf(gram) > 0.1, "unequal norms are not an ETF");
    }

    @Test
    void badInputIsRejectedWithAClearMessage() {
        Matrix h = Matrix.of(new double[][] {{1}, {2}, {3}});
        var e = assertThrows(IllegalArgumentException.class, () -> NcMetrics.compute(h, new int[] {0, 0, 2}, 4));
        assertTrue(e.getMessage().startsWith("classes 1, 3 of 0..3 have no samples"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> NcMetrics.compute(h, new int[] {0, 0, 2}, 3));
        assertEquals("class 1 of 0..2 has no samples; NC metrics need every class (drop empty"
                + " ones explicitly with ClassStatistics.withoutEmptyClasses())", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> NcMetrics.compute(h, new int[] {0, 0, 0}, 1));
        assertTrue(e.getMessage().contains("at least 2 classes"), e.getMessage());
        ClassStatistics stats = ClassStatistics.of(h, new int[] {0, 1, 1}, 2);
        e = assertThrows(IllegalArgumentException.class,
                () -> NcMetrics.fromStatistics(stats, Centering.NONE, LinearClassifier.of(Matrix.zeros(3, 1))));
        assertTrue(e.getMessage().contains("3x1"), e.getMessage());
        Nc4Counter counter = new Nc4Counter(stats.classMeans(), LinearClassifier.of(Matrix.zeros(2, 1)));
        e = assertThrows(IllegalArgumentException.class,
                () -> NcMetrics.fromStatistics(stats, Centering.NONE, LinearClassifier.of(Matrix.zeros(2, 1)), counter));
        assertTrue(e.getMessage().contains("saw 0 samples"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LinearClassifier.of(Matrix.of(new double[][] {{Double.NaN}})));
        assertThrows(IllegalArgumentException.class, () -> LinearClassifier.of(Matrix.zeros(2, 1), new double[3]));
        e = assertThrows(IllegalArgumentException.class,
                () -> LinearClassifier.of(Matrix.zeros(2, 1), new double[] {0, Double.NaN}));
        assertEquals("bias 1 is NaN", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> counter.accept(Matrix.of(new double[][] {{Double.NaN}})));
        assertEquals(0, counter.count(), "a rejected batch is not counted");
        assertThrows(IllegalArgumentException.class, () -> NcMetrics.nc2Etf(Matrix.zeros(2, 3)));
        assertThrows(IllegalArgumentException.class,
                () -> NcMetrics.nc2OrthogonalFrame(Matrix.identity(2), new double[] {0, 0}));
        e = assertThrows(IllegalArgumentException.class, () -> NcMetrics.nc2OrthogonalFrame(
                Matrix.identity(2), new double[] {Double.POSITIVE_INFINITY, 1}));
        assertEquals("target diagonal [Infinity, 1.0] is zero or not finite", e.getMessage());
    }

    @Test
    void aClassifierKeepsCopiesAndSaysWhetherItHasABias() {
        Matrix w = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});
        double[] b = {1, -1};
        LinearClassifier withBias = LinearClassifier.of(w, b);
        LinearClassifier without = LinearClassifier.of(w);
        w.set(0, 0, 9);
        b[0] = 9;
        withBias.weights().set(0, 1, 9);
        assertEquals(Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}}), withBias.weights());
        assertEquals(List.of(1.0, -1.0), Arrays.stream(withBias.bias()).boxed().toList());
        assertTrue(withBias.hasBias());
        assertFalse(without.hasBias());
        assertEquals("LinearClassifier[W 2x3, with bias]", withBias.toString());
        assertEquals("LinearClassifier[W 2x3, no bias]", without.toString());
    }
}
