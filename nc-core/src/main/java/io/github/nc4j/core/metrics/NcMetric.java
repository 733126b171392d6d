package io.github.nc4j.core.metrics;

import java.util.OptionalDouble;
import java.util.function.Function;

/**
 * The metrics of an {@link NcReport} by name, in one fixed order: each one's snake_case
 * {@link #column() name} (the key of {@link NcReport#values()}, of {@code nc4j metrics} and of
 * {@code metrics.json}, and the last-layer column of the trajectory CSV), a one-line
 * {@link #description()}, and its {@link #value(NcReport) value} in a report. Definitions:
 * {@link NcMetrics} and definitions.md §2. The per-layer metrics of a deep model are
 * {@link LayerMetric}.
 */
public enum NcMetric {

    /** {@link NcReport#nc1()}. */
    NC1("nc1", "(1/K) tr(Sigma_W Sigma_B^+), Sigma_B^+ on Sigma_B's eigenvalues above "
            + NcMetrics.NC1_RELATIVE_CUTOFF + " x the largest", r -> present(r.nc1())),
    /** {@link NcReport#nc1TraceRatio()}. */
    NC1_TRACE_RATIO("nc1_trace_ratio", "tr(Sigma_W) / tr(Sigma_B)",
            r -> present(r.nc1TraceRatio())),
    /** {@link NcReport#betweenClassRank()}, the rank of NC1's pseudo-inverse. */
    NC1_RANK("nc1_rank", "eigenvalues of Sigma_B that nc1 kept (K-1 for means in general"
            + " position)", r -> present(r.betweenClassRank())),
    /** {@link NcReport#cdnv()}. */
    CDNV("cdnv", "mean over pairs of (V_k + V_l) / (2 ||mu_k - mu_l||^2)",
            r -> present(r.cdnv())),
    /** {@link NcReport#nc2EtfMeans()}. */
    NC2_ETF_MEANS("nc2_etf_means", "class means vs simplex ETF", r -> present(r.nc2EtfMeans())),
    /** {@link NcReport#nc2OfMeans()}. */
    NC2_OF_MEANS("nc2_of_means", "uncentered means vs orthogonal frame I/sqrt(K)",
            r -> present(r.nc2OfMeans())),
    /** {@link NcReport#orthogonalityMeans()}. */
    ORTHOGONALITY_MEANS("orthogonality_means", "off-diagonal mass of the uncentered means' Gram",
            r -> present(r.orthogonalityMeans())),
    /** {@link NcReport#equinormMeans()}. */
    EQUINORM_MEANS("equinorm_means", "std / mean of the class-mean norms",
            r -> present(r.equinormMeans())),
    /** {@link NcReport#equiangularityMeans()}. */
    EQUIANGULARITY_MEANS("equiangularity_means", "std of the pairwise cosines",
            r -> present(r.equiangularityMeans())),
    /** {@link NcReport#maxAngleMeans()}. */
    MAX_ANGLE_MEANS("max_angle_means", "mean |cos + 1/(K-1)|", r -> present(r.maxAngleMeans())),
    /** {@link NcReport#nc2EtfClassifier()}. */
    NC2_ETF_CLASSIFIER("nc2_etf_classifier", "W W^T vs simplex ETF", NcReport::nc2EtfClassifier),
    /** {@link NcReport#nc2OfClassifier()}. */
    NC2_OF_CLASSIFIER("nc2_of_classifier", "W W^T vs orthogonal frame",
            NcReport::nc2OfClassifier),
    /** {@link NcReport#orthogonalityClassifier()}. */
    ORTHOGONALITY_CLASSIFIER("orthogonality_classifier", "off-diagonal mass of W W^T",
            NcReport::orthogonalityClassifier),
    /** {@link NcReport#nc3()}. */
    NC3("nc3", "||W/||W|| - M/||M|| ||_F", NcReport::nc3),
    /** {@link NcReport#nc3ScaledMeans()}. */
    NC3_SCALED_MEANS("nc3_scaled_means", "NC3 vs sqrt(n_k)-scaled, centered means",
            NcReport::nc3ScaledMeans),
    /** {@link NcReport#nc4()}. */
    NC4("nc4", "classifier != nearest class mean (fraction)", NcReport::nc4);

    private final String column;
    private final String description;
    private final Function<NcReport, OptionalDouble> value;

    NcMetric(String column, String description, Function<NcReport, OptionalDouble> value) {
        this.column = column;
        this.description = description;
        this.value = value;
    }

    /** {@return the snake_case name, for example {@code nc1_trace_ratio}} */
    public String column() {
        return column;
    }

    /** {@return what it measures, in one line (as {@code nc4j metrics} prints it)} */
    public String description() {
        return description;
    }

    /**
     * {@return its value in {@code report}; empty where the report lacks it (the classifier's
     * metrics without a classifier, NC4 without its second pass)}
     *
     * @param report the metrics of one set of features
     */
    public OptionalDouble value(NcReport report) {
        return value.apply(report);
    }

    private static OptionalDouble present(double v) {
        return OptionalDouble.of(v);
    }
}
