package io.github.nc4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.nc4j.linalg.Matrix;
import org.junit.jupiter.api.Test;

/**
 * {@link Nc4Counter} beyond {@code NcMetricsTest}: exact ties, near ties inside one batch, and
 * the reused buffers of a streaming reader.
 */
class Nc4CounterTest {

    /** Centers (0, 0) and (2, 0); the classifier's rows score {@code -x} and {@code x}. */
    private static Nc4Counter counter() {
        Matrix means = Matrix.of(new double[][] {{0, 0}, {2, 0}});
        return new Nc4Counter(means, LinearClassifier.of(Matrix.of(new double[][] {{-1, 0},
            {1, 0}})));
    }

    /**
     * Samples on the line x = 1 are as near to one center as to the other, exactly; an all-zero
     * classifier scores every class alike. Both ties go to class 0, as {@code numpy.argmin} and
     * {@code numpy.argmax} settle them, so the decisions agree.
     */
    @Test
    void exactTiesGoToTheLowerClass() {
        Matrix means = Matrix.of(new double[][] {{0, 0}, {2, 0}});
        Nc4Counter counter = new Nc4Counter(means, LinearClassifier.of(Matrix.zeros(2, 2)));
        counter.accept(Matrix.of(new double[][] {{1, 0}, {1, 5}}));
        assertEquals(0, counter.mismatches());
    }

    /**
     * The near ties of {@code NcMetricsTest.nc4SettlesNearTiesByDirectDistances} in one batch:
     * each sample's distances are recomputed from its own row.
     */
    @Test
    void nearTiesInOneBatchAreSettledSampleBySample() {
        Matrix means = Matrix.of(new double[][] {{1e8, 0}, {1e8, 0.5}});
        Nc4Counter counter = new Nc4Counter(means,
                LinearClassifier.of(Matrix.of(new double[][] {{0, 0}, {0, 1}})));
        counter.accept(Matrix.of(new double[][] {{1e8, 0.26}, {1e8, 0.24}}));
        assertEquals(1, counter.mismatches(), "the second is nearer to class 0, predicted 1");
    }

    @Test
    void aStreamedBufferIsReadUpToItsRowCount() {
        Nc4Counter counter = counter();
        // two samples in a buffer of three rows; the third is left over from an earlier batch
        counter.accept(new double[] {-1, 0, 0.5, 0, 99, 99}, 2);
        assertEquals(2, counter.count());
        assertEquals(1, counter.mismatches(), "0.5 is nearer to class 0 but scores class 1");
        counter.accept(new double[0], 0);
        assertEquals(2, counter.count(), "an empty last buffer changes nothing");
    }

    @Test
    void badBuffersAreRejectedWithTheSampleNumberedFromTheFirstEverAdded() {
        Nc4Counter counter = counter();
        counter.accept(Matrix.of(new double[][] {{-1, 0}, {3, 0}}));
        var e = assertThrows(IllegalArgumentException.class,
                () -> counter.accept(new double[3], 2));
        assertEquals("2 samples of dimension 2 need 4 values, got 3", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> counter.accept(new double[] {0, 0, 1, Double.NaN}, 2));
        assertEquals("sample 3, feature 1 is NaN", e.getMessage());
        assertEquals(2, counter.count(), "rejected buffers are not counted");
    }
}
