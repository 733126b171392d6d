package io.github.nc4j.core.theory;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SimplexEtfOptimum} against independent closed forms: the margin of definitions.md §4.6 for
 * cross-entropy with one layer, the bias-free deep linear optimum for MSE, values found by SciPy
 * for deeper cross-entropy heads, and the trivial solution when the weight decay wins.
 */
class SimplexEtfOptimumTest {

    @Test
    void crossEntropyWithOneLayerHasNcSpecsMargin() {
        int k = 4;
        long n = 50;
        double lambda = 5e-3;
        SimplexEtfOptimum opt = SimplexEtfOptimum.crossEntropy(k, n, lambda, lambda);
        double root = Math.sqrt(n * lambda * lambda);
        double margin = Math.log(1 / root - (k - 1));
        // bisection on a grid-found bracket: the margin to a few ulps of its size
        assertEquals(margin, opt.margin(), 64 * EPS * margin);
        double objective = Math.log1p((k - 1) * Math.exp(-margin)) + (k - 1) * root * margin;
        assertEquals(objective, opt.objective(), 16 * EPS * objective);
    }

    /**
     * With the bias taking the targets' mean, MSE leaves K-1 directions, each the bias-free class
     * problem: (K-1)/K times the balanced bias-free optimum, at every depth.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void mseIsKMinusOneCopiesOfTheBiasFreeClassProblem(int depth) {
        double[] lambdaW = new double[depth];
        Arrays.fill(lambdaW, 5e-3);
        double biasFree = DeepLinearMseOptimum.balanced(4, 50, 5e-3, lambdaW).objective();
        double expected = 0.75 * biasFree;
        assertEquals(expected, SimplexEtfOptimum.mse(4, 50, 5e-3, lambdaW).objective(),
                64 * EPS * expected);
    }

    /**
     * {@code scipy.optimize.minimize_scalar(phi, bounds=(1e-9, 50), method="bounded",
     * options={"xatol": 1e-12})} for K = 4, n = 50, every lambda 5e-3; the same values that
     * gradient descent reaches in {@code dang2023-deep-linear-balanced} (0.2586918, 0.1982782).
     */
    @Test
    void deeperCrossEntropyHeadsMatchAnIndependentMinimizer() {
        SimplexEtfOptimum m2 = SimplexEtfOptimum.crossEntropy(4, 50, 5e-3, 5e-3, 5e-3);
        assertEquals(4.458422806864001, m2.margin(), 1e-6);
        assertEquals(0.2586917785229, m2.objective(), 1e-12);
        SimplexEtfOptimum m3 = SimplexEtfOptimum.crossEntropy(4, 50, 5e-3, 5e-3, 5e-3, 5e-3);
        assertEquals(5.119004798966582, m3.margin(), 1e-6);
        assertEquals(0.19827819693476334, m3.objective(), 1e-12);
    }

    @Test
    void aStrongWeightDecayLeavesTheTrivialSolution() {
        SimplexEtfOptimum ce = SimplexEtfOptimum.crossEntropy(3, 10, 1, 1, 1);
        assertEquals(0.0, ce.margin());
        assertEquals(Math.log(3), ce.objective(), EPS);
        SimplexEtfOptimum mse = SimplexEtfOptimum.mse(3, 10, 1, 1);
        assertEquals(0.0, mse.margin());
        assertEquals(2.0 / 6, mse.objective(), EPS);
        assertEquals("SimplexEtfOptimum[margin=0.0, objective=" + mse.objective() + "]",
                mse.toString());
    }

    @Test
    void badArgumentsAreNamed() {
        assertThrows(IllegalArgumentException.class, () -> SimplexEtfOptimum.mse(1, 10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> SimplexEtfOptimum.mse(3, 0, 1, 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> SimplexEtfOptimum.crossEntropy(3, 10, 1));
        assertEquals("need the weight decay of at least one layer", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SimplexEtfOptimum.crossEntropy(3, 10, 1, Double.NaN));
        assertEquals("lambdaW must be positive and finite, got NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SimplexEtfOptimum.mse(3, 10, -1, 1));
        assertEquals("lambdaH must be positive and finite, got -1.0", e.getMessage());
    }
}
