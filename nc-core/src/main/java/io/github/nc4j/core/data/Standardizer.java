package io.github.nc4j.core.data;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;

/**
 * An affine map {@code x_j -> (x_j - mean_j) / scale_j} on the features, fitted on training data
 * and then applied unchanged to every split (fitting on the test split would leak it).
 *
 * <p>Two fits are offered:
 * <ul>
 *   <li>{@link #fitPerFeature}: each column to zero mean and unit population standard deviation,
 *       as scikit-learn's {@code StandardScaler};</li>
 *   <li>{@link #fitGlobal}: one mean and one standard deviation over all entries, as
 *       torchvision's {@code Normalize} with the data set's pixel statistics.</li>
 * </ul>
 * A column (or data set) whose variance is zero, or indistinguishable from zero given the
 * rounding error of the computation, gets scale 1, as in scikit-learn: constant pixels (the border
 * of MNIST-like images) map to zero instead of NaN or to noise blown up by a tiny scale.
 *
 * <p>Statistics use the two-pass formula (mean first, then the mean of squared deviations),
 * which is accurate where the one-pass {@code E[x^2] - E[x]^2} cancels catastrophically
 * (Chan, Golub and LeVeque, "Algorithms for computing the sample variance", 1983).
 */
public final class Standardizer {

    private final double[] mean;
    private final double[] scale;

    private Standardizer(double[] mean, double[] scale) {
        this.mean = mean;
        this.scale = scale;
    }

    /**
     * Column means and population standard deviations of {@code train} (N x d, N >= 1).
     * O(N d).
     *
     * @param train the training features, one sample per row
     * @return the fitted standardizer
     * @throws IllegalArgumentException if {@code train} has no rows
     */
    public static Standardizer fitPerFeature(Matrix train) {
        requireRows(train);
        int n = train.rows();
        int d = train.cols();
        double[] a = train.data();
        double[] mean = train.columnMeans().data();
        double[] squares = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                double dev = a[i * d + j] - mean[j];
                squares[j] += dev * dev;
            }
        }
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            scale[j] = scaleOf(squares[j] / n, mean[j], n);
        }
        return new Standardizer(mean, scale);
    }

    /**
     * One mean and one population standard deviation over every entry of {@code train}, used for
     * all d columns. O(N d).
     *
     * @param train the training features, one sample per row
     * @return the fitted standardizer
     * @throws IllegalArgumentException if {@code train} has no rows
     */
    public static Standardizer fitGlobal(Matrix train) {
        requireRows(train);
        double[] a = train.data();
        double mean = train.sum() / a.length;
        double squares = 0;
        for (double v : a) {
            squares += (v - mean) * (v - mean);
        }
        double[] means = new double[train.cols()];
        double[] scales = new double[train.cols()];
        Arrays.fill(means, mean);
        Arrays.fill(scales, scaleOf(squares / a.length, mean, a.length));
        return new Standardizer(means, scales);
    }

    private static void requireRows(Matrix train) {
        if (train.rows() == 0) {
            throw new IllegalArgumentException("cannot fit a standardizer on 0 samples ("
                    + train.shape() + ")");
        }
    }

    /**
     * The standard deviation, or 1 if the variance is within the two-pass algorithm's error
     * bound {@code n eps var + (n eps |mean|)^2} of zero (Chan, Golub and LeVeque 1983; the same
     * test as scikit-learn's {@code _is_constant_feature}): a constant column whose mean is not
     * exactly representable leaves round-off residues that must not become a scale.
     */
    private static double scaleOf(double variance, double mean, long n) {
        double roundOff = n * EPS * variance + (n * EPS * mean) * (n * EPS * mean);
        return variance > roundOff ? Math.sqrt(variance) : 1.0;
    }

    /** {@return a copy of the fitted means, one per feature} */
    public double[] mean() {
        return mean.clone();
    }

    /** {@return a copy of the fitted scales (standard deviations, or 1 where those are 0)} */
    public double[] scale() {
        return scale.clone();
    }

    /**
     * {@return {@code (x - mean) / scale} applied to every row of {@code x}, as a new matrix}
     *
     * @param x the features, one sample per row
     * @throws IllegalArgumentException if {@code x} does not have the fitted number of columns
     */
    public Matrix apply(Matrix x) {
        int d = mean.length;
        if (x.cols() != d) {
            throw new IllegalArgumentException("standardizer was fitted on " + d
                    + " features, got a " + x.shape() + " matrix");
        }
        Matrix out = x.copy();
        double[] a = out.data();
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < d; j++) {
                a[i * d + j] = (a[i * d + j] - mean[j]) / scale[j];
            }
        }
        return out;
    }

    /**
     * {@return the data set with its features standardized; the labels are kept}
     *
     * @param data the data set
     */
    public LabeledData apply(LabeledData data) {
        return data.withFeatures(apply(data.features()));
    }
}
