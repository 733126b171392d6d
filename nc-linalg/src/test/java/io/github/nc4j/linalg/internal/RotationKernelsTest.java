package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link RotationKernels#rotateRows} in both implementations against its definition, on lengths
 * that break the vector loops' tails and unrolling, at misaligned offsets.
 */
class RotationKernelsTest {

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
}
