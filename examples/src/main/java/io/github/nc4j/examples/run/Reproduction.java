package io.github.nc4j.examples.run;

import io.github.nc4j.examples.report.Figure;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.examples.report.Summary;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a list of {@link Experiment.Run}s, each with {@link UfmRun} in its own subfolder, and
 * writes a top-level {@code summary.md} that says plainly whether training and theory agree:
 * a table of the runs (expected, observed, wall time, link to the run's summary) and every
 * run's figures.
 */
public final class Reproduction {

    private Reproduction() {
    }

    /**
     * One finished run.
     *
     * @param run     what was run
     * @param outcome what it produced
     * @param met     whether it shows what theory expects ({@link Expectation#isMetBy})
     * @param seconds wall-clock time, training and files
     */
    public record RunResult(Experiment.Run run, UfmRun.Outcome outcome, boolean met,
                            double seconds) {
    }

    /**
     * All runs of a reproduction.
     *
     * @param directory the top-level folder, holding {@code summary.md}
     * @param runs      one result per run, in order
     * @param seconds   wall-clock time of the whole reproduction
     */
    public record Result(Path directory, List<RunResult> runs, double seconds) {

        /** Keeps an unmodifiable copy of the runs. */
        public Result {
            runs = List.copyOf(runs);
        }

        /** Whether every run shows what theory expects. */
        public boolean allMet() {
            return runs.stream().allMatch(RunResult::met);
        }

        /**
         * The plain verdict, e.g. "Training and theory agree: all 4 runs behave as theory
         * predicts." or "Training and theory disagree: 1 of 4 runs does not behave as theory
         * predicts (M3)."
         */
        public String verdict() {
            List<String> failed = runs.stream().filter(r -> !r.met()).map(r -> r.run().name())
                    .toList();
            if (failed.isEmpty()) {
                String which = switch (runs.size()) {
                    case 1 -> "the run behaves";
                    case 2 -> "both runs behave";
                    default -> "all " + runs.size() + " runs behave";
                };
                return "Training and theory agree: " + which + " as theory predicts.";
            }
            // the noun agrees with the total ("of 4 runs"), the verb with the failures
            return "Training and theory disagree: " + failed.size() + " of " + runs.size()
                    + (runs.size() == 1 ? " run" : " runs") + (failed.size() == 1 ? " does"
                    : " do") + " not behave as theory predicts (" + String.join(", ", failed)
                    + ").";
        }
    }

    /**
     * Runs {@code runs} in subfolders of {@code directory} (named after the runs) and writes the
     * top-level summary.
     *
     * @param title     heading of the top-level summary
     * @param text      a paragraph under it (the paper)
     * @param runs      the runs, in order
     * @param directory the top-level folder (created if missing)
     * @param progress  how each run shows its progress
     * @param log       receives {@link UfmRun.Outcome#report()} of each run as it finishes
     * @throws IOException if a file cannot be written
     */
    public static Result run(String title, String text, List<Experiment.Run> runs,
                             Path directory, Progress.Mode progress, PrintWriter log)
            throws IOException {
        long start = System.nanoTime();
        List<RunResult> results = new ArrayList<>();
        for (Experiment.Run run : runs) {
            long runStart = System.nanoTime();
            UfmRun.Outcome outcome = UfmRun.train(run.title(), "Expected: training "
                    + run.expectation().description() + ".", run.model(), run.training(),
                    directory.resolve(run.name()), progress);
            RunResult result = new RunResult(run, outcome, run.expectation().isMetBy(outcome),
                    (System.nanoTime() - runStart) * 1e-9);
            results.add(result);
            log.print(outcome.report());
            log.flush();
        }
        Result result = new Result(directory, results, (System.nanoTime() - start) * 1e-9);
        Files.createDirectories(directory);
        summary(title, text, result).write(directory.resolve(RunOutput.SUMMARY));
        return result;
    }

    private static Summary summary(String title, String text, Result result) {
        Summary s = Summary.titled(title).paragraph(text)
                .paragraph("**" + result.verdict() + "**");
        List<List<String>> rows = new ArrayList<>();
        for (RunResult r : result.runs()) {
            String observed = r.outcome().verdict() + r.outcome().theory()
                    .map(t -> t.findings().isEmpty() ? "" : " " + String.join("; ", t.findings()))
                    .orElse("");
            rows.add(List.of("[" + r.run().name() + "](" + r.run().name() + "/"
                    + RunOutput.SUMMARY + ")", r.run().expectation().description(), observed,
                    r.met() ? "yes" : "**no**", String.format(Locale.ROOT, "%.1f",
                    r.seconds())));
        }
        s.textTable("Runs", List.of("run", "expected: training ...", "observed", "as expected",
                "seconds"), rows);
        for (RunResult r : result.runs()) {
            String folder = r.run().name() + "/";
            for (Figure f : r.outcome().figures()) {
                s.figure(new Figure(r.run().name() + ": " + f.caption(), folder + f.png(),
                        folder + f.svg()));
            }
        }
        return s;
    }
}
