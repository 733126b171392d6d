package io.github.nc4j.core.data;

import static io.github.nc4j.core.data.IdxTest.assertMentions;
import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import org.junit.jupiter.api.Test;

class GaussianMixtureTest {

    @Test
    void withoutNoiseEverySampleIsItsClassMeanOfNormSeparation() {
        GaussianMixture g = new GaussianMixture(6, 3.0, 0.0);
        LabeledData d = g.sample(new int[] {2, 3, 1}, 17);
        Matrix means = g.means(3, 17);

        assertArrayEquals(new int[] {0, 0, 1, 1, 1, 2}, d.labels());
        assertArrayEquals(new int[] {2, 3, 1}, d.classCounts());
        for (int i = 0; i < d.size(); i++) {
            assertEquals(means.row(d.label(i)), d.features().row(i));
        }
        for (int k = 0; k < 3; k++) {
            // a row scaled by separation / norm: a few roundings in the norm and the product.
            assertEquals(3.0, means.row(k).normFrobenius(), 3.0 * 4 * 6 * EPS);
        }
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() {
        GaussianMixture g = new GaussianMixture(5, 1.0, 0.5);
        assertEquals(g.sample(new int[] {4, 4}, 1).features(), g.sample(new int[] {4, 4}, 1).features());
        assertNotEquals(g.sample(new int[] {4, 4}, 1).features(), g.sample(new int[] {4, 4}, 2).features());
    }

    /**
     * With zero separation every coordinate is N(0, noise^2): over N d = 40 000 draws the sample
     * variance has relative standard deviation sqrt(2 / (N d)) = 0.7%; 5% is 7 sigma. The draws
     * are fixed by the seed, so the test is deterministic.
     */
    @Test
    void noiseHasTheRequestedStandardDeviation() {
        LabeledData d = new GaussianMixture(20, 0.0, 2.5).sample(new int[] {1000, 1000}, 3);
        double sumSquares = 0;
        for (double v : d.features().data()) {
            sumSquares += v * v;
        }
        double std = Math.sqrt(sumSquares / d.features().size());
        assertEquals(2.5, std, 0.05 * 2.5);
    }

    /** Empirical class means approach the true ones: error ~ noise sqrt(d / n_k) = 0.1 here. */
    @Test
    void classMeansAreTheGeneratedMeans() {
        GaussianMixture g = new GaussianMixture(10, 5.0, 1.0);
        LabeledData d = g.sample(new int[] {1000, 1000, 1000}, 8);
        Matrix means = g.means(3, 8);
        for (int k = 0; k < 3; k++) {
            Matrix empirical = d.features().selectRows(d.indicesOfClass(k)).columnMeans();
            double error = empirical.minus(means.row(k)).normFrobenius();
            assertTrue(error < 0.3, "class " + k + ": error " + error + " (expected ~0.1)");
        }
    }

    @Test
    void rejectsBadParameters() {
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> new GaussianMixture(0, 1, 1)), "dimension");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> new GaussianMixture(2, -1, 1)), "separation");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> new GaussianMixture(2, 1, Double.NaN)), "noise");
        GaussianMixture g = new GaussianMixture(2, 1, 1);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> g.sample(new int[] {3, 0}, 1)), "class 1 has 0 samples");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> g.means(0, 1)), "number of classes");
    }
}
