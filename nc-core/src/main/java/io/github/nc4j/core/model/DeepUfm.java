package io.github.nc4j.core.model;

/**
 * The deep unconstrained feature model, DUFM (Súkeník, Mondelli and Lampert, "Deep neural
 * collapse is provably optimal for the deep unconstrained features model", NeurIPS 2023): free
 * features {@code H_1}, then {@code H_{l+1} = relu(H_l W_l^T)} for {@code l < L}, and logits
 * {@code H_L W_L^T},
 * <pre>
 *   min   loss(H_L W_L^T) + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H_1||_F^2
 * </pre>
 * (the papers use MSE). For two classes the optimum is deep neural collapse in every layer
 * ({@link io.github.nc4j.core.theory.DeepUfmBinaryOptimum}); for more classes and three or more
 * layers, Súkeník, Lampert and Mondelli ("Neural collapse versus low-rank bias: is deep neural
 * collapse really optimal?", NeurIPS 2024) show that solutions of lower rank than DNC reach a
 * lower objective. Gradient descent on the DUFM is fragile (definitions.md §3.5): a width of at
 * least 4K and a moderate initialization avoid most collapses to trivial solutions.
 */
public final class DeepUfm extends FeatureModel {

    /**
     * A freshly initialized model.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if the configuration is not for
     *     {@link Architecture#DEEP_UFM}
     */
    public DeepUfm(UfmConfig config) {
        super(config, Architecture.DEEP_UFM);
    }
}
