package io.github.nc4j.core.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.check.Verdict;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Trainer} with {@link Method#LBFGS}: to the closed form, its stops, what it refuses. */
class LbfgsTrainingTest {

    private static TrainingConfig lbfgs(long steps) {
        return TrainingConfig.gradientDescent(1, steps).withMethod(Method.LBFGS)
                .withRecordEvery(steps);
    }

    /**
     * Issue 17's example: gradient descent with the defaults loses classes 3 and 4 at the local
     * minimum p = 0; L-BFGS from the same initialization reaches the global optimum (objective
     * 0.144296, every class alive) to 1e-8 in every compared quantity.
     */
    @Test
    void reachesTheDeepLinearOptimumThatGradientDescentMisses() {
        UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR,
                new int[] {240, 120, 60, 30, 15}, 20).withDepth(2).withLambdaW(4e-3, 6e-3)
                .withLambdaH(5e-3).withSeed(7);
        FeatureModel model = FeatureModel.of(config);
        TrainingResult r = Trainer.train(model, lbfgs(1000).withRelativeGradientTolerance(1e-12));
        assertEquals(StopReason.GRADIENT_NORM, r.reason());
        assertTrue(r.steps() < 400, r.steps() + " iterations");
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, check.verdict(1e-8), check.comparisons()::toString);
        assertEquals(0.144296, check.objective(), 5e-7);
    }

    @Test
    void stopsWhenNoStepDecreasesTheObjective() {
        // all parameters 0: a critical point (every gradient vanishes), so no direction descends
        UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {5, 4}, 3)
                .withDepth(2);
        FeatureModel model = FeatureModel.of(config);
        model.setParameters(Matrix.zeros(9, 3), List.of(Matrix.zeros(3, 3), Matrix.zeros(2, 3)));
        TrainingResult r = Trainer.train(model, lbfgs(50));
        assertEquals(StopReason.NO_DESCENT, r.reason());
        assertEquals(1, r.steps());
        assertEquals(0.5, r.objective(), 1e-15);
    }

    @Test
    void iteratesAreBitwiseTheSameForEveryThreadCount() {
        UfmConfig config = UfmConfig.of(Architecture.UFM, new int[] {300, 200, 100}, 64)
                .withLoss(Loss.CROSS_ENTROPY).withSeed(2);
        int threads = Parallelism.threads();
        List<double[]> features = new ArrayList<>();
        try {
            for (int t = 1; t <= 2; t++) {
                Parallelism.setThreads(t);
                FeatureModel model = FeatureModel.of(config);
                Trainer.train(model, lbfgs(25));
                features.add(model.features().data());
            }
        } finally {
            Parallelism.setThreads(threads);
        }
        assertArrayEquals(features.get(0), features.get(1));
    }

    /**
     * Issue 17's ReLU example: gradient descent stops 0.24% above the optimum after 5000 steps;
     * L-BFGS, projected on H >= 0, reaches it to 1e-8 in every compared quantity, with the two
     * minority classes' features at 0, and H stays non-negative throughout.
     */
    @Test
    void reachesTheReluCrossEntropyOptimumWithMinorityCollapse() {
        UfmConfig config = UfmConfig.of(Architecture.RELU_UFM, new int[] {400, 200, 100, 25, 10},
                16).withLoss(Loss.CROSS_ENTROPY).withLambdaW(2e-2).withLambdaH(2e-3);
        FeatureModel model = FeatureModel.of(config);
        TrainingResult r = Trainer.train(model, lbfgs(2000).withRelativeGradientTolerance(1e-12),
                new TrainingListener() {
                    @Override
                    public void onStep(long step, double objective, double gradientNorm) {
                        for (double h : model.features().data()) {
                            assertTrue(h >= 0, "a negative feature at step " + step);
                        }
                    }
                });
        assertEquals(StopReason.GRADIENT_NORM, r.reason());
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, check.verdict(1e-8), check.comparisons()::toString);
        // Where the optimum's gradient pushes a minority feature below 0 (strict
        // complementarity), the projected search holds it exactly at 0; along the directions
        // where that gradient vanishes, the feature is 0 only to the convergence's accuracy.
        Matrix h = model.features();
        model.projectedGradientNorm();
        Matrix g = model.tape().parameters().get(0).grad();
        for (int i = 700; i < 735; i++) {
            for (int j = 0; j < 16; j++) {
                String where = "feature " + j + " of minority sample " + i;
                if (g.get(i, j) > 1e-8) {
                    assertEquals(0.0, h.get(i, j), where);
                } else {
                    assertTrue(h.get(i, j) <= 1e-9, where + ": " + h.get(i, j));
                }
            }
        }
    }

    @Test
    void refusesMiniBatches() {
        var e = assertThrows(IllegalArgumentException.class, () -> lbfgs(5).withBatchSize(4));
        assertEquals("L-BFGS is a full-batch method; got batch size 4", e.getMessage());
        assertEquals(Method.LBFGS, Method.parse(" LBFGS "));
    }
}
