package io.github.nc4j.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The names of {@link NcMetric} and {@link LayerMetric}, and the report read through them. */
class MetricNamesTest {

    @Test
    void namesAreDistinctSnakeCaseAndDescribed() {
        for (NcMetric metric : NcMetric.values()) {
            assertTrue(metric.column().matches("[a-z][a-z0-9_]*"), metric.column());
            assertTrue(!metric.description().isBlank(), metric.column());
        }
        assertEquals(NcMetric.values().length,
                Arrays.stream(NcMetric.values()).map(NcMetric::column).distinct().count());
        assertEquals(LayerMetric.values().length,
                Arrays.stream(LayerMetric.values()).map(LayerMetric::metricName).distinct().count());
    }

    @Test
    void layerColumnsParseBackAndNothingElseDoes() {
        for (LayerMetric metric : LayerMetric.values()) {
            for (int layer : new int[] {1, 2, 9, 10, 123}) {
                assertEquals(Optional.of(new LayerMetric.Column(layer, metric)),
                        LayerMetric.parseColumn(metric.column(layer)), metric.column(layer));
            }
        }
        assertEquals("layer3_nc2_etf", LayerMetric.NC2_ETF.column(3));
        for (NcMetric metric : NcMetric.values()) {
            assertEquals(Optional.empty(), LayerMetric.parseColumn(metric.column()));
        }
        for (String other : new String[] {"layer0_nc1", "layer_nc1", "layer2_nc1_rank",
            "layer2_", "xlayer2_nc1", "layer99999999999_nc1", "step"}) {
            assertEquals(Optional.empty(), LayerMetric.parseColumn(other), other);
        }
    }

    @Test
    void valuesAreTheReportsFieldsInTheEnumsOrder() {
        Random random = new Random(4);
        int[] y = NcMetricsProperties.labels(3, 5, random);
        Matrix h = NcMetricsProperties.around(Matrix.gaussian(3, 4, random), y, 0.5, random);
        NcReport r = NcMetrics.compute(h, y, 3, Centering.GLOBAL_MEAN,
                LinearClassifier.of(Matrix.gaussian(3, 4, random)));
        double[] fields = {r.nc1(), r.nc1TraceRatio(), r.betweenClassRank(), r.cdnv(),
            r.nc2EtfMeans(), r.nc2OfMeans(), r.orthogonalityMeans(), r.equinormMeans(),
            r.equiangularityMeans(), r.maxAngleMeans(), r.nc2EtfClassifier().getAsDouble(),
            r.nc2OfClassifier().getAsDouble(), r.orthogonalityClassifier().getAsDouble(),
            r.nc3().getAsDouble(), r.nc3ScaledMeans().getAsDouble(), r.nc4().getAsDouble()};
        NcMetric[] metrics = NcMetric.values();
        assertEquals(fields.length, metrics.length);
        for (int i = 0; i < metrics.length; i++) {
            assertEquals(fields[i], metrics[i].value(r).getAsDouble(), metrics[i].column());
            assertEquals(fields[i], r.values().get(metrics[i].column()), metrics[i].column());
        }
    }
}
