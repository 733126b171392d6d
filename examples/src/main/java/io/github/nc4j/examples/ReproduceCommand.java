package io.github.nc4j.examples;

import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.examples.report.RunOutput;
import io.github.nc4j.core.data.FashionMnist;
import io.github.nc4j.examples.run.Experiment;
import io.github.nc4j.examples.run.MlpExperiment;
import io.github.nc4j.examples.run.MlpReproduction;
import io.github.nc4j.examples.run.Reproduction;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nc4j reproduce}: runs one {@link Experiment} (a paper's result, definitions.md
 * §6) and says whether training and theory agree.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Reproduce a paper's neural-collapse result: train its models, compare them"
                + " with the closed-form theory, write plots and a summary that says whether"
                + " they agree.", "Each unconstrained-feature experiment takes seconds to a"
                + " minute on 2 cores; the three real-network ones (Fashion-MNIST) a few"
                + " minutes each, and state claim by claim whether the network showed it."},
        footer = {"", "Exit status: 0 when every run behaves as theory predicts, 1 when one does"
                + " not (or a file cannot be written), 2 for bad options.",
            "Example: nc4j reproduce --list; nc4j reproduce dang2023-deep-linear-imbalanced"})
final class ReproduceCommand implements Callable<Integer> {

    /** Where results go without {@code --out}: {@code nc4j-runs/<id>} in the current folder. */
    static final Path DEFAULT_ROOT = Path.of("nc4j-runs");

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "The experiment (see --list).")
    private String id;

    @Option(names = "--list", description = "List the experiments with their papers.")
    private boolean list;

    @Option(names = "--out", paramLabel = "DIR",
            description = "The output folder (default: nc4j-runs/ID); one subfolder per run.")
    private Path out;

    @Option(names = "--quiet", description = "No progress display.")
    private boolean quiet;

    @Option(names = "--max-epochs", paramLabel = "E",
            description = "Real-network experiments: stop every run after at most E epochs, a"
                    + " quick look (the claims are then rarely shown).")
    private Integer maxEpochs;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Real-network experiments: the Fashion-MNIST IDX files (default:"
                    + " /usr/share/datasets/fashion-mnist, Debian's dataset-fashion-mnist).")
    private Path data = FashionMnist.DEFAULT_DIRECTORY;

    @Option(names = "--max-steps", paramLabel = "N",
            description = "Stop every run after at most N steps: a quick look at the pipeline."
                    + " Runs cut short usually do not reach what theory predicts, and the"
                    + " command then says so and exits with status 1.")
    private Long maxSteps;

    @Override
    public Integer call() {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (list) {
            printList(stdout);
            return 0;
        }
        if (maxSteps != null && maxSteps < 1) {
            err.println("nc4j reproduce: --max-steps must be at least 1, got " + maxSteps);
            err.flush();
            return 2;
        }
        if (id == null) {
            err.println("nc4j reproduce: name an experiment; nc4j reproduce --list shows them");
            err.flush();
            return 2;
        }
        Optional<MlpExperiment> network = MlpExperiment.byId(id);
        if (network.isPresent()) {
            return runNetwork(network.get(), stdout, err);
        }
        Experiment experiment;
        try {
            experiment = Experiment.byId(id);
        } catch (IllegalArgumentException e) {
            err.println("nc4j reproduce: " + e.getMessage());
            err.flush();
            return 2;
        }
        Path directory = out != null ? out : DEFAULT_ROOT.resolve(experiment.id());
        if (!experiment.command().isEmpty()) {
            return delegate(experiment, directory, err);
        }
        stdout.printf(Locale.ROOT, "%s: %d run(s) into %s%n", experiment.id(),
                experiment.runs().size(), directory.toAbsolutePath());
        stdout.flush();
        try {
            Reproduction.Result result = Reproduction.run(experiment.id() + ": "
                    + experiment.description(), experiment.paper() + ".", runs(experiment),
                    directory, quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO, stdout);
            stdout.printf(Locale.ROOT, "%s%nsummary: %s (%.1f s)%n", result.verdict(),
                    directory.resolve(RunOutput.SUMMARY), result.seconds());
            stdout.flush();
            return result.allMet() ? 0 : 1;
        } catch (IOException e) {
            err.println("nc4j reproduce: cannot write the results to " + directory + ": "
                    + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /**
     * Runs a real-network experiment ({@link MlpExperiment}); exits with 0 when it completes,
     * whatever the claims' answers (a "no" is a finding, not an error), and with 1 when the data
     * are missing or a file cannot be written.
     */
    private int runNetwork(MlpExperiment experiment, PrintWriter stdout, PrintWriter err) {
        if (maxEpochs != null && maxEpochs < 1) {
            err.println("nc4j reproduce: --max-epochs must be at least 1, got " + maxEpochs);
            err.flush();
            return 2;
        }
        Path directory = out != null ? out : DEFAULT_ROOT.resolve(experiment.id());
        List<MlpExperiment.Run> runs = experiment.runs().stream().map(r -> r.withEpochsAtMost(
                maxEpochs != null ? maxEpochs : Integer.MAX_VALUE, data)).toList();
        stdout.printf(Locale.ROOT, "%s: %d network(s) on Fashion-MNIST into %s%n",
                experiment.id(), runs.size(), directory.toAbsolutePath());
        stdout.flush();
        try {
            MlpReproduction.Result result = MlpReproduction.run(experiment, runs, directory,
                    quiet ? Progress.Mode.QUIET : Progress.Mode.AUTO, stdout);
            stdout.printf(Locale.ROOT, "claims: %s%nsummary: %s (%.1f s)%n", result.tally(),
                    directory.resolve(RunOutput.SUMMARY), result.seconds());
            stdout.flush();
            return 0;
        } catch (IOException | IllegalArgumentException e) {
            err.println("nc4j reproduce: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The experiment's runs, each capped at {@code --max-steps} when given. */
    private List<Experiment.Run> runs(Experiment experiment) {
        if (maxSteps == null) {
            return experiment.runs();
        }
        return experiment.runs().stream().map(r -> r.withStepsAtMost(maxSteps)).toList();
    }

    private static void printList(PrintWriter out) {
        for (Experiment e : Experiment.values()) {
            out.printf(Locale.ROOT, "%-32s %s%n%-32s   %s%n", e.id(), e.description(), "",
                    e.paper());
        }
        for (MlpExperiment e : MlpExperiment.values()) {
            out.printf(Locale.ROOT, "%-32s %s%n%-32s   %s (Fashion-MNIST)%n", e.id(),
                    e.description(), "", e.paper());
        }
        out.flush();
    }

    /**
     * Hands an experiment that another command runs (the real network of Papyan et al.) to that
     * command, when this build has it.
     */
    private int delegate(Experiment experiment, Path directory, PrintWriter err) {
        List<String> command = experiment.command();
        CommandLine other = spec.root().commandLine().getSubcommands().get(command.get(0));
        if (other == null) {
            err.println("nc4j reproduce: " + experiment.id() + " trains a real network with"
                    + " `nc4j " + String.join(" ", command) + " --out DIR`, which this build of"
                    + " nc4j does not include yet");
            err.flush();
            return 1;
        }
        List<String> args = new ArrayList<>(command.subList(1, command.size()));
        args.addAll(List.of("--out", directory.toString()));
        if (quiet && other.getCommandSpec().findOption("--quiet") != null) {
            args.add("--quiet");
        }
        return other.execute(args.toArray(String[]::new));
    }
}
