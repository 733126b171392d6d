package io.github.nc4j.core.theory;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * Mutually orthogonal vectors of prescribed lengths: the configuration of uncentered class means
 * and classifier rows in bias-free models (Dang, Tran, Osher, Tran-The, Ho and Nguyen, "Neural
 * collapse in deep linear networks: from balanced to imbalanced data", ICML 2023; Dang et al.,
 * "Neural collapse for cross-entropy class-imbalanced learning with unconstrained ReLU feature
 * model", ICML 2024). Balanced data give equal lengths; imbalanced data give lengths set by the
 * class sizes (see {@link DeepLinearMseOptimum} and {@link ReluUfmCeOptimum}).
 */
public final class OrthogonalFrame {

    private OrthogonalFrame() {
    }

    /**
     * {@return the Gram matrix {@code diag(lengths_k^2)}}
     *
     * @param lengths the lengths of the K vectors
     */
    public static Matrix gram(double... lengths) {
        double[] squares = new double[lengths.length];
        for (int k = 0; k < lengths.length; k++) {
            squares[k] = lengths[k] * lengths[k];
        }
        return Matrix.diagonal(squares);
    }

    /**
     * {@return the rows {@code lengths_k e_k} of a {@code K x dim} matrix}
     *
     * @param lengths the lengths of the K vectors
     * @param dim the dimension, at least K
     * @throws IllegalArgumentException if {@code dim < K} or a length is negative or not finite
     */
    public static Matrix vectors(double[] lengths, int dim) {
        int k = lengths.length;
        if (dim < k) {
            throw new IllegalArgumentException(k + " orthogonal vectors need dimension at least "
                    + k + ", got " + dim);
        }
        for (int i = 0; i < k; i++) {
            if (!(lengths[i] >= 0 && lengths[i] < Double.POSITIVE_INFINITY)) {
                throw new IllegalArgumentException("length " + i + " is " + lengths[i]);
            }
        }
        return Matrix.generate(k, dim, (i, j) -> i == j ? lengths[i] : 0);
    }

    /**
     * As {@link #vectors(double[], int)}, rotated by a Haar-random orthogonal matrix.
     *
     * @param lengths the lengths of the K vectors
     * @param dim the dimension, at least K
     * @param random the source of the rotation
     * @return the rotated vectors, one per row
     */
    public static Matrix vectors(double[] lengths, int dim, Random random) {
        return vectors(lengths, dim).times(RandomOrthogonal.haar(dim, random));
    }
}
