package io.github.nc4j.examples.report;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.ChartEncoder;
import org.knowm.xchart.CategorySeries.CategorySeriesRenderStyle;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The figures of nc4j runs, drawn with XChart (knowm.org/open-source/xchart) and saved as PNG
 * for viewing and SVG for papers:
 * <ul>
 *   <li>{@link #lines}: metrics against step or epoch, one line per series (per layer, per
 *       metric), usually on a log scale since NC metrics fall by orders of magnitude;</li>
 *   <li>{@link #comparison}: learned against predicted values (class-mean lengths, singular
 *       values) as grouped bars.</li>
 * </ul>
 * Rendering is headless: {@code java.awt.headless} is set to true unless the JVM was started
 * with a value, so plots work on servers and in CI without a display.
 */
public final class Plots {

    /** Size of every figure in pixels (PNG) or points (SVG). */
    public static final int WIDTH = 800;
    public static final int HEIGHT = 500;

    /** Log axes of data whose largest / smallest is below this label every 1-9 multiple. */
    private static final double LABEL_ALL_BELOW_RATIO = 100;

    /** Lines with more points than this are drawn without markers, which would hide them. */
    private static final int MARKER_LIMIT = 40;

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private Plots() {}

    /** One line of a line chart: {@code y[i]} against {@code x[i]}. */
    public record Series(String name, double[] x, double[] y) {
        /**
         * Checks the lengths.
         *
         * @throws IllegalArgumentException if x and y differ in length
         */
        public Series {
            if (x.length != y.length) {
                throw new IllegalArgumentException("series \"" + name + "\" has " + x.length
                        + " x values and " + y.length + " y values");
            }
        }
    }

    /**
     * A line chart with one line per series. On a log y-axis, values that are zero, negative or
     * not finite cannot be drawn: they become gaps in their line (the CSV keeps them), and a
     * series with no drawable value is left out of the chart and marked in the title.
     *
     * @throws IllegalArgumentException if two series share a name
     */
    public static XYChart lines(String title, String xLabel, String yLabel, boolean logY,
            List<Series> series) {
        requireDistinct(series.stream().map(Series::name).toList());
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle(xLabel).yAxisTitle(yLabel).build();
        style(chart.getStyler(), logY, series.size());
        int omitted = 0;
        XYSeries first = null;
        double smallest = Double.POSITIVE_INFINITY;
        double largest = 0;
        for (Series s : series) {
            double[] y = logY ? positiveOrGap(s.y()) : s.y();
            if (!hasDrawable(y)) {
                omitted++;
                continue;
            }
            for (double v : y) {
                if (Double.isFinite(v)) {
                    smallest = Math.min(smallest, v);
                    largest = Math.max(largest, v);
                }
            }
            XYSeries line = chart.addSeries(s.name(), s.x(), y);
            if (s.x().length > MARKER_LIMIT) {
                line.setMarker(SeriesMarkers.NONE);
            }
            first = first == null ? line : first;
        }
        if (first != null) {
            addTickAnchor(chart, first);
        }
        // A log axis labels only powers of ten, which leaves one label or none on data spanning
        // less than two decades (NC1 between 0.1 and 4, say); there, label 2, 3, ..., 9 too.
        if (logY && largest < LABEL_ALL_BELOW_RATIO * smallest) {
            chart.getStyler().setYAxisLogarithmicDecadeOnly(false);
        }
        if (omitted > 0) {
            chart.setTitle(title + " (" + omitted + " series without positive values omitted)");
        }
        return chart;
    }

    /**
     * XChart labels an x-axis whose values are equally spaced (as every trajectory's steps are)
     * at every n-th data value, giving ticks such as 0, 9, 18, 27. One invisible point between
     * the first two x values breaks the equal spacing, so XChart uses its 1-2-5 tick algorithm
     * (0, 20, 40, ...) instead. It is added last, so it takes no color from the real series.
     */
    private static void addTickAnchor(XYChart chart, XYSeries first) {
        double[] x = first.getXData();
        double[] y = first.getYData();
        int i = 0;
        while (i + 1 < x.length && !Double.isFinite(y[i])) {
            i++;
        }
        if (i + 1 >= x.length) {
            return;
        }
        XYSeries anchor = chart.addSeries(" tick anchor", new double[] {(x[i] + x[i + 1]) / 2},
                new double[] {y[i]});
        anchor.setMarker(SeriesMarkers.NONE);
        anchor.setLineStyle(SeriesLines.NONE);
        anchor.setShowInLegend(false);
    }

    /**
     * {@link #lines} for columns of a table against one of its columns, e.g. a trajectory's
     * {@code nc1_layer1, nc1_layer2, ...} against {@code epoch}; the series take the column names.
     */
    public static XYChart lines(Table table, String xColumn, List<String> yColumns, String title,
            String yLabel, boolean logY) {
        double[] x = table.column(xColumn);
        return lines(title, xColumn, yLabel, logY,
                yColumns.stream().map(c -> new Series(c, x, table.column(c))).toList());
    }

    /**
     * Learned against predicted values, one pair per category (class, singular value index):
     * bars on a linear axis; on a log axis, where bars have no base, a marker per value, and
     * values that are not positive are left out.
     *
     * @throws IllegalArgumentException if the three lists differ in length or are empty
     */
    public static CategoryChart comparison(String title, String valueLabel,
            List<String> categories, double[] learned, double[] predicted, boolean logY) {
        if (categories.isEmpty() || learned.length != categories.size()
                || predicted.length != categories.size()) {
            throw new IllegalArgumentException("comparison \"" + title + "\" needs one learned and"
                    + " one predicted value per category: " + categories.size() + " categories, "
                    + learned.length + " learned, " + predicted.length + " predicted");
        }
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .yAxisTitle(valueLabel).build();
        style(chart.getStyler(), logY, 2);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        if (logY) {
            chart.getStyler().setDefaultSeriesRenderStyle(CategorySeriesRenderStyle.Scatter);
        }
        chart.addSeries("learned", categories, boxed(logY ? positiveOrGap(learned) : learned));
        chart.addSeries("predicted", categories,
                boxed(logY ? positiveOrGap(predicted) : predicted));
        return chart;
    }

    /**
     * Writes {@code chart} as {@code baseName.png} and {@code baseName.svg} in {@code directory}
     * (created if missing), replacing existing files.
     *
     * @return the PNG and the SVG path, in that order
     */
    public static List<Path> save(Chart<?, ?> chart, Path directory, String baseName)
            throws IOException {
        return List.of(encode(chart, directory, baseName, "png"),
                encode(chart, directory, baseName, "svg"));
    }

    /**
     * Writes {@code chart} as {@code directory/baseName.png} only (the directory is created if
     * missing), for figures that are only viewed.
     *
     * @param chart     the chart
     * @param directory where it goes
     * @param baseName  the file name without extension
     * @return the path of the PNG
     * @throws IOException if it cannot be written
     */
    public static Path savePng(Chart<?, ?> chart, Path directory, String baseName)
            throws IOException {
        return encode(chart, directory, baseName, "png");
    }

    private static Path encode(Chart<?, ?> chart, Path directory, String baseName,
            String format) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(baseName + "." + format);
        // ChartEncoder picks the encoder by format: ImageIO for png, VectorGraphics2D for svg.
        try (OutputStream out = Files.newOutputStream(file)) {
            ChartEncoder.saveChart(chart, out, format);
        }
        return file;
    }

    private static void style(AxesChartStyler styler, boolean logY, int seriesCount) {
        styler.setYAxisLogarithmic(logY);
        styler.setChartBackgroundColor(java.awt.Color.WHITE);
        styler.setPlotGridLinesVisible(true);
        styler.setLegendVisible(seriesCount > 1);
        styler.setLegendPosition(seriesCount > 4 ? Styler.LegendPosition.OutsideE
                : Styler.LegendPosition.InsideNE);
    }

    /** Values that a log axis can show; the others become NaN, which XChart draws as gaps. */
    private static double[] positiveOrGap(double[] values) {
        double[] out = values.clone();
        for (int i = 0; i < out.length; i++) {
            if (!(out[i] > 0 && out[i] < Double.POSITIVE_INFINITY)) {
                out[i] = Double.NaN;
            }
        }
        return out;
    }

    private static boolean hasDrawable(double[] y) {
        for (double v : y) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
    }

    private static List<Double> boxed(double[] values) {
        return java.util.Arrays.stream(values).boxed().toList();
    }

    private static void requireDistinct(List<String> names) {
        Set<String> seen = new HashSet<>();
        for (String name : names) {
            if (!seen.add(name)) {
                throw new IllegalArgumentException("two series are named \"" + name + "\"");
            }
        }
    }
}
