package io.github.nc4j.core.model;

/**
 * The deep linear unconstrained feature model (Dang, Tran, Osher, Tran-The, Ho and Nguyen,
 * "Neural collapse in deep linear networks: from balanced to imbalanced data", ICML 2023): free
 * features H followed by M linear layers,
 * <pre>
 *   min   loss(H W_1^T ... W_M^T + 1 b^T) + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H||_F^2
 * </pre>
 * with {@code W_1, ..., W_{M-1}} of size d x d and {@code W_M} of size K x d. Bias-free with
 * MSE, the global optimum for any class sizes is the closed form of
 * {@link io.github.nc4j.core.theory.DeepLinearMseOptimum}: collapsed, mutually orthogonal class
 * means with lengths set by the class sizes, minority classes lost entirely when too small.
 * For {@code M >= 2}, {@code p = 0} is a local minimum for every class, so a small
 * initialization can leave classes at zero that the global optimum keeps (definitions.md §4.2).
 */
public final class DeepLinearUfm extends FeatureModel {

    /**
     * A freshly initialized model.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if the configuration is not for
     *     {@link Architecture#DEEP_LINEAR}
     */
    public DeepLinearUfm(UfmConfig config) {
        super(config, Architecture.DEEP_LINEAR);
    }
}
