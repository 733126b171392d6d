package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.model.MlpConfig;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link EpochLog}: the progress display shows each epoch's own values, not the previous ones,
 * and the optimization is timed apart from the measurements.
 */
class EpochLogTest {

    @Test
    void theLastProgressLineShowsTheLastEpochsNc1AndAccuracy() {
        Random random = new Random(1);
        int[] labels = new int[24];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = i % 3;
        }
        LabeledData data = LabeledData.of(Matrix.gaussian(24, 5, random), labels, 3);
        Mlp model = new Mlp(new MlpConfig(5, new int[] {6}, 3, Loss.CROSS_ENTROPY, true,
                new double[] {1e-3, 1e-3}, 1, 2), data);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long epochs = 4;
        PrintStream stdout = System.out;
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try (Progress progress = Progress.start("mlp", epochs, "steps", Progress.Mode.LINES)) {
            EpochLog log = new EpochLog(model, data, 1, progress);
            Trainer.train(model, TrainingConfig.gradientDescent(0.5, epochs).withRecordEvery(1),
                    log);
            List<EpochLog.Epoch> recorded = log.epochs();
            EpochLog.Epoch last = recorded.get(recorded.size() - 1);
            progress.close();
            String[] lines = bytes.toString(StandardCharsets.UTF_8).strip().split("\n");
            String shown = lines[lines.length - 1];
            assertTrue(shown.contains(String.format(Locale.ROOT, "NC1 %.3g",
                    last.point().nc().last().nc1())), shown);
            assertTrue(shown.contains(String.format(Locale.ROOT, "train acc %.3g",
                    last.train().accuracy())), shown);
            assertEquals(epochs, last.epoch());
            assertOptimizationTimedApart(log, recorded);
        } finally {
            System.setOut(stdout);
        }
    }

    /**
     * Each epoch's optimization seconds grow, and with the NC and evaluation seconds they fit in
     * the wall time (they would not if a measurement were counted twice).
     */
    private static void assertOptimizationTimedApart(EpochLog log, List<EpochLog.Epoch> epochs) {
        for (int e = 1; e < epochs.size(); e++) {
            assertTrue(epochs.get(e).trainingSeconds() > epochs.get(e - 1).trainingSeconds());
        }
        EpochLog.Epoch last = epochs.get(epochs.size() - 1);
        double parts = last.trainingSeconds() + log.ncSeconds() + log.evaluationSeconds();
        assertTrue(parts <= last.seconds(), parts + " s of parts in " + last.seconds() + " s");
    }
}
