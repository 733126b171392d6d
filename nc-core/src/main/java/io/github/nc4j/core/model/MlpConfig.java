package io.github.nc4j.core.model;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/**
 * A multilayer perceptron for real data, as a plain value: input dimension p, hidden widths
 * {@code w_1, ..., w_L}, K classes. Layer l computes {@code h_l = relu(h_{l-1} W_l^T + 1 b_l^T)}
 * from {@code h_0 = x}, and the classifier {@code z = h_L W^T + 1 b^T}. The objective is
 * <pre>
 *   loss(Z) + sum over the L + 1 weight matrices of (lambda_l/2) ||W_l||_F^2
 * </pre>
 * with the loss normalized as {@link Loss} says; biases are not decayed. Initialization is
 * PyTorch's default for {@code nn.Linear} (weights and biases uniform in
 * {@code [-1/sqrt(fan_in), 1/sqrt(fan_in)]}), times {@code initScale}, drawn from {@code seed}.
 *
 * @param inputDim     p, the number of input features
 * @param hiddenWidths {@code w_1, ..., w_L}, at least one layer, each at least 1
 * @param numClasses   K, at least 2
 * @param loss         MSE against one-hot targets or cross-entropy
 * @param bias         whether every layer has a bias
 * @param lambdaW      one weight decay per weight matrix: L + 1 values, the classifier's last
 * @param initScale    multiplies the default initialization
 * @param seed         seeds the initialization
 */
public record MlpConfig(int inputDim, int[] hiddenWidths, int numClasses, Loss loss,
                        boolean bias, double[] lambdaW, double initScale, long seed)
        implements Serializable {

    /**
     * Checks every field and keeps copies of the arrays.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public MlpConfig {
        Objects.requireNonNull(loss, "loss");
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
        if (lambdaW.length != hiddenWidths.length + 1) {
            throw new IllegalArgumentException(lambdaW.length + " weight decays for "
                    + (hiddenWidths.length + 1) + " weight matrices (" + hiddenWidths.length
                    + " hidden layers and the classifier)");
        }
        for (int l = 0; l < lambdaW.length; l++) {
            if (!(lambdaW[l] >= 0 && lambdaW[l] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("lambdaW[" + (l + 1) + "] must be finite and"
                        + " non-negative, got " + lambdaW[l]);
            }
        }
        if (!(initScale > 0 && initScale < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("initScale must be positive and finite, got "
                    + initScale);
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

    /**
     * {@return this configuration with another loss}
     *
     * @param value the loss
     */
    public MlpConfig withLoss(Loss value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, value, bias, lambdaW, initScale,
                seed);
    }

    /**
     * {@return this configuration with another seed}
     *
     * @param value the seed of the initialization
     */
    public MlpConfig withSeed(long value) {
        return new MlpConfig(inputDim, hiddenWidths, numClasses, loss, bias, lambdaW, initScale,
                value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MlpConfig c && inputDim == c.inputDim
                && Arrays.equals(hiddenWidths, c.hiddenWidths) && numClasses == c.numClasses
                && loss == c.loss && bias == c.bias && Arrays.equals(lambdaW, c.lambdaW)
                && Double.compare(initScale, c.initScale) == 0 && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(inputDim, Arrays.hashCode(hiddenWidths), numClasses, loss, bias,
                Arrays.hashCode(lambdaW), initScale, seed);
    }

    @Override
    public String toString() {
        return "MlpConfig[p=" + inputDim + ", widths=" + Arrays.toString(hiddenWidths) + ", K="
                + numClasses + ", " + loss.shortName() + (bias ? ", bias" : ", no bias")
                + ", lambdaW=" + Arrays.toString(lambdaW) + ", init=" + initScale + ", seed="
                + seed + "]";
    }
}
