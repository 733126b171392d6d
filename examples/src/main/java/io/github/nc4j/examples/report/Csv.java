package io.github.nc4j.examples.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.StringJoiner;

/**
 * Writes a {@link Table} as CSV (RFC 4180): a header line of column names, then one line per
 * row, comma-separated, {@code \n} line ends, UTF-8. Numbers are written so that they read back
 * exactly: integral values without a fraction ({@code 100}), others in Java's shortest
 * round-trip form ({@code 0.1}, {@code 1.0E-12}), non-finite ones as {@code NaN},
 * {@code Infinity}, {@code -Infinity} (read as such by NumPy, pandas and Python's float).
 *
 * <p>nc-linalg is to get a general {@code Csv} (DESIGN.md, io); until then the examples keep
 * this writer, which only needs to write tables of doubles.
 */
public final class Csv {

    private Csv() {}

    /** Writes {@code table} to {@code file}, replacing it. */
    public static Path write(Path file, Table table) throws IOException {
        return Files.writeString(file, format(table), StandardCharsets.UTF_8);
    }

    /** The CSV text of {@code table}. */
    public static String format(Table table) {
        StringBuilder out = new StringBuilder();
        StringJoiner header = new StringJoiner(",");
        table.columns().forEach(name -> header.add(quoted(name)));
        out.append(header).append('\n');
        for (int i = 0; i < table.rowCount(); i++) {
            StringJoiner line = new StringJoiner(",");
            for (double v : table.row(i)) {
                line.add(number(v));
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }

    /** A number as written in a CSV cell or JSON value: exact and locale-independent. */
    static String number(double v) {
        boolean negativeZero = Double.doubleToRawLongBits(v) == Long.MIN_VALUE;
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53 && !negativeZero) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /** A field quoted only when it must be: it holds a comma, a quote or a line break. */
    private static String quoted(String field) {
        if (field.contains(",") || field.contains("\"") || field.contains("\n")
                || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
