package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.theory.DeepUfmBinaryOptimum;
import io.github.nc4j.core.theory.RandomOrthogonal;
import io.github.nc4j.linalg.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Deep NC on a constructed DUFM optimum (K = 2) and on generic features. */
class LayerwiseNcTest {

    /**
     * The DUFM optimum of definitions.md §4.4 written out for width 4: H_1 class means at 120
     * degrees of length sqrt(q/N), every later layer's means orthogonal and of equal length,
     * W_l (l >= 2) with two equal singular values sqrt(q/2) aligned with them.
     */
    @Test
    void theDufmOptimumShowsDeepNeuralCollapseInEveryLayer() {
        int layers = 3;
        int perClass = 50;
        DeepUfmBinaryOptimum opt = DeepUfmBinaryOptimum.of(layers, perClass, 5e-3);
        int width = 4;
        Random random = new Random(3);
        double a = opt.firstLayerMeanNorm();
        double s = opt.singularValue();
        Matrix q = RandomOrthogonal.haar(width, random);
        // First-layer means: any angle in [90, 180] degrees is optimal; take 120.
        Matrix mean1 = Matrix.of(new double[][] {{a, 0, 0, 0}, {a * Math.cos(2 * Math.PI / 3), a * Math.sin(2 * Math.PI / 3), 0, 0}}).times(q);
        int n = 2 * perClass;
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
        }
        // Layers >= 2 hold the post-ReLU means s^(l-1) (s a) e_k, and their weights s times a
        // partial identity (two equal singular values, aligned with the means). W_1 is left
        // random: the theory fixes its singular values, not its alignment with the H_1 means.
        List<Matrix> features = new java.util.ArrayList<>();
        features.add(NcMetricsProperties.around(mean1, y, 0, random));
        Matrix post = Matrix.of(new double[][] {{s * a, 0, 0, 0}, {0, s * a, 0, 0}});
        for (int l = 1; l < layers; l++) {
            features.add(NcMetricsProperties.around(post.scale(Math.pow(s, l - 1)), y, 0, random));
        }
        LayerwiseNc nc = new LayerwiseNc(2, width, width, width);
        nc.accept(features, y);
        Matrix w2 = Matrix.diagonal(s, s, 0, 0);
        Matrix w3 = Matrix.of(new double[][] {{s, 0, 0, 0}, {0, s, 0, 0}});
        Matrix w1 = Matrix.gaussian(width, width, random);
        List<LayerwiseNc.LayerReport> reports = nc.report(Centering.NONE, List.of(w1, w2, w3));
        assertEquals(3, reports.size());
        for (LayerwiseNc.LayerReport r : reports) {
            assertEquals(0.0, r.features().nc1(), "DNC1 at layer " + r.layer());
        }
        for (int l = 1; l < layers; l++) {
            LayerwiseNc.LayerReport r = reports.get(l);
            assertTrue(r.features().nc2OfMeans() <= 16 * EPS, "DNC2: orthogonal equal means at layer " + l);
            assertTrue(r.weightAlignment().getAsDouble() <= 16 * EPS, "DNC3 at layer " + l);
        }
        assertTrue(reports.get(0).weightAlignment().getAsDouble() > 0.05, "a random W_1 is not aligned");
        assertTrue(reports.get(2).features().nc3().isPresent(), "the last weights are the classifier");
        assertFalse(reports.get(1).features().nc3().isPresent());
        assertTrue(reports.get(2).features().nc3().getAsDouble() <= 16 * EPS);
    }

    @Test
    void weightAlignmentIsZeroForCollinearRowsAndOneForOrthogonalOnes() {
        Matrix means = Matrix.of(new double[][] {{1, 0, 0}, {0, 2, 0}});
        assertEquals(0.0, LayerwiseNc.weightAlignment(Matrix.of(new double[][] {{3, 0, 0}, {0, -1, 0}, {0, 0, 0}}), means));
        assertEquals(1.0, LayerwiseNc.weightAlignment(Matrix.of(new double[][] {{0, 0, 5}}), means));
        // A row at 45 degrees between the two means: half of its energy is unexplained.
        assertEquals(0.5, LayerwiseNc.weightAlignment(Matrix.of(new double[][] {{1, 1, 0}}), means), 4 * EPS);
        assertEquals(0.0, LayerwiseNc.weightAlignment(Matrix.zeros(2, 3), means));
        // Rows weigh by their squared norm: an aligned row of norm 3 and an orthogonal one of
        // norm 1 leave 1/(9 + 1) unexplained.
        assertEquals(0.1, LayerwiseNc.weightAlignment(Matrix.of(new double[][] {{3, 0, 0},
            {0, 0, 1}}), means), 4 * EPS);
        assertThrows(IllegalArgumentException.class, () -> LayerwiseNc.weightAlignment(Matrix.zeros(2, 2), means));
    }

    @Test
    void eachLayerMatchesTheSingleLayerMetrics() {
        Random random = new Random(4);
        int[] y = NcMetricsProperties.labels(3, 0, random);
        Matrix h1 = NcMetricsProperties.around(Matrix.gaussian(3, 5, random), y, 0.5, random);
        Matrix h2 = h1.times(Matrix.gaussian(5, 4, random)).map(v -> Math.max(v, 0));
        LayerwiseNc nc = new LayerwiseNc(3, 5, 4);
        int half = y.length / 2;
        nc.accept(List.of(h1.rowRange(0, half), h2.rowRange(0, half)), java.util.Arrays.copyOf(y, half));
        nc.accept(List.of(h1.rowRange(half, y.length), h2.rowRange(half, y.length)),
                java.util.Arrays.copyOfRange(y, half, y.length));
        List<LayerwiseNc.LayerReport> reports = nc.report(Centering.GLOBAL_MEAN);
        NcReport direct1 = NcMetrics.compute(h1, y, 3);
        NcReport direct2 = NcMetrics.compute(h2, y, 3);
        assertEquals(direct1.nc1(), reports.get(0).features().nc1(), 1e-12 * direct1.nc1());
        assertEquals(direct2.nc1(), reports.get(1).features().nc1(), 1e-12 * direct2.nc1());
        assertEquals(direct2.nc2EtfMeans(), reports.get(1).features().nc2EtfMeans(), 1e-12);
        assertFalse(reports.get(0).weightAlignment().isPresent());
    }

    @Test
    void badInputIsRejected() {
        LayerwiseNc nc = new LayerwiseNc(2, 3, 2);
        int[] y = {0, 1};
        assertThrows(IllegalArgumentException.class, () -> nc.accept(List.of(Matrix.zeros(2, 3)), y));
        assertThrows(IllegalArgumentException.class, () -> nc.accept(List.of(Matrix.zeros(2, 3), Matrix.zeros(2, 3)), y));
        Matrix nan = Matrix.zeros(2, 2);
        nan.set(1, 1, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> nc.accept(List.of(Matrix.zeros(2, 3), nan), y));
        assertEquals(0, nc.statistics(0).count(), "layer 0 was fine, but nothing is added");
        assertEquals(0, nc.numLayers() - 2);
        assertThrows(IllegalArgumentException.class, () -> new LayerwiseNc(2));
        nc.accept(List.of(Matrix.of(new double[][] {{0, 0, 1}, {1, 0, 0}}), Matrix.of(new double[][] {{1, 0}, {0, 1}})), y);
        ClassStatistics copy = nc.statistics(1);
        assertEquals(2, copy.count());
        copy.accept(Matrix.zeros(1, 2), new int[] {0});
        assertEquals(2, nc.statistics(1).count(), "statistics(l) is a copy");
        assertThrows(IllegalArgumentException.class, () -> nc.report(Centering.NONE, List.of(Matrix.zeros(2, 3))));
        assertThrows(IllegalArgumentException.class,
                () -> nc.report(Centering.NONE, List.of(Matrix.zeros(2, 2), Matrix.zeros(2, 2))));
    }
}
