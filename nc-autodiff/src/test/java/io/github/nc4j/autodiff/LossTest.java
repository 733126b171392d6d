package io.github.nc4j.autodiff;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Losses against values computed by hand, at ordinary and at extreme logits. */
class LossTest {

    @Test
    void mseByHand() {
        Tape tape = new Tape();
        Var z = tape.parameter(Matrix.of(new double[][] {{1, 2}, {3, 4}}));
        Matrix y = Matrix.of(new double[][] {{1, 0}, {0, 1}});
        Var loss = z.mse(y);
        // Z - Y = [[0, 2], [3, 3]]: (0 + 4 + 9 + 9) / (2 * 2) = 5.5; gradient (Z - Y) / N
        assertEquals(5.5, loss.scalar());
        tape.backward(loss);
        assertEquals(Matrix.of(new double[][] {{0, 1}, {1.5, 1.5}}), z.grad());
    }

    @Test
    void crossEntropyByHand() {
        Tape tape = new Tape();
        // row 0: equal logits, -log(1/2); row 1: probabilities (1/4, 3/4), label 1: -log(3/4)
        Var z = tape.parameter(Matrix.of(new double[][] {{0, 0}, {0, Math.log(3)}}));
        Var loss = z.crossEntropy(new int[] {0, 1});
        double expected = (Math.log(2) + Math.log(4.0 / 3)) / 2;
        assertEquals(expected, loss.scalar(), 4 * EPS * expected);
        tape.backward(loss);
        // (softmax - onehot) / N = [[-1/2, 1/2], [1/4, -1/4]] / 2
        Matrix expectedGrad = Matrix.of(new double[][] {{-0.25, 0.25}, {0.125, -0.125}});
        assertTrue(z.grad().equalsWithin(expectedGrad, 4 * EPS), z.grad().toString());
    }

    /**
     * Logits of magnitude 1e4 overflow a naive exp: the max-subtracted form stays finite and
     * exact. Row 0 puts probability 1 on class 0 (exp(-1e4) underflows to 0) but has label 1, so
     * its loss is exactly 1e4; row 1 is a tie between classes 0 and 1, loss log 2.
     */
    @Test
    void crossEntropyIsFiniteAndCorrectForHugeLogits() {
        Tape tape = new Tape();
        Var z = tape.parameter(Matrix.of(new double[][] {{1e4, 0, -1e4}, {1e4, 1e4, -1e4}}));
        Var loss = z.crossEntropy(new int[] {1, 0});
        double expected = (1e4 + Math.log(2)) / 2;
        assertEquals(expected, loss.scalar(), 2 * EPS * expected);
        tape.backward(loss);
        Matrix expectedGrad = Matrix.of(new double[][] {{0.5, -0.5, 0}, {-0.25, 0.25, 0}});
        assertTrue(z.grad().equalsWithin(expectedGrad, 4 * EPS), z.grad().toString());

        tape.reset();
        Var logProbabilities = z.logSoftmax();
        double log2 = Math.log(2);
        assertArrayEquals(new double[] {0, -1e4, -2e4, -log2, -log2, -2e4 - log2},
                logProbabilities.value().data(), 2 * EPS * 2e4);
        assertTrue(logProbabilities.value().isFinite());
    }

    /**
     * Every row is shifted by its own maximum. Here each row holds two equal logits, so every
     * probability is 1/2, but the rows' scales differ by 1e4: the shift of another row would
     * overflow exp (or underflow it to log 0).
     */
    @Test
    void eachRowIsShiftedByItsOwnMaximum() {
        Tape tape = new Tape();
        Var z = tape.parameter(Matrix.of(new double[][] {{0, 0}, {1e4, 1e4}, {-1e4, -1e4}}));
        double log2 = Math.log(2);
        assertEquals(log2, z.crossEntropy(new int[] {0, 1, 0}).scalar(), 2 * EPS * log2);
        assertTrue(z.logSoftmax().value().equalsWithin(Matrix.filled(3, 2, -log2), 2 * EPS),
                z.logSoftmax().value().toString());
    }

    /** Cross-entropy is the negated mean of the label's log-probability, value and gradient. */
    @Test
    void crossEntropyAgreesWithLogSoftmax() {
        Random random = new Random(2);
        Matrix logits = Matrix.gaussian(9, 4, random).scale(3);
        int[] labels = random.ints(9, 0, 4).toArray();
        Tape tape = new Tape();
        Var z = tape.parameter(logits);
        Var fused = z.crossEntropy(labels);
        tape.backward(fused);
        double fusedValue = fused.scalar();
        Matrix fusedGrad = z.grad().copy();
        tape.reset();
        Var composed = z.logSoftmax().elementTimes(tape.constant(Labels.oneHot(labels, 4)))
                .sum().scale(-1.0 / 9);
        tape.backward(composed);
        // both are a few roundings of O(1) quantities per row
        assertEquals(composed.scalar(), fusedValue, 64 * EPS * Math.abs(fusedValue));
        assertTrue(z.grad().equalsWithin(fusedGrad, 64 * EPS), z.grad() + " vs " + fusedGrad);
    }

    @Test
    void oneHotAndAccuracy() {
        Matrix y = Labels.oneHot(new int[] {2, 0}, 3);
        assertEquals(Matrix.of(new double[][] {{0, 0, 1}, {1, 0, 0}}), y);
        Matrix scores = Matrix.of(new double[][] {{0.1, 0.5, 0.5}, {Double.NaN, 0, 1}, {3, 2, 1}});
        assertArrayEquals(new int[] {1, -1, 0}, Labels.predictions(scores)); // first max wins
        assertEquals(2.0 / 3, Labels.accuracy(scores, new int[] {1, 2, 0}));
        assertThrows(IllegalArgumentException.class, () -> Labels.oneHot(new int[] {3}, 3));
        assertThrows(IllegalArgumentException.class, () -> Labels.accuracy(scores, new int[2]));
    }

    @Test
    void labelsAtTheEdgesOfTheirShapes() {
        assertEquals(Matrix.filled(2, 1, 1), Labels.oneHot(new int[] {0, 0}, 1)); // one class
        assertThrows(IllegalArgumentException.class, () -> Labels.oneHot(new int[0], 0));
        assertArrayEquals(new int[0], Labels.predictions(Matrix.zeros(0, 0)));
        assertArrayEquals(new int[0], Labels.predictions(Matrix.zeros(0, 3)));
        // rows to predict but no classes to choose from
        assertThrows(IllegalArgumentException.class, () -> Labels.predictions(Matrix.zeros(2, 0)));
    }
}
