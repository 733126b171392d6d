package io.github.nc4j.core.train;

import io.github.nc4j.core.metrics.LayerMetric;
import io.github.nc4j.core.metrics.LayerwiseNc.LayerReport;
import io.github.nc4j.core.metrics.NcMetric;
import io.github.nc4j.core.metrics.NcReport;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Csv;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * The objective, gradient norm and neural-collapse metrics of a training run, recorded every few
 * steps by {@link Trainer}, in step order.
 *
 * <p>As a table ({@link #columns()}, {@link #values()}, {@link #writeCsv}): the
 * {@link #TRAINING_COLUMNS} {@code step}, {@code objective}, {@code grad_norm}; every metric of
 * the last layer, in {@link NcMetric}'s order and under its names (those of {@code nc4j
 * metrics}); and for a model with several layers, the {@link LayerMetric}s of each layer L from
 * 1, {@code layerL_nc1}, {@code layerL_nc2_etf}, {@code layerL_nc2_of},
 * {@code layerL_orthogonality} and {@code layerL_dnc3} (deep neural collapse). A metric a point
 * lacks is NaN.
 */
public final class Trajectory {

    /**
     * One recorded moment.
     *
     * @param step         updates made before it
     * @param objective    the objective (of the step's batch when training on mini-batches)
     * @param gradientNorm the Euclidean norm of the objective's gradient over all parameters
     * @param nc           the metrics of every layer
     */
    public record Point(long step, double objective, double gradientNorm, NcSnapshot nc) {
    }

    /** The first columns, which describe the optimization rather than a layer. */
    public static final List<String> TRAINING_COLUMNS = List.of("step", "objective", "grad_norm");

    private final List<Point> points = new ArrayList<>();

    /** An empty trajectory. */
    public Trajectory() {
    }

    /**
     * Appends a point.
     *
     * @param point the point
     * @throws IllegalArgumentException if its step is not after the last point's, or it has a
     *     different number of layers
     */
    public void add(Point point) {
        if (!points.isEmpty()) {
            Point previous = last();
            if (point.step() <= previous.step()) {
                throw new IllegalArgumentException("step " + point.step() + " recorded after step "
                        + previous.step());
            }
            if (point.nc().numLayers() != previous.nc().numLayers()) {
                throw new IllegalArgumentException("a point with " + point.nc().numLayers()
                        + " layers after points with " + previous.nc().numLayers());
            }
        }
        points.add(point);
    }

    /** {@return the points in step order (a read-only view)} */
    public List<Point> points() {
        return Collections.unmodifiableList(points);
    }

    /** {@return the number of points} */
    public int size() {
        return points.size();
    }

    /**
     * {@return the last point}
     *
     * @throws NoSuchElementException if nothing was recorded
     */
    public Point last() {
        if (points.isEmpty()) {
            throw new NoSuchElementException("the trajectory is empty");
        }
        return points.get(points.size() - 1);
    }

    /** {@return the column names of {@link #values()} (see the class comment)} */
    public List<String> columns() {
        List<String> names = new ArrayList<>(TRAINING_COLUMNS);
        for (NcMetric metric : NcMetric.values()) {
            names.add(metric.column());
        }
        int layers = points.isEmpty() ? 1 : points.get(0).nc().numLayers();
        if (layers > 1) {
            for (int l = 1; l <= layers; l++) {
                for (LayerMetric metric : LayerMetric.values()) {
                    names.add(metric.column(l));
                }
            }
        }
        return names;
    }

    /** {@return one row per point, one column per {@link #columns()} entry} */
    public Matrix values() {
        List<String> names = columns();
        Matrix table = Matrix.zeros(points.size(), names.size());
        for (int i = 0; i < points.size(); i++) {
            double[] row = row(points.get(i));
            for (int j = 0; j < row.length; j++) {
                table.set(i, j, row[j]);
            }
        }
        return table;
    }

    /**
     * Writes {@link #values()} as CSV with a header of {@link #columns()}.
     *
     * @param file the file
     * @throws IOException if the file cannot be written
     */
    public void writeCsv(Path file) throws IOException {
        Csv.write(file, columns(), values());
    }

    private static double[] row(Point p) {
        List<Double> row = new ArrayList<>(List.of((double) p.step(), p.objective(),
                p.gradientNorm()));
        NcReport r = p.nc().last();
        for (NcMetric metric : NcMetric.values()) {
            row.add(metric.value(r).orElse(Double.NaN));
        }
        if (p.nc().numLayers() > 1) {
            for (LayerReport layer : p.nc().layers()) {
                for (LayerMetric metric : LayerMetric.values()) {
                    row.add(metric.value(layer).orElse(Double.NaN));
                }
            }
        }
        return row.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
