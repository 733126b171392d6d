package io.github.nc4j.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A Markdown table filled row by row; numbers are written with three significant digits. */
final class MarkdownTable {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    MarkdownTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** Appends a row; a number that is not finite is written as "-". */
    void add(List<?> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for the columns " + header);
        }
        rows.add(cells.stream().map(MarkdownTable::format).toList());
    }

    @Override
    public String toString() {
        StringBuilder md = new StringBuilder();
        md.append("| ").append(String.join(" | ", header)).append(" |\n|");
        md.append("---|".repeat(header.size())).append('\n');
        rows.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        return md.toString();
    }

    private static String format(Object cell) {
        if (cell instanceof Double d) {
            return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3g", d) : "-";
        }
        return String.valueOf(cell);
    }
}
