package io.github.nc4j.examples;

import io.github.nc4j.core.check.Comparison;
import io.github.nc4j.examples.report.Figure;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.examples.run.Experiment;
import io.github.nc4j.examples.run.Reproduction;
import io.github.nc4j.examples.run.UfmRun;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nc4j demo} (and {@code nc4j} alone): two runs of the reproduce experiments, a balanced
 * UFM reaching a simplex ETF and an imbalanced bias-free deep linear UFM matching its closed
 * form, with a table of learned against predicted values and where the plots went.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"A short tour (under a minute on 2 cores): a balanced UFM reaches a simplex"
                + " ETF and an imbalanced deep linear UFM matches its closed form, number by"
                + " number.", "Next: nc4j reproduce --list, nc4j train --help."})
final class DemoCommand implements Callable<Integer> {

    /** The tour: one run from each of two experiments. */
    static final List<Experiment.Run> RUNS = List.of(
            Experiment.ZHU2021_ETF.run("mse"),
            Experiment.DANG2023_DEEP_LINEAR_IMBALANCED.run("M2"));

    @Spec
    private CommandSpec spec;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The output folder (default: nc4j-runs/demo in the current folder).")
    private Path out = ReproduceCommand.DEFAULT_ROOT.resolve("demo");

    @Option(names = "--quiet", description = "No progress display.")
    private boolean quiet;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("nc4j demo: gradient descent on two unconstrained feature models, checked"
                + " against closed-form theory (docs/definitions.md §4).%nOutput folder: %s%n%n",
                out.toAbsolutePath());
        stdout.flush();
        Reproduction.Result result;
        try {
            // The table below replaces the per-run reports, so those go nowhere.
            result = Reproduction.run("nc4j demo", "Two runs of `nc4j reproduce` experiments.",
                    RUNS, out, quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO,
                    new PrintWriter(Writer.nullWriter()));
        } catch (IOException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("nc4j demo: cannot write the results to " + out + ": " + e.getMessage());
            err.flush();
            return 1;
        }
        for (Reproduction.RunResult r : result.runs()) {
            printRun(stdout, r);
        }
        stdout.printf(Locale.ROOT, "%s (%.1f s)%nSummary: %s%n", result.verdict(),
                result.seconds(), out.resolve(RunOutput.SUMMARY));
        stdout.println("Next: nc4j reproduce --list (every paper experiment), nc4j train --help.");
        stdout.flush();
        return result.allMet() ? 0 : 1;
    }

    /** The run's NC1 and every compared quantity against theory, then its plots. */
    private static void printRun(PrintWriter out, Reproduction.RunResult r) {
        UfmRun.Outcome o = r.outcome();
        out.printf(Locale.ROOT, "%s (%d steps, %.1f s)%n", r.run().title(),
                o.result().map(t -> t.steps()).orElse(0L), r.seconds());
        out.printf(Locale.ROOT, "  %-32s %12s %12s %12s%n", "quantity", "learned", "theory",
                "rel. error");
        o.result().ifPresent(t -> out.printf(Locale.ROOT, "  %-32s %12.4g %12s %12s%n", "NC1",
                t.finalMetrics().last().nc1(), "0", ""));
        for (Comparison c : o.theory().map(t -> t.comparisons()).orElse(List.of())) {
            out.printf(Locale.ROOT, "  %-32s %12.4g %12s %12s%n", c.quantity(), c.learned(),
                    c.predicted() == 0 ? "0" : String.format(Locale.ROOT, "%.4g", c.predicted()),
                    Comparison.percent(c.relativeError()));
        }
        out.println("  " + o.verdict());
        o.theory().ifPresent(t -> t.findings().forEach(f -> out.println("  * " + f)));
        for (Figure f : o.figures()) {
            out.println("  plot: " + o.directory().resolve(f.png()));
        }
        out.println();
    }
}
