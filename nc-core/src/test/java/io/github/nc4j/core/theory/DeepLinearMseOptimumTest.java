package io.github.nc4j.core.theory;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The deep linear MSE optimum against brute-force minimization of each class's cost, the M = 1
 * closed form, and the full objective: evaluated at the constructed optimum it must equal the
 * sum of class costs, and its gradient there must vanish.
 */
class DeepLinearMseOptimumTest {

    /** Random class sizes, depth and decays spanning kept and collapsed classes. */
    private static DeepLinearMseOptimum randomProblem(Random random, int k, int depth) {
        long[] sizes = new long[k];
        for (int c = 0; c < k; c++) {
            sizes[c] = 1 + (long) Math.exp(random.nextDouble() * Math.log(2000));
        }
        double lambdaH = Math.pow(10, -5 + 4 * random.nextDouble());
        double[] lambdaW = new double[depth];
        for (int l = 0; l < depth; l++) {
            lambdaW[l] = Math.pow(10, -5 + 4 * random.nextDouble());
        }
        return DeepLinearMseOptimum.of(sizes, lambdaH, lambdaW);
    }

    /** min over p in [0, 1] of f_k by a 20001-point grid refined by golden-section search. */
    private static double[] bruteForce(DeepLinearMseOptimum opt, int k) {
        int points = 20000;
        double best = 0;
        double bestValue = opt.classCost(k, 0);
        for (int i = 1; i <= points; i++) {
            double p = (double) i / points;
            double v = opt.classCost(k, p);
            if (v < bestValue) {
                bestValue = v;
                best = p;
            }
        }
        double lo = Math.max(0, best - 1.0 / points);
        double hi = Math.min(1, best + 1.0 / points);
        double g = (Math.sqrt(5) - 1) / 2;
        for (int it = 0; it < 200; it++) {
            double x1 = hi - g * (hi - lo);
            double x2 = lo + g * (hi - lo);
            if (opt.classCost(k, x1) < opt.classCost(k, x2)) {
                hi = x2;
            } else {
                lo = x1;
            }
        }
        double p = 0.5 * (lo + hi);
        double v = opt.classCost(k, p);
        return v < bestValue ? new double[] {p, v} : new double[] {best, bestValue};
    }

    @Property(tries = 150)
    void eachGainMinimizesItsClassCostAsWellAsBruteForce(@ForAll @IntRange(min = 1, max = 6) int k,
                                                        @ForAll @IntRange(min = 1, max = 5) int depth,
                                                        @ForAll long seed) {
        DeepLinearMseOptimum opt = randomProblem(new Random(seed), k, depth);
        for (int c = 0; c < k; c++) {
            double[] brute = bruteForce(opt, c);
            double mine = opt.classCost(c, opt.gain(c));
            // Both are evaluations of the same f_k (a few roundings each); ours may not be worse.
            assertTrue(mine <= brute[1] * (1 + 8 * EPS), () -> opt + ": f(p) = " + mine
                    + " but brute force found " + brute[1] + " at p = " + brute[0]);
            double tie = Math.abs(opt.classCost(c, 0) - mine);
            if (tie > 1e-9 * mine) {
                // Away from a tie between p = 0 and the positive minimum the minimizer is unique;
                // golden section locates it to about sqrt(eps) relative.
                assertEquals(brute[0], opt.gain(c), 1e-6, opt.toString());
            }
        }
    }

    @Test
    void depthOneMatchesTheClosedForm() {
        Random random = new Random(4);
        for (int trial = 0; trial < 300; trial++) {
            int k = 1 + random.nextInt(5);
            long[] n = new long[k];
            long total = 0;
            for (int c = 0; c < k; c++) {
                n[c] = 1 + random.nextInt(500);
                total += n[c];
            }
            double lambdaW = Math.pow(10, -6 + 4 * random.nextDouble());
            double lambdaH = Math.pow(10, -6 + 4 * random.nextDouble());
            DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(n, lambdaH, lambdaW);
            for (int c = 0; c < k; c++) {
                double expected = Math.max(0, 1 - total * Math.sqrt(lambdaW * lambdaH / n[c]));
                // f' is linear; bisection ends on adjacent doubles around its root, and the
                // closed form itself carries a few roundings.
                assertEquals(expected, opt.gain(c), 8 * EPS, opt.toString());
            }
        }
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {200, 100, 50, 20}, 1.3e-2, 1.3e-2);
        assertFalse(opt.isCollapsed(2), "370 sqrt(1.69e-4 / 50) = 0.68 < 1: kept");
        assertTrue(opt.isCollapsed(3), "370 sqrt(1.69e-4 / 20) = 1.08 > 1: the class is lost");
    }

    // ---------------------------------------------------------------- the full objective

    /**
     * The optimum written out as matrices in the class basis (d = K): {@code H} ({@code K x N},
     * column i = mean of its class), and diagonal {@code W_l} with the predicted singular values.
     */
    private record Solution(Matrix h, Matrix y, Matrix[] w, double[] lambdaW, double lambdaH) {

        static Solution of(DeepLinearMseOptimum opt, double lambdaH, double[] lambdaW) {
            long[] n = opt.classSizes();
            int k = n.length;
            int total = (int) java.util.Arrays.stream(n).sum();
            Matrix h = Matrix.zeros(k, total);
            Matrix y = Matrix.zeros(k, total);
            int col = 0;
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < n[c]; i++, col++) {
                    h.set(c, col, opt.meanNorm(c));
                    y.set(c, col, 1);
                }
            }
            Matrix[] w = new Matrix[lambdaW.length];
            for (int l = 0; l < w.length; l++) {
                double[] s = new double[k];
                for (int c = 0; c < k; c++) {
                    s[c] = opt.singularValue(l + 1, c);
                }
                w[l] = Matrix.diagonal(s);
            }
            return new Solution(h, y, w, lambdaW, lambdaH);
        }

        /** {@code W_to ... W_from} (layers 0-based, inclusive); identity when empty. */
        Matrix chain(int from, int to) {
            Matrix p = Matrix.identity(h.rows());
            for (int l = from; l <= to; l++) {
                p = w[l].times(p);
            }
            return p;
        }

        Matrix residual() {
            return chain(0, w.length - 1).times(h).minus(y).scaleInPlace(1.0 / h.cols());
        }

        double objective() {
            double loss = chain(0, w.length - 1).times(h).minus(y).normFrobenius();
            double value = loss * loss / (2.0 * h.cols());
            for (int l = 0; l < w.length; l++) {
                value += lambdaW[l] / 2 * Math.pow(w[l].normFrobenius(), 2);
            }
            return value + lambdaH / 2 * Math.pow(h.normFrobenius(), 2);
        }

        /** Largest gradient entry relative to the penalty gradient's scale, over all blocks. */
        double relativeGradient() {
            Matrix r = residual();
            int m = w.length;
            double worst = 0;
            for (int l = 0; l < m; l++) {
                Matrix lossPart = chain(l + 1, m - 1).transposeTimes(r)
                        .timesTranspose(chain(0, l - 1).times(h));
                Matrix decay = w[l].scale(lambdaW[l]);
                worst = Math.max(worst, lossPart.plus(decay).maxAbs() / Math.max(decay.maxAbs(), 1e-300));
            }
            Matrix lossPart = chain(0, m - 1).transposeTimes(r);
            Matrix decay = h.scale(lambdaH);
            return Math.max(worst, lossPart.plus(decay).maxAbs() / Math.max(decay.maxAbs(), 1e-300));
        }
    }

    @Property(tries = 40)
    void theConstructedOptimumAttainsTheObjectiveAndIsStationary(
            @ForAll @IntRange(min = 1, max = 5) int k, @ForAll @IntRange(min = 1, max = 4) int depth,
            @ForAll long seed) {
        Random random = new Random(seed);
        long[] n = new long[k];
        for (int c = 0; c < k; c++) {
            n[c] = 1 + random.nextInt(120);
        }
        double lambdaH = Math.pow(10, -4 + 2 * random.nextDouble());
        double[] lambdaW = new double[depth];
        for (int l = 0; l < depth; l++) {
            lambdaW[l] = Math.pow(10, -4 + 2 * random.nextDouble());
        }
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(n, lambdaH, lambdaW);
        Solution s = Solution.of(opt, lambdaH, lambdaW);
        int total = s.h().cols();
        // The direct evaluation sums N + K^2 M terms of (M + 3) roundings each.
        double bound = (total + k * k * depth) * (depth + 3) * EPS;
        assertEquals(opt.objective(), s.objective(), bound * opt.objective(), opt.toString());
        // Gains are exact to an ulp or two, but the loss part of the gradient is proportional to
        // the residual 1 - p_k, which therefore carries a relative error of about eps / (1 - p_k);
        // a wrong length or singular value leaves an O(1) relative gradient.
        double smallestResidual = 1;
        for (int c = 0; c < k; c++) {
            smallestResidual = Math.min(smallestResidual, 1 - opt.gain(c));
        }
        double relative = s.relativeGradient();
        double gradientBound = 64 * (depth + 2) * EPS / smallestResidual;
        assertTrue(relative <= gradientBound, () -> opt + ": relative gradient " + relative);
    }

    @Test
    void gainsGrowWithClassSize() {
        // b_k / a_k in f_k scales as n_k^(1/(M+1) - 1): the penalty weighs less on larger classes.
        long[] n = {200, 100, 50, 20};
        for (int depth = 1; depth <= 3; depth++) {
            double[] lambdaW = new double[depth];
            java.util.Arrays.fill(lambdaW, 1e-3);
            DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(n, 1e-3, lambdaW);
            Solution s = Solution.of(opt, 1e-3, lambdaW);
            assertEquals(opt.objective(), s.objective(), 1e-12);
            for (int c = 1; c < n.length; c++) {
                assertTrue(opt.gain(c) <= opt.gain(c - 1), opt.toString());
            }
        }
    }

    @Test
    void balancedDataGiveAnOrthogonalFrameOfEqualLengths() {
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.balanced(5, 40, 1e-3, 2e-3, 5e-4);
        for (int k = 1; k < 5; k++) {
            assertEquals(opt.meanNorm(0), opt.meanNorm(k), 0.0);
            assertEquals(opt.singularValue(2, 0), opt.singularValue(2, k), 0.0);
        }
        assertTrue(opt.meanNorm(0) > 0);
        Matrix gram = opt.meanGram();
        assertEquals(Matrix.diagonal(opt.meanNorms()[0] * opt.meanNorms()[0], gram.get(1, 1),
                gram.get(2, 2), gram.get(3, 3), gram.get(4, 4)), gram);
    }

    @Test
    void reportsWhetherTrainingReachedTheGlobalOptimumClassByClass() {
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {200, 100, 50, 20}, 1e-3,
                1e-3, 1e-3);
        double[] trained = opt.meanNorms();
        trained[3] = 0; // the minority class stuck at the local minimum p = 0
        boolean[] reached = opt.reachedGlobalOptimum(trained, 1e-3);
        assertTrue(reached[0] && reached[1] && reached[2]);
        assertFalse(reached[3]);
        assertThrows(IllegalArgumentException.class, () -> opt.reachedGlobalOptimum(new double[2], 1e-3));
    }

    /** At the optimum each of the M+1 penalty terms in class k's direction equals c_k. */
    @Test
    void thePenaltyTermsShareCkEqually() {
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {200, 100, 50, 20}, 1e-3,
                2e-3, 5e-4);
        for (int k = 0; k < 4; k++) {
            double share = opt.penaltyShare(k);
            assertTrue(share > 0);
            double length = opt.meanNorm(k);
            // n_k copies of the mean in ||H||_F^2
            assertEquals(share, 1e-3 / 2 * opt.classSizes()[k] * length * length, 1e-14 * share);
            assertEquals(share, 2e-3 / 2 * Math.pow(opt.singularValue(1, k), 2), 1e-14 * share);
            assertEquals(share, 5e-4 / 2 * Math.pow(opt.singularValue(2, k), 2), 1e-14 * share);
        }
    }

    /**
     * One class, M = 2, every decay 0.3667: f(p) = (p - 1)^2 / 2 + 0.55 p^(2/3), whose positive
     * minimum (p = 0.551) is only just below f(0) = 1/2. It lies close to where f' turns, so a
     * bracket that starts right of the turn by a constant factor would miss it.
     */
    @Test
    void aClassBarelyKeptGetsItsPositiveMinimum() {
        double lambda = 0.55 / 1.5;
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {1}, lambda, lambda, lambda);
        double[] brute = bruteForce(opt, 0);
        assertTrue(brute[0] > 0.5 && brute[1] < opt.classCost(0, 0), "kept, narrowly");
        assertEquals(brute[0], opt.gain(0), 1e-6);
    }

    /**
     * The class-by-class test of trained lengths at its edges: a kept class off by exactly the
     * tolerance has reached the optimum, one off by more has not (twice the length is off by
     * exactly 100%); a lost class counts as reached up to the tolerance times the longest mean.
     */
    @Test
    void reachingTheOptimumIsDecidedAtTheTolerance() {
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {200, 100, 50, 20}, 1.3e-2,
                1.3e-2);
        assertTrue(opt.isCollapsed(3));
        double[] optimal = opt.meanNorms();
        double longest = java.util.Arrays.stream(optimal).max().orElseThrow();
        double[] trained = optimal.clone();
        trained[0] *= 2;
        trained[1] *= 1.02;
        trained[3] = 0.5 * 0.01 * longest;
        boolean[] reached = opt.reachedGlobalOptimum(trained, 1);
        assertTrue(reached[0] && reached[1] && reached[2] && reached[3]);
        reached = opt.reachedGlobalOptimum(trained, 0.01);
        assertFalse(reached[0] || reached[1]);
        assertTrue(reached[2] && reached[3]);
        trained[3] = 0.01 * longest;
        assertTrue(opt.reachedGlobalOptimum(trained, 0.01)[3], "exactly at the tolerance");
        trained[3] = 2 * 0.01 * longest;
        assertFalse(opt.reachedGlobalOptimum(trained, 0.01)[3]);
        assertTrue(opt.toString().startsWith("DeepLinearMseOptimum[M=1, n=[200, 100, 50, 20],"
                + " gains=["), opt.toString());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> DeepLinearMseOptimum.of(new long[] {1, 0}, 1e-3, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> DeepLinearMseOptimum.of(new long[] {1}, 0, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> DeepLinearMseOptimum.of(new long[] {1}, 1e-3, Double.NaN));
        var e = assertThrows(IllegalArgumentException.class, () -> DeepLinearMseOptimum.of(
                new long[] {1}, Double.POSITIVE_INFINITY, 1e-3));
        assertEquals("lambdaH must be positive and finite, got Infinity", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DeepLinearMseOptimum.of(new long[] {1}, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> DeepLinearMseOptimum.of(new long[0], 1e-3, 1e-3));
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {3}, 1e-3, 1e-3);
        assertThrows(IndexOutOfBoundsException.class, () -> opt.singularValue(0, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> opt.singularValue(2, 0));
    }

    @Test
    void deepModelsWithTinyDecaysDoNotUnderflow() {
        double[] lambdaW = new double[80];
        java.util.Arrays.fill(lambdaW, 1e-5);
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(new long[] {10, 10}, 1e-5, lambdaW);
        assertTrue(opt.gain(0) > 0.9 && opt.meanNorm(0) > 0 && Double.isFinite(opt.objective()),
                opt.toString());
    }
}
