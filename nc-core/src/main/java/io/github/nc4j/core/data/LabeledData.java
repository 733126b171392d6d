package io.github.nc4j.core.data;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * A labeled data set: an {@code N x d} feature matrix (one sample per row) and one class label
 * in {@code 0..K-1} per row, with {@code K = numClasses()}.
 *
 * <p>The feature matrix is held without copying (like {@link Matrix#wrap}): treat it as
 * read-only, or take a {@link #copy()}. The labels are copied in and never exposed for writing.
 * Every method that selects samples ({@link #subset}, {@link #batch}) copies the selected rows.
 *
 * <p>Construction checks the contract once, so code downstream need not: labels and rows agree
 * in number, every label is in range, every feature is finite. A class may have no samples here
 * (a test split, a batch); code that needs every class present checks {@link #classCounts()}.
 */
public final class LabeledData {

    private final Matrix features;
    private final int[] labels;
    private final int numClasses;

    private LabeledData(Matrix features, int[] labels, int numClasses) {
        this.features = features;
        this.labels = labels;
        this.numClasses = numClasses;
    }

    /**
     * Pairs {@code features} (N x d, held without copying) with a copy of {@code labels}.
     *
     * <p>Cost: O(N d) for the finiteness check.
     *
     * @param features the {@code N x d} features, one sample per row
     * @param labels the class of each row
     * @param numClasses the number of classes K
     * @return the data set
     * @throws IllegalArgumentException if {@code numClasses < 1}, {@code labels.length != N}, a
     *     label lies outside {@code 0..numClasses-1} (the message names the first such sample),
     *     or a feature is NaN or infinite (the message names its row and column)
     */
    public static LabeledData of(Matrix features, int[] labels, int numClasses) {
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(labels, "labels");
        if (numClasses < 1) {
            throw new IllegalArgumentException("numClasses must be at least 1, got " + numClasses);
        }
        if (labels.length != features.rows()) {
            throw new IllegalArgumentException("features are " + features.shape() + " (one row per"
                    + " sample) but there are " + labels.length + " labels");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label of sample " + i + " is " + labels[i]
                        + ", outside 0.." + (numClasses - 1) + " for " + numClasses + " classes");
            }
        }
        requireFinite(features);
        return new LabeledData(features, labels.clone(), numClasses);
    }

    /**
     * As {@link #of(Matrix, int[], int)} with {@code numClasses = 1 + max(labels)}.
     *
     * @param features the {@code N x d} features, one sample per row
     * @param labels the class of each row
     * @return the data set
     */
    public static LabeledData of(Matrix features, int[] labels) {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return of(features, labels, Math.max(max + 1, 1));
    }

    private static void requireFinite(Matrix m) {
        double[] a = m.data();
        for (int k = 0; k < a.length; k++) {
            if (!Double.isFinite(a[k])) {
                throw new IllegalArgumentException("feature (" + k / m.cols() + ", " + k % m.cols()
                        + ") is " + a[k] + "; features must be finite");
            }
        }
    }

    // ---------------------------------------------------------------- accessors

    /** {@return the {@code N x d} feature matrix itself (not a copy; do not modify)} */
    public Matrix features() {
        return features;
    }

    /** {@return a copy of the labels, one per row} */
    public int[] labels() {
        return labels.clone();
    }

    /**
     * {@return the label of sample {@code i}}
     *
     * @param i the sample's index
     */
    public int label(int i) {
        return labels[i];
    }

    /** {@return K, the number of classes (some may have no samples here)} */
    public int numClasses() {
        return numClasses;
    }

    /** {@return N, the number of samples} */
    public int size() {
        return labels.length;
    }

    /** {@return d, the number of features per sample} */
    public int dimension() {
        return features.cols();
    }

    /** {@return {@code n_k} for k = 0..K-1: the number of samples in each class} */
    public int[] classCounts() {
        int[] counts = new int[numClasses];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * {@return the indices of the samples of class {@code k}, in increasing order}
     *
     * @param k the class
     */
    public int[] indicesOfClass(int k) {
        Objects.checkIndex(k, numClasses);
        return IntStream.range(0, labels.length)
                .filter(i -> labels[i] == k).toArray();
    }

    /** {@return an independent copy (features and labels)} */
    public LabeledData copy() {
        return new LabeledData(features.copy(), labels, numClasses);
    }

    /**
     * {@return the same labels with new features (N x d' for any d'), e.g. the features of a layer}
     *
     * @param newFeatures the new features, one row per sample
     */
    public LabeledData withFeatures(Matrix newFeatures) {
        return of(newFeatures, labels, numClasses);
    }

    // ---------------------------------------------------------------- selection and batching

    /**
     * {@return the samples {@code indices[0], indices[1], ...} in that order (rows copied, K kept)}
     *
     * @param indices the indices of the samples to take
     */
    public LabeledData subset(int... indices) {
        int[] picked = new int[indices.length];
        for (int r = 0; r < indices.length; r++) {
            picked[r] = labels[Objects.checkIndex(indices[r], labels.length)];
        }
        return new LabeledData(features.selectRows(indices), picked, numClasses);
    }

    /**
     * {@return the samples of the given classes only, in their original order, relabeled by the
     * classes' positions in {@code classes}} For example {@code ofClasses(0, 6)} of Fashion-MNIST
     * is a binary task, T-shirts labeled 0 and shirts labeled 1.
     *
     * @param classes the classes to keep, at least 2, distinct
     * @throws IllegalArgumentException if fewer than 2 classes are given, one is repeated or out of
     *     range
     */
    public LabeledData ofClasses(int... classes) {
        if (classes.length < 2) {
            throw new IllegalArgumentException("a class subset needs at least 2 classes, got "
                    + Arrays.toString(classes));
        }
        int[] position = new int[numClasses];
        Arrays.fill(position, -1);
        for (int j = 0; j < classes.length; j++) {
            int c = classes[j];
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("class " + c + " out of range 0.."
                        + (numClasses - 1));
            }
            if (position[c] >= 0) {
                throw new IllegalArgumentException("class " + c + " given twice in "
                        + Arrays.toString(classes));
            }
            position[c] = j;
        }
        int[] kept = IntStream.range(0, labels.length).filter(i -> position[labels[i]] >= 0)
                .toArray();
        int[] relabeled = new int[kept.length];
        for (int r = 0; r < kept.length; r++) {
            relabeled[r] = position[labels[kept[r]]];
        }
        return new LabeledData(features.selectRows(kept), relabeled, classes.length);
    }

    /**
     * {@return a random subset with exactly {@code classSizes[k]} samples of class k, drawn
     * uniformly without replacement and kept in their original order} Class k's draw depends only
     * on {@code (seed, k)}, and the first {@code n} samples it picks are the same for every
     * {@code n}: growing one class's size adds samples and never swaps others out. Use
     * {@link ClassSizes} for step or long-tailed sizes. O(N K).
     *
     * @param classSizes the number of samples to take from each class
     * @param seed the seed of the draw
     * @throws IllegalArgumentException if {@code classSizes.length != numClasses()}, a size is
     *     negative, or a class has fewer samples than requested (the message names it)
     */
    public LabeledData subsample(int[] classSizes, long seed) {
        if (classSizes.length != numClasses) {
            throw new IllegalArgumentException(classSizes.length + " class sizes given for "
                    + numClasses + " classes");
        }
        int[] available = classCounts();
        for (int k = 0; k < numClasses; k++) {
            if (classSizes[k] < 0 || classSizes[k] > available[k]) {
                throw new IllegalArgumentException("class " + k + " has " + available[k]
                        + " samples, " + classSizes[k] + " requested (sizes "
                        + Arrays.toString(classSizes) + ", available "
                        + Arrays.toString(available) + ")");
            }
        }
        boolean[] keep = new boolean[labels.length];
        for (int k = 0; k < numClasses; k++) {
            int[] members = indicesOfClass(k);
            int[] order = MiniBatches.permutation(members.length, seed, k);
            for (int r = 0; r < classSizes[k]; r++) {
                keep[members[order[r]]] = true;
            }
        }
        return subset(IntStream.range(0, labels.length).filter(i -> keep[i]).toArray());
    }

    /**
     * {@return the samples {@code order[from..to)}, in that order, as a new data set (rows copied)}
     *
     * @param order a permutation (or any list) of sample indices
     * @param from the first position in {@code order}, included
     * @param to the last position, excluded
     */
    public LabeledData batch(int[] order, int from, int to) {
        Objects.checkFromToIndex(from, to, order.length);
        return subset(Arrays.copyOfRange(order, from, to));
    }

    /**
     * Copies the samples {@code order[from..to)} into the first {@code to - from} rows of
     * {@code featuresOut} and entries of {@code labelsOut}, allocating nothing (for training
     * loops that reuse their batch buffers). Rows past {@code to - from} are left untouched.
     *
     * @param order a permutation (or any list) of sample indices
     * @param from the first position in {@code order}, included
     * @param to the last position, excluded
     * @param featuresOut the feature rows' destination
     * @param labelsOut the labels' destination
     * @throws IllegalArgumentException if {@code featuresOut} has a column count other than d or
     *     fewer than {@code to - from} rows, or {@code labelsOut} is shorter than that
     */
    public void copyBatchInto(int[] order, int from, int to, Matrix featuresOut, int[] labelsOut) {
        Objects.checkFromToIndex(from, to, order.length);
        int count = to - from;
        int d = dimension();
        if (featuresOut.cols() != d || featuresOut.rows() < count || labelsOut.length < count) {
            throw new IllegalArgumentException("a batch of " + count + " samples with " + d
                    + " features does not fit buffers of shape " + featuresOut.shape() + " and "
                    + labelsOut.length + " labels");
        }
        double[] src = features.data();
        double[] dst = featuresOut.data();
        for (int r = 0; r < count; r++) {
            int i = Objects.checkIndex(order[from + r], labels.length);
            System.arraycopy(src, i * d, dst, r * d, d);
            labelsOut[r] = labels[i];
        }
    }

    @Override
    public String toString() {
        return "LabeledData[" + size() + " samples x " + dimension() + " features, " + numClasses
                + " classes, counts " + Arrays.toString(classCounts()) + "]";
    }
}
