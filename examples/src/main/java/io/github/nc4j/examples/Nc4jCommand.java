package io.github.nc4j.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The {@code nc4j} command line: with no subcommand it runs {@code demo}. */
@Command(name = "nc4j", mixinStandardHelpOptions = true, version = "nc4j 0.1.0-SNAPSHOT",
        description = "Neural-collapse numerics on the JVM: train unconstrained feature models, "
                + "measure NC exactly, compare with closed-form theory.",
        subcommands = {DemoCommand.class, TrainCommand.class, ReproduceCommand.class,
            MetricsCommand.class, MlpCommand.class, ShellCommand.class, CommandLine.HelpCommand.class})
public final class Nc4jCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() {
        return spec.commandLine().getSubcommands().get("demo").execute();
    }

    /**
     * The command line as the jar runs it: a bad option gives one line naming the problem and
     * pointing to {@code --help} (exit status 2), instead of picocli's message plus the whole
     * usage text.
     */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Nc4jCommand());
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            String name = command.getCommandSpec().qualifiedName();
            command.getErr().println(name + ": " + e.getMessage().replaceAll("\\s*\\R\\s*", " ")
                    + " (see " + name + " --help)");
            command.getErr().flush();
            return command.getCommandSpec().exitCodeOnInvalidInput();
        });
        return cli;
    }

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
