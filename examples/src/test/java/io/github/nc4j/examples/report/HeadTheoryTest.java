package io.github.nc4j.examples.report;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.data.GaussianMixture;
import io.github.nc4j.core.data.LabeledData;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.model.MlpConfig;
import io.github.nc4j.core.model.MlpConfig.Head;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.core.theory.SimplexEtf;
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeadTheoryTest {

    private static final int[] SIZES = {30, 20, 10};

    private static Mlp mlp(Loss loss, Head head, boolean bias, double scale) {
        LabeledData data = new GaussianMixture(6, 2, 1).sample(SIZES, 1);
        MlpConfig config = MlpConfig.of(6, 8, 1, 3, 2e-3).withHead(head, 2e-3)
                .withClassifierBias(bias).withLambdaH(1e-3).withLossScale(scale).withLoss(loss);
        return new Mlp(config, data);
    }

    @Test
    void rankCorrelationCountsTiesByTheirAverageRank() {
        assertEquals(-1, HeadTheory.spearman(new double[] {5, 5, 3, 3},
                new double[] {100, 100, 200, 200}), 4 * EPS);
        assertEquals(1, HeadTheory.spearman(new double[] {1, 2, 3}, new double[] {10, 20, 30}),
                4 * EPS);
        assertTrue(Double.isNaN(HeadTheory.spearman(new double[] {1, 1}, new double[] {1, 2})));
    }

    @Test
    void cosinesOfAnOrthogonalFrameAreZeroAndOfASimplexMinusOneOverKMinusOne() {
        Matrix frame = Matrix.of(new double[][] {{2, 0, 0}, {0, 1, 0}, {0, 0, 3}});
        assertArrayEquals(new double[3], HeadTheory.offDiagonalCosines(frame));
        Matrix etf = SimplexEtf.vectors(4, 6);
        for (double c : HeadTheory.offDiagonalCosines(etf)) {
            assertEquals(-1.0 / 3, c, 64 * EPS);
        }
    }

    @Test
    void groupRatioAndCollapsedClasses() {
        int[] sizes = {100, 100, 200, 500, 500};
        assertEquals(3.0 / 1.5, HeadTheory.groupRatio(new double[] {2, 4, 9, 1, 2}, sizes),
                4 * EPS);
        assertEquals(2, HeadTheory.collapsed(new double[] {0, 1e-3, 0.5, 1}));
    }

    @Test
    void theClosedFormsSeeTheDecaysDividedByTheLossScale() {
        Mlp linear = mlp(Loss.MSE, Head.linear(2), false, 0.5);
        HeadTheory t = HeadTheory.of(linear, SIZES);
        assertTrue(t.closedForm().contains("deep linear UFM, MSE, M = 3"), t.closedForm());
        long[] n = Arrays.stream(SIZES).asLongStream().toArray();
        assertArrayEquals(DeepLinearMseOptimum.of(n, 2e-3, 4e-3, 4e-3, 4e-3).meanNorms(),
                t.predictedLengths().orElseThrow());
        assertEquals(-1, t.measure("length_size_correlation").orElseThrow().predicted());

        HeadTheory ce = HeadTheory.of(mlp(Loss.CROSS_ENTROPY, Head.none(), false, 1), SIZES);
        assertTrue(ce.closedForm().contains("ReLU UFM"), ce.closedForm());
        assertArrayEquals(ReluUfmCeOptimum.of(n, 2e-3, 1e-3).meanNorms(),
                ce.predictedLengths().orElseThrow());
        assertTrue(ce.measure("classifier_vs_scaled_means").isPresent());

        HeadTheory biased = HeadTheory.of(mlp(Loss.MSE, Head.linear(1), true, 1), SIZES);
        assertEquals("none", biased.closedForm(), "imbalanced with a bias: no closed form");
        assertTrue(biased.predictedLengths().isEmpty());
        assertTrue(biased.lengthsChart().isEmpty());
        assertTrue(t.lengthsChart().isPresent());
    }
}
