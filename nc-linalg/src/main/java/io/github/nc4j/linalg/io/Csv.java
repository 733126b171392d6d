package io.github.nc4j.linalg.io;

import io.github.nc4j.linalg.Matrix;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Plain numeric tables as CSV (RFC 4180): one header line of column names, then one line of
 * numbers per matrix row. Numbers are written by {@link #formatNumber}, which reads back to the
 * identical double; NaN and infinities are written as {@code NaN}, {@code Infinity},
 * {@code -Infinity} and read in that form or NumPy's ({@code nan}, {@code inf}, {@code -inf}).
 */
public final class Csv {

    /**
     * A table read from CSV: the column names and one matrix row per line.
     *
     * @param columns the column names
     * @param values the values, one row per line of the file
     */
    public record Table(List<String> columns, Matrix values) {
        /** Checks that there is one name per column. */
        public Table {
            columns = List.copyOf(columns);
            if (columns.size() != values.cols()) {
                throw new IllegalArgumentException(columns.size() + " column names for a "
                        + values.shape() + " matrix");
            }
        }
    }

    private Csv() {
    }

    /**
     * Writes a header line and the rows of {@code values}, replacing any existing file.
     *
     * @param path the file
     * @param columns the column names
     * @param values the rows to write
     * @throws IllegalArgumentException if the number of names differs from the column count
     * @throws IOException if the file cannot be written
     */
    public static void write(Path path, List<String> columns, Matrix values) throws IOException {
        Table table = new Table(columns, values);
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            List<String> quoted = new ArrayList<>();
            for (String name : table.columns()) {
                quoted.add(quote(name));
            }
            out.write(String.join(",", quoted));
            out.write('\n');
            double[] data = values.data();
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < values.rows(); i++) {
                line.setLength(0);
                for (int j = 0; j < values.cols(); j++) {
                    line.append(j == 0 ? "" : ",").append(formatNumber(data[i * values.cols() + j]));
                }
                out.append(line).append('\n');
            }
        }
    }

    /**
     * {@return the text of a number as this class writes it: integral values below 2^53 without a
     * fraction ({@code 100}, not {@code 100.0}), others in Java's shortest form that reads back
     * to the same double ({@code 0.1}, {@code 1.0E-12}), so a table loses nothing}
     *
     * @param v the number
     */
    public static String formatNumber(double v) {
        boolean negativeZero = Double.doubleToRawLongBits(v) == Long.MIN_VALUE;
        if (v == Math.rint(v) && Math.abs(v) < 0x1p53 && !negativeZero) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    /**
     * Reads a table written by {@link #write} or any CSV with a header line and numeric fields.
     *
     * @param path the file
     * @return the column names and the values
     * @throws IOException if the file is empty, a line has the wrong number of fields or a field
     *     is not a number (the message names the line and column)
     */
    public static Table read(Path path) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String headerLine = in.readLine();
            if (headerLine == null) {
                throw new IOException(path + ": empty file, expected a header line");
            }
            List<String> columns = splitHeader(headerLine, path);
            List<double[]> rows = new ArrayList<>();
            String line;
            int lineNumber = 1;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.split(",", -1);
                if (fields.length != columns.size()) {
                    throw new IOException(path + ": line " + lineNumber + " has " + fields.length
                            + " fields, the header has " + columns.size());
                }
                double[] row = new double[fields.length];
                for (int j = 0; j < fields.length; j++) {
                    row[j] = parse(fields[j].trim(), path, lineNumber, j + 1);
                }
                rows.add(row);
            }
            Matrix values = rows.isEmpty() ? Matrix.zeros(0, columns.size())
                    : Matrix.of(rows.toArray(new double[0][]));
            return new Table(columns, values);
        }
    }

    private static double parse(String field, Path path, int line, int column)
            throws IOException {
        switch (field.toLowerCase(Locale.ROOT)) {
            case "nan" -> {
                return Double.NaN;
            }
            case "inf", "+inf", "infinity", "+infinity" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-inf", "-infinity" -> {
                return Double.NEGATIVE_INFINITY;
            }
            default -> {
                try {
                    if (!field.isEmpty() && !Character.isLetter(field.charAt(field.length() - 1))) {
                        return Double.parseDouble(field);
                    }
                } catch (NumberFormatException ignored) {
                    // reported below
                }
                throw new IOException(path + ": line " + line + ", column " + column + ": '"
                        + field + "' is not a number");
            }
        }
    }

    private static String quote(String name) {
        if (name.contains(",") || name.contains("\"") || name.contains("\n")
                || name.contains("\r") || !name.equals(name.trim())) {
            return "\"" + name.replace("\"", "\"\"") + "\"";
        }
        return name;
    }

    /** Splits a header line, honouring double-quoted names with doubled inner quotes. */
    private static List<String> splitHeader(String line, Path path) throws IOException {
        List<String> names = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    name.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    name.append(c);
                }
            } else if (c == '"' && name.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                names.add(name.toString());
                name.setLength(0);
            } else {
                name.append(c);
            }
        }
        if (quoted) {
            throw new IOException(path + ": line 1: unterminated quoted column name");
        }
        names.add(name.toString());
        return names;
    }
}
