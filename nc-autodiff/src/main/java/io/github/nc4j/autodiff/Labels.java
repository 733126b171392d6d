package io.github.nc4j.autodiff;

import io.github.nc4j.linalg.Matrix;
import java.util.Objects;

/**
 * Integer class labels next to matrices with one row per sample: one-hot targets for the MSE
 * loss, predicted classes, accuracy.
 */
public final class Labels {

    private Labels() {
    }

    /**
     * {@return the N x K one-hot matrix Y with {@code Y[i, labels[i]] = 1} and zeros elsewhere: the
     * MSE target of the unconstrained feature model ({@link Var#mse})}
     *
     * @param labels the label of each row, in {@code [0, classes)}
     * @param classes the number of classes K
     * @throws IllegalArgumentException if {@code classes < 1} or a label is outside
     *     {@code [0, classes)}
     */
    public static Matrix oneHot(int[] labels, int classes) {
        Objects.requireNonNull(labels, "labels");
        if (classes < 1) {
            throw new IllegalArgumentException("oneHot: need at least one class, got " + classes);
        }
        Matrix y = Matrix.zeros(labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("oneHot: label " + labels[i] + " of sample " + i
                        + " is outside [0, " + classes + ")");
            }
            y.set(i, labels[i], 1.0);
        }
        return y;
    }

    /**
     * The predicted class of every row of scores (logits or probabilities): the index of the
     * row's largest entry, the first one on ties. A row containing NaN predicts -1, which never
     * matches a label.
     *
     * @param scores the scores, one row per sample
     * @return the predicted class of each row
     * @throws IllegalArgumentException if the matrix has rows but no columns
     */
    public static int[] predictions(Matrix scores) {
        int rows = scores.rows();
        int cols = scores.cols();
        if (rows > 0 && cols == 0) {
            throw new IllegalArgumentException("predictions: a " + scores.shape()
                    + " matrix has no classes");
        }
        double[] s = scores.data();
        int[] predicted = new int[rows];
        for (int i = 0; i < rows; i++) {
            int best = 0;
            for (int j = 1; j < cols; j++) {
                if (s[i * cols + j] > s[i * cols + best]) {
                    best = j;
                }
            }
            predicted[i] = hasNaN(s, i * cols, cols) ? -1 : best;
        }
        return predicted;
    }

    /**
     * {@return the fraction of rows whose {@linkplain #predictions predicted class} equals the
     * label}
     *
     * @param scores the scores, one row per sample
     * @param labels the label of each row
     * @throws IllegalArgumentException if there is not exactly one label per row, or no rows
     */
    public static double accuracy(Matrix scores, int[] labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.length != scores.rows() || labels.length == 0) {
            throw new IllegalArgumentException("accuracy: " + labels.length + " labels for a "
                    + scores.shape() + " matrix of scores (need one per row, at least one)");
        }
        int[] predicted = predictions(scores);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return (double) correct / labels.length;
    }

    private static boolean hasNaN(double[] s, int from, int length) {
        for (int j = from; j < from + length; j++) {
            if (Double.isNaN(s[j])) {
                return true;
            }
        }
        return false;
    }
}
