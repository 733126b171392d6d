package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static io.github.nc4j.linalg.FloatingPoint.leadingPowerOfTwo;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.SymmetricEigen;
import java.util.Arrays;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The neural-collapse metrics of definitions.md §2, computed exactly from {@link ClassStatistics}
 * (and the classifier where a metric needs it). Notation: K classes of {@code n_k} samples, N in
 * all; class means {@code mu_k}, sample-weighted global mean {@code h_G}; {@code M} holds the
 * centered means {@code mu_k - h_G} (in code, as the rows of a {@code K x d} matrix) and {@code M0}
 * the uncentered ones; classifier {@code W} ({@code K x d}) and bias b.
 *
 * <ul>
 *   <li><b>NC1</b> (Papyan, Han and Donoho, "Prevalence of neural collapse during the terminal
 *       phase of deep learning training", PNAS 2020): {@code (1/K) tr(Sigma_W Sigma_B^+)} with
 *       {@code Sigma_W = (1/N) sum_k sum_i (h_ki - mu_k)(h_ki - mu_k)^T} and
 *       {@code Sigma_B = (1/K) M^T M} (papers' layout {@code (1/K) M M^T}); see "NC1 in detail".
 *       Also {@code tr(Sigma_W) / tr(Sigma_B)}.</li>
 *   <li><b>CDNV</b> (Galanti, György and Hutter, "On the role of neural collapse in transfer
 *       learning", ICLR 2022): the mean over class pairs {@code k < l} of
 *       {@code (V_k + V_l) / (2 ||mu_k - mu_l||^2)} with the <em>squared</em> distance, {@code V_k}
 *       the mean squared distance of class k's samples to {@code mu_k}.</li>
 *   <li><b>NC2, simplex ETF</b> (Zhu et al., "A geometric analysis of neural collapse with
 *       unconstrained features", NeurIPS 2021; Papyan et al. 2020): for a K x K Gram G,
 *       {@code ||G/||G||_F - (I_K - (1/K) 1 1^T)/sqrt(K-1)||_F}, for the means' Gram (centered per
 *       {@link Centering}) and for {@code W W^T}. Papyan's components on the same means:
 *       equinorm {@code std_k ||m_k|| / mean_k ||m_k||}, equiangularity = std of
 *       {@code cos(m_k, m_l)} over the K(K-1) ordered pairs {@code k != l}, max-angle = mean of
 *       {@code |cos(m_k, m_l) + 1/(K-1)|} over them; std is the sample standard deviation
 *       (divisor n - 1, as torch.std and Papyan et al.'s code).</li>
 *   <li><b>NC2, orthogonal frame</b> (Dang et al., "Neural collapse in deep linear networks:
 *       from balanced to imbalanced data", ICML 2023; Dang et al., ICML 2024):
 *       {@code ||G/||G||_F - I_K/sqrt(K)||_F} for {@code M0 M0^T} and {@code W W^T}, and the
 *       off-diagonal mass {@code ||offdiag(G/||G||_F)||_F} ("orthogonality"); with theory lengths,
 *       {@link #nc2OrthogonalFrame(Matrix, double[])}.</li>
 *   <li><b>NC3</b> (Zhu et al. 2021): {@code ||W/||W||_F - M/||M||_F||_F}, M per
 *       {@link Centering}; and against the means scaled by {@code sqrt(n_k)} and centered, to
 *       which the classifier of the imbalanced ReLU UFM aligns (Dang et al. 2024; see
 *       {@link #scaledCenteredMeans}).</li>
 *   <li><b>NC4</b> (Papyan et al. 2020): the fraction of samples where
 *       {@code argmax_k (W h + b)_k != argmin_k ||h - mu_k||}; a second pass, {@link Nc4Counter}.</li>
 * </ul>
 *
 * <h2>NC1 in detail</h2>
 * Conventions, as in the seed papers' code: {@code h_G} sample-weighted, {@code Sigma_W} divided
 * by N, NC1 divided by K. Other codebases use the unweighted mean of class means or no division
 * by K; nc4j does not.
 *
 * <p><b>The rank decision.</b> NC1 is taken on the <em>significant subspace</em> of
 * {@code Sigma_B}: the pseudo-inverse keeps the eigenvalues of {@code Sigma_B} above
 * {@value #NC1_RELATIVE_CUTOFF} times the largest and discards the others, and
 * {@link NcReport#betweenClassRank()} reports how many were kept (the dimension of the subspace
 * NC1 measures; {@code K-1} for class means in general position). In words: a direction along
 * which the centered class means spread less than 1/1000 of their spread along the main one
 * (singular values of M, the square root of the eigenvalue ratio) is not a between-class
 * direction; the same 1e-3 singular-value tolerance by which nc4j's theory checks state the rank
 * of trained class means ({@code TheoryCheck.RANK_TOLERANCE}). Why not the rounding level:
 * <ul>
 *   <li>Each kept eigenvalue {@code lambda_i} adds {@code tr(Sigma_W P_i) / (K lambda_i)} ({@code
 *       P_i} its eigenprojector), the within-class variance along that direction over the
 *       between-class one. With class means of lower rank than K-1 (the low-rank DUFM optimum,
 *       merged minority classes) the discarded directions are not exact zeros but optimization
 *       noise: in {@code nc4j reproduce sukenik2024-low-rank} their eigenvalues wander between
 *       1e-16 and 3e-9 of the largest, and along them within- and between-class variance are of
 *       the same tiny size. A rounding-level cut-off keeps whichever of them happen to exceed
 *       {@code max(d, K) eps lambda_max} at the moment, and NC1 jumps by 10^8 (1.9e-7, then 12.7
 *       at the next record) while {@code tr(Sigma_W)/tr(Sigma_B)} stays at 1e-7.</li>
 *   <li>With the relative cut-off {@code tau} NC1 is bounded by the collapse itself: every kept
 *       {@code lambda_i >= tau lambda_max} and {@code tr(Sigma_B) <= r lambda_max} (r the rank,
 *       at most K-1), so
 *       <pre>{@code  NC1 <= (r / (K tau)) tr(Sigma_W) / tr(Sigma_B) < trace ratio / tau}</pre>
 *       and a direction crossing the cut-off during training moves NC1 by at most as much. The
 *       rounding-level cut-off gives only {@code trace ratio / (max(d, K) eps)}, about 10^14
 *       times the trace ratio.</li>
 *   <li>The rank decision is never made by rounding: the eigenvalues come from the K x K Gram
 *       below with an absolute error of about {@code max(d, K) eps lambda_max}, ten orders of
 *       magnitude below the cut-off, so a kept eigenvalue, and its term, is accurate to about
 *       {@code max(d, K) eps / tau} relative (1e-8 for {@code max(d, K) = 45}).</li>
 *   <li>The class means estimated from samples carry the within-class noise, about
 *       {@code Sigma_W / n_k}, in every direction. NC1 of rank-deficient means therefore becomes
 *       small once that noise is below the cut-off ({@code tau lambda_max}); before, the noise
 *       directions are between-class directions as far as the data can tell, they are kept, and
 *       the rank beside NC1 says so (for instance rank 9 of 9 for means of rank 7 with
 *       within-class noise of 1e-2 of their spread and 20 samples a class).</li>
 *   <li>Where {@code Sigma_B} is better conditioned than {@code 1/tau = 1e6} (class means that
 *       span their K-1 directions with none 1000 times narrower than the widest, as random means
 *       with d &gt;&gt; K always do), every nonzero eigenvalue is kept and NC1 is exactly
 *       {@code (1/K) tr(Sigma_W Sigma_B^+)}, the value of the seeds' code up to rounding.</li>
 * </ul>
 * How this differs from the seeds' code: Papyan et al.'s released code, and the codebases
 * derived from it, invert the top K-1 eigenpairs of {@code Sigma_B}
 * ({@code scipy.sparse.linalg.svds(Sb, k=C-1)}) with no cut-off at all; others call
 * {@code numpy.linalg.pinv}, {@code scipy.linalg.pinv} or {@code torch.pinverse}, whose cut-offs
 * are rounding-level ({@code rcond} 1e-15, or {@code max(d, K) eps}). All of them
 * agree with nc4j on well-conditioned {@code Sigma_B} and invert noise eigenvalues on
 * rank-deficient means. The rounding-level variant stays available by name:
 * {@link #nc1(ClassStatistics, double)} with {@link #roundingCutoff(int, int)} is
 * {@code numpy.linalg.pinv(Sigma_B, rcond=max(d, K) eps)}, which is also how nc4j computed NC1
 * before (issue #16); any other relative cut-off can be passed too.
 *
 * <p><b>The computation.</b> The nonzero spectrum of {@code Sigma_B = (1/K) M^T M} (d x d) comes
 * from the K x K Gram {@code G = M M^T = V diag(gamma) V^T}: the eigenvalues are {@code gamma_i / K}
 * (so a cut-off relative to the largest is the same on {@code gamma}) with eigenvectors
 * {@code M^T v_i / sqrt(gamma_i)}, so
 * <pre>
 *   NC1 = sum over kept i of  v_i^T (M Sigma_W M^T) v_i / gamma_i^2
 * </pre>
 * which costs {@code O(K d^2 + K^3)} instead of a d x d eigendecomposition. Each term is a
 * quadratic form of a positive semidefinite matrix, so a negative one can only be rounding and
 * is clamped to 0: NC1 is exactly 0 for exactly collapsed features. Everything is computed on
 * copies scaled by powers of two (exact), so the metrics, all scale-invariant, neither overflow
 * nor underflow for features of any magnitude.
 *
 * <p>Invariance: NC1 is unchanged by any invertible linear map A of the features when the
 * within-class scatter lies in the span of the centered means (for instance {@code d <= K-1} with
 * {@code Sigma_B} of full rank), because {@code (A M^T)^+ A M^T = M^+ M}, provided the map keeps
 * the rank decision (it changes the eigenvalue ratios of {@code Sigma_B} by at most
 * {@code cond(A)^2}, so one whose eigenvalues all exceed {@code cond(A)^2} times the cut-off
 * keeps it). When the features have within-class variation outside that span
 * ({@code d > K-1}), it is invariant under orthogonal maps and scalings, but not under every
 * invertible map: a shear mixing the span of the means with its complement changes
 * {@code tr(Sigma_W Sigma_B^+)}.
 */
public final class NcMetrics {

    /**
     * The rank decision of NC1: eigenvalues of {@code Sigma_B} at or below this times the largest
     * are left out of its pseudo-inverse (see "NC1 in detail"). It is the square of the 1e-3
     * tolerance on the singular values of the centered class means.
     */
    public static final double NC1_RELATIVE_CUTOFF = 1e-6;

    /**
     * NC1 under one rank decision.
     *
     * @param value          {@code (1/K) tr(Sigma_W Sigma_B^+)} with the pseudo-inverse restricted
     *                       to the kept eigenvalues
     * @param rank           how many eigenvalues of {@code Sigma_B} were kept
     * @param relativeCutoff the cut-off, relative to the largest eigenvalue, that decided it
     */
    public record Nc1(double value, int rank, double relativeCutoff) {
    }

    private NcMetrics() {
    }

    // ---------------------------------------------------------------- entry points

    /**
     * The metrics of in-memory features (rows of {@code features}) without a classifier, centering
     * on the global mean.
     *
     * @param features the features, one sample per row
     * @param labels the class of each row, in {@code 0..numClasses-1}
     * @param numClasses the number of classes K
     * @return the metrics NC1 to NC3 of the means
     */
    public static NcReport compute(Matrix features, int[] labels, int numClasses) {
        return compute(features, labels, numClasses, Centering.GLOBAL_MEAN);
    }

    /**
     * {@return the metrics of in-memory features without a classifier}
     *
     * @param features the features, one sample per row
     * @param labels the class of each row, in {@code 0..numClasses-1}
     * @param numClasses the number of classes K
     * @param centering the center the means are measured from
     */
    public static NcReport compute(Matrix features, int[] labels, int numClasses,
                                   Centering centering) {
        return fromStatistics(ClassStatistics.of(features, labels, numClasses), centering);
    }

    /**
     * Every metric of in-memory features, NC4 included (two passes over {@code features}).
     *
     * @param features the features, one sample per row
     * @param labels the class of each row, in {@code 0..numClasses-1}
     * @param numClasses the number of classes K
     * @param centering the center the means are measured from
     * @param classifier the last layer's weights and bias
     * @return the report with every metric
     * @throws IllegalArgumentException as {@link ClassStatistics#accept(Matrix, int[])} and
     *     {@link #fromStatistics(ClassStatistics, Centering, LinearClassifier, Nc4Counter)}
     */
    public static NcReport compute(Matrix features, int[] labels, int numClasses,
                                   Centering centering, LinearClassifier classifier) {
        Objects.requireNonNull(classifier, "classifier");
        ClassStatistics stats = ClassStatistics.of(features, labels, numClasses);
        requireUsable(stats);
        Nc4Counter nc4 = new Nc4Counter(stats.classMeans(), classifier);
        nc4.accept(features);
        return fromStatistics(stats, centering, classifier, nc4);
    }

    /**
     * {@return the metrics that need no classifier}
     *
     * @param stats the statistics of the features
     * @param centering the center the means are measured from
     */
    public static NcReport fromStatistics(ClassStatistics stats, Centering centering) {
        return build(stats, centering, null, null);
    }

    /**
     * {@return the metrics except NC4 (which needs a second pass over the features)}
     *
     * @param stats the statistics of the features
     * @param centering the center the means are measured from
     * @param classifier the last layer's weights and bias
     */
    public static NcReport fromStatistics(ClassStatistics stats, Centering centering,
                                          LinearClassifier classifier) {
        return build(stats, centering, classifier, null);
    }

    /**
     * Every metric: the statistics of the features, the classifier, and the NC4 counter filled in
     * a second pass over the same features with these statistics' class means.
     *
     * @param stats the statistics of the features
     * @param centering the center the means are measured from
     * @param classifier the last layer's weights and bias
     * @param nc4 the counter of the second pass
     * @return the report with every metric
     * @throws IllegalArgumentException if there are fewer than 2 classes, a class has no samples
     *     (the message names them; see {@link ClassStatistics#withoutEmptyClasses()}), the
     *     classifier's shape is not {@code K x d}, or the counter saw a different number of samples
     */
    public static NcReport fromStatistics(ClassStatistics stats, Centering centering,
                                          LinearClassifier classifier, Nc4Counter nc4) {
        return build(stats, centering, classifier, nc4);
    }

    /**
     * NC1 with a chosen rank decision: the pseudo-inverse of {@code Sigma_B} keeps the
     * eigenvalues above {@code relativeCutoff} times the largest. {@link #NC1_RELATIVE_CUTOFF}
     * gives the NC1 of {@link NcReport#nc1()}; {@link #roundingCutoff(int, int)} the rounding-level
     * variant of {@code numpy.linalg.pinv(Sigma_B, rcond=max(d, K) eps)}; 0 keeps every positive
     * eigenvalue.
     *
     * @param stats the statistics of the features
     * @param relativeCutoff the cut-off, relative to the largest eigenvalue of {@code Sigma_B}, in
     *     {@code [0, 1)}
     * @return NC1 and the rank it kept
     * @throws IllegalArgumentException if {@code relativeCutoff} is not in [0, 1), or as
     *     {@link #fromStatistics(ClassStatistics, Centering)}
     */
    public static Nc1 nc1(ClassStatistics stats, double relativeCutoff) {
        if (!(relativeCutoff >= 0 && relativeCutoff < 1)) {
            throw new IllegalArgumentException("the relative cut-off must be in [0, 1), got "
                    + relativeCutoff);
        }
        requireUsable(stats);
        Matrix centered = subtractFromRows(stats.classMeans(), stats.globalMean());
        double scale = unitScale(centered.maxAbs());
        return nc1(centered.scale(scale), scaledTwice(stats.withinClassCovariance(), scale),
                relativeCutoff);
    }

    /**
     * {@return the rounding-level cut-off {@code max(d, K) eps}, relative to the largest
     * eigenvalue: that of {@code numpy.linalg.pinv(Sigma_B, rcond=max(d, K) * eps)}, and the one
     * nc4j's NC1 used before issue #16} Eigenvalues below it are indistinguishable from rounding in
     * {@code Sigma_B}; those above it may still be optimization noise (see "NC1 in detail").
     *
     * @param dim the feature dimension d
     * @param numClasses the number of classes K
     */
    public static double roundingCutoff(int dim, int numClasses) {
        return Math.max(dim, numClasses) * EPS;
    }

    private static void requireUsable(ClassStatistics stats) {
        if (stats.numClasses() < 2) {
            throw new IllegalArgumentException("NC metrics need at least 2 classes, got "
                    + stats.numClasses());
        }
        int[] empty = stats.emptyClasses();
        if (empty.length > 0) {
            throw new IllegalArgumentException("class" + (empty.length > 1 ? "es " : " ")
                    + Arrays.toString(empty).replaceAll("[\\[\\]]", "") + " of 0.."
                    + (stats.numClasses() - 1) + " ha" + (empty.length > 1 ? "ve" : "s")
                    + " no samples; NC metrics need every class (drop empty ones explicitly "
                    + "with ClassStatistics.withoutEmptyClasses())");
        }
    }

    private static NcReport build(ClassStatistics stats, Centering centering,
                                  LinearClassifier classifier, Nc4Counter nc4) {
        requireUsable(stats);
        int k = stats.numClasses();
        int d = stats.dim();
        long n = stats.count();
        if (classifier != null && (classifier.numClasses() != k || classifier.dim() != d)) {
            throw new IllegalArgumentException("classifier weights " + classifier.numClasses()
                    + "x" + classifier.dim() + " do not match " + k + " classes in dimension "
                    + d + " (want K x d)");
        }
        if (nc4 != null && nc4.count() != n) {
            throw new IllegalArgumentException("the NC4 pass saw " + nc4.count()
                    + " samples, the statistics " + n);
        }
        Matrix uncentered = stats.classMeans();
        Matrix centered = subtractFromRows(uncentered, stats.globalMean());
        Matrix means = centering == Centering.GLOBAL_MEAN ? centered : uncentered;

        // One power-of-two scale for everything NC1 and CDNV combine (exact, scale-invariant).
        double scale = unitScale(centered.maxAbs());
        Matrix m = centered.scale(scale);
        Matrix sigmaW = scaledTwice(stats.withinClassCovariance(), scale);
        Nc1 nc1 = nc1(m, sigmaW, NC1_RELATIVE_CUTOFF);
        double traceRatio = sigmaW.trace() / (m.normFrobenius() * m.normFrobenius() / k);
        double cdnv = cdnv(uncentered.scale(scale), stats.classVariances(), scale);

        Matrix meanGram = gram(means);
        Matrix uncenteredGram = gram(uncentered);
        double[] papyan = papyan(meanGram);

        OptionalDouble etfW = OptionalDouble.empty();
        OptionalDouble ofW = OptionalDouble.empty();
        OptionalDouble orthW = OptionalDouble.empty();
        OptionalDouble nc3 = OptionalDouble.empty();
        OptionalDouble nc3Scaled = OptionalDouble.empty();
        OptionalDouble mismatch = OptionalDouble.empty();
        if (classifier != null) {
            Matrix w = classifier.weightsView();
            Matrix wGram = gram(w);
            etfW = OptionalDouble.of(nc2Etf(wGram));
            ofW = OptionalDouble.of(nc2OrthogonalFrame(wGram));
            orthW = OptionalDouble.of(offDiagonalMass(wGram));
            nc3 = OptionalDouble.of(nc3(w, means));
            nc3Scaled = OptionalDouble.of(nc3(w,
                    scaledCenteredMeans(uncentered, stats.counts())));
            if (nc4 != null) {
                mismatch = OptionalDouble.of(nc4.mismatchFraction());
            }
        }
        return new NcReport(k, n, d, centering, nc1.value(), traceRatio, nc1.rank(), cdnv,
                nc2Etf(meanGram), nc2OrthogonalFrame(uncenteredGram), offDiagonalMass(uncenteredGram),
                papyan[0], papyan[1], papyan[2], etfW, ofW, orthW, nc3, nc3Scaled, mismatch);
    }

    // ---------------------------------------------------------------- NC1

    /**
     * NC1 from centered means m (rows, scaled) and Sigma_W (scaled alike), keeping the
     * eigenvalues above {@code relativeCutoff} times the largest; see the class comment.
     */
    private static Nc1 nc1(Matrix m, Matrix sigmaW, double relativeCutoff) {
        int k = m.rows();
        SymmetricEigen eigen = SymmetricEigen.of(m.outerGram());
        double[] gamma = eigen.values();
        Matrix v = eigen.vectors();
        // Sigma_B's eigenvalues are gamma / K: the relative cut-off is the same for both.
        double largest = gamma[k - 1];
        double cutoff = relativeCutoff * largest;
        Matrix c = m.times(sigmaW).timesTranspose(m);
        double sum = 0;
        int rank = 0;
        for (int i = 0; i < k; i++) {
            if (!(largest > 0 && gamma[i] > cutoff && gamma[i] > 0)) {
                continue;
            }
            rank++;
            double[] vi = v.column(i).data();
            double form = 0;
            for (int a = 0; a < k; a++) {
                double row = 0;
                for (int b = 0; b < k; b++) {
                    row += c.get(a, b) * vi[b];
                }
                form += vi[a] * row;
            }
            sum += Math.max(0, form) / (gamma[i] * gamma[i]);
        }
        return new Nc1(sum, rank, relativeCutoff);
    }

    /** Mean over pairs k < l of (V_k + V_l) / (2 ||mu_k - mu_l||^2), on means scaled by {@code scale}. */
    private static double cdnv(Matrix scaledMeans, double[] variances, double scale) {
        int k = scaledMeans.rows();
        double sum = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double distance = 0;
                for (int j = 0; j < scaledMeans.cols(); j++) {
                    double diff = scaledMeans.get(a, j) - scaledMeans.get(b, j);
                    distance += diff * diff;
                }
                sum += (variances[a] + variances[b]) * scale * scale / (2 * distance);
            }
        }
        return sum / (k * (k - 1) / 2.0);
    }

    // ---------------------------------------------------------------- NC2, NC3 building blocks

    /**
     * NC2 against the simplex ETF: {@code ||G/||G||_F - (I_K - (1/K) 1 1^T)/sqrt(K-1)||_F} for a
     * K x K Gram matrix G ({@code K >= 2}); NaN for a zero G.
     *
     * @param gram the Gram matrix of the class means or of the classifier's rows
     * @return the distance, in {@code [0, 2]}
     */
    public static double nc2Etf(Matrix gram) {
        int k = requireSquare(gram, "nc2Etf");
        if (k < 2) {
            throw new IllegalArgumentException("nc2Etf needs K >= 2, got a " + gram.shape() + " Gram");
        }
        double norm = gram.normFrobenius();
        double offTarget = -1.0 / (k * Math.sqrt(k - 1.0));
        double onTarget = (1 - 1.0 / k) / Math.sqrt(k - 1.0);
        return distanceToTarget(gram, norm, (i, j) -> i == j ? onTarget : offTarget);
    }

    /**
     * NC2 against the balanced orthogonal frame: {@code ||G/||G||_F - I_K/sqrt(K)||_F}.
     *
     * @param gram the Gram matrix of the class means or of the classifier's rows
     * @return the distance, in {@code [0, 2]}
     */
    public static double nc2OrthogonalFrame(Matrix gram) {
        int k = requireSquare(gram, "nc2OrthogonalFrame");
        double target = 1 / Math.sqrt(k);
        return distanceToTarget(gram, gram.normFrobenius(), (i, j) -> i == j ? target : 0);
    }

    /**
     * NC2 against an orthogonal frame with prescribed lengths: {@code ||G/||G||_F - D/||D||_F||_F}
     * with {@code D = diag(targetDiagonal)}, the Gram the theory predicts (squared lengths, for
     * example {@link io.github.nc4j.core.theory.DeepLinearMseOptimum#meanGram()}).
     *
     * @param gram the Gram matrix of the class means or of the classifier's rows
     * @param targetDiagonal the predicted squared lengths, one per class
     * @return the distance, in {@code [0, 2]}
     * @throws IllegalArgumentException if the sizes differ or the target is zero or not finite
     */
    public static double nc2OrthogonalFrame(Matrix gram, double[] targetDiagonal) {
        int k = requireSquare(gram, "nc2OrthogonalFrame");
        if (targetDiagonal.length != k) {
            throw new IllegalArgumentException("a target diagonal of length " + targetDiagonal.length
                    + " for a " + gram.shape() + " Gram");
        }
        double targetNorm = Matrix.diagonal(targetDiagonal).normFrobenius();
        if (!(targetNorm > 0 && targetNorm < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("target diagonal " + Arrays.toString(targetDiagonal)
                    + " is zero or not finite");
        }
        return distanceToTarget(gram, gram.normFrobenius(),
                (i, j) -> i == j ? targetDiagonal[i] / targetNorm : 0);
    }

    /**
     * {@return {@code ||offdiag(G/||G||_F)||_F}: 0 for any orthogonal frame, whatever its lengths}
     *
     * @param gram the Gram matrix of the class means or of the classifier's rows
     */
    public static double offDiagonalMass(Matrix gram) {
        requireSquare(gram, "offDiagonalMass");
        double norm = gram.normFrobenius();
        return distanceToTarget(gram, norm, (i, j) -> i == j ? gram.get(i, i) / norm : 0);
    }

    /**
     * NC3: {@code ||W/||W||_F - M/||M||_F||_F} for classifier weights and class means given as
     * the rows of two {@code K x d} matrices.
     *
     * @param weights the classifier's weights, one class per row
     * @param meanRows the class means, one class per row
     * @return the distance, in {@code [0, 2]}
     */
    public static double nc3(Matrix weights, Matrix meanRows) {
        if (weights.rows() != meanRows.rows() || weights.cols() != meanRows.cols()) {
            throw new IllegalArgumentException("nc3: weights " + weights.shape() + " and means "
                    + meanRows.shape() + " differ in shape");
        }
        Matrix w = weights.scale(unitScale(weights.maxAbs()));
        Matrix m = meanRows.scale(unitScale(meanRows.maxAbs()));
        return w.scaleInPlace(1 / w.normFrobenius())
                .minus(m.scaleInPlace(1 / m.normFrobenius())).normFrobenius();
    }

    /**
     * The rows {@code sqrt(n_j) mu_j - (1/K) sum_c sqrt(n_c) mu_c}: class means (rows of
     * {@code classMeans}, {@code K x d}) scaled by the square roots of the class sizes and
     * centered: the target of {@link NcReport#nc3ScaledMeans()}, to which the optimal classifier
     * of the imbalanced ReLU UFM with cross-entropy is proportional
     * ({@code io.github.nc4j.core.theory.ReluUfmCeOptimum#classifier}).
     *
     * @param classMeans the class means, one class per row
     * @param classSizes the number of samples of each class
     * @return the {@code K x d} matrix of these rows
     * @throws IllegalArgumentException if the number of rows differs from the number of sizes
     */
    public static Matrix scaledCenteredMeans(Matrix classMeans, long[] classSizes) {
        int k = classMeans.rows();
        if (classSizes.length != k) {
            throw new IllegalArgumentException(classSizes.length + " class sizes for "
                    + classMeans.shape() + " class means");
        }
        Matrix scaled = classMeans.copy();
        for (int c = 0; c < k; c++) {
            double f = Math.sqrt(classSizes[c]);
            for (int j = 0; j < scaled.cols(); j++) {
                scaled.set(c, j, f * scaled.get(c, j));
            }
        }
        Matrix center = scaled.columnMeans();
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < scaled.cols(); j++) {
                scaled.set(c, j, scaled.get(c, j) - center.get(0, j));
            }
        }
        return scaled;
    }

    private interface Target {
        double at(int i, int j);
    }

    private static double distanceToTarget(Matrix gram, double norm, Target target) {
        int k = gram.rows();
        Matrix diff = Matrix.generate(k, k, (i, j) -> gram.get(i, j) / norm - target.at(i, j));
        return diff.normFrobenius();
    }

    private static int requireSquare(Matrix gram, String operation) {
        if (!gram.isSquare()) {
            throw new IllegalArgumentException(operation + " needs a square Gram matrix, got "
                    + gram.shape());
        }
        return gram.rows();
    }

    /**
     * Papyan's components on the means' Gram: {@code {equinorm, equiangularity, max-angle}}.
     */
    private static double[] papyan(Matrix gram) {
        int k = gram.rows();
        double[] norms = new double[k];
        for (int i = 0; i < k; i++) {
            norms[i] = Math.sqrt(gram.get(i, i));
        }
        double[] cosines = new double[k * (k - 1)];
        double maxAngle = 0;
        int at = 0;
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                if (i != j) {
                    double cos = gram.get(i, j) / (norms[i] * norms[j]);
                    cosines[at++] = cos;
                    maxAngle += Math.abs(cos + 1.0 / (k - 1));
                }
            }
        }
        return new double[] {sampleStd(norms) / mean(norms), sampleStd(cosines),
            maxAngle / cosines.length};
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Standard deviation with divisor n - 1 (two-pass). */
    private static double sampleStd(double[] x) {
        double mean = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s / (x.length - 1));
    }

    // ---------------------------------------------------------------- helpers

    /**
     * {@code m} times {@code scale^2}, in two steps: for means below 2^-512 the scale is above
     * 2^511 and its square overflows, which would turn the zeros of {@code Sigma_W} into NaN.
     */
    private static Matrix scaledTwice(Matrix m, double scale) {
        return m.scaleInPlace(scale).scaleInPlace(scale);
    }

    /** The Gram {@code X X^T} of rows scaled by a power of two to unit magnitude (exact). */
    private static Matrix gram(Matrix rows) {
        return rows.scale(unitScale(rows.maxAbs())).outerGram();
    }

    /** A power of two that brings {@code maxAbs} into [0.5, 1); 1 for zero or non-finite. */
    private static double unitScale(double maxAbs) {
        if (!(maxAbs > 0 && maxAbs < Double.POSITIVE_INFINITY)) {
            return 1;
        }
        return 0.5 / leadingPowerOfTwo(maxAbs);
    }

    private static Matrix subtractFromRows(Matrix rows, double[] vector) {
        Matrix out = rows.copy();
        for (int i = 0; i < rows.rows(); i++) {
            for (int j = 0; j < rows.cols(); j++) {
                out.set(i, j, rows.get(i, j) - vector[j]);
            }
        }
        return out;
    }
}
