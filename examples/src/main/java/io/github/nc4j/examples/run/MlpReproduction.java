package io.github.nc4j.examples.run;

import io.github.nc4j.examples.report.EpochLog;
import io.github.nc4j.examples.report.HeadTheory;
import io.github.nc4j.examples.report.MlpReport;
import io.github.nc4j.examples.report.Plots;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.examples.report.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * Runs an {@link MlpExperiment}: every run as {@code nc4j mlp} into its own subfolder, then every
 * claim's criterion on the trained network, and a top-level {@code summary.md} that states claim
 * by claim whether the network showed it (yes, partly, no), with the numbers, the speed
 * (training samples per second, the share of the run spent measuring NC) and the figures: NC1
 * of every layer per epoch, and the class-mean lengths against the closed form.
 */
public final class MlpReproduction {

    private MlpReproduction() {
    }

    /**
     * One claim's result in one run.
     *
     * @param run     the run's name
     * @param claim   the claim
     * @param finding what the run showed
     */
    public record ClaimResult(String run, MlpExperiment.Claim claim,
                              MlpExperiment.Finding finding) {
    }

    /**
     * One finished run.
     *
     * @param run     what was run
     * @param trained the network and its records
     * @param theory  the head against the closed form
     * @param seconds wall-clock time of the run, files included
     */
    public record RunResult(MlpExperiment.Run run, MlpRun.Trained trained, HeadTheory theory,
                            double seconds) {

        /** {@return training samples per second of optimization after the first epoch} */
        public double samplesPerSecond() {
            return MlpReport.samplesPerSecond(trained.epochs(), trained.splits().train().size());
        }

        /** {@return the share of the run's time spent measuring NC} */
        public double ncShare() {
            return trained.timing().nc() / trained.timing().total();
        }
    }

    /**
     * The reproduction's outcome.
     *
     * @param runs    the runs, in order
     * @param claims  every claim of every run, in order
     * @param seconds wall-clock time of the whole reproduction
     */
    public record Result(List<RunResult> runs, List<ClaimResult> claims, double seconds) {

        /** Keeps unmodifiable copies. */
        public Result {
            runs = List.copyOf(runs);
            claims = List.copyOf(claims);
        }

        /** {@return how many claims each answer got, e.g. "4 yes, 2 partly, 1 no"} */
        public String tally() {
            List<String> parts = new ArrayList<>();
            for (MlpExperiment.Shown s : MlpExperiment.Shown.values()) {
                long n = claims.stream().filter(c -> c.finding().shown() == s).count();
                parts.add(n + " " + s.word());
            }
            return String.join(", ", parts);
        }
    }

    /**
     * Runs every run of {@code experiment} in subfolders of {@code directory} and writes the
     * top-level summary.
     *
     * @param experiment the experiment
     * @param runs       its runs (possibly shortened)
     * @param directory  the top-level folder (created if missing)
     * @param progress   how each run shows its progress
     * @param log        receives a line per run and per claim
     * @return the outcome
     * @throws IOException if the data cannot be read or a file written
     */
    public static Result run(MlpExperiment experiment, List<MlpExperiment.Run> runs,
                             Path directory, Progress.Mode progress, PrintWriter log)
            throws IOException {
        long start = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        List<ClaimResult> claims = new ArrayList<>();
        for (MlpExperiment.Run run : runs) {
            long runStart = System.nanoTime();
            MlpRun.Trained trained = run.settings().train(progress, null);
            HeadTheory theory = HeadTheory.of(trained.model(), trained.splits().classSizes());
            MlpReport report = new MlpReport(trained.epochs(), trained.result().trajectory(),
                    MlpRun.layerWidths(trained.modelConfig()), trained.splits().train().size());
            report.write(RunOutput.at(directory.resolve(run.name())),
                    run.settings().describe(trained.splits(), trained.training()),
                    trained.timing(), theory);
            RunResult result = new RunResult(run, trained, theory,
                    (System.nanoTime() - runStart) * 1e-9);
            results.add(result);
            log.printf(Locale.ROOT, "%s: %.1f s, %.0f samples/s, NC %.0f%% of the run%n",
                    run.name(), result.seconds(), result.samplesPerSecond(),
                    100 * result.ncShare());
            MlpExperiment.Evidence evidence = new MlpExperiment.Evidence(trained, theory);
            for (MlpExperiment.Claim claim : run.claims()) {
                MlpExperiment.Finding finding = claim.check().apply(evidence);
                claims.add(new ClaimResult(run.name(), claim, finding));
                log.printf(Locale.ROOT, "  %-6s %s (%s)%n", finding.shown().word(),
                        claim.statement(), finding.measured());
            }
            log.flush();
        }
        Result result = new Result(results, claims, (System.nanoTime() - start) * 1e-9);
        Files.createDirectories(directory);
        summary(experiment, result, RunOutput.at(directory))
                .write(directory.resolve(RunOutput.SUMMARY));
        return result;
    }

    private static Summary summary(MlpExperiment experiment, Result result, RunOutput out)
            throws IOException {
        Summary s = Summary.titled(experiment.id() + ": " + experiment.description())
                .paragraph(experiment.paper() + ". A real network is not an unconstrained"
                        + " feature model: each claim's criterion was fixed in"
                        + " MlpExperiment.java before the first run, from the paper's statement,"
                        + " and the answer is reported as it came.")
                .paragraph("**Claims: " + result.tally() + ".**");
        List<List<String>> rows = new ArrayList<>();
        for (ClaimResult c : result.claims()) {
            rows.add(List.of("[" + c.run() + "](" + c.run() + "/" + RunOutput.SUMMARY + ")",
                    c.claim().statement(), c.claim().criterion(), c.finding().measured(),
                    "**" + c.finding().shown().word() + "**"));
        }
        s.textTable("Claims", List.of("run", "claim", "criterion", "measured", "shown"), rows);
        List<List<String>> runs = new ArrayList<>();
        for (RunResult r : result.runs()) {
            MlpRun settings = r.run().settings();
            EpochLog.Epoch end = r.trained().epochs().get(r.trained().epochs().size() - 1);
            runs.add(List.of(r.run().name(), r.run().title(),
                    Arrays.toString(r.trained().splits().classSizes()),
                    String.valueOf(settings.seed()), String.valueOf(end.epoch()),
                    percent(end.train().accuracy()), percent(end.test().accuracy()),
                    String.format(Locale.ROOT, "%.0f", r.samplesPerSecond()),
                    percent(r.ncShare()), String.format(Locale.ROOT, "%.1f", r.seconds())));
        }
        s.textTable("Runs", List.of("run", "setting", "class sizes", "seed", "epochs",
                "train acc", "test acc", "samples/s", "NC share", "seconds"), runs);
        s.paragraph(String.format(Locale.ROOT, "Total wall time %.1f s. Samples/s counts the"
                + " optimization alone; NC share is the time of the per-epoch NC snapshots"
                + " (every body and head layer, all training samples) over the run's wall"
                + " time.", result.seconds()));
        for (RunResult r : result.runs()) {
            s.figure(out.writePlot(r.run().name() + "-nc1", r.run().name() + ": NC1 of every"
                    + " layer per epoch (log scale; body layers, then head layers)",
                    nc1Chart(r)));
            var lengths = r.theory().lengthsChart();
            if (lengths.isPresent()) {
                s.figure(out.writePlot(r.run().name() + "-lengths", r.run().name()
                        + ": class-mean lengths of the body's output against the closed form"
                        + " (each over its mean)", lengths.get()));
            }
        }
        return s;
    }

    private static XYChart nc1Chart(RunResult r) {
        List<EpochLog.Epoch> epochs = r.trained().epochs();
        double[] x = epochs.stream().mapToDouble(EpochLog.Epoch::epoch).toArray();
        int body = r.trained().modelConfig().depth();
        int layers = epochs.get(0).point().nc().numLayers();
        List<Plots.Series> series = new ArrayList<>();
        for (int l = 0; l < layers; l++) {
            int layer = l;
            String name = l < body ? "body " + (l + 1) : "head " + (l + 1 - body);
            series.add(new Plots.Series(name, x, epochs.stream().mapToDouble(e ->
                    e.point().nc().layers().get(layer).features().nc1()).toArray()));
        }
        return Plots.lines("NC1 per layer, " + r.run().name(), "epoch", "NC1", true, series);
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
