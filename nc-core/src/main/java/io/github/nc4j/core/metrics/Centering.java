package io.github.nc4j.core.metrics;

/**
 * Which class means the geometric metrics (NC2 simplex-ETF distance, Papyan's equinorm,
 * equiangularity and max-angle, NC3) compare: the papers differ, so nc4j names the choice and
 * {@link NcReport} records it. NC1 always uses the between-class covariance about the global mean
 * (its definition), and the orthogonal-frame NC2 always uses the uncentered means (its setting).
 */
public enum Centering {
    /**
     * {@code mu_k - h_G}, with {@code h_G} the sample-weighted global mean (Papyan, Han and
     * Donoho 2020; Zhu et al. 2021): models with a bias.
     */
    GLOBAL_MEAN,
    /**
     * {@code mu_k} as they are (Dang et al. 2023, 2024): bias-free models, where nothing removes
     * the global mean.
     */
    NONE
}
