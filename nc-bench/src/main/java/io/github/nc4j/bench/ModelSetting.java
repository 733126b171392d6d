package io.github.nc4j.bench;

import io.github.nc4j.core.data.ClassSizes;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;

/**
 * The unconstrained feature models whose training step {@link ModelStepBenchmark} times: the
 * settings of {@code nc4j reproduce} (the examples module's {@code Experiment}; the run each
 * comes from is named below), plus one large deep UFM where the GEMMs dominate. Each is trained
 * there by full-batch gradient descent with the learning rate given here.
 */
public enum ModelSetting {

    /** zhu2021-etf, run mse: K = 4, n = 50, d = 16, bias. */
    UFM_MSE(UfmConfig.of(Architecture.UFM, ClassSizes.balanced(4, 50), 16).withBias(true)
            .withSeed(1), 0.5),

    /** zhu2021-etf, run ce: K = 4, n = 50, d = 16, bias. */
    UFM_CE(UfmConfig.of(Architecture.UFM, ClassSizes.balanced(4, 50), 16).withBias(true)
            .withLoss(Loss.CROSS_ENTROPY).withSeed(1), 0.5),

    /** dang2023-deep-linear-imbalanced, run M3: n = (200, 100, 50, 20), d = 64, no bias. */
    DEEP_LINEAR_M3(UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {200, 100, 50, 20}, 64)
            .withLambdaH(1.3e-2).withLambdaW(1.3e-2).withDepth(3).withSeed(1), 0.3),

    /** dang2024-relu-ufm: cross-entropy, n = (200, 100, 50, 50), d = 16, H kept >= 0. */
    RELU_UFM_CE(UfmConfig.of(Architecture.RELU_UFM, new int[] {200, 100, 50, 50}, 16)
            .withLoss(Loss.CROSS_ENTROPY).withLambdaW(5e-3).withLambdaH(5e-4).withSeed(1), 1.0),

    /** sukenik2023-dufm, run L4: K = 2, n = 50, d = 16, four ReLU layers. */
    DUFM_K2_L4(UfmConfig.of(Architecture.DEEP_UFM, ClassSizes.balanced(2, 50), 16).withDepth(4)
            .withSeed(1), 0.3),

    /** sukenik2024-low-rank: K = 10, n = 20, d = 40, L = 4, every weight decay 1e-2. */
    DUFM_K10_L4(UfmConfig.of(Architecture.DEEP_UFM, ClassSizes.balanced(10, 20), 40)
            .withLambdaW(1e-2).withDepth(4).withLambdaH(1e-2).withSeed(1), 0.3),

    /** Not a reproduce run: K = 10, n = 100, d = 256, L = 3, the size of {@link TapeBenchmark}. */
    DUFM_LARGE(UfmConfig.of(Architecture.DEEP_UFM, ClassSizes.balanced(10, 100), 256)
            .withDepth(3).withSeed(1), 0.05);

    private final UfmConfig config;
    private final double learningRate;

    ModelSetting(UfmConfig config, double learningRate) {
        this.config = config;
        this.learningRate = learningRate;
    }

    /** The model and its objective. */
    public UfmConfig config() {
        return config;
    }

    /** The step size of full-batch gradient descent. */
    public double learningRate() {
        return learningRate;
    }
}
