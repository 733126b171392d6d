package io.github.nc4j.examples.report;

import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;

/**
 * A table of numbers with named columns, filled row by row: the in-memory form of a
 * trajectory (one row per recorded step) before it goes to a CSV file ({@link RunOutput#writeCsv}) or a
 * plot ({@link Plots}).
 */
public final class Table {

    private final List<String> columns;
    private final List<double[]> rows = new ArrayList<>();

    private Table(List<String> columns) {
        this.columns = columns;
    }

    /**
     * An empty table with these column names.
     *
     * @throws IllegalArgumentException if there are no names or two are equal
     */
    public static Table withColumns(String... names) {
        return withColumns(List.of(names));
    }

    /** As {@link #withColumns(String...)}. */
    public static Table withColumns(List<String> names) {
        if (names.isEmpty() || new HashSet<>(names).size() != names.size()) {
            throw new IllegalArgumentException("a table needs at least one column and distinct"
                    + " column names, got " + names);
        }
        return new Table(List.copyOf(names));
    }

    /**
     * Appends a row (copied).
     *
     * @throws IllegalArgumentException if it does not have one value per column
     */
    public Table addRow(double... values) {
        if (values.length != columns.size()) {
            throw new IllegalArgumentException("row " + rows.size() + " has " + values.length
                    + " values for " + columns.size() + " columns " + columns);
        }
        rows.add(values.clone());
        return this;
    }

    /** The column names, in order. */
    public List<String> columns() {
        return columns;
    }

    /** The number of rows. */
    public int rowCount() {
        return rows.size();
    }

    /** A copy of row {@code i}. */
    public double[] row(int i) {
        return rows.get(i).clone();
    }

    /**
     * The values of one column, top to bottom.
     *
     * @throws IllegalArgumentException if there is no such column (the message lists them)
     */
    public double[] column(String name) {
        int j = columns.indexOf(name);
        if (j < 0) {
            throw new IllegalArgumentException("no column \"" + name + "\" in " + columns);
        }
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }

    /** The last row (a copy), e.g. the final metrics of a trajectory. */
    public double[] lastRow() {
        if (rows.isEmpty()) {
            throw new IllegalStateException("the table " + columns + " has no rows");
        }
        return row(rows.size() - 1);
    }

    /** The rows as a {@code rowCount() x columns().size()} matrix (a copy). */
    public Matrix toMatrix() {
        Matrix m = Matrix.zeros(rows.size(), columns.size());
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, m.data(), i * columns.size(), columns.size());
        }
        return m;
    }

    @Override
    public String toString() {
        return "Table" + columns + " with " + rows.size() + " rows"
                + (rows.isEmpty() ? "" : ", last " + Arrays.toString(rows.get(rows.size() - 1)));
    }
}
