package io.github.nc4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.Diagnosis;
import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.check.Verdict;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Full-batch L-BFGS, projected on {@code H >= 0}, with the {@link ReluClassEscape}, takes the
 * bias-free ReLU UFM with cross-entropy to its closed form ({@link ReluUfmCeOptimum}) at 1e-6
 * relative in every compared quantity (class-mean lengths, margins, the classifier's alignment,
 * the means' orthogonality, the objective), for K from 3 to 10, balanced and imbalanced classes,
 * with and without minority collapse, and several seeds.
 */
class ReluUfmConvergenceTest {

    /** The verdict tolerance of {@code nc4j train}. */
    private static final double TOLERANCE = 1e-6;

    private static final TrainingConfig LBFGS = TrainingConfig.gradientDescent(1, 3000)
            .withMethod(Method.LBFGS).withRelativeGradientTolerance(1e-12).withRecordEvery(3000);

    private static FeatureModel model(int[] n, double lambdaW, double lambdaH, long seed) {
        return FeatureModel.of(UfmConfig.of(Architecture.RELU_UFM, n, 2 * n.length)
                .withLoss(Loss.CROSS_ENTROPY).withLambdaW(lambdaW).withLambdaH(lambdaH)
                .withSeed(seed));
    }

    /** Trains, re-seeds the dead classes if there are any, and trains again; returns them. */
    private static List<Integer> trainWithEscape(FeatureModel model) {
        Trainer.train(model, LBFGS);
        List<Integer> dead = ReluClassEscape.reseed(model);
        if (!dead.isEmpty()) {
            Trainer.train(model, LBFGS);
        }
        return dead;
    }

    @ParameterizedTest(name = "n = {0}, lambda_W = {1}, lambda_H = {2}, seed {3}: {4} collapsed")
    @CsvSource(delimiter = ';', value = {
        "30 30 30;                      5e-3; 5e-3; 0; 0",
        "60 30 10;                      5e-3; 5e-3; 1; 0",
        "200 100 50 50;                 5e-3; 5e-3; 2; 0",
        "400 200 100 25 10;             2e-2; 2e-3; 3; 2",
        "300 150 80 40 20 10;           3e-2; 3e-3; 4; 2",
        "20 20 20 20 20 20 20 20;       1e-2; 1e-2; 5; 0",
        "120 100 80 60 40 30 20 10 8 6; 1e-2; 5e-3; 6; 3",
        "500 250 120 60 30 15 8 4 2 2;  2e-2; 2e-3; 7; 6"})
    void reachesTheClosedFormToOneInAMillion(String sizes, double lambdaW, double lambdaH,
                                             long seed, int collapsed) {
        int[] n = Arrays.stream(sizes.trim().split(" +")).mapToInt(Integer::parseInt).toArray();
        ReluUfmCeOptimum optimum = ReluUfmCeOptimum.of(Arrays.stream(n).asLongStream().toArray(),
                lambdaW, lambdaH);
        assertEquals(collapsed, IntStream.range(0, n.length).filter(optimum::isCollapsed)
                .count(), "classes the closed form collapses to the origin");
        FeatureModel model = model(n, lambdaW, lambdaH, seed);
        List<Integer> dead = trainWithEscape(model);
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, check.verdict(TOLERANCE), () -> "re-seeded " + dead + ": "
                + check.comparisons());
        assertTrue(check.converged(TOLERANCE), "gradient norm " + check.gradientNorm());
    }

    /**
     * Ten classes from 500 samples down to 2: L-BFGS clips class 3 (60 samples) to 0 on its
     * way, a local minimum 0.3% above the optimum; given a coordinate of its own, it grows to
     * its optimal length and the run reaches the closed form.
     */
    @Test
    void aClassClippedToZeroIsReseededAndReachesItsOptimum() {
        int[] n = {500, 250, 120, 60, 30, 15, 8, 4, 2, 2};
        FeatureModel model = model(n, 2e-2, 2e-3, 0);
        Trainer.train(model, LBFGS);
        TheoryCheck stuck = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.DISAGREES, stuck.verdict(TOLERANCE));
        assertTrue(stuck.converged(TOLERANCE), "a local minimum, not a run cut short");
        assertEquals(List.of(3), ReluClassEscape.deadClasses(model));
        Diagnosis diagnosis = stuck.diagnosis(TOLERANCE);
        assertEquals(Diagnosis.Kind.LOCAL_MINIMUM_LOST_CLASSES, diagnosis.kind());
        assertTrue(diagnosis.explanation().startsWith("training converged to a local minimum"
                + " with every feature of class 3 (length 0.0, optimum 0.6230) clipped to 0 by"
                + " H >= 0"), diagnosis.explanation());
        double before = model.objectiveValue();
        assertEquals(List.of(3), ReluClassEscape.reseed(model));
        Matrix h = model.features();
        for (double v : h.data()) {
            assertTrue(v >= 0, "the re-seeded point is feasible");
        }
        assertTrue(model.objectiveValue() < before, "the new coordinate already lowers it");
        Trainer.train(model, LBFGS);
        TheoryCheck check = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, check.verdict(TOLERANCE), check.comparisons()::toString);
        assertEquals(List.of(), ReluClassEscape.deadClasses(model));
        assertEquals(List.of(), ReluClassEscape.reseed(model), "nothing to do at the optimum");
    }

    @Test
    void otherModelsAreRefused() {
        FeatureModel mse = FeatureModel.of(UfmConfig.of(Architecture.RELU_UFM, new int[] {5, 4},
                3));
        var e = assertThrows(IllegalArgumentException.class,
                () -> ReluClassEscape.deadClasses(mse));
        assertTrue(e.getMessage().startsWith("the dead-class escape is for the bias-free ReLU"
                + " UFM with cross-entropy"), e.getMessage());
    }
}
