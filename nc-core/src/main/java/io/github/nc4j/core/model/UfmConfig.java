package io.github.nc4j.core.model;

import io.github.nc4j.core.data.ClassSizes;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * Everything that defines an unconstrained feature model and its objective, as a plain value
 * (serializable, compared by content) so that a sweep can build, store and ship its runs.
 *
 * <p>The objective, in nc4j's layout (rows = samples: H is N x d, layer l is
 * {@code W_l} with {@code d_out x d_in}, all layers d x d but the last, which is K x d):
 * <pre>
 *   loss(Z) + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H||_F^2 + (lambda_b/2) ||b||^2
 * </pre>
 * with {@code Z = f(H) W_M^T + 1 b^T} as each {@link Architecture} defines f, the loss
 * normalized as in {@link Loss}, and the penalty on all N rows of H (definitions.md §1.3).
 *
 * <p>Samples are ordered by class: the first {@code n_0} rows of H are class 0, and so on.
 * Initialization: entries of H are N(0, s^2) (their absolute values for {@link ReluUfm}), entries
 * of {@code W_l} are N(0, s^2 / d_in) so that every layer keeps the scale of its input, the bias
 * starts at 0; s is {@code initScale}, and all of it is drawn from {@code seed} in that order.
 *
 * @param architecture which model
 * @param classSizes   {@code n_0, ..., n_{K-1}}, each at least 1, K at least 2
 * @param dim          the feature dimension d (and the width of every hidden layer)
 * @param loss         MSE or cross-entropy
 * @param bias         whether the last layer has a bias b
 * @param lambdaW      one weight decay per layer; its length is the depth M (L for the DUFM)
 * @param lambdaH      the weight decay of the features
 * @param lambdaB      the weight decay of the bias (0: unregularized, as Tirer and Bruna 2022)
 * @param initScale    s, the scale of the initialization
 * @param seed         seeds the initialization (and nothing else)
 */
public record UfmConfig(Architecture architecture, int[] classSizes, int dim, Loss loss,
                        boolean bias, double[] lambdaW, double lambdaH, double lambdaB,
                        double initScale, long seed) implements Serializable {

    /** Default weight decay of every layer and of the features in {@link #of}. */
    public static final double DEFAULT_LAMBDA = 5e-3;

    /**
     * Checks every field and keeps copies of the arrays.
     *
     * @throws IllegalArgumentException naming the offending field: fewer than 2 classes, a class
     *     with no samples, dimension or depth below 1, a negative or non-finite weight decay, a
     *     non-positive initialization scale, or a depth other than 1 for {@link Architecture#UFM}
     *     and {@link Architecture#RELU_UFM}
     */
    public UfmConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(loss, "loss");
        classSizes = ClassSizes.of(classSizes);
        if (classSizes.length < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got "
                    + classSizes.length);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("feature dimension must be at least 1, got " + dim);
        }
        lambdaW = lambdaW.clone();
        if (lambdaW.length < 1) {
            throw new IllegalArgumentException("depth must be at least 1 (one weight decay per"
                    + " layer), got 0");
        }
        boolean singleLayer = architecture == Architecture.UFM
                || architecture == Architecture.RELU_UFM;
        if (singleLayer && lambdaW.length != 1) {
            throw new IllegalArgumentException(architecture.cliName() + " has one layer, got depth "
                    + lambdaW.length + "; use deep-linear or dufm for deeper models");
        }
        for (int l = 0; l < lambdaW.length; l++) {
            requireDecay("lambdaW[" + (l + 1) + "]", lambdaW[l]);
        }
        requireDecay("lambdaH", lambdaH);
        requireDecay("lambdaB", lambdaB);
        if (!(initScale > 0 && initScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initScale must be positive and finite, got "
                    + initScale);
        }
    }

    /**
     * A model of the given architecture with defaults: MSE, no bias, depth 1, every weight decay
     * {@value #DEFAULT_LAMBDA} (none on the bias), initialization scale 1, seed 0.
     *
     * @param architecture the architecture
     * @param classSizes the number of samples of each class
     * @param dim the feature dimension d
     * @return the configuration
     */
    public static UfmConfig of(Architecture architecture, int[] classSizes, int dim) {
        return new UfmConfig(architecture, classSizes, dim, Loss.MSE, false,
                new double[] {DEFAULT_LAMBDA}, DEFAULT_LAMBDA, 0, 1, 0);
    }

    /** {@return the number of classes K} */
    public int numClasses() {
        return classSizes.length;
    }

    /** {@return the number of samples N} */
    public int numSamples() {
        return Arrays.stream(classSizes).sum();
    }

    /** {@return the number of layers M (L for the DUFM)} */
    public int depth() {
        return lambdaW.length;
    }

    /** {@return the class sizes (a copy)} */
    @Override
    public int[] classSizes() {
        return classSizes.clone();
    }

    /** {@return the per-layer weight decays (a copy)} */
    @Override
    public double[] lambdaW() {
        return lambdaW.clone();
    }

    /** {@return the class sizes as {@code long}, as the closed-form optima take them} */
    public long[] classSizesLong() {
        return Arrays.stream(classSizes).asLongStream().toArray();
    }

    /**
     * {@return this configuration with another architecture}
     *
     * @param value the architecture
     */
    public UfmConfig withArchitecture(Architecture value) {
        return new UfmConfig(value, classSizes, dim, loss, bias, lambdaW, lambdaH, lambdaB,
                initScale, seed);
    }

    /**
     * {@return this configuration with other class sizes}
     *
     * @param value the number of samples of each class
     */
    public UfmConfig withClassSizes(int... value) {
        return new UfmConfig(architecture, value, dim, loss, bias, lambdaW, lambdaH, lambdaB,
                initScale, seed);
    }

    /**
     * {@return this configuration with another feature dimension}
     *
     * @param value the feature dimension d
     */
    public UfmConfig withDim(int value) {
        return new UfmConfig(architecture, classSizes, value, loss, bias, lambdaW, lambdaH,
                lambdaB, initScale, seed);
    }

    /**
     * {@return this configuration with another loss}
     *
     * @param value the loss
     */
    public UfmConfig withLoss(Loss value) {
        return new UfmConfig(architecture, classSizes, dim, value, bias, lambdaW, lambdaH,
                lambdaB, initScale, seed);
    }

    /**
     * {@return this configuration with or without a bias}
     *
     * @param value whether the model has a bias
     */
    public UfmConfig withBias(boolean value) {
        return new UfmConfig(architecture, classSizes, dim, loss, value, lambdaW, lambdaH,
                lambdaB, initScale, seed);
    }

    /**
     * {@return this configuration with one weight decay per layer; their number sets the depth}
     *
     * @param perLayer the weight decay of each layer, from the features
     */
    public UfmConfig withLambdaW(double... perLayer) {
        return new UfmConfig(architecture, classSizes, dim, loss, bias, perLayer, lambdaH,
                lambdaB, initScale, seed);
    }

    /**
     * {@return this configuration with {@code depth} layers, each with the weight decay of the
     * first layer}
     *
     * @param depth the number of layers
     */
    public UfmConfig withDepth(int depth) {
        if (depth < 1) {
            throw new IllegalArgumentException("depth must be at least 1, got " + depth);
        }
        double[] perLayer = new double[depth];
        Arrays.fill(perLayer, lambdaW[0]);
        return withLambdaW(perLayer);
    }

    /**
     * {@return this configuration with another feature decay}
     *
     * @param value the feature decay {@code lambda_H}
     */
    public UfmConfig withLambdaH(double value) {
        return new UfmConfig(architecture, classSizes, dim, loss, bias, lambdaW, value, lambdaB,
                initScale, seed);
    }

    /**
     * {@return this configuration with another bias decay}
     *
     * @param value the bias decay {@code lambda_b}
     */
    public UfmConfig withLambdaB(double value) {
        return new UfmConfig(architecture, classSizes, dim, loss, bias, lambdaW, lambdaH, value,
                initScale, seed);
    }

    /**
     * {@return this configuration with another initialization scale}
     *
     * @param value the initialization scale
     */
    public UfmConfig withInitScale(double value) {
        return new UfmConfig(architecture, classSizes, dim, loss, bias, lambdaW, lambdaH,
                lambdaB, value, seed);
    }

    /**
     * {@return this configuration with another seed}
     *
     * @param value the seed of the initialization
     */
    public UfmConfig withSeed(long value) {
        return new UfmConfig(architecture, classSizes, dim, loss, bias, lambdaW, lambdaH,
                lambdaB, initScale, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UfmConfig c && architecture == c.architecture
                && Arrays.equals(classSizes, c.classSizes) && dim == c.dim && loss == c.loss
                && bias == c.bias && Arrays.equals(lambdaW, c.lambdaW)
                && Double.compare(lambdaH, c.lambdaH) == 0
                && Double.compare(lambdaB, c.lambdaB) == 0
                && Double.compare(initScale, c.initScale) == 0 && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(architecture, Arrays.hashCode(classSizes), dim, loss, bias,
                Arrays.hashCode(lambdaW), lambdaH, lambdaB, initScale, seed);
    }

    @Override
    public String toString() {
        return "UfmConfig[" + architecture.cliName() + ", n=" + Arrays.toString(classSizes)
                + ", d=" + dim + ", " + loss.shortName() + (bias ? ", bias" : ", no bias")
                + ", lambdaW=" + Arrays.toString(lambdaW) + ", lambdaH=" + lambdaH
                + (bias ? ", lambdaB=" + lambdaB : "") + ", init=" + initScale + ", seed=" + seed
                + "]";
    }

    private static void requireDecay(String name, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got "
                    + value);
        }
    }
}
