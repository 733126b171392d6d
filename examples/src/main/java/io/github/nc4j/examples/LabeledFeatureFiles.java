package io.github.nc4j.examples;

import io.github.nc4j.linalg.io.Npy;
import io.github.nc4j.linalg.io.NpyFile;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A features {@code .npy} (N x d) and its labels {@code .npy} (N integers), checked against each
 * other and read in chunks of rows, so that memory does not grow with N. Opening reads the
 * labels once to find K (the largest label plus one) and to check that every class in
 * {@code 0..K-1} is present.
 */
final class LabeledFeatureFiles implements Closeable {

    /** About 32 MiB of doubles per chunk: large enough for efficient rank updates. */
    private static final int CHUNK_VALUES = 1 << 22;

    /** Receives consecutive chunks: {@code rows} holds {@code count} samples, row-major. */
    interface ChunkConsumer {
        void accept(double[] rows, int count, int[] labels);
    }

    private final NpyFile features;
    private final NpyFile labels;
    private final String featuresName;
    private final String labelsName;
    private final long numSamples;
    private final int dim;
    private final int numClasses;
    private final int chunkRows;

    private LabeledFeatureFiles(NpyFile features, NpyFile labels, Path featuresPath,
                                 Path labelsPath) throws IOException {
        this.features = features;
        this.labels = labels;
        this.featuresName = featuresPath.toString();
        this.labelsName = labelsPath.toString();
        if (features.header().rank() != 2) {
            throw new BadInputException(featuresName + ": features must be 2-D (N x d), got shape "
                    + features.header().shapeText());
        }
        this.numSamples = features.rows();
        this.dim = features.cols();
        if (numSamples == 0 || dim == 0) {
            throw new BadInputException(featuresName + ": no features (shape "
                    + features.header().shapeText() + ")");
        }
        if (labels.header().rank() != 1 || labels.header().dtype().isFloatingPoint()) {
            throw new BadInputException(labelsName + ": labels must be a 1-D integer array, got "
                    + labels.header().dtype().descr(labels.header().byteOrder()) + " of shape "
                    + labels.header().shapeText());
        }
        if (labels.rows() != numSamples) {
            throw new BadInputException("shape mismatch: " + featuresName + " has " + numSamples
                    + " rows but " + labelsName + " has " + labels.rows() + " labels");
        }
        this.chunkRows = (int) Math.max(1, Math.min(numSamples, CHUNK_VALUES / dim));
        this.numClasses = countClasses();
    }

    /**
     * Opens both files and validates them.
     *
     * @throws BadInputException if the shapes do not fit together, a label is negative or
     *     beyond N, or a class in {@code 0..K-1} has no sample
     * @throws IOException if a file cannot be read or is not a valid {@code .npy}
     */
    static LabeledFeatureFiles open(Path featuresPath, Path labelsPath) throws IOException {
        NpyFile features = Npy.open(featuresPath);
        NpyFile labels = null;
        try {
            labels = Npy.open(labelsPath);
            return new LabeledFeatureFiles(features, labels, featuresPath, labelsPath);
        } catch (IOException | RuntimeException e) {
            features.close();
            if (labels != null) {
                labels.close();
            }
            throw e;
        }
    }

    /** Finds K and checks that every class in 0..K-1 occurs, in one pass over the labels. */
    private int countClasses() throws IOException {
        long[] chunk = new long[chunkRows];
        // A class can only be present if it is below N, which bounds the counts array.
        long[] counts = new long[(int) Math.min(numSamples, 1 << 20)];
        int max = -1;
        for (long first = 0; first < numSamples; first += chunkRows) {
            int count = (int) Math.min(chunkRows, numSamples - first);
            labels.readRows(first, count, chunk, 0);
            for (int i = 0; i < count; i++) {
                long label = chunk[i];
                if (label < 0 || label >= numSamples) {
                    throw new BadInputException(labelsName + ": sample " + (first + i) + " has label "
                            + label + "; labels must be 0..K-1 with every class present, so "
                            + "below the " + numSamples + " samples");
                }
                if (label >= counts.length) {
                    counts = java.util.Arrays.copyOf(counts, (int) Math.min(numSamples,
                            Math.max(2L * counts.length, label + 1)));
                }
                counts[(int) label]++;
                max = Math.max(max, (int) label);
            }
        }
        for (int k = 0; k <= max; k++) {
            if (counts[k] == 0) {
                throw new BadInputException(labelsName + ": class " + k + " has no samples; labels "
                        + "must cover 0..K-1 (K = largest label + 1 = " + (max + 1) + ")");
            }
        }
        if (max < 1) {
            throw new BadInputException(labelsName + ": all labels are " + max
                    + "; NC metrics need at least 2 classes");
        }
        return max + 1;
    }

    long numSamples() {
        return numSamples;
    }

    int dim() {
        return dim;
    }

    int numClasses() {
        return numClasses;
    }

    /** Reads all samples in order, chunk by chunk, into reused buffers. */
    void forEachChunk(ChunkConsumer consumer) throws IOException {
        double[] rows = new double[chunkRows * dim];
        long[] rawLabels = new long[chunkRows];
        int[] chunkLabels = new int[chunkRows];
        for (long first = 0; first < numSamples; first += chunkRows) {
            int count = (int) Math.min(chunkRows, numSamples - first);
            features.readRows(first, count, rows, 0);
            labels.readRows(first, count, rawLabels, 0);
            for (int i = 0; i < count; i++) {
                chunkLabels[i] = (int) rawLabels[i];
            }
            consumer.accept(rows, count, chunkLabels);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            features.close();
        } finally {
            labels.close();
        }
    }
}
