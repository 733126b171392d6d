package io.github.nc4j.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler.LegendPosition;

/**
 * The figures of BENCHMARKS.md, drawn from the JMH JSON result files and the NumPy reference
 * scripts' JSON output in one results directory, one PNG per benchmark family:
 * <ul>
 *   <li>{@code gemm.png}: GFLOP/s of square {@code C = A B} against n, nc4j, OpenBLAS (NumPy),
 *       EJML and ojAlgo, one panel per thread count ({@code gemm.json} from
 *       {@code GemmBenchmark}, {@code gemm-numpy-T.json} from {@code gemm_numpy.py T});</li>
 *   <li>{@code svd.png} and {@code eigen.png}: milliseconds of the full decomposition against n,
 *       nc4j, LAPACK (NumPy), EJML and ojAlgo ({@code svd.json}, {@code eigen.json},
 *       {@code linalg-numpy-T.json} from {@code linalg_numpy.py --json --threads T});</li>
 *   <li>{@code model-steps.png}: nc4j's training steps per second over NumPy's, per setting and
 *       thread count ({@code models.json}, {@code ufm-numpy-T.json} from {@code ufm_numpy.py});</li>
 *   <li>{@code tape.png}: a deep UFM step recorded on the autodiff tape against the same step
 *       written by hand ({@code tape.json} from {@code TapeBenchmark});</li>
 *   <li>{@code lbfgs.png}: minimizing issue 17's deep linear UFM, nc4j's L-BFGS against SciPy's
 *       L-BFGS-B per seed ({@code lbfgs.json} from {@code LbfgsBenchmark},
 *       {@code lbfgs-scipy-1.json}, the last line of {@code ufm_lbfgs_scipy.py 1}).</li>
 * </ul>
 * A family whose files are missing (the reference's included, where the figure is a comparison
 * with it) is skipped with a note; {@code nc-bench/scripts/figures.sh}
 * runs it.
 */
public final class BenchmarkFigures {

    private static final int PANEL_WIDTH = 560;
    private static final int PANEL_HEIGHT = 420;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private BenchmarkFigures() {}

    /**
     * Writes the figures of the results directory {@code args[0]} into {@code args[1]}.
     *
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: BenchmarkFigures RESULTS_DIR OUTPUT_DIR");
            System.exit(2);
        }
        Path results = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        StringBuilder report = new StringBuilder("# nc4j benchmark report\n\nDrawn by `"
                + "nc-bench/scripts/figures.sh` from the result files in `" + results
                + "`. Where a peer is missing, its script was not run.\n");
        for (Map.Entry<String, Optional<Figure>> family : draw(results).entrySet()) {
            if (family.getValue().isEmpty()) {
                System.out.println("skipped " + family.getKey() + ": its result files are not in "
                        + results);
                continue;
            }
            Figure figure = family.getValue().get();
            Path file = out.resolve(family.getKey() + ".png");
            ImageIO.write(figure.image(), "png", file.toFile());
            report.append("\n## ").append(figure.title()).append("\n\n![").append(figure.title())
                    .append("](").append(file.getFileName()).append(")\n\n")
                    .append(figure.table());
            System.out.println("wrote " + file);
        }
        Path readme = out.resolve("README.md");
        Files.writeString(readme, report);
        System.out.println("wrote " + readme);
    }

    /**
     * One family's figure, its title and the numbers drawn, as a Markdown table.
     *
     * @param title the family, as a heading
     * @param image the figure
     * @param table the values behind it
     */
    record Figure(String title, BufferedImage image, String table) {
    }

    /** Every family's figure, by file name; empty where its result files are missing. */
    static Map<String, Optional<Figure>> draw(Path results) throws IOException {
        Map<String, Optional<Figure>> figures = new LinkedHashMap<>();
        figures.put("gemm", gemm(results));
        figures.put("svd", decomposition(results, "svd", "SVD (U, s, V)", "svd full"));
        figures.put("eigen", decomposition(results, "eigen",
                "Symmetric eigen-decomposition (values and vectors)", "eigh"));
        figures.put("model-steps", modelSteps(results));
        figures.put("tape", tape(results));
        figures.put("lbfgs", lbfgs(results));
        return figures;
    }

    /** GFLOP/s of square NN products against n, a panel per thread count. */
    static Optional<Figure> gemm(Path results) throws IOException {
        Path jmh = results.resolve("gemm.json");
        if (!Files.exists(jmh)) {
            return Optional.empty();
        }
        List<JmhResult> products = JmhResult.read(jmh).stream()
                .filter(r -> r.params().getOrDefault("layout", "NN").equals("NN")).toList();
        List<Chart<?, ?>> panels = new ArrayList<>();
        MarkdownTable table = sizeTable("GFLOP/s", "OpenBLAS");
        for (int threads : threadCounts(products)) {
            Map<String, Double> numpy = reference(results, "gemm-numpy-" + threads);
            Map<String, IntToDoubleFunction> ms = new LinkedHashMap<>();
            ms.put("nc4j", n -> score(products, "nc4j", n, threads));
            ms.put("OpenBLAS", n -> numpy.getOrDefault("NN " + n, Double.NaN));
            ms.put("EJML", n -> score(products, "ejml", n, threads));
            ms.put("ojAlgo", n -> score(products, "ojalgo", n, threads));
            Map<String, IntToDoubleFunction> gflops = new LinkedHashMap<>();
            ms.forEach((library, time) -> gflops.put(library,
                    n -> gflops(n, time.applyAsDouble(n))));
            panels.add(sizeChart("GEMM C = A B, " + threadLabel(threads), "GFLOP/s", false,
                    sizes(products, threads), gflops, table, threads));
        }
        return Optional.of(new Figure("GEMM: square C = A B, GFLOP/s", sideBySide(panels),
                table.toString()));
    }

    /** The rate of an n x n x n product that took {@code ms} milliseconds: 2 n^3 / time. */
    static double gflops(int n, double ms) {
        return 2.0 * n * n * n / (ms * 1e6);
    }

    /** Milliseconds of a full decomposition against n, a panel per thread count. */
    static Optional<Figure> decomposition(Path results, String name, String title,
            String numpyCase) throws IOException {
        Path jmh = results.resolve(name + ".json");
        if (!Files.exists(jmh)) {
            return Optional.empty();
        }
        List<JmhResult> runs = JmhResult.read(jmh);
        List<Chart<?, ?>> panels = new ArrayList<>();
        MarkdownTable table = sizeTable("ms", "LAPACK");
        for (int threads : threadCounts(runs)) {
            Map<String, Double> numpy = reference(results, "linalg-numpy-" + threads);
            Map<String, IntToDoubleFunction> ms = new LinkedHashMap<>();
            ms.put("nc4j", n -> score(runs, "nc4jFull", n, threads));
            ms.put("LAPACK", n -> numpy.getOrDefault(numpyCase + " " + n, Double.NaN));
            ms.put("EJML", n -> score(runs, "ejmlFull", n, threads));
            ms.put("ojAlgo", n -> score(runs, "ojAlgoFull", n, threads));
            panels.add(sizeChart(title + ", " + threadLabel(threads), "ms (log scale)", true,
                    sizes(runs, threads), ms, table, threads));
        }
        return Optional.of(new Figure(title + ", milliseconds", sideBySide(panels),
                table.toString()));
    }

    /** nc4j's steps per second over NumPy's, per setting, a bar per thread count. */
    static Optional<Figure> modelSteps(Path results) throws IOException {
        Path jmh = results.resolve("models.json");
        if (!Files.exists(jmh)) {
            return Optional.empty();
        }
        List<JmhResult> steps = JmhResult.read(jmh);
        Map<Integer, Map<String, Double>> numpyByThreads = new LinkedHashMap<>();
        for (int threads : threadCounts(steps)) {
            numpyByThreads.put(threads, reference(results, "ufm-numpy-" + threads));
        }
        if (numpyByThreads.values().stream().allMatch(Map::isEmpty)) {
            return Optional.empty(); // a ratio to NumPy needs NumPy
        }
        CategoryChart chart = barChart("UFM training steps: nc4j's speed over NumPy's"
                + " (1 = as fast)", "NumPy time / nc4j time");
        MarkdownTable table = new MarkdownTable(List.of("setting", "threads", "nc4j us/step",
                "NumPy us/step", "NumPy time / nc4j time"));
        for (int threads : threadCounts(steps)) {
            Map<String, Double> numpy = numpyByThreads.get(threads);
            List<String> settings = new ArrayList<>();
            List<Number> speedUps = new ArrayList<>();
            for (JmhResult r : steps) {
                if (r.intParam("threads") == threads) {
                    String setting = r.params().get("setting");
                    double numpyMicros = numpy.getOrDefault(setting, Double.NaN);
                    double speedUp = numpyMicros / r.score();
                    settings.add(setting);
                    speedUps.add(speedUp);
                    table.add(List.of(setting, threads, r.score(), numpyMicros, speedUp));
                }
            }
            chart.addSeries(threadLabel(threads), settings, speedUps);
        }
        return Optional.of(new Figure("UFM training steps against NumPy",
                BitmapEncoder.getBufferedImage(chart), table.toString()));
    }

    /** Milliseconds of one deep-UFM step recorded on the tape and written by hand. */
    static Optional<Figure> tape(Path results) throws IOException {
        Path jmh = results.resolve("tape.json");
        if (!Files.exists(jmh)) {
            return Optional.empty();
        }
        List<JmhResult> steps = JmhResult.read(jmh);
        List<String> labels = threadCounts(steps).stream().map(BenchmarkFigures::threadLabel)
                .toList();
        MarkdownTable table = new MarkdownTable(List.of("threads", "tape ms", "hand-written ms",
                "tape / hand-written"));
        CategoryChart chart = barChart("A deep UFM step (K = 10, d = 256, N = 1000): the tape"
                + " against the same step written by hand", "ms per step");
        Map<String, List<Number>> bars = new LinkedHashMap<>();
        for (String method : List.of("tape", "handWritten")) {
            bars.put(method, threadCounts(steps).stream()
                    .map(t -> (Number) score(steps, method, t)).toList());
        }
        chart.addSeries("recorded on the tape", labels, bars.get("tape"));
        chart.addSeries("written by hand", labels, bars.get("handWritten"));
        for (int i = 0; i < labels.size(); i++) {
            double tapeMs = bars.get("tape").get(i).doubleValue();
            double handMs = bars.get("handWritten").get(i).doubleValue();
            table.add(List.of(labels.get(i), tapeMs, handMs, tapeMs / handMs));
        }
        return Optional.of(new Figure("Autodiff tape overhead",
                BitmapEncoder.getBufferedImage(chart), table.toString()));
    }

    /** Milliseconds to minimize the deep linear UFM per seed: nc4j's L-BFGS and SciPy's. */
    static Optional<Figure> lbfgs(Path results) throws IOException {
        Path jmh = results.resolve("lbfgs.json");
        if (!Files.exists(jmh)) {
            return Optional.empty();
        }
        List<JmhResult> runs = JmhResult.read(jmh).stream()
                .filter(r -> r.method().equals("minimize")).toList();
        Map<String, Double> scipy = reference(results, "lbfgs-scipy-1", "ms");
        if (scipy.isEmpty()) {
            return Optional.empty(); // the comparison needs SciPy's side
        }
        CategoryChart chart = barChart("Minimizing the deep linear UFM of issue 17 to 1e-8:"
                + " L-BFGS, one thread", "ms per minimization");
        MarkdownTable table = new MarkdownTable(List.of("seed", "nc4j ms", "SciPy L-BFGS-B ms",
                "SciPy time / nc4j time"));
        List<String> seeds = new ArrayList<>();
        List<Number> nc4j = new ArrayList<>();
        List<Number> scipyMs = new ArrayList<>();
        for (JmhResult r : runs) {
            String seed = r.params().get("seed");
            double theirs = scipy.getOrDefault(seed, Double.NaN);
            seeds.add("seed " + seed);
            nc4j.add(r.score());
            scipyMs.add(theirs);
            table.add(List.of(seed, r.score(), theirs, theirs / r.score()));
        }
        chart.addSeries("nc4j", seeds, nc4j);
        chart.addSeries("SciPy L-BFGS-B", seeds, scipyMs);
        return Optional.of(new Figure("L-BFGS against SciPy's L-BFGS-B",
                BitmapEncoder.getBufferedImage(chart), table.toString()));
    }

    private static CategoryChart barChart(String title, String yTitle) {
        CategoryChart chart = new CategoryChartBuilder().width(2 * PANEL_WIDTH)
                .height(PANEL_HEIGHT).title(title).yAxisTitle(yTitle).build();
        chart.getStyler().setLegendPosition(LegendPosition.InsideNE);
        return chart;
    }

    /** The table of a family drawn against n: a row per thread count and size. */
    private static MarkdownTable sizeTable(String unit, String reference) {
        return new MarkdownTable(List.of("threads", "n", "nc4j " + unit, reference + " " + unit,
                "EJML " + unit, "ojAlgo " + unit));
    }

    /**
     * One line per library (left out where it has no finite value) against n; the values also
     * go into {@code table}, in the order of {@link #sizeTable}'s columns.
     */
    private static XYChart sizeChart(String title, String yTitle, boolean logY,
            List<Integer> sizes, Map<String, IntToDoubleFunction> libraries, MarkdownTable table,
            int threads) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("n (log scale)").yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(logY);
        chart.getStyler().setLegendPosition(logY ? LegendPosition.InsideNW
                : LegendPosition.InsideSE);
        double[] x = sizes.stream().mapToDouble(Integer::doubleValue).toArray();
        libraries.forEach((library, value) -> {
            double[] y = sizes.stream().mapToDouble(value::applyAsDouble).toArray();
            if (Arrays.stream(y).anyMatch(Double::isFinite)) {
                chart.addSeries(library, x, y);
            }
        });
        for (int n : sizes) {
            List<Object> row = new ArrayList<>(List.of(threadLabel(threads), n));
            libraries.values().forEach(value -> row.add(value.applyAsDouble(n)));
            table.add(row);
        }
        return chart;
    }

    private static double score(List<JmhResult> results, String method, int threads) {
        return results.stream().filter(r -> r.method().equals(method)
                        && r.intParam("threads") == threads)
                .mapToDouble(JmhResult::score).findFirst().orElse(Double.NaN);
    }

    private static double score(List<JmhResult> results, String method, int n, int threads) {
        return results.stream().filter(r -> r.method().equals(method)
                        && r.intParam("n") == n && r.intParam("threads") == threads)
                .mapToDouble(JmhResult::score).findFirst().orElse(Double.NaN);
    }

    /** The thread counts run, ascending, with 0 (every processor) last. */
    private static List<Integer> threadCounts(List<JmhResult> results) {
        return results.stream().map(r -> r.intParam("threads")).distinct()
                .sorted(Comparator.comparingInt(t -> t == 0 ? Integer.MAX_VALUE : t)).toList();
    }

    private static List<Integer> sizes(List<JmhResult> results, int threads) {
        return results.stream().filter(r -> r.intParam("threads") == threads)
                .map(r -> r.intParam("n")).distinct().sorted().toList();
    }

    private static String threadLabel(int threads) {
        return switch (threads) {
            case 0 -> "all processors";
            case 1 -> "1 thread";
            default -> threads + " threads";
        };
    }

    /** A NumPy script's {@code {"case": time}} output, or an empty map if it was not run. */
    static Map<String, Double> reference(Path results, String name) throws IOException {
        return reference(results, name, null);
    }

    /**
     * A reference script's output by case, or an empty map if it was not run: each case's
     * number, or with a {@code field} the number under that name in each case's object
     * ({@code {"1": {"ms": 51.2, ...}}}).
     */
    static Map<String, Double> reference(Path results, String name, String field)
            throws IOException {
        Path file = results.resolve(name + ".json");
        Map<String, Double> times = new LinkedHashMap<>();
        if (Files.exists(file)) {
            JsonElement root = JsonParser.parseString(Files.readString(file));
            root.getAsJsonObject().entrySet().forEach(e -> times.put(e.getKey(), field == null
                    ? e.getValue().getAsDouble()
                    : e.getValue().getAsJsonObject().get(field).getAsDouble()));
        }
        return times;
    }

    private static BufferedImage sideBySide(List<Chart<?, ?>> panels) {
        List<BufferedImage> images = panels.stream().map(BitmapEncoder::getBufferedImage).toList();
        int width = images.stream().mapToInt(BufferedImage::getWidth).sum();
        int height = images.stream().mapToInt(BufferedImage::getHeight).max().orElse(0);
        BufferedImage figure = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = figure.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        int x = 0;
        for (BufferedImage image : images) {
            g.drawImage(image, x, 0, null);
            x += image.getWidth();
        }
        g.dispose();
        return figure;
    }
}
