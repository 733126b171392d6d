package io.github.nc4j.examples.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.Diagnosis;
import io.github.nc4j.core.check.Verdict;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.train.LocalMinimumEscape;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.linalg.Matrix;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each {@link Expectation} on real training runs, both ways: met by the run it describes, not
 * met by an under-trained run, a diverged run, or a run that shows something else (a no-prediction
 * model never "matches theory"; a total collapse is not the local minimum of single classes).
 */
class ExpectationTest {

    @TempDir
    static Path dir;

    private static int runs;

    private static UfmRun.Outcome train(UfmConfig model, TrainingConfig training)
            throws IOException {
        return UfmRun.train("run", "", model, training.withRecordEvery(training.maxSteps()),
                dir.resolve("run" + runs++), Progress.Mode.QUIET);
    }

    private static UfmRun.Outcome train(Experiment experiment, String run, long steps)
            throws IOException {
        Experiment.Run r = experiment.run(run).withStepsAtMost(steps);
        return train(r.model(), r.training());
    }

    /** The expectations the outcome meets. */
    private static Set<Expectation> met(UfmRun.Outcome outcome) {
        Set<Expectation> met = EnumSet.noneOf(Expectation.class);
        for (Expectation e : Expectation.values()) {
            if (e.isMetBy(outcome)) {
                met.add(e);
            }
        }
        return met;
    }

    @Test
    void aRunThatReachesTheSimplexEtfMatchesTheoryAndNothingElse() throws IOException {
        UfmRun.Outcome done = train(Experiment.ZHU2021_ETF, "mse", Long.MAX_VALUE);
        assertEquals(Set.of(Expectation.MATCHES_THEORY), met(done), done.report());
        UfmRun.Outcome cut = train(Experiment.ZHU2021_ETF, "mse", 5);
        assertEquals(Verdict.DISAGREES, cut.theoryVerdict());
        assertEquals(Set.of(), met(cut), cut.report());
    }

    @Test
    void aDivergedRunMeetsNothingAndDisagreesWhereTheoryPredicts() throws IOException {
        Experiment.Run r = Experiment.ZHU2021_ETF.run("mse");
        UfmRun.Outcome diverged = train(r.model(), TrainingConfig.gradientDescent(50, 200));
        assertTrue(diverged.diverged());
        assertEquals(Verdict.DISAGREES, diverged.theoryVerdict());
        assertEquals(Set.of(), met(diverged));
    }

    @Test
    void aModelWithoutAPredictionNeverMatchesTheory() throws IOException {
        UfmRun.Outcome noPrediction = train(UfmConfig.of(Architecture.DEEP_UFM,
                new int[] {20, 20, 20}, 12).withDepth(3), TrainingConfig.gradientDescent(0.3, 1));
        assertEquals(Verdict.NO_PREDICTION, noPrediction.theoryVerdict());
        assertFalse(noPrediction.agreesWithTheory());
        assertFalse(Expectation.MATCHES_THEORY.isMetBy(noPrediction));
    }

    @Test
    void theLocalMinimumIsMetOnlyWhereAKeptClassStaysAtZero() throws IOException {
        Experiment e = Experiment.DANG2023_DEEP_LINEAR_IMBALANCED;
        UfmRun.Outcome stuck = train(e, "M2-width16", Long.MAX_VALUE);
        assertEquals(Set.of(Expectation.STOPS_AT_LOCAL_MINIMUM), met(stuck), stuck.report());
        UfmRun.Outcome global = train(e, "M2", Long.MAX_VALUE);
        assertEquals(Set.of(Expectation.MATCHES_THEORY), met(global), global.report());
        UfmRun.Outcome cut = train(e, "M2-width16", 3);
        assertEquals(Diagnosis.Kind.NOT_CONVERGED, cut.diagnosis().orElseThrow().kind());
        assertEquals(Set.of(), met(cut), cut.report());
        // A tiny initialization leaves every class at the local minimum p = 0: the trivial
        // solution, which met this expectation before issue 16.
        Experiment.Run width16 = e.run("M2-width16");
        UfmRun.Outcome zero = train(width16.model().withInitScale(1e-3),
                width16.training().withMaxSteps(3000));
        assertEquals(Diagnosis.Kind.TRIVIAL_SOLUTION, zero.diagnosis().orElseThrow().kind(),
                zero.report());
        assertEquals(Set.of(), met(zero), zero.report());
    }

    /**
     * A DUFM with n = (1000, 1, 1) that fits class 0 alone, through one direction: rank 1 and an
     * objective far below that of deep neural collapse for balanced classes of 1000. It does not
     * count: the comparison is defined for balanced classes only.
     */
    @Test
    void anImbalancedDufmNeverBeatsDeepNeuralCollapse() throws IOException {
        UfmConfig config = UfmConfig.of(Architecture.DEEP_UFM, new int[] {1000, 1, 1}, 4)
                .withDepth(3);
        FeatureModel model = FeatureModel.of(config);
        Matrix h = Matrix.zeros(1002, 4);
        for (int i = 0; i < 1000; i++) {
            h.set(i, 0, 0.05);
        }
        double s = Math.cbrt(18); // output 0.05 s^3 = 0.9 on class 0
        Matrix layer = Matrix.zeros(4, 4);
        layer.set(0, 0, s);
        Matrix last = Matrix.zeros(3, 4);
        last.set(0, 0, s);
        model.setParameters(h, List.of(layer, layer, last));
        double dnc = DeepLinearMseOptimum.balanced(3, 1000, config.lambdaH(), config.lambdaW())
                .objective();
        assertTrue(model.objectiveValue() < dnc / 2, model.objectiveValue() + " vs " + dnc);
        UfmRun.Outcome outcome = new UfmRun.Outcome("imbalanced", dir, model,
                TrainingConfig.gradientDescent(0.1, 1), UfmRun.DYNAMICS_TOLERANCE,
                Optional.empty(), Optional.empty(), Optional.empty(),
                LocalMinimumEscape.Escape.NONE, List.of());
        assertFalse(Expectation.BEATS_DEEP_NEURAL_COLLAPSE.isMetBy(outcome));
    }

    @Test
    void lowRankIsMetByTheDufmWithTenClassesButNotWithTwo() throws IOException {
        UfmRun.Outcome lowRank = train(Experiment.SUKENIK2024_LOW_RANK, "K10-L4",
                Long.MAX_VALUE);
        assertEquals(Set.of(Expectation.BEATS_DEEP_NEURAL_COLLAPSE), met(lowRank),
                lowRank.report());
        UfmRun.Outcome cut = train(Experiment.SUKENIK2024_LOW_RANK, "K10-L4", 10);
        assertEquals(Set.of(), met(cut), cut.report());
        UfmRun.Outcome binary = train(Experiment.SUKENIK2023_DUFM, "L2", Long.MAX_VALUE);
        assertEquals(Set.of(Expectation.MATCHES_THEORY), met(binary), binary.report());
    }
}
