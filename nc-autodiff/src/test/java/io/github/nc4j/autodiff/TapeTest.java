package io.github.nc4j.autodiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The tape's contract: reverse sweep, fresh gradients, reset and reuse, no-grad, errors. */
class TapeTest {

    @Test
    void backwardNeedsAScalarLoss() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.zeros(2, 3));
        var e = assertThrows(IllegalArgumentException.class, () -> tape.backward(w.scale(2)));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
    }

    @Test
    void varsOfAnotherTapeAreRejected() {
        Tape tape = new Tape();
        Tape other = new Tape();
        Var w = tape.parameter(Matrix.zeros(1, 1));
        Var foreign = other.parameter(Matrix.zeros(1, 1));
        assertThrows(IllegalArgumentException.class, () -> tape.backward(foreign));
        List<Executable> twoOperandOperations = List.of(
                () -> w.plus(foreign), () -> w.minus(foreign), () -> w.elementTimes(foreign),
                () -> w.times(foreign), () -> w.transposeTimes(foreign),
                () -> w.timesTranspose(foreign), () -> w.plusRow(foreign),
                () -> w.plusColumn(foreign));
        for (Executable operation : twoOperandOperations) {
            var e = assertThrows(IllegalArgumentException.class, operation);
            assertTrue(e.getMessage().contains("another tape"), e.getMessage());
        }
    }

    @Test
    void resultsOfEarlierStepsAreUnusableAfterReset() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 3));
        Var loss = w.elementTimes(w);
        tape.reset();
        var e = assertThrows(IllegalStateException.class, () -> tape.backward(loss));
        assertTrue(e.getMessage().contains("reset"), e.getMessage());
        assertThrows(IllegalStateException.class, loss::value);
        assertThrows(IllegalStateException.class, () -> loss.plus(w));
        assertThrows(IllegalStateException.class, () -> w.plus(loss));
        // parameters and constants persist
        Var c = tape.constant(Matrix.filled(1, 1, 2));
        tape.reset();
        tape.backward(w.elementTimes(c));
        assertEquals(2, w.grad().get(0, 0));
    }

    /**
     * A result of an earlier step is rejected by whatever uses it, before its reused storage is
     * read, and the message names the operation that was called.
     */
    @Test
    void everyOperationRejectsAResultOfAnEarlierStep() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 3));
        Var stale = w.scale(2);
        tape.reset();
        Map<String, Executable> uses = new LinkedHashMap<>();
        uses.put("scalar", stale::scalar);
        uses.put("mean", stale::mean);
        uses.put("logSoftmax", stale::logSoftmax);
        uses.put("crossEntropy", () -> stale.crossEntropy(new int[] {0}));
        uses.put("mse", () -> stale.mse(Matrix.zeros(1, 1)));
        uses.put("selectRows", () -> stale.selectRows(new int[] {0}));
        uses.put("times", () -> w.times(stale));
        uses.put("plusRow", () -> w.plusRow(stale));
        uses.put("plusColumn", () -> w.plusColumn(stale));
        uses.forEach((name, use) -> {
            var e = assertThrows(IllegalStateException.class, use, name);
            assertTrue(e.getMessage().startsWith(name + ": "), e.getMessage());
        });
        // the one-operand operations (scale, relu, sum, ...) share one check
        assertThrows(IllegalStateException.class, () -> stale.scale(2));
        assertThrows(IllegalStateException.class, stale::relu);
    }

    @Test
    void shapeMismatchesNameBothShapes() {
        Tape tape = new Tape();
        Var a = tape.parameter(Matrix.zeros(2, 3));
        Var b = tape.parameter(Matrix.zeros(3, 2));
        assertMessageHas(() -> a.plus(b), "2x3", "3x2");
        assertMessageHas(() -> a.minus(b), "2x3", "3x2");
        assertMessageHas(() -> a.elementTimes(b), "2x3", "3x2");
        assertMessageHas(() -> a.times(a), "2x3");
        // the products name the transposed shapes whose inner dimensions differ
        assertMessageHas(() -> a.timesTranspose(b), "2x3", "3x2", "B^T is 2x3");
        assertMessageHas(() -> a.transposeTimes(b), "2x3", "3x2", "A^T is 3x2");
        assertMessageHas(() -> a.plusRow(b), "2x3", "3x2");
        assertMessageHas(() -> a.plusColumn(b), "2x3", "3x2");
        assertMessageHas(() -> a.mse(Matrix.zeros(3, 2)), "2x3", "3x2");
        assertMessageHas(() -> a.crossEntropy(new int[] {0, 1, 2}), "3 labels", "2x3");
        assertMessageHas(() -> a.crossEntropy(new int[] {0, 3}), "label 3", "[0, 3)");
        assertMessageHas(() -> tape.parameter(Matrix.zeros(0, 4)).mse(Matrix.zeros(0, 4)),
                "0x4");
        assertMessageHas(() -> tape.parameter(Matrix.zeros(0, 3)).crossEntropy(new int[0]),
                "0x3");
    }

    /** Optimizers put this description into their error messages. */
    @Test
    void toStringNamesKindShapeAndWhetherThereIsAGradient() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.zeros(2, 3));
        assertEquals("parameter 2x3", w.toString());
        assertEquals("result 3x2", w.transpose().toString());
        assertEquals("constant 1x1 (no grad)", tape.constant(Matrix.zeros(1, 1)).toString());
    }

    @Test
    void everyBackwardComputesFreshGradients() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.rowVector(1, 2));
        Var unused = tape.parameter(Matrix.rowVector(5, 5));
        Var loss = w.squaredNorm();
        tape.backward(loss);
        tape.backward(loss); // not twice the gradient
        assertEquals(Matrix.rowVector(2, 4), w.grad());
        assertEquals(Matrix.rowVector(0, 0), unused.grad());
        tape.reset();
        tape.backward(w.scale(3).sum());
        assertEquals(Matrix.rowVector(3, 3), w.grad());
    }

    /**
     * A gradient's first contribution of a pass is written, the later ones added, whichever
     * operation makes each. The backward pass runs in reverse order of recording: here
     * squaredNorm's contribution comes first (written, not added to a cleared buffer), then
     * scale's and the product's.
     */
    @Test
    void theFirstContributionIsWrittenAndTheLaterOnesAdded() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.rowVector(1, -0.0, 2));
        Var x = tape.constant(Matrix.columnVector(1, 1, 1));
        Var loss = w.times(x).plus(w.scale(3).sum()).plus(w.squaredNorm());
        for (int pass = 0; pass < 2; pass++) {
            tape.backward(loss);
            // d/dw: 2w + 3 + 1, each pass afresh
            assertEquals(Matrix.rowVector(6, 4, 8), w.grad());
        }
        tape.reset();
        tape.backward(w.squaredNorm());
        // 2 * -0 is -0; added to a cleared gradient it was +0, and so it stays
        assertEquals(0.0, w.grad().get(0, 1));
        assertEquals(Matrix.rowVector(2, 0, 4), w.grad());
    }

    @Test
    void aParameterCanBeTheLoss() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 7));
        tape.backward(w);
        assertEquals(1, w.grad().get(0, 0));
    }

    @Test
    void gradientsOfResultsAreAvailableUntilReset() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.rowVector(1, -2));
        Var hidden = w.scale(3);
        Var after = w.scale(5); // recorded, but the loss does not use it
        tape.backward(hidden.squaredNorm());
        assertEquals(Matrix.rowVector(6, -12), hidden.grad()); // d ||h||^2 / dh = 2h
        assertThrows(IllegalStateException.class, after::grad);
        Var data = tape.constant(Matrix.rowVector(1, 1));
        var e = assertThrows(IllegalStateException.class, data::grad);
        assertTrue(e.getMessage().contains("constant"), e.getMessage());
        tape.reset();
        assertThrows(IllegalStateException.class, hidden::grad);
    }

    @Test
    void constantsGetNoGradientAndCostNoBackwardWork() {
        Tape tape = new Tape();
        Var x = tape.constant(Matrix.filled(2, 2, 1));
        Var w = tape.parameter(Matrix.identity(2));
        Var product = x.times(x);
        assertFalse(product.requiresGrad());
        Var loss = x.times(w).sum();
        assertTrue(loss.requiresGrad());
        tape.backward(loss);
        assertEquals(Matrix.filled(2, 2, 2), w.grad()); // d sum(X W) / dW = X^T 1 1^T
        assertThrows(IllegalStateException.class, () -> tape.backward(product.sum()));
    }

    @Test
    void noGradComputesValuesWithoutRecordingGradients() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 3));
        Var inside = tape.noGrad(() -> {
            assertFalse(tape.isRecording());
            tape.noGrad(() -> null); // nested
            assertFalse(tape.isRecording()); // still inside the outer call
            return w.elementTimes(w);
        });
        assertTrue(tape.isRecording());
        assertEquals(9, inside.scalar());
        assertFalse(inside.requiresGrad());
        var e = assertThrows(IllegalStateException.class, () -> tape.backward(inside));
        assertTrue(e.getMessage().contains("noGrad"), e.getMessage());
        assertThrows(UnsupportedOperationException.class, () -> tape.noGrad(() -> {
            throw new UnsupportedOperationException("fails inside noGrad");
        }));
        assertTrue(tape.isRecording()); // restored after an exception too
        tape.backward(w.elementTimes(w));
        assertEquals(6, w.grad().get(0, 0));
    }

    @Test
    void backwardIsIterativeForVeryDeepGraphs() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 0.5));
        Var x = w;
        for (int i = 0; i < 200_000; i++) { // far deeper than a recursive sort could go
            x = x.scale(-1);
        }
        tape.backward(x.elementTimes(w));
        assertEquals(2 * 0.5, w.grad().get(0, 0)); // x = w, so the loss is w^2
    }

    @Test
    void resetForgetsTheRecordedResults() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 2));
        w.scale(2).sum();
        assertEquals(2, tape.size());
        tape.reset();
        tape.constant(Matrix.zeros(1, 1)); // parameters and constants are not results
        assertEquals(0, tape.size());
    }

    /**
     * A step that records more results of one shape than the step before must still get a
     * distinct matrix for each: the pool lends a matrix at most once per step.
     */
    @Test
    void aLongerStepGetsDistinctMatrices() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.rowVector(1, 2));
        for (int count = 1; count <= 3; count++) {
            tape.reset();
            Var[] multiples = new Var[count];
            for (int i = 0; i < count; i++) {
                multiples[i] = w.scale(i + 1);
            }
            for (int i = 0; i < count; i++) { // an aliased matrix would hold a later multiple
                assertEquals(Matrix.rowVector(i + 1, 2 * (i + 1)), multiples[i].value(),
                        count + " results, result " + i);
            }
        }
    }

    @Test
    void aRepeatedStepReusesItsMatrices() {
        Random random = new Random(1);
        Tape tape = new Tape();
        Var h = tape.parameter(Matrix.gaussian(20, 8, random));
        Var w = tape.parameter(Matrix.gaussian(3, 8, random));
        Var b = tape.parameter(Matrix.zeros(1, 3));
        int[] labels = random.ints(20, 0, 3).toArray();
        Matrix firstLogits = null;
        long allocatedAfterFirstStep = 0;
        for (int step = 0; step < 5; step++) {
            tape.reset();
            Var logits = logits(h, w, b);
            tape.backward(loss(logits, w, labels));
            if (step == 0) {
                firstLogits = logits.value();
                allocatedAfterFirstStep = tape.pooledAllocations();
            } else {
                assertSame(firstLogits, logits.value());
            }
            // The reused matrices still held the previous step's numbers: the gradients must not
            // see them, so they equal a fresh tape's bit for bit.
            Tape fresh = new Tape();
            Var fh = fresh.parameter(h.value().copy());
            Var fw = fresh.parameter(w.value().copy());
            Var fb = fresh.parameter(b.value().copy());
            fresh.backward(loss(logits(fh, fw, fb), fw, labels));
            assertEquals(fh.grad(), h.grad(), "step " + step);
            assertEquals(fw.grad(), w.grad(), "step " + step);
            assertEquals(fb.grad(), b.grad(), "step " + step);
            // move the parameters, as an optimizer would, so the next step's numbers differ
            h.value().plusInPlace(Matrix.gaussian(20, 8, random));
            w.value().plusInPlace(w.grad().scale(-0.5));
            b.value().plusInPlace(b.grad().scale(-0.5));
        }
        assertEquals(allocatedAfterFirstStep, tape.pooledAllocations());
        // a step of different shapes takes new matrices, and then reuses those too
        tape.reset();
        Var other = h.transpose();
        assertNotSame(firstLogits, other.value());
        assertTrue(tape.pooledAllocations() > allocatedAfterFirstStep);
    }

    private static Var logits(Var h, Var w, Var b) {
        return h.relu().timesTranspose(w).plusRow(b);
    }

    private static Var loss(Var logits, Var w, int[] labels) {
        return logits.crossEntropy(labels).plus(w.squaredNorm().scale(0.01));
    }

    /**
     * The kernels sum each element in the same order for every thread count, and the tape adds
     * nothing order-dependent: gradients are bitwise identical with 1 and 4 threads.
     */
    @Test
    void gradientsDoNotDependOnTheThreadCount() {
        int threads = Parallelism.threads();
        try {
            Parallelism.setThreads(1);
            Matrix[] single = deepModelGradients();
            Parallelism.setThreads(4);
            Matrix[] parallel = deepModelGradients();
            for (int i = 0; i < single.length; i++) {
                assertEquals(single[i], parallel[i], "gradient " + i);
            }
        } finally {
            Parallelism.setThreads(threads);
        }
    }

    private static Matrix[] deepModelGradients() {
        Random random = new Random(5);
        Tape tape = new Tape();
        Var h = tape.parameter(Matrix.gaussian(300, 160, random));
        Var w1 = tape.parameter(Matrix.gaussian(160, 160, random).scale(0.1));
        Var w2 = tape.parameter(Matrix.gaussian(10, 160, random).scale(0.1));
        Matrix y = Labels.oneHot(random.ints(300, 0, 10).toArray(), 10);
        Var loss = h.timesTranspose(w1).relu().timesTranspose(w2).mse(y);
        tape.backward(loss);
        return new Matrix[] {h.grad().copy(), w1.grad().copy(), w2.grad().copy()};
    }

    private static void assertMessageHas(Runnable action, String... parts) {
        var e = assertThrows(IllegalArgumentException.class, action::run);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), e.getMessage());
        }
    }
}
