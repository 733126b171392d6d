package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;

/**
 * The streaming pass behind NC4 (Papyan, Han and Donoho 2020): counts the samples on which the
 * classifier's decision {@code argmax_k (W h + b)_k} differs from the nearest class center
 * {@code argmin_k ||h - mu_k||}. It needs the final class means, so it runs as a second pass
 * over the features after {@link ClassStatistics}.
 *
 * <p>Both decisions come from one product of the stacked {@code [W; M]} ({@code 2K x d}) with
 * each batch: the nearest center minimizes {@code ||mu_k||^2 - 2 h . mu_k}, which differs
 * from {@code ||h - mu_k||^2} by the same {@code ||h||^2} for every k. That expansion can
 * mis-order two centers whose distances differ by less than its rounding error (about
 * {@code d eps ||h|| ||mu||}), so such near ties are settled by recomputing the distances
 * directly. Exact ties go to the lower class index, as {@code numpy.argmax}/{@code argmin} do.
 * Cost: {@code 4 K d} flops per sample. Not thread-safe; use one counter per thread and add the
 * counts.
 */
public final class Nc4Counter {

    private final int numClasses;
    private final int dim;
    private final Matrix stacked;
    private final double[] bias;
    private final double[] meanSquaredNorms;
    private final double largestMeanNorm;
    private double[] scores = new double[0];
    private int[] predicted = new int[0];
    private int[] nearest = new int[0];
    private double[] best = new double[0];
    private double[] nearestValue = new double[0];
    private double[] runnerUp = new double[0];
    private long count;
    private long mismatches;

    /**
     * A counter for the given class means (rows of a {@code K x d} matrix) and classifier.
     *
     * @param classMeans the class means, one per row
     * @param classifier the last layer
     * @throws IllegalArgumentException if the shapes disagree or a mean is not finite
     */
    public Nc4Counter(Matrix classMeans, LinearClassifier classifier) {
        if (classifier.numClasses() != classMeans.rows() || classifier.dim() != classMeans.cols()) {
            throw new IllegalArgumentException("classifier weights " + classifier.weightsView().shape()
                    + " do not match class means " + classMeans.shape() + " (want K x d for both)");
        }
        if (!classMeans.isFinite()) {
            throw new IllegalArgumentException("class means hold NaN or infinity");
        }
        this.numClasses = classMeans.rows();
        this.dim = classMeans.cols();
        this.stacked = Matrix.concatRows(classifier.weightsView(), classMeans);
        this.bias = classifier.bias();
        this.meanSquaredNorms = new double[numClasses];
        double largest = 0;
        for (int k = 0; k < numClasses; k++) {
            double norm = Blas.nrm2(dim, classMeans.data(), k * dim);
            meanSquaredNorms[k] = norm * norm;
            largest = Math.max(largest, norm);
        }
        this.largestMeanNorm = largest;
    }

    /**
     * Adds a batch of samples (rows, {@code m x d}).
     *
     * @param batch the samples, one per row
     */
    public void accept(Matrix batch) {
        if (batch.cols() != dim) {
            throw new IllegalArgumentException("a batch of features " + batch.shape()
                    + " for class means of dimension " + dim);
        }
        accept(batch.data(), batch.rows());
    }

    /**
     * Adds the first {@code rowCount} rows of a row-major array of {@code d}-dimensional samples.
     *
     * @param rows the samples, row-major, {@code d} values each
     * @param rowCount the number of samples to add
     * @throws IllegalArgumentException if the array is too short or a value is NaN or infinite
     *     (the message names the sample, counted from the first one ever added, and the feature);
     *     the counts are then unchanged
     */
    public void accept(double[] rows, int rowCount) {
        if (rowCount < 0 || (long) rowCount * dim > rows.length) {
            throw new IllegalArgumentException(rowCount + " samples of dimension " + dim
                    + " need " + (long) rowCount * dim + " values, got " + rows.length);
        }
        double[] norms = sampleNorms(rows, rowCount);
        int width = 2 * numClasses;
        ensureWorkspace(rowCount, width);
        // Scores class-major, [W; M] H^T (2K x m): the GEMM kernel runs this orientation about
        // twice as fast as H [W; M]^T, and the sweeps below then read contiguous rows.
        Blas.gemm(width, rowCount, dim, 1.0, stacked.data(), 0, dim, false,
                rows, 0, dim, true, 0.0, scores, 0, rowCount);
        for (int i = 0; i < rowCount; i++) {
            predicted[i] = 0;
            best[i] = scores[i] + bias[0];
            nearest[i] = -1;
            nearestValue[i] = Double.POSITIVE_INFINITY;
            runnerUp[i] = Double.POSITIVE_INFINITY;
        }
        for (int k = 1; k < numClasses; k++) {
            int at = k * rowCount;
            for (int i = 0; i < rowCount; i++) {
                double s = scores[at + i] + bias[k];
                if (s > best[i]) {
                    best[i] = s;
                    predicted[i] = k;
                }
            }
        }
        // The nearest center minimizes ||mu_k||^2 - 2 h . mu_k (||h||^2 is common to all k).
        for (int k = 0; k < numClasses; k++) {
            int at = (numClasses + k) * rowCount;
            for (int i = 0; i < rowCount; i++) {
                double value = meanSquaredNorms[k] - 2 * scores[at + i];
                if (value < nearestValue[i]) {
                    runnerUp[i] = nearestValue[i];
                    nearestValue[i] = value;
                    nearest[i] = k;
                } else if (value < runnerUp[i]) {
                    runnerUp[i] = value;
                }
            }
        }
        long disagreements = 0;
        for (int i = 0; i < rowCount; i++) {
            // Each value is within (2 d eps ||h|| + 2 eps ||mu||) ||mu|| of its exact counterpart
            // (a d-term dot product and a subtraction); closer than twice that, the expansion
            // may mis-order the two, so the distances are recomputed directly.
            double error = (2 * dim * EPS * norms[i] + 2 * EPS * largestMeanNorm) * largestMeanNorm;
            int center = runnerUp[i] - nearestValue[i] > 2 * error ? nearest[i]
                    : nearestByDistance(rows, i * dim);
            if (predicted[i] != center) {
                disagreements++;
            }
        }
        mismatches += disagreements;
        count += rowCount;
    }

    /** The Euclidean norm of each sample, after checking that every value is finite. */
    private double[] sampleNorms(double[] rows, int rowCount) {
        double[] norms = new double[rowCount];
        for (int i = 0; i < rowCount; i++) {
            int row = i * dim;
            double squares = 0;
            for (int j = 0; j < dim; j++) {
                double v = rows[row + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sample " + (count + i) + ", feature " + j
                            + " is " + v);
                }
                squares += v * v;
            }
            norms[i] = Math.sqrt(squares);
        }
        return norms;
    }

    private void ensureWorkspace(int rowCount, int width) {
        if (predicted.length < rowCount) {
            predicted = new int[rowCount];
            nearest = new int[rowCount];
            best = new double[rowCount];
            nearestValue = new double[rowCount];
            runnerUp = new double[rowCount];
        }
        if (scores.length < Math.multiplyExact(rowCount, width)) {
            scores = new double[rowCount * width];
        }
    }

    /** {@code argmin_k ||h - mu_k||^2} from the distances themselves, lower index on ties. */
    private int nearestByDistance(double[] rows, int row) {
        double[] means = stacked.data();
        int offset = numClasses * dim;
        int closest = 0;
        double closestDistance = Double.POSITIVE_INFINITY;
        for (int k = 0; k < numClasses; k++) {
            double distance = 0;
            for (int j = 0; j < dim; j++) {
                double diff = rows[row + j] - means[offset + k * dim + j];
                distance += diff * diff;
            }
            if (distance < closestDistance) {
                closestDistance = distance;
                closest = k;
            }
        }
        return closest;
    }

    /** {@return the number of samples counted so far} */
    public long count() {
        return count;
    }

    /**
     * Samples on which the classifier and the nearest class center disagree.
     *
     * @return the number of mismatches
     */
    public long mismatches() {
        return mismatches;
    }

    /** {@return NC4: {@code mismatches() / count()} (NaN before any sample)} */
    public double mismatchFraction() {
        return (double) mismatches / count;
    }
}
