package io.github.nc4j.core.metrics;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;

/**
 * The streaming pass behind NC4 (Papyan, Han and Donoho 2020): counts the samples on which the
 * classifier's decision {@code argmax_k (W h + b)_k} differs from the nearest class centre
 * {@code argmin_k ||h - mu_k||}. It needs the final class means, so it runs as a second pass
 * over the features after {@link ClassStatistics}.
 *
 * <p>Both decisions come from one product of each batch with the stacked {@code [W; M]}
 * ({@code 2K x d}): the nearest centre minimizes {@code ||mu_k||^2 - 2 h . mu_k}, which differs
 * from {@code ||h - mu_k||^2} by the same {@code ||h||^2} for every k. That expansion can
 * mis-order two centres whose distances differ by less than its rounding error (about
 * {@code d eps ||h|| ||mu||}), so such near ties are settled by recomputing the distances
 * directly. Exact ties go to the lower class index, as {@code numpy.argmax}/{@code argmin} do.
 * Cost: {@code 4 K d} flops per sample. Not thread-safe; use one counter per thread and add the
 * counts.
 */
public final class Nc4Counter {

    private static final double EPS = Math.ulp(1.0);

    private final int numClasses;
    private final int dim;
    private final Matrix stacked;
    private final double[] bias;
    private final double[] meanSquaredNorms;
    private final double largestMeanNorm;
    private double[] scores = new double[0];
    private long count;
    private long mismatches;

    /**
     * A counter for the given class means (rows of a {@code K x d} matrix) and classifier.
     *
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

    /** Adds a batch of samples (rows, {@code m x d}). */
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
     * @throws IllegalArgumentException if the array is too short or a value is NaN or infinite
     *     (the message names the sample, counted from the first one ever added, and the feature)
     */
    public void accept(double[] rows, int rowCount) {
        if (rowCount < 0 || (long) rowCount * dim > rows.length) {
            throw new IllegalArgumentException(rowCount + " samples of dimension " + dim
                    + " need " + (long) rowCount * dim + " values, got " + rows.length);
        }
        int width = 2 * numClasses;
        if (scores.length < Math.multiplyExact(rowCount, width)) {
            scores = new double[rowCount * width];
        }
        Blas.gemm(rowCount, width, dim, 1.0, rows, 0, dim, false,
                stacked.data(), 0, dim, true, 0.0, scores, 0, width);
        long disagreements = 0;
        for (int i = 0; i < rowCount; i++) {
            int row = i * dim;
            double squaredNorm = 0;
            for (int j = 0; j < dim; j++) {
                double v = rows[row + j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("sample " + (count + i) + ", feature " + j
                            + " is " + v);
                }
                squaredNorm += v * v;
            }
            int predicted = classifierDecision(i * width);
            int nearest = nearestCentre(rows, row, i * width + numClasses, Math.sqrt(squaredNorm));
            if (predicted != nearest) {
                disagreements++;
            }
        }
        mismatches += disagreements;
        count += rowCount;
    }

    private int classifierDecision(int at) {
        int best = 0;
        double bestScore = scores[at] + bias[0];
        for (int k = 1; k < numClasses; k++) {
            double s = scores[at + k] + bias[k];
            if (s > bestScore) {
                bestScore = s;
                best = k;
            }
        }
        return best;
    }

    private int nearestCentre(double[] rows, int row, int at, double norm) {
        int best = 0;
        double bestValue = Double.POSITIVE_INFINITY;
        double runnerUp = Double.POSITIVE_INFINITY;
        for (int k = 0; k < numClasses; k++) {
            double value = meanSquaredNorms[k] - 2 * scores[at + k];
            if (value < bestValue) {
                runnerUp = bestValue;
                bestValue = value;
                best = k;
            } else if (value < runnerUp) {
                runnerUp = value;
            }
        }
        // Each value is within (2 d eps ||h|| + eps ||mu||) ||mu|| of its exact counterpart
        // (a d-term dot product and one subtraction); closer than twice that, recompute directly.
        double error = (2 * dim * EPS * norm + 2 * EPS * largestMeanNorm) * largestMeanNorm;
        if (runnerUp - bestValue > 2 * error) {
            return best;
        }
        double[] means = stacked.data();
        int offset = numClasses * dim;
        best = 0;
        bestValue = Double.POSITIVE_INFINITY;
        for (int k = 0; k < numClasses; k++) {
            double distance = 0;
            for (int j = 0; j < dim; j++) {
                double diff = rows[row + j] - means[offset + k * dim + j];
                distance += diff * diff;
            }
            if (distance < bestValue) {
                bestValue = distance;
                best = k;
            }
        }
        return best;
    }

    /** Samples counted so far. */
    public long count() {
        return count;
    }

    /** Samples on which the classifier and the nearest class centre disagree. */
    public long mismatches() {
        return mismatches;
    }

    /** NC4: {@code mismatches() / count()} (NaN before any sample). */
    public double mismatchFraction() {
        return (double) mismatches / count;
    }
}
