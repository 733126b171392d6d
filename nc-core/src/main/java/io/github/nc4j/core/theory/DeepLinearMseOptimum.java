package io.github.nc4j.core.theory;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;

/**
 * The global optimum of the bias-free deep linear unconstrained feature model with MSE loss, for
 * any class sizes, depth and weight decays (Dang, Tran, Osher, Tran-The, Ho and Nguyen, "Neural
 * collapse in deep linear networks: from balanced to imbalanced data", ICML 2023, theorem on
 * imbalanced data; definitions.md §4.2; the balanced case is §4.3).
 *
 * <p>The model: minimize over {@code W_1, ..., W_M} and features {@code H} (one column per
 * sample, N in all)
 * <pre>
 *   (1/(2N)) ||W_M ... W_1 H - Y||_F^2 + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H||_F^2
 * </pre>
 * with one-hot targets Y. At the optimum the features of each class collapse to their mean, the
 * means are mutually orthogonal, and class k decouples into a scalar chain whose end-to-end gain
 * {@code p_k} (the logit of class k on its own samples) minimizes
 * <pre>
 *   f_k(p) = (n_k/(2N)) (p - 1)^2 + ((M+1)/2) (n_k lambda_H prod_l lambda_Wl)^(1/(M+1)) p^(2/(M+1))
 * </pre>
 * over {@code p >= 0}. Each of the M+1 penalty terms then carries the same share
 * {@code c_k = (1/2) (p_k^2 n_k lambda_H prod_l lambda_Wl)^(1/(M+1))}, which sets the singular
 * value of {@code W_l} in class k's direction, {@code sqrt(2 c_k / lambda_Wl)}, and the length of
 * the class mean, {@code ||mu_k|| = sqrt(2 c_k / (n_k lambda_H))}. A class with {@code p_k = 0}
 * is lost entirely (minority collapse). For M = 1 this gives
 * {@code p_k = max(0, 1 - N sqrt(lambda_W lambda_H / n_k))}.
 *
 * <p>For {@code M >= 2} the exponent {@code 2/(M+1) < 1} makes {@code p = 0} a local minimum of
 * every {@code f_k}, so training can stop there although the global optimum keeps the class;
 * {@link #reachedGlobalOptimum} tells, class by class, whether trained lengths match.
 *
 * <p>Each {@code f_k} is minimized exactly: f_k' decreases and then increases on
 * {@code (0, infinity)}, so besides {@code p = 0} there is at most one local minimum, the root
 * of f_k' right of the turning point, found by bisection to adjacent doubles. Products of weight
 * decays are formed in logarithms, so deep models with small decays do not underflow.
 */
public final class DeepLinearMseOptimum {

    private final long[] classSizes;
    private final long total;
    private final double lambdaH;
    private final double[] lambdaW;
    private final double[] gains;
    private final double[] shares;

    private DeepLinearMseOptimum(long[] classSizes, double lambdaH, double[] lambdaW) {
        if (lambdaW.length == 0) {
            throw new IllegalArgumentException("depth must be at least 1 (one weight decay per "
                    + "linear layer)");
        }
        long n = Arguments.totalSamples(classSizes, 1);
        Arguments.requirePositive("lambdaH", lambdaH);
        for (int l = 0; l < lambdaW.length; l++) {
            Arguments.requirePositive("lambdaW[" + l + "]", lambdaW[l]);
        }
        this.classSizes = classSizes.clone();
        this.total = n;
        this.lambdaH = lambdaH;
        this.lambdaW = lambdaW.clone();
        this.gains = new double[classSizes.length];
        this.shares = new double[classSizes.length];
        for (int k = 0; k < classSizes.length; k++) {
            gains[k] = minimizeClassCost(k);
            shares[k] = 0.5 * Math.pow(gains[k], exponent()) * geometricMean(k);
        }
    }

    /**
     * {@return the optimum for the given class sizes, feature decay and one weight decay per layer
     * ({@code lambdaW.length} is the depth M)}
     *
     * @param classSizes the number of samples of each class
     * @param lambdaH the feature decay {@code lambda_H}
     * @param lambdaW the weight decay {@code lambda_W,l} of each layer, from the features
     * @throws IllegalArgumentException if a class is empty, a decay is not positive and finite,
     *     or no layer is given
     */
    public static DeepLinearMseOptimum of(long[] classSizes, double lambdaH, double... lambdaW) {
        return new DeepLinearMseOptimum(classSizes, lambdaH, lambdaW);
    }

    /**
     * {@return the balanced case: {@code k} classes of {@code n} samples each (definitions.md
     * §4.3)}
     *
     * @param k the number of classes
     * @param n the number of samples per class
     * @param lambdaH the feature decay {@code lambda_H}
     * @param lambdaW the weight decay {@code lambda_W,l} of each layer, from the features
     */
    public static DeepLinearMseOptimum balanced(int k, long n, double lambdaH, double... lambdaW) {
        long[] sizes = new long[k];
        Arrays.fill(sizes, n);
        return of(sizes, lambdaH, lambdaW);
    }

    // ---------------------------------------------------------------- the per-class problem

    /** The penalty exponent {@code 2/(M+1)}. */
    private double exponent() {
        return 2.0 / (depth() + 1);
    }

    /** {@code (n_k lambda_H prod_l lambda_Wl)^(1/(M+1))}, through logarithms. */
    private double geometricMean(int k) {
        double logSum = Math.log(classSizes[k]) + Math.log(lambdaH);
        for (double lw : lambdaW) {
            logSum += Math.log(lw);
        }
        return Math.exp(logSum / (depth() + 1));
    }

    /**
     * {@return the per-class cost {@code f_k(p)} defined in the class comment; its sum over classes
     * at the optimal gains is the optimal objective}
     *
     * @param k the class
     * @param p the end-to-end gain, in {@code [0, 1)}
     */
    public double classCost(int k, double p) {
        double a = classSizes[k] / (2.0 * total);
        double b = 0.5 * (depth() + 1) * geometricMean(k);
        return a * (p - 1) * (p - 1) + b * Math.pow(p, exponent());
    }

    private double minimizeClassCost(int k) {
        double a = classSizes[k] / (2.0 * total);
        double b = 0.5 * (depth() + 1) * geometricMean(k);
        double r = exponent();
        // f' = 2a (p - 1) + b r p^(r-1); f'' = 2a + b r (r-1) p^(r-2) is increasing, so f' turns
        // where f'' = 0 (at p = 0 when r = 1, the convex M = 1 case); f'(1) = b r > 0.
        double turn = r == 1 ? 0 : Math.pow(b * r * (1 - r) / (2 * a), 1 / (2 - r));
        return HalfLineMinimizer.argmin(p -> classCost(k, p),
                p -> 2 * a * (p - 1) + b * r * Math.pow(p, r - 1), turn, 1);
    }

    // ---------------------------------------------------------------- results

    /** {@return K, the number of classes} */
    public int numClasses() {
        return classSizes.length;
    }

    /** {@return M, the number of linear layers} */
    public int depth() {
        return lambdaW.length;
    }

    /** {@return the class sizes (a copy)} */
    public long[] classSizes() {
        return classSizes.clone();
    }

    /**
     * {@return the optimal end-to-end gain {@code p_k} of class k, in {@code [0, 1)}}
     *
     * @param k the class
     */
    public double gain(int k) {
        return gains[k];
    }

    /**
     * {@return true if class k is lost at the optimum ({@code p_k = 0}: minority collapse)}
     *
     * @param k the class
     */
    public boolean isCollapsed(int k) {
        return gains[k] == 0;
    }

    /**
     * {@return the common value {@code c_k} of the M+1 penalty terms in class k's direction}
     *
     * @param k the class
     */
    public double penaltyShare(int k) {
        return shares[k];
    }

    /**
     * {@return {@code ||mu_k|| = sqrt(2 c_k / (n_k lambda_H))}}
     *
     * @param k the class
     */
    public double meanNorm(int k) {
        return Math.sqrt(2 * shares[k] / (classSizes[k] * lambdaH));
    }

    /** {@return the lengths of all class means} */
    public double[] meanNorms() {
        double[] norms = new double[numClasses()];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = meanNorm(k);
        }
        return norms;
    }

    /**
     * {@return the singular value of {@code W_layer} (layers numbered 1 to M from the features) in
     * class k's direction, {@code sqrt(2 c_k / lambda_W,layer)}}
     *
     * @param layer the layer, from 1 (next to the features) to M
     * @param k the class
     */
    public double singularValue(int layer, int k) {
        if (layer < 1 || layer > depth()) {
            throw new IndexOutOfBoundsException("layer " + layer + " of a depth-" + depth()
                    + " model (layers are numbered 1 to " + depth() + ")");
        }
        return Math.sqrt(2 * shares[k] / lambdaW[layer - 1]);
    }

    /**
     * {@return the Gram matrix of the optimal class means, {@code diag(||mu_k||^2)}: an orthogonal
     * frame}
     */
    public Matrix meanGram() {
        return OrthogonalFrame.gram(meanNorms());
    }

    /** {@return the optimal value of the objective, {@code sum_k f_k(p_k)}} */
    public double objective() {
        double sum = 0;
        for (int k = 0; k < numClasses(); k++) {
            sum += classCost(k, gains[k]);
        }
        return sum;
    }

    /**
     * {@return the objective at the critical point that keeps the optimal gains of every class
     * except those in {@code lost}, which sit at {@code p = 0}} For depth {@code M >= 2} this is a
     * local minimum (the penalty's exponent {@code 2/(M+1) < 1} makes {@code p = 0} one for every
     * class, and the classes decouple), the value a run that stopped there reaches.
     *
     * @param lost which classes sit at {@code p = 0}, one flag per class
     * @throws IllegalArgumentException if {@code lost} does not have K entries
     */
    public double objectiveLosing(boolean[] lost) {
        if (lost.length != numClasses()) {
            throw new IllegalArgumentException(lost.length + " flags for " + numClasses()
                    + " classes");
        }
        double sum = 0;
        for (int k = 0; k < numClasses(); k++) {
            sum += classCost(k, lost[k] ? 0 : gains[k]);
        }
        return sum;
    }

    /**
     * Whether trained class-mean lengths match this optimum, class by class: within
     * {@code relativeTolerance} of {@link #meanNorm} for a class the optimum keeps, and below
     * {@code relativeTolerance} times the largest optimal length for a class it loses. A kept
     * class trained to length near 0 has stopped at the local minimum {@code p = 0}.
     *
     * @param trainedMeanNorms the trained class-mean lengths, one per class
     * @param relativeTolerance the relative tolerance
     * @return one flag per class, true where the class matches
     * @throws IllegalArgumentException if the number of lengths differs from K
     */
    public boolean[] reachedGlobalOptimum(double[] trainedMeanNorms, double relativeTolerance) {
        if (trainedMeanNorms.length != numClasses()) {
            throw new IllegalArgumentException(trainedMeanNorms.length + " lengths for "
                    + numClasses() + " classes");
        }
        double largest = Arrays.stream(meanNorms()).max().orElse(0);
        boolean[] reached = new boolean[numClasses()];
        for (int k = 0; k < reached.length; k++) {
            double expected = meanNorm(k);
            reached[k] = isCollapsed(k)
                    ? trainedMeanNorms[k] <= relativeTolerance * largest
                    : Math.abs(trainedMeanNorms[k] - expected) <= relativeTolerance * expected;
        }
        return reached;
    }

    @Override
    public String toString() {
        return "DeepLinearMseOptimum[M=" + depth() + ", n=" + Arrays.toString(classSizes)
                + ", gains=" + Arrays.toString(gains) + ", objective=" + objective() + "]";
    }
}
