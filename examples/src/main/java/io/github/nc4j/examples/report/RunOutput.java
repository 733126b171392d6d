package io.github.nc4j.examples.report;

import io.github.nc4j.linalg.io.Csv;
import io.github.nc4j.linalg.io.Npy;
import io.github.nc4j.linalg.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.internal.chartpart.Chart;

/**
 * The output folder of one run, with the standard file names, so that a command writes its
 * results in a few calls:
 *
 * <pre>{@code
 * RunOutput out = RunOutput.at(Path.of("runs/ufm"));
 * out.writeTrajectory(trajectory);                      // trajectory.csv
 * out.writeMetrics(metrics);                            // metrics.json
 * Figure nc1 = out.writePlot("nc1", "NC1 during training",
 *         Plots.lines(trajectory, "step", List.of("nc1"), "NC1", "NC1", true));
 * out.writeSummary(Summary.titled("UFM").configuration(config).figure(nc1));  // summary.md
 * System.out.println("results in " + out.directory());
 * }</pre>
 */
public final class RunOutput {

    /** File name of the metric trajectory. */
    public static final String TRAJECTORY = "trajectory.csv";
    /** File name of the final metrics. */
    public static final String METRICS = "metrics.json";
    /** File name of the Markdown summary. */
    public static final String SUMMARY = "summary.md";

    private final Path directory;
    private final List<Path> written = new ArrayList<>();

    private RunOutput(Path directory) {
        this.directory = directory;
    }

    /** The folder {@code directory}, created with its parents if missing. */
    public static RunOutput at(Path directory) throws IOException {
        return new RunOutput(Files.createDirectories(directory));
    }

    /** The folder. */
    public Path directory() {
        return directory;
    }

    /** Writes {@code trajectory.csv}. */
    public Path writeTrajectory(Table trajectory) throws IOException {
        return writeCsv(TRAJECTORY, trajectory);
    }

    /** Writes a table as CSV under {@code fileName}. */
    public Path writeCsv(String fileName, Table table) throws IOException {
        Path file = directory.resolve(fileName);
        Csv.write(file, table.columns(), table.toMatrix());
        return record(file);
    }

    /** Writes {@code metrics.json} (see {@link Json} for the accepted values). */
    public Path writeMetrics(Map<String, ?> metrics) throws IOException {
        return writeJson(METRICS, metrics);
    }

    /** Writes any {@link Json} value under {@code fileName}. */
    public Path writeJson(String fileName, Object value) throws IOException {
        return record(Json.write(directory.resolve(fileName), value));
    }

    /** Writes a NumPy array under {@code fileName} (e.g. learned parameters as {@code W1.npy}). */
    public Path writeNpy(String fileName, NpyArray array) throws IOException {
        Path file = directory.resolve(fileName);
        Npy.write(file, array);
        return record(file);
    }

    /** Writes {@code baseName.png} and {@code baseName.svg}; the figure can go in the summary. */
    public Figure writePlot(String baseName, String caption, Chart<?, ?> chart)
            throws IOException {
        for (Path p : Plots.save(chart, directory, baseName)) {
            record(p);
        }
        return new Figure(caption, baseName + ".png", baseName + ".svg");
    }

    /** Writes {@code summary.md}. */
    public Path writeSummary(Summary summary) throws IOException {
        return record(summary.write(directory.resolve(SUMMARY)));
    }

    /** Every file written so far, in order (for a "results in ..." message). */
    public List<Path> written() {
        return List.copyOf(written);
    }

    private Path record(Path p) {
        written.add(p);
        return p;
    }
}
