package io.github.nc4j.core.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import org.junit.jupiter.api.Test;

/** The CE UFM convex program against the example of definitions.md §4.6, the balanced closed form and minority collapse. */
class CeUfmOptimumTest {

    @Test
    void matchesTheSpecExample() {
        CeUfmOptimum opt = CeUfmOptimum.of(new long[] {200, 100, 50, 50}, 5e-3, 5e-3);
        // definitions.md §4.6: optimal objective 0.5671294 (printed digits).
        assertEquals(0.5671294, opt.objective(), 5e-8, opt.toString());
        for (int k = 0; k < 4; k++) {
            assertTrue(opt.margin(k) > 1, "at this imbalance every class keeps a margin");
        }
    }

    @Test
    void balancedClassesGiveTheSimplexEtfWithTheClosedFormMargin() {
        for (int k : new int[] {2, 3, 5}) {
            long n = 100;
            double m = CeUfmOptimum.balancedMargin(k, n, 5e-3, 5e-3);
            long[] sizes = new long[k];
            java.util.Arrays.fill(sizes, n);
            CeUfmOptimum opt = CeUfmOptimum.of(sizes, 5e-3, 5e-3);
            Matrix expected = Matrix.generate(k, k, (i, j) -> m * ((i == j ? 1 : 0) - 1.0 / k));
            // The solver stops at a fixed-point residual of 1e-13 relative; the logits follow to
            // about that accuracy times the problem's conditioning.
            assertTrue(opt.logits().minus(expected).maxAbs() <= 1e-9 * m,
                    () -> opt + "\n" + opt.logits() + "\nexpected margin " + m);
            double objective = Math.log1p((k - 1) * Math.exp(-m)) + Math.sqrt(5e-3 * 5e-3 * n) * (k - 1) * m;
            assertEquals(objective, opt.objective(), 1e-12);
        }
    }

    @Test
    void strongImbalanceCollapsesTheMinorityClasses() {
        CeUfmOptimum opt = CeUfmOptimum.of(new long[] {1000, 1000, 5, 5}, 5e-3, 5e-3);
        assertTrue(opt.margin(0) > 1 && opt.margin(1) > 1, opt.toString());
        assertEquals(0, opt.margin(2), 1e-9, "minority classes 2 and 3 cannot be told apart");
        assertEquals(0, opt.margin(3), 1e-9);
    }

    @Test
    void theOptimumIsNotImprovedByAnyNearbyLogits() {
        long[] n = {120, 60, 20};
        CeUfmOptimum opt = CeUfmOptimum.of(n, 1e-2, 2e-3);
        java.util.Random random = new java.util.Random(3);
        double tau = Math.sqrt(1e-2 * 2e-3);
        for (int trial = 0; trial < 200; trial++) {
            Matrix z = opt.logits().plus(Matrix.gaussian(3, 3, random).scaleInPlace(1e-3));
            assertTrue(objective(z, n, tau) >= opt.objective() - 1e-13, "a perturbation did better");
        }
    }

    /** The program's objective written out independently. */
    private static double objective(Matrix z, long[] n, double tau) {
        long total = java.util.Arrays.stream(n).sum();
        double loss = 0;
        Matrix scaled = z.copy();
        for (int c = 0; c < n.length; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n.length; j++) {
                max = Math.max(max, z.get(j, c));
            }
            double sum = 0;
            for (int j = 0; j < n.length; j++) {
                sum += Math.exp(z.get(j, c) - max);
                scaled.set(j, c, z.get(j, c) * Math.sqrt(n[c]));
            }
            loss += n[c] * (max + Math.log(sum) - z.get(c, c)) / total;
        }
        double nuclear = 0;
        for (double s : io.github.nc4j.linalg.decomp.Svd.values(scaled)) {
            nuclear += s;
        }
        return loss + tau * nuclear;
    }

    /**
     * The momentum pays: FISTA with restart stops after 150 steps on the spec example, where
     * plain proximal-gradient steps (no momentum, or a restart at every step) need 280.
     */
    @Test
    void theAcceleratedIterationNeedsFewerStepsThanPlainProximalGradient() {
        CeUfmOptimum opt = CeUfmOptimum.of(new long[] {200, 100, 50, 50}, 5e-3, 5e-3);
        assertTrue(opt.iterations() <= 200, opt.toString());
        assertTrue(opt.toString().endsWith("objective=" + opt.objective() + ", iterations="
                + opt.iterations() + "]"), opt.toString());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class, () -> CeUfmOptimum.of(new long[] {5}, 1e-3, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> CeUfmOptimum.of(new long[] {5, 0}, 1e-3, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> CeUfmOptimum.of(new long[] {5, 5}, 0, 1e-3));
        assertThrows(IllegalArgumentException.class, () -> CeUfmOptimum.balancedMargin(4, 100, 1, 1));
        var e = assertThrows(IllegalArgumentException.class,
                () -> CeUfmOptimum.of(new long[] {5, 5}, 1e-3, 0));
        assertEquals("lambdaH must be positive and finite, got 0.0", e.getMessage());
        // sqrt(n lambda_W lambda_H) exactly 1/K: margin log(1) = 0, the trivial optimum
        e = assertThrows(IllegalArgumentException.class,
                () -> CeUfmOptimum.balancedMargin(4, 1, 0.25, 0.25));
        assertEquals("sqrt(n lambda_W lambda_H) = 0.25 is not below 1/K = 0.25: the optimum is"
                + " trivial", e.getMessage());
    }
}
