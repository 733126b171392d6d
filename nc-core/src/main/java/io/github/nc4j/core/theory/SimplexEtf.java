package io.github.nc4j.core.theory;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * The simplex equiangular tight frame (ETF): K unit vectors with pairwise inner products
 * {@code -1/(K-1)}, the configuration class means and classifier rows collapse to in the
 * balanced unconstrained feature model (Papyan, Han and Donoho, "Prevalence of neural collapse
 * during the terminal phase of deep learning training", PNAS 2020; Zhu et al., "A geometric
 * analysis of neural collapse with unconstrained features", NeurIPS 2021).
 *
 * <p>Its Gram matrix is {@code E_K = (K/(K-1)) (I_K - (1/K) 1 1^T)}, of rank K-1, so the vectors
 * need a space of dimension at least K-1.
 */
public final class SimplexEtf {

    private SimplexEtf() {
    }

    /**
     * {@return the Gram matrix {@code E_K = (K/(K-1)) (I_K - (1/K) 1 1^T)} of the simplex ETF}
     *
     * @param k the number of vectors K
     * @throws IllegalArgumentException if {@code k < 2}
     */
    public static Matrix gram(int k) {
        requireClasses(k);
        double scale = k / (k - 1.0);
        return Matrix.generate(k, k, (i, j) -> scale * ((i == j ? 1 : 0) - 1.0 / k));
    }

    /**
     * K unit vectors forming a simplex ETF, as the rows of a {@code k x dim} matrix, in a fixed
     * orientation: row k is {@code sqrt(K/(K-1))} times row k of the Helmert basis of the
     * sum-zero subspace of R^K, so only the first K-1 coordinates are nonzero.
     *
     * @param k the number of vectors K
     * @param dim the dimension, at least K - 1
     * @return the vectors, one per row
     * @throws IllegalArgumentException if {@code k < 2} or {@code dim < k - 1}
     */
    public static Matrix vectors(int k, int dim) {
        requireClasses(k);
        if (dim < k - 1) {
            throw new IllegalArgumentException("a simplex ETF of " + k + " vectors needs "
                    + "dimension at least " + (k - 1) + ", got " + dim);
        }
        // Helmert column c (c = 1..K-1): (1, ..., 1, -c, 0, ..., 0) / sqrt(c (c + 1)), with c ones;
        // the columns are orthonormal and orthogonal to the all-ones vector.
        double scale = Math.sqrt(k / (k - 1.0));
        return Matrix.generate(k, dim, (row, col) -> {
            if (col >= k - 1) {
                return 0;
            }
            int c = col + 1;
            double entry = row < c ? 1 : row == c ? -c : 0;
            return scale * entry / Math.sqrt(c * (c + 1.0));
        });
    }

    /**
     * As {@link #vectors(int, int)}, rotated by a Haar-random orthogonal matrix.
     *
     * @param k the number of vectors K
     * @param dim the dimension, at least K - 1
     * @param random the source of the rotation
     * @return the rotated vectors, one per row
     */
    public static Matrix vectors(int k, int dim, Random random) {
        return vectors(k, dim).times(RandomOrthogonal.haar(dim, random));
    }

    private static void requireClasses(int k) {
        if (k < 2) {
            throw new IllegalArgumentException("a simplex ETF needs at least 2 classes, got " + k);
        }
    }
}
