package io.github.nc4j.examples.tour;

import java.nio.file.Path;

/** The folder a tour figure program writes into: its one argument, or the tour's figures. */
final class FigureFolder {

    /** Where the tour's figures are checked in, relative to the repository root. */
    static final Path DEFAULT = Path.of("docs", "internals", "figures");

    private FigureFolder() {
    }

    /**
     * The folder named by {@code args}, or {@link #DEFAULT} without arguments; with more than
     * one argument, prints the usage of {@code program} and exits with status 2.
     */
    static Path of(String[] args, String program) {
        if (args.length > 1) {
            System.err.println("usage: " + program + " [FOLDER]  (default " + DEFAULT + ")");
            System.exit(2);
        }
        return args.length == 1 ? Path.of(args[0]) : DEFAULT;
    }
}
