package io.github.nc4j.core.metrics;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.Objects;

/**
 * First and second moments of labeled features, accumulated in one streaming pass: per class k
 * the count {@code n_k}, the mean {@code mu_k} and the sum of squared distances to it, and the
 * pooled within-class scatter {@code S_W = sum_k sum_i (h_ki - mu_k)(h_ki - mu_k)^T} ({@code d x d}).
 * Memory is {@code O(K d + d^2)} plus one batch of workspace, whatever the number of samples.
 *
 * <p>Batches are folded in with the pairwise update of Chan, Golub and LeVeque ("Updating
 * formulae and a pairwise algorithm for computing sample variances", 1979; "Algorithms for
 * computing the sample variance: analysis and recommendations", The American Statistician
 * 1983): a batch's class means and its scatter about them are computed first, then combined
 * with the running ones through {@code S = S_a + S_b + (n_a n_b / (n_a + n_b)) delta delta^T},
 * {@code delta} the difference of the two means. Nothing is ever computed as
 * {@code E[x x^T] - E[x] E[x]^T}, and each class is accumulated relative to its first sample (the
 * "shifted data" method those papers recommend), so rounding errors scale with the spread of the
 * features, not with their offset from the origin. The same update {@link #merge merges}
 * statistics gathered separately (other threads, other files).
 *
 * <p>Cost per batch of m rows: {@code m d^2} flops for the scatter (a symmetric rank-m update
 * on the library's SIMD kernels), {@code O(m d)} for the means, and {@code K d^2} to combine.
 *
 * <p>A class that received no samples stays empty: its mean reads as zeros and
 * {@link #emptyClasses()} lists it. {@link NcMetrics} refuses statistics with empty classes
 * rather than guess; {@link #withoutEmptyClasses()} drops them explicitly (exactly, since an
 * empty class contributes nothing). Instances are mutable and not thread-safe: give each thread
 * its own and merge them.
 */
public final class ClassStatistics {

    private final int numClasses;
    private final int dim;
    private final long[] counts;
    /** Per class, its first sample: the origin its moments are accumulated about (K x d). */
    private final double[] shifts;
    /** Class means relative to their shift, row k = mu_k - shift_k, K x d row-major. */
    private final double[] means;
    /** Per class, sum_i ||h_ki - mu_k||^2. */
    private final double[] squaredDeviations;
    /** Pooled within-class scatter, d x d. */
    private final Matrix scatter;
    private Matrix workspace = Matrix.zeros(0, 0);

    /**
     * Empty statistics for {@code numClasses} classes of {@code dim}-dimensional features.
     *
     * @param numClasses the number of classes K
     * @param dim the feature dimension d
     * @throws IllegalArgumentException if {@code numClasses < 1} or {@code dim < 1}
     */
    public ClassStatistics(int numClasses, int dim) {
        if (numClasses < 1 || dim < 1) {
            throw new IllegalArgumentException("need at least one class and one feature, got "
                    + numClasses + " classes of dimension " + dim);
        }
        this.numClasses = numClasses;
        this.dim = dim;
        this.counts = new long[numClasses];
        this.shifts = new double[Math.multiplyExact(numClasses, dim)];
        this.means = new double[shifts.length];
        this.squaredDeviations = new double[numClasses];
        this.scatter = Matrix.zeros(dim, dim);
    }

    /**
     * The statistics of one batch: rows of {@code features} are samples, labeled by
     * {@code labels}.
     *
     * @param features the features, one sample per row
     * @param labels the class of each row, in {@code [0, numClasses)}
     * @param numClasses the number of classes K
     * @return the statistics
     */
    public static ClassStatistics of(Matrix features, int[] labels, int numClasses) {
        ClassStatistics stats = new ClassStatistics(numClasses, features.cols());
        stats.accept(features, labels);
        return stats;
    }

    /**
     * Adds a batch: row i of {@code batch} ({@code m x d}) is a sample of class {@code labels[i]}.
     *
     * @param batch the samples, one per row
     * @param labels the class of each row
     * @throws IllegalArgumentException if the shapes disagree, a label is outside
     *     {@code [0, K)}, or a value is NaN or infinite (the message names the sample, counted
     *     from the first one ever added, and the feature); the statistics are then unchanged
     */
    public void accept(Matrix batch, int[] labels) {
        if (batch.cols() != dim || labels.length != batch.rows()) {
            throw new IllegalArgumentException("a batch of features " + batch.shape() + " with "
                    + labels.length + " labels, for statistics of dimension " + dim);
        }
        accept(batch.data(), batch.rows(), labels);
    }

    /**
     * Adds the first {@code rowCount} rows of a row-major array of {@code d}-dimensional
     * samples, labeled by the first {@code rowCount} entries of {@code labels}: the form in which
     * a streaming reader hands over a reused buffer.
     *
     * @param rows the samples, row-major, {@code d} values each
     * @param rowCount the number of samples to add
     * @param labels the class of each sample
     * @throws IllegalArgumentException as {@link #accept(Matrix, int[])}, or if the arrays are
     *     too short
     */
    public void accept(double[] rows, int rowCount, int[] labels) {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(labels, "labels");
        if (rowCount < 0 || (long) rowCount * dim > rows.length || rowCount > labels.length) {
            throw new IllegalArgumentException(rowCount + " samples of dimension " + dim
                    + " need " + (long) rowCount * dim + " values and " + rowCount
                    + " labels; got " + rows.length + " and " + labels.length);
        }
        if (rowCount == 0) {
            return;
        }
        validate(rows, rowCount, labels);
        long[] batchCounts = new long[numClasses];
        double[] batchMeans = new double[means.length];
        for (int i = 0; i < rowCount; i++) {
            int k = labels[i];
            int row = i * dim;
            int mean = k * dim;
            if (counts[k] == 0 && batchCounts[k] == 0) {
                System.arraycopy(rows, row, shifts, mean, dim);
            }
            batchCounts[k]++;
            for (int j = 0; j < dim; j++) {
                batchMeans[mean + j] += rows[row + j] - shifts[mean + j];
            }
        }
        for (int k = 0; k < numClasses; k++) {
            if (batchCounts[k] > 0) {
                double inv = 1.0 / batchCounts[k];
                for (int j = 0; j < dim; j++) {
                    batchMeans[k * dim + j] *= inv;
                }
            }
        }
        // Rows centered on their batch class mean: their Gram is the batch's within-class scatter.
        Matrix centered = workspace(rowCount);
        double[] c = centered.data();
        double[] batchDeviations = new double[numClasses];
        for (int i = 0; i < rowCount; i++) {
            int k = labels[i];
            int row = i * dim;
            double sum = 0;
            for (int j = 0; j < dim; j++) {
                double v = (rows[row + j] - shifts[k * dim + j]) - batchMeans[k * dim + j];
                c[row + j] = v;
                sum += v * v;
            }
            batchDeviations[k] += sum;
        }
        Blas.syrk(1.0, centered, true, 1.0, scatter);
        combine(batchCounts, batchMeans, batchDeviations);
    }

    /** Checks labels and values before anything changes, naming the first bad sample. */
    private void validate(double[] rows, int rowCount, int[] labels) {
        long first = count();
        for (int i = 0; i < rowCount; i++) {
            int k = labels[i];
            if (k < 0 || k >= numClasses) {
                throw new IllegalArgumentException("sample " + (first + i) + " has label " + k
                        + ", outside 0.." + (numClasses - 1));
            }
            int row = i * dim;
            for (int j = 0; j < dim; j++) {
                if (!Double.isFinite(rows[row + j])) {
                    throw new IllegalArgumentException("sample " + (first + i) + ", feature " + j
                            + " is " + rows[row + j]);
                }
            }
        }
    }

    /**
     * Adds everything {@code other} has accumulated, as if its samples had been accepted here.
     *
     * @param other statistics of the same number of classes and dimension
     * @throws IllegalArgumentException if the number of classes or the dimension differ
     */
    public void merge(ClassStatistics other) {
        if (other.numClasses != numClasses || other.dim != dim) {
            throw new IllegalArgumentException("cannot merge statistics of " + other.numClasses
                    + " classes in dimension " + other.dim + " into " + numClasses
                    + " classes in dimension " + dim);
        }
        // Express the other side's means about this side's shifts; a class new here adopts the
        // other side's shift.
        double[] otherMeans = new double[means.length];
        for (int k = 0; k < numClasses; k++) {
            for (int j = k * dim; j < (k + 1) * dim; j++) {
                if (counts[k] == 0) {
                    shifts[j] = other.shifts[j];
                    otherMeans[j] = other.means[j];
                } else {
                    otherMeans[j] = (other.shifts[j] - shifts[j]) + other.means[j];
                }
            }
        }
        Blas.axpy(1.0, other.scatter, scatter);
        combine(other.counts, otherMeans, other.squaredDeviations);
    }

    /**
     * Folds in per-class counts, means (about this object's shifts) and squared deviations whose
     * scatter has already been
     * added to {@link #scatter}: means move by {@code (m / (n + m)) delta}, and scatter and
     * deviations gain the between-part {@code (n m / (n + m)) delta delta^T}.
     */
    private void combine(long[] addCounts, double[] addMeans, double[] addDeviations) {
        int present = 0;
        for (long m : addCounts) {
            present += m > 0 ? 1 : 0;
        }
        Matrix corrections = Matrix.zeros(present, dim);
        double[] rowsOut = corrections.data();
        int r = 0;
        for (int k = 0; k < numClasses; k++) {
            long m = addCounts[k];
            if (m == 0) {
                continue;
            }
            long n = counts[k];
            double total = (double) n + m;
            double weight = n * (m / total);
            double root = Math.sqrt(weight);
            double shift = m / total;
            double deltaSquared = 0;
            for (int j = 0; j < dim; j++) {
                int at = k * dim + j;
                double delta = addMeans[at] - means[at];
                means[at] += shift * delta;
                rowsOut[r * dim + j] = root * delta;
                deltaSquared += delta * delta;
            }
            squaredDeviations[k] += addDeviations[k] + weight * deltaSquared;
            counts[k] = n + m;
            r++;
        }
        Blas.syrk(1.0, corrections, true, 1.0, scatter);
    }

    private Matrix workspace(int rowCount) {
        if (workspace.rows() != rowCount) {
            workspace = Matrix.zeros(rowCount, dim);
        }
        return workspace;
    }

    // ---------------------------------------------------------------- results

    /** {@return K, the number of classes} */
    public int numClasses() {
        return numClasses;
    }

    /** {@return d, the feature dimension} */
    public int dim() {
        return dim;
    }

    /** {@return N, the number of samples accepted so far} */
    public long count() {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /**
     * {@return the number of samples {@code n_k} of class k}
     *
     * @param k the class
     */
    public long count(int k) {
        return counts[k];
    }

    /** {@return all class counts (a copy)} */
    public long[] counts() {
        return counts.clone();
    }

    /** {@return the classes without samples, ascending} */
    public int[] emptyClasses() {
        return classesWhere(true);
    }

    /**
     * {@return the classes with samples, ascending: class i of {@link #withoutEmptyClasses()} is
     * entry i}
     */
    public int[] nonEmptyClasses() {
        return classesWhere(false);
    }

    private int[] classesWhere(boolean empty) {
        return java.util.stream.IntStream.range(0, numClasses)
                .filter(k -> (counts[k] == 0) == empty).toArray();
    }

    /**
     * {@return the same statistics with the empty classes removed and the others renumbered in
     * order (see {@link #nonEmptyClasses()})} Exact: empty classes contribute nothing to the
     * scatter.
     *
     * @throws IllegalStateException if no class has samples
     */
    public ClassStatistics withoutEmptyClasses() {
        int[] kept = nonEmptyClasses();
        if (kept.length == 0) {
            throw new IllegalStateException("no class has samples");
        }
        ClassStatistics out = new ClassStatistics(kept.length, dim);
        for (int i = 0; i < kept.length; i++) {
            out.counts[i] = counts[kept[i]];
            out.squaredDeviations[i] = squaredDeviations[kept[i]];
            System.arraycopy(means, kept[i] * dim, out.means, i * dim, dim);
            System.arraycopy(shifts, kept[i] * dim, out.shifts, i * dim, dim);
        }
        System.arraycopy(scatter.data(), 0, out.scatter.data(), 0, scatter.size());
        return out;
    }

    /**
     * {@return the class means as the rows of a {@code K x d} matrix (zeros for an empty class)}
     */
    public Matrix classMeans() {
        double[] mu = new double[means.length];
        for (int i = 0; i < mu.length; i++) {
            mu[i] = shifts[i] + means[i];
        }
        return Matrix.wrap(numClasses, dim, mu);
    }

    /**
     * {@return the sample-weighted global mean {@code h_G = (1/N) sum_k n_k mu_k} (NaN when empty)}
     */
    public double[] globalMean() {
        double[] g = new double[dim];
        double[] mu = classMeans().data();
        double total = count();
        for (int k = 0; k < numClasses; k++) {
            double w = counts[k] / total;
            for (int j = 0; j < dim; j++) {
                g[j] += w * mu[k * dim + j];
            }
        }
        return g;
    }

    /** {@return the pooled within-class scatter {@code S_W} ({@code d x d}, a copy)} */
    public Matrix withinClassScatter() {
        return scatter.copy();
    }

    /** {@return {@code Sigma_W = S_W / N}, the within-class covariance of definitions.md §2.1} */
    public Matrix withinClassCovariance() {
        return scatter.scale(1.0 / count());
    }

    /**
     * Per class, {@code V_k = (1/n_k) sum_i ||h_ki - mu_k||^2}, the mean squared distance to the
     * class mean (the trace of the class's covariance; NaN for an empty class).
     *
     * @return the variances {@code V_k}, one per class
     */
    public double[] classVariances() {
        double[] v = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            v[k] = squaredDeviations[k] / counts[k];
        }
        return v;
    }

    @Override
    public String toString() {
        return "ClassStatistics[K=" + numClasses + ", d=" + dim + ", counts="
                + Arrays.toString(counts) + "]";
    }
}
