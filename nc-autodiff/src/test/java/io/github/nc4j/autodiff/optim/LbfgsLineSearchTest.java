package io.github.nc4j.autodiff.optim;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link Lbfgs}'s strong-Wolfe line search, seen through the points at which it evaluates small
 * hand-made objectives: the first trial's length, the bracketing by fourfold steps, the zoom,
 * what it accepts and rejects, its evaluation budget, the restore after a failure; and the cubic
 * step {@link Lbfgs#interpolate} on its own.
 */
class LbfgsLineSearchTest {

    /** f and its gradient at x, written into {@code gradient}. */
    @FunctionalInterface
    interface Function {
        double value(double[] x, double[] gradient);
    }

    /**
     * An objective over one 1 x n parameter, given as a function of its values that also fills in
     * the gradient; the tape then carries the linear form {@code gradient . x}, whose gradient with
     * respect to x is exactly {@code gradient}. Every evaluation's point and value are recorded.
     */
    static final class Recorded implements Lbfgs.Objective {
        final Tape tape = new Tape();
        final Var x;
        final Function function;
        final List<double[]> points = new ArrayList<>();
        final List<Double> values = new ArrayList<>();

        Recorded(Function function, double... start) {
            this.function = function;
            this.x = tape.parameter(Matrix.wrap(1, start.length, start.clone()));
        }

        @Override
        public double evaluate() {
            double[] at = x.value().data().clone();
            double[] gradient = new double[at.length];
            double f = function.value(at, gradient);
            points.add(at);
            values.add(f);
            tape.reset();
            Var linear = x.elementTimes(tape.constant(Matrix.wrap(1, at.length, gradient))).sum();
            tape.backward(linear);
            return f;
        }

        /** The first coordinate of the i-th evaluated point. */
        double point(int i) {
            return points.get(i)[0];
        }

        Lbfgs lbfgs() {
            return new Lbfgs(List.of(x));
        }
    }

    // ---------------------------------------------------------------- the first trial and the bracket

    /**
     * f = (x - 50)^2 / 2 from x = 10: |g| = 40 > 1, so the first trial has length 1 (x = 11).
     * There |slope| = 39 * 40 = 1560 exceeds c2 |slope0| = 0.9 * 1600 = 1440 and f still falls,
     * so the step grows fourfold (x = 14), where |slope| = 36 * 40 = 1440 meets the strong
     * curvature condition with equality, which is accepted.
     */
    @Test
    void theFirstTrialHasUnitLengthAndTheStepGrowsFourfoldUntilTheCurvatureConditionHolds() {
        Recorded problem = new Recorded((x, g) -> {
            g[0] = x[0] - 50;
            return 0.5 * (x[0] - 50) * (x[0] - 50);
        }, 10);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(3, problem.points.size());
        assertEquals(10, problem.point(0));
        assertEquals(11, problem.point(1), "a first trial of length 1 along -g");
        assertEquals(14, problem.point(2), "four times the first step");
        assertEquals(14, problem.x.value().data()[0]);
        assertEquals(new Lbfgs.Result(1, 3, 648, 36, null), r);
    }

    /** f = (x - 1/2)^2 / 2 from 0: |g| = 1/2 < 1, so the first trial is the whole step -g. */
    @Test
    void aGradientShorterThanOneIsTakenWholeOnTheFirstTrial() {
        Recorded problem = new Recorded((x, g) -> {
            g[0] = x[0] - 0.5;
            return 0.5 * (x[0] - 0.5) * (x[0] - 0.5);
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(2, problem.points.size());
        assertEquals(0.5, problem.point(1));
        assertEquals(new Lbfgs.Result(1, 2, 0, 0, null), r);
    }

    /**
     * f = -min(x, 1) from 0: the first trial x = 1 falls to -1 with slope -1 (not flat), so the
     * step grows to x = 4, level with it at -1. A trial level with the previous one is not a rise
     * (f's noise is 0 here, as f(0) = 0), and its slope 0 meets the curvature condition: x = 4 is
     * taken without a zoom.
     */
    @Test
    void aTrialLevelWithThePreviousOneEndsTheBracketingWithoutAZoom() {
        Recorded problem = new Recorded((x, g) -> {
            g[0] = x[0] <= 1 ? -1 : 0;
            return -Math.min(x[0], 1);
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(List.of(0.0, 1.0, 4.0), problem.points.stream().map(p -> p[0]).toList());
        assertEquals(new Lbfgs.Result(1, 3, -1, 0, null), r);
    }

    /**
     * The zigzag f = min(max(-x, x - 2), 3.5 - x) from 0: slope -1 down to f(1) = -1, +1 up to
     * f(2.75) = 0.75, then -1 again. The second trial x = 4 (f = -0.5, slope -1) is below f(0)
     * but above the first trial: that ends the bracketing (Nocedal and Wright's second test)
     * rather than growing the step, although the slope there still points down. The zoom keeps
     * the lower end x = 1, finds nothing lower between, and takes it.
     */
    @Test
    void aTrialAboveThePreviousOneEndsTheBracketingEvenWhereFStillFalls() {
        Recorded problem = new Recorded((x, g) -> {
            double t = x[0];
            g[0] = 3.5 - t < Math.max(-t, t - 2) || -t >= t - 2 ? -1 : 1;
            return Math.min(Math.max(-t, t - 2), 3.5 - t);
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(1, problem.point(1));
        assertEquals(4, problem.point(2));
        for (int i = 3; i < problem.points.size() - 1; i++) {
            assertTrue(problem.point(i) > 1 && problem.point(i) < 4, "zoom trial " + problem.point(i));
        }
        assertEquals(1, problem.x.value().data()[0]);
        assertEquals(new Lbfgs.Result(1, problem.points.size(), -1, 1, null), r);
    }

    // ---------------------------------------------------------------- what is not accepted

    /**
     * The cubic p(x) = -G x + (2G + 3r) x^2 - (G + 2r) x^3 has p(0) = 0, p'(0) = -G, and at x = 1
     * a stationary point p(1) = r above p(0) (a local maximum), with r = 5e-4 less than
     * c1 |slope0| a = c1 G = 1e-3. The first trial lands on it: flat, but higher than the start,
     * so it is not taken; the zoom's cubic through both ends is p itself, whose local minimizer
     * G / (3 (G + 2r)) it then tries and takes.
     */
    @Test
    void aStationaryPointAboveTheStartIsNotTaken() {
        double big = 10;
        double rise = 5e-4;
        Recorded problem = new Recorded((x, g) -> {
            double t = x[0];
            g[0] = -big + 2 * (2 * big + 3 * rise) * t - 3 * (big + 2 * rise) * t * t;
            return -big * t + (2 * big + 3 * rise) * t * t - (big + 2 * rise) * t * t * t;
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(3, r.evaluations());
        assertEquals(1, problem.point(1));
        assertTrue(problem.values.get(1) > 0, "the first trial is above the start");
        double minimizer = big / (3 * (big + 2 * rise));
        // The cubic formula on p's exact ends: rounding of a dozen operations on numbers near 1.
        assertEquals(minimizer, problem.x.value().data()[0], 16 * EPS);
        assertTrue(r.objective() < 0, r::describe);
    }

    /**
     * f = F + s^2 q(x / s) + rise * (3t^2 - 2t^3), t = x / s, with q(t) = -t (1 - t)^2 and
     * s = 1e-3: f(0) = F, f'(0) = -s, and at the first trial x = s (t = 1) a stationary point
     * exactly {@code rise} above F. Sufficient decrease asks for c1 s^2 = 1e-10 there, below f's
     * noise NOISE |F| = 8e-10, so comparing values cannot decide: a rise of at most the noise is
     * rounding and the point is taken; twice that is not.
     */
    @ParameterizedTest
    @ValueSource(doubles = {1, 2})
    void aStationaryPointWithinTheNoiseAboveTheStartIsTakenAndNoHigher(double noises) {
        double start = 8;
        double s = 1e-3;
        double rise = noises * Lbfgs.NOISE * Math.abs(start);
        Recorded problem = new Recorded((x, g) -> {
            double t = x[0] / s;
            g[0] = s * (-(1 - t) * (1 - t) + 2 * t * (1 - t)) + rise * (6 * t - 6 * t * t) / s;
            return start - s * s * t * (1 - t) * (1 - t) + rise * (3 * t * t - 2 * t * t * t);
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(s, problem.point(1));
        assertEquals(start + rise, problem.values.get(1), "f(s) is F + rise exactly");
        if (noises == 1) {
            assertEquals(new Lbfgs.Result(1, 2, start + rise, 0, null), r);
        } else {
            assertTrue(r.evaluations() > 2 && r.objective() < start, r::describe);
        }
    }

    /**
     * Sufficient decrease, {@code f(x + a d) <= f(x) + c1 a g^T d}, holds for the step taken when
     * the decrease it asks for is above f's noise. Here f = -(1 - exp(-k x)) with k = 2e4, from
     * 0: the first trial x = 1 (length 1) lowers f by 1 - exp(-2e4) = 1 where sufficient
     * decrease asks for c1 a |g^T d| = 1e-4 * (1 / k) * k^2 = 2, and its slope is 0; it must be
     * refused (an earlier version took it: its noise clause admitted every decrease).
     */
    @Test
    void theStepTakenSatisfiesTheDocumentedSufficientDecrease() {
        double k = 2e4;
        Recorded problem = new Recorded((x, g) -> {
            g[0] = -k * Math.exp(-k * x[0]);
            return -(1 - Math.exp(-k * x[0]));
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        double taken = problem.x.value().data()[0];
        // f(0) + c1 a g^T d, with f(0) = 0 and a g^T d = g(0) (x1 - x0) = -k x1
        double bound = Lbfgs.C1 * -k * taken;
        assertTrue(r.objective() <= bound, "f = " + r.objective() + " at x = " + taken
                + ", above the sufficient-decrease bound " + bound);
    }

    // ---------------------------------------------------------------- the evaluation budget

    /**
     * f = |x - c| - c from 0 (f(0) = 0, so the noise is 0) with c between 4^11 and 4^12: the
     * bracketing tries x = 4^0 ... 4^12 (slope -1, never flat) and the last one passes the kink.
     * With c = 0.4 * 4^12 f(4^12) is above f(0); with 0.55 * 4^12 it is below f(0) but above
     * f(4^11); with 0.8 * 4^12 it is below both, but its slope is +1. Each case zooms, where no
     * point is flat (|slope| = 1 > c2 |slope0| = 0.9) and the kink is not reached within the
     * budget: after MAX_LINE_SEARCH_EVALUATIONS trials in all, the search takes the lowest point
     * it found, which costs one evaluation more.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.4, 0.55, 0.8})
    void aZoomThatNeverMeetsTheCurvatureConditionTakesItsLowestPointWhenTheBudgetIsSpent(
            double where) {
        int k = 12;
        double c = where * Math.pow(4, k);
        Recorded problem = new Recorded((x, g) -> {
            g[0] = x[0] < c ? -1 : 1;
            return Math.abs(x[0] - c) - c;
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(2 + Lbfgs.MAX_LINE_SEARCH_EVALUATIONS, r.evaluations(), r::describe);
        assertEquals(r.evaluations(), problem.points.size());
        for (int j = 0; j <= k; j++) {
            assertEquals(Math.pow(4, j), problem.point(1 + j), "bracketing trial " + j);
        }
        int lowest = 1;
        for (int i = 1; i <= Lbfgs.MAX_LINE_SEARCH_EVALUATIONS; i++) {
            if (problem.values.get(i) < problem.values.get(lowest)) {
                lowest = i;
            }
        }
        double taken = problem.point(problem.points.size() - 1);
        assertEquals(problem.point(lowest), taken, "the last evaluation is at the lowest trial");
        assertTrue(lowest > k + 1, "a zoom trial");
        assertEquals(taken, problem.x.value().data()[0]);
        assertEquals(new Lbfgs.Result(1, r.evaluations(), problem.values.get(lowest), 1, null), r);
    }

    /**
     * f = 10^6 + 10^-12 |x - 3|: its changes are below f's rounding (half an ulp of 10^6 is about
     * 6e-11), so every trial returns exactly f(0), within the noise, while the gradient +-10^-12
     * never meets the curvature condition. The zoom bisects until the budget is spent; its lowest
     * point does not decrease f at all, so the search fails and puts the start back.
     */
    @Test
    void aSpentBudgetWithoutAnyDecreaseIsAFailure() {
        double level = 1e6;
        Recorded problem = new Recorded((x, g) -> {
            g[0] = x[0] < 3 ? -1e-12 : 1e-12;
            return level + 1e-12 * Math.abs(x[0] - 3);
        }, 0);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(Lbfgs.Stop.LINE_SEARCH, r.stop(), r::describe);
        assertEquals(2 + Lbfgs.MAX_LINE_SEARCH_EVALUATIONS, r.evaluations());
        assertTrue(problem.values.stream().allMatch(v -> v == level));
        assertEquals(0, problem.x.value().data()[0]);
        assertEquals(0, problem.point(problem.points.size() - 1));
        assertEquals(0, r.iterations());
        assertEquals(level, r.objective());
    }

    // ---------------------------------------------------------------- failure and the restore

    /**
     * f = x^2 / 2 - 1/2 from 1 (f = 0) with its gradient's sign flipped (-x): along the
     * "descent" direction f only rises. The zoom from the first trial shrinks toward the start
     * and finds nothing below f(0) within the budget, so the search fails and the start, with its
     * (wrong) gradient, is put back.
     */
    @Test
    void aGradientWithTheWrongSignFailsAndPutsTheStartBack() {
        Recorded problem = new Recorded((x, g) -> {
            g[0] = -x[0];
            return 0.5 * x[0] * x[0] - 0.5;
        }, 1);
        Lbfgs.Result r = problem.lbfgs().step(problem);
        assertEquals(new Lbfgs.Result(0, r.evaluations(), 0, 1, Lbfgs.Stop.LINE_SEARCH), r);
        assertEquals(2, problem.point(1));
        assertTrue(problem.values.stream().allMatch(v -> v >= 0), "nothing below f(0) = 0");
        assertEquals(1, problem.x.value().data()[0]);
        assertEquals(-1, problem.x.grad().data()[0]);
        assertEquals(1, problem.point(problem.points.size() - 1));
    }

    /**
     * f = -x from 3 falls without bound: every trial 3 + 4^j decreases f with slope -1, never
     * flat, so after MAX_LINE_SEARCH_EVALUATIONS trials the search gives up and evaluates f at
     * the start once more: the parameter and its grad are exactly those of the start.
     */
    @Test
    void aLineSearchThatNeverBracketsPutsTheStartBackExactly() {
        Recorded problem = new Recorded((x, g) -> {
            g[0] = -1;
            return -x[0];
        }, 3);
        Lbfgs.Result r = problem.lbfgs().minimize(problem, 0, 0, 10);
        assertEquals(new Lbfgs.Result(0, 2 + Lbfgs.MAX_LINE_SEARCH_EVALUATIONS, -3, 1,
                Lbfgs.Stop.LINE_SEARCH), r);
        for (int j = 0; j < Lbfgs.MAX_LINE_SEARCH_EVALUATIONS; j++) {
            assertEquals(3 + Math.pow(4, j), problem.point(1 + j), "trial " + j);
        }
        assertEquals(3, problem.point(Lbfgs.MAX_LINE_SEARCH_EVALUATIONS + 1));
        assertArrayEquals(new double[] {3}, problem.x.value().data());
        assertArrayEquals(new double[] {-1}, problem.x.grad().data());
        assertEquals("stopped at round-off: no step decreases the objective after 0 iterations"
                + " (42 evaluations); objective -3.000000000, gradient norm 1.00", r.describe());
    }

    /** The same f plus a drift with every call: the start's f is not what it was. */
    @Test
    void aNonDeterministicObjectiveIsCaughtWhenTheStartIsPutBack() {
        int[] calls = {0};
        Recorded problem = new Recorded((x, g) -> {
            g[0] = -1;
            return -x[0] + 1e-3 * calls[0]++;
        }, 3);
        var e = assertThrows(IllegalStateException.class,
                () -> problem.lbfgs().minimize(problem, 0, 0, 10));
        assertTrue(e.getMessage().startsWith("the objective is not deterministic: -3.0 and then"),
                e.getMessage());
        assertEquals(2 + Lbfgs.MAX_LINE_SEARCH_EVALUATIONS, calls[0]);
    }

    /**
     * At an exact stationary point the direction is zero, so it is no descent direction even after
     * the restart from steepest descent: the step reports a line search stop without moving.
     */
    @Test
    void aStepFromAStationaryPointStopsWithoutMoving() {
        Recorded problem = new Recorded((x, g) -> {
            g[0] = x[0] - 2;
            return 0.5 * (x[0] - 2) * (x[0] - 2) + 1;
        }, 2);
        Lbfgs lbfgs = problem.lbfgs();
        Lbfgs.Result r = lbfgs.step(problem);
        assertEquals(new Lbfgs.Result(0, 1, 1, 0, Lbfgs.Stop.LINE_SEARCH), r);
        assertEquals(2, problem.x.value().data()[0]);
        assertEquals(1, problem.points.size());
    }

    /**
     * f = 5x^2 - x for x < 0 and |x - c| - c for x >= 0 (C^1 at 0), from -1/2 (g = -6): the first
     * step (length 1) reaches x1 = 1/2 on the line of slope -1 and is taken, storing the pair
     * s = 1, y = -1 - (-6) = 5. The second goes along -(s/y) g = 0.2 and, as in
     * {@link #aZoomThatNeverMeetsTheCurvatureConditionTakesItsLowestPointWhenTheBudgetIsSpent},
     * ends at a point x2 just left of the kink c, on the same line: y = 0 and s^T y = 0, no
     * curvature, so that pair is not stored. The third direction then still comes from the first
     * pair: its first trial is x2 + 0.2, not the steepest-descent x2 + 1.
     */
    @Test
    void aPairWithoutCurvatureIsNotStoredAndTheOlderPairStillScalesTheDirection() {
        double c = 0.5 + 0.2 * 0.4 * Math.pow(4, 12);
        Recorded problem = new Recorded((x, g) -> {
            double t = x[0];
            if (t < 0) {
                g[0] = 10 * t - 1;
                return 5 * t * t - t;
            }
            g[0] = t < c ? -1 : 1;
            return Math.abs(t - c) - c;
        }, -0.5);
        Lbfgs lbfgs = problem.lbfgs();
        assertEquals(new Lbfgs.Result(1, 2, -0.5, 1, null), lbfgs.step(problem));
        assertEquals(0.5, problem.x.value().data()[0]);
        Lbfgs.Result second = lbfgs.step(problem);
        assertEquals(0.5 + 0.2, problem.point(2), "the first pair's scale s / y = 0.2");
        assertEquals(2 + 1 + Lbfgs.MAX_LINE_SEARCH_EVALUATIONS, second.evaluations());
        double x2 = problem.x.value().data()[0];
        assertTrue(x2 > 0.5 && x2 < c, "x2 - c = " + (x2 - c));
        assertEquals(-1, problem.x.grad().data()[0]);
        int next = problem.points.size();
        lbfgs.step(problem);
        assertEquals(x2 + 0.2, problem.point(next), 2 * Math.ulp(x2));
    }

    // ---------------------------------------------------------------- the cubic step

    private static double cubic(double t) {
        return t * t * t - 3 * t;
    }

    private static double cubicSlope(double t) {
        return 3 * t * t - 3;
    }

    /**
     * t^3 - 3t has its local minimizer at 1; the cubic through its values and slopes at two points
     * is itself, on any bracket and in either order.
     */
    @Test
    void theCubicStepIsExactOnACubicInEitherOrder() {
        assertEquals(1, Lbfgs.interpolate(0.5, cubic(0.5), cubicSlope(0.5), 2, cubic(2),
                cubicSlope(2)), 4 * EPS);
        assertEquals(1, Lbfgs.interpolate(2, cubic(2), cubicSlope(2), 0.5, cubic(0.5),
                cubicSlope(0.5)), 4 * EPS);
        assertEquals(1, Lbfgs.interpolate(-3, cubic(-3), cubicSlope(-3), 1.5, cubic(1.5),
                cubicSlope(1.5)), 4 * EPS);
    }

    /** (t - m)^2 on [2, 3]: m itself inside, else a tenth of the bracket (0.1) from its end. */
    @Test
    void theCubicStepKeepsATenthOfTheBracketFromItsEnds() {
        for (double[] c : new double[][] {{2.3, 2.3}, {2.01, 2.1}, {2.97, 2.9}}) {
            double m = c[0];
            double expected = c[1];
            assertEquals(expected, Lbfgs.interpolate(2, (2 - m) * (2 - m), 2 * (2 - m), 3,
                    (3 - m) * (3 - m), 2 * (3 - m)), 4 * Math.ulp(3.0), "m = " + m);
            assertEquals(expected, Lbfgs.interpolate(3, (3 - m) * (3 - m), 2 * (3 - m), 2,
                    (2 - m) * (2 - m), 2 * (2 - m)), 4 * Math.ulp(3.0), "m = " + m + " reversed");
        }
    }

    @Test
    void theCubicStepIsTheMidpointBesideANonFiniteValue() {
        assertEquals(2.5, Lbfgs.interpolate(2, 1, -1, 3, Double.NaN, Double.NaN));
        assertEquals(2.5, Lbfgs.interpolate(3, 1, 1, 2, Double.POSITIVE_INFINITY, -1));
        assertEquals(2.5, Lbfgs.interpolate(2, 1, -1, 3, 0, Double.NEGATIVE_INFINITY));
    }

    /**
     * t - 3t^2 + 3t^3 has p' = (3t - 1)^2: no minimizer, a flat inflection at 1/3, where the cubic
     * formula's radicand is exactly 0. Lowering p(1) by e makes the radicand 12e + 9e^2 > 0 and
     * gives a local minimizer that tends to 1/3 as e goes to 0; at e = 0 the step is that limit
     * (not a jump to the midpoint).
     */
    @Test
    void theCubicStepIsContinuousWhereTheMinimizerMergesWithTheMaximizer() {
        assertEquals(1.0 / 3, Lbfgs.interpolate(0, 0, 1, 1, 1, 4), 2 * Math.ulp(1.0 / 3));
        // the minimizer moves by about sqrt(12e) / 9 from 1/3
        double e = 1e-12;
        double step = Lbfgs.interpolate(0, 0, 1, 1, 1 - e, 4);
        assertTrue(step > 1.0 / 3 && step - 1.0 / 3 < 2 * Math.sqrt(12 * e) / 9, "step " + step);
    }
}
