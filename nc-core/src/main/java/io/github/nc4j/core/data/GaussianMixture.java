package io.github.nc4j.core.data;

import io.github.nc4j.linalg.Matrix;
import java.util.Random;

/**
 * Synthetic labeled data: class k's samples are {@code x = mu_k + noise * z} with
 * {@code z ~ N(0, I_d)}, and the class means {@code mu_k = separation * u_k} have independent
 * directions {@code u_k} uniform on the unit sphere of R^d. For K much smaller than d the means
 * are nearly orthogonal, so {@code ||mu_k - mu_l|| ~ separation * sqrt(2)}, and the ratio
 * {@code separation / noise} sets how separable the classes are.
 *
 * <p>Everything is drawn from one {@link Random} seeded with {@code seed}: the K x d means first
 * (row by row), then the samples class by class. The same arguments give the same data on every
 * JVM.
 *
 * @param dimension d, at least 1
 * @param separation the norm of every class mean, finite and non-negative
 * @param noise the standard deviation of every coordinate around its class mean, finite and
 *     non-negative
 */
public record GaussianMixture(int dimension, double separation, double noise) {

    /** Checks the parameters. */
    public GaussianMixture {
        if (dimension < 1) {
            throw new IllegalArgumentException("dimension must be at least 1, got " + dimension);
        }
        if (!(separation >= 0 && separation < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("separation must be finite and >= 0, got "
                    + separation);
        }
        if (!(noise >= 0 && noise < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
        }
    }

    /**
     * {@return the K x d matrix of class means (rows {@code mu_k}) that {@link #sample} uses}
     *
     * @param numClasses the number of classes K
     * @param seed the seed of the directions
     */
    public Matrix means(int numClasses, long seed) {
        return means(numClasses, new Random(seed));
    }

    /**
     * {@code classSizes[k]} samples of class k for every k, grouped by class in the order
     * 0..K-1 (shuffle with {@link MiniBatches} or {@link LabeledData#subset} if needed). O(N d).
     *
     * @param classSizes the number of samples of each class
     * @param seed the seed of the means and the noise
     * @return the samples, grouped by class
     * @throws IllegalArgumentException if the sizes are not valid {@link ClassSizes#of}
     */
    public LabeledData sample(int[] classSizes, long seed) {
        int[] sizes = ClassSizes.of(classSizes);
        Random random = new Random(seed);
        Matrix means = means(sizes.length, random);
        int n = 0;
        for (int size : sizes) {
            n = Math.addExact(n, size);
        }
        Matrix x = Matrix.zeros(n, dimension);
        double[] a = x.data();
        double[] mu = means.data();
        int[] labels = new int[n];
        int row = 0;
        for (int k = 0; k < sizes.length; k++) {
            for (int s = 0; s < sizes[k]; s++, row++) {
                labels[row] = k;
                for (int j = 0; j < dimension; j++) {
                    a[row * dimension + j] = mu[k * dimension + j] + noise * random.nextGaussian();
                }
            }
        }
        return LabeledData.of(x, labels, sizes.length);
    }

    private Matrix means(int numClasses, Random random) {
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be at least 1, got "
                    + numClasses);
        }
        Matrix means = Matrix.gaussian(numClasses, dimension, random);
        double[] a = means.data();
        for (int k = 0; k < numClasses; k++) {
            // A standard normal vector divided by its norm is uniform on the sphere (Muller 1959).
            double norm = means.row(k).normFrobenius();
            for (int j = 0; j < dimension; j++) {
                a[k * dimension + j] *= separation / norm;
            }
        }
        return means;
    }
}
