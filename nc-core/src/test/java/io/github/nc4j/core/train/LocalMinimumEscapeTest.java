package io.github.nc4j.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.Diagnosis;
import io.github.nc4j.core.theory.TheoryCheck;
import io.github.nc4j.core.theory.Verdict;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link LocalMinimumEscape} on issue 17's example: gradient descent leaves classes 3 and 4 at
 * the local minimum p = 0; re-seeded, the same gradient descent reaches the global optimum.
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

    @Test
    void onlyTheBiasFreeDeepLinearMseModelHasThisLocalMinimum() {
        FeatureModel ce = FeatureModel.of(FIVE_CLASSES.withLoss(Loss.CROSS_ENTROPY));
        var e = assertThrows(IllegalArgumentException.class,
                () -> LocalMinimumEscape.reseed(ce, 1));
        assertTrue(e.getMessage().startsWith("the escape from p = 0 is for the bias-free deep"));
    }
}
