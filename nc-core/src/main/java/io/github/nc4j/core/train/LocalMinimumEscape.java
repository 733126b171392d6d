package io.github.nc4j.core.train;

import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.TheoryCheck;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * An escape from the local minimum {@code p = 0} of the bias-free deep linear UFM with MSE. For
 * depth {@code M >= 2} the penalty makes {@code p = 0} a local minimum of every class (NC-SPEC
 * item 2), so training can leave a class at zero that the global optimum keeps. The classes
 * decouple at such a point: the lost class's features and its path through the layers are zero,
 * and the other classes use other directions. So the class can be put back on its own:
 *
 * <ol>
 *   <li>choose fresh unit directions {@code u_0} (features), {@code u_1 .. u_{M-1}} (the hidden
 *       layers), each orthogonal to the other classes' class means at that layer (and to the
 *       directions chosen for other lost classes), and {@code u_M = e_k} (the class's logit);</li>
 *   <li>set the class's features to {@code a_0 u_0} and add {@code a_l u_l u_{l-1}^T} to every
 *       layer {@code W_l}, with {@code a_0^2 n_k lambda_H = a_l^2 lambda_Wl} (the penalties
 *       balanced, as at any optimum) and {@code a_0 a_1 ... a_M = 1}: the class fits its targets
 *       exactly.</li>
 * </ol>
 * This leaves every other class's features, images and logits unchanged. At gain 1 the class's
 * cost {@code f_k} falls towards its positive minimum, which training then reaches from there.
 * Nothing in it uses the closed form's values: only the targets and the weight decays.
 */
public final class LocalMinimumEscape {

    private LocalMinimumEscape() {
    }

    /**
     * The classes that the global optimum keeps but {@code model} has at (numerically) zero:
     * class-mean length below {@link TheoryCheck#ZERO_LENGTH} times the optimal length.
     *
     * @throws IllegalArgumentException if the model is not a bias-free deep linear (or plain)
     *     UFM with MSE and positive weight decays
     */
    public static List<Integer> lostClasses(FeatureModel model) {
        UfmConfig c = requireDeepLinearMse(model.config());
        DeepLinearMseOptimum optimum = DeepLinearMseOptimum.of(c.classSizesLong(), c.lambdaH(),
                c.lambdaW());
        Matrix means = ClassStatistics.of(model.features(), model.labels(), c.numClasses())
                .classMeans();
        List<Integer> lost = new ArrayList<>();
        for (int k = 0; k < c.numClasses(); k++) {
            if (!optimum.isCollapsed(k) && means.row(k).normFrobenius()
                    < TheoryCheck.ZERO_LENGTH * optimum.meanNorm(k)) {
                lost.add(k);
            }
        }
        return lost;
    }

    /**
     * Re-seeds every {@link #lostClasses lost class} of {@code model} as the class comment says,
     * in place; the random directions come from {@code seed}.
     *
     * @return the classes re-seeded (empty when none is lost)
     * @throws IllegalArgumentException as {@link #lostClasses}
     * @throws IllegalStateException if a layer has no direction left orthogonal to the others
     *     (width below the number of classes)
     */
    public static List<Integer> reseed(FeatureModel model, long seed) {
        List<Integer> lost = lostClasses(model);
        if (lost.isEmpty()) {
            return lost;
        }
        UfmConfig c = model.config();
        int depth = c.depth();
        Matrix h = model.features();
        List<Matrix> weights = new ArrayList<>(model.layerWeights());
        // taken[l]: the directions at layer l's input that are in use (rows, unit length)
        List<List<double[]>> taken = new ArrayList<>();
        Matrix images = ClassStatistics.of(h, model.labels(), c.numClasses()).classMeans();
        for (int l = 0; l < depth; l++) {
            taken.add(keptDirections(images, lost));
            images = images.timesTranspose(weights.get(l));
        }
        Random random = new Random(seed);
        int[] labels = model.labels();
        for (int k : lost) {
            double[] amounts = balancedAmounts(c, k);
            double[] previous = fresh(taken.get(0), c.dim(), random, 0);
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == k) {
                    for (int j = 0; j < c.dim(); j++) {
                        h.set(i, j, amounts[0] * previous[j]);
                    }
                }
            }
            for (int l = 1; l <= depth; l++) {
                double[] next;
                if (l < depth) {
                    next = fresh(taken.get(l), c.dim(), random, l);
                } else {
                    next = new double[c.numClasses()];
                    next[k] = 1;
                }
                Matrix w = weights.get(l - 1);
                for (int i = 0; i < next.length; i++) {
                    for (int j = 0; j < previous.length; j++) {
                        w.set(i, j, w.get(i, j) + amounts[l] * next[i] * previous[j]);
                    }
                }
                previous = next;
            }
        }
        model.setParameters(h, weights);
        return lost;
    }

    /**
     * Whether the escape applies: a bias-free deep linear (or plain) UFM with MSE and positive
     * weight decays.
     */
    public static boolean appliesTo(UfmConfig c) {
        boolean linear = c.architecture() == Architecture.UFM
                || c.architecture() == Architecture.DEEP_LINEAR;
        boolean decays = c.lambdaH() > 0;
        for (double lw : c.lambdaW()) {
            decays &= lw > 0;
        }
        return linear && c.loss() == Loss.MSE && !c.bias() && decays;
    }

    private static UfmConfig requireDeepLinearMse(UfmConfig c) {
        if (!appliesTo(c)) {
            throw new IllegalArgumentException("the escape from p = 0 is for the bias-free deep"
                    + " linear UFM with MSE and positive weight decays, not " + c);
        }
        return c;
    }

    /** Orthonormal rows spanning the class means of the kept classes (Gram-Schmidt). */
    private static List<double[]> keptDirections(Matrix means, List<Integer> lost) {
        List<double[]> basis = new ArrayList<>();
        for (int k = 0; k < means.rows(); k++) {
            if (!lost.contains(k)) {
                double[] v = means.row(k).data();
                double before = norm(v);
                orthogonalize(v, basis);
                double after = norm(v);
                if (after > 1e-8 * before) {
                    scale(v, 1 / after);
                    basis.add(v);
                }
            }
        }
        return basis;
    }

    /** A random unit vector orthogonal to {@code basis}, which it then joins. */
    private static double[] fresh(List<double[]> basis, int dim, Random random, int layer) {
        double[] v = new double[dim];
        for (int i = 0; i < dim; i++) {
            v[i] = random.nextGaussian();
        }
        double before = norm(v);
        orthogonalize(v, basis);
        orthogonalize(v, basis); // twice is enough (Kahan, Parlett)
        double after = norm(v);
        if (!(after > 1e-8 * before)) {
            throw new IllegalStateException("no direction left at layer " + layer + ": width "
                    + dim + " holds " + basis.size() + " classes already");
        }
        scale(v, 1 / after);
        basis.add(v);
        return v;
    }

    /**
     * {@code a_0 .. a_M} with {@code a_0^2 n_k lambda_H = a_l^2 lambda_Wl = 2 c} and product 1:
     * {@code 2c = (n_k lambda_H prod_l lambda_Wl)^(1/(M+1))}.
     */
    private static double[] balancedAmounts(UfmConfig c, int k) {
        double[] lambdaW = c.lambdaW();
        double log = Math.log(c.classSizes()[k]) + Math.log(c.lambdaH());
        for (double lw : lambdaW) {
            log += Math.log(lw);
        }
        double twiceC = Math.exp(log / (lambdaW.length + 1));
        double[] amounts = new double[lambdaW.length + 1];
        amounts[0] = Math.sqrt(twiceC / (c.classSizes()[k] * c.lambdaH()));
        for (int l = 0; l < lambdaW.length; l++) {
            amounts[l + 1] = Math.sqrt(twiceC / lambdaW[l]);
        }
        return amounts;
    }

    private static void orthogonalize(double[] v, List<double[]> basis) {
        for (double[] b : basis) {
            double dot = 0;
            for (int i = 0; i < v.length; i++) {
                dot += v[i] * b[i];
            }
            for (int i = 0; i < v.length; i++) {
                v[i] -= dot * b[i];
            }
        }
    }

    private static double norm(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }

    private static void scale(double[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= factor;
        }
    }
}
