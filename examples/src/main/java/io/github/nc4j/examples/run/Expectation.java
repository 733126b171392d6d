package io.github.nc4j.examples.run;

import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.TheoryCheck;
import io.github.nc4j.linalg.Matrix;
import java.util.List;

/**
 * What theory says a reproduce run should show, and the test of whether it did. Most runs
 * should reach their closed form; two kinds of run show, on purpose, where training and the
 * global optimum part ways, as the papers and NC-SPEC describe.
 */
public enum Expectation {

    /** Every quantity {@link TheoryCheck} compares is within {@link UfmRun#TOLERANCE}. */
    MATCHES_THEORY("reaches the closed form (every compared quantity within 1%)") {
        @Override
        public boolean isMetBy(UfmRun.Outcome outcome) {
            return outcome.agreesWithTheory();
        }
    },

    /**
     * Bias-free deep linear MSE with depth at least 2 (NC-SPEC item 2, caution): the penalty
     * makes p = 0 a local minimum for every class, so gradient descent can leave a class at
     * zero that the global optimum keeps. Met when training does not match the closed form
     * because such a class is (numerically) zero.
     */
    STOPS_AT_LOCAL_MINIMUM("stops at a local minimum: a class that the global optimum keeps"
            + " stays at zero (NC-SPEC's caution for depth >= 2)") {
        @Override
        public boolean isMetBy(UfmRun.Outcome outcome) {
            if (outcome.diverged() || outcome.agreesWithTheory()) {
                return false;
            }
            FeatureModel model = outcome.model();
            UfmConfig c = model.config();
            DeepLinearMseOptimum optimum = DeepLinearMseOptimum.of(c.classSizesLong(),
                    c.lambdaH(), c.lambdaW());
            Matrix means = classMeans(model.features(), model);
            for (int k = 0; k < c.numClasses(); k++) {
                if (!optimum.isCollapsed(k)
                        && means.row(k).normFrobenius() < ZERO * optimum.meanNorm(k)) {
                    return true;
                }
            }
            return false;
        }
    },

    /**
     * DUFM with K > 2 classes and L >= 3 layers (Súkeník, Lampert and Mondelli 2024): gradient
     * descent finds a solution whose last-layer class means have rank below K and whose
     * objective is below that of the best deep-neural-collapse solution.
     */
    BEATS_DEEP_NEURAL_COLLAPSE("finds a solution of lower rank and lower objective than deep"
            + " neural collapse (Súkeník et al. 2024)") {
        @Override
        public boolean isMetBy(UfmRun.Outcome outcome) {
            if (outcome.diverged()) {
                return false;
            }
            FeatureModel model = outcome.model();
            UfmConfig c = model.config();
            double dnc = DeepLinearMseOptimum.balanced(c.numClasses(), c.classSizes()[0],
                    c.lambdaH(), c.lambdaW()).objective();
            List<Matrix> layers = model.layerFeatures(0, model.numSamples());
            int rank = TheoryCheck.rank(classMeans(layers.get(layers.size() - 1), model));
            return model.objectiveValue() < dnc && rank < c.numClasses();
        }
    };

    /** A class-mean length below this fraction of its predicted length counts as zero. */
    private static final double ZERO = 1e-6;

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
