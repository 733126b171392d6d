package io.github.nc4j.examples.run;

import io.github.nc4j.core.check.Comparison;
import io.github.nc4j.core.check.Diagnosis;
import io.github.nc4j.core.check.TheoryCheck;
import io.github.nc4j.core.check.Verdict;
import io.github.nc4j.core.metrics.Centering;
import io.github.nc4j.core.metrics.LayerMetric;
import io.github.nc4j.core.metrics.NcMetric;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.train.LocalMinimumEscape;
import io.github.nc4j.core.train.Method;
import io.github.nc4j.core.train.ReluClassEscape;
import io.github.nc4j.core.train.StopReason;
import io.github.nc4j.core.train.Trainer;
import io.github.nc4j.core.train.TrainingConfig;
import io.github.nc4j.core.train.TrainingDivergedException;
import io.github.nc4j.core.train.TrainingListener;
import io.github.nc4j.core.train.TrainingResult;
import io.github.nc4j.core.train.Trajectory;
import io.github.nc4j.examples.report.Figure;
import io.github.nc4j.examples.report.Plots;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.examples.report.Summary;
import io.github.nc4j.examples.report.Table;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.NpyArray;
import io.github.nc4j.linalg.io.NpyDType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Trains one unconstrained feature model with progress and writes its run folder: the piece
 * that {@code nc4j train}, {@code nc4j reproduce} and {@code nc4j demo} share.
 *
 * <p>The folder holds
 * <ul>
 *   <li>{@code trajectory.csv}: the {@link Trajectory} columns, every {@code recordEvery}
 *       steps and at the end;</li>
 *   <li>{@code metrics.json}: {@code configuration}; {@code training} (steps, stop reason,
 *       seconds, steps per second, final objective and gradient norm, or the step where
 *       training diverged); {@code final}, the last layer's metrics at the final parameters
 *       under the column names of {@code trajectory.csv}; for models with several layers,
 *       {@code layers}, one object per layer with that layer's columns ({@code nc1},
 *       {@code nc2_etf}, ...); and {@code theory}: the verdict at 1% ({@code agrees},
 *       {@code disagrees} or {@code no-prediction}) and, where {@link TheoryCheck} has a closed
 *       form, its name, the diagnosis, every comparison (learned, predicted, relative error)
 *       and the findings;</li>
 *   <li>the learned parameters: {@code H.npy} (N x d, rows ordered by class),
 *       {@code labels.npy} (int32), {@code W1.npy} .. {@code WM.npy} and {@code b.npy} when the
 *       model has a bias;</li>
 *   <li>plots, PNG and SVG: {@code nc_metrics} (last-layer NC metrics against the step, log
 *       scale), {@code nc1_per_layer} (deep models: one line per layer) and {@code theory}
 *       (learned against predicted lengths, singular values or margins, when the closed form
 *       predicts them);</li>
 *   <li>{@code summary.md}: all of the above in words, with the figures.</li>
 * </ul>
 * A run that diverges still writes what was recorded before the divergence (trajectory,
 * metrics, plots, summary), but no parameters, which are no longer finite.
 */
public final class UfmRun {

    /**
     * The verdict's tolerance for the papers' dynamics ({@code nc4j reproduce}): gradient
     * descent for the papers' step counts gets within 1% of the closed forms, not to round-off.
     */
    public static final double DYNAMICS_TOLERANCE = 0.01;

    /**
     * The verdict's default tolerance for {@code nc4j train}, whose default L-BFGS run stops at
     * a gradient norm of 1e-12 times the objective and meets the closed forms to about 1e-10
     * relative; 1e-6 leaves room for ill-conditioned settings while still telling a converged
     * run from one stopped short.
     */
    public static final double CONVERGED_TOLERANCE = 1e-6;

    /**
     * How many times a run may escape and train again: training from an escape can stop at
     * another local minimum (a dropped class pulled back to its positive one), which the next
     * round handles.
     */
    private static final int ESCAPE_ROUNDS = 3;

    /**
     * The {@link TheoryCheck} quantities drawn as learned-vs-predicted bars: class-mean lengths,
     * singular values and margins. The others (objective, distances predicted to be 0) are on
     * other scales and stay in the table.
     */
    private static final List<String> BAR_QUANTITIES = List.of("||mu_", "sigma_", "m_",
            "margin_");

    private UfmRun() {
    }

    /**
     * What a run produced.
     *
     * @param title      the run's heading
     * @param directory  its folder
     * @param model      the model, holding the trained parameters
     * @param training   how it was trained
     * @param tolerance  the relative error within which a learned quantity agrees with theory
     * @param result     the training result; empty if training diverged
     * @param divergence the divergence; empty if training finished
     * @param theory     the comparison with the closed form, for a finished run that has one
     * @param escape     what the escape from a local minimum did
     *                     ({@link LocalMinimumEscape.Escape#NONE} when it did nothing or did not
     *                     run)
     * @param figures    the plots written, in the order of the summary
     */
    public record Outcome(String title, Path directory, FeatureModel model,
                          TrainingConfig training, double tolerance,
                          Optional<TrainingResult> result,
                          Optional<TrainingDivergedException> divergence,
                          Optional<TheoryCheck> theory, LocalMinimumEscape.Escape escape,
                          List<Figure> figures) {

        /** Keeps an unmodifiable copy of the figures. */
        public Outcome {
            figures = List.copyOf(figures);
        }

        /** What the escape did, as a sentence; empty when it did nothing. */
        public String escapeNote() {
            if (escape.isEmpty()) {
                return "";
            }
            List<String> lost = new ArrayList<>();
            if (!escape.classes().isEmpty()) {
                lost.add(classes(escape.classes()));
            }
            int directions = escape.directions();
            if (directions > 0) {
                lost.add(directions + (directions == 1 ? " direction" : " directions")
                        + " in class space mixing classes of equal size (the class means spanned"
                        + " too few dimensions)");
            }
            List<String> sentences = new ArrayList<>();
            if (!escape.dropped().isEmpty()) {
                sentences.add("training first stopped at a local minimum that keeps "
                        + classes(escape.dropped()) + ", which the optimum loses (p = 0 is lower"
                        + " for them); their features and their paths through the layers were"
                        + " set to 0");
            }
            String each = escape.classes().size() + directions == 1 ? "; it was" : "; each was";
            if (!lost.isEmpty() && model.config().architecture() == Architecture.RELU_UFM) {
                sentences.add("training first stopped at a local minimum with every feature of "
                        + String.join(" and ", lost) + " clipped to 0 (H >= 0), which the optimum"
                        + " keeps" + each + " given a feature coordinate of its own, the one the"
                        + " other classes used least, at logit margin 1 with balanced weight"
                        + " decays");
            } else if (!lost.isEmpty()) {
                sentences.add((sentences.isEmpty() ? "training first stopped" : "it also stopped")
                        + " at the local minimum p = 0 of " + String.join(" and ", lost) + each
                        + " re-seeded along fresh directions orthogonal to the other classes, at"
                        + " gain 1 with balanced weight decays");
            }
            return capitalized(String.join("; ", sentences)) + ", and training ran again with"
                    + " the same settings.";
        }

        private static String classes(List<Integer> classes) {
            return "class" + (classes.size() == 1 ? " " : "es ") + classes.stream()
                    .map(String::valueOf).collect(Collectors.joining(", "));
        }

        /** Whether training stopped at a non-finite objective. */
        public boolean diverged() {
            return divergence.isPresent();
        }

        /**
         * The verdict at the tolerance: that of the {@link TheoryCheck}; for a run that
         * diverged, "disagrees" where theory predicts values and "no prediction" where it does
         * not; "no prediction" where no closed form applies.
         */
        public Verdict theoryVerdict() {
            if (diverged()) {
                return TheoryCheck.predicts(model.config()) ? Verdict.DISAGREES
                        : Verdict.NO_PREDICTION;
            }
            return theory.map(t -> t.verdict(tolerance)).orElse(Verdict.NO_PREDICTION);
        }

        /** Whether the verdict is "agrees" (never without a prediction). */
        public boolean agreesWithTheory() {
            return theoryVerdict() == Verdict.AGREES;
        }

        /** Why the run does or does not agree, for a finished run with a closed form. */
        public Optional<Diagnosis> diagnosis() {
            return theory.map(t -> t.diagnosis(tolerance));
        }

        /** The one-sentence verdict: divergence, agreement with theory, or no closed form. */
        public String verdict() {
            if (diverged()) {
                return divergence.get().getMessage() + ".";
            }
            return theory.map(t -> Comparison.verdict(t.comparisons(), tolerance))
                    .orElse("No closed form applies to this configuration (see docs/definitions.md §5.1).");
        }

        /**
         * A few lines for the terminal: steps and time, the last layer's main metrics, the
         * verdict and findings, where the results are.
         */
        public String report() {
            StringBuilder s = new StringBuilder(title).append(": ");
            if (diverged()) {
                return s.append(verdict()).append("\n  what was recorded is in ")
                        .append(directory).append('\n').toString();
            }
            TrainingResult r = result.orElseThrow();
            s.append(String.format(Locale.ROOT, "%d steps in %.1f s (%.0f steps/s), objective"
                    + " %.7g%n", r.steps(), r.seconds(), stepsPerSecond(r), r.objective()));
            NcReport nc = r.finalMetrics().last();
            boolean centered = model.centering() == Centering.GLOBAL_MEAN;
            s.append("  NC1 ").append(number(nc.nc1())).append(", NC2 ")
                    .append(number(centered ? nc.nc2EtfMeans() : nc.orthogonalityMeans()))
                    .append(centered ? " (simplex ETF of the means)"
                            : " (off-diagonal mass of the means' Gram)")
                    .append(", NC3 ").append(nc.nc3().isPresent()
                            ? number(nc.nc3().getAsDouble()) : "-").append('\n');
            if (!escape.isEmpty()) {
                s.append("  ").append(escapeNote()).append('\n');
            }
            s.append("  ").append(verdict()).append('\n');
            diagnosis().filter(d -> !d.explanation().isEmpty())
                    .ifPresent(d -> s.append("  ").append(capitalized(d.explanation()))
                            .append(".\n"));
            theory.ifPresent(t -> t.findings().forEach(f -> s.append("  * ").append(f)
                    .append('\n')));
            return s.append("  results in ").append(directory).append('\n').toString();
        }
    }

    /**
     * Builds the model of {@code config}, trains it as {@code training} says while showing
     * progress, and writes the run folder {@code directory} (created if missing), with the
     * verdict at {@link #DYNAMICS_TOLERANCE} and no escape from the local minimum p = 0: the
     * papers' dynamics as they are.
     *
     * @param title       heading of the summary and of the terminal report
     * @param description a paragraph for the summary (what the run shows); may be empty
     * @param progress    how to show progress, labeled with the folder's name
     *                    ({@link Progress.Mode#QUIET} for none)
     * @throws IOException if a file cannot be written
     */
    public static Outcome train(String title, String description, UfmConfig config,
                                TrainingConfig training, Path directory, Progress.Mode progress)
            throws IOException {
        return train(title, description, config, training, directory, progress, false,
                DYNAMICS_TOLERANCE);
    }

    /**
     * As {@link #train(String, String, UfmConfig, TrainingConfig, Path, Progress.Mode)}; with
     * {@code escape}, a bias-free deep linear MSE run that ends at a local minimum that is not
     * global, with classes (or directions in class space mixing classes of equal size) at
     * p = 0 that the optimum keeps, or classes kept that the optimum loses, has them re-seeded
     * or set to zero ({@link LocalMinimumEscape#escape}) and is trained again with the same
     * settings, once; the trajectory then holds both parts, the second numbered on. The verdict
     * is at {@code tolerance}.
     */
    public static Outcome train(String title, String description, UfmConfig config,
                                TrainingConfig training, Path directory, Progress.Mode progress,
                                boolean escape, double tolerance) throws IOException {
        FeatureModel model = FeatureModel.of(config);
        TrainingResult result = null;
        TrainingDivergedException divergence = null;
        LocalMinimumEscape.Escape escaped = LocalMinimumEscape.Escape.NONE;
        // The folder's name (the run's name in a reproduction) keeps the progress line short
        // enough for the objective and NC1 to fit.
        String task = String.valueOf(directory.toAbsolutePath().normalize().getFileName());
        try {
            result = trainShowingProgress(model, training, task, progress);
            for (int round = 0; escape && round < ESCAPE_ROUNDS; round++) {
                LocalMinimumEscape.Escape found = escapeOnce(model, config);
                if (found.isEmpty()) {
                    break;
                }
                escaped = escaped.and(found);
                result = continued(result, trainShowingProgress(model, training,
                        task + " (escaped)", progress));
            }
        } catch (TrainingDivergedException e) {
            divergence = e;
        }
        Trajectory trajectory = result != null ? result.trajectory() : divergence.trajectory();
        Optional<TheoryCheck> theory = result != null ? TheoryCheck.of(model) : Optional.empty();

        RunOutput out = RunOutput.at(directory);
        Table table = asTable(trajectory);
        out.writeTrajectory(table);
        if (result != null) {
            writeParameters(out, model);
        }
        List<Figure> figures = plot(out, table, model, theory);
        Outcome outcome = new Outcome(title, out.directory(), model, training, tolerance,
                Optional.ofNullable(result), Optional.ofNullable(divergence), theory, escaped,
                figures);
        out.writeMetrics(metrics(outcome, table));
        out.writeSummary(summary(outcome, description, table));
        return outcome;
    }

    private static TrainingResult trainShowingProgress(FeatureModel model,
                                                       TrainingConfig training, String task,
                                                       Progress.Mode progress) {
        try (ProgressListener listener = new ProgressListener(
                Progress.start(task, training.maxSteps(), "steps", progress))) {
            return Trainer.train(model, training, listener);
        }
    }

    /** {@code first} followed by {@code second}, whose steps are numbered on after it. */
    /**
     * What the escape does for {@code model}'s configuration, in place: {@link LocalMinimumEscape}
     * for the bias-free deep linear MSE model, {@link ReluClassEscape} for the ReLU UFM with
     * cross-entropy, nothing otherwise.
     */
    private static LocalMinimumEscape.Escape escapeOnce(FeatureModel model, UfmConfig config) {
        if (LocalMinimumEscape.appliesTo(config)) {
            return LocalMinimumEscape.escape(model, config.seed());
        }
        if (ReluClassEscape.appliesTo(config)) {
            return new LocalMinimumEscape.Escape(ReluClassEscape.reseed(model), 0, List.of());
        }
        return LocalMinimumEscape.Escape.NONE;
    }

    private static TrainingResult continued(TrainingResult first, TrainingResult second) {
        Trajectory both = new Trajectory();
        first.trajectory().points().forEach(both::add);
        long offset = first.steps() + 1;
        second.trajectory().points().forEach(p -> both.add(new Trajectory.Point(
                p.step() + offset, p.objective(), p.gradientNorm(), p.nc())));
        return new TrainingResult(offset + second.steps(), second.reason(), second.objective(),
                second.gradientNorm(), both, first.seconds() + second.seconds());
    }

    /**
     * A one-line description of a configuration, e.g.
     * "deep-linear, MSE, no bias, K = 4, N = 370, d = 64, M = 2".
     */
    public static String describe(UfmConfig c) {
        return String.format(Locale.ROOT, "%s, %s, %s, K = %d, N = %d, d = %d%s",
                c.architecture().cliName(), c.loss().shortName().toUpperCase(Locale.ROOT),
                c.bias() ? "bias" : "no bias", c.numClasses(), c.numSamples(), c.dim(),
                c.depth() > 1 ? ", M = " + c.depth() : "");
    }

    // ---------------------------------------------------------------- files

    private static void writeParameters(RunOutput out, FeatureModel model) throws IOException {
        out.writeNpy("H.npy", NpyArray.of(model.features()));
        out.writeNpy("labels.npy", NpyArray.of(model.labels()));
        for (int l = 1; l <= model.depth(); l++) {
            out.writeNpy("W" + l + ".npy", NpyArray.of(model.weight(l)));
        }
        if (model.bias().isPresent()) {
            out.writeNpy("b.npy", NpyArray.of(model.bias().get(), NpyDType.FLOAT64));
        }
    }

    private static Table asTable(Trajectory trajectory) {
        Table table = Table.withColumns(trajectory.columns());
        Matrix values = trajectory.values();
        for (int i = 0; i < values.rows(); i++) {
            table.addRow(values.row(i).data());
        }
        return table;
    }

    // ---------------------------------------------------------------- plots

    private static List<Figure> plot(RunOutput out, Table table, FeatureModel model,
                                     Optional<TheoryCheck> theory) throws IOException {
        List<Figure> figures = new ArrayList<>();
        if (table.rowCount() == 0) {
            return figures;
        }
        // The NC2 that theory drives to 0: the simplex ETF with a bias (centered means), the
        // orthogonality of the uncentered means without one (their lengths may differ).
        List<String> metrics = (model.centering() == Centering.GLOBAL_MEAN
                ? List.of(NcMetric.NC1, NcMetric.NC2_ETF_MEANS, NcMetric.NC2_ETF_CLASSIFIER,
                        NcMetric.NC3)
                : List.of(NcMetric.NC1, NcMetric.ORTHOGONALITY_MEANS,
                        NcMetric.ORTHOGONALITY_CLASSIFIER, NcMetric.NC3))
                .stream().map(NcMetric::column).toList();
        figures.add(out.writePlot("nc_metrics", "Last-layer NC metrics during training (log"
                + " scale)", Plots.lines(table, "step", metrics, "Neural collapse",
                "metric", true)));
        if (model.depth() > 1) {
            List<String> perLayer = new ArrayList<>();
            for (int l = 1; l <= model.depth(); l++) {
                perLayer.add(LayerMetric.NC1.column(l));
            }
            figures.add(out.writePlot("nc1_per_layer", "NC1 of the features entering each layer"
                    + " (log scale)", Plots.lines(table, "step", perLayer, "NC1 per layer", "NC1",
                    true)));
        }
        List<Comparison> bars = theory.map(t -> t.comparisons().stream()
                .filter(c -> BAR_QUANTITIES.stream().anyMatch(c.quantity()::startsWith))
                .toList()).orElse(List.of());
        if (!bars.isEmpty()) {
            figures.add(out.writePlot("theory", "Learned against predicted (closed form)",
                    Plots.comparison("Learned vs closed form", "value",
                            bars.stream().map(Comparison::quantity).toList(),
                            bars.stream().mapToDouble(Comparison::learned).toArray(),
                            bars.stream().mapToDouble(Comparison::predicted).toArray(), false)));
        }
        return figures;
    }

    // ---------------------------------------------------------------- metrics.json

    /** The model and training settings under snake_case names, as in metrics.json. */
    public static Map<String, Object> configuration(UfmConfig c, TrainingConfig t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.architecture().cliName());
        m.put("loss", c.loss().shortName());
        m.put("bias", c.bias());
        m.put("num_classes", c.numClasses());
        m.put("class_sizes", c.classSizes());
        m.put("dim", c.dim());
        m.put("depth", c.depth());
        m.put("lambda_w", c.lambdaW());
        m.put("lambda_h", c.lambdaH());
        if (c.bias()) {
            m.put("lambda_b", c.lambdaB());
        }
        m.put("init_scale", c.initScale());
        m.put("seed", c.seed());
        m.put("optimizer", t.method().cliName());
        m.put("learning_rate", t.learningRate());
        if (t.method() == Method.SGD) {
            m.put("momentum", t.momentum());
        }
        m.put("cosine_schedule", t.cosineSchedule());
        m.put("batch_size", t.batchSize());
        m.put("max_steps", t.maxSteps());
        m.put("record_every", t.recordEvery());
        return m;
    }

    private static Map<String, Object> metrics(Outcome o, Table table) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("title", o.title());
        m.put("configuration", configuration(o.model().config(), o.training()));
        m.put("training", training(o));
        if (o.result().isPresent()) {
            m.put("final", lastLayer(table));
            List<Map<String, Double>> layers = layers(table);
            if (!layers.isEmpty()) {
                m.put("layers", layers);
            }
        }
        m.put("theory", theory(o));
        return m;
    }

    /**
     * The {@code theory} object of metrics.json, present for every run: the verdict
     * ({@code agrees}, {@code disagrees} or {@code no-prediction}) and {@code agrees}, true for
     * the first only; with a closed form, its name, the diagnosis, the convergence measure, the
     * comparisons and the findings.
     */
    private static Map<String, Object> theory(Outcome o) {
        Map<String, Object> theory = new LinkedHashMap<>();
        o.theory().ifPresent(t -> theory.put("name", t.theory()));
        theory.put("tolerance", o.tolerance());
        Verdict verdict = o.theoryVerdict();
        theory.put("verdict", verdict.label());
        theory.put("agrees", verdict == Verdict.AGREES);
        theory.put("statement", o.verdict());
        o.diagnosis().ifPresent(d -> {
            theory.put("diagnosis", d.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            theory.put("explanation", d.explanation());
        });
        o.theory().ifPresent(t -> {
            theory.put("converged", t.converged(o.tolerance()));
            theory.put("projected_grad_norm", t.gradientNorm());
            theory.put("comparisons", t.comparisons().stream().map(Comparison::toMap).toList());
            theory.put("findings", t.findings());
        });
        return theory;
    }

    /** {@code text} with its first letter upper-case. */
    private static String capitalized(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }

    private static Map<String, Object> training(Outcome o) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (o.diverged()) {
            TrainingDivergedException e = o.divergence().get();
            m.put("diverged_at_step", e.step());
            m.put("objective", e.objective());
            m.put("message", e.getMessage());
            return m;
        }
        TrainingResult r = o.result().orElseThrow();
        m.put("steps", r.steps());
        m.put("stop_reason", r.reason().name().toLowerCase(Locale.ROOT));
        // a stopping rule on the gradient, or L-BFGS at round-off, rather than the step budget
        m.put("converged", r.reason() == StopReason.GRADIENT_NORM
                || r.reason() == StopReason.NO_DESCENT);
        LocalMinimumEscape.Escape escape = o.escape();
        if (!escape.isEmpty()) {
            m.put("reseeded_classes", escape.classes());
            if (escape.directions() > 0) {
                m.put("reseeded_directions", escape.directions());
            }
            if (!escape.dropped().isEmpty()) {
                m.put("dropped_classes", escape.dropped());
            }
            m.put("escape", o.escapeNote());
        }
        m.put("seconds", r.seconds());
        m.put("steps_per_second", stepsPerSecond(r));
        m.put("objective", r.objective());
        m.put("grad_norm", r.gradientNorm());
        return m;
    }

    /** Three significant digits, and an exact 0 as "0" rather than "0.00". */
    private static String number(double v) {
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.3g", v);
    }

    private static double stepsPerSecond(TrainingResult r) {
        return r.seconds() > 0 ? r.steps() / r.seconds() : Double.NaN;
    }

    /** The last row's last-layer columns (those that are neither training nor per-layer). */
    private static Map<String, Double> lastLayer(Table table) {
        Map<String, Double> m = new LinkedHashMap<>();
        double[] last = table.lastRow();
        List<String> columns = table.columns();
        for (int j = 0; j < last.length; j++) {
            String name = columns.get(j);
            if (!Trajectory.TRAINING_COLUMNS.contains(name)
                    && LayerMetric.parseColumn(name).isEmpty()) {
                m.put(name, last[j]);
            }
        }
        return m;
    }

    /** The last row's per-layer columns, grouped by layer (empty for one-layer models). */
    private static List<Map<String, Double>> layers(Table table) {
        Map<Integer, Map<String, Double>> byLayer = new TreeMap<>();
        double[] last = table.lastRow();
        List<String> columns = table.columns();
        for (int j = 0; j < last.length; j++) {
            double value = last[j];
            LayerMetric.parseColumn(columns.get(j)).ifPresent(c -> byLayer.computeIfAbsent(
                    c.layer(), l -> {
                        Map<String, Double> values = new LinkedHashMap<>();
                        values.put("layer", (double) l);
                        return values;
                    }).put(c.metric().metricName(), value));
        }
        return List.copyOf(byLayer.values());
    }

    // ---------------------------------------------------------------- summary.md

    private static Summary summary(Outcome o, String description, Table table) {
        Summary s = Summary.titled(o.title());
        if (!description.isEmpty()) {
            s.paragraph(description);
        }
        s.configuration(configuration(o.model().config(), o.training()));
        if (!o.escapeNote().isEmpty()) {
            s.paragraph(o.escapeNote());
        }
        Map<String, Object> training = training(o);
        s.metrics("Training", training);
        if (o.result().isPresent()) {
            Map<String, Double> finite = new LinkedHashMap<>();
            // Metrics the model lacks (NaN) are left out here; metrics.json keeps them as null.
            lastLayer(table).forEach((name, v) -> {
                if (Double.isFinite(v)) {
                    finite.put(name, v);
                }
            });
            s.metrics("Final metrics (last layer)", finite);
            List<Map<String, Double>> layers = layers(table);
            if (!layers.isEmpty()) {
                Table perLayer = Table.withColumns(List.copyOf(layers.get(0).keySet()));
                layers.forEach(l -> perLayer.addRow(l.values().stream()
                        .mapToDouble(Double::doubleValue).toArray()));
                s.table("Deep neural collapse (final, per layer)", perLayer);
            }
        } else {
            s.paragraph("**" + o.verdict() + "** The trajectory holds the points recorded before"
                    + " the divergence; no parameters were written.");
        }
        o.theory().ifPresent(t -> {
            s.theoryComparison(t.comparisons(), o.tolerance());
            o.diagnosis().filter(d -> !d.explanation().isEmpty())
                    .ifPresent(d -> s.paragraph(capitalized(d.explanation()) + "."));
            s.paragraph("Closed form: " + t.theory() + ".");
            if (!t.findings().isEmpty()) {
                s.paragraph(String.join("\n", t.findings().stream().map(f -> "- " + f)
                        .toList()));
            }
        });
        if (o.result().isPresent() && o.theory().isEmpty()) {
            s.paragraph(o.verdict());
        }
        o.figures().forEach(s::figure);
        return s;
    }

    // ---------------------------------------------------------------- progress

    /**
     * Shows steps, ETA, the objective and the last recorded NC1 on a {@link Progress}. A step is
     * shown at the next call, so that a recorded step (the trainer calls {@code onStep}, then
     * {@code onRecord}) is shown with its own NC1: the last line is the trajectory's last point.
     */
    private static final class ProgressListener implements TrainingListener, AutoCloseable {
        private final Progress progress;
        private double nc1 = Double.NaN;
        private long pendingStep = -1;
        private double pendingObjective;

        ProgressListener(Progress progress) {
            this.progress = progress;
        }

        @Override
        public void onStep(long step, double objective, double gradientNorm) {
            show();
            pendingStep = step;
            pendingObjective = objective;
        }

        @Override
        public void onRecord(Trajectory.Point point) {
            nc1 = point.nc().last().nc1();
            show();
        }

        private void show() {
            if (pendingStep < 0) {
                return;
            }
            // NC1 is known from the first recorded point on; before it, show the objective only.
            if (Double.isNaN(nc1)) {
                progress.update(pendingStep, Progress.value("objective", pendingObjective));
            } else {
                progress.update(pendingStep, Progress.value("objective", pendingObjective),
                        Progress.value("NC1", nc1));
            }
            pendingStep = -1;
        }

        @Override
        public void close() {
            show();
            progress.close();
        }
    }
}
