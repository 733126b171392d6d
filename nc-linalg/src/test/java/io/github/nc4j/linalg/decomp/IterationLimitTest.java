package io.github.nc4j.linalg.decomp;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The QR iterations stop at their caps with an exception naming the order and the iteration
 * count (never a hang); a lowered cap makes them hit it on an ordinary input.
 */
class IterationLimitTest {

    @Test
    void bidiagonalQrStopsAtItsCap() {
        Random random = new Random(1);
        double[] d = random.doubles(50, 1, 2).toArray();
        double[] e = random.doubles(49, 1, 2).toArray();
        var failure = assertThrows(ArithmeticException.class,
                () -> BidiagonalQr.solve(d, e, null, null, "Svd.values", 100));
        String message = failure.getMessage();
        assertTrue(message.startsWith("Svd.values: ") && message.contains("order 50")
                && message.contains("inner steps"), message);
    }

    @Test
    void tridiagonalQrStopsAtItsCap() {
        Random random = new Random(2);
        double[] d = random.doubles(40).toArray();
        double[] e = random.doubles(39, 0.5, 1).toArray();
        var failure = assertThrows(ArithmeticException.class,
                () -> TridiagonalQr.diagonalize(d, e, null, "SymmetricEigen.of", 3));
        String message = failure.getMessage();
        assertTrue(message.startsWith("SymmetricEigen.of: ") && message.contains("order 40")
                && message.contains("3 iterations"), message);
    }

    /** A third of each default cap suffices for random input: the caps are not hit in practice. */
    @Test
    void defaultCapsAreFarAboveWhatConvergenceNeeds() {
        Random random = new Random(3);
        double[] d = random.doubles(200, -1, 1).toArray();
        double[] e = random.doubles(199, -1, 1).toArray();
        BidiagonalQr.solve(d.clone(), e.clone(), null, null, "test", 2L * 200 * 200);
        TridiagonalQr.diagonalize(d.clone(), e.clone(), null, "test", 10 * 200);
    }
}
