package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.theory.OrthogonalFrame;
import io.github.nc4j.core.theory.RandomOrthogonal;
import io.github.nc4j.core.theory.SimplexEtf;
import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * The properties the metrics are defined by: zero at exact collapse or at the target geometry
 * in any dimension, rotation and scale; invariance under the maps the definitions allow;
 * relabeling invariance; agreement with an independent direct computation.
 */
class NcMetricsProperties {

    /** {@code n} samples per class around the given means (rows) with Gaussian noise of size sigma. */
    static Matrix around(Matrix means, int[] labels, double sigma, Random random) {
        int d = means.cols();
        return Matrix.generate(labels.length, d, (i, j) -> means.get(labels[i], j) + sigma * random.nextGaussian());
    }

    /** Labels with every class present: {@code perClass} each, or random sizes when 0. */
    static int[] labels(int k, int perClass, Random random) {
        int[] sizes = new int[k];
        int n = 0;
        for (int c = 0; c < k; c++) {
            sizes[c] = perClass > 0 ? perClass : 1 + random.nextInt(12);
            n += sizes[c];
        }
        int[] y = new int[n];
        int at = 0;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < sizes[c]; i++) {
                y[at++] = c;
            }
        }
        // shuffle, so classes interleave
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = y[i];
            y[i] = y[j];
            y[j] = t;
        }
        return y;
    }

    @Property(tries = 80)
    void nc1AgreesWithTheDirectPseudoInverse(@ForAll @IntRange(min = 2, max = 9) int k,
                                             @ForAll @IntRange(min = 1, max = 14) int d,
                                             @ForAll long seed) {
        Random random = new Random(seed);
        int[] y = labels(k, 0, random);
        Matrix h = around(Matrix.gaussian(k, d, random).scale(3), y, 1, random);
        DirectNc direct = new DirectNc(h, y, k);
        NcReport report = NcMetrics.compute(h, y, k);
        // Generic means span min(d, K-1) directions; the cut-off drops those spread less than
        // 1e-3 of the widest (rare for Gaussian means, possible when d = K-1).
        assertEquals(Math.min(d, k - 1), DirectNc.rounding(h, y, k).rank);
        assertEquals(direct.rank, report.betweenClassRank());
        // Both routes perturb the kept eigenvalues by O((d + K) eps lambda_max), which moves
        // NC1 = sum c_i / gamma_i^2 by a relative 2 (d + K) eps kappa; the covariances carry
        // O(N eps) more.
        double bound = 64 * (d + k + h.rows()) * EPS * direct.condition * direct.condition;
        assertEquals(direct.nc1, report.nc1(), bound * direct.nc1, "NC1");
        assertEquals(direct.traceRatio, report.nc1TraceRatio(), 16 * (d + h.rows()) * EPS * direct.traceRatio);
    }

    /**
     * The bound that makes NC1 stable (NcMetrics, "NC1 in detail"): every kept eigenvalue is at
     * least tau times the largest and {@code tr(Sigma_B) <= r lambda_max}, so
     * {@code NC1 <= r / (K tau) * tr(Sigma_W) / tr(Sigma_B)}, r = min(d, K-1); and NC1 is a sum
     * over a subset of the rounding-level variant's non-negative terms, so never larger. Means
     * of random rank with noise of any size from 1e-8 to 1, as in training.
     */
    @Property(tries = 80)
    void nc1IsBoundedByTheTraceRatioOverTheCutOff(@ForAll @IntRange(min = 2, max = 10) int k,
                                                  @ForAll @IntRange(min = 1, max = 20) int d,
                                                  @ForAll @DoubleRange(min = -8, max = 0) double log10Sigma,
                                                  @ForAll long seed) {
        Random random = new Random(seed);
        int r = 1 + random.nextInt(Math.min(d, k - 1));
        int[] y = labels(k, 0, random);
        Matrix means = Matrix.gaussian(k, r, random).times(Matrix.gaussian(r, d, random));
        Matrix h = around(means, y, Math.pow(10, log10Sigma), random);
        ClassStatistics stats = ClassStatistics.of(h, y, k);
        NcReport report = NcMetrics.fromStatistics(stats, Centering.GLOBAL_MEAN);
        double tau = NcMetrics.NC1_RELATIVE_CUTOFF;
        // Rounding moves each kept term by a relative O((d + K) eps / tau), 1e-8 here.
        double bound = Math.min(d, k - 1) / (k * tau) * report.nc1TraceRatio() * (1 + 1e-6);
        assertTrue(report.nc1() <= bound, () -> "NC1 " + report.nc1() + " > " + bound);
        NcMetrics.Nc1 rounding = NcMetrics.nc1(stats, NcMetrics.roundingCutoff(d, k));
        assertTrue(report.nc1() <= rounding.value());
        assertTrue(report.betweenClassRank() <= rounding.rank());
    }

    @Property(tries = 60)
    void nc1IsExactlyZeroForCollapsedFeatures(@ForAll @IntRange(min = 2, max = 12) int k,
                                              @ForAll @IntRange(min = 1, max = 40) int d,
                                              @ForAll @DoubleRange(min = -300, max = 300) double log10Scale,
                                              @ForAll long seed) {
        Random random = new Random(seed);
        int[] y = labels(k, 0, random);
        Matrix means = Matrix.gaussian(k, d, random).scaleInPlace(Math.pow(10, log10Scale / 2));
        NcReport report = NcMetrics.compute(around(means, y, 0, random), y, k);
        assertEquals(0.0, report.nc1(), "exact collapse: Sigma_W = 0, so NC1 = 0, never -0 or tiny negative");
        assertEquals(0.0, report.nc1TraceRatio());
        assertEquals(0.0, report.cdnv());
    }

    @Property(tries = 60)
    void nc1IsInvariantUnderInvertibleMapsWhenTheMeansSpanTheFeatureSpace(
            @ForAll @IntRange(min = 3, max = 10) int k, @ForAll long seed) {
        // d <= K - 1 and generic means: Sigma_B has full rank, so (A M^T)^+ A M^T = I.
        Random random = new Random(seed);
        int d = 1 + random.nextInt(k - 1);
        int[] y = labels(k, 0, random);
        Matrix h = around(Matrix.gaussian(k, d, random).scale(2), y, 1, random);
        Matrix a = wellConditioned(d, random);
        double before = NcMetrics.compute(h, y, k).nc1();
        double after = NcMetrics.compute(h.timesTranspose(a), y, k).nc1();
        DirectNc direct = new DirectNc(h, y, k);
        assumeRankDecisionSurvives(h, y, k);
        // cond(A) <= 4 enters squared through A Sigma A^T.
        double bound = 64 * 16 * (d + k + h.rows()) * EPS * direct.condition * direct.condition;
        assertEquals(before, after, bound * before);
    }

    /**
     * The documented condition for invariance in any dimension: when every within-class
     * deviation lies in the span of the centered means (here d > K-1, so Sigma_B is singular),
     * NC1 is unchanged by any invertible map, because the pseudo-inverse then only ever acts on
     * that span. (Outside that condition a shear changes NC1; see NcMetricsTest.)
     */
    @Property(tries = 60)
    void nc1IsInvariantUnderInvertibleMapsWhenTheSpreadLiesInTheSpanOfTheMeans(
            @ForAll @IntRange(min = 2, max = 8) int k, @ForAll @IntRange(min = 0, max = 6) int extra,
            @ForAll long seed) {
        Random random = new Random(seed);
        int d = k + extra;
        int[] y = labels(k, 0, random);
        Matrix base = Matrix.gaussian(k, d, random).scale(2);
        // the K-1 directions B_j - B_0 span the centered means whatever the class averages
        Matrix directions = Matrix.generate(k - 1, d, (j, c) -> base.get(j + 1, c) - base.get(0, c));
        Matrix spread = Matrix.gaussian(y.length, k - 1, random).scale(0.3).times(directions);
        Matrix h = around(base, y, 0, random).plus(spread);
        Matrix a = wellConditioned(d, random);
        double before = NcMetrics.compute(h, y, k).nc1();
        double after = NcMetrics.compute(h.timesTranspose(a), y, k).nc1();
        DirectNc direct = new DirectNc(h, y, k);
        assertEquals(k - 1, DirectNc.rounding(h, y, k).rank);
        assumeRankDecisionSurvives(h, y, k);
        // as for d <= K-1 above: cond(A) <= 4 enters squared through A Sigma A^T
        double bound = 64 * 16 * (d + k + h.rows()) * EPS * direct.condition * direct.condition;
        assertEquals(before, after, bound * before);
    }

    @Property(tries = 60)
    void nc1IsInvariantUnderRotationsAndScalingInAnyDimension(
            @ForAll @IntRange(min = 2, max = 8) int k, @ForAll @IntRange(min = 1, max = 24) int d,
            @ForAll @DoubleRange(min = -5, max = 5) double log10Scale, @ForAll long seed) {
        Random random = new Random(seed);
        int[] y = labels(k, 0, random);
        Matrix h = around(Matrix.gaussian(k, d, random).scale(2), y, 1, random);
        Matrix q = RandomOrthogonal.haar(d, random).scaleInPlace(Math.pow(10, log10Scale));
        NcReport before = NcMetrics.compute(h, y, k);
        NcReport after = NcMetrics.compute(h.times(q), y, k);
        DirectNc direct = new DirectNc(h, y, k);
        double bound = 64 * (d + k + h.rows()) * EPS * direct.condition * direct.condition;
        assertEquals(before.nc1(), after.nc1(), bound * before.nc1());
        assertEquals(before.nc1TraceRatio(), after.nc1TraceRatio(), bound * before.nc1TraceRatio());
        assertEquals(before.nc2EtfMeans(), after.nc2EtfMeans(), 1e3 * (d + k) * EPS);
        assertEquals(before.equinormMeans(), after.equinormMeans(), 1e3 * (d + k) * EPS);
    }

    @Property(tries = 60)
    void simplexEtfMeansScoreZeroInAnyDimensionRotationAndScale(
            @ForAll @IntRange(min = 2, max = 16) int k, @ForAll @IntRange(min = 0, max = 8) int extra,
            @ForAll @DoubleRange(min = -100, max = 100) double log10Scale,
            @ForAll boolean withOffset, @ForAll long seed) {
        Random random = new Random(seed);
        int d = k - 1 + extra;
        double scale = Math.pow(10, log10Scale);
        Matrix etf = SimplexEtf.vectors(k, d, random).scaleInPlace(scale);
        if (withOffset) {
            // A common offset is removed by the global mean when the classes are balanced.
            Matrix offset = Matrix.gaussian(1, d, random).scaleInPlace(scale);
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < d; j++) {
                    etf.set(c, j, etf.get(c, j) + offset.get(0, j));
                }
            }
        }
        int[] y = labels(k, 3, random);
        Matrix h = around(etf, y, 0, random);
        NcReport r = NcMetrics.compute(h, y, k, Centering.GLOBAL_MEAN, LinearClassifier.of(etf));
        // Rotation, centering and the Gram each add O((d + K) eps) relative error.
        double bound = 64 * (d + k) * EPS;
        assertTrue(r.nc2EtfMeans() <= bound, () -> "NC2 ETF " + r.nc2EtfMeans());
        assertTrue(r.equinormMeans() <= bound, () -> "equinorm " + r.equinormMeans());
        assertTrue(r.equiangularityMeans() <= bound, () -> "equiangularity " + r.equiangularityMeans());
        assertTrue(r.maxAngleMeans() <= bound, () -> "max-angle " + r.maxAngleMeans());
        if (!withOffset) {
            // W = M: an exact ETF classifier, self-dual, and (equal norms) the nearest-mean rule.
            assertTrue(r.nc2EtfClassifier().getAsDouble() <= bound);
            assertTrue(r.nc3().getAsDouble() <= bound, () -> "NC3 " + r.nc3());
            assertEquals(0.0, r.nc4().getAsDouble());
        }
    }

    @Property(tries = 60)
    void orthogonalMeansScoreZeroOnTheOrthogonalFrame(@ForAll @IntRange(min = 1, max = 12) int k,
                                                      @ForAll @IntRange(min = 0, max = 6) int extra,
                                                      @ForAll @DoubleRange(min = -100, max = 100) double log10Scale,
                                                      @ForAll long seed) {
        Random random = new Random(seed);
        int kk = Math.max(k, 2);
        int d = kk + extra;
        double scale = Math.pow(10, log10Scale);
        double[] equal = new double[kk];
        java.util.Arrays.fill(equal, scale);
        double[] unequal = new double[kk];
        for (int c = 0; c < kk; c++) {
            unequal[c] = scale * (0.5 + random.nextDouble());
        }
        Matrix rotation = RandomOrthogonal.haar(d, random);
        int[] y = labels(kk, 0, random);
        double bound = 64 * (d + kk) * EPS;

        Matrix frame = OrthogonalFrame.vectors(equal, d).times(rotation);
        NcReport r = NcMetrics.compute(around(frame, y, 0, random), y, kk, Centering.NONE,
                LinearClassifier.of(frame.scale(3)));
        assertTrue(r.nc2OfMeans() <= bound, () -> "NC2 OF " + r.nc2OfMeans());
        assertTrue(r.orthogonalityMeans() <= bound);
        assertTrue(r.nc2OfClassifier().getAsDouble() <= bound);
        assertTrue(r.nc3().getAsDouble() <= bound, "NC3 uncentered, W = 3 M0");

        Matrix lengths = OrthogonalFrame.vectors(unequal, d).times(rotation);
        Matrix h = around(lengths, y, 0, random);
        NcReport u = NcMetrics.compute(h, y, kk, Centering.NONE, LinearClassifier.of(lengths));
        assertTrue(u.orthogonalityMeans() <= bound, "orthogonal whatever the lengths");
        Matrix gram = ClassStatistics.of(h, y, kk).classMeans().outerGram();
        assertTrue(NcMetrics.nc2OrthogonalFrame(gram, OrthogonalFrame.gram(unequal).diagonalValues()) <= bound,
                "the lengths match the prescribed ones");
    }

    /**
     * NC3 = 0 for a classifier {@code W = c M^T} (rows: W = c M) with any c > 0, the means
     * centered or not as the report's centering says; the features carry a common offset, so the
     * two centerings differ. The class means of an independent computation enter W: they differ
     * from the streamed ones by at most about (N + d) eps max|h| per entry, which moves NC3 by
     * at most twice the relative Frobenius error, with O((K d) eps) more from the normalizing.
     */
    @Property(tries = 60)
    void nc3IsZeroForAClassifierProportionalToTheMeans(
            @ForAll @IntRange(min = 2, max = 9) int k, @ForAll @IntRange(min = 1, max = 14) int d,
            @ForAll @DoubleRange(min = -100, max = 100) double log10C, @ForAll boolean centered,
            @ForAll long seed) {
        Random random = new Random(seed);
        int[] y = labels(k, 0, random);
        Matrix h = around(Matrix.gaussian(k, d, random).scale(2).plus(3), y, 1, random);
        DirectNc direct = new DirectNc(h, y, k);
        Matrix means = centered
                ? Matrix.generate(k, d, (c, j) -> direct.means.get(c, j) - direct.globalMean[j])
                : direct.means;
        Centering centering = centered ? Centering.GLOBAL_MEAN : Centering.NONE;
        double c = Math.pow(10, log10C);
        NcReport r = NcMetrics.compute(h, y, k, centering, LinearClassifier.of(means.scale(c)));
        double perEntry = 4 * (h.rows() + d) * EPS * h.maxAbs();
        double bound = 2 * Math.sqrt(k * d) * perEntry / means.normFrobenius() + 16 * k * d * EPS;
        assertTrue(r.nc3().getAsDouble() <= bound, () -> "NC3 " + r.nc3() + " > " + bound);
        NcReport other = NcMetrics.compute(h, y, k, centered ? Centering.NONE : Centering.GLOBAL_MEAN,
                LinearClassifier.of(means.scale(c)));
        assertTrue(other.nc3().getAsDouble() > 100 * bound, "the other centering is not aligned");
    }

    @Property(tries = 50)
    void metricsDoNotDependOnHowClassesAreNumbered(@ForAll @IntRange(min = 2, max = 8) int k,
                                                   @ForAll @IntRange(min = 1, max = 12) int d,
                                                   @ForAll boolean centered, @ForAll long seed) {
        Random random = new Random(seed);
        int[] y = labels(k, 0, random);
        Matrix means = Matrix.gaussian(k, d, random).scale(2);
        Matrix h = around(means, y, 0.7, random);
        Matrix w = means.plus(Matrix.gaussian(k, d, random).scale(0.3));
        double[] b = new double[k];
        for (int c = 0; c < k; c++) {
            b[c] = random.nextGaussian() * 0.1;
        }
        int[] perm = new int[k];
        for (int c = 0; c < k; c++) {
            perm[c] = c;
        }
        for (int c = k - 1; c > 0; c--) {
            int j = random.nextInt(c + 1);
            int t = perm[c];
            perm[c] = perm[j];
            perm[j] = t;
        }
        int[] relabeled = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            relabeled[i] = perm[y[i]];
        }
        Matrix wPerm = Matrix.zeros(k, d);
        double[] bPerm = new double[k];
        for (int c = 0; c < k; c++) {
            wPerm.setSlice(perm[c], 0, w.row(c));
            bPerm[perm[c]] = b[c];
        }
        Centering centering = centered ? Centering.GLOBAL_MEAN : Centering.NONE;
        NcReport r1 = NcMetrics.compute(h, y, k, centering, LinearClassifier.of(w, b));
        NcReport r2 = NcMetrics.compute(h, relabeled, k, centering, LinearClassifier.of(wPerm, bPerm));
        DirectNc direct = new DirectNc(h, y, k);
        double nc1Bound = 64 * (d + k + h.rows()) * EPS * direct.condition * direct.condition;
        assertEquals(r1.nc1(), r2.nc1(), nc1Bound * r1.nc1());
        double bound = 1e3 * (d + k + h.rows()) * EPS;
        for (var e : r1.values().entrySet()) {
            double other = r2.values().get(e.getKey());
            assertEquals(e.getValue(), other, bound * Math.max(1, Math.abs(e.getValue())) * direct.condition, e.getKey());
        }
        assertEquals(r1.cdnv(), r2.cdnv(), bound * r1.cdnv());
        assertEquals(r1.nc3ScaledMeans().getAsDouble(), r2.nc3ScaledMeans().getAsDouble(), bound);
    }

    /**
     * NC1 keeps the eigenvalues of {@code Sigma_B} above {@link NcMetrics#NC1_RELATIVE_CUTOFF}
     * times the largest; a map of condition number at most 4 changes their ratios by at most 16,
     * so it keeps all of them when all are above 16 times the cut-off. Skips the rare try
     * (Gaussian means with d = K-1) where they are not.
     */
    static void assumeRankDecisionSurvives(Matrix h, int[] y, int k) {
        Assume.that(DirectNc.rounding(h, y, k).condition < 1 / (16 * NcMetrics.NC1_RELATIVE_CUTOFF));
    }

    /** {@code Q1 diag(s) Q2} with s in [0.5, 2]: condition number at most 4. */
    static Matrix wellConditioned(int d, Random random) {
        double[] s = new double[d];
        for (int i = 0; i < d; i++) {
            s[i] = 0.5 + 1.5 * random.nextDouble();
        }
        return RandomOrthogonal.haar(d, random).times(Matrix.diagonal(s)).times(RandomOrthogonal.haar(d, random));
    }
}
