package io.github.nc4j.core.metrics;

import io.github.nc4j.linalg.Matrix;

/**
 * A last-layer classifier {@code z = W h + b}: weights W ({@code K x d}, row k scores class k)
 * and bias b (length K; zeros for a bias-free model). Immutable (defensive copies).
 */
public final class LinearClassifier {

    private final Matrix weights;
    private final double[] bias;
    private final boolean hasBias;

    private LinearClassifier(Matrix weights, double[] bias, boolean hasBias) {
        if (!weights.isFinite()) {
            throw new IllegalArgumentException("classifier weights " + weights.shape()
                    + " hold NaN or infinity");
        }
        if (bias.length != weights.rows()) {
            throw new IllegalArgumentException("bias of length " + bias.length + " for weights "
                    + weights.shape() + " (one bias per row)");
        }
        for (int k = 0; k < bias.length; k++) {
            if (!Double.isFinite(bias[k])) {
                throw new IllegalArgumentException("bias " + k + " is " + bias[k]);
            }
        }
        this.weights = weights.copy();
        this.bias = bias.clone();
        this.hasBias = hasBias;
    }

    /**
     * A bias-free classifier.
     *
     * @param weights the weights W, one row per class
     * @return the classifier
     */
    public static LinearClassifier of(Matrix weights) {
        return new LinearClassifier(weights, new double[weights.rows()], false);
    }

    /**
     * A classifier with a bias.
     *
     * @param weights the weights W, one row per class
     * @param bias the bias b, one entry per class
     * @return the classifier
     * @throws IllegalArgumentException if {@code bias.length != weights.rows()} or a value is
     *     NaN or infinite
     */
    public static LinearClassifier of(Matrix weights, double[] bias) {
        return new LinearClassifier(weights, bias, true);
    }

    /** {@return W ({@code K x d}, a copy)} */
    public Matrix weights() {
        return weights.copy();
    }

    /** {@return b (a copy; zeros if the classifier has no bias)} */
    public double[] bias() {
        return bias.clone();
    }

    /** {@return whether a bias was given} */
    public boolean hasBias() {
        return hasBias;
    }

    /** {@return K, the number of rows of W} */
    public int numClasses() {
        return weights.rows();
    }

    /** {@return d, the number of columns of W} */
    public int dim() {
        return weights.cols();
    }

    /** W itself, for this package's read-only use. */
    Matrix weightsView() {
        return weights;
    }

    @Override
    public String toString() {
        return "LinearClassifier[W " + weights.shape() + (hasBias ? ", with bias]" : ", no bias]");
    }
}
