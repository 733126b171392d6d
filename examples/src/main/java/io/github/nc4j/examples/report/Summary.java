package io.github.nc4j.examples.report;

import io.github.nc4j.core.check.Comparison;
import io.github.nc4j.linalg.io.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.stream.Collectors;

/**
 * The {@code summary.md} of a run, built section by section in the order of the calls:
 * configuration, final metrics, the comparison with theory and its verdict, the figures.
 *
 * <pre>{@code
 * Summary.titled("Deep linear UFM, K = 4, M = 2")
 *        .configuration(config)
 *        .metrics("Final metrics", Map.of("NC1", nc1, "NC2_W", nc2))
 *        .theoryComparison(comparisons, 0.01)
 *        .figure(nc1Figure)
 *        .toMarkdown();
 * }</pre>
 *
 * Numbers are written with four significant digits and relative errors as percentages, both
 * locale-independent; table cells are escaped so that a {@code |} in a value cannot break the
 * table.
 */
public final class Summary {

    private final StringBuilder markdown = new StringBuilder();

    private Summary(String title) {
        markdown.append("# ").append(title).append("\n");
    }

    /** A summary with this top-level heading. */
    public static Summary titled(String title) {
        return new Summary(title);
    }

    /** A paragraph of Markdown text, as given. */
    public Summary paragraph(String text) {
        markdown.append('\n').append(text).append('\n');
        return this;
    }

    /**
     * A "Configuration" section: one row per setting, in the map's iteration order. Numbers are
     * shown exactly as set ({@code 0.005}, not rounded to significant digits).
     */
    public Summary configuration(Map<String, ?> settings) {
        section("Configuration");
        header("setting", "value");
        settings.forEach((name, value) -> row(name, format(value, Csv::formatNumber)));
        return this;
    }

    /** A section of named values (final metrics), in the map's iteration order. */
    public Summary metrics(String heading, Map<String, ?> values) {
        section(heading);
        header("metric", "value");
        values.forEach((name, value) -> row(name, format(value, Summary::significant)));
        return this;
    }

    /** A section showing a whole table (e.g. one row per layer). */
    public Summary table(String heading, Table table) {
        section(heading);
        header(table.columns().toArray(String[]::new));
        for (int i = 0; i < table.rowCount(); i++) {
            double[] r = table.row(i);
            String[] cells = new String[r.length];
            for (int j = 0; j < r.length; j++) {
                cells[j] = significant(r[j]);
            }
            row(cells);
        }
        return this;
    }

    /**
     * A section showing a table of text cells (e.g. one row per run, with links), escaped as
     * every cell here.
     *
     * @throws IllegalArgumentException if a row does not have one cell per column
     */
    public Summary textTable(String heading, List<String> columns, List<List<String>> rows) {
        section(heading);
        header(columns.toArray(String[]::new));
        for (List<String> r : rows) {
            if (r.size() != columns.size()) {
                throw new IllegalArgumentException("a row of " + r.size() + " cells for "
                        + columns.size() + " columns " + columns);
            }
            row(r.toArray(String[]::new));
        }
        return this;
    }

    /**
     * A "Theory" section: learned against predicted values with relative errors, a mark per row
     * and a one-sentence {@link Comparison#verdict} for the given tolerance.
     */
    public Summary theoryComparison(List<Comparison> comparisons, double tolerance) {
        section("Agreement with theory");
        markdown.append('\n').append("**").append(Comparison.verdict(comparisons, tolerance))
                .append("**\n");
        if (comparisons.isEmpty()) {
            return this;
        }
        header("quantity", "learned", "predicted", "relative error", "within "
                + Comparison.percent(tolerance));
        for (Comparison c : comparisons) {
            row(c.quantity(), significant(c.learned()), significant(c.predicted()),
                    Comparison.percent(c.relativeError()), c.within(tolerance) ? "yes" : "**no**");
        }
        return this;
    }

    /** A figure: the PNG embedded under its caption, with a link to the SVG. */
    public Summary figure(Figure figure) {
        String alt = figure.caption().replace("[", "\\[").replace("]", "\\]");
        markdown.append('\n').append("![").append(alt).append("](")
                .append(figure.png()).append(")\n\n").append('*').append(figure.caption())
                .append("* ([SVG](").append(figure.svg()).append("))\n");
        return this;
    }

    /** The Markdown text so far. */
    public String toMarkdown() {
        return markdown.toString();
    }

    /** Writes the Markdown to {@code file}, replacing it. */
    public Path write(Path file) throws IOException {
        return Files.writeString(file, toMarkdown(), StandardCharsets.UTF_8);
    }

    private void section(String heading) {
        markdown.append("\n## ").append(heading).append("\n");
    }

    private void header(String... columns) {
        markdown.append('\n');
        row(columns);
        markdown.append("|").append(" --- |".repeat(columns.length)).append('\n');
    }

    private void row(String... cells) {
        markdown.append('|');
        for (String cell : cells) {
            markdown.append(' ').append(cell.replace("|", "\\|").replace("\n", " ")).append(" |");
        }
        markdown.append('\n');
    }

    /** Four significant digits; integers exactly. */
    static String significant(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Csv.formatNumber(v);
        }
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4g", v) : Double.toString(v);
    }

    /** Numbers and arrays of numbers with {@code number}, anything else as text. */
    private static String format(Object value, DoubleFunction<String> number) {
        return switch (value) {
            case Double d -> number.apply(d);
            case Float f -> number.apply(f);
            case double[] a -> Arrays.stream(a).mapToObj(number)
                    .collect(Collectors.joining(", ", "[", "]"));
            case int[] a -> Arrays.toString(a);
            case null, default -> String.valueOf(value);
        };
    }
}
