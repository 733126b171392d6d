package io.github.nc4j.examples.run;

import io.github.nc4j.core.check.Diagnosis;
import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.check.Verdict;
import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.List;

/**
 * What theory says a reproduce run should show, and the test of whether it did. Most runs
 * should reach their closed form; two kinds of run show, on purpose, where training and the
 * global optimum part ways, as the papers and definitions.md §4.2 and §4.7 describe.
 */
public enum Expectation {

    /**
     * The verdict of {@link TheoryCheck} at {@link UfmRun#DYNAMICS_TOLERANCE} is "agrees": every
     * compared quantity is within it. A run with nothing to compare ("no prediction") does not meet
     * it.
     */
    MATCHES_THEORY("reaches the closed form (every compared quantity within 1%)") {
        @Override
        public boolean isMetBy(UfmRun.Outcome outcome) {
            return outcome.theoryVerdict() == Verdict.AGREES;
        }
    },

    /**
     * Bias-free deep linear MSE with depth at least 2 (definitions.md §4.2, the local minimum
     * p = 0): the penalty makes p = 0 a local minimum for every class, so gradient descent can
     * leave a class at zero that the global optimum keeps. Met when the {@link TheoryCheck#diagnosis} finds
     * exactly that: training converged, some kept classes are at zero and every other class and the
     * objective are at the closed form restricted to losing them. A run that has not converged, or
     * that lost every class, does not meet it.
     */
    STOPS_AT_LOCAL_MINIMUM("stops at a local minimum: a class that the global optimum keeps"
            + " stays at zero (the local minimum of docs/definitions.md §4.2, depth >= 2)") {
        @Override
        public boolean isMetBy(UfmRun.Outcome outcome) {
            return outcome.diagnosis().map(d -> d.kind()
                    == Diagnosis.Kind.LOCAL_MINIMUM_LOST_CLASSES).orElse(false);
        }
    },

    /**
     * DUFM with K > 2 classes and L >= 3 layers (Súkeník, Lampert and Mondelli 2024): gradient
     * descent finds a solution whose last-layer class means have rank below K and whose
     * objective is below that of the best deep-neural-collapse solution. Only a bias-free DUFM
     * with balanced classes can meet it: that is where the comparison is defined.
     */
    BEATS_DEEP_NEURAL_COLLAPSE("finds a solution of lower rank and lower objective than deep"
            + " neural collapse (Súkeník et al. 2024)") {
        @Override
        public boolean isMetBy(UfmRun.Outcome outcome) {
            FeatureModel model = outcome.model();
            UfmConfig c = model.config();
            boolean balanced = Arrays.stream(c.classSizes()).allMatch(n -> n == c.classSizes()[0]);
            if (outcome.diverged() || c.architecture() != Architecture.DEEP_UFM || c.bias()
                    || !balanced) {
                return false;
            }
            double dnc = DeepLinearMseOptimum.balanced(c.numClasses(), c.classSizes()[0],
                    c.lambdaH(), c.lambdaW()).objective();
            List<Matrix> layers = model.layerFeatures(0, model.numSamples());
            int rank = TheoryCheck.rank(classMeans(layers.get(layers.size() - 1), model));
            return model.objectiveValue() < dnc && rank < c.numClasses();
        }
    };

    private final String description;

    Expectation(String description) {
        this.description = description;
    }

    /** What the run should show, as a phrase ("reaches the closed form ..."). */
    public String description() {
        return description;
    }

    /** Whether the trained run shows it. */
    public abstract boolean isMetBy(UfmRun.Outcome outcome);

    private static Matrix classMeans(Matrix features, FeatureModel model) {
        return ClassStatistics.of(features, model.labels(), model.numClasses()).classMeans();
    }
}
