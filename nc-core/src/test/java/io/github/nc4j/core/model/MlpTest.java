package io.github.nc4j.core.model;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MlpTest {

    private static LabeledData data(int n, int p, int k, long seed) {
        Random random = new Random(seed);
        int[] labels = random.ints(n, 0, k).toArray();
        labels[0] = 0;
        labels[1] = 1;
        labels[2] = 2;
        return LabeledData.of(Matrix.gaussian(n, p, random), labels, k);
    }

    @Test
    void objectiveIsCrossEntropyPlusWeightDecay() {
        LabeledData data = data(12, 5, 3, 1);
        MlpConfig config = new MlpConfig(5, new int[] {4, 6}, 3, Loss.CROSS_ENTROPY, true,
                new double[] {0.1, 0.2, 0.3}, 1, 2);
        Mlp mlp = new Mlp(config, data);
        Matrix logits = mlp.logits(data.features());
        double expected = 0;
        for (int i = 0; i < data.size(); i++) {
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                sum += Math.exp(logits.get(i, c));
            }
            expected += (Math.log(sum) - logits.get(i, data.label(i))) / data.size();
        }
        double[] lambda = config.lambdaW();
        for (int l = 1; l <= 3; l++) {
            double norm = mlp.weight(l).normFrobenius();
            expected += lambda[l - 1] / 2 * norm * norm;
        }
        mlp.tape().reset();
        assertEquals(expected, mlp.objective().scalar(), 1e3 * EPS * Math.abs(expected));
    }

    @Test
    void evaluationPlusPenaltyIsTheObjectiveForBothLosses() {
        LabeledData data = data(15, 4, 3, 3);
        for (Loss loss : Loss.values()) {
            MlpConfig config = new MlpConfig(4, new int[] {5, 3}, 3, loss, true,
                    new double[] {0.1, 0.2, 0.3}, 1, 4);
            Mlp mlp = new Mlp(config, data);
            mlp.tape().reset();
            double objective = mlp.objective().scalar();
            Mlp.Evaluation evaluation = mlp.evaluate(data);
            // The same operations in the same order: only the penalty's summation order differs.
            assertEquals(objective, evaluation.loss() + mlp.penalty(),
                    16 * EPS * Math.abs(objective), loss.toString());
            assertEquals(mlp.accuracy(data), evaluation.accuracy());
        }
    }

    /**
     * {@code evaluate} of the training data after {@code layerFeatures} over all its rows (at
     * once or in consecutive chunks, as NcSnapshot reads them) reuses that pass's logits while
     * the parameters are unchanged: the same bits as evaluating an equal copy of the data, which
     * is computed afresh; and after a parameter changes in place (as an optimizer's step changes
     * them), weight or bias, before the pass or in the middle of it, the current values'.
     */
    @Test
    void theTrainingDataIsEvaluatedOnTheCurrentParameters() {
        LabeledData data = data(14, 4, 3, 9);
        Mlp mlp = new Mlp(new MlpConfig(4, new int[] {5, 3}, 3, Loss.CROSS_ENTROPY, true,
                new double[] {0.1, 0.2, 0.3}, 1, 4), data);
        LabeledData copy = LabeledData.of(data.features().copy(), data.labels(), 3);
        Mlp.Evaluation before = mlp.evaluate(copy);
        mlp.layerFeatures(0, 14);
        assertEquals(before, mlp.evaluate(mlp.data()));
        mlp.layerFeatures(0, 5);
        mlp.layerFeatures(5, 14);
        assertEquals(before, mlp.evaluate(mlp.data()));
        List<Var> parameters = mlp.tape().parameters();
        for (int p = 0; p < parameters.size(); p++) {
            double[] values = parameters.get(p).value().data();
            double kept = values[0];
            mlp.layerFeatures(0, 14);
            values[0] = kept + 0.25;
            Mlp.Evaluation after = mlp.evaluate(mlp.data());
            assertEquals(mlp.evaluate(copy), after, "parameter " + p);
            assertNotEquals(before.loss(), after.loss(), "parameter " + p);
            values[0] = kept;
            mlp.layerFeatures(0, 5);
            values[0] = kept + 0.25;
            mlp.layerFeatures(5, 14);
            assertEquals(after, mlp.evaluate(mlp.data()), "parameter " + p + ", mid-pass");
            values[0] = kept; // the pass's first rows' parameters again, not its last rows'
            assertEquals(before, mlp.evaluate(mlp.data()), "parameter " + p + ", restored");
        }
    }

    /**
     * The reuse itself, seen through what the network assumes never happens: its training
     * features changed in place after a pass. Evaluating the training data then still gives the
     * pass's values, until rows are asked for out of the pass's order or a new pass has covered
     * every row; other data, even of the same size, are evaluated afresh.
     */
    @Test
    void evaluatingTheTrainingDataReusesThePassOverIt() {
        LabeledData data = data(14, 4, 3, 11);
        Mlp mlp = new Mlp(MlpConfig.of(4, 6, 2, 3, 1e-3), data);
        Mlp.Evaluation original = mlp.evaluate(data);
        mlp.layerFeatures(0, 7);
        mlp.layerFeatures(7, 14);
        double[] x = data.features().data();
        double[] saved = x.clone();
        try {
            for (int i = 0; i < x.length; i++) {
                x[i] *= 2;
            }
            Mlp.Evaluation doubled =
                    mlp.evaluate(LabeledData.of(data.features().copy(), data.labels(), 3));
            assertNotEquals(original, doubled);
            assertEquals(original, mlp.evaluate(mlp.data()), "the pass's logits");
            mlp.layerFeatures(3, 9);
            assertEquals(doubled, mlp.evaluate(mlp.data()), "after rows out of the pass's order");
            mlp.layerFeatures(0, 7);
            assertEquals(doubled, mlp.evaluate(mlp.data()), "a pass not yet at the last row");
            mlp.layerFeatures(7, 14);
            assertEquals(doubled, mlp.evaluate(mlp.data()), "the new pass's logits");
        } finally {
            System.arraycopy(saved, 0, x, 0, x.length);
        }
    }

    @Test
    void evaluationLeavesTheTrainingStepIntact() {
        LabeledData data = data(12, 4, 3, 5);
        Mlp mlp = new Mlp(MlpConfig.of(4, 6, 2, 3, 1e-3), data);
        mlp.tape().reset();
        var objective = mlp.objective();
        mlp.evaluate(data.subset(0, 1, 2));
        mlp.tape().backward(objective); // the step's results are still valid
        assertTrue(mlp.tape().parameters().get(0).grad().normFrobenius() > 0);
    }

    @Test
    void layersAreTheHiddenActivationsAndTheWeightsThatReadThem() {
        LabeledData data = data(10, 5, 3, 2);
        Mlp mlp = new Mlp(MlpConfig.of(5, 7, 2, 3, 1e-3), data);
        List<Matrix> layers = mlp.layerFeatures(0, 10);
        assertEquals(2, layers.size());
        Matrix first = data.features().timesTranspose(mlp.weight(1));
        assertEquals(7, first.cols());
        assertTrue(layers.get(0).map(v -> v < 0 ? 1 : 0).sum() == 0, "post-ReLU");
        List<Matrix> weights = mlp.layerWeights();
        assertEquals(mlp.weight(2), weights.get(0));
        assertEquals(mlp.weight(3), weights.get(1));
        assertEquals(mlp.weight(3), mlp.classifier().weights());
        double accuracy = mlp.accuracy(data);
        assertTrue(accuracy >= 0 && accuracy <= 1);
    }

    @Test
    void theWholeSetReadInPlaceGivesTheRowsOfItsParts() {
        LabeledData data = data(13, 5, 3, 4);
        Matrix before = data.features().copy();
        Mlp mlp = new Mlp(MlpConfig.of(5, 7, 2, 3, 1e-3), data);
        List<Matrix> whole = mlp.layerFeatures(0, 13);
        List<Matrix> head = mlp.layerFeatures(0, 6);
        List<Matrix> tail = mlp.layerFeatures(6, 13);
        for (int l = 0; l < whole.size(); l++) {
            assertEquals(head.get(l), whole.get(l).rowRange(0, 6), "layer " + l);
            assertEquals(tail.get(l), whole.get(l).rowRange(6, 13), "layer " + l);
        }
        assertEquals(before, data.features(), "the training data are not written");
    }

    @Test
    void mismatchedDataIsRejected() {
        LabeledData data = data(10, 5, 3, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Mlp(MlpConfig.of(6, 7, 2, 3, 0), data));
        assertTrue(e.getMessage().contains("input dimension 6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MlpConfig.of(5, 7, 0, 3, 0));
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(5, new int[] {4}, 3,
                Loss.MSE, true, new double[] {0.1}, 1, 0));
    }

    /**
     * FLOAT32 reaches the products of training and nothing else: the objective and its
     * gradient move by float rounding (the products' bound, far above double's), while the
     * double evaluation and the features of the same weights are bitwise those of FLOAT64.
     */
    @Test
    void float32RunsTheTrainingProductsOnly() {
        LabeledData data = data(40, 30, 3, 5);
        MlpConfig config = new MlpConfig(30, new int[] {24, 24}, 3, Loss.CROSS_ENTROPY, true,
                new double[] {1e-3, 1e-3, 1e-3}, 1, 6);
        Mlp doubles = new Mlp(config, data);
        Mlp floats = new Mlp(config.withPrecision(Precision.FLOAT32), data);
        assertEquals(Precision.FLOAT32, floats.tape().precision());
        assertEquals(Precision.FLOAT64, doubles.tape().precision());
        double objective64 = objectiveAndGradient(doubles);
        double objective32 = objectiveAndGradient(floats);
        double floatUnit = Math.ulp(1.0f) / 2;
        double difference = Math.abs(objective32 - objective64);
        assertTrue(difference > 1e3 * EPS * objective64, "no float rounding: " + difference);
        assertTrue(difference < 1e3 * floatUnit * objective64, "beyond float rounding: "
                + difference);
        for (int l = 0; l < doubles.tape().parameters().size(); l++) {
            Matrix g64 = doubles.tape().parameters().get(l).grad();
            Matrix g32 = floats.tape().parameters().get(l).grad();
            double scale = g64.normFrobenius();
            double gap = g32.minus(g64).normFrobenius();
            assertTrue(gap > 0 && gap < 1e3 * floatUnit * scale, "parameter " + l + ": " + gap
                    + " against " + scale);
        }
        assertEquals(doubles.evaluate(data), floats.evaluate(data));
        assertEquals(doubles.layerFeatures(0, data.size()), floats.layerFeatures(0, data.size()));
        assertThrows(NullPointerException.class, () -> config.withPrecision(null));
    }

    private static double objectiveAndGradient(Mlp mlp) {
        mlp.tape().reset();
        Var objective = mlp.objective();
        mlp.tape().backward(objective);
        return objective.scalar();
    }
}
