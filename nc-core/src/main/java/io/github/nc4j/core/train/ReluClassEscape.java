package io.github.nc4j.core.train;

import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * An escape from the dead-class local minimum of the bias-free ReLU UFM with cross-entropy.
 * With {@code H >= 0}, a class whose features are all 0 is stuck when its classifier row is, in
 * every coordinate, at most the mean of the rows: the gradient of each of its features, {@code
 * (1/N) (mean_c w_c - w_k)}, is then non-negative, so no feasible move lowers the loss to first
 * order, and the class sits at {@code log K} per sample. Large early steps of a projected method
 * (L-BFGS in particular) can clip a minority class there, although the optimum keeps it.
 *
 * <p>The optimum's class means are non-negative and orthogonal, so they use disjoint sets of
 * coordinates. A dead class k is given a coordinate j of its own: the one the other classes'
 * features use least (weighted by class size), which every other sample gives up; class k's
 * features become {@code a e_j}, and column j of W becomes {@code b} in row k and
 * {@code -b / (K - 1)} in the others, so that class k's samples get logit margin
 * {@code a b K / (K - 1) = 1} with the penalties balanced, {@code a^2 n_k lambda_H = b^2
 * lambda_W}. Training from there grows the class to its optimum. Only the class sizes, the
 * weight decays and which classes the optimum keeps are used, not its lengths or margins.
 */
public final class ReluClassEscape {

    private ReluClassEscape() {
    }

    /**
     * {@return whether the escape applies: the bias-free ReLU UFM with cross-entropy}
     *
     * @param c the model's configuration
     */
    public static boolean appliesTo(UfmConfig c) {
        return c.architecture() == Architecture.RELU_UFM && c.loss() == Loss.CROSS_ENTROPY
                && !c.bias();
    }

    /**
     * The classes that the optimum keeps but {@code model} has at zero: class-mean length below
     * {@link TheoryCheck#ZERO_LENGTH} times the optimal length.
     *
     * @param model the trained model
     * @return the dead classes, ascending
     * @throws IllegalArgumentException if the model is not one the escape {@link #appliesTo}
     */
    public static List<Integer> deadClasses(FeatureModel model) {
        UfmConfig c = model.config();
        if (!appliesTo(c)) {
            throw new IllegalArgumentException("the dead-class escape is for the bias-free ReLU"
                    + " UFM with cross-entropy, not " + c);
        }
        ReluUfmCeOptimum optimum = ReluUfmCeOptimum.of(c.classSizesLong(), c.lambdaW()[0],
                c.lambdaH());
        Matrix means = ClassStatistics.of(model.features(), model.labels(), c.numClasses())
                .classMeans();
        List<Integer> dead = new ArrayList<>();
        for (int k = 0; k < c.numClasses(); k++) {
            if (!optimum.isCollapsed(k) && means.row(k).normFrobenius()
                    < TheoryCheck.ZERO_LENGTH * optimum.meanNorm(k)) {
                dead.add(k);
            }
        }
        return dead;
    }

    /**
     * Gives every {@link #deadClasses dead class} a coordinate of its own, as the class comment
     * says, in place.
     *
     * @param model the trained model, changed in place
     * @return the classes re-seeded (empty when none is dead)
     * @throws IllegalArgumentException as {@link #deadClasses}
     * @throws IllegalStateException if there are more dead classes than coordinates
     */
    public static List<Integer> reseed(FeatureModel model) {
        List<Integer> dead = deadClasses(model);
        if (dead.isEmpty()) {
            return dead;
        }
        UfmConfig c = model.config();
        int classes = c.numClasses();
        int[] labels = model.labels();
        Matrix h = model.features();
        Matrix w = model.layerWeights().get(0);
        Matrix means = ClassStatistics.of(h, labels, classes).classMeans();
        double[] use = new double[c.dim()];
        for (int k = 0; k < classes; k++) {
            for (int j = 0; j < c.dim(); j++) {
                use[j] += c.classSizes()[k] * means.get(k, j) * means.get(k, j);
            }
        }
        for (int k : dead) {
            int j = leastUsed(use);
            if (use[j] == Double.POSITIVE_INFINITY) {
                throw new IllegalStateException("no coordinate left for class " + k + ": width "
                        + c.dim() + " is taken by the other re-seeded classes");
            }
            use[j] = Double.POSITIVE_INFINITY; // given to class k
            double share = (classes - 1.0) / classes;
            double a = Math.sqrt(share * Math.sqrt(c.lambdaW()[0]
                    / (c.classSizes()[k] * c.lambdaH())));
            double b = share / a;
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    for (int col = 0; col < c.dim(); col++) {
                        h.set(i, col, 0);
                    }
                    h.set(i, j, a);
                } else {
                    h.set(i, j, 0);
                }
            }
            for (int row = 0; row < classes; row++) {
                w.set(row, j, row == k ? b : -b / (classes - 1));
            }
        }
        model.setParameters(h, List.of(w));
        return dead;
    }

    /** The index of the smallest entry (the first of equal ones). */
    private static int leastUsed(double[] use) {
        int best = 0;
        for (int j = 1; j < use.length; j++) {
            if (use[j] < use[best]) {
                best = j;
            }
        }
        return best;
    }
}
