package io.github.nc4j.core.model;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.linalg.Matrix;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The four unconstrained feature models against a direct evaluation of the objective that
 * {@link UfmConfig} writes, and their gradients against central differences.
 */
class FeatureModelTest {

    static List<Arguments> configurations() {
        int[] sizes = {5, 3, 2};
        return List.of(
                Arguments.of(UfmConfig.of(Architecture.UFM, sizes, 4)),
                Arguments.of(UfmConfig.of(Architecture.UFM, sizes, 4).withBias(true)
                        .withLambdaB(0.3).withLoss(Loss.CROSS_ENTROPY)),
                Arguments.of(UfmConfig.of(Architecture.DEEP_LINEAR, sizes, 4)
                        .withLambdaW(0.1, 0.2, 0.3).withLambdaH(0.05)),
                Arguments.of(UfmConfig.of(Architecture.RELU_UFM, sizes, 4)
                        .withLoss(Loss.CROSS_ENTROPY)),
                Arguments.of(UfmConfig.of(Architecture.DEEP_UFM, sizes, 4).withDepth(3)
                        .withBias(true).withSeed(7)));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void objectiveIsTheFormulaOfTheConfiguration(UfmConfig config) {
        FeatureModel model = FeatureModel.of(config);
        double expected = directObjective(model, allSamples(model));
        double value = model.objectiveValue();
        // a few hundred roundings of terms of magnitude at most |value| and the penalties
        assertEquals(expected, value, 1e3 * EPS * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void miniBatchObjectiveUsesTheBatchLossAndFullPenalties(UfmConfig config) {
        FeatureModel model = FeatureModel.of(config);
        int[] batch = {9, 0, 4, 4, 7};
        model.tape().reset();
        double value = model.objective(batch).scalar();
        double expected = directObjective(model, batch);
        assertEquals(expected, value, 1e3 * EPS * Math.max(1, Math.abs(expected)));
    }

    @ParameterizedTest
    @MethodSource("configurations")
    void gradientsMatchCentralDifferences(UfmConfig config) {
        FeatureModel model = FeatureModel.of(config);
        Tape tape = model.tape();
        tape.reset();
        tape.backward(model.objective());
        Random random = new Random(3);
        for (Var p : tape.parameters()) {
            Matrix direction = Matrix.gaussian(p.rows(), p.cols(), random);
            double analytic = 0;
            double[] g = p.grad().data();
            for (int i = 0; i < g.length; i++) {
                analytic += g[i] * direction.data()[i];
            }
            double h = 1e-5;
            Matrix x = p.value();
            Matrix saved = x.copy();
            x.plusInPlace(direction.scale(h));
            double up = model.objectiveValue();
            x.setSlice(0, 0, saved);
            x.plusInPlace(direction.scale(-h));
            double down = model.objectiveValue();
            x.setSlice(0, 0, saved);
            // h^2 |f'''| / 6 with O(10) third derivatives, plus eps |f| / h
            assertEquals(analytic, (up - down) / (2 * h), 1e-7 * Math.max(1, Math.abs(analytic)),
                    p.toString());
        }
    }

    @Test
    void samplesAreOrderedByClassAndLayersChain() {
        FeatureModel model = FeatureModel.of(UfmConfig.of(Architecture.DEEP_UFM,
                new int[] {2, 1, 3}, 5).withDepth(3).withBias(true));
        assertArrayEquals(new int[] {0, 0, 1, 2, 2, 2}, model.labels());
        List<Matrix> layers = model.layerFeatures(0, 6);
        assertEquals(3, layers.size());
        assertEquals(model.features(), layers.get(0));
        Matrix second = model.features().timesTranspose(model.weight(1)).map(v -> Math.max(v, 0));
        assertEquals(second, layers.get(1));
        assertEquals(layers.get(2).rowRange(2, 4), model.layerFeatures(2, 4).get(2));
        Matrix logits = layers.get(2).timesTranspose(model.weight(3))
                .plusRow(Matrix.rowVector(model.bias().orElseThrow()));
        assertEquals(logits, model.logits());
        assertEquals(Centering.GLOBAL_MEAN, model.centering());
        assertEquals(3, model.layerWeights().size());
        assertEquals(model.weight(3), model.classifier().weights());
    }

    @Test
    void reluUfmKeepsItsFeaturesNonNegative() {
        FeatureModel model = FeatureModel.of(UfmConfig.of(Architecture.RELU_UFM,
                new int[] {3, 3}, 4));
        assertTrue(model.features().map(v -> v < 0 ? 1 : 0).sum() == 0);
        model.tape().parameters().get(0).value().fill(-1);
        model.afterUpdate();
        assertEquals(0.0, model.features().normFrobenius());
        assertEquals(Centering.NONE, model.centering());
    }

    @Test
    void initializationFollowsTheSeedAndScale() {
        UfmConfig config = UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {400, 400}, 50)
                .withDepth(2).withInitScale(0.5).withSeed(11);
        FeatureModel a = FeatureModel.of(config);
        assertEquals(a.features(), FeatureModel.of(config).features());
        // entries N(0, s^2) for H and N(0, s^2 / d) for W: the mean squares estimate them
        // within a few standard errors (sqrt(2 / count) relative)
        Matrix h = a.features();
        assertEquals(0.25, h.normFrobenius() * h.normFrobenius() / h.size(), 0.25 * 0.05);
        Matrix w = a.weight(1);
        assertEquals(0.25 / 50, w.normFrobenius() * w.normFrobenius() / w.size(),
                0.25 / 50 * 0.15);
    }

    // ---------------------------------------------------------------- the reference

    private static int[] allSamples(FeatureModel model) {
        int[] all = new int[model.numSamples()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return all;
    }

    /** The objective of UfmConfig's Javadoc, element by element from the parameters. */
    private static double directObjective(FeatureModel model, int[] batch) {
        UfmConfig c = model.config();
        Matrix h = model.features();
        Matrix x = h.selectRows(batch);
        for (int l = 1; l <= c.depth(); l++) {
            x = x.timesTranspose(model.weight(l));
            if (c.architecture() == Architecture.DEEP_UFM && l < c.depth()) {
                x = x.map(v -> Math.max(v, 0));
            }
        }
        if (c.bias()) {
            x = x.plusRow(Matrix.rowVector(model.bias().orElseThrow()));
        }
        int[] labels = model.labels();
        double loss = 0;
        for (int i = 0; i < batch.length; i++) {
            int y = labels[batch[i]];
            if (c.loss() == Loss.MSE) {
                for (int k = 0; k < c.numClasses(); k++) {
                    double d = x.get(i, k) - (k == y ? 1 : 0);
                    loss += d * d / 2;
                }
            } else {
                double sum = 0;
                for (int k = 0; k < c.numClasses(); k++) {
                    sum += Math.exp(x.get(i, k));
                }
                loss += Math.log(sum) - x.get(i, y);
            }
        }
        double objective = loss / batch.length;
        double[] lambdaW = c.lambdaW();
        for (int l = 1; l <= c.depth(); l++) {
            double norm = model.weight(l).normFrobenius();
            objective += lambdaW[l - 1] / 2 * norm * norm;
        }
        objective += c.lambdaH() / 2 * h.normFrobenius() * h.normFrobenius();
        if (c.bias()) {
            double norm = Matrix.rowVector(model.bias().orElseThrow()).normFrobenius();
            objective += c.lambdaB() / 2 * norm * norm;
        }
        return objective;
    }
}
