package io.github.nc4j.examples.tour;

import io.github.nc4j.examples.report.Plots;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Csv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The dqds convergence figure of docs/internals/02-svd.md, drawn from
 * {@code dqds-convergence.csv}: the events of one dqds run, recorded through nc-linalg's
 * package-private {@code Dqds.Observer} by {@code DqdsConvergenceTrace} in nc-linalg's test
 * sources (its Javadoc gives the columns and the command). Usage:
 * {@code DqdsConvergenceFigure <folder>}; it reads the CSV from that folder and writes
 * {@code dqds-convergence.png} beside it.
 *
 * <p>Against the transform count it draws, as base-10 logarithms, the last off-diagonal of the active
 * block relative to the singular value it converges to (a sawtooth: each tooth is one value,
 * dropped once it is below eps / 2), the off-diagonal one row up, the threshold, and a mark
 * for each value found.
 */
public final class DqdsConvergenceFigure {

    /** The deflation threshold of the figure's line: {@code e <= (eps / 2) s}. */
    private static final double THRESHOLD = Math.ulp(1.0) / 2;

    private DqdsConvergenceFigure() {
    }

    /** Draws {@code args[0]/dqds-convergence.png} from the CSV in the same folder. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: DqdsConvergenceFigure <folder holding"
                    + " dqds-convergence.csv>");
            System.exit(2);
        }
        System.out.println("wrote " + draw(Path.of(args[0])));
    }

    /** Reads the CSV in {@code folder} and writes the PNG there; returns the PNG's path. */
    public static Path draw(Path folder) throws Exception {
        Csv.Table table = Csv.read(folder.resolve("dqds-convergence.csv"));
        Matrix events = table.values();
        int transform = table.columns().indexOf("transform");
        int kind = table.columns().indexOf("kind");
        int bottom = table.columns().indexOf("bottom");
        int above = table.columns().indexOf("above");
        List<double[]> applied = new ArrayList<>();
        List<double[]> found = new ArrayList<>();
        int discarded = 0;
        double last = 0;
        for (int i = 0; i < events.rows(); i++) {
            double[] row = events.row(i).data();
            last = Math.max(last, row[transform]);
            switch ((int) row[kind]) {
                case 0 -> applied.add(row);
                case 1 -> discarded++;
                default -> found.add(row);
            }
        }
        List<Plots.Series> series = new ArrayList<>();
        series.add(new Plots.Series("last off-diagonal of the block / its singular value",
                column(applied, transform), log10(column(applied, bottom))));
        series.add(new Plots.Series("the off-diagonal one row up / its singular value",
                column(applied, transform), log10(column(applied, above))));
        double threshold = Math.log10(THRESHOLD);
        series.add(new Plots.Series("threshold eps / 2", new double[] {0, last},
                new double[] {threshold, threshold}));
        double[] foundAt = column(found, transform);
        double[] onThreshold = new double[foundAt.length];
        java.util.Arrays.fill(onThreshold, threshold);
        series.add(new Plots.Series("singular value found", foundAt, onThreshold));
        XYChart chart = Plots.lines(String.format(Locale.ROOT,
                "dqds: %d singular values in %d transforms (%d discarded)", found.size(),
                (int) last, discarded), "transform", "log10 of the relative size", false,
                series);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendVisible(true);
        for (XYSeries s : chart.getSeriesCollection()) {
            if (s.getName().startsWith("threshold")) {
                s.setMarker(SeriesMarkers.NONE);
            } else if (s.getName().startsWith("singular value")) {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            }
        }
        Path png = Plots.savePng(chart, folder, "dqds-convergence");
        return png;
    }

    /** Base-10 logarithms; a log axis over 30 decades labels and grids every one of them. */
    private static double[] log10(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] > 0 ? Math.log10(values[i]) : Double.NaN;
        }
        return out;
    }

    private static double[] column(List<double[]> rows, int j) {
        return rows.stream().mapToDouble(r -> r[j]).toArray();
    }
}
