package io.github.nc4j.examples;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code nc4j} command line: with no subcommand it runs {@code demo}. */
@Command(name = "nc4j", mixinStandardHelpOptions = true, version = "nc4j 0.1.0-SNAPSHOT",
        description = "Neural-collapse numerics on the JVM: train unconstrained feature models, "
                + "measure NC exactly, compare with closed-form theory.",
        subcommands = {DemoCommand.class, MetricsCommand.class, MlpCommand.class,
            CommandLine.HelpCommand.class})
public final class Nc4jCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        return new CommandLine(new DemoCommand()).execute();
    }

    /** Entry point of the runnable jar. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new Nc4jCommand()).execute(args));
    }
}
