package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.train.NcSnapshot;
import io.github.nc4j.core.train.Trajectory;
import io.github.nc4j.examples.report.EpochLog.Epoch;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** The plain-language observations of {@code summary.md}, on made-up trajectories. */
class MlpReportTest {

    private static NcReport report(double nc1) {
        OptionalDouble some = OptionalDouble.of(0.5);
        return new NcReport(10, 100, 8, Centering.GLOBAL_MEAN, nc1, nc1 / 2, 9, nc1 / 4, 0.7,
                0.8, 0.3, 0.1, 0.2, 0.05, some, some, some, some, some, OptionalDouble.of(0.01));
    }

    /**
     * One epoch per row: its training accuracy and the NC1 of each layer; epoch e ends e^2 s
     * after the start, after 0.5 s of optimization for epoch 0 (the first step) and e + 1 s for
     * the others (the first epoch taking 1.5 s, every later one 1 s).
     */
    private static MlpReport reportOf(double[] trainAccuracy, double[][] nc1) {
        List<Epoch> epochs = new ArrayList<>();
        Trajectory trajectory = new Trajectory();
        for (int e = 0; e < nc1.length; e++) {
            List<LayerReport> layers = new ArrayList<>();
            for (int l = 0; l < nc1[e].length; l++) {
                layers.add(new LayerReport(l, report(nc1[e][l]), OptionalDouble.of(0.9)));
            }
            Trajectory.Point point = new Trajectory.Point(10L * e, 1.0 / (e + 1), 0.1,
                    new NcSnapshot(layers));
            trajectory.add(point);
            epochs.add(new Epoch(e, e * e, e == 0 ? 0.5 : e + 1, 1.0 / (e + 1),
                    new Mlp.Evaluation(0.5, trainAccuracy[e]), new Mlp.Evaluation(0.6, 0.8), point));
        }
        int[] widths = new int[nc1[0].length];
        java.util.Arrays.fill(widths, 8);
        return new MlpReport(epochs, trajectory, widths, 100);
    }

    @Test
    void theExpectedShapeIsDescribedAsSuch() {
        String text = reportOf(new double[] {0.1, 0.9, 1.0, 1.0},
                new double[][] {{2, 3}, {1, 0.8}, {0.8, 0.5}, {0.7, 0.4}}).observations();
        assertTrue(text.contains("reached 100% at epoch 2 of 3"), text);
        assertTrue(text.contains("NC1 fell over training in every hidden layer"), text);
        assertTrue(text.contains("layer 1 2.00 -> 0.700, layer 2 3.00 -> 0.400"), text);
        assertTrue(text.contains("NC1 falls with depth, from layer to layer: 0.700 > 0.400"), text);
        assertTrue(text.contains("NC1 = 0.400, above the 0.0100"), text);
        assertTrue(text.contains("In the terminal phase, from epoch 2 to 3, the last layer's NC1"
                + " fell from 0.500 to 0.400"), text);
        assertFalse(text.contains("smallest at epoch"), "the minimum is at the end: " + text);
    }

    @Test
    void departuresFromItAreNamed() {
        String text = reportOf(new double[] {0.1, 0.95, 0.97},
                new double[][] {{0.3, 3, 2}, {1.5, 0.005, 0.2}, {0.35, 0.5, 0.008}}).observations();
        assertTrue(text.contains("did not reach 100%: it ended at 97.00% after 2 epochs"), text);
        assertTrue(text.contains("rose in layer 1 0.300 -> 0.350 and fell in layer 2"), text);
        assertTrue(text.contains("does not fall steadily with depth (layers 1 to 3: 0.350, 0.500,"
                + " 0.00800); the last layer is more collapsed than the first"), text);
        assertTrue(text.contains("NC1 = 0.00800, at or below the 0.0100"), text);
    }

    @Test
    void throughputCountsTheOptimizationAfterTheFirstEpoch() {
        MlpReport report = reportOf(new double[] {0.5, 0.9, 1.0, 1.0},
                new double[][] {{1}, {0.7}, {0.6}, {0.5}});
        assertEquals(2, report.firstEpochSeconds());
        assertEquals(100, report.samplesPerSecond(), "epochs 2 and 3: 200 samples in 2 s");
        assertEquals(17, new MlpReport.Timing(3, 2, 5, 7).total());
    }

    @Test
    void aRunOfOneEpochCountsThatEpoch() {
        MlpReport report = reportOf(new double[] {0.5, 1.0}, new double[][] {{1}, {0.5}});
        assertEquals(50, report.samplesPerSecond(), "1 epoch of 100 samples in 2 s");
        assertEquals(2, report.firstEpochSeconds());
    }

    @Test
    void theTableHasTheTrajectoryColumns() {
        MlpReport report = reportOf(new double[] {0.5, 1.0}, new double[][] {{1}, {0.5}});
        assertEquals(List.of("epoch", "seconds", "objective", "train_loss", "train_accuracy",
                "test_loss", "test_accuracy", "batch_objective", "grad_norm", "step", "nc1"),
                report.table().columns().subList(0, 11));
    }
}
