package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Csv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The data of the dqds convergence figure of docs/internals/02-svd.md: dqds run on the
 * bidiagonal of a Gaussian matrix, every event of the iteration recorded through
 * {@link Dqds.Observer} and written as {@code dqds-convergence.csv}, which the examples'
 * {@code DqdsConvergenceFigure} draws. It lives with the tests because {@link Dqds} is
 * package-private; run it from the repository root after {@code mvn -pl nc-linalg
 * test-compile}:
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp nc-linalg/target/classes:nc-linalg/target/test-classes \
 *     io.github.nc4j.linalg.decomp.DqdsConvergenceTrace docs/internals/figures
 * </pre>
 *
 * <p>Columns, one row per event: {@code transform}, the number of transforms tried so far
 * (discarded ones included); {@code kind}, 0 for a transform that was applied, 1 for one that
 * was discarded (a pivot went negative), 2 for a singular value found; {@code row}, the bottom
 * row of the block transformed, or the row of the value found; {@code bottom}, after an applied
 * transform, the last off-diagonal of the block relative to the eigenvalue it converges to,
 * {@code sqrt(e_{hi-1} / (shift + q_hi))}, which is |e| / s in terms of B; {@code above}, the
 * same for the off-diagonal one row up (NaN where the block has fewer than three rows, or for
 * other events). The value is dropped once {@code bottom} is below eps / 2.
 */
public final class DqdsConvergenceTrace {

    /** The order and seed of the matrix the figure shows. */
    static final int ORDER = 40;
    static final long SEED = 1;

    static final List<String> COLUMNS = List.of("transform", "kind", "row", "bottom", "above");
    static final int APPLIED = 0;
    static final int DISCARDED = 1;
    static final int FOUND = 2;

    private DqdsConvergenceTrace() {
    }

    /** Writes {@code dqds-convergence.csv} into the folder {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: DqdsConvergenceTrace <output folder>");
            System.exit(2);
        }
        Path folder = Path.of(args[0]);
        Files.createDirectories(folder);
        Matrix events = trace(ORDER, SEED);
        Path csv = folder.resolve("dqds-convergence.csv");
        Csv.write(csv, COLUMNS, events);
        System.out.println(summary(events, ORDER) + "; wrote " + csv);
    }

    /** The events of dqds on the bidiagonal of an n x n Gaussian matrix, one row each. */
    static Matrix trace(int n, long seed) {
        double[] a = Matrix.gaussian(n, n, new Random(seed)).data();
        double[] d = new double[n];
        double[] e = new double[n - 1];
        Bidiagonalization.reduce(a, n, n, d, e, new double[n], new double[n - 1]);
        List<double[]> rows = new ArrayList<>();
        Dqds.Observer observer = new Dqds.Observer() {
            private int transforms;

            @Override
            public void transformed(int lo, int hi, double shift, double[] q, double[] off) {
                transforms++;
                double above = hi - lo >= 2
                        ? Math.sqrt(off[hi - 2] / (shift + q[hi - 1])) : Double.NaN;
                rows.add(new double[] {transforms, APPLIED, hi,
                    Math.sqrt(off[hi - 1] / (shift + q[hi])), above});
            }

            @Override
            public void failed(int lo, int hi, double tau) {
                transforms++;
                rows.add(new double[] {transforms, DISCARDED, hi, Double.NaN, Double.NaN});
            }

            @Override
            public void deflated(int row, double eigenvalue) {
                rows.add(new double[] {transforms, FOUND, row, Double.NaN, Double.NaN});
            }
        };
        Dqds.singularValues(d, e, "trace", (long) Dqds.MAX_TRANSFORMS_PER_VALUE * n, observer);
        return Matrix.of(rows.toArray(new double[0][]));
    }

    /** One line about the run: transforms in all, discarded, and per singular value. */
    static String summary(Matrix events, int n) {
        int applied = 0;
        int discarded = 0;
        for (int i = 0; i < events.rows(); i++) {
            int kind = (int) events.get(i, 1);
            applied += kind == APPLIED ? 1 : 0;
            discarded += kind == DISCARDED ? 1 : 0;
        }
        return String.format(java.util.Locale.ROOT,
                "dqds on the bidiagonal of a %d x %d Gaussian matrix: %d transforms applied,"
                        + " %d discarded, %.1f per singular value", n, n, applied, discarded,
                (double) (applied + discarded) / n);
    }
}
