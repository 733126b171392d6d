package io.github.nc4j.core.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The neural-collapse metrics of one set of labeled features, as {@link NcMetrics} computes
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
 * @param nc2OfMeans               distance of the uncentered means' normalized Gram to
 *                                 {@code I/sqrt(K)} (Dang et al. 2023)
 * @param orthogonalityMeans       off-diagonal mass of the uncentered means' normalized Gram
 * @param equinormMeans            {@code std_k ||mu_k - c|| / mean_k ||mu_k - c||} (Papyan et al.)
 * @param equiangularityMeans      std of the pairwise cosines of the means (Papyan et al.)
 * @param maxAngleMeans            mean of {@code |cos + 1/(K-1)|} over pairs (Papyan et al.)
 * @param nc2EtfClassifier         distance of {@code W W^T} (normalized) to the simplex ETF
 * @param nc2OfClassifier          distance of {@code W W^T} (normalized) to {@code I/sqrt(K)}
 * @param orthogonalityClassifier  off-diagonal mass of {@code W W^T} (normalized)
 * @param nc3                      {@code ||W/||W|| - M^T/||M|| ||_F} with M per {@code centering}
 *                                 (Zhu et al. 2021)
 * @param nc3ScaledMeans           the same against the class means scaled by {@code sqrt(n_k)}
 *                                 and centered (Dang et al. 2024, ReLU UFM, imbalanced)
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
     * Every metric by its snake_case name ({@link NcMetric#column()}), in {@link NcMetric}'s
     * order, those that are empty left out: the output of the {@code nc4j metrics} command. The
     * rank {@code nc1_rank} is a whole number.
     *
     * @return the metrics by name
     */
    public Map<String, Double> values() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (NcMetric metric : NcMetric.values()) {
            metric.value(this).ifPresent(v -> m.put(metric.column(), v));
        }
        return Collections.unmodifiableMap(m);
    }
}
