package io.github.nc4j.core.model;

/**
 * The unconstrained feature model with non-negative features (Dang, Tran, Tran-The, Nguyen and
 * Ho, "Neural collapse for cross-entropy class-imbalanced learning with unconstrained ReLU feature
 * model", ICML 2024): as {@link Ufm}, with {@code H >= 0} elementwise, the features that a ReLU
 * network's penultimate layer produces,
 * <pre>
 *   min over W, H >= 0   loss(H W^T) + (lambda_W/2) ||W||_F^2 + (lambda_H/2) ||H||_F^2.
 * </pre>
 * The constraint is kept by projection: {@link #afterUpdate()} sets negative features to 0 after
 * every optimizer step (projected gradient descent), and H starts at the absolute values of its
 * Gaussian initialization. Bias-free with cross-entropy and imbalanced classes, the optimum is
 * {@link io.github.nc4j.core.theory.ReluUfmCeOptimum}: collapsed, orthogonal class means whose
 * lengths grow with the class size, and a classifier aligned with the class means scaled by
 * {@code sqrt(n_k)} and centered.
 */
public final class ReluUfm extends FeatureModel {

    /**
     * A freshly initialized model.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if the configuration is not for
     *     {@link Architecture#RELU_UFM}
     */
    public ReluUfm(UfmConfig config) {
        super(config, Architecture.RELU_UFM);
    }
}
