package io.github.nc4j.core.train;

import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.metrics.LayerwiseNc;
import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.core.metrics.Nc4Counter;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.model.Model;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The neural-collapse metrics of every layer of a model at one moment, on its training samples:
 * per layer the {@link LayerwiseNc} report (DNC1, DNC2, and DNC3 of the weights reading the
 * layer), and for the last layer every metric of {@link NcMetrics}, NC4 included, against the
 * model's classifier with its bias. Centering follows {@link Model#centering()}.
 *
 * @param layers one report per layer, from the first; the last one's features report is complete
 */
public record NcSnapshot(List<LayerReport> layers) {

    /** Rows per chunk when streaming features, so a large model's memory stays bounded. */
    static final int CHUNK_ROWS = 4096;

    /**
     * The most last-layer feature values (doubles, 128 MiB) kept from the first pass for NC4;
     * beyond it the second pass recomputes them through every layer.
     */
    static final long KEEP_LAST_LAYER_VALUES = 1L << 24;

    /** Keeps an unmodifiable copy of the list. */
    public NcSnapshot {
        layers = List.copyOf(layers);
    }

    /**
     * Measures {@code model} now: one pass over its training samples for the statistics of
     * every layer, a second over the last layer for NC4. The second pass reads the last layer's
     * features kept from the first when they fit in {@link #KEEP_LAST_LAYER_VALUES} doubles
     * (N x d_L), and recomputes them otherwise; both give identical results.
     *
     * @param model the model
     * @return the metrics of every layer
     * @throws IllegalArgumentException as {@link NcMetrics}: a class without samples, NaN or
     *     infinite features
     */
    public static NcSnapshot of(Model model) {
        return of(model, KEEP_LAST_LAYER_VALUES);
    }

    /** As {@link #of(Model)}, keeping the last layer's features up to {@code keepValues}. */
    static NcSnapshot of(Model model, long keepValues) {
        List<Matrix> weights = model.layerWeights();
        int[] dims = new int[weights.size()];
        for (int l = 0; l < dims.length; l++) {
            dims[l] = weights.get(l).cols();
        }
        int[] labels = model.labels();
        int n = model.numSamples();
        int last = dims.length - 1;
        // NC4 compares with the final class means, so it needs a second look at the last layer.
        List<Matrix> kept = (long) n * dims[last] <= keepValues ? new ArrayList<>() : null;
        LayerwiseNc layerwise = new LayerwiseNc(model.numClasses(), dims);
        for (int from = 0; from < n; from += CHUNK_ROWS) {
            int to = Math.min(n, from + CHUNK_ROWS);
            List<Matrix> features = model.layerFeatures(from, to);
            layerwise.accept(features, Arrays.copyOfRange(labels, from, to));
            if (kept != null) {
                kept.add(features.get(last));
            }
        }
        List<LayerReport> reports = new ArrayList<>(layerwise.report(model.centering(), weights));

        ClassStatistics lastStats = layerwise.statistics(last);
        LinearClassifier classifier = model.classifier();
        Nc4Counter nc4 = new Nc4Counter(lastStats.classMeans(), classifier);
        for (int chunk = 0, from = 0; from < n; chunk++, from += CHUNK_ROWS) {
            nc4.accept(kept != null ? kept.get(chunk)
                    : model.layerFeatures(from, Math.min(n, from + CHUNK_ROWS)).get(last));
        }
        NcReport complete = NcMetrics.fromStatistics(lastStats, model.centering(), classifier, nc4);
        OptionalDouble alignment = reports.get(last).weightAlignment();
        reports.set(last, new LayerReport(last, complete, alignment));
        return new NcSnapshot(reports);
    }

    /** {@return the complete report of the last layer (the penultimate features of the network)} */
    public NcReport last() {
        return layers.get(layers.size() - 1).features();
    }

    /** {@return the number of layers} */
    public int numLayers() {
        return layers.size();
    }
}
