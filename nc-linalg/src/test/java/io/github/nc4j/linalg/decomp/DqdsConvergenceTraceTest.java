package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.io.Csv;
import java.nio.file.Path;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Dqds.Observer} and the trace the dqds figure of docs/internals/02-svd.md is drawn
 * from: the observer sees every value found once, changes nothing, and the trace shows what
 * the chapter says about it.
 */
class DqdsConvergenceTraceTest {

    @TempDir
    Path dir;

    @Test
    void observingChangesNothing() {
        Random random = new Random(3);
        int n = 60;
        double[] d = random.doubles(n, -1, 1).toArray();
        double[] e = random.doubles(n - 1, -1, 1).toArray();
        double[] plain = d.clone();
        Dqds.singularValues(plain, e.clone(), "test");
        double[] observed = d.clone();
        int[] found = new int[1];
        Dqds.singularValues(observed, e.clone(), "test", 100L * n, new Dqds.Observer() {
            @Override
            public void transformed(int lo, int hi, double shift, double[] q, double[] off) {
            }

            @Override
            public void failed(int lo, int hi, double tau) {
            }

            @Override
            public void deflated(int row, double eigenvalue) {
                found[0]++;
            }
        });
        assertArrayEquals(plain, observed, 0.0);
        assertEquals(n, found[0]);
    }

    @Test
    void everyValueIsFoundOnceAndTheCsvReadsBack() throws Exception {
        int n = DqdsConvergenceTrace.ORDER;
        Matrix events = DqdsConvergenceTrace.trace(n, DqdsConvergenceTrace.SEED);
        Set<Integer> rows = new TreeSet<>();
        for (int i = 0; i < events.rows(); i++) {
            if (events.get(i, 1) == DqdsConvergenceTrace.FOUND) {
                assertTrue(rows.add((int) events.get(i, 2)), "row found twice at event " + i);
            }
        }
        assertEquals(n, rows.size());
        DqdsConvergenceTrace.main(new String[] {dir.toString()});
        Csv.Table table = Csv.read(dir.resolve("dqds-convergence.csv"));
        assertEquals(DqdsConvergenceTrace.COLUMNS, table.columns());
        assertEquals(events.rows(), table.values().rows());
    }
}
