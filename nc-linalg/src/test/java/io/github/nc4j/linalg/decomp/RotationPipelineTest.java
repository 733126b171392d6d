package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.decomp.RotationPipeline.Target;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Rotations recorded in many batches and applied by the pipeline: the same bits for every thread
 * count (batches in order, each strip's arithmetic independent of who applies it), and the same
 * values as applying every rotation at once, one after the other.
 */
class RotationPipelineTest {

    /** Enough for about 20 batches of the 300-row targets. */
    private static final int CHAINS = 1000;

    private final int savedThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(savedThreads);
    }

    @Test
    void identicalForEveryThreadCountAndEqualToSequentialApplication() {
        int rows = 300;
        int[] cols = {260, 300};
        double[][] reference = null;
        for (int threads : new int[] {1, 2, 3, 4}) {
            Parallelism.setThreads(threads);
            double[][] x = start(rows, cols);
            Target[] targets = {new Target(x[0], 0, cols[0], rows, cols[0]),
                new Target(x[1], 0, cols[1], rows, cols[1])};
            RotationPipeline.run(targets, pipeline -> record(pipeline, rows, null, null, 0));
            if (reference == null) {
                reference = x;
                checkAgainstSequential(x, rows, cols, 0);
            } else {
                for (int t = 0; t < 2; t++) {
                    assertArrayEquals(reference[t], x[t], 0.0, threads + " threads, target " + t);
                }
            }
        }
    }

    /**
     * Near-swaps (cosines of zero or 1e-30, where the scaled form's tangent would overflow and
     * the row factors fall fastest) make the log clamp the cosine and rescale the rows between
     * segments many times per batch; the result must still be that of the plain rotations.
     */
    @Test
    void nearSwapsRescaleBetweenSegments() {
        int rows = 200;
        int[] cols = {64, 37};
        for (int threads : new int[] {1, 2}) {
            Parallelism.setThreads(threads);
            double[][] x = start(rows, cols);
            Target[] targets = {new Target(x[0], 0, cols[0], rows, cols[0]),
                new Target(x[1], 0, cols[1], rows, cols[1])};
            RotationPipeline.run(targets, pipeline -> record(pipeline, rows, null, null, 0.5));
            checkAgainstSequential(x, rows, cols, 0.5);
        }
    }

    /**
     * 1000 chains of random length, position and direction on both targets, with random angles,
     * a share of them near-swaps.
     */
    private static void record(RotationPipeline pipeline, int rows, double[][] sequential,
                               int[] sequentialCols, double swapShare) {
        Random random = new Random(9);
        for (int chain = 0; chain < CHAINS; chain++) {
            int count = 1 + random.nextInt(rows - 1);
            int first = random.nextInt(rows - count);
            boolean forward = random.nextBoolean();
            double[] c = new double[count];
            double[] s = new double[count];
            for (int r = 0; r < count; r++) {
                double angle = 2 * Math.PI * random.nextDouble();
                c[r] = Math.cos(angle);
                s[r] = Math.sin(angle);
                if (random.nextDouble() < swapShare) {
                    c[r] = random.nextBoolean() ? 0 : Math.copySign(1e-30, c[r]);
                    s[r] = Math.copySign(1, s[r]);
                }
            }
            for (int t = 0; t < 2; t++) {
                if (pipeline != null) {
                    if (!pipeline.log(t).hasRoom(count)) {
                        pipeline.publish();
                    }
                    int base = pipeline.log(t).record(first, count, forward);
                    System.arraycopy(c, 0, pipeline.log(t).cos, base, count);
                    System.arraycopy(s, 0, pipeline.log(t).sin, base, count);
                } else {
                    applySequentially(sequential[t], sequentialCols[t], first, count, forward,
                            c, s);
                }
            }
        }
    }

    private static void applySequentially(double[] x, int cols, int first, int count,
                                          boolean forward, double[] c, double[] s) {
        for (int step = 0; step < count; step++) {
            int r = forward ? step : count - 1 - step;
            for (int j = 0; j < cols; j++) {
                int top = (first + r) * cols + j;
                double u = x[top];
                double v = x[top + cols];
                x[top] = c[r] * u + s[r] * v;
                x[top + cols] = c[r] * v - s[r] * u;
            }
        }
    }

    /**
     * Rotations are orthogonal, so every column keeps its norm (here 1 for a unit start) and
     * each rotation adds at most about 2 eps of rounding error to it: CHAINS chains of up to 300
     * rotations allow 2 * (total rotations touching the column) eps, which the bound covers.
     */
    private static void checkAgainstSequential(double[][] x, int rows, int[] cols,
                                               double swapShare) {
        double[][] expected = start(rows, cols);
        record(null, rows, expected, cols, swapShare);
        for (int t = 0; t < 2; t++) {
            double worst = 0;
            for (int i = 0; i < x[t].length; i++) {
                worst = Math.max(worst, Math.abs(x[t][i] - expected[t][i]));
            }
            assertTrue(worst <= 4 * CHAINS * 300 * EPS, "target " + t + ": " + worst);
        }
    }

    /** Identity-like starts: row i of each target is e_(i mod cols). */
    private static double[][] start(int rows, int[] cols) {
        double[][] x = new double[2][];
        for (int t = 0; t < 2; t++) {
            x[t] = new double[rows * cols[t]];
            for (int i = 0; i < rows; i++) {
                x[t][i * cols[t] + i % cols[t]] = 1;
            }
        }
        return x;
    }
}
