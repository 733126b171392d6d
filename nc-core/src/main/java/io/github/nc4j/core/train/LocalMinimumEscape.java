package io.github.nc4j.core.train;

import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.Svd;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An escape from the local minimum {@code p = 0} of the bias-free deep linear UFM with MSE. For
 * depth {@code M >= 2} the penalty makes {@code p = 0} a local minimum of every class (definitions.md
 * §4.2), so training can leave a class at zero that the global optimum keeps. The classes
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
 *
 * <p>{@link #escape} also handles the two other ways a run can stop at a local minimum that is
 * not global, both seen with L-BFGS from the default initialization: a lost direction that
 * mixes classes of equal size ({@link #lostDirections}), re-seeded in the same way; and the
 * mirror image, classes that the optimum loses (minority collapse, {@code p_k = 0}) kept at the
 * positive local minimum of {@code f_k} that exists near the collapse threshold for
 * {@code M >= 2} ({@link #spuriousClasses}), whose features and paths are set to zero, the local
 * minimum {@code p = 0} that is global for them.
 */
public final class LocalMinimumEscape {

    /**
     * The relative projected gradient norm at which a run counts as stopped at a critical point
     * for {@link #escape}: {@link TheoryCheck}'s convergence for a verdict at 1%, which runs that
     * are still shrinking a class do not meet.
     */
    static final double CRITICAL = TheoryCheck.STATIONARY * 0.01;

    private LocalMinimumEscape() {
    }

    /**
     * The classes that the global optimum keeps but {@code model} has at (numerically) zero:
     * class-mean length below {@link TheoryCheck#ZERO_LENGTH} times the optimal length.
     *
     * @param model the trained model
     * @return the lost classes, ascending
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
     * The unit directions in class space (K entries, 0 on the classes the optimum loses) along
     * which {@code model}'s class means vanish although the optimum's do not: the local minimum
     * {@code p = 0} of a direction rather than of a class. The classes decouple only up to
     * rotations among classes of equal size, so where several classes have the same size (balanced
     * classes in particular) training can lose a mixture of them, e.g. {@code (e_1 - e_2)/sqrt 2},
     * with every class mean still of about its optimal length but the K means spanning one
     * dimension too few. A {@link #lostClasses lost class} is such a direction too.
     *
     * <p>The directions are the left singular vectors of the kept classes' scaled means
     * {@code sqrt(n_k) mu_k} (in which the classes' costs decouple) whose singular value is below
     * {@link TheoryCheck#ZERO_LENGTH} times the optimum's along the same direction,
     * {@code sqrt(sum_k v_k^2 n_k ||mu_k*||^2)}; for {@code v = e_k} this is the test of
     * {@link #lostClasses}.
     *
     * @param model the trained model
     * @return the directions, each of K entries
     * @throws IllegalArgumentException as {@link #lostClasses}
     */
    public static List<double[]> lostDirections(FeatureModel model) {
        UfmConfig c = requireDeepLinearMse(model.config());
        DeepLinearMseOptimum optimum = DeepLinearMseOptimum.of(c.classSizesLong(), c.lambdaH(),
                c.lambdaW());
        Matrix means = ClassStatistics.of(model.features(), model.labels(), c.numClasses())
                .classMeans();
        int[] sizes = c.classSizes();
        int[] kept = IntStream.range(0, c.numClasses()).filter(k -> !optimum.isCollapsed(k))
                .toArray();
        List<double[]> lost = new ArrayList<>();
        if (kept.length == 0) {
            return lost;
        }
        Matrix scaled = Matrix.zeros(kept.length, c.dim());
        for (int a = 0; a < kept.length; a++) {
            double root = Math.sqrt(sizes[kept[a]]);
            for (int j = 0; j < c.dim(); j++) {
                scaled.set(a, j, root * means.get(kept[a], j));
            }
        }
        Svd svd = Svd.full(scaled);
        double[] s = svd.singularValues();
        Matrix u = svd.u();
        for (int i = 0; i < kept.length; i++) {
            double[] v = new double[c.numClasses()];
            double optimal = 0;
            for (int a = 0; a < kept.length; a++) {
                int k = kept[a];
                v[k] = u.get(a, i);
                double length = optimum.meanNorm(k);
                optimal += v[k] * v[k] * sizes[k] * length * length;
            }
            double sigma = i < s.length ? s[i] : 0;
            if (sigma < TheoryCheck.ZERO_LENGTH * Math.sqrt(optimal)) {
                lost.add(v);
            }
        }
        return lost;
    }

    /**
     * Re-seeds every {@link #lostClasses lost class} of {@code model} as the class comment says,
     * in place; the random directions come from {@code seed}.
     *
     * @param model the trained model, changed in place
     * @param seed the seed of the random directions
     * @return the classes re-seeded (empty when none is lost)
     * @throws IllegalArgumentException as {@link #lostClasses}
     * @throws IllegalStateException if a layer has no direction left orthogonal to the others
     *     (width below the number of classes)
     */
    public static List<Integer> reseed(FeatureModel model, long seed) {
        return reseedClasses(model, new Random(seed));
    }

    /**
     * The classes that the global optimum loses ({@code p_k = 0}) but {@code model} keeps:
     * class-mean length above {@link TheoryCheck#ZERO_LENGTH} times the largest optimal length
     * (the scale against which {@link TheoryCheck} compares a length predicted to be 0). For
     * {@code M >= 2}, {@code f_k} of a class just past the collapse threshold still has a positive
     * local minimum, above {@code f_k(0)}, where training can stop.
     *
     * @param model the trained model
     * @return the spurious classes, ascending
     * @throws IllegalArgumentException as {@link #lostClasses}
     */
    public static List<Integer> spuriousClasses(FeatureModel model) {
        UfmConfig c = requireDeepLinearMse(model.config());
        DeepLinearMseOptimum optimum = DeepLinearMseOptimum.of(c.classSizesLong(), c.lambdaH(),
                c.lambdaW());
        Matrix means = ClassStatistics.of(model.features(), model.labels(), c.numClasses())
                .classMeans();
        double largest = 0;
        for (int k = 0; k < c.numClasses(); k++) {
            largest = Math.max(largest, optimum.meanNorm(k));
        }
        List<Integer> spurious = new ArrayList<>();
        for (int k = 0; k < c.numClasses(); k++) {
            if (optimum.isCollapsed(k)
                    && means.row(k).normFrobenius() > TheoryCheck.ZERO_LENGTH * largest) {
                spurious.add(k);
            }
        }
        return spurious;
    }

    /**
     * What {@link #escape} did.
     *
     * @param classes    the lost classes re-seeded, as {@link #reseed} returns them
     * @param directions the number of lost directions that mix classes of equal size
     *                   ({@link #lostDirections}), found and re-seeded after the lost classes
     * @param dropped    the {@link #spuriousClasses} set to zero, features and paths
     */
    public record Escape(List<Integer> classes, int directions, List<Integer> dropped) {

        /** Nothing done. */
        public static final Escape NONE = new Escape(List.of(), 0, List.of());

        /** Keeps unmodifiable copies of the lists. */
        public Escape {
            classes = List.copyOf(classes);
            dropped = List.copyOf(dropped);
        }

        /**
         * {@return this escape followed by {@code next}: the classes and directions of both}
         *
         * @param next the escape that follows
         */
        public Escape and(Escape next) {
            return new Escape(union(classes, next.classes), directions + next.directions,
                    union(dropped, next.dropped));
        }

        private static List<Integer> union(List<Integer> a, List<Integer> b) {
            return Stream.concat(a.stream(), b.stream()).distinct().sorted().toList();
        }

        /** {@return whether nothing was found, so the parameters are unchanged} */
        public boolean isEmpty() {
            return classes.isEmpty() && directions == 0 && dropped.isEmpty();
        }
    }

    /**
     * The whole escape, in place. First, if the model is at a critical point (projected gradient
     * norm at most {@link #CRITICAL} times the objective; a run still on its way
     * has minority classes that are still shrinking), every {@link #spuriousClasses spurious
     * class} is set to zero, its features and its path through the layers (each layer's action
     * on the class means' images at its input, orthogonal to the other classes' images). Then
     * the lost classes are {@link #reseed re-seeded}. Then every direction that is still
     * {@link #lostDirections lost} (a mixture of classes of equal size) is re-seeded in the same
     * way, with the class's logit {@code e_k} replaced by the direction {@code v} and class k's
     * features given the share {@code v_k}: the features of class k gain {@code a_0 v_k u_0},
     * {@code W_M} gains {@code a_M v u_{M-1}^T}, and the class means' logits gain
     * {@code v v^T}, the target along v. The amounts are those of a class of size
     * {@code sum_k v_k^2 n_k} (the common size of the classes v mixes). The random directions
     * come from {@code seed}, those of the classes exactly as in {@link #reseed}.
     *
     * @param model the trained model, changed in place
     * @param seed the seed of the random directions
     * @return what was done, empty when nothing was
     * @throws IllegalArgumentException as {@link #lostClasses}
     * @throws IllegalStateException as {@link #reseed}
     */
    public static Escape escape(FeatureModel model, long seed) {
        boolean critical = model.projectedGradientNorm()
                <= CRITICAL * model.objectiveValue();
        List<Integer> dropped = critical ? spuriousClasses(model) : List.of();
        if (!dropped.isEmpty()) {
            drop(model, dropped);
        }
        Random random = new Random(seed);
        List<Integer> classes = reseedClasses(model, random);
        List<double[]> directions = lostDirections(model);
        if (!directions.isEmpty()) {
            addPaths(model, directions, List.of(), random);
        }
        return new Escape(classes, directions.size(), dropped);
    }

    /**
     * Sets the features of the {@code dropped} classes to zero and removes from each layer
     * {@code W_l} its action on the directions their class means take at its input, orthogonal
     * to the other classes' means there: the path of each dropped class, which at a critical
     * point no other class uses.
     */
    private static void drop(FeatureModel model, List<Integer> dropped) {
        UfmConfig c = model.config();
        Matrix h = model.features();
        List<Matrix> weights = new ArrayList<>(model.layerWeights());
        Matrix images = ClassStatistics.of(h, model.labels(), c.numClasses()).classMeans();
        for (int l = 0; l < c.depth(); l++) {
            List<double[]> basis = keptDirections(images, dropped);
            int others = basis.size();
            for (int k : dropped) {
                double[] v = images.row(k).data();
                double before = norm(v);
                orthogonalize(v, basis);
                orthogonalize(v, basis);
                double after = norm(v);
                if (after > 1e-8 * before) {
                    scale(v, 1 / after);
                    basis.add(v);
                }
            }
            Matrix w = weights.get(l);
            images = images.timesTranspose(w); // the images through the layer as it was
            for (double[] b : basis.subList(others, basis.size())) {
                for (int i = 0; i < w.rows(); i++) {
                    double dot = 0;
                    for (int j = 0; j < b.length; j++) {
                        dot += w.get(i, j) * b[j];
                    }
                    for (int j = 0; j < b.length; j++) {
                        w.set(i, j, w.get(i, j) - dot * b[j]);
                    }
                }
            }
        }
        int[] labels = model.labels();
        for (int i = 0; i < labels.length; i++) {
            if (dropped.contains(labels[i])) {
                for (int j = 0; j < c.dim(); j++) {
                    h.set(i, j, 0);
                }
            }
        }
        model.setParameters(h, weights);
    }

    private static List<Integer> reseedClasses(FeatureModel model, Random random) {
        List<Integer> lost = lostClasses(model);
        if (lost.isEmpty()) {
            return lost;
        }
        List<double[]> axes = new ArrayList<>();
        for (int k : lost) {
            double[] axis = new double[model.numClasses()];
            axis[k] = 1;
            axes.add(axis);
        }
        addPaths(model, axes, lost, random);
        return lost;
    }

    /**
     * Adds one path of gain 1 per direction v in class space: fresh unit directions
     * {@code u_0 .. u_{M-1}} orthogonal to the class means at each layer (those of the
     * {@code replaced} classes left out) and to each other, features {@code + a_0 v_k u_0} for
     * every sample of class k ({@code = a_0 u_0} for a replaced class, whose features are
     * dropped), {@code W_l + a_l u_l u_{l-1}^T} and {@code W_M + a_M v u_{M-1}^T}.
     */
    private static void addPaths(FeatureModel model, List<double[]> directions,
                                 List<Integer> replaced, Random random) {
        UfmConfig c = model.config();
        int depth = c.depth();
        Matrix h = model.features();
        List<Matrix> weights = new ArrayList<>(model.layerWeights());
        // taken[l]: the directions at layer l's input that are in use (rows, unit length)
        List<List<double[]>> taken = new ArrayList<>();
        Matrix images = ClassStatistics.of(h, model.labels(), c.numClasses()).classMeans();
        for (int l = 0; l < depth; l++) {
            taken.add(keptDirections(images, replaced));
            images = images.timesTranspose(weights.get(l));
        }
        int[] labels = model.labels();
        for (double[] v : directions) {
            double[] amounts = balancedAmounts(c, effectiveSize(c, v));
            double[] previous = fresh(taken.get(0), c.dim(), random, 0);
            for (int i = 0; i < labels.length; i++) {
                double share = v[labels[i]];
                if (share == 0) {
                    continue;
                }
                boolean replace = replaced.contains(labels[i]);
                for (int j = 0; j < c.dim(); j++) {
                    double added = amounts[0] * share * previous[j];
                    h.set(i, j, replace ? added : h.get(i, j) + added);
                }
            }
            for (int l = 1; l <= depth; l++) {
                double[] next;
                if (l < depth) {
                    next = fresh(taken.get(l), c.dim(), random, l);
                } else {
                    next = v;
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
    }

    /** {@code sum_k v_k^2 n_k}: n_k for {@code v = e_k}, the common size for a mixture. */
    private static double effectiveSize(UfmConfig c, double[] v) {
        double size = 0;
        for (int k = 0; k < v.length; k++) {
            size += v[k] * v[k] * c.classSizes()[k];
        }
        return size;
    }

    /**
     * {@return whether the escape applies: a bias-free deep linear (or plain) UFM with MSE and
     * positive weight decays}
     *
     * @param c the model's configuration
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
     * {@code a_0 .. a_M} for a class of {@code size} = n_k samples, with
     * {@code a_0^2 n_k lambda_H = a_l^2 lambda_Wl = 2 c} and product 1:
     * {@code 2c = (n_k lambda_H prod_l lambda_Wl)^(1/(M+1))}.
     */
    private static double[] balancedAmounts(UfmConfig c, double size) {
        double[] lambdaW = c.lambdaW();
        double log = Math.log(size) + Math.log(c.lambdaH());
        for (double lw : lambdaW) {
            log += Math.log(lw);
        }
        double twiceC = Math.exp(log / (lambdaW.length + 1));
        double[] amounts = new double[lambdaW.length + 1];
        amounts[0] = Math.sqrt(twiceC / (size * c.lambdaH()));
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
