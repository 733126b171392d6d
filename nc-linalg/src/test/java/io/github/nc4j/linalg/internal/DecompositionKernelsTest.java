package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Reference;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The kernels the decompositions added, {@link RotationKernels#rotateRows} and {@link Level1Kernels#dotAxpy},
 * in both implementations against their definitions, on lengths that break the vector loops'
 * tails and unrolling, at misaligned offsets.
 */
class DecompositionKernelsTest {

    private static final int[] LENGTHS = {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64,
        65, 100, 129};
    private static final List<Kernels> KERNELS = List.of(Kernels.scalar(), VectorKernels.create());

    @Test
    void matchesOneScaledRotationAtATime() {
        Random random = new Random(3);
        for (int len : LENGTHS) {
            for (int count : new int[] {1, 2, 5, 12}) {
                for (boolean forward : new boolean[] {true, false}) {
                    check(len, count, forward, random);
                }
            }
        }
    }

    /**
     * Rows of length len at leading dimension len + 3 (so rows are misaligned) inside a larger
     * array. The kernel is defined as one FMA per output from the old values, so both
     * implementations must give exactly the bits of that definition applied step by step.
     */
    private static void check(int len, int count, boolean forward, Random random) {
        int ld = len + 3;
        int off = 2;
        int rows = count + 1;
        double[] x0 = random.doubles(off + rows * ld + 1, -1, 1).toArray();
        double[] mulP = new double[count + 1];
        double[] mulQ = new double[count + 1];
        for (int r = 0; r < count; r++) {
            mulP[r + 1] = random.nextDouble() * 2 - 1;
            mulQ[r + 1] = random.nextDouble() * 2 - 1;
        }
        double[] expected = x0.clone();
        for (int step = 0; step < count; step++) {
            int r = forward ? step : count - 1 - step;
            for (int j = 0; j < len; j++) {
                int top = off + r * ld + j;
                int p = forward ? top : top + ld;
                int q = forward ? top + ld : top;
                double u = expected[p];
                double v = expected[q];
                expected[p] = Math.fma(v, mulP[r + 1], u);
                expected[q] = Math.fma(u, mulQ[r + 1], v);
            }
        }
        for (Kernels kernels : KERNELS) {
            double[] x = x0.clone();
            kernels.rotations().rotateRows(count, mulP, mulQ, 1, forward, x, off, ld, len);
            for (int k = 0; k < x.length; k++) {
                assertEquals(expected[k], x[k], 0.0, kernels.name() + " len " + len + " count "
                        + count + (forward ? " forward" : " backward") + " at " + k);
            }
        }
    }

    @Test
    void dotAxpyMatchesDotAndAxpy() {
        Random random = new Random(4);
        for (int n : LENGTHS) {
            double[] a = random.doubles(n + 1, -1, 1).toArray();
            double[] x = random.doubles(n + 2, -1, 1).toArray();
            double[] y0 = random.doubles(n + 3, -1, 1).toArray();
            double alpha = -0.625;
            double exact = Reference.dot(n, a, 1, 1, x, 2, 1);
            double dotBound = n * Reference.EPS * Reference.absDot(n, a, 1, 1, x, 2, 1);
            for (Kernels kernels : KERNELS) {
                double[] y = y0.clone();
                double dot = kernels.level1().dotAxpy(n, a, 1, x, 2, alpha, y, 3);
                assertTrue(Math.abs(dot - exact) <= dotBound, kernels.name() + " dot, n = " + n);
                for (int k = 0; k < y.length; k++) {
                    if (k < 3) {
                        assertEquals(y0[k], y[k], 0.0, kernels.name() + ": wrote before y");
                        continue;
                    }
                    double expected = y0[k] + alpha * a[k - 2];
                    // one rounding of the product and one of the sum
                    double bound = 2 * Reference.EPS
                            * (Math.abs(y0[k]) + Math.abs(alpha * a[k - 2]));
                    assertTrue(Math.abs(y[k] - expected) <= bound,
                            kernels.name() + " axpy, n = " + n + ", k = " + k);
                }
            }
        }
    }
}
