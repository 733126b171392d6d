package io.github.nc4j.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The neural-collapse metrics of one set of labelled features, as {@link NcMetrics} computes
 * them; immutable. Metrics that need the classifier are empty when none was given, and NC4 also
 * when no second pass was made. Definitions and sources: {@link NcMetrics} and definitions.md §2.
 *
 * @param numClasses               K
 * @param numSamples               N
 * @param dim                      d, the feature dimension
 * @param centering                the class means used by the NC2-ETF, Papyan and NC3 metrics
 * @param nc1                      {@code (1/K) tr(Sigma_W Sigma_B^+)} (Papyan et al. 2020) on the
 *                                 significant subspace of {@code Sigma_B}: its pseudo-inverse
 *                                 keeps the eigenvalues above
 *                                 {@link NcMetrics#NC1_RELATIVE_CUTOFF} times the largest (see
 *                                 {@link NcMetrics}, "NC1 in detail")
 * @param nc1TraceRatio            {@code tr(Sigma_W) / tr(Sigma_B)}
 * @param betweenClassRank         how many eigenvalues of {@code Sigma_B} NC1 kept: the dimension
 *                                 of the subspace it measures (K-1 for means in general
 *                                 position, less for rank-deficient means)
 * @param cdnv                     class-distance normalized variance, mean over pairs
 *                                 (Galanti et al. 2022)
 * @param nc2EtfMeans              distance of the class means' normalized Gram to the simplex ETF
 * @param nc2OfMeans               distance of the uncentred means' normalized Gram to
 *                                 {@code I/sqrt(K)} (Dang et al. 2023)
 * @param orthogonalityMeans       off-diagonal mass of the uncentred means' normalized Gram
 * @param equinormMeans            {@code std_k ||mu_k - c|| / mean_k ||mu_k - c||} (Papyan et al.)
 * @param equiangularityMeans      std of the pairwise cosines of the means (Papyan et al.)
 * @param maxAngleMeans            mean of {@code |cos + 1/(K-1)|} over pairs (Papyan et al.)
 * @param nc2EtfClassifier         distance of {@code W W^T} (normalized) to the simplex ETF
 * @param nc2OfClassifier          distance of {@code W W^T} (normalized) to {@code I/sqrt(K)}
 * @param orthogonalityClassifier  off-diagonal mass of {@code W W^T} (normalized)
 * @param nc3                      {@code ||W/||W|| - M^T/||M|| ||_F} with M per {@code centering}
 *                                 (Zhu et al. 2021)
 * @param nc3ScaledMeans           the same against the class means scaled by {@code sqrt(n_k)}
 *                                 and centred (Dang et al. 2024, ReLU UFM, imbalanced)
 * @param nc4                      fraction of samples where the classifier and the nearest
 *                                 class mean disagree (Papyan et al. 2020)
 */
public record NcReport(
        int numClasses, long numSamples, int dim, Centering centering,
        double nc1, double nc1TraceRatio, int betweenClassRank, double cdnv,
        double nc2EtfMeans, double nc2OfMeans, double orthogonalityMeans,
        double equinormMeans, double equiangularityMeans, double maxAngleMeans,
        OptionalDouble nc2EtfClassifier, OptionalDouble nc2OfClassifier,
        OptionalDouble orthogonalityClassifier,
        OptionalDouble nc3, OptionalDouble nc3ScaledMeans, OptionalDouble nc4) {

    /**
     * The metrics of the {@code nc4j metrics} command by their snake_case names, in a fixed
     * order: {@code nc1, nc1_trace_ratio, nc2_etf_means, nc2_etf_classifier, nc2_of_means,
     * nc2_of_classifier, equinorm_means, equiangularity_means, max_angle_means, nc3, nc4}, those
     * that are empty left out.
     *
     * @return the metrics by name
     */
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("nc1", nc1);
        m.put("nc1_trace_ratio", nc1TraceRatio);
        m.put("nc2_etf_means", nc2EtfMeans);
        putIfPresent(m, "nc2_etf_classifier", nc2EtfClassifier);
        m.put("nc2_of_means", nc2OfMeans);
        putIfPresent(m, "nc2_of_classifier", nc2OfClassifier);
        m.put("equinorm_means", equinormMeans);
        m.put("equiangularity_means", equiangularityMeans);
        m.put("max_angle_means", maxAngleMeans);
        putIfPresent(m, "nc3", nc3);
        putIfPresent(m, "nc4", nc4);
        return Collections.unmodifiableMap(m);
    }

    private static void putIfPresent(Map<String, Double> m, String key, OptionalDouble value) {
        value.ifPresent(v -> m.put(key, v));
    }
}
