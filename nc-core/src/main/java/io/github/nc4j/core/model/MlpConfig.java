package io.github.nc4j.core.model;

import io.github.nc4j.linalg.Precision;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A multilayer perceptron for real data, as a plain value: a body of ReLU layers, an optional
 * head, and a linear classifier.
 * <ul>
 *   <li>Body: input dimension p, hidden widths {@code w_1, ..., w_L}; layer l computes
 *       {@code h_l = relu(h_{l-1} W_l^T + 1 b_l^T)} from {@code h_0 = x} (biases when
 *       {@code bias}).</li>
 *   <li>Head ({@link Head}): none, M linear layers {@code h -> h V^T} (Dang et al. 2023's deep
 *       linear head) or L ReLU layers {@code h -> relu(h V^T)} (Súkeník et al. 2023's MLP head),
 *       each of the body's last width and without bias, as in the unconstrained feature models
 *       they stand for.</li>
 *   <li>Classifier: {@code z = h W^T (+ 1 b^T when classifierBias)}.</li>
 * </ul>
 * The objective is
 * <pre>
 *   lossScale loss(Z) + sum over the weight matrices of (lambda_l/2) ||W_l||_F^2
 *                     + (lambda_H/2) ||H||_F^2
 * </pre>
 * with the loss normalized as {@link Loss} says, H the body's last features (the head's input,
 * the free features H of the unconstrained feature model the head stands for) of all N
 * training samples (a mini-batch of B samples estimates it by {@code (N/B) ||H_B||_F^2}), and no
 * decay on the biases. {@code lossScale} rescales the data term: {@code 2/K} turns nc4j's MSE
 * {@code (1/(2N)) ||Z - Y||_F^2} into PyTorch's {@code nn.MSELoss()} ({@code (1/(NK))
 * ||Z - Y||_F^2}), the loss of the seeds' scripts. Dividing the objective by {@code lossScale}
 * shows that a run with scale s has the optima of scale 1 with every decay divided by s.
 * {@code precision} is that of the matrix products of training, forward and backward
 * ({@link io.github.nc4j.autodiff.Tape#setPrecision}); evaluation, features and NC are computed
 * in double whatever it is.
 * Initialization is PyTorch's default for {@code nn.Linear} (weights and biases uniform in
 * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]}), times {@code initScale}, drawn from {@code seed}.
 *
 * @param inputDim       p, the number of input features
 * @param hiddenWidths   {@code w_1, ..., w_L}, at least one body layer, each at least 1
 * @param numClasses     K, at least 2
 * @param loss           MSE against one-hot targets or cross-entropy
 * @param bias           whether every body layer has a bias
 * @param lambdaW        one weight decay per weight matrix: body layers, head layers, classifier
 * @param initScale      multiplies the default initialization
 * @param seed           seeds the initialization
 * @param head           the layers between the body and the classifier
 * @param classifierBias whether the classifier has a bias
 * @param lambdaH        the decay of the body's last features, 0 for none
 * @param lossScale      multiplies the data term, positive
 * @param precision      the arithmetic of the training products ({@link Mlp})
 */
public record MlpConfig(int inputDim, int[] hiddenWidths, int numClasses, Loss loss,
                        boolean bias, double[] lambdaW, double initScale, long seed, Head head,
                        boolean classifierBias, double lambdaH, double lossScale,
                        Precision precision)
        implements Serializable {

    /**
     * The layers between the body and the classifier, each as wide as the body's last layer and
     * without bias.
     *
     * @param depth the number of head layers, 0 for none
     * @param relu  whether a ReLU follows each head layer (an MLP head) or not (a linear head)
     */
    public record Head(int depth, boolean relu) implements Serializable {

        /**
         * Checks the depth.
         *
         * @throws IllegalArgumentException if the depth is negative
         */
        public Head {
            if (depth < 0) {
                throw new IllegalArgumentException("head depth must be non-negative, got "
                        + depth);
            }
        }

        /** {@return no head: the classifier reads the body} */
        public static Head none() {
            return new Head(0, false);
        }

        /**
         * {@return M linear layers without activation (Dang et al. 2023)}
         *
         * @param m the number of layers
         */
        public static Head linear(int m) {
            return new Head(m, false);
        }

        /**
         * {@return L ReLU layers (Súkeník et al. 2023)}
         *
         * @param l the number of layers
         */
        public static Head relu(int l) {
            return new Head(l, true);
        }

        @Override
        public String toString() {
            return depth == 0 ? "no head" : depth + (relu ? " ReLU" : " linear") + " head layer"
                    + (depth == 1 ? "" : "s");
        }
    }

    /**
     * The body and classifier only, the classifier biased as the body, no feature decay, the
     * data term unscaled.
     *
     * @param inputDim     p, the number of input features
     * @param hiddenWidths {@code w_1, ..., w_L}
     * @param numClasses   K
     * @param loss         the loss
     * @param bias         whether every layer, the classifier included, has a bias
     * @param lambdaW      one weight decay per weight matrix, the classifier's last
     * @param initScale    multiplies the default initialization
     * @param seed         seeds the initialization
     */
    public MlpConfig(int inputDim, int[] hiddenWidths, int numClasses, Loss loss, boolean bias,
                     double[] lambdaW, double initScale, long seed) {
        this(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale, seed,
                Head.none(), bias, 0, 1, Precision.FLOAT64);
    }

    /**
     * Checks every field and keeps copies of the arrays.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public MlpConfig {
        Objects.requireNonNull(loss, "loss");
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(precision, "precision");
        if (inputDim < 1) {
            throw new IllegalArgumentException("input dimension must be at least 1, got "
                    + inputDim);
        }
        hiddenWidths = hiddenWidths.clone();
        if (hiddenWidths.length < 1) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer");
        }
        for (int l = 0; l < hiddenWidths.length; l++) {
            if (hiddenWidths[l] < 1) {
                throw new IllegalArgumentException("hidden layer " + (l + 1) + " has width "
                        + hiddenWidths[l] + "; widths must be at least 1");
            }
        }
        if (numClasses < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got "
                    + numClasses);
        }
        lambdaW = lambdaW.clone();
        int matrices = hiddenWidths.length + head.depth() + 1;
        if (lambdaW.length != matrices) {
            throw new IllegalArgumentException(lambdaW.length + " weight decays for "
                    + matrices + " weight matrices (" + hiddenWidths.length
                    + " body layers, " + head.depth() + " head layers and the classifier)");
        }
        for (int l = 0; l < lambdaW.length; l++) {
            requireDecay("lambdaW[" + (l + 1) + "]", lambdaW[l]);
        }
        requireDecay("lambdaH", lambdaH);
        if (!(initScale > 0 && initScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initScale must be positive and finite, got "
                    + initScale);
        }
        if (!(lossScale > 0 && lossScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lossScale must be positive and finite, got "
                    + lossScale);
        }
    }

    private static void requireDecay(String name, double value) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got "
                    + value);
        }
    }

    /**
     * {@code depth} hidden layers of {@code width} units, cross-entropy, biases, the same weight
     * decay on every weight matrix, default initialization, seed 0.
     *
     * @param inputDim the input dimension
     * @param width the number of units of every hidden layer
     * @param depth the number of hidden layers L
     * @param numClasses the number of classes K
     * @param weightDecay the weight decay of every weight matrix
     * @return the configuration
     */
    public static MlpConfig of(int inputDim, int width, int depth, int numClasses,
                               double weightDecay) {
        if (depth < 1) {
            throw new IllegalArgumentException("an MLP needs at least one hidden layer, got depth "
                    + depth);
        }
        int[] widths = new int[depth];
        Arrays.fill(widths, width);
        double[] decays = new double[depth + 1];
        Arrays.fill(decays, weightDecay);
        return new MlpConfig(inputDim, widths, numClasses, Loss.CROSS_ENTROPY, true, decays, 1, 0);
    }

    /** {@return the number of hidden layers L} */
    public int depth() {
        return hiddenWidths.length;
    }

    /** {@return the hidden widths (a copy)} */
    @Override
    public int[] hiddenWidths() {
        return hiddenWidths.clone();
    }

    /** {@return the weight decays (a copy)} */
    @Override
    public double[] lambdaW() {
        return lambdaW.clone();
    }

    /** {@return the number of weight matrices: body layers, head layers and the classifier} */
    public int numWeightMatrices() {
        return hiddenWidths.length + head.depth() + 1;
    }

    /**
     * {@return this configuration with another loss}
     *
     * @param value the loss
     */
    public MlpConfig withLoss(Loss value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, value, bias, lambdaW, initScale,
                seed, head, classifierBias, lambdaH, lossScale, precision);
    }

    /**
     * {@return this configuration with another seed}
     *
     * @param value the seed of the initialization
     */
    public MlpConfig withSeed(long value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale,
                value, head, classifierBias, lambdaH, lossScale, precision);
    }

    /**
     * {@return this configuration with another head, every weight matrix decayed by
     * {@code weightDecay}}
     *
     * @param value       the head
     * @param weightDecay the weight decay of every weight matrix
     */
    public MlpConfig withHead(Head value, double weightDecay) {
        double[] decays = new double[hiddenWidths.length + value.depth() + 1];
        Arrays.fill(decays, weightDecay);
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, decays, initScale,
                seed, value, classifierBias, lambdaH, lossScale, precision);
    }

    /**
     * {@return this configuration with other weight decays, one per weight matrix}
     *
     * @param value the decays of the body layers, the head layers and the classifier, in order
     * @throws IllegalArgumentException if their number is not {@link #numWeightMatrices()} or
     *     one is negative or not finite
     */
    public MlpConfig withLambdaW(double[] value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, value, initScale,
                seed, head, classifierBias, lambdaH, lossScale, precision);
    }

    /**
     * {@return this configuration with or without a classifier bias}
     *
     * @param value whether the classifier has a bias
     */
    public MlpConfig withClassifierBias(boolean value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale,
                seed, head, value, lambdaH, lossScale, precision);
    }

    /**
     * {@return this configuration with another decay of the body's last features}
     *
     * @param value lambda_H, 0 for none
     */
    public MlpConfig withLambdaH(double value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale,
                seed, head, classifierBias, value, lossScale, precision);
    }

    /**
     * {@return this configuration with another scale of the data term}
     *
     * @param value the factor of the loss
     */
    public MlpConfig withLossScale(double value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale,
                seed, head, classifierBias, lambdaH, value, precision);
    }

    /**
     * {@return this configuration with another initialization scale}
     *
     * @param value the factor of the default initialization
     */
    public MlpConfig withInitScale(double value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, value,
                seed, head, classifierBias, lambdaH, lossScale, precision);
    }

    /**
     * {@return this configuration with its training products in another precision}
     *
     * @param value the precision of the products of training
     */
    public MlpConfig withPrecision(Precision value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale,
                seed, head, classifierBias, lambdaH, lossScale, value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpConfig c && inputDim == c.inputDim
                && Arrays.equals(hiddenWidths, c.hiddenWidths) && numClasses == c.numClasses
                && loss == c.loss && bias == c.bias && Arrays.equals(lambdaW, c.lambdaW)
                && Double.compare(initScale, c.initScale) == 0 && seed == c.seed
                && head.equals(c.head) && classifierBias == c.classifierBias
                && Double.compare(lambdaH, c.lambdaH) == 0
                && Double.compare(lossScale, c.lossScale) == 0 && precision == c.precision;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputDim, Arrays.hashCode(hiddenWidths), numClasses, loss, bias,
                Arrays.hashCode(lambdaW), initScale, seed, head, classifierBias, lambdaH,
                lossScale, precision);
    }

    @Override
    public String toString() {
        return "MlpConfig[p=" + inputDim + ", widths=" + Arrays.toString(hiddenWidths) + ", K="
                + numClasses + ", " + loss.shortName() + (lossScale == 1 ? "" : " x " + lossScale)
                + (bias ? ", bias" : ", no bias") + ", " + head + (classifierBias
                ? ", classifier bias" : ", no classifier bias") + ", lambdaW="
                + Arrays.toString(lambdaW) + (lambdaH == 0 ? "" : ", lambdaH=" + lambdaH)
                + ", init=" + initScale + ", seed=" + seed
                + (precision == Precision.FLOAT64 ? "" : ", " + precision) + "]";
    }
}
