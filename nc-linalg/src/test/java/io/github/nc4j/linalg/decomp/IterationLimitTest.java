package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The QR and dqds iterations stop at their caps with an exception naming the order and the
 * iteration count (never a hang); a lowered cap makes them hit it on an ordinary input.
 */
class IterationLimitTest {

    /** Order 50, entries in [1, 2): far from converging after a few dozen steps. */
    private static final Random BIDIAGONAL = new Random(1);
    private static final double[] D = BIDIAGONAL.doubles(50, 1, 2).toArray();
    private static final double[] E = BIDIAGONAL.doubles(49, 1, 2).toArray();

    @Test
    void bidiagonalQrStopsAtItsCap() {
        assertStops(() -> BidiagonalQr.solve(D.clone(), E.clone(), null, null, "Svd.values", 100),
                "Svd.values: ", "order 50", "inner steps");
    }

    @Test
    void dqdsStopsAtItsCap() {
        assertStops(() -> Dqds.singularValues(D.clone(), E, "Svd.values", 20),
                "Svd.values: ", "order 50", " transforms");
    }

    @Test
    void tridiagonalQrStopsAtItsCap() {
        Random random = new Random(2);
        double[] d = random.doubles(40).toArray();
        double[] e = random.doubles(39, 0.5, 1).toArray();
        assertStops(() -> TridiagonalQr.diagonalize(d, e, null, "SymmetricEigen.of", 3),
                "SymmetricEigen.of: ", "order 40", "3 iterations");
    }

    private static void assertStops(Executable iteration, String prefix, String order,
                                    String count) {
        String message = assertThrows(ArithmeticException.class, iteration).getMessage();
        assertTrue(message.startsWith(prefix) && message.contains(order)
                && message.contains(count), message);
    }

    /** A third of each default cap suffices for random input: the caps are not hit in practice. */
    @Test
    void defaultCapsAreFarAboveWhatConvergenceNeeds() {
        Random random = new Random(3);
        double[] d = random.doubles(200, -1, 1).toArray();
        double[] e = random.doubles(199, -1, 1).toArray();
        BidiagonalQr.solve(d.clone(), e.clone(), null, null, "test", 2L * 200 * 200);
        TridiagonalQr.diagonalize(d.clone(), e.clone(), null, "test", 10 * 200);
        // Uniformly random bidiagonals are among dqds' slowest inputs, about 10 per value.
        int n = 500;
        Dqds.singularValues(random.doubles(n, -1, 1).toArray(),
                random.doubles(n - 1, -1, 1).toArray(), "test",
                Dqds.MAX_TRANSFORMS_PER_VALUE * n / 3);
    }
}
