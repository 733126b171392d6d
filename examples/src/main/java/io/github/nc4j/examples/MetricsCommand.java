package io.github.nc4j.examples;

import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.ClassStatistics;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.core.metrics.Nc4Counter;
import io.github.nc4j.core.metrics.NcMetric;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.examples.report.Json;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Npy;
import io.github.nc4j.linalg.io.NpyArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nc4j metrics}: the exact NC metrics of features saved as {@code .npy} by any framework.
 * The features are streamed in chunks (one pass, plus a second for NC4 when a classifier is
 * given), so memory does not grow with the number of samples.
 */
@Command(name = "metrics", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Exact neural-collapse metrics (NC1-NC4, docs/definitions.md §2) of features saved as .npy.",
            "Streams the features: memory does not grow with the number of samples."},
        footer = {"", "Exit status: 0 on success, 1 for bad input (the message says what), 2 for bad options.",
            "Example: nc4j metrics --features H.npy --labels y.npy --classifier W.npy --bias b.npy --json"})
final class MetricsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--features", required = true, paramLabel = "H.npy",
            description = "N x d features, one row per sample (float32, float64 or integer).")
    private Path features;

    @Option(names = "--labels", required = true, paramLabel = "y.npy",
            description = "N integer labels; K is the largest plus one and every class 0..K-1 must occur.")
    private Path labels;

    @Option(names = "--classifier", paramLabel = "W.npy",
            description = "K x d last-layer weights: adds NC2 of the classifier, NC3 and NC4.")
    private Path classifier;

    @Option(names = "--bias", paramLabel = "b.npy", description = "K classifier biases (needs --classifier).")
    private Path bias;

    /** The {@code --centering} values, as typed. */
    enum CenteringChoice {
        global(Centering.GLOBAL_MEAN), none(Centering.NONE);

        final Centering centering;

        CenteringChoice(Centering centering) {
            this.centering = centering;
        }
    }

    @Option(names = "--centering", paramLabel = "global|none", defaultValue = "global",
            description = "Class means for NC2-ETF, equinorm/angles and NC3: minus the global mean "
                    + "(global, default; models with a bias) or as they are (none; bias-free models).")
    private CenteringChoice centering;

    @Option(names = "--json", description = "Print one JSON object instead of a table.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            long start = System.nanoTime();
            NcReport report = compute(centering.centering);
            double seconds = (System.nanoTime() - start) * 1e-9;
            PrintWriter out = spec.commandLine().getOut();
            out.println(json ? toJson(report) : toTable(report, seconds));
            out.flush();
            return 0;
        } catch (NoSuchFileException e) {
            err.println("nc4j metrics: no such file: " + e.getFile());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            err.println("nc4j metrics: " + oneLine(e.getMessage()));
        }
        err.flush();
        return 1;
    }

    private NcReport compute(Centering centeringChoice) throws IOException {
        if (bias != null && classifier == null) {
            throw new BadInputException("--bias needs --classifier");
        }
        try (LabeledFeatureFiles files = LabeledFeatureFiles.open(features, labels)) {
            int k = files.numClasses();
            int d = files.dim();
            LinearClassifier w = classifier == null ? null : readClassifier(k, d);
            ClassStatistics stats = new ClassStatistics(k, d);
            try {
                files.forEachChunk(stats::accept);
            } catch (IllegalArgumentException e) {
                // shapes and labels are checked on opening: this is a NaN or infinite feature
                throw new BadInputException(features + ": " + e.getMessage());
            }
            if (w == null) {
                return NcMetrics.fromStatistics(stats, centeringChoice);
            }
            Nc4Counter nc4 = new Nc4Counter(stats.classMeans(), w);
            files.forEachChunk((rows, count, chunkLabels) -> nc4.accept(rows, count));
            return NcMetrics.fromStatistics(stats, centeringChoice, w, nc4);
        }
    }

    private LinearClassifier readClassifier(int k, int d) throws IOException {
        NpyArray weights = Npy.read(classifier);
        long[] shape = weights.shape();
        if (shape.length != 2 || shape[0] != k || shape[1] != d) {
            throw new BadInputException("shape mismatch: " + classifier + " is "
                    + weights.header().shapeText() + ", expected (" + k + ", " + d
                    + ") for " + k + " classes (labels) and " + d + " features");
        }
        Matrix w = weights.toMatrix();
        requireFinite(w.data(), classifier);
        if (bias == null) {
            return LinearClassifier.of(w);
        }
        NpyArray b = Npy.read(bias);
        if (b.shape().length != 1 || b.shape()[0] != k) {
            throw new BadInputException("shape mismatch: " + bias + " is " + b.header().shapeText()
                    + ", expected (" + k + ",), one bias per class");
        }
        double[] values = b.toDoubles();
        requireFinite(values, bias);
        return LinearClassifier.of(w, values);
    }

    private static void requireFinite(double[] values, Path file) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new BadInputException(file + ": element " + i + " is " + values[i]);
            }
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unexpected error" : message.replaceAll("\\s*\\R\\s*", " ");
    }

    // ---------------------------------------------------------------- output

    /**
     * The report as one JSON object: the metrics of {@link NcReport#values()} in
     * {@link NcMetric}'s order (those whose input is absent left out), then {@code num_classes},
     * {@code num_samples} and {@code dim}; non-finite values as null.
     */
    static String toJson(NcReport report) {
        Map<String, Object> out = new LinkedHashMap<>(report.values());
        out.put("num_classes", report.numClasses());
        out.put("num_samples", report.numSamples());
        out.put("dim", report.dim());
        return Json.format(out);
    }

    /**
     * The report as a table: a line per metric present, in {@link NcMetric}'s order, with its
     * name, value and description.
     */
    private String toTable(NcReport r, double seconds) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: %d samples x %d features, %d classes%n",
                features, r.numSamples(), r.dim(), r.numClasses()));
        sb.append("class means ").append(r.centering() == Centering.GLOBAL_MEAN
                ? "centered on the global mean (mu_k - h_G)" : "uncentered (mu_k)").append(
                        " for NC2-ETF, equinorm, angles and NC3\n\n");
        for (NcMetric metric : NcMetric.values()) {
            metric.value(r).ifPresent(v -> sb.append(String.format(Locale.ROOT,
                    "  %-24s %12s   %s%n", metric.column(), number(v), metric.description())));
        }
        sb.append(String.format(Locale.ROOT, "%n%s in %.2f s", classifier == null
                ? "one pass" : "two passes", seconds));
        return sb.toString();
    }

    /** A whole number as one (the rank, an exact 0), any other value to 6 significant digits. */
    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? Long.toString((long) v)
                : String.format(Locale.ROOT, "%.6g", v);
    }
}
