package io.github.nc4j.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.nc4j.autodiff.Labels;
import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.data.GaussianMixture;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The models' evaluation ({@code layerFeatures}, {@code logits}, {@code evaluate}) against the
 * forward pass written out on plain matrices, as the models computed it before it went through
 * the tape: bitwise equal (JUnit compares doubles by their bits), for every architecture, loss
 * and bias, after some training so that the ReLUs cut. This is the evidence that evaluating on a
 * scratch tape calls the same kernels in the same order.
 */
class ForwardPassTest {

    private static final int[] SIZES = {20, 12, 8, 5};

    @Test
    void featureModelsEvaluateAsThePlainMatrixForwardPass() {
        for (Architecture arch : Architecture.values()) {
            for (Loss loss : Loss.values()) {
                for (boolean bias : new boolean[] {false, true}) {
                    UfmConfig c = UfmConfig.of(arch, SIZES, 12).withLoss(loss).withBias(bias)
                            .withLambdaH(1e-3).withSeed(7);
                    boolean deep = arch == Architecture.DEEP_LINEAR
                            || arch == Architecture.DEEP_UFM;
                    c = deep ? c.withDepth(3).withLambdaW(1e-3, 0, 2e-3) : c.withLambdaW(2e-3);
                    FeatureModel model = FeatureModel.of(c);
                    descend(model, 20, 0.1);
                    String what = c.toString();
                    assertBitwise(reference(model, 0, model.numSamples()),
                            model.layerFeatures(0, model.numSamples()), what);
                    assertBitwise(reference(model, 3, 17), model.layerFeatures(3, 17), what);
                    assertBitwise(List.of(referenceLogits(model)), List.of(model.logits()), what);
                }
            }
        }
    }

    @Test
    void mlpEvaluatesAsThePlainMatrixForwardPass() {
        GaussianMixture mixture = new GaussianMixture(10, 3, 1);
        LabeledData train = mixture.sample(new int[] {40, 30, 20}, 1);
        LabeledData test = mixture.sample(new int[] {10, 10, 10}, 2);
        for (Loss loss : Loss.values()) {
            for (boolean bias : new boolean[] {false, true}) {
                MlpConfig c = new MlpConfig(10, new int[] {16, 8, 8}, 3, loss, bias,
                        new double[] {1e-3, 0, 1e-3, 2e-3}, 1, 3);
                Mlp model = new Mlp(c, train);
                descend(model, 20, 0.05);
                String what = c.toString();
                List<Matrix> hidden = referenceMlp(model, train.features().rowRange(5, 60));
                hidden.remove(hidden.size() - 1);
                assertBitwise(hidden, model.layerFeatures(5, 60), what);
                List<Matrix> all = referenceMlp(model, test.features());
                Matrix logits = all.get(all.size() - 1);
                assertBitwise(List.of(logits), List.of(model.logits(test.features())), what);
                assertEquals(Labels.accuracy(logits, test.labels()), model.accuracy(test));
            }
        }
    }

    /** Plain gradient descent through the model's objective, projected as the Trainer does. */
    private static void descend(Model model, int steps, double lr) {
        Tape tape = model.tape();
        for (int s = 0; s < steps; s++) {
            tape.reset();
            tape.backward(model.objective());
            for (Var p : tape.parameters()) {
                Blas.axpy(-lr, p.grad(), p.value());
            }
            model.afterUpdate();
        }
    }

    // ------------------------------------------------ the forward pass on plain matrices

    /** {@code H_1 .. H_M} for samples [from, to), as FeatureModel computed them on matrices. */
    private static List<Matrix> reference(FeatureModel model, int from, int to) {
        List<Matrix> out = new ArrayList<>();
        Matrix x = model.features().rowRange(from, to);
        out.add(x);
        for (int l = 1; l < model.depth(); l++) {
            x = x.timesTranspose(model.weight(l));
            if (model.config().architecture() == Architecture.DEEP_UFM) {
                relu(x);
            }
            out.add(x);
        }
        return out;
    }

    private static Matrix referenceLogits(FeatureModel model) {
        List<Matrix> layers = reference(model, 0, model.numSamples());
        Matrix z = layers.get(layers.size() - 1).timesTranspose(model.weight(model.depth()));
        return model.bias().isEmpty() ? z
                : z.plusRow(Matrix.wrap(1, model.numClasses(), model.bias().get()));
    }

    /** The hidden layers and then the logits of the rows of x, as Mlp computed them. */
    private static List<Matrix> referenceMlp(Mlp model, Matrix x) {
        List<Var> params = model.tape().parameters(); // W_1 (, b_1), W_2 (, b_2), ...
        int step = model.config().bias() ? 2 : 1;
        int layers = params.size() / step;
        List<Matrix> out = new ArrayList<>();
        Matrix h = x;
        for (int l = 0; l < layers; l++) {
            Matrix z = h.timesTranspose(params.get(step * l).value());
            if (model.config().bias()) {
                z = z.plusRow(params.get(step * l + 1).value());
            }
            if (l < layers - 1) {
                relu(z);
            }
            out.add(z);
            h = z;
        }
        return out;
    }

    private static void relu(Matrix m) {
        double[] v = m.data();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(v[i], 0.0);
        }
    }

    private static void assertBitwise(List<Matrix> expected, List<Matrix> actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).shape(), actual.get(i).shape(), what);
            assertArrayEquals(expected.get(i).data(), actual.get(i).data(),
                    what + ", layer " + (i + 1));
        }
    }
}
