package io.github.nc4j.core.theory;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The DUFM (K = 2) and ReLU-UFM closed forms against the numeric examples of definitions.md §4.4 and §4.5 and their objectives. */
class OtherOptimaTest {

    @Test
    void deepUfmBinaryMatchesTheSpecExample() {
        DeepUfmBinaryOptimum opt = DeepUfmBinaryOptimum.of(3, 50, 5e-3);
        // definitions.md §4.4: L = 3, lambda = 5e-3, n = 50: loss 0.0528246, q = 5.24612 (printed digits).
        assertEquals(0.0528246, opt.objective(), 5e-8);
        assertEquals(5.24612, opt.q(), 5e-6);
        assertEquals(Math.sqrt(opt.q() / 2), opt.singularValue(), 0);
        assertEquals(Math.sqrt(opt.q() / 100), opt.firstLayerMeanNorm(), 0);
        assertFalse(opt.isTrivial());
    }

    @Test
    void deepUfmBinaryIsTheGlobalMinimumOfTheReducedLoss() {
        for (int layers = 1; layers <= 6; layers++) {
            for (double lambda : new double[] {1e-4, 1e-3, 5e-3, 2e-2, 1e-1}) {
                DeepUfmBinaryOptimum opt = DeepUfmBinaryOptimum.of(layers, 25, lambda);
                double best = opt.reducedLoss(0);
                double upper = Math.max(4 * opt.q(), 200);
                for (int i = 1; i <= 200000; i++) {
                    best = Math.min(best, opt.reducedLoss(upper * i / 200000));
                }
                double mine = opt.objective();
                assertTrue(mine <= best * (1 + 8 * EPS), opt + " vs grid " + best);
            }
        }
        assertTrue(DeepUfmBinaryOptimum.of(4, 10, 1.0).isTrivial());
        assertEquals(0.5, DeepUfmBinaryOptimum.of(4, 10, 1.0).objective(), 0);
    }

    @Test
    void deepUfmBinaryChecksItsArgumentsAtTheirEdges() {
        assertEquals("at least one layer is needed, got 0", assertThrows(
                IllegalArgumentException.class, () -> DeepUfmBinaryOptimum.of(0, 10, 1e-3))
                .getMessage());
        assertEquals("each class needs at least one sample, got 0", assertThrows(
                IllegalArgumentException.class, () -> DeepUfmBinaryOptimum.of(2, 0, 1e-3))
                .getMessage());
        for (double lambda : new double[] {-1, 0, Double.POSITIVE_INFINITY, Double.NaN}) {
            assertEquals("lambda must be positive and finite, got " + lambda, assertThrows(
                    IllegalArgumentException.class, () -> DeepUfmBinaryOptimum.of(2, 10, lambda))
                    .getMessage());
        }
        // One layer, one sample a class: L(q) = (1 - q/2)^2 / 2 + lambda q, least at
        // q = 2 (1 - 2 lambda).
        DeepUfmBinaryOptimum smallest = DeepUfmBinaryOptimum.of(1, 1, 1e-3);
        assertEquals(2 * (1 - 2e-3), smallest.q(), 1e-12);
        assertEquals("DeepUfmBinaryOptimum[L=1, n=1, lambda=0.001, q=" + smallest.q()
                + ", objective=" + smallest.objective() + "]", smallest.toString());
    }

    /**
     * L = 60: the output {@code sqrt(q/N) (q/2)^(L/2)} changes by a factor e^30 when q moves
     * by 2 around 2, so the bracket for q must stay near it; the optimum is not trivial and
     * fits the targets closely.
     */
    @Test
    void deepUfmBinaryWithSixtyLayersHasItsOptimumNearQ2() {
        DeepUfmBinaryOptimum opt = DeepUfmBinaryOptimum.of(60, 1000, 1e-4);
        assertFalse(opt.isTrivial());
        assertEquals(2, opt.q(), 0.5);
        assertEquals(1, opt.output(), 0.01);
        for (double x : new double[] {0, 0.999 * opt.q(), 1.001 * opt.q()}) {
            assertTrue(opt.objective() < opt.reducedLoss(x), "q = " + x);
        }
    }

    @Test
    void reluUfmMatchesTheSpecExample() {
        ReluUfmCeOptimum opt = ReluUfmCeOptimum.of(new long[] {200, 100, 50, 50}, 5e-3, 5e-4);
        double[] margins = {4.3103, 3.9469, 3.5760, 3.5760};
        for (int k = 0; k < 4; k++) {
            assertEquals(margins[k], opt.margin(k), 5e-5, "margin " + k);
        }
        assertEquals(0.2607493, opt.objective(), 5e-8);
        double[] lengths = opt.meanNorms();
        assertEquals(OrthogonalFrame.gram(lengths), opt.meanGram());
        assertTrue(opt.toString().startsWith("ReluUfmCeOptimum[n=[200, 100, 50, 50], margins=["),
                opt.toString());
    }

    /** The ReLU-UFM objective at collapsed features: column k of {@code means} is class k's mean. */
    private static double reluObjective(Matrix w, Matrix means, long[] n, double lambdaW, double lambdaH) {
        long total = java.util.Arrays.stream(n).sum();
        Matrix logits = w.times(means);
        double value = 0;
        for (int k = 0; k < n.length; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n.length; j++) {
                max = Math.max(max, logits.get(j, k));
            }
            double sum = 0;
            for (int j = 0; j < n.length; j++) {
                sum += Math.exp(logits.get(j, k) - max);
            }
            value += n[k] * (max + Math.log(sum) - logits.get(k, k));
            double norm = means.column(k).normFrobenius();
            value += total * lambdaH / 2 * n[k] * norm * norm;
        }
        return value / total + lambdaW / 2 * Math.pow(w.normFrobenius(), 2);
    }

    @Test
    void reluUfmOptimumAttainsItsObjectiveAndSatisfiesTheKktConditions() {
        long[][] sizes = {{200, 100, 50, 50}, {500, 20, 20}, {30, 30, 30, 30, 30}, {1000, 3}};
        for (long[] n : sizes) {
            double lambdaW = 5e-3;
            double lambdaH = 5e-4;
            ReluUfmCeOptimum opt = ReluUfmCeOptimum.of(n, lambdaW, lambdaH);
            int k = n.length;
            Matrix meanRows = OrthogonalFrame.vectors(opt.meanNorms(), k);
            Matrix w = opt.classifier(meanRows);
            Matrix means = meanRows.transpose();
            assertEquals(opt.objective(), reluObjective(w, means, n, lambdaW, lambdaH), 1e-13);
            // Logits of each mean: m_k (e_k - 1/K).
            Matrix logits = w.times(means);
            for (int c = 0; c < k; c++) {
                for (int j = 0; j < k; j++) {
                    assertEquals(opt.margin(c) * ((j == c ? 1 : 0) - 1.0 / k), logits.get(j, c), 1e-12);
                }
            }
            // KKT for min over W and H >= 0 (per-sample features, all equal within a class):
            // dW = (1/N) sum_k n_k (softmax(z_k) - e_k) mu_k^T + lambda_W W = 0;
            // dh (one sample of class k) = (1/N) W^T (softmax(z_k) - e_k) + lambda_H h / 1, which
            // must vanish where h > 0 and be >= 0 where h = 0.
            long total = java.util.Arrays.stream(n).sum();
            Matrix gradW = w.scale(lambdaW);
            for (int c = 0; c < k; c++) {
                double[] p = softmaxMinusOneHot(logits.column(c).data(), c);
                for (int j = 0; j < k; j++) {
                    for (int d = 0; d < k; d++) {
                        gradW.set(j, d, gradW.get(j, d) + n[c] * p[j] * means.get(d, c) / total);
                    }
                }
                double[] gradH = w.transpose().times(p);
                for (int d = 0; d < k; d++) {
                    double g = gradH[d] / total + lambdaH * means.get(d, c);
                    if (means.get(d, c) > 0) {
                        assertEquals(0, g, 1e-13, "stationary in feature " + d + " of class " + c);
                    } else {
                        assertTrue(g >= -1e-13, "dual feasible in feature " + d + " of class " + c + ": " + g);
                    }
                }
            }
            assertTrue(gradW.maxAbs() <= 1e-13, "dW = " + gradW.maxAbs());
        }
    }

    private static double[] softmaxMinusOneHot(double[] z, int label) {
        double max = java.util.Arrays.stream(z).max().orElse(0);
        double sum = 0;
        double[] p = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            p[j] = Math.exp(z[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < z.length; j++) {
            p[j] /= sum;
        }
        p[label] -= 1;
        return p;
    }

    @Test
    void reluUfmCollapsesMinoritiesUnderStrongDecay() {
        ReluUfmCeOptimum opt = ReluUfmCeOptimum.of(new long[] {1000, 5}, 5e-3, 5e-3);
        assertFalse(opt.isCollapsed(0));
        assertTrue(opt.isCollapsed(1));
        assertEquals(0, opt.meanNorm(1), 0);
        assertThrows(IllegalArgumentException.class, () -> ReluUfmCeOptimum.of(new long[] {5}, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> ReluUfmCeOptimum.of(new long[] {5, 0}, 1, 1));
        assertEquals("lambdaW must be positive and finite, got 0.0", assertThrows(
                IllegalArgumentException.class, () -> ReluUfmCeOptimum.of(new long[] {5, 5}, 0, 1))
                .getMessage());
        assertEquals("lambdaH must be positive and finite, got NaN", assertThrows(
                IllegalArgumentException.class,
                () -> ReluUfmCeOptimum.of(new long[] {5, 5}, 1, Double.NaN)).getMessage());
    }
}
