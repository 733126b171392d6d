package io.github.nc4j.autodiff.optim;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Optimizers against updates computed by hand. Most cases use the linear loss
 * {@code <c, w>}, whose gradient is the constant c, or the quadratic {@code (a/2) w^2}, whose
 * gradient is {@code a w}: the expected numbers follow from the update rules in a line or two.
 */
class OptimizerTest {

    /** One step: gradient of the linear loss {@code <c, w>}, then the optimizer's update. */
    private static void linearStep(Tape tape, Var w, double c, Optimizer optimizer) {
        tape.reset();
        tape.backward(w.scale(c).sum());
        optimizer.step();
    }

    /** One step on the quadratic {@code (a/2) ||w||^2}. */
    private static void quadraticStep(Tape tape, Var w, double a, Optimizer optimizer) {
        tape.reset();
        tape.backward(w.squaredNorm().scale(a / 2));
        optimizer.step();
    }

    private static double value(Var w) {
        return w.value().get(0, 0);
    }

    @Test
    void plainGradientDescent() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 1.0));
        Sgd sgd = new Sgd().learningRate(0.25);
        sgd.add(w);
        quadraticStep(tape, w, 2, sgd); // w = 1 - 0.25 * 2 * 1 = 0.5
        assertEquals(0.5, value(w));
        quadraticStep(tape, w, 2, sgd); // w = 0.5 - 0.25 * 2 * 0.5 = 0.25
        assertEquals(0.25, value(w));
        assertEquals(2, sgd.steps());
    }

    /**
     * Three steps on the quadratic {@code (1/2) w^2} (gradient g = w) from w = 1 with lr = 0.1,
     * mu = 0.9, by hand. Classical: b = 1, 0.9 + 0.9 = 1.8, 1.62 + 0.72 = 2.34, so w = 0.9,
     * 0.72, 0.486. Nesterov steps by d = g + mu b: b = 1, d = 1.9, w = 0.81; b = 0.9 + 0.81 =
     * 1.71, d = 0.81 + 1.539, w = 0.5751; b = 1.539 + 0.5751 = 2.1141, d = 0.5751 + 1.90269,
     * w = 0.327321. The gradient changes every step, so a stale or misplaced gradient shows.
     */
    @Test
    void momentumAndNesterovByHand() {
        Tape tape = new Tape();
        Var classical = tape.parameter(Matrix.filled(1, 1, 1));
        Var nesterov = tape.parameter(Matrix.filled(1, 1, 1));
        Sgd heavyBall = new Sgd(0.1).momentum(0.9);
        heavyBall.add(classical);
        Sgd lookahead = new Sgd(0.1).momentum(0.9).nesterov(true);
        lookahead.add(nesterov);
        assertEquals(0.9, lookahead.momentum());
        assertTrue(lookahead.nesterov());
        double[] classicalPath = {0.9, 0.72, 0.486};
        double[] nesterovPath = {0.81, 0.5751, 0.327321};
        for (int t = 0; t < 3; t++) {
            quadraticStep(tape, classical, 1, heavyBall);
            quadraticStep(tape, nesterov, 1, lookahead);
            // a few roundings of O(1) numbers per step, accumulated over t + 1 steps
            assertEquals(classicalPath[t], value(classical), 8 * (t + 1) * EPS);
            assertEquals(nesterovPath[t], value(nesterov), 8 * (t + 1) * EPS);
        }
    }

    @Test
    void dampeningScalesNewGradientsAfterTheFirst() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 0));
        Sgd sgd = new Sgd(1).momentum(0.5).dampening(0.5);
        sgd.add(w);
        assertEquals(0.5, sgd.dampening());
        linearStep(tape, w, 1, sgd); // b1 = 1 (no dampening on the first step)
        linearStep(tape, w, 1, sgd); // b2 = 0.5 * 1 + 0.5 * 1 = 1
        assertEquals(-2, value(w));
    }

    /** With and without momentum (the two branches of the update). */
    @Test
    void sgdWeightDecayIsTheGradientOfTheL2Penalty() {
        for (double mu : new double[] {0, 0.9}) {
            Tape tape = new Tape();
            Var viaOptimizer = tape.parameter(Matrix.rowVector(1, -2, 3));
            Var viaLoss = tape.parameter(Matrix.rowVector(1, -2, 3));
            Sgd decaying = new Sgd(0.1).momentum(mu);
            decaying.add(viaOptimizer).weightDecay(0.5);
            Sgd plain = new Sgd(0.1).momentum(mu);
            plain.add(viaLoss);
            for (int t = 0; t < 4; t++) {
                linearStep(tape, viaOptimizer, 1, decaying);
                tape.reset();
                tape.backward(viaLoss.sum().plus(viaLoss.squaredNorm().scale(0.5 / 2)));
                plain.step();
            }
            assertTrue(viaOptimizer.value().equalsWithin(viaLoss.value(), 16 * EPS),
                    "momentum " + mu + ": " + viaOptimizer.value() + " vs " + viaLoss.value());
        }
    }

    /**
     * With a constant gradient c, Adam's bias-corrected moments are exactly c and c^2 at every
     * step, so every update is {@code -lr c / (|c| + eps)}: about lr whatever c's scale.
     * Without the correction the first step would be {@code (1 - beta1) / sqrt(1 - beta2)},
     * about 3.2 times larger. Rounding: a few eps per update, plus the one-ulp error of
     * {@code beta2^t}, which becomes a relative error {@code eps / (1 - beta2^t)} in the bias
     * correction (1 - beta2^t is a difference of nearly equal numbers when t is small).
     */
    @Test
    void adamBiasCorrectionMakesEarlyStepsLr() {
        for (double c : new double[] {1e-6, 1, 1e3}) {
            Tape tape = new Tape();
            Var w = tape.parameter(Matrix.filled(1, 1, 0));
            Adam adam = new Adam(0.01);
            adam.add(w);
            double expectedStep = 0.01 * c / (c + 1e-8);
            double bound = 0;
            for (int t = 1; t <= 3; t++) {
                linearStep(tape, w, c, adam);
                bound += expectedStep * (16 * EPS + EPS / (1 - Math.pow(0.999, t)));
                assertEquals(-t * expectedStep, value(w), bound, "step " + t + ", gradient " + c);
            }
        }
    }

    /**
     * Two Adam steps on {@code (a/2) w^2}, a = 4, from w = 1, lr = 0.1, eps = 0, by hand:
     * g1 = 4, m1 = 0.4, v1 = 0.016, update (0.1/0.1) 0.4 / (sqrt(0.016)/sqrt(0.001)) = 0.1, so
     * w1 = 0.9; g2 = 3.6, m2 = 0.36 + 0.36 = 0.72, v2 = 0.015984 + 0.01296 = 0.028944,
     * update (0.1/0.19) 0.72 / (sqrt(0.028944)/sqrt(0.001999)).
     */
    @Test
    void adamTwoStepsByHand() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 1));
        Adam adam = new Adam(0.1).eps(0);
        adam.add(w);
        quadraticStep(tape, w, 4, adam);
        assertEquals(0.9, value(w), 8 * EPS);
        quadraticStep(tape, w, 4, adam);
        double expected = 0.9 - (0.1 / 0.19) * 0.72 / (Math.sqrt(0.028944) / Math.sqrt(0.001999));
        // a few dozen roundings, and eps / (1 - beta2^2) = 500 eps relative in the bias correction
        assertEquals(expected, value(w), 8 * EPS + 0.1 * EPS / 0.001999);
    }

    /**
     * Two steps with betas (0.5, 0.75) on {@code (a/2) w^2}, a = 4, from w = 1, lr = 0.1,
     * eps = 0, by hand. Step 1: g = 4, m = 2, v = 4, update (0.1/0.5) 2 / (2/0.5) = 0.1, so
     * w = 0.9. Step 2: g = 3.6, m = 1 + 1.8 = 2.8, v = 3 + 3.24 = 6.24, update
     * (0.1/0.75) 2.8 / (sqrt(6.24)/sqrt(0.4375)). AdamW without weight decay is Adam.
     */
    @Test
    void adamWithOtherBetasByHand() {
        List<Adam> optimizers = List.of(
                new Adam().learningRate(0.1).betas(0.5, 0.75).eps(0),
                new AdamW().learningRate(0.1).weightDecay(0).betas(0.5, 0.75).eps(0));
        for (Adam adam : optimizers) {
            Tape tape = new Tape();
            Var w = tape.parameter(Matrix.filled(1, 1, 1));
            adam.add(w);
            quadraticStep(tape, w, 4, adam);
            assertEquals(0.9, value(w), 8 * EPS);
            quadraticStep(tape, w, 4, adam);
            double expected = 0.9 - (0.1 / 0.75) * 2.8 / (Math.sqrt(6.24) / Math.sqrt(0.4375));
            assertEquals(expected, value(w), 16 * EPS, adam.getClass().getSimpleName());
        }
    }

    /**
     * Betas 0 are allowed: no averaging (m = g, v = g^2, nothing to correct), so every step is
     * {@code lr sign(g)}, here 0.1 against gradients 4 and -12.
     */
    @Test
    void adamWithZeroBetasIsSignDescent() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.rowVector(1, -3));
        Adam adam = new Adam(0.1).betas(0, 0).eps(0);
        adam.add(w);
        quadraticStep(tape, w, 4, adam);
        assertTrue(w.value().equalsWithin(Matrix.rowVector(0.9, -2.9), 4 * EPS),
                w.value().toString());
    }

    @Test
    void adamBetasMustBeInTheHalfOpenUnitInterval() {
        Adam adam = new Adam();
        double[][] rejected = {{1, 0.5}, {0.5, 1}, {-0.1, 0.5}, {0.5, -0.1}, {Double.NaN, 0.5}};
        for (double[] betas : rejected) {
            assertThrows(IllegalArgumentException.class, () -> adam.betas(betas[0], betas[1]),
                    betas[0] + ", " + betas[1]);
        }
    }

    /**
     * With zero gradient, AdamW only shrinks the weights, w = (1 - lr lambda) w, while Adam's
     * L2 decay is a gradient lambda w, which the moments normalize into a step of about lr.
     * From w = 2 with lr = 0.1, lambda = 0.05: AdamW gives 2 (1 - 0.005) = 1.99; Adam's first
     * step is lr g / (|g| + eps) with g = 0.1, so w = 2 - 0.1 (0.1 / (0.1 + 1e-8)).
     */
    @Test
    void adamWDecouplesTheWeightDecay() {
        Tape tape = new Tape();
        Var decoupled = tape.parameter(Matrix.filled(1, 1, 2));
        Var coupled = tape.parameter(Matrix.filled(1, 1, 2));
        AdamW adamW = new AdamW(0.1).weightDecay(0.05);
        adamW.add(decoupled);
        Adam adam = new Adam(0.1).weightDecay(0.05);
        adam.add(coupled);
        tape.backward(decoupled.scale(0).sum().plus(coupled.scale(0).sum()));
        adamW.step();
        adam.step();
        assertEquals(1.99, value(decoupled), 4 * EPS);
        assertEquals(2 - 0.1 * (0.1 / (0.1 + 1e-8)), value(coupled), 8 * EPS);
    }

    /**
     * Two AdamW steps on {@code (a/2) w^2}, a = 4, from w = 1 with lr = 0.1, lambda = 0.05,
     * eps = 0, by hand (PyTorch's order: the gradient at the current w, then the shrink, then
     * Adam's step from the plain gradient). Step 1: g = 4, w = 0.995 - 0.1 = 0.895. Step 2:
     * g = 3.58, m = 0.36 + 0.358 = 0.718, v = 0.015984 + 0.0128164 = 0.0288004, w = 0.895 *
     * 0.995 - (0.1/0.19) 0.718 / (sqrt(0.0288004)/sqrt(0.001999)). Shrinking after the step
     * instead would give 0.8955 at step 1.
     */
    @Test
    void adamWTwoStepsByHand() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 1));
        AdamW adamW = new AdamW(0.1).weightDecay(0.05).eps(0);
        adamW.add(w);
        quadraticStep(tape, w, 4, adamW);
        assertEquals(0.895, value(w), 8 * EPS);
        quadraticStep(tape, w, 4, adamW);
        double expected = 0.895 * 0.995
                - (0.1 / 0.19) * 0.718 / (Math.sqrt(0.0288004) / Math.sqrt(0.001999));
        // as in adamTwoStepsByHand: a few dozen roundings, and eps / (1 - beta2^2) relative
        assertEquals(expected, value(w), 8 * EPS + 0.1 * EPS / 0.001999);
    }

    @Test
    void perParameterSettingsOverrideTheDefaults() {
        Tape tape = new Tape();
        Var a = tape.parameter(Matrix.filled(1, 1, 0));
        Var b = tape.parameter(Matrix.filled(1, 1, 0));
        Sgd sgd = new Sgd(0.1).weightDecay(0.5);
        sgd.add(a);
        Optimizer.Parameter own = sgd.add(b).learningRate(0.5).weightDecay(0);
        tape.backward(a.sum().plus(b.sum()));
        sgd.step(); // the decay 0.5 w is 0 at w = 0
        assertEquals(-0.1, value(a));
        assertEquals(-0.5, value(b));
        sgd.learningRate(0.2); // defaults are read at each step; own settings stay
        sgd.step(); // a: -0.1 - 0.2 (1 + 0.5 (-0.1)); b, without decay: -0.5 - 0.5
        assertEquals(-0.29, value(a), 4 * EPS);
        assertEquals(-1.0, value(b));
        assertEquals(0.5, own.learningRate());
        assertEquals(2, sgd.parameters().size());
    }

    @Test
    void schedulesFollowPyTorchsClosedForms() {
        Schedule constant = Schedule.constant();
        Schedule step = Schedule.step(2, 0.5);
        Schedule cosine = Schedule.cosine(4);
        double[] stepFactors = {1, 1, 0.5, 0.5, 0.25};
        double[] cosineFactors = {1, (1 + Math.sqrt(0.5)) / 2, 0.5, (1 - Math.sqrt(0.5)) / 2, 0, 0};
        for (int t = 0; t < 5; t++) {
            assertEquals(1, constant.factor(t));
            assertEquals(stepFactors[t], step.factor(t));
        }
        for (int t = 0; t < 6; t++) {
            assertEquals(cosineFactors[t], cosine.factor(t), 4 * EPS, "cosine at " + t);
        }
        assertEquals(0.1, Schedule.step(3).factor(3)); // PyTorch's default gamma
        Schedule toAFifth = Schedule.cosine(2, 0.2);
        assertEquals(1, toAFifth.factor(0), 4 * EPS);
        assertEquals(0.6, toAFifth.factor(1), 4 * EPS);
        assertEquals(0.2, toAFifth.factor(2), 4 * EPS);
    }

    @Test
    void scheduleArgumentsAreCheckedAtTheirBounds() {
        assertEquals(1, Schedule.step(1, 1).factor(5)); // gamma 1: no decay
        assertEquals(0, Schedule.cosine(1).factor(1), EPS); // one step from 1 to 0
        assertEquals(1, Schedule.cosine(3, 1).factor(2)); // minFactor 1: no annealing
        List<Executable> invalid = List.of(
                () -> Schedule.step(0, 0.5), () -> Schedule.step(1, 0), () -> Schedule.step(1, 1.5),
                () -> Schedule.cosine(0), () -> Schedule.cosine(3, -0.1),
                () -> Schedule.cosine(3, 1.5));
        for (Executable schedule : invalid) {
            assertThrows(IllegalArgumentException.class, schedule);
        }
    }

    /**
     * Under the gradient 1, SGD with rate lr moves by lr, and so does Adam (its bias-corrected
     * moments are 1 and 1): with the rate halved every step the three steps add to 1.75. Adam
     * is exact up to the rounding of its bias corrections, at most 1e3 eps per step here (as in
     * {@link #adamBiasCorrectionMakesEarlyStepsLr}).
     */
    @Test
    void theScheduleScalesEveryUpdate() {
        Schedule halving = Schedule.step(1, 0.5);
        List<Optimizer> optimizers = List.of(new Sgd(1).schedule(halving),
                new Adam(1).eps(0).schedule(halving),
                new AdamW(1).weightDecay(0).eps(0).schedule(halving));
        for (Optimizer optimizer : optimizers) {
            Tape tape = new Tape();
            Var w = tape.parameter(Matrix.filled(1, 1, 0));
            optimizer.add(w);
            for (int t = 0; t < 3; t++) {
                linearStep(tape, w, 1, optimizer);
            }
            assertSame(halving, optimizer.schedule());
            assertEquals(-(1 + 0.5 + 0.25), value(w), 3e3 * EPS,
                    optimizer.getClass().getSimpleName());
        }
    }

    @Test
    void defaultsAreThoseOfPyTorch() {
        Sgd sgd = new Sgd();
        assertEquals(1e-3, sgd.learningRate());
        assertEquals(1, sgd.schedule().factor(1000)); // constant
        assertEquals(0, sgd.momentum());
        assertEquals(0, sgd.dampening());
        assertEquals(0, sgd.weightDecay());
        assertEquals(false, sgd.nesterov());
        Adam adam = new Adam();
        assertEquals(1e-3, adam.learningRate());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(0, adam.weightDecay());
        AdamW adamW = new AdamW();
        assertEquals(1e-3, adamW.learningRate());
        assertEquals(1e-2, adamW.weightDecay());
        assertEquals(1e-8, adamW.eps());
    }

    @Test
    void aMissingGradientFailsTheStepBeforeAnyParameterMoves() {
        Tape tape = new Tape();
        Var a = tape.parameter(Matrix.filled(1, 1, 1));
        tape.backward(a.sum());
        Var late = tape.parameter(Matrix.filled(1, 1, 1)); // made after the backward pass
        Sgd sgd = new Sgd(0.5);
        sgd.add(a);
        sgd.add(late);
        assertThrows(IllegalStateException.class, sgd::step);
        assertEquals(1, value(a), "no half-applied step");
        assertEquals(0, sgd.steps());
    }

    @Test
    void misuseIsReportedClearly() {
        Tape tape = new Tape();
        Var w = tape.parameter(Matrix.filled(1, 1, 0));
        Sgd sgd = new Sgd(0.1);
        sgd.add(w);
        assertThrows(IllegalArgumentException.class, () -> sgd.add(w));
        assertThrows(IllegalArgumentException.class,
                () -> sgd.add(tape.constant(Matrix.zeros(1, 1))));
        assertThrows(IllegalArgumentException.class, () -> sgd.add(w.scale(2)));
        assertThrows(IllegalStateException.class, sgd::step); // no backward yet
        assertThrows(IllegalArgumentException.class, () -> new Sgd(-1));
        assertThrows(IllegalArgumentException.class, () -> new Sgd(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> new Adam().betas(1, 0.9));
        assertThrows(IllegalArgumentException.class, () -> sgd.weightDecay(Double.NaN));
        Sgd nesterov = new Sgd(0.1).nesterov(true);
        nesterov.add(w);
        tape.backward(w.sum());
        var e = assertThrows(IllegalStateException.class, nesterov::step);
        assertTrue(e.getMessage().contains("momentum"), e.getMessage());
    }
}
