package io.github.nc4j.core.model;

/**
 * The unconstrained feature model (Mixon, Parshall and Pi 2020; Zhu et al., "A geometric
 * analysis of neural collapse with unconstrained features", NeurIPS 2021): free features H
 * (N x d) and one linear classifier W (K x d), with or without a bias,
 * <pre>
 *   min over W, H (, b)   loss(H W^T + 1 b^T) + (lambda_W/2) ||W||_F^2 + (lambda_H/2) ||H||_F^2
 * </pre>
 * (papers' layout: {@code W H + b 1^T} with H holding one column per sample). With balanced
 * classes, MSE with a bias or cross-entropy, every global minimizer is a simplex ETF with
 * {@code W} proportional to the centered class means (definitions.md §4.1); bias-free MSE gives an
 * orthogonal frame whose lengths depend on the class sizes
 * ({@link io.github.nc4j.core.theory.DeepLinearMseOptimum} with M = 1), and bias-free
 * cross-entropy the optimum of {@link io.github.nc4j.core.theory.CeUfmOptimum}.
 */
public final class Ufm extends FeatureModel {

    /**
     * A freshly initialized model.
     *
     * @param config the configuration
     * @throws IllegalArgumentException if the configuration is not for {@link Architecture#UFM}
     */
    public Ufm(UfmConfig config) {
        super(config, Architecture.UFM);
    }
}
