package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LinearClassifier;
import io.github.nc4j.core.metrics.NcMetric;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Npy;
import io.github.nc4j.linalg.io.NpyArray;
import io.github.nc4j.linalg.io.NpyDType;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code nc4j metrics} end to end: output keys and values, streaming equals in-memory, bad input. */
class MetricsCommandTest {

    @TempDir
    Path dir;

    private Matrix features;
    private int[] labels;
    private Matrix weights;
    private double[] bias;

    private record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Nc4jCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Float32 features of 5 classes in 6 dimensions, int64 labels, a classifier and a bias. */
    @BeforeEach
    void writeFiles() throws IOException {
        Random random = new Random(17);
        int n = 700;
        int k = 5;
        int d = 6;
        Matrix means = Matrix.gaussian(k, d, random).scaleInPlace(2);
        labels = new int[n];
        long[] longLabels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i < k ? i : random.nextInt(k);
            longLabels[i] = labels[i];
        }
        Matrix h = Matrix.generate(n, d, (i, j) -> means.get(labels[i], j) + random.nextGaussian() + 1);
        // What the command sees: float32, widened exactly.
        features = NpyArray.of(h, NpyDType.FLOAT32).toMatrix();
        weights = means.plus(Matrix.gaussian(k, d, random).scaleInPlace(0.8));
        bias = new double[] {0.1, -0.2, 0.05, 0.3, 0};
        Npy.write(dir.resolve("H.npy"), NpyArray.of(h, NpyDType.FLOAT32));
        Npy.write(dir.resolve("y.npy"), NpyArray.of(longLabels));
        Npy.write(dir.resolve("W.npy"), NpyArray.of(weights));
        Npy.write(dir.resolve("b.npy"), NpyArray.of(bias, NpyDType.FLOAT64));
    }

    private String path(String name) {
        return dir.resolve(name).toString();
    }

    /** The flat JSON object the command prints, as key to number (null kept as NaN). */
    private static Map<String, Double> parse(String json) {
        Map<String, Double> values = new LinkedHashMap<>();
        Matcher m = Pattern.compile("\"([a-z0-9_]+)\": (null|[-+0-9.eE]+)").matcher(json);
        while (m.find()) {
            values.put(m.group(1), m.group(2).equals("null") ? Double.NaN : Double.parseDouble(m.group(2)));
        }
        assertTrue(json.strip().startsWith("{") && json.strip().endsWith("}"), json);
        return values;
    }

    @Test
    void jsonHasExactlyTheDocumentedKeysAndTheInMemoryValues() {
        Run r = run("metrics", "--features", path("H.npy"), "--labels", path("y.npy"),
                "--classifier", path("W.npy"), "--bias", path("b.npy"), "--json");
        assertEquals(0, r.exit(), r.err());
        Map<String, Double> values = parse(r.out());
        assertEquals(List.of("nc1", "nc1_trace_ratio", "nc1_rank", "cdnv", "nc2_etf_means",
                "nc2_of_means", "orthogonality_means", "equinorm_means", "equiangularity_means",
                "max_angle_means", "nc2_etf_classifier", "nc2_of_classifier",
                "orthogonality_classifier", "nc3", "nc3_scaled_means", "nc4", "num_classes",
                "num_samples", "dim"), new ArrayList<>(values.keySet()));
        NcReport expected = NcMetrics.compute(features, labels, 5, Centering.GLOBAL_MEAN,
                LinearClassifier.of(weights, bias));
        for (Map.Entry<String, Double> e : expected.values().entrySet()) {
            // Streaming in chunks and in one batch differ only by rounding.
            assertEquals(e.getValue(), values.get(e.getKey()), 1e-12 * Math.max(1, Math.abs(e.getValue())), e.getKey());
        }
        assertEquals(5.0, values.get("num_classes"));
        assertEquals(700.0, values.get("num_samples"));
        assertEquals(6.0, values.get("dim"));
        assertTrue(values.get("nc4") > 0, "a classifier that disagrees sometimes, so NC4 is tested");
    }

    @Test
    void withoutAClassifierTheClassifierKeysAreLeftOut() {
        Run r = run("metrics", "--features", path("H.npy"), "--labels", path("y.npy"), "--json",
                "--centering", "none");
        assertEquals(0, r.exit(), r.err());
        Map<String, Double> values = parse(r.out());
        assertEquals(List.of("nc1", "nc1_trace_ratio", "nc1_rank", "cdnv", "nc2_etf_means",
                "nc2_of_means", "orthogonality_means", "equinorm_means", "equiangularity_means",
                "max_angle_means", "num_classes", "num_samples", "dim"),
                new ArrayList<>(values.keySet()));
        NcReport expected = NcMetrics.fromStatistics(
                io.github.nc4j.core.metrics.ClassStatistics.of(features, labels, 5), Centering.NONE);
        assertEquals(expected.nc2EtfMeans(), values.get("nc2_etf_means"), 1e-12);
    }

    @Test
    void theTableNamesEveryMetricAndTheCentering() {
        Run r = run("metrics", "--features", path("H.npy"), "--labels", path("y.npy"),
                "--classifier", path("W.npy"));
        assertEquals(0, r.exit(), r.err());
        // Every metric (a classifier gives them all), in NcMetric's order: name, value, description.
        List<String[]> lines = r.out().lines().filter(line -> line.startsWith("  "))
                .map(line -> line.strip().split(" +", 3)).toList();
        List<NcMetric> metrics = List.of(NcMetric.values());
        assertEquals(metrics.size(), lines.size(), r.out());
        for (int i = 0; i < metrics.size(); i++) {
            assertEquals(metrics.get(i).column(), lines.get(i)[0], r.out());
            assertEquals(metrics.get(i).description(), lines.get(i)[2], r.out());
        }
        assertEquals("4", lines.get(metrics.indexOf(NcMetric.NC1_RANK))[1], "a whole number");
        assertTrue(r.out().contains("centered on the global mean"), r.out());
        assertTrue(r.out().contains("700 samples x 6 features, 5 classes"), r.out());
    }

    private void assertBadInput(String messagePart, String... args) {
        Run r = run(args);
        assertEquals(1, r.exit(), "exit status for " + messagePart + "; stderr: " + r.err());
        assertEquals("", r.out());
        String message = r.err().strip();
        assertEquals(1, message.lines().count(), "one line: " + message);
        assertTrue(message.startsWith("nc4j metrics: ") && message.contains(messagePart), message);
    }

    @Test
    void badInputExitsWithOneLine() throws IOException {
        Npy.write(dir.resolve("short.npy"), NpyArray.of(new long[] {0, 1, 2}));
        assertBadInput("has 700 rows but", "metrics", "--features", path("H.npy"), "--labels", path("short.npy"));

        long[] negative = new long[700];
        negative[42] = -1;
        negative[1] = 1;
        Npy.write(dir.resolve("negative.npy"), NpyArray.of(negative));
        assertBadInput("sample 42 has label -1", "metrics", "--features", path("H.npy"), "--labels", path("negative.npy"));

        long[] gap = new long[700];
        for (int i = 0; i < 700; i++) {
            gap[i] = i % 2 == 0 ? 0 : 3;
        }
        Npy.write(dir.resolve("gap.npy"), NpyArray.of(gap));
        assertBadInput("class 1 has no samples", "metrics", "--features", path("H.npy"), "--labels", path("gap.npy"));

        Npy.write(dir.resolve("float.npy"), NpyArray.of(new double[700], NpyDType.FLOAT32));
        assertBadInput("1-D integer array", "metrics", "--features", path("H.npy"), "--labels", path("float.npy"));

        Matrix withNan = features.copy();
        withNan.set(321, 4, Double.NaN);
        Npy.write(dir.resolve("nan.npy"), NpyArray.of(withNan, NpyDType.FLOAT32));
        assertBadInput("nan.npy: sample 321, feature 4 is NaN", "metrics", "--features", path("nan.npy"), "--labels", path("y.npy"));

        Npy.write(dir.resolve("W3.npy"), NpyArray.of(Matrix.zeros(3, 6)));
        assertBadInput("W3.npy is (3, 6), expected (5, 6)", "metrics", "--features", path("H.npy"),
                "--labels", path("y.npy"), "--classifier", path("W3.npy"));
        assertBadInput("--bias needs --classifier", "metrics", "--features", path("H.npy"),
                "--labels", path("y.npy"), "--bias", path("b.npy"));
        Npy.write(dir.resolve("b4.npy"), NpyArray.of(new double[4], NpyDType.FLOAT64));
        assertBadInput("expected (5,)", "metrics", "--features", path("H.npy"), "--labels", path("y.npy"),
                "--classifier", path("W.npy"), "--bias", path("b4.npy"));

        byte[] bytes = Files.readAllBytes(dir.resolve("H.npy"));
        bytes[1] = 'X';
        Files.write(dir.resolve("broken.npy"), bytes);
        assertBadInput("byte 1: not a .npy file", "metrics", "--features", path("broken.npy"), "--labels", path("y.npy"));
        Files.write(dir.resolve("truncated.npy"), java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve("H.npy")), 5000));
        assertBadInput("needs 16800 data bytes, but the file holds 4872", "metrics", "--features",
                path("truncated.npy"), "--labels", path("y.npy"));
        assertBadInput("no such file", "metrics", "--features", path("missing.npy"), "--labels", path("y.npy"));
        Npy.write(dir.resolve("vector.npy"), NpyArray.of(new double[700], NpyDType.FLOAT32));
        assertBadInput("features must be 2-D", "metrics", "--features", path("vector.npy"), "--labels", path("y.npy"));
    }

    @Test
    void badOptionsExitWithStatusTwo() {
        Run r = run("metrics", "--features", path("H.npy"), "--labels", path("y.npy"), "--centering", "mean");
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("expected one of [global, none]"), r.err());
        assertEquals(2, run("metrics", "--labels", path("y.npy")).exit(), "--features is required");
    }

    @Test
    void helpListsTheMetricsCommand() {
        Run r = run("--help");
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("metrics"), r.out());
    }

    /** The command's JSON against nc-bench's NumPy reference, when python3 with NumPy is present. */
    @Test
    void agreesWithTheNumpyReferenceScript() throws Exception {
        Path script = Path.of("..", "nc-bench", "scripts", "nc_metrics_numpy.py");
        assumeTrue(Files.exists(script), "nc-bench/scripts/nc_metrics_numpy.py not found: skipping");
        Process probe;
        try {
            probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
        } catch (IOException e) {
            probe = null;
        }
        assumeTrue(probe != null && probe.waitFor(60, TimeUnit.SECONDS) && probe.exitValue() == 0,
                "python3 with numpy not found: skipping the NumPy reference comparison");
        Process p = new ProcessBuilder("python3", script.toString(), path("H.npy"), path("y.npy"),
                path("W.npy"), path("b.npy")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String numpyJson = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), numpyJson);
        Map<String, Double> numpy = parse(numpyJson);
        Map<String, Double> ours = parse(run("metrics", "--features", path("H.npy"), "--labels", path("y.npy"),
                "--classifier", path("W.npy"), "--bias", path("b.npy"), "--json").out());
        assertEquals(numpy.keySet(), ours.keySet());
        for (Map.Entry<String, Double> e : numpy.entrySet()) {
            assertEquals(e.getValue(), ours.get(e.getKey()), 1e-10 * Math.max(1, Math.abs(e.getValue())), e.getKey());
        }
    }
}
