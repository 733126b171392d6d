package io.github.nc4j.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The public face of the float32 products: {@link Blas#gemm} with a {@link Precision} and
 * {@link Matrix#times(Matrix, Precision)}. Their accuracy is checked in
 * {@code FloatGemmProperties}.
 */
class PrecisionTest {

    @Test
    void unitRoundoffs() {
        assertEquals(Math.scalb(1.0, -53), Precision.FLOAT64.unitRoundoff());
        assertEquals(Math.scalb(1.0, -24), Precision.FLOAT32.unitRoundoff());
    }

    @Test
    void float64IsTheDefaultProduct() {
        Random random = new Random(5);
        Matrix a = Matrix.gaussian(60, 70, random);
        Matrix b = Matrix.gaussian(70, 50, random);
        assertEquals(a.times(b), a.times(b, Precision.FLOAT64));
        Matrix c = Matrix.gaussian(70, 70, random);
        Matrix expected = c.copy();
        Blas.gemm(0.5, a, true, a, false, -1.0, expected);
        Blas.gemm(0.5, a, true, a, false, -1.0, c, Precision.FLOAT64);
        assertEquals(expected, c);
    }

    /**
     * A float32 product differs from the double one by float roundoff, within the documented
     * bound {@code (k + 3) u sum_l |a_il| |b_lj|}, and by more than double roundoff.
     */
    @Test
    void float32ProductIsWithinItsBound() {
        Random random = new Random(6);
        int k = 70;
        Matrix a = Matrix.gaussian(60, k, random);
        Matrix b = Matrix.gaussian(k, 50, random);
        Matrix exact = a.times(b);
        Matrix single = a.times(b, Precision.FLOAT32);
        Matrix scale = a.map(Math::abs).times(b.map(Math::abs));
        double u = Precision.FLOAT32.unitRoundoff();
        for (int e = 0; e < exact.size(); e++) {
            double error = Math.abs(single.data()[e] - exact.data()[e]);
            assertTrue(error <= (k + 3) * u * scale.data()[e] * (1 + 1e-6), "element " + e);
        }
        assertNotEquals(exact, single);
        assertTrue(exact.minus(single).maxAbs() > 1e-9);
    }

    @Test
    void float32ShapeErrorsNameEveryShapeAndNullPrecisionIsRejected() {
        Matrix a = Matrix.zeros(3, 4);
        Matrix c = Matrix.zeros(3, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Blas.gemm(1, a, false, a, false, 0, c, Precision.FLOAT32));
        assertTrue(e.getMessage().contains("3x4") && e.getMessage().contains("3x3"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> a.times(a, Precision.FLOAT32));
        assertThrows(NullPointerException.class,
                () -> Blas.gemm(1, a, false, a, true, 0, c, null));
    }
}
