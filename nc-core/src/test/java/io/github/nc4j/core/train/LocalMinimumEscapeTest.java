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
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalMinimumEscape} on issue 17's example: gradient descent leaves classes 3 and 4 at
 * the local minimum p = 0; re-seeded, the same gradient descent reaches the global optimum. And
 * the two other local minima that L-BFGS reaches from the default initialization: a lost
 * mixture of classes of equal size, and classes kept that the optimum loses.
 */
class LocalMinimumEscapeTest {

    private static final UfmConfig FIVE_CLASSES = UfmConfig.of(Architecture.DEEP_LINEAR,
            new int[] {240, 120, 60, 30, 15}, 20).withDepth(2).withLambdaW(4e-3, 6e-3)
            .withLambdaH(5e-3).withSeed(7);

    @Test
    void reseededClassesReachTheGlobalOptimum() {
        FeatureModel model = FeatureModel.of(FIVE_CLASSES);
        TrainingConfig gd = TrainingConfig.gradientDescent(0.5, 5000).withRecordEvery(5000);
        Trainer.train(model, gd);
        TheoryCheck stuck = TheoryCheck.of(model).orElseThrow();
        Diagnosis d = stuck.diagnosis(0.01);
        assertEquals(Diagnosis.Kind.LOCAL_MINIMUM_LOST_CLASSES, d.kind(), d.explanation());
        double otherClass = model.features().row(0).normFrobenius();

        assertEquals(List.of(3, 4), LocalMinimumEscape.reseed(model, 1));
        assertEquals(otherClass, model.features().row(0).normFrobenius(), 0.0,
                "the kept classes' features are not touched");
        assertEquals(List.of(), LocalMinimumEscape.lostClasses(model));
        Trainer.train(model, gd);
        TheoryCheck escaped = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, escaped.verdict(1e-4), escaped.comparisons()::toString);
        assertEquals(0.144296, escaped.objective(), 5e-7);
    }

    @Test
    void aRunAtTheOptimumHasNothingToReseed() {
        FeatureModel model = FeatureModel.of(FIVE_CLASSES);
        Trainer.train(model, TrainingConfig.gradientDescent(1, 300).withMethod(Method.LBFGS));
        double before = model.objectiveValue();
        assertEquals(List.of(), LocalMinimumEscape.reseed(model, 1));
        assertEquals(before, model.objectiveValue(), 0.0);
    }

    /** Full-batch L-BFGS to a relative gradient norm of 1e-12, as {@code nc4j train} runs it. */
    private static final TrainingConfig LBFGS = TrainingConfig.gradientDescent(0.5, 5000)
            .withMethod(Method.LBFGS).withRelativeGradientTolerance(1e-12).withRecordEvery(5000);

    /**
     * Seven balanced classes, M = 3: L-BFGS from seed 4 stops where the seven class means span
     * six dimensions, the local minimum p = 0 of a mixture of classes rather than of one class
     * (every class mean is of about its optimal length, so no class is lost). The escape
     * re-seeds that direction and L-BFGS then reaches the global optimum.
     */
    @Test
    void aLostMixtureOfClassesOfEqualSizeIsReseeded() {
        UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR,
                new int[] {30, 30, 30, 30, 30, 30, 30}, 10).withLambdaW(5e-3, 1e-2, 2e-2)
                .withLambdaH(1e-2).withSeed(4);
        FeatureModel model = FeatureModel.of(config);
        Trainer.train(model, LBFGS);
        TheoryCheck stuck = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.DISAGREES, stuck.verdict(0.01));
        assertTrue(stuck.converged(0.01));
        assertEquals(List.of(), LocalMinimumEscape.lostClasses(model));
        List<double[]> lost = LocalMinimumEscape.lostDirections(model);
        assertEquals(1, lost.size());
        long mixed = Arrays.stream(lost.get(0)).filter(v -> Math.abs(v) > 0.05).count();
        assertTrue(mixed >= 2, () -> "a mixture: " + Arrays.toString(lost.get(0)));
        Matrix logitsBefore = model.logits();

        assertEquals(new LocalMinimumEscape.Escape(List.of(), 1, List.of()),
                LocalMinimumEscape.escape(model, 4));
        assertEquals(List.of(), LocalMinimumEscape.lostDirections(model));
        // the class means' logits gain v v^T, the target along the lost direction v
        double[] v = lost.get(0);
        Matrix gained = model.logits().minus(logitsBefore);
        int[] labels = model.labels();
        for (int i = 0; i < labels.length; i += 29) {
            for (int j = 0; j < v.length; j++) {
                assertEquals(v[labels[i]] * v[j], gained.get(i, j), 1e-9);
            }
        }
        Trainer.train(model, LBFGS);
        TheoryCheck escaped = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, escaped.verdict(1e-6), escaped.comparisons()::toString);
    }

    /**
     * Six classes of ten samples that the optimum loses (p = 0) next to three of forty, M = 3:
     * their cost f_k has a positive local minimum above f_k(0), where L-BFGS from seed 1 stops
     * with two mixtures of them kept. The escape sets them to zero, features and paths, leaving
     * the kept classes as they are, and L-BFGS then reaches the global optimum.
     */
    @Test
    void classesThatTheOptimumLosesButTrainingKeepsAreSetToZero() {
        UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR,
                new int[] {40, 40, 40, 10, 10, 10, 10, 10, 10}, 15).withLambdaW(2e-2, 1e-2, 1e-2)
                .withLambdaH(8e-3).withSeed(1);
        FeatureModel model = FeatureModel.of(config);
        Trainer.train(model, LBFGS);
        TheoryCheck stuck = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.DISAGREES, stuck.verdict(0.01));
        assertTrue(stuck.converged(0.01));
        List<Integer> minority = List.of(3, 4, 5, 6, 7, 8);
        assertEquals(minority, LocalMinimumEscape.spuriousClasses(model));
        double kept = model.features().row(0).normFrobenius();
        double before = model.objectiveValue();

        assertEquals(new LocalMinimumEscape.Escape(List.of(), 0, minority),
                LocalMinimumEscape.escape(model, 1));
        assertEquals(kept, model.features().row(0).normFrobenius(), 0.0);
        assertEquals(0, model.features().row(model.numSamples() - 1).normFrobenius(), 0.0);
        assertTrue(model.objectiveValue() < before, "p = 0 is lower for the dropped classes");
        assertEquals(List.of(), LocalMinimumEscape.spuriousClasses(model));
        Trainer.train(model, LBFGS);
        TheoryCheck escaped = TheoryCheck.of(model).orElseThrow();
        assertEquals(Verdict.AGREES, escaped.verdict(1e-6), escaped.comparisons()::toString);
    }

    /**
     * Away from a critical point minority classes are still shrinking: at the initialization the
     * classes that the optimum loses are spurious, but the escape leaves them alone.
     */
    @Test
    void classesTheOptimumLosesAreDroppedOnlyAtACriticalPoint() {
        UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR,
                new int[] {40, 40, 40, 10, 10, 10, 10, 10, 10}, 15).withLambdaW(2e-2, 1e-2, 1e-2)
                .withLambdaH(8e-3).withSeed(1);
        FeatureModel model = FeatureModel.of(config);
        assertEquals(List.of(3, 4, 5, 6, 7, 8), LocalMinimumEscape.spuriousClasses(model));
        double before = model.objectiveValue();
        assertEquals(LocalMinimumEscape.Escape.NONE, LocalMinimumEscape.escape(model, 1));
        assertEquals(before, model.objectiveValue(), 0.0);
    }

    @Test
    void aRunAtTheOptimumHasNothingToEscape() {
        FeatureModel model = FeatureModel.of(FIVE_CLASSES);
        Trainer.train(model, LBFGS);
        double before = model.objectiveValue();
        LocalMinimumEscape.Escape escape = LocalMinimumEscape.escape(model, 1);
        assertTrue(escape.isEmpty(), escape::toString);
        assertEquals(before, model.objectiveValue(), 0.0);
    }

    @Test
    void onlyTheBiasFreeDeepLinearMseModelHasThisLocalMinimum() {
        FeatureModel ce = FeatureModel.of(FIVE_CLASSES.withLoss(Loss.CROSS_ENTROPY));
        var e = assertThrows(IllegalArgumentException.class,
                () -> LocalMinimumEscape.reseed(ce, 1));
        assertTrue(e.getMessage().startsWith("the escape from p = 0 is for the bias-free deep"));
        assertThrows(IllegalArgumentException.class, () -> LocalMinimumEscape.escape(ce, 1));
    }
}
