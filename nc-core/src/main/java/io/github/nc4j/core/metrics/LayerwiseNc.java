package io.github.nc4j.core.metrics;

import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * Deep neural collapse: the NC metrics of every layer of a deep model, from one streaming pass
 * over the layers' features (Súkeník, Mondelli and Lampert, "Deep neural collapse is provably
 * optimal for the deep unconstrained features model", NeurIPS 2023; Beaglehole et al., "Average
 * gradient outer product as a mechanism for deep neural collapse", NeurIPS 2024).
 *
 * <p>Layer l's features {@code H_l} are what the layer outputs, after its non-linearity, and
 * {@code W_l} is the weight matrix applied to them ({@code d_{l+1} x d_l}). Per layer:
 * <ul>
 *   <li>DNC1 and DNC2 are {@link NcMetrics}'s NC1 and NC2 of {@code H_l} (its {@link NcReport});
 *       in the DUFM the post-ReLU class means form an orthogonal frame, which
 *       {@link NcReport#nc2OfMeans()} measures;</li>
 *   <li>DNC3, as Súkeník et al. state it, says every row of {@code W_l} is zero or collinear
 *       with one of the (uncentered) class means of {@code H_l}. nc4j measures how far that is
 *       from true by {@link #weightAlignment}: the fraction of {@code ||W_l||_F^2} not captured
 *       when each row is projected on its best-aligned class mean.</li>
 * </ul>
 * The last layer's weights, when they have K rows, are the classifier: its report then also
 * holds NC2 of the classifier and NC3 (NC4 needs a second pass; use {@link Nc4Counter}).
 */
public final class LayerwiseNc {

    private final int numClasses;
    private final List<ClassStatistics> layers = new ArrayList<>();

    /**
     * Empty statistics for a model whose layers output features of the given dimensions.
     *
     * @param numClasses the number of classes K
     * @param layerDims the feature dimension of each layer
     * @throws IllegalArgumentException if no layer is given or a dimension is below 1
     */
    public LayerwiseNc(int numClasses, int... layerDims) {
        if (layerDims.length == 0) {
            throw new IllegalArgumentException("no layers");
        }
        this.numClasses = numClasses;
        for (int dim : layerDims) {
            layers.add(new ClassStatistics(numClasses, dim));
        }
    }

    /** {@return the number of layers} */
    public int numLayers() {
        return layers.size();
    }

    /**
     * Adds one batch: {@code layerFeatures.get(l)} holds layer l's features for the same samples
     * (rows), labeled by {@code labels}.
     *
     * @param layerFeatures the features of every layer, one sample per row
     * @param labels the class of each sample
     * @throws IllegalArgumentException if the number of layers, a shape or a label is wrong, or
     *     a value is NaN (nothing is added then)
     */
    public void accept(List<Matrix> layerFeatures, int[] labels) {
        if (layerFeatures.size() != layers.size()) {
            throw new IllegalArgumentException(layerFeatures.size() + " feature matrices for "
                    + layers.size() + " layers");
        }
        for (int l = 0; l < layers.size(); l++) {
            Matrix h = layerFeatures.get(l);
            if (h.rows() != labels.length || h.cols() != layers.get(l).dim()) {
                throw new IllegalArgumentException("layer " + l + ": features " + h.shape()
                        + " for " + labels.length + " labels in dimension " + layers.get(l).dim());
            }
            if (!h.isFinite()) {
                throw new IllegalArgumentException("layer " + l + ": features hold NaN or infinity");
            }
        }
        for (int l = 0; l < layers.size(); l++) {
            layers.get(l).accept(layerFeatures.get(l), labels);
        }
    }

    /**
     * A copy of layer {@code layer}'s statistics (from 0), e.g. to run the second pass of NC4
     * against its class means.
     *
     * @param layer the layer, from 0
     * @return the statistics of that layer
     */
    public ClassStatistics statistics(int layer) {
        ClassStatistics layerStats = layers.get(layer);
        ClassStatistics copy = new ClassStatistics(numClasses, layerStats.dim());
        copy.merge(layerStats); // exact: merging into empty statistics only copies
        return copy;
    }

    /**
     * {@return per-layer reports without weights}
     *
     * @param centering the center the means are measured from
     */
    public List<LayerReport> report(Centering centering) {
        return report(centering, List.of());
    }

    /**
     * Per-layer reports; {@code layerWeights} is empty or holds {@code W_l} for every layer
     * ({@code d_{l+1} x d_l}, the last one {@code K x d_L} when it is the classifier).
     *
     * @param centering the center the means are measured from
     * @param layerWeights the weights of every layer, or an empty list
     * @return one report per layer
     * @throws IllegalArgumentException if the list has the wrong length or a weight matrix's
     *     column count differs from its layer's dimension; as {@link NcMetrics} for empty classes
     */
    public List<LayerReport> report(Centering centering, List<Matrix> layerWeights) {
        if (!layerWeights.isEmpty() && layerWeights.size() != layers.size()) {
            throw new IllegalArgumentException(layerWeights.size() + " weight matrices for "
                    + layers.size() + " layers (give one per layer, or none)");
        }
        List<LayerReport> out = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            ClassStatistics stats = layers.get(l);
            if (layerWeights.isEmpty()) {
                out.add(new LayerReport(l, NcMetrics.fromStatistics(stats, centering), OptionalDouble.empty()));
                continue;
            }
            Matrix w = layerWeights.get(l);
            if (w.cols() != stats.dim()) {
                throw new IllegalArgumentException("layer " + l + ": weights " + w.shape()
                        + " do not apply to features of dimension " + stats.dim());
            }
            boolean classifier = l == layers.size() - 1 && w.rows() == numClasses;
            NcReport features = classifier
                    ? NcMetrics.fromStatistics(stats, centering, LinearClassifier.of(w))
                    : NcMetrics.fromStatistics(stats, centering);
            out.add(new LayerReport(l, features,
                    OptionalDouble.of(weightAlignment(w, stats.classMeans()))));
        }
        return out;
    }

    /**
     * DNC3 as a number: {@code sum_j ||w_j||^2 (1 - max_k cos^2(w_j, mu_k)) / ||W||_F^2} over the
     * rows {@code w_j} of {@code weights}, with {@code mu_k} the rows of {@code classMeans}. It is
     * 0 exactly when every nonzero row is collinear with some class mean (either sign), 1 when
     * every row is orthogonal to all means; zero means are skipped, and a zero W scores 0.
     *
     * @param weights the weight matrix W, one row per output
     * @param classMeans the class means, one per row
     * @return the score, in {@code [0, 1]}
     * @throws IllegalArgumentException if the column counts differ
     */
    public static double weightAlignment(Matrix weights, Matrix classMeans) {
        if (weights.cols() != classMeans.cols()) {
            throw new IllegalArgumentException("weights " + weights.shape() + " and class means "
                    + classMeans.shape() + " differ in dimension");
        }
        int d = weights.cols();
        double[] meanNorms = new double[classMeans.rows()];
        for (int k = 0; k < meanNorms.length; k++) {
            meanNorms[k] = classMeans.row(k).normFrobenius();
        }
        double total = 0;
        double unexplained = 0;
        for (int j = 0; j < weights.rows(); j++) {
            double rowNorm = weights.row(j).normFrobenius();
            if (rowNorm == 0) {
                continue;
            }
            double best = 0;
            for (int k = 0; k < meanNorms.length; k++) {
                if (meanNorms[k] == 0) {
                    continue;
                }
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += (weights.get(j, i) / rowNorm) * (classMeans.get(k, i) / meanNorms[k]);
                }
                best = Math.max(best, dot * dot);
            }
            double share = rowNorm * rowNorm;
            total += share;
            unexplained += share * Math.max(0, 1 - best);
        }
        return total == 0 ? 0 : unexplained / total;
    }

    /**
     * The metrics of one layer.
     *
     * @param layer           the layer's index, from 0
     * @param features        NC metrics of the layer's features (DNC1, DNC2; NC3 for the classifier)
     * @param weightAlignment DNC3 of the layer's weights, when they were given
     */
    public record LayerReport(int layer, NcReport features, OptionalDouble weightAlignment) {
    }
}
