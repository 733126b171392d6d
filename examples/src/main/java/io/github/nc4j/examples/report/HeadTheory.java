package io.github.nc4j.examples.report;

import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.core.model.Loss;
import io.github.nc4j.core.model.Mlp;
import io.github.nc4j.core.model.MlpConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.core.theory.ReluUfmCeOptimum;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.knowm.xchart.CategoryChart;

/**
 * A trained network's head next to the unconstrained feature model (UFM) it stands for, for the
 * same class sizes and decays: the body's last features H are the UFM's free features (decay
 * lambda_H), the head's matrices and the classifier its layers (decay lambda_W each), and a loss
 * scale s divides every decay (see {@link MlpConfig}). The closed form that applies:
 * <ul>
 *   <li>MSE, no classifier bias, no head or a linear head of M - 1 layers:
 *       {@link DeepLinearMseOptimum} with depth M (Dang et al. 2023): orthogonal class means of
 *       H with lengths set by n_k, and the classifier's singular value in class k's direction
 *       ({@code ||w_k||}, the norm of its row k) ordered the other way;</li>
 *   <li>cross-entropy, no classifier bias, no head: {@link ReluUfmCeOptimum} (Dang et al. 2024):
 *       orthogonal post-ReLU class means with lengths set by n_k, and classifier rows equal to
 *       the sqrt(n_k)-scaled, centred class means;</li>
 *   <li>a classifier bias, balanced classes: the simplex ETF (cosines -1/(K-1));</li>
 *   <li>a ReLU head: deep neural collapse (Súkeník et al. 2023), whose post-ReLU class means are
 *       orthogonal for K = 2; for K &gt; 2 the low-rank solutions of Súkeník et al. 2024 are
 *       no closed form here, so only the rank of the last layer's class means is reported.</li>
 * </ul>
 * Every measured quantity is a {@link Measure}; its prediction is NaN where no closed form
 * predicts it.
 */
public final class HeadTheory {

    /** The relative singular-value cut-off of {@code rank_last}: {@link TheoryCheck#rank}'s. */
    static final double RANK_TOLERANCE = TheoryCheck.RANK_TOLERANCE;

    /**
     * One measured quantity and what theory predicts for it.
     *
     * @param key         its name in metrics.json and in the claims, e.g. {@code max_abs_cos_h}
     * @param description what it is, for the summary
     * @param measured    the trained network's value
     * @param predicted   the closed form's value, NaN where none applies
     */
    public record Measure(String key, String description, double measured, double predicted) {
    }

    private final String closedForm;
    private final List<Measure> measures;
    private final double[] classSizes;
    private final double[] lengths;
    private final double[] predictedLengths;

    private HeadTheory(String closedForm, List<Measure> measures, double[] classSizes,
                       double[] lengths, double[] predictedLengths) {
        this.closedForm = closedForm;
        this.measures = List.copyOf(measures);
        this.classSizes = classSizes;
        this.lengths = lengths;
        this.predictedLengths = predictedLengths;
    }

    /**
     * Measures {@code model} (trained on classes of the given sizes) and the closed form that
     * applies to it.
     *
     * @param model      the trained network
     * @param classSizes the number of training samples of each class
     * @return the comparison
     */
    public static HeadTheory of(Mlp model, int[] classSizes) {
        MlpConfig c = model.config();
        int k = c.numClasses();
        int body = c.depth();
        int headDepth = c.head().depth();
        List<Matrix> layers = model.layerFeatures(0, model.numSamples());
        int[] labels = model.labels();
        boolean centred = model.centering() == Centering.GLOBAL_MEAN;
        Matrix h = means(layers.get(body - 1), labels, k, centred);
        Matrix last = means(layers.get(layers.size() - 1), labels, k, centred);
        Matrix w = model.classifier().weights();
        long[] sizes = Arrays.stream(classSizes).asLongStream().toArray();
        double[] n = Arrays.stream(classSizes).asDoubleStream().toArray();
        double s = c.lossScale();
        double lambdaH = c.lambdaH() / s;
        double[] lambdaW = Arrays.stream(c.lambdaW()).map(v -> v / s).toArray();
        double[] headDecays = Arrays.copyOfRange(lambdaW, body, lambdaW.length);
        boolean balanced = Arrays.stream(classSizes).allMatch(v -> v == classSizes[0]);
        boolean positive = lambdaH > 0 && Arrays.stream(headDecays).allMatch(v -> v > 0);

        double[] hLengths = rowNorms(h);
        double[] rowNorms = rowNorms(w);
        double[] predictedLengths = null;
        double[] predictedRows = null;
        double predictedCos = Double.NaN;
        double predictedScaledDistance = Double.NaN;
        String form;
        if (!c.classifierBias() && !c.head().relu() && c.loss() == Loss.MSE && positive) {
            DeepLinearMseOptimum opt = DeepLinearMseOptimum.of(sizes, lambdaH, headDecays);
            form = "bias-free deep linear UFM, MSE, M = " + (headDepth + 1) + " (Dang et al."
                    + " 2023, definitions.md §4.2)";
            predictedLengths = opt.meanNorms();
            predictedRows = new double[k];
            for (int j = 0; j < k; j++) {
                predictedRows[j] = opt.singularValue(headDepth + 1, j);
            }
            predictedCos = 0;
        } else if (!c.classifierBias() && headDepth == 0 && c.loss() == Loss.CROSS_ENTROPY
                && positive) {
            ReluUfmCeOptimum opt = ReluUfmCeOptimum.of(sizes, headDecays[0], lambdaH);
            form = "bias-free ReLU UFM, cross-entropy (Dang et al. 2024, definitions.md §4.5)";
            predictedLengths = opt.meanNorms();
            predictedCos = 0;
            predictedScaledDistance = 0;
        } else if (c.classifierBias() && balanced) {
            form = "simplex ETF (balanced classes with a classifier bias)";
            predictedCos = -1.0 / (k - 1);
        } else if (c.head().relu() && k == 2 && balanced) {
            form = "deep neural collapse, K = 2 (Súkeník et al. 2023, definitions.md §4.4)";
            predictedCos = 0;
        } else {
            form = "none";
        }

        List<Measure> out = new ArrayList<>();
        double[] cosH = offDiagonalCosines(h);
        double[] cosLast = offDiagonalCosines(last);
        String about = centred ? " (centred)" : " (uncentred)";
        out.add(new Measure("mean_cos_h", "mean cosine between class means of H, the body's last"
                + " features" + about, mean(cosH), predictedCos));
        out.add(new Measure("max_abs_cos_h", "largest |cosine| between class means of H" + about,
                maxAbs(cosH), predictedCos == 0 ? 0 : Double.NaN));
        out.add(new Measure("mean_cos_last", "mean cosine between class means of the last layer"
                + about, mean(cosLast), headDepth == 0 || !c.head().relu() || k == 2
                ? predictedCos : Double.NaN));
        out.add(new Measure("max_abs_cos_last", "largest |cosine| between class means of the"
                + " last layer" + about, maxAbs(cosLast), predictedCos == 0
                && (headDepth == 0 || !c.head().relu() || k == 2) ? 0 : Double.NaN));
        double etf = -1.0 / (k - 1);
        out.add(new Measure("max_etf_deviation_last", "largest |cosine + 1/(K-1)| between"
                + " class means of the last layer" + about, maxAbs(Arrays.stream(cosLast)
                .map(v -> v - etf).toArray()), predictedCos == etf ? 0 : Double.NaN));
        if (predictedLengths != null) {
            out.add(new Measure("length_theory_correlation", "rank correlation of ||mu_k|| (H)"
                    + " with the closed form's", spearman(hLengths, predictedLengths), 1));
            out.add(new Measure("length_size_correlation", "rank correlation of ||mu_k|| (H)"
                    + " with n_k", spearman(hLengths, n), spearman(predictedLengths, n)));
            out.add(new Measure("length_ratio_smallest_largest", "mean ||mu_k|| of the"
                    + " smallest classes / of the largest", groupRatio(hLengths, classSizes),
                    groupRatio(predictedLengths, classSizes)));
            out.add(new Measure("collapsed_classes", "classes with ||mu_k|| below 1% of the"
                    + " largest (minority collapse)", collapsed(hLengths),
                    collapsed(predictedLengths)));
        }
        if (predictedRows != null) {
            out.add(new Measure("classifier_theory_correlation", "rank correlation of ||w_k||"
                    + " (classifier row k) with the closed form's singular values",
                    spearman(rowNorms, predictedRows), 1));
            out.add(new Measure("classifier_norm_size_correlation", "rank correlation of"
                    + " ||w_k|| (classifier row k) with n_k", spearman(rowNorms, n),
                    spearman(predictedRows, n)));
        }
        if (!Double.isNaN(predictedScaledDistance)) {
            Matrix target = NcMetrics.scaledCenteredMeans(h, sizes);
            out.add(new Measure("classifier_vs_scaled_means", "||W/||W|| - W*/||W*|| ||_F,"
                    + " W* the sqrt(n_k)-scaled centred class means", distance(w, target),
                    predictedScaledDistance));
            out.add(new Measure("min_row_cos_scaled_means", "smallest cosine of a classifier row"
                    + " with its scaled centred class mean", minRowCosine(w, target), 1));
        }
        out.add(new Measure("rank_last", "numerical rank of the last layer's class means"
                + " (singular values above " + RANK_TOLERANCE + " of the largest)",
                TheoryCheck.rank(last), Double.NaN));
        return new HeadTheory(form, out, n, hLengths, predictedLengths);
    }

    /** {@return the name of the closed form compared with, or "none"} */
    public String closedForm() {
        return closedForm;
    }

    /** {@return every measured quantity, in order} */
    public List<Measure> measures() {
        return measures;
    }

    /**
     * {@return the measure named {@code key}, if measured}
     *
     * @param key the measure's key
     */
    public Optional<Measure> measure(String key) {
        return measures.stream().filter(m -> m.key().equals(key)).findFirst();
    }

    /**
     * {@return the measured value of {@code key}}
     *
     * @param key the measure's key
     * @throws NoSuchElementException if it was not measured
     */
    public double measured(String key) {
        return measure(key).orElseThrow(() -> new NoSuchElementException("no measure " + key))
                .measured();
    }

    /** {@return the class-mean lengths of H, one per class} */
    public double[] lengths() {
        return lengths.clone();
    }

    /** {@return the closed form's class-mean lengths, if it predicts them} */
    public Optional<double[]> predictedLengths() {
        return Optional.ofNullable(predictedLengths).map(double[]::clone);
    }

    /** {@return the class sizes} */
    public double[] classSizes() {
        return classSizes.clone();
    }

    /** {@return the comparison as lines for the console} */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("theory: " + closedForm);
        for (Measure m : measures) {
            lines.add(String.format(Locale.ROOT, "  %-34s %10.4g%s", m.key(), m.measured(),
                    Double.isNaN(m.predicted()) ? "" : String.format(Locale.ROOT,
                            "   (theory %.4g)", m.predicted())));
        }
        return lines;
    }

    /** {@return the comparison for metrics.json} */
    public Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("closed_form", closedForm);
        for (Measure x : measures) {
            m.put(x.key(), Map.of("measured", x.measured(), "predicted", x.predicted()));
        }
        m.put("lengths_h", lengths);
        if (predictedLengths != null) {
            m.put("predicted_lengths_h", predictedLengths);
        }
        return m;
    }

    /** {@return the comparison as table rows: quantity, measured, theory} */
    public List<List<String>> rows() {
        List<List<String>> rows = new ArrayList<>();
        for (Measure m : measures) {
            rows.add(List.of(m.description() + " (`" + m.key() + "`)", g(m.measured()),
                    Double.isNaN(m.predicted()) ? "-" : g(m.predicted())));
        }
        return rows;
    }

    /**
     * {@return the learned against the predicted class-mean lengths of H, each divided by its
     * mean over the classes (the closed form fixes the scale only through the decays, which a
     * body does not see as the UFM does), if the closed form predicts lengths}
     */
    public Optional<CategoryChart> lengthsChart() {
        if (predictedLengths == null) {
            return Optional.empty();
        }
        List<String> categories = new ArrayList<>();
        for (int k = 0; k < classSizes.length; k++) {
            categories.add(k + " (n=" + (int) classSizes[k] + ")");
        }
        return Optional.of(Plots.comparison("Class-mean lengths of H / their mean",
                "||mu_k|| / mean", categories, relative(lengths), relative(predictedLengths),
                false));
    }

    private static double[] relative(double[] x) {
        double m = mean(x);
        return Arrays.stream(x).map(v -> v / m).toArray();
    }

    // ---------------------------------------------------------------- the quantities

    private static Matrix means(Matrix features, int[] labels, int k, boolean centred) {
        ClassStatistics stats = ClassStatistics.of(features, labels, k);
        Matrix m = stats.classMeans();
        if (centred) {
            double[] g = stats.globalMean();
            for (int r = 0; r < m.rows(); r++) {
                for (int j = 0; j < m.cols(); j++) {
                    m.set(r, j, m.get(r, j) - g[j]);
                }
            }
        }
        return m;
    }

    static double[] rowNorms(Matrix m) {
        double[] norms = new double[m.rows()];
        for (int r = 0; r < norms.length; r++) {
            norms[r] = m.row(r).normFrobenius();
        }
        return norms;
    }

    /**
     * {@return the cosines of every pair of rows k &lt; l, in order; a zero row gives cosine 0}
     *
     * @param rows the vectors, one per row
     */
    public static double[] offDiagonalCosines(Matrix rows) {
        double[] norms = rowNorms(rows);
        int k = rows.rows();
        double[] cos = new double[k * (k - 1) / 2];
        int i = 0;
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) {
                double dot = 0;
                for (int j = 0; j < rows.cols(); j++) {
                    dot += rows.get(a, j) * rows.get(b, j);
                }
                double denominator = norms[a] * norms[b];
                cos[i++] = denominator == 0 ? 0 : dot / denominator;
            }
        }
        return cos;
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).average().orElse(Double.NaN);
    }

    private static double maxAbs(double[] x) {
        return Arrays.stream(x).map(Math::abs).max().orElse(Double.NaN);
    }

    /** Spearman's rank correlation, ties given their average rank; NaN if one side is flat. */
    static double spearman(double[] x, double[] y) {
        double[] rx = ranks(x);
        double[] ry = ranks(y);
        double mx = mean(rx);
        double my = mean(ry);
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? Double.NaN : sxy / Math.sqrt(sxx * syy);
    }

    private static double[] ranks(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int below = 0;
            int equal = 0;
            for (double v : x) {
                below += v < x[i] ? 1 : 0;
                equal += v == x[i] ? 1 : 0;
            }
            r[i] = below + (equal + 1) / 2.0;
        }
        return r;
    }

    /** Mean of {@code values} over the smallest classes over its mean over the largest. */
    static double groupRatio(double[] values, int[] sizes) {
        int min = Arrays.stream(sizes).min().orElseThrow();
        int max = Arrays.stream(sizes).max().orElseThrow();
        double small = 0;
        double large = 0;
        int ns = 0;
        int nl = 0;
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] == min) {
                small += values[i];
                ns++;
            }
            if (sizes[i] == max) {
                large += values[i];
                nl++;
            }
        }
        return (small / ns) / (large / nl);
    }

    /** Classes whose value is below 1% of the largest. */
    static int collapsed(double[] values) {
        double max = Arrays.stream(values).max().orElse(0);
        return (int) Arrays.stream(values).filter(v -> v < 0.01 * max).count();
    }

    private static double distance(Matrix a, Matrix b) {
        return a.scale(1 / a.normFrobenius()).minus(b.scale(1 / b.normFrobenius()))
                .normFrobenius();
    }

    private static double minRowCosine(Matrix a, Matrix b) {
        double min = Double.POSITIVE_INFINITY;
        for (int r = 0; r < a.rows(); r++) {
            Matrix x = a.row(r);
            Matrix y = b.row(r);
            double dot = x.timesTranspose(y).get(0, 0);
            double denominator = x.normFrobenius() * y.normFrobenius();
            min = Math.min(min, denominator == 0 ? 0 : dot / denominator);
        }
        return min;
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.4g", v);
    }
}
