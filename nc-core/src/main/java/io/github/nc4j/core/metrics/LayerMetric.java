package io.github.nc4j.core.metrics;

import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The deep-neural-collapse metrics of one layer ({@link LayerwiseNc}) by name, in one fixed
 * order: the trajectory CSV has a column {@link #column(int) layerL_name} for each, for every
 * layer L from 1, when a model has several layers. Its last layer's full report is
 * {@link NcMetric}'s.
 */
public enum LayerMetric {

    /** DNC1: NC1 of the layer's features ({@link NcReport#nc1()}). */
    NC1("nc1", l -> OptionalDouble.of(l.features().nc1())),
    /** DNC2 against the simplex ETF ({@link NcReport#nc2EtfMeans()}). */
    NC2_ETF("nc2_etf", l -> OptionalDouble.of(l.features().nc2EtfMeans())),
    /** DNC2 against the orthogonal frame ({@link NcReport#nc2OfMeans()}). */
    NC2_OF("nc2_of", l -> OptionalDouble.of(l.features().nc2OfMeans())),
    /** Off-diagonal mass of the means' Gram ({@link NcReport#orthogonalityMeans()}). */
    ORTHOGONALITY("orthogonality", l -> OptionalDouble.of(l.features().orthogonalityMeans())),
    /** DNC3 of the weights reading the layer ({@link LayerReport#weightAlignment()}). */
    DNC3("dnc3", LayerReport::weightAlignment);

    /**
     * A per-layer column split into its parts.
     *
     * @param layer  the layer, from 1
     * @param metric the metric
     */
    public record Column(int layer, LayerMetric metric) {
    }

    private static final Pattern COLUMN = Pattern.compile("layer([1-9]\\d{0,8})_(.+)");

    private final String metricName;
    private final Function<LayerReport, OptionalDouble> value;

    LayerMetric(String metricName, Function<LayerReport, OptionalDouble> value) {
        this.metricName = metricName;
        this.value = value;
    }

    /** {@return the snake_case name without the layer, for example {@code nc2_etf}} */
    public String metricName() {
        return metricName;
    }

    /**
     * {@return the column of this metric at {@code layer}: {@code layer<layer>_<metricName>}}
     *
     * @param layer the layer, from 1
     */
    public String column(int layer) {
        return "layer" + layer + "_" + metricName;
    }

    /**
     * {@return its value in {@code report}; empty where the report lacks it (DNC3 without
     * weights)}
     *
     * @param report the metrics of one layer
     */
    public OptionalDouble value(LayerReport report) {
        return value.apply(report);
    }

    /**
     * {@return the layer and metric of a name {@link #column(int)} gives; empty for any other
     * name}
     *
     * @param column a column name
     */
    public static Optional<Column> parseColumn(String column) {
        Matcher m = COLUMN.matcher(column);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(metric -> metric.metricName.equals(m.group(2)))
                .findFirst().map(metric -> new Column(Integer.parseInt(m.group(1)), metric));
    }
}
