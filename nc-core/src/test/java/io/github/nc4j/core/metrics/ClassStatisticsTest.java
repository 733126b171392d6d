package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Streaming statistics against an exact two-pass computation, with error bounds from the
 * batch size and the data's offset; merging and batching must not matter beyond rounding.
 */
class ClassStatisticsTest {

    @Provide
    Arbitrary<Double> offsets() {
        return Arbitraries.of(0.0, 1.0, -3e3, 1e6, 1e8);
    }

    @Provide
    Arbitrary<Double> scales() {
        return Arbitraries.of(1.0, 1e-3, 1e-200, 1e150);
    }

    /** Features {@code offset (1 + j/10) + scale * gaussian}. */
    static Matrix features(int n, int d, double offset, double scale, Random random) {
        return Matrix.generate(n, d, (i, j) -> offset * (1 + 0.1 * j) + scale * random.nextGaussian());
    }

    static int[] labels(int n, int k, Random random) {
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = random.nextInt(k);
        }
        return y;
    }

    /** Accepts the rows in random-sized consecutive batches; returns the largest batch. */
    private static int acceptInBatches(ClassStatistics stats, Matrix h, int[] y, Random random) {
        int largest = 0;
        for (int start = 0; start < h.rows(); ) {
            int size = Math.min(h.rows() - start, 1 + random.nextInt(40));
            stats.accept(h.rowRange(start, start + size), Arrays.copyOfRange(y, start, start + size));
            largest = Math.max(largest, size);
            start += size;
        }
        return largest;
    }

    @Property(tries = 200)
    void streamingMatchesTheExactTwoPassComputation(
            @ForAll @IntRange(min = 0, max = 150) int n, @ForAll @IntRange(min = 1, max = 13) int d,
            @ForAll @IntRange(min = 1, max = 6) int k, @ForAll("offsets") double offset,
            @ForAll("scales") double scale, @ForAll long seed) {
        Random random = new Random(seed);
        Matrix h = features(n, d, offset * scale, scale, random);
        int[] y = labels(n, k, random);
        ClassStatistics stats = new ClassStatistics(k, d);
        int batch = acceptInBatches(stats, h, y, random);
        ExactMoments exact = new ExactMoments(h, y, k);

        assertArrayEquals(exact.counts, stats.counts());
        assertEquals(n, stats.count());
        double merges = Math.log(n + 2) + 4;
        double spread = Arrays.stream(exact.maxDeviation).max().orElse(0);
        // Classes are accumulated about their first sample, so values enter as differences of at
        // most 2 spread; a batch mean sums up to `batch` of them and each merge adds a few
        // roundings. Adding the shift back costs one rounding of the mean itself.
        double shiftedBound = 4 * (batch + merges) * EPS * 2 * spread;
        double meanBound = shiftedBound + 2 * EPS * h.maxAbs();
        double meanError = stats.classMeans().minus(exact.means).maxAbs();
        assertTrue(meanError <= meanBound, () -> "means off by " + meanError + " > " + meanBound);
        // The scatter: rounding of order (batch + d + merges) eps times sum |dev_a||dev_b|, plus
        // the merge corrections w delta delta^T, whose deltas (at most 2 spread) carry the mean
        // errors: at most sum_merges w (|delta_a| + |delta_b|) 2 shiftedBound with sum w <= n.
        Matrix error = stats.withinClassScatter().minus(exact.scatter);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                double bound = 8 * (batch + d + merges) * EPS * exact.absScatter.get(a, b)
                        + 8 * n * shiftedBound * (exact.maxDeviation[a] + exact.maxDeviation[b]);
                double err = Math.abs(error.get(a, b));
                assertTrue(err <= bound, "scatter (" + a + ", " + b + ") off by " + err + " > "
                        + bound + " for n=" + n + " d=" + d + " k=" + k + " offset=" + offset
                        + " scale=" + scale + " seed=" + seed);
            }
        }
        double[] variances = stats.classVariances();
        for (int c = 0; c < k; c++) {
            if (stats.count(c) > 0) {
                double bound = 8 * (batch + d + merges) * EPS * exact.squaredDeviations[c]
                        + 16 * d * stats.count(c) * shiftedBound * spread;
                assertEquals(exact.squaredDeviations[c], variances[c] * stats.count(c), bound,
                        "class " + c);
            } else {
                assertTrue(Double.isNaN(variances[c]));
            }
        }
        Matrix s = stats.withinClassScatter();
        assertEquals(s, s.transpose(), "the scatter is exactly symmetric");
    }

    @Property(tries = 60)
    void mergingEqualsAcceptingEverythingInOnePlace(@ForAll @IntRange(min = 1, max = 120) int n,
                                                   @ForAll @IntRange(min = 1, max = 9) int d,
                                                   @ForAll @IntRange(min = 1, max = 5) int k,
                                                   @ForAll long seed) {
        Random random = new Random(seed);
        Matrix h = features(n, d, 50, 1, random);
        int[] y = labels(n, k, random);
        int cut = random.nextInt(n + 1);
        ClassStatistics left = ClassStatistics.of(h.rowRange(0, cut), Arrays.copyOf(y, cut), k);
        ClassStatistics right = ClassStatistics.of(h.rowRange(cut, n), Arrays.copyOfRange(y, cut, n), k);
        left.merge(right);
        ClassStatistics whole = ClassStatistics.of(h, y, k);
        assertArrayEquals(whole.counts(), left.counts());
        // Both are within the streaming bounds of the exact values (see above), so within twice
        // them of each other; merging converts means between shifts, one more rounding.
        ExactMoments exact = new ExactMoments(h, y, k);
        double spread = Arrays.stream(exact.maxDeviation).max().orElse(0);
        double shiftedBound = 4 * (n + 6) * EPS * 2 * spread;
        assertTrue(left.classMeans().minus(whole.classMeans()).maxAbs()
                <= 2 * (shiftedBound + 2 * EPS * h.maxAbs()));
        double scatterBound = 16 * (n + d + 6) * EPS * exact.absScatter.maxAbs()
                + 32 * n * shiftedBound * spread;
        assertTrue(left.withinClassScatter().minus(whole.withinClassScatter()).maxAbs() <= scatterBound);
    }

    @Test
    void aLargeCommonOffsetCostsNoAccuracy() {
        // E[x^2] - E[x]^2 would lose every digit here: (1e8)^2 eps = 2 against a variance of 1.
        Random random = new Random(5);
        int n = 20000;
        Matrix noise = features(n, 3, 0, 1, random);
        Matrix shifted = noise.plus(1e8);
        int[] y = labels(n, 4, random);
        Matrix reference = ClassStatistics.of(noise, y, 4).withinClassCovariance();
        ClassStatistics stats = new ClassStatistics(4, 3);
        for (int start = 0; start < n; start += 1000) {
            stats.accept(shifted.rowRange(start, start + 1000), Arrays.copyOfRange(y, start, start + 1000));
        }
        // Adding 1e8 rounds each value to a multiple of ulp(1e8) = 1.5e-8, which moves the
        // covariance by O(1e-8); nothing else may be lost.
        double error = stats.withinClassCovariance().minus(reference).maxAbs();
        assertTrue(error < 1e-7, () -> "covariance error " + error);
    }

    @Test
    void emptyClassesAreListedAndCanBeDroppedExactly() {
        Matrix h = Matrix.of(new double[][] {{1, 2}, {3, 4}, {5, 7}});
        int[] y = {0, 2, 2};
        ClassStatistics stats = ClassStatistics.of(h, y, 4);
        assertArrayEquals(new int[] {1, 3}, stats.emptyClasses());
        assertArrayEquals(new int[] {0, 2}, stats.nonEmptyClasses());
        assertEquals(Matrix.of(new double[][] {{0, 0}}), stats.classMeans().row(1));
        ClassStatistics kept = stats.withoutEmptyClasses();
        assertEquals(2, kept.numClasses());
        assertArrayEquals(new long[] {1, 2}, kept.counts());
        assertEquals(stats.withinClassScatter(), kept.withinClassScatter());
        assertEquals(Matrix.of(new double[][] {{1, 2}, {4, 5.5}}), kept.classMeans());
        assertArrayEquals(new double[] {0, 3.25}, kept.classVariances());
        assertThrows(IllegalStateException.class, () -> new ClassStatistics(2, 2).withoutEmptyClasses());
    }

    @Test
    void badInputIsRejectedWithItsPositionAndLeavesTheStatisticsUnchanged() {
        ClassStatistics stats = ClassStatistics.of(Matrix.of(new double[][] {{1, 2}, {3, 4}}), new int[] {0, 1}, 2);
        Matrix before = stats.withinClassScatter();
        var e = assertThrows(IllegalArgumentException.class,
                () -> stats.accept(Matrix.of(new double[][] {{1, 1}, {2, Double.NaN}}), new int[] {0, 1}));
        assertEquals("sample 3, feature 1 is NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> stats.accept(Matrix.of(new double[][] {{1, 1}, {2, 2}}), new int[] {0, 2}));
        assertEquals("sample 3 has label 2, outside 0..1", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> stats.accept(Matrix.zeros(2, 3), new int[] {0, 1}));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> stats.accept(Matrix.zeros(2, 2), new int[] {0}));
        e = assertThrows(IllegalArgumentException.class,
                () -> stats.accept(new double[3], 2, new int[] {0, 0}));
        assertEquals("2 samples of dimension 2 need 4 values and 2 labels; got 3 and 2",
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> stats.merge(new ClassStatistics(3, 2)));
        assertThrows(IllegalArgumentException.class, () -> new ClassStatistics(0, 2));
        assertEquals(before, stats.withinClassScatter());
        assertEquals(2, stats.count());
        assertEquals("ClassStatistics[K=2, d=2, counts=[1, 1]]", stats.toString());
    }

    @Test
    void globalMeanIsSampleWeighted() {
        Matrix h = Matrix.of(new double[][] {{0}, {0}, {0}, {4}});
        ClassStatistics stats = ClassStatistics.of(h, new int[] {0, 0, 0, 1}, 2);
        assertArrayEquals(new double[] {1.0}, stats.globalMean());
        assertEquals(Matrix.of(new double[][] {{0}}), stats.withinClassCovariance());
    }
}
