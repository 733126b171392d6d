package io.github.nc4j.core.model;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Labels;
import io.github.nc4j.core.data.GaussianMixture;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.model.MlpConfig.Head;
import io.github.nc4j.core.train.NcSnapshot;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.core.train.TrainingResult;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The head, the classifier bias switch, the feature decay and the loss scale of {@link Mlp},
 * against a forward pass written out with plain matrix products.
 */
class MlpHeadTest {

    private static LabeledData data(int n, int p, int k, long seed) {
        Random random = new Random(seed);
        int[] labels = random.ints(n, 0, k).toArray();
        for (int c = 0; c < k; c++) {
            labels[c] = c;
        }
        return LabeledData.of(Matrix.gaussian(n, p, random), labels, k);
    }

    /** A bias-free body of one layer of width 6 on 5 inputs, 3 classes, the given head. */
    private static MlpConfig config(Head head, boolean classifierBias) {
        return new MlpConfig(5, new int[] {6}, 3, Loss.MSE, false, new double[] {1e-3, 1e-3}, 1, 7)
                .withHead(head, 1e-3).withClassifierBias(classifierBias);
    }

    private static Matrix relu(Matrix m) {
        return m.map(v -> Math.max(v, 0));
    }

    @Test
    void everyHeadLayerIsAppliedAndMeasured() {
        LabeledData data = data(20, 5, 3, 1);
        for (boolean reluHead : new boolean[] {false, true}) {
            Head head = new Head(2, reluHead);
            Mlp mlp = new Mlp(config(head, false), data);
            // the same kernels in the same order as the network's forward pass: bitwise equal
            Matrix h1 = relu(data.features().timesTranspose(mlp.weight(1)));
            Matrix h2 = h1.timesTranspose(mlp.weight(2));
            h2 = reluHead ? relu(h2) : h2;
            Matrix h3 = h2.timesTranspose(mlp.weight(3));
            h3 = reluHead ? relu(h3) : h3;
            Matrix logits = h3.timesTranspose(mlp.weight(4));
            assertEquals(6, mlp.weight(3).rows(), "head layers keep the body's width");
            assertEquals(3, mlp.weight(4).rows(), "the classifier is the fourth matrix");
            assertEquals(logits, mlp.logits(data.features()), head.toString());
            List<Matrix> layers = mlp.layerFeatures(0, data.size());
            assertEquals(List.of(h1, h2, h3), layers, head.toString());
            assertEquals(List.of(mlp.weight(2), mlp.weight(3), mlp.weight(4)),
                    mlp.layerWeights());
            NcSnapshot snapshot = NcSnapshot.of(mlp);
            assertEquals(3, snapshot.numLayers(), "NC of the body layer and both head layers");
            assertTrue(snapshot.layers().get(2).weightAlignment().isPresent());
            boolean negative = h2.map(v -> v < 0 ? 1 : 0).sum() > 0;
            assertEquals(!reluHead, negative, "a linear head keeps negative values");
        }
    }

    @Test
    void theClassifierBiasSwitchAddsOrRemovesOneBias() {
        LabeledData data = data(20, 5, 3, 2);
        Mlp without = new Mlp(config(Head.linear(1), false), data);
        assertEquals(3, without.tape().parameters().size(), "three weight matrices, no bias");
        assertFalse(without.classifier().hasBias());
        assertEquals(Centering.NONE, without.centering());
        List<Matrix> layers = without.layerFeatures(0, data.size());
        assertEquals(layers.get(1).timesTranspose(without.weight(3)),
                without.logits(data.features()));

        Mlp with = new Mlp(config(Head.linear(1), true), data);
        assertEquals(4, with.tape().parameters().size(), "three weight matrices and one bias");
        assertTrue(with.classifier().hasBias());
        assertEquals(Centering.GLOBAL_MEAN, with.centering());
        Matrix bias = Matrix.wrap(1, 3, with.classifier().bias());
        assertTrue(bias.normFrobenius() > 0);
        assertEquals(with.layerFeatures(0, data.size()).get(1).timesTranspose(with.weight(3))
                .plusRow(bias), with.logits(data.features()));

        MlpConfig bodyBias = new MlpConfig(5, new int[] {6, 4}, 3, Loss.MSE, true,
                new double[] {0, 0, 0}, 1, 7).withClassifierBias(false);
        Mlp mixed = new Mlp(bodyBias, data);
        assertEquals(5, mixed.tape().parameters().size(), "body biases, none in the classifier");
        assertFalse(mixed.classifier().hasBias());
    }

    @Test
    void theObjectiveScalesTheLossAndDecaysTheBodysLastFeatures() {
        LabeledData data = data(24, 5, 3, 3);
        double lambdaH = 0.3;
        double scale = 0.2;
        // the seeds' sep_decay: no decay on the body, its own decay on each head matrix
        double[] lambdaW = {0, 1e-3, 2e-3};
        Mlp mlp = new Mlp(config(Head.relu(1), false).withLambdaW(lambdaW).withLambdaH(lambdaH)
                .withLossScale(scale), data);
        Matrix y = Labels.oneHot(data.labels(), 3);
        Matrix h = mlp.layerFeatures(0, data.size()).get(0);
        double decay = 0;
        for (int l = 1; l <= 3; l++) {
            double norm = mlp.weight(l).normFrobenius();
            decay += lambdaW[l - 1] / 2 * norm * norm;
        }
        double hNorm = h.normFrobenius();
        double residual = mlp.logits(data.features()).minus(y).normFrobenius();
        double expected = scale * residual * residual / (2 * data.size()) + decay
                + lambdaH / 2 * hNorm * hNorm;
        mlp.tape().reset();
        double objective = mlp.objective().scalar();
        // a few dozen roundings per term: 1e3 eps is a wide margin and far below every term
        assertEquals(expected, objective, 1e3 * EPS * expected);
        Mlp.Evaluation evaluation = mlp.evaluate(data);
        assertEquals(objective, evaluation.loss() + mlp.penalty(), 1e3 * EPS * expected);

        int[] batch = {0, 1, 2, 3, 4, 5};
        LabeledData b = data.subset(batch);
        Matrix hb = h.selectRows(batch);
        double batchResidual = mlp.logits(b.features()).minus(Labels.oneHot(b.labels(), 3))
                .normFrobenius();
        double hbNorm = hb.normFrobenius();
        double expectedBatch = scale * batchResidual * batchResidual / (2 * batch.length) + decay
                + lambdaH / 2 * ((double) data.size() / batch.length) * hbNorm * hbNorm;
        mlp.tape().reset();
        assertEquals(expectedBatch, mlp.objective(batch).scalar(), 1e3 * EPS * expectedBatch,
                "a batch estimates ||H||^2 by (N/B) ||H_B||^2");
    }

    @Test
    void aShortRunCollapsesTheHeadAndKeepsTheBiasFree() {
        LabeledData data = new GaussianMixture(8, 3, 1).sample(new int[] {30, 20, 10}, 4);
        MlpConfig config = new MlpConfig(8, new int[] {12}, 3, Loss.MSE, true,
                new double[] {1e-4, 1e-4}, 1, 5).withHead(Head.linear(2), 1e-4)
                .withClassifierBias(false).withLambdaH(1e-4);
        Mlp mlp = new Mlp(config, data);
        TrainingConfig training = new TrainingConfig(Method.ADAM, 1e-2, 0, false, 0, 400, 0, 0,
                0, 400, 5);
        TrainingResult result = Trainer.train(mlp, training);
        NcSnapshot first = result.trajectory().points().get(0).nc();
        NcSnapshot last = result.trajectory().last().nc();
        assertEquals(3, last.numLayers());
        double before = first.last().nc1();
        double after = last.last().nc1();
        assertTrue(after < before / 10, "last head layer: NC1 " + before + " -> " + after);
        assertFalse(mlp.classifier().hasBias());
        assertEquals(1.0, mlp.accuracy(data));
    }

    @Test
    void badSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Head.linear(-1));
        MlpConfig base = config(Head.linear(2), false);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MlpConfig(5, new int[] {6}, 3, Loss.MSE, false, new double[] {0, 0},
                        1, 0, Head.linear(2), false, 0, 1, Precision.FLOAT64));
        assertTrue(e.getMessage().contains("2 head layers"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> base.withLambdaW(new double[3]));
        assertThrows(IllegalArgumentException.class,
                () -> base.withLambdaW(new double[] {0, 0, 0, -1}));
        assertThrows(IllegalArgumentException.class, () -> base.withLambdaH(-1));
        assertThrows(IllegalArgumentException.class, () -> base.withLambdaH(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> base.withLossScale(0));
        double inf = Double.POSITIVE_INFINITY;
        assertThrows(IllegalArgumentException.class, () -> base.withLambdaH(inf));
        assertThrows(IllegalArgumentException.class, () -> base.withLossScale(inf));
        assertThrows(IllegalArgumentException.class, () -> base.withInitScale(0));
        assertThrows(IllegalArgumentException.class, () -> base.withInitScale(inf));
        for (double bad : new double[] {-1e-9, inf, Double.NaN}) {
            IllegalArgumentException w = assertThrows(IllegalArgumentException.class,
                    () -> new MlpConfig(5, new int[] {6}, 3, Loss.MSE, false,
                            new double[] {0, 0, 0, bad}, 1, 0, Head.linear(2), false, 0, 1, Precision.FLOAT64));
            assertTrue(w.getMessage().contains("lambdaW[4]"), w.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(0, new int[] {6}, 3,
                Loss.MSE, false, new double[] {0, 0}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(5, new int[] {0}, 3,
                Loss.MSE, false, new double[] {0, 0}, 1, 0));
        assertThrows(IllegalArgumentException.class, () -> new MlpConfig(5, new int[] {6}, 1,
                Loss.MSE, false, new double[] {0, 0}, 1, 0));
        // the smallest valid values of every field
        MlpConfig smallest = new MlpConfig(1, new int[] {1}, 2, Loss.MSE, false,
                new double[] {0, 0}, Double.MIN_VALUE, 0, Head.none(), false, 0,
                Double.MIN_VALUE, Precision.FLOAT32);
        assertEquals(2, smallest.numWeightMatrices());
        assertEquals(4, base.numWeightMatrices());
        assertEquals(base, config(Head.linear(2), false));
        assertEquals(base.hashCode(), config(Head.linear(2), false).hashCode());
        String text = base.withLambdaH(0.25).withLossScale(0.5).toString();
        for (String part : List.of("2 linear head layers", "no classifier bias", "lambdaH=0.25",
                "mse x 0.5")) {
            assertTrue(text.contains(part), part + " in " + text);
        }
        assertTrue(config(Head.relu(1), true).toString().contains("1 ReLU head layer,"));
        assertEquals("no head", Head.none().toString());
        assertFalse(base.equals(config(Head.relu(2), false)));
        assertFalse(base.equals(config(Head.linear(2), true)));
    }
}
