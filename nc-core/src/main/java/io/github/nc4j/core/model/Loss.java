package io.github.nc4j.core.model;

import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;

/**
 * The data term of a model's objective, normalized as in definitions.md §1.3: N is the number of
 * samples the loss is taken over (rows of the logits Z).
 */
public enum Loss {
    /** Mean squared error against one-hot targets, {@code (1/(2N)) ||Z - Y||_F^2}. */
    MSE,
    /** Cross-entropy, {@code (1/N) sum_i -log softmax(z_i)_{y_i}}. */
    CROSS_ENTROPY;

    /**
     * The loss of {@code logits} (N x K) for {@code labels}; {@code oneHot} is
     * {@code Labels.oneHot(labels, K)}, read by MSE only.
     */
    Var of(Var logits, int[] labels, Matrix oneHot) {
        return this == MSE ? logits.mse(oneHot) : logits.crossEntropy(labels);
    }

    /**
     * {@return the short name used on the command line and in reports: {@code mse} or {@code ce}}
     */
    public String shortName() {
        return this == MSE ? "mse" : "ce";
    }

    /**
     * {@return the loss named {@code mse} or {@code ce} (case-insensitive)}
     *
     * @param name the name
     * @throws IllegalArgumentException for any other name
     */
    public static Loss parse(String name) {
        for (Loss loss : values()) {
            if (loss.shortName().equalsIgnoreCase(name.strip())) {
                return loss;
            }
        }
        throw new IllegalArgumentException("unknown loss \"" + name + "\"; use mse or ce");
    }
}
