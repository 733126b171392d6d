package io.github.nc4j.examples.report;

import io.github.nc4j.core.metrics.LayerMetric;
import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import io.github.nc4j.core.metrics.NcMetric;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.train.Trajectory;
import io.github.nc4j.examples.report.EpochLog.Epoch;
import io.github.nc4j.linalg.Matrix;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.IntStream;

/**
 * The results of {@code nc4j mlp}: {@code trajectory.csv} (one row per epoch), {@code metrics.json}
 * (configuration, final metrics per layer, accuracies, times), the plots and {@code summary.md}
 * with a plain description of what was observed.
 *
 * <p>Layers are numbered from 1 (the first hidden layer) to L (the last, whose features the
 * classifier reads), as in the trajectory's {@code layerL_...} columns.
 */
public final class MlpReport {

    /** NC1 of deep convolutional networks at the end of training (Papyan et al. 2020, Fig. 6). */
    static final double DEEP_NET_NC1 = 1e-2;

    /** The metrics of each hidden layer in metrics.json, before its DNC3. */
    private static final List<NcMetric> LAYER_METRICS = List.of(NcMetric.NC1,
            NcMetric.NC1_TRACE_RATIO, NcMetric.CDNV, NcMetric.NC2_ETF_MEANS, NcMetric.NC2_OF_MEANS,
            NcMetric.EQUINORM_MEANS, NcMetric.EQUIANGULARITY_MEANS);
    /** The metrics of each hidden layer in the summary's table, before its DNC3. */
    private static final List<NcMetric> LAYER_TABLE_METRICS = List.of(NcMetric.NC1,
            NcMetric.NC1_TRACE_RATIO, NcMetric.NC2_ETF_MEANS, NcMetric.EQUINORM_MEANS);
    /** NC1 at epoch 0, beside each layer's final metrics. */
    private static final String NC1_EPOCH0 = NcMetric.NC1.column() + "_epoch0";

    /**
     * Wall-clock seconds of the parts of a run.
     *
     * @param load       reading and preparing the data
     * @param training   the optimization alone (forward, backward, updates)
     * @param nc         the NC snapshots, once per epoch
     * @param evaluation loss and accuracy on the training and test sets, once per epoch
     */
    public record Timing(double load, double training, double nc, double evaluation) {
        public double total() {
            return load + training + nc + evaluation;
        }
    }

    private final List<Epoch> epochs;
    private final Trajectory trajectory;
    private final int[] widths;
    private final int numSamples;

    /**
     * @param epochs     one record per epoch from 0
     * @param trajectory the trainer's trajectory, one point per record
     * @param widths     the hidden widths
     * @param numSamples training samples per epoch
     */
    public MlpReport(List<Epoch> epochs, Trajectory trajectory, int[] widths, int numSamples) {
        if (epochs.size() != trajectory.size() || epochs.isEmpty()) {
            throw new IllegalArgumentException(epochs.size() + " epoch records for "
                    + trajectory.size() + " trajectory points");
        }
        this.epochs = List.copyOf(epochs);
        this.trajectory = trajectory;
        this.widths = widths.clone();
        this.numSamples = numSamples;
    }

    private int depth() {
        return widths.length;
    }

    private Epoch last() {
        return epochs.get(epochs.size() - 1);
    }

    private static LayerReport layer(Epoch e, int layer) {
        return e.point().nc().layers().get(layer - 1);
    }

    private double[] series(ToDoubleFunction<Epoch> value) {
        return epochs.stream().mapToDouble(value).toArray();
    }

    /** {@return training samples per second of optimization after the first epoch} */
    public double samplesPerSecond() {
        return samplesPerSecond(epochs, numSamples);
    }

    /**
     * Training samples per second of optimization after the first epoch, in which the JIT
     * compiles the step's code ({@link #firstEpochSeconds}): the rate a longer run keeps, and
     * the convention of {@code nc-bench/scripts/mlp_torch.py}, so that the two compare. A run of
     * one epoch has only that one to count.
     *
     * @param epochs     one record per epoch from 0, as {@link EpochLog} keeps them
     * @param numSamples training samples per epoch
     * @return samples per second, 0 for a run of no epochs
     */
    public static double samplesPerSecond(List<Epoch> epochs, int numSamples) {
        Epoch last = epochs.get(epochs.size() - 1);
        if (last.epoch() >= 2) {
            Epoch first = epochs.get(1);
            return (last.epoch() - first.epoch()) * (double) numSamples
                    / (last.trainingSeconds() - first.trainingSeconds());
        }
        return last.epoch() == 0 ? 0 : last.epoch() * (double) numSamples / last.trainingSeconds();
    }

    /** {@return seconds of optimization up to the end of the first epoch, JIT warm-up and all} */
    public double firstEpochSeconds() {
        return epochs.get(Math.min(1, epochs.size() - 1)).trainingSeconds();
    }

    // ---------------------------------------------------------------- files

    /** Writes every file into {@code out}, without a comparison with theory. */
    public void write(RunOutput out, Map<String, Object> config, Timing timing) throws IOException {
        write(out, config, timing, null);
    }

    /**
     * Writes every file into {@code out}; with {@code theory} (may be null), metrics.json gets
     * its {@code theory} object and the summary its table and lengths figure.
     */
    public void write(RunOutput out, Map<String, Object> config, Timing timing,
                      HeadTheory theory) throws IOException {
        out.writeTrajectory(table());
        Map<String, Object> metrics = metrics(config, timing);
        if (theory != null) {
            metrics.put("theory", theory.json());
        }
        out.writeMetrics(metrics);
        List<Figure> figures = plots(out);
        Summary summary = Summary.titled("MLP on Fashion-MNIST: neural collapse layer by layer")
                .paragraph(observations())
                .configuration(config)
                .metrics("Final metrics (epoch " + last().epoch() + ")", finalMetrics(timing))
                .table("NC per layer, body then head (first and last epoch)", layerTable());
        if (theory != null) {
            summary.paragraph("Theory for the same class sizes and decays: " + theory.closedForm()
                    + ".").textTable("The head against the unconstrained feature model",
                    List.of("quantity", "measured", "theory"), theory.rows());
            var chart = theory.lengthsChart();
            if (chart.isPresent()) {
                figures.add(out.writePlot("lengths", "Class-mean lengths of the body's last"
                        + " features against the closed form, each over its mean", chart.get()));
            }
        }
        figures.forEach(summary::figure);
        out.writeSummary(summary);
    }

    /**
     * The per-epoch table: {@code epoch, seconds, objective, train_loss, train_accuracy,
     * test_loss, test_accuracy, batch_objective, grad_norm} followed by the trajectory's
     * columns from {@code step} on ({@link Trajectory}: the last layer's metrics, then
     * {@code layerL_nc1, ...} per layer when there are several).
     */
    Table table() {
        List<String> trajectoryColumns = trajectory.columns();
        List<String> columns = new ArrayList<>(List.of("epoch", "seconds", "objective",
                "train_loss", "train_accuracy", "test_loss", "test_accuracy", "batch_objective",
                "grad_norm", "step"));
        // step, objective and grad_norm are already there (the latter two as batch_...).
        List<Integer> kept = IntStream.range(0, trajectoryColumns.size())
                .filter(j -> !Trajectory.TRAINING_COLUMNS.contains(trajectoryColumns.get(j)))
                .boxed().toList();
        kept.forEach(j -> columns.add(trajectoryColumns.get(j)));
        Table table = Table.withColumns(columns);
        Matrix values = trajectory.values();
        for (int i = 0; i < epochs.size(); i++) {
            Epoch e = epochs.get(i);
            Trajectory.Point p = e.point();
            double[] row = new double[columns.size()];
            double[] head = {e.epoch(), e.seconds(), e.objective(), e.train().loss(),
                e.train().accuracy(), e.test().loss(), e.test().accuracy(), p.objective(),
                p.gradientNorm(), p.step()};
            System.arraycopy(head, 0, row, 0, head.length);
            for (int c = 0; c < kept.size(); c++) {
                row[head.length + c] = values.get(i, kept.get(c));
            }
            table.addRow(row);
        }
        return table;
    }

    private Map<String, Object> metrics(Map<String, Object> config, Timing timing) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("command", "mlp");
        m.put("config", config);
        Epoch end = last();
        Map<String, Object> fin = new LinkedHashMap<>();
        fin.put("epoch", end.epoch());
        fin.put("objective", end.objective());
        fin.put("train_loss", end.train().loss());
        fin.put("train_accuracy", end.train().accuracy());
        fin.put("test_loss", end.test().loss());
        fin.put("test_accuracy", end.test().accuracy());
        fin.put("first_epoch_train_accuracy_1", firstPerfect().map(Epoch::epoch).orElse(null));
        List<Object> layers = new ArrayList<>();
        for (int l = 1; l <= depth(); l++) {
            layers.add(layerMetrics(l));
        }
        fin.put("layers", layers);
        fin.put("last_layer", end.point().nc().last().values());
        m.put("final", fin);
        Map<String, Object> time = new LinkedHashMap<>();
        time.put("load_seconds", timing.load());
        time.put("training_seconds", timing.training());
        time.put("nc_seconds", timing.nc());
        time.put("evaluation_seconds", timing.evaluation());
        time.put("total_seconds", timing.total());
        time.put("first_epoch_training_seconds", firstEpochSeconds());
        time.put("samples_per_second", samplesPerSecond());
        time.put("nc_seconds_per_epoch", timing.nc() / epochs.size());
        m.put("time", time);
        return m;
    }

    private Map<String, Object> layerMetrics(int l) {
        LayerReport end = layer(last(), l);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layer", l);
        m.put("width", widths[l - 1]);
        m.put(NC1_EPOCH0, layer(epochs.get(0), l).features().nc1());
        for (NcMetric metric : LAYER_METRICS) {
            m.put(metric.column(), metric.value(end.features()).orElse(Double.NaN));
        }
        m.put(LayerMetric.DNC3.metricName(), LayerMetric.DNC3.value(end).orElse(Double.NaN));
        return m;
    }

    private Map<String, Object> finalMetrics(Timing timing) {
        Epoch end = last();
        NcReport r = end.point().nc().last();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("training accuracy", end.train().accuracy());
        m.put("test accuracy", end.test().accuracy());
        m.put("training objective (loss + weight decay)", end.objective());
        m.put("test loss", end.test().loss());
        m.put("NC1, last layer", r.nc1());
        m.put("NC2 (means vs simplex ETF), last layer", r.nc2EtfMeans());
        m.put("NC2 (classifier vs simplex ETF)", r.nc2EtfClassifier().orElse(Double.NaN));
        m.put("NC3 (classifier vs means)", r.nc3().orElse(Double.NaN));
        m.put("NC4 (classifier vs nearest mean)", r.nc4().orElse(Double.NaN));
        m.put("wall time, s", timing.total());
        m.put("training throughput after the first epoch, samples/s", samplesPerSecond());
        m.put("NC measurement, s per epoch", timing.nc() / epochs.size());
        return m;
    }

    private Table layerTable() {
        List<String> columns = new ArrayList<>(List.of("layer", "width", NC1_EPOCH0));
        LAYER_TABLE_METRICS.forEach(metric -> columns.add(metric.column()));
        columns.add(LayerMetric.DNC3.metricName());
        Table t = Table.withColumns(columns);
        for (int l = 1; l <= depth(); l++) {
            LayerReport end = layer(last(), l);
            List<Double> row = new ArrayList<>(List.of((double) l, (double) widths[l - 1],
                    layer(epochs.get(0), l).features().nc1()));
            LAYER_TABLE_METRICS.forEach(m -> row.add(m.value(end.features()).orElse(Double.NaN)));
            row.add(LayerMetric.DNC3.value(end).orElse(Double.NaN));
            t.addRow(row.stream().mapToDouble(Double::doubleValue).toArray());
        }
        return t;
    }

    // ---------------------------------------------------------------- plots

    private List<Figure> plots(RunOutput out) throws IOException {
        double[] x = series(Epoch::epoch);
        List<Plots.Series> nc1 = new ArrayList<>();
        for (int l = 1; l <= depth(); l++) {
            int layer = l;
            nc1.add(new Plots.Series("layer " + l, x,
                    series(e -> layer(e, layer).features().nc1())));
        }
        List<Figure> figures = new ArrayList<>();
        figures.add(out.writePlot("nc1_layers", "NC1 of every hidden layer per epoch (log scale)",
                Plots.lines("NC1 per hidden layer", "epoch", "NC1", true, nc1)));
        figures.add(out.writePlot("accuracy", "Training and test accuracy per epoch",
                Plots.lines("Accuracy", "epoch", "accuracy", false, List.of(
                        new Plots.Series("train", x, series(e -> e.train().accuracy())),
                        new Plots.Series("test", x, series(e -> e.test().accuracy()))))));
        figures.add(out.writePlot("loss", "Training objective and test loss per epoch (log scale)",
                Plots.lines("Loss", "epoch", "loss", true, List.of(
                        new Plots.Series("training objective", x, series(Epoch::objective)),
                        new Plots.Series("test loss", x, series(e -> e.test().loss()))))));
        figures.add(out.writePlot("last_layer",
                "NC2, NC3 and NC4 of the last hidden layer per epoch (log scale; NC4 = 0 is not"
                        + " drawn)",
                Plots.lines("Last hidden layer", "epoch", "metric", true, List.of(
                        new Plots.Series("NC2 means (ETF)", x,
                                series(e -> e.point().nc().last().nc2EtfMeans())),
                        new Plots.Series("NC2 classifier (ETF)", x, series(e ->
                                e.point().nc().last().nc2EtfClassifier().orElse(Double.NaN))),
                        new Plots.Series("NC3", x,
                                series(e -> e.point().nc().last().nc3().orElse(Double.NaN))),
                        new Plots.Series("NC4", x,
                                series(e -> e.point().nc().last().nc4().orElse(Double.NaN)))))));
        return figures;
    }

    // ---------------------------------------------------------------- observations

    /** The first epoch at which every training sample was classified correctly. */
    Optional<Epoch> firstPerfect() {
        return epochs.stream().filter(e -> e.train().accuracy() == 1.0).findFirst();
    }

    /**
     * What the run shows, in plain sentences computed from the numbers: whether training
     * accuracy reached 100%, whether NC1 fell over training in each layer, how the last layer's
     * NC1 moved in the terminal phase (after the training set was first fitted) and where it was
     * smallest, whether it falls with depth at the end, and how the last layer compares with the
     * level of deep convolutional networks.
     */
    String observations() {
        Epoch first = epochs.get(0);
        Epoch end = last();
        StringBuilder text = new StringBuilder();
        Optional<Epoch> perfect = firstPerfect();
        if (perfect.isPresent()) {
            text.append(String.format(Locale.ROOT, "Training accuracy reached 100%% at epoch %d"
                    + " of %d and was %s at the end; test accuracy ended at %s. ",
                    perfect.get().epoch(), end.epoch(), percent(end.train().accuracy()),
                    percent(end.test().accuracy())));
        } else {
            text.append(String.format(Locale.ROOT, "Training accuracy did not reach 100%%: it"
                    + " ended at %s after %d epochs (test accuracy %s), so this run did not enter"
                    + " the terminal phase of training. ", percent(end.train().accuracy()),
                    end.epoch(), percent(end.test().accuracy())));
        }
        List<String> fell = new ArrayList<>();
        List<String> rose = new ArrayList<>();
        for (int l = 1; l <= depth(); l++) {
            double from = layer(first, l).features().nc1();
            double to = layer(end, l).features().nc1();
            String change = String.format(Locale.ROOT, "layer %d %s -> %s", l, g(from), g(to));
            (to < from ? fell : rose).add(change);
        }
        if (rose.isEmpty()) {
            text.append("NC1 fell over training in every hidden layer (epoch 0 -> ")
                    .append(end.epoch()).append(": ").append(String.join(", ", fell))
                    .append("). ");
        } else {
            text.append("NC1 did not fall over training in every layer: it rose in ")
                    .append(String.join(", ", rose))
                    .append(fell.isEmpty() ? "" : " and fell in " + String.join(", ", fell))
                    .append(". ");
        }
        double lastNc1 = end.point().nc().last().nc1();
        if (perfect.isPresent() && perfect.get() != end) {
            // Papyan et al.'s terminal phase: training on after the training set is fitted.
            double atFit = perfect.get().point().nc().last().nc1();
            text.append(String.format(Locale.ROOT, "In the terminal phase, from epoch %d to %d,"
                    + " the last layer's NC1 %s from %s to %s. ", perfect.get().epoch(),
                    end.epoch(), lastNc1 < atFit ? "fell" : "rose", g(atFit), g(lastNc1)));
        }
        Epoch best = epochs.stream().min((a, b) -> Double.compare(a.point().nc().last().nc1(),
                b.point().nc().last().nc1())).orElseThrow();
        if (best != end) {
            text.append(String.format(Locale.ROOT, "The last layer's NC1 was smallest at epoch %d"
                    + " (%s), not at the end. ", best.epoch(), g(best.point().nc().last().nc1())));
        }
        if (depth() > 1) {
            double[] byDepth = IntStream.rangeClosed(1, depth())
                    .mapToDouble(l -> layer(end, l).features().nc1()).toArray();
            boolean monotone = IntStream.range(1, byDepth.length)
                    .allMatch(i -> byDepth[i] < byDepth[i - 1]);
            String values = String.join(" > ", IntStream.range(0, byDepth.length)
                    .mapToObj(i -> g(byDepth[i])).toList());
            if (monotone) {
                text.append("At the end NC1 falls with depth, from layer to layer: ")
                        .append(values).append(" (layer 1 to ").append(depth()).append("). ");
            } else {
                text.append(String.format(Locale.ROOT, "At the end NC1 does not fall steadily"
                        + " with depth (layers 1 to %d: %s); the last layer is %s collapsed than"
                        + " the first. ", depth(), String.join(", ", IntStream.range(0,
                        byDepth.length).mapToObj(i -> g(byDepth[i])).toList()),
                        byDepth[byDepth.length - 1] < byDepth[0] ? "more" : "less"));
            }
        }
        text.append(String.format(Locale.ROOT, "The last hidden layer ends at NC1 = %s, %s the"
                + " %s that deep convolutional networks reach (Papyan et al. 2020). ", g(lastNc1),
                lastNc1 <= DEEP_NET_NC1 ? "at or below" : "above", g(DEEP_NET_NC1)));
        NcReport r = end.point().nc().last();
        text.append(String.format(Locale.ROOT, "Its other metrics at the end: NC2 of the class"
                + " means %s and of the classifier %s (distance to a simplex ETF, 0 at"
                + " collapse), NC3 %s (classifier vs class means), NC4 %s (share of training"
                + " samples where the classifier and the nearest class mean disagree).",
                g(r.nc2EtfMeans()), g(r.nc2EtfClassifier().orElse(Double.NaN)),
                g(r.nc3().orElse(Double.NaN)), g(r.nc4().orElse(Double.NaN))));
        return text.toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    private static String g(double v) {
        return String.format(Locale.ROOT, "%.3g", v);
    }
}
