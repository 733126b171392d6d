package io.github.nc4j.core.check;

import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.CeUfmOptimum;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.DeepUfmBinaryOptimum;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.core.theory.SimplexEtfOptimum;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.Svd;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A trained unconstrained feature model next to the closed form that definitions.md §4 gives for
 * its configuration: the learned class-mean lengths, singular values, margins and objective against
 * their predicted values, as {@link Comparison}s, plus plain-sentence findings.
 *
 * <p>Which closed form applies ({@link #of} returns empty when none does):
 * <ul>
 *   <li>bias-free MSE, {@link Architecture#UFM} or {@link Architecture#DEEP_LINEAR}:
 *       {@link DeepLinearMseOptimum} (lengths, the top K singular values of every layer, the
 *       objective, orthogonality of the means);</li>
 *   <li>bias-free cross-entropy, {@link Architecture#RELU_UFM}: {@link ReluUfmCeOptimum}
 *       (lengths, margins, the classifier, the objective, orthogonality);</li>
 *   <li>bias-free cross-entropy, {@link Architecture#UFM}: {@link CeUfmOptimum} (margins, the
 *       class-mean logits, the objective);</li>
 *   <li>bias-free MSE {@link Architecture#DEEP_UFM} with balanced classes: for two classes and
 *       one common weight decay, {@link DeepUfmBinaryOptimum}; in every case the objective of the
 *       best deep-neural-collapse solution, which is the balanced deep linear optimum (with
 *       orthogonal non-negative class means every ReLU is inactive), against which the trained
 *       objective and the rank of the trained solution are reported;</li>
 *   <li>balanced classes with a bias, MSE or cross-entropy, linear models: the simplex ETF
 *       (NC1, NC2 of the means and of the classifier, and NC3 are predicted to be 0) and its
 *       objective ({@link SimplexEtfOptimum}; for MSE only with an unpenalized bias).</li>
 * </ul>
 * The learned class means are those of the free features, uncentered (bias-free) or of the last
 * layer's features (ETF case).
 *
 * <p>Each {@link Comparison} is relative to its predicted value; a quantity predicted to be 0
 * (NC1, NC2 and NC3 of the ETF, the orthogonality of the means, the length of a class the
 * optimum loses) is compared relative to a scale of the problem instead: 1 for the metrics,
 * which are already normalized, and the largest predicted value for lengths and singular
 * values. {@code nc4j train} applies a tolerance of 1e-6 to all of them, {@code nc4j reproduce}
 * 1% (definitions.md §5.3).
 *
 * <p>A check ends in one of three {@link Verdict}s: it agrees, it disagrees, or it has nothing to
 * compare (the DUFM with more than two classes or unequal weight decays, where only the
 * deep-neural-collapse objective is reported): "no prediction" is never agreement. Its
 * {@link #diagnosis} says why a run disagrees: not converged, stopped at the local minimum
 * {@code p = 0}, the trivial solution, or another critical point.
 */
public final class TheoryCheck {

    /** Singular values below this fraction of the largest count as zero in {@link #rank}. */
    public static final double RANK_TOLERANCE = 1e-3;

    /**
     * At verdict tolerance t, a run counts as converged (at a critical point) when its projected
     * gradient norm is at most {@code STATIONARY * t} times the objective. Near a minimum a
     * quantity's error is about the gradient over the curvature, and the weight decays (1e-3 to
     * 1e-2 in the models here) set the smallest curvature, so a relative gradient of t / 100
     * keeps the errors near t. At t = 1% the bound is 1e-4: gradient descent reaches 1e-6 or
     * less once it has converged, and runs cut short sit at 1e-2 and above; at t = 1e-6 it is
     * 1e-8, which L-BFGS passes by orders of magnitude.
     */
    public static final double STATIONARY = 1e-2;

    /**
     * A class-mean length below this fraction of its optimal length counts as zero. Gradient
     * descent approaches the local minimum p = 0 only geometrically, at a rate set by the
     * learning rate times the weight decay, so a class it leaves there is still at 1e-5 of its
     * optimal length after thousands of steps.
     */
    public static final double ZERO_LENGTH = 1e-3;

    /** Logits that vary by at most this much over all samples count as constant. */
    private static final double CONSTANT_LOGITS = 1e-6;

    /** The name of the objective's comparison. */
    private static final String OBJECTIVE = "objective";

    /** The objective of the all-zero solution with MSE against one-hot targets: 1/2. */
    private static final double TRIVIAL_MSE_OBJECTIVE = 0.5;

    /** The closed forms, one per case of the class comment. */
    private enum Case { SIMPLEX_ETF, DEEP_LINEAR_MSE, RELU_UFM_CE, CE_UFM, DEEP_UFM }

    private final String theory;
    private final List<Comparison> comparisons;
    private final List<String> findings;
    private final double objective;
    private final double gradientNorm;
    private final boolean constantLogits;
    private final LocalMinimum knownLocalMinimum;

    private TheoryCheck(String theory, List<Comparison> comparisons, List<String> findings,
                        FeatureModel model, LocalMinimum knownLocalMinimum) {
        this.theory = theory;
        this.comparisons = List.copyOf(comparisons);
        this.findings = List.copyOf(findings);
        this.objective = model.objectiveValue();
        this.gradientNorm = model.projectedGradientNorm();
        this.constantLogits = hasConstantLogits(model);
        this.knownLocalMinimum = knownLocalMinimum;
    }

    /**
     * The comparison for {@code model}'s configuration at its current parameters, if any.
     *
     * @param model the trained model
     * @return the check, or empty where no closed form applies to the model's configuration
     */
    public static Optional<TheoryCheck> of(FeatureModel model) {
        return closedForm(model.config()).map(c -> switch (c) {
            case SIMPLEX_ETF -> simplexEtf(model);
            case DEEP_LINEAR_MSE -> deepLinearMse(model);
            case RELU_UFM_CE -> reluUfmCe(model);
            case CE_UFM -> ceUfm(model);
            case DEEP_UFM -> deepUfm(model);
        });
    }

    /**
     * {@return whether theory predicts values for a configuration: whether {@link #of} returns a
     * check with comparisons} False where no closed form applies, and for the DUFM unless it has
     * two classes and one weight decay.
     *
     * @param config the model's configuration
     */
    public static boolean predicts(UfmConfig config) {
        return closedForm(config).filter(c -> c != Case.DEEP_UFM || hasBinaryDufmOptimum(config))
                .isPresent();
    }

    private static Optional<Case> closedForm(UfmConfig c) {
        Architecture a = c.architecture();
        boolean linear = a == Architecture.UFM || a == Architecture.DEEP_LINEAR;
        if (c.bias()) {
            return linear && isBalanced(c.classSizes()) ? Optional.of(Case.SIMPLEX_ETF)
                    : Optional.empty();
        }
        if (!hasWeightDecay(c)) {
            return Optional.empty(); // without weight decay the optima are not attained
        }
        if (c.loss() == Loss.MSE) {
            if (linear) {
                return Optional.of(Case.DEEP_LINEAR_MSE);
            }
            return a == Architecture.DEEP_UFM && isBalanced(c.classSizes())
                    ? Optional.of(Case.DEEP_UFM) : Optional.empty();
        }
        return switch (a) {
            case RELU_UFM -> Optional.of(Case.RELU_UFM_CE);
            case UFM -> Optional.of(Case.CE_UFM);
            default -> Optional.empty();
        };
    }

    private static boolean hasWeightDecay(UfmConfig c) {
        return c.lambdaH() > 0 && Arrays.stream(c.lambdaW()).allMatch(x -> x > 0);
    }

    private static boolean hasBinaryDufmOptimum(UfmConfig c) {
        return c.numClasses() == 2 && Arrays.stream(c.lambdaW()).allMatch(x -> x == c.lambdaH());
    }

    /** {@return which closed form, with its source} */
    public String theory() {
        return theory;
    }

    /** {@return the learned against the predicted quantities} */
    public List<Comparison> comparisons() {
        return comparisons;
    }

    /**
     * {@return plain sentences about the solution (collapsed classes, rank, the DNC comparison)}
     */
    public List<String> findings() {
        return findings;
    }

    /**
     * {@return the verdict at a relative {@code tolerance}: {@link Verdict#of} the comparisons}
     *
     * @param tolerance the relative tolerance
     */
    public Verdict verdict(double tolerance) {
        return Verdict.of(comparisons, tolerance);
    }

    /**
     * {@return whether the verdict is {@link Verdict#AGREES}: never when there is nothing to
     * compare}
     *
     * @param tolerance the relative tolerance
     */
    public boolean agrees(double tolerance) {
        return verdict(tolerance) == Verdict.AGREES;
    }

    /** {@return the objective at the checked parameters} */
    public double objective() {
        return objective;
    }

    /** {@return the projected gradient norm at the checked parameters ({@link FeatureModel})} */
    public double gradientNorm() {
        return gradientNorm;
    }

    /**
     * {@return whether the gradient norm is at most {@link #STATIONARY} times {@code tolerance}
     * times the objective: converged enough for a verdict at {@code tolerance}}
     *
     * @param tolerance the relative tolerance of the verdict
     */
    public boolean converged(double tolerance) {
        return gradientNorm <= STATIONARY * tolerance * objective;
    }

    /**
     * Why the run does or does not agree at {@code tolerance}, from the gradient, the class-mean
     * lengths and the objective, checked in this order: agreement; not converged; the trivial
     * solution; a local minimum that loses classes the optimum keeps ({@code p = 0} of the
     * bias-free deep linear MSE model, or classes clipped to zero features in the bias-free
     * ReLU UFM with cross-entropy); another critical point.
     *
     * @param tolerance the relative tolerance of the verdict
     * @return the diagnosis
     */
    public Diagnosis diagnosis(double tolerance) {
        Verdict verdict = verdict(tolerance);
        String convergence = String.format(Locale.ROOT, "gradient norm %.3g, %.3g times the"
                + " objective; a critical point has at most %.0e", gradientNorm,
                gradientNorm / objective, STATIONARY * tolerance);
        if (verdict == Verdict.NO_PREDICTION) {
            return new Diagnosis(Diagnosis.Kind.NO_PREDICTION, converged(tolerance) ? ""
                    : "training has not converged (" + convergence + ")");
        }
        if (verdict == Verdict.AGREES) {
            return new Diagnosis(Diagnosis.Kind.AT_OPTIMUM, converged(tolerance) ? ""
                    : "within the tolerance, although training has not fully converged ("
                    + convergence + ")");
        }
        String gap = objectiveGap();
        if (!converged(tolerance)) {
            return new Diagnosis(Diagnosis.Kind.NOT_CONVERGED, "training has not converged ("
                    + convergence + ")" + gap + ": the mismatch says nothing against the theory;"
                    + " train longer or with another optimizer");
        }
        if (constantLogits) {
            return new Diagnosis(Diagnosis.Kind.TRIVIAL_SOLUTION, "training converged to the"
                    + " trivial critical point: every sample gets the same logits (features or"
                    + " weights all zero), which the optimum does not" + gap + "; the"
                    + " initialization may be too small or the weight decay too strong for this"
                    + " depth");
        }
        if (knownLocalMinimum != null) {
            Optional<String> stuck = knownLocalMinimum.localMinimum(tolerance, objective);
            if (stuck.isPresent()) {
                return new Diagnosis(Diagnosis.Kind.LOCAL_MINIMUM_LOST_CLASSES, stuck.get());
            }
        }
        return new Diagnosis(Diagnosis.Kind.OTHER_CRITICAL_POINT, "training converged ("
                + convergence + ") to a critical point other than the closed form" + gap
                + (knownLocalMinimum != null ? " and other than " + knownLocalMinimum.name()
                : ""));
    }

    /** "; objective x, y% above the optimum z", or empty when the objective is not compared. */
    private String objectiveGap() {
        return comparisons.stream().filter(c -> c.quantity().equals(OBJECTIVE)).findFirst()
                .map(c -> String.format(Locale.ROOT, "; objective %.7g, %s %s the optimum %.7g",
                        c.learned(), Comparison.percent(Math.abs(c.learned() - c.predicted())
                                / c.predicted()), c.learned() >= c.predicted() ? "above"
                                : "below", c.predicted())).orElse("");
    }

    /**
     * {@return the numerical rank of {@code m}: its singular values above {@value #RANK_TOLERANCE}
     * times the largest}
     *
     * @param m the matrix
     */
    public static int rank(Matrix m) {
        double[] s = Svd.values(m);
        int r = 0;
        while (r < s.length && s[r] > RANK_TOLERANCE * s[0]) {
            r++;
        }
        return r;
    }

    // ---------------------------------------------------------------- the cases

    private static TheoryCheck deepLinearMse(FeatureModel model) {
        UfmConfig c = model.config();
        DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(c.classSizesLong(), c.lambdaH(),
                c.lambdaW());
        Matrix means = classMeans(model);
        List<Comparison> out = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        compareLengths(out, means, opt.meanNorms());
        for (int l = 1; l <= c.depth(); l++) {
            double[] predicted = new double[c.numClasses()];
            for (int k = 0; k < predicted.length; k++) {
                predicted[k] = opt.singularValue(l, k);
            }
            compareSingularValues(out, "W_" + l, model.weight(l), predicted);
        }
        out.add(Comparison.of(OBJECTIVE, model.objectiveValue(), opt.objective()));
        out.add(orthogonality(means));
        for (int k = 0; k < c.numClasses(); k++) {
            if (opt.isCollapsed(k)) {
                findings.add("class " + k + " (n = " + c.classSizes()[k] + ") is lost at the"
                        + " optimum (minority collapse, p = 0)");
            }
        }
        return new TheoryCheck("bias-free deep linear UFM with MSE, any class sizes (Dang et al."
                + " 2023; docs/definitions.md §4.2)", out, findings, model,
                new LostClasses(opt, rowNorms(means)));
    }

    private static TheoryCheck reluUfmCe(FeatureModel model) {
        UfmConfig c = model.config();
        ReluUfmCeOptimum opt = ReluUfmCeOptimum.of(c.classSizesLong(), c.lambdaW()[0],
                c.lambdaH());
        Matrix means = classMeans(model);
        Matrix w = model.weight(1);
        List<Comparison> out = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        compareLengths(out, means, opt.meanNorms());
        double[] margins = new double[c.numClasses()];
        for (int k = 0; k < margins.length; k++) {
            margins[k] = opt.margin(k);
        }
        compareScalars(out, "m_", averageMargins(w.timesTranspose(means)), margins);
        Matrix predictedW = opt.classifier(means);
        out.add(Comparison.relativeTo("||W - W*(M)||_F / ||W||_F",
                w.minus(predictedW).normFrobenius() / w.normFrobenius(), 0, 1));
        out.add(Comparison.of(OBJECTIVE, model.objectiveValue(), opt.objective()));
        out.add(orthogonality(means));
        for (int k = 0; k < c.numClasses(); k++) {
            if (opt.isCollapsed(k)) {
                findings.add("class " + k + " (n = " + c.classSizes()[k] + ") collapses to the"
                        + " origin at the optimum (margin 0)");
            }
        }
        return new TheoryCheck("bias-free ReLU UFM with cross-entropy, any class sizes (Dang et"
                + " al. 2024; docs/definitions.md §4.5)", out, findings, model,
                new ClippedClasses(opt, rowNorms(means)));
    }

    private static TheoryCheck ceUfm(FeatureModel model) {
        UfmConfig c = model.config();
        CeUfmOptimum opt = CeUfmOptimum.of(c.classSizesLong(), c.lambdaW()[0], c.lambdaH());
        Matrix means = classMeans(model);
        // column k: the logits of class k's mean, as CeUfmOptimum lays them out
        Matrix logits = model.weight(1).timesTranspose(means);
        Matrix predicted = opt.logits();
        List<Comparison> out = new ArrayList<>();
        double[] learnedMargins = new double[c.numClasses()];
        double[] predictedMargins = new double[c.numClasses()];
        for (int k = 0; k < learnedMargins.length; k++) {
            learnedMargins[k] = minimumMargin(logits, k);
            predictedMargins[k] = opt.margin(k);
        }
        compareScalars(out, "margin_", learnedMargins, predictedMargins);
        out.add(Comparison.relativeTo("||Z - Z*||_F / ||Z*||_F (class-mean logits)",
                logits.minus(predicted).normFrobenius() / predicted.normFrobenius(), 0, 1));
        out.add(Comparison.of(OBJECTIVE, model.objectiveValue(), opt.objective()));
        return new TheoryCheck("bias-free UFM with cross-entropy, any class sizes (convex program"
                + " over the class-mean logits; docs/definitions.md §4.6)", out, List.of(), model, null);
    }

    private static TheoryCheck deepUfm(FeatureModel model) {
        UfmConfig c = model.config();
        int k = c.numClasses();
        long perClass = c.classSizes()[0];
        List<Comparison> out = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        double[] lambdaW = c.lambdaW();
        String theory;
        if (hasBinaryDufmOptimum(c)) {
            DeepUfmBinaryOptimum opt = DeepUfmBinaryOptimum.of(c.depth(), perClass, c.lambdaH());
            Matrix means = classMeans(model);
            compareLengths(out, means, new double[] {opt.firstLayerMeanNorm(),
                    opt.firstLayerMeanNorm()});
            double w1 = model.weight(1).normFrobenius();
            out.add(Comparison.of("||W_1||_F^2", w1 * w1, opt.q()));
            for (int l = 2; l <= c.depth(); l++) {
                compareSingularValues(out, "W_" + l, model.weight(l),
                        new double[] {opt.singularValue(), opt.singularValue()});
            }
            out.add(Comparison.of(OBJECTIVE, model.objectiveValue(), opt.objective()));
            theory = "DUFM with two classes (Súkeník et al. 2023; docs/definitions.md §4.4)";
        } else {
            theory = "DUFM, balanced classes: deep neural collapse against lower-rank solutions"
                    + " (Súkeník et al. 2023, 2024); no closed form to compare with";
        }
        double dnc = DeepLinearMseOptimum.balanced(k, perClass, c.lambdaH(), lambdaW).objective();
        double trained = model.objectiveValue();
        Matrix lastMeans = lastLayerMeans(model);
        int rank = rank(lastMeans);
        findings.add(String.format(Locale.ROOT, "objective %.7g against %.7g for the best deep"
                + " neural collapse solution (%+.3g%%); the class means of the last layer have"
                + " rank %d of %d", trained, dnc, 100 * (trained - dnc) / dnc, rank, k));
        if (Math.abs(trained - TRIVIAL_MSE_OBJECTIVE) <= 1e-6 * TRIVIAL_MSE_OBJECTIVE) {
            findings.add("the trained solution is (close to) the trivial one, all weights 0:"
                    + " the weight decay is too strong for this depth");
        } else if (trained < dnc * (1 - 1e-6)) {
            findings.add("the trained solution beats deep neural collapse: a low-rank solution"
                    + " (Súkeník et al. 2024)");
        }
        return new TheoryCheck(theory, out, findings, model, null);
    }

    private static TheoryCheck simplexEtf(FeatureModel model) {
        UfmConfig c = model.config();
        List<Matrix> layers = model.layerFeatures(0, model.numSamples());
        NcReport report = NcMetrics.compute(layers.get(layers.size() - 1), model.labels(),
                c.numClasses(), model.centering(), model.classifier());
        List<Comparison> out = new ArrayList<>();
        List<String> findings = new ArrayList<>();
        out.add(Comparison.relativeTo("NC1", report.nc1(), 0, 1));
        out.add(Comparison.relativeTo("NC2_ETF(means)", report.nc2EtfMeans(), 0, 1));
        out.add(Comparison.relativeTo("NC2_ETF(W)", report.nc2EtfClassifier().orElseThrow(), 0, 1));
        out.add(Comparison.relativeTo("NC3", report.nc3().orElseThrow(), 0, 1));
        int k = c.numClasses();
        long n = c.classSizes()[0];
        if (!hasWeightDecay(c)) {
            findings.add("the objective is not compared: without weight decay on the features"
                    + " and every layer its infimum is not attained");
        } else if (c.loss() == Loss.CROSS_ENTROPY) {
            out.add(Comparison.of(OBJECTIVE, model.objectiveValue(),
                    SimplexEtfOptimum.crossEntropy(k, n, c.lambdaH(), c.lambdaW()).objective()));
        } else if (c.lambdaB() == 0) {
            out.add(Comparison.of(OBJECTIVE, model.objectiveValue(),
                    SimplexEtfOptimum.mse(k, n, c.lambdaH(), c.lambdaW()).objective()));
        } else {
            findings.add("the objective is not compared: with MSE and a penalized bias the"
                    + " optimal objective has no closed form here");
        }
        return new TheoryCheck("balanced classes with a bias: simplex ETF, W aligned with the"
                + " centered means (Zhu et al. 2021; Tirer and Bruna 2022; Dang et al. 2023;"
                + " docs/definitions.md §4.1)", out, findings, model, null);
    }

    // ---------------------------------------------------------------- learned quantities

    /** Whether every sample's logits (without the bias) are the same to {@code 1e-6}. */
    private static boolean hasConstantLogits(FeatureModel model) {
        Matrix z = model.logits();
        for (int j = 0; j < z.cols(); j++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < z.rows(); i++) {
                lo = Math.min(lo, z.get(i, j));
                hi = Math.max(hi, z.get(i, j));
            }
            if (!(hi - lo <= CONSTANT_LOGITS)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isBalanced(int[] sizes) {
        return Arrays.stream(sizes).allMatch(n -> n == sizes[0]);
    }

    /** The uncentered class means of the free features (rows). */
    private static Matrix classMeans(FeatureModel model) {
        return ClassStatistics.of(model.features(), model.labels(), model.numClasses())
                .classMeans();
    }

    private static Matrix lastLayerMeans(FeatureModel model) {
        List<Matrix> layers = model.layerFeatures(0, model.numSamples());
        return ClassStatistics.of(layers.get(layers.size() - 1), model.labels(),
                model.numClasses()).classMeans();
    }

    private static double[] rowNorms(Matrix m) {
        double[] norms = new double[m.rows()];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = m.row(k).normFrobenius();
        }
        return norms;
    }

    /** {@code z_kk - mean_{j != k} z_jk} for each column k of class-mean logits. */
    private static double[] averageMargins(Matrix logits) {
        int k = logits.rows();
        double[] margins = new double[k];
        for (int c = 0; c < k; c++) {
            double others = 0;
            for (int j = 0; j < k; j++) {
                others += j == c ? 0 : logits.get(j, c);
            }
            margins[c] = logits.get(c, c) - others / (k - 1);
        }
        return margins;
    }

    /** {@code min_{j != k} z_kk - z_jk}, as {@link CeUfmOptimum#margin}. */
    private static double minimumMargin(Matrix logits, int k) {
        double margin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < logits.rows(); j++) {
            if (j != k) {
                margin = Math.min(margin, logits.get(k, k) - logits.get(j, k));
            }
        }
        return margin;
    }

    private static void compareLengths(List<Comparison> out, Matrix means, double[] predicted) {
        compareScalars(out, "||mu_", rowNorms(means), predicted);
    }

    /**
     * One comparison per entry; a predicted value of 0 is compared relative to the largest
     * predicted value, since an error relative to 0 means nothing.
     */
    private static void compareScalars(List<Comparison> out, String prefix, double[] learned,
                                       double[] predicted) {
        double scale = Arrays.stream(predicted).map(Math::abs).max().orElse(1);
        String suffix = prefix.startsWith("||") ? "||" : "";
        for (int k = 0; k < predicted.length; k++) {
            String name = prefix + k + suffix;
            out.add(predicted[k] == 0 ? Comparison.relativeTo(name, learned[k], 0, scale)
                    : Comparison.of(name, learned[k], predicted[k]));
        }
    }

    /** The top singular values of {@code w} against {@code predicted}, both in descending order. */
    private static void compareSingularValues(List<Comparison> out, String name, Matrix w,
                                              double[] predicted) {
        double[] sorted = predicted.clone();
        Arrays.sort(sorted);
        double[] descending = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            descending[i] = sorted[sorted.length - 1 - i];
        }
        double[] s = Svd.values(w);
        double[] learned = new double[descending.length];
        for (int i = 0; i < learned.length; i++) {
            learned[i] = i < s.length ? s[i] : 0;
        }
        double scale = descending.length == 0 ? 1 : descending[0];
        for (int i = 0; i < descending.length; i++) {
            String q = "sigma_" + (i + 1) + "(" + name + ")";
            out.add(descending[i] == 0 ? Comparison.relativeTo(q, learned[i], 0, scale)
                    : Comparison.of(q, learned[i], descending[i]));
        }
    }

    /** The off-diagonal mass of the means' normalized Gram; 0 for an orthogonal frame. */
    private static Comparison orthogonality(Matrix means) {
        return Comparison.relativeTo("offdiag(M M^T) / ||M M^T||_F",
                NcMetrics.offDiagonalMass(means.timesTranspose(means)), 0, 1);
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }

    /** A test, for a converged run that disagrees, of a known local minimum that loses classes. */
    private interface LocalMinimum {

        /** The explanation when the run sits at the local minimum; empty otherwise. */
        Optional<String> localMinimum(double tolerance, double objective);

        /** The local minimum's name, for "other than ...". */
        String name();
    }

    /**
     * The bias-free ReLU UFM's dead classes: a class the optimum keeps with all its features
     * clipped to 0 by {@code H >= 0} is stuck there when its classifier row is at most the mean
     * row in every coordinate (its features' gradient is then non-negative), a local minimum
     * that large early steps can reach.
     */
    private record ClippedClasses(ReluUfmCeOptimum optimum, double[] lengths)
            implements LocalMinimum {

        @Override
        public Optional<String> localMinimum(double tolerance, double objective) {
            List<String> names = new ArrayList<>();
            for (int k = 0; k < lengths.length; k++) {
                if (!optimum.isCollapsed(k) && lengths[k] < ZERO_LENGTH * optimum.meanNorm(k)) {
                    names.add(String.format(Locale.ROOT, "class %d (length %.2g, optimum %s)", k,
                            lengths[k], format(optimum.meanNorm(k))));
                }
            }
            if (names.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(String.format(Locale.ROOT, "training converged to a local minimum"
                    + " with every feature of %s clipped to 0 by H >= 0: no feasible step revives"
                    + " a class whose classifier row is at most the mean row in every coordinate;"
                    + " objective %.7g, %s above the global optimum %.7g", String.join(", ", names),
                    objective, Comparison.percent((objective - optimum.objective())
                            / optimum.objective()), optimum.objective()));
        }

        @Override
        public String name() {
            return "a local minimum with classes clipped to 0";
        }
    }

    /**
     * The bias-free deep linear case's test for the local minimum {@code p = 0}: the classes the
     * optimum keeps but training left at zero, against the closed form restricted to losing them.
     */
    private record LostClasses(DeepLinearMseOptimum optimum, double[] lengths)
            implements LocalMinimum {

        @Override
        public String name() {
            return "the local minimum p = 0";
        }

        /**
         * The explanation when the run sits at the local minimum {@code p = 0}: some classes
         * that the optimum keeps are below {@link #ZERO_LENGTH} of their optimal length, every
         * other class matches the optimum within {@code tolerance}, and so does the objective
         * with those classes lost; empty otherwise.
         */
        @Override
        public Optional<String> localMinimum(double tolerance, double objective) {
            boolean[] lost = new boolean[lengths.length];
            boolean[] reached = optimum.reachedGlobalOptimum(lengths, tolerance);
            List<String> names = new ArrayList<>();
            for (int k = 0; k < lengths.length; k++) {
                lost[k] = !optimum.isCollapsed(k) && lengths[k] < ZERO_LENGTH * optimum.meanNorm(k);
                if (lost[k]) {
                    names.add(String.format(Locale.ROOT, "class %d (length %.2g, optimum %s)", k,
                            lengths[k], format(optimum.meanNorm(k))));
                } else if (!reached[k]) {
                    return Optional.empty();
                }
            }
            double restricted = optimum.objectiveLosing(lost);
            if (names.isEmpty() || !(Math.abs(objective - restricted) <= tolerance * restricted)) {
                return Optional.empty();
            }
            return Optional.of(String.format(Locale.ROOT, "training converged to the local"
                    + " minimum p = 0 of %s: for depth >= 2 the penalty makes p = 0 a local"
                    + " minimum of every class; the other classes are at the closed form and the"
                    + " objective %.7g is that of this local minimum (%.7g), %s above the global"
                    + " optimum %.7g", String.join(", ", names), objective, restricted,
                    Comparison.percent((restricted - optimum.objective()) / optimum.objective()),
                    optimum.objective()));
        }
    }
}
