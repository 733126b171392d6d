package io.github.nc4j.core.data;

import static io.github.nc4j.core.data.IdxTest.assertMentions;
import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The fitted statistics against exact (BigDecimal) ones, with the error bounds of the two-pass
 * algorithm (Chan, Golub and LeVeque 1983; Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., section 4.2 for the sums):
 * <ul>
 *   <li>mean: {@code |m^ - m| <= Delta = (n + 2) eps mean|x|} (a recursive sum and a scaling);</li>
 *   <li>scale: {@code |s^ - s| <= (n + 6) eps s + Delta^2 / (2 s)}: each squared deviation is
 *       off by 3 eps relative, their sum by (n - 1) eps, and the perturbed mean adds
 *       {@code Delta^2} to the variance, so {@code Delta^2 / (2 s)} to its square root.</li>
 * </ul>
 */
class StandardizerTest {

    private static final MathContext EXACT = new MathContext(60);

    @Property(tries = 200)
    void perFeatureStatisticsAreWithinTheTwoPassBounds(
            @ForAll @IntRange(min = 1, max = 70) int n, @ForAll @IntRange(min = 1, max = 4) int d,
            @ForAll @DoubleRange(min = -8, max = 8) double offsetExponent,
            @ForAll @DoubleRange(min = -3, max = 5) double spreadExponent, @ForAll long seed) {
        Random random = new Random(seed);
        double offset = Math.signum(random.nextGaussian()) * Math.pow(10, offsetExponent);
        double spread = Math.pow(10, spreadExponent);
        Matrix x = Matrix.generate(n, d, (i, j) -> offset + spread * random.nextGaussian());

        Standardizer s = Standardizer.fitPerFeature(x);

        for (int j = 0; j < d; j++) {
            checkStatistics(x.column(j).data(), s.mean()[j], s.scale()[j]);
        }
    }

    @Property(tries = 100)
    void globalStatisticsAreWithinTheTwoPassBounds(
            @ForAll @IntRange(min = 1, max = 30) int n, @ForAll @IntRange(min = 1, max = 5) int d,
            @ForAll @DoubleRange(min = -6, max = 6) double offsetExponent, @ForAll long seed) {
        Random random = new Random(seed);
        double offset = Math.pow(10, offsetExponent);
        Matrix x = Matrix.generate(n, d, (i, j) -> offset + random.nextGaussian());

        Standardizer s = Standardizer.fitGlobal(x);

        checkStatistics(x.data(), s.mean()[0], s.scale()[0]);
        for (int j = 1; j < d; j++) {
            assertEquals(s.mean()[0], s.mean()[j]);
            assertEquals(s.scale()[0], s.scale()[j]);
        }
    }

    private static void checkStatistics(double[] x, double fittedMean, double fittedScale) {
        int n = x.length;
        BigDecimal sum = BigDecimal.ZERO;
        double sumAbs = 0;
        for (double v : x) {
            sum = sum.add(new BigDecimal(v));
            sumAbs += Math.abs(v);
        }
        BigDecimal mean = sum.divide(BigDecimal.valueOf(n), EXACT);
        BigDecimal squares = BigDecimal.ZERO;
        for (double v : x) {
            BigDecimal dev = new BigDecimal(v).subtract(mean);
            squares = squares.add(dev.multiply(dev));
        }
        double exactScale = squares.divide(BigDecimal.valueOf(n), EXACT).sqrt(EXACT).doubleValue();
        double delta = 1.01 * (n + 2) * EPS * sumAbs / n;
        double meanError = Math.abs(new BigDecimal(fittedMean).subtract(mean).doubleValue());
        assertTrue(meanError <= delta, "mean error " + meanError + " > bound " + delta);
        if (fittedScale == 1.0 && exactScale <= 2 * n * EPS * (sumAbs / n)) {
            return; // declared constant: the spread is within round-off of the mean
        }
        double bound = 1.01 * ((n + 6) * EPS * exactScale + delta * delta / (2 * exactScale));
        double scaleError = Math.abs(fittedScale - exactScale);
        assertTrue(scaleError <= bound, "scale " + fittedScale + " vs exact " + exactScale
                + ": error " + scaleError + " > bound " + bound);
    }

    /** Each output is one subtraction and one division: within 2 eps (relative) of exact. */
    @Test
    void applyComputesTheAffineMapToTwoRoundings() {
        Random random = new Random(5);
        Matrix train = Matrix.generate(40, 3, (i, j) -> 100 * j + random.nextGaussian());
        Matrix test = Matrix.generate(10, 3, (i, j) -> 100 * j + 2 * random.nextGaussian());
        Standardizer s = Standardizer.fitPerFeature(train);
        Matrix original = test.copy();

        Matrix y = s.apply(test);

        for (int i = 0; i < 10; i++) {
            for (int j = 0; j < 3; j++) {
                BigDecimal exact = new BigDecimal(test.get(i, j))
                        .subtract(new BigDecimal(s.mean()[j]))
                        .divide(new BigDecimal(s.scale()[j]), EXACT);
                double error = Math.abs(exact.subtract(new BigDecimal(y.get(i, j))).doubleValue());
                assertTrue(error <= 2 * EPS * Math.abs(exact.doubleValue()),
                        "(" + i + ", " + j + "): error " + error);
            }
        }
        assertEquals(original, test, "apply must not modify its argument");
    }

    /**
     * Column j is 1e4 (j + 1) + (j + 1) z: mean|x| / s = 1e4. The mean of the output is the first
     * fit's mean error over s, at most (n + 2) eps 1e4, plus the second fit's own (n + 2) eps
     * mean|y| with mean|y| < 1; x - m^ is exact (Sterbenz), so the output scale is off by the two
     * fits' (n + 6) eps each (Delta^2 / s^2 ~ 1e-18 is negligible).
     */
    @Test
    void standardizedTrainingDataHasZeroMeanAndUnitVariance() {
        int n = 500;
        Random random = new Random(9);
        Matrix train = Matrix.generate(n, 4, (i, j) -> 1e4 * (j + 1) + (j + 1) * random.nextGaussian());
        Matrix y = Standardizer.fitPerFeature(train).apply(train);
        Standardizer again = Standardizer.fitPerFeature(y);
        for (int j = 0; j < 4; j++) {
            assertEquals(0.0, again.mean()[j], 1.01 * (n + 2) * EPS * (1e4 + 1));
            assertEquals(1.0, again.scale()[j], 1.01 * 2 * (n + 6) * EPS);
        }
    }

    @Test
    void constantColumnsGetScaleOneEvenWhenTheirMeanIsInexact() {
        Matrix x = Matrix.generate(3, 3, (i, j) -> j == 0 ? 0.0 : j == 1 ? 0.1 : i);
        Standardizer s = Standardizer.fitPerFeature(x);
        assertEquals(1.0, s.scale()[0]);
        assertEquals(1.0, s.scale()[1], "0.1 + 0.1 + 0.1 leaves a round-off variance");
        assertEquals(Math.sqrt(2.0 / 3.0), s.scale()[2], 2 * EPS);
        Matrix y = s.apply(x);
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, y.get(i, 0));
            assertEquals(0.0, y.get(i, 1), 1e-15);
        }
        assertArrayEquals(new double[] {1, 1, 1}, Standardizer.fitGlobal(Matrix.filled(4, 3, 0.7))
                .scale());
    }

    @Test
    void rejectsEmptyTrainingDataAndShapeMismatch() {
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> Standardizer.fitPerFeature(Matrix.zeros(0, 3))), "0 samples");
        Standardizer s = Standardizer.fitGlobal(Matrix.zeros(2, 3));
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> s.apply(Matrix.zeros(2, 4))), "3 features", "2x4");
    }

    @Test
    void applyingToLabeledDataKeepsTheLabels() {
        LabeledData d = LabeledData.of(Matrix.of(new double[][] {{1}, {3}}), new int[] {1, 0}, 2);
        LabeledData y = Standardizer.fitPerFeature(d.features()).apply(d);
        assertArrayEquals(new int[] {1, 0}, y.labels());
        assertEquals(Matrix.of(new double[][] {{-1}, {1}}), y.features());
    }
}
