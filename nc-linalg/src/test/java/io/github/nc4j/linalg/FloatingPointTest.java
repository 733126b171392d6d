package io.github.nc4j.linalg;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static io.github.nc4j.linalg.FloatingPoint.UNIT_ROUNDOFF;
import static io.github.nc4j.linalg.FloatingPoint.leadingPowerOfTwo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The constants of double precision, and the power-of-two helper up to the ends of its range. */
class FloatingPointTest {

    /** {@code 2^e} written out bit by bit, without Math.scalb, for the normal exponents. */
    private static double power(int e) {
        return Double.longBitsToDouble((long) (e + Double.MAX_EXPONENT) << 52);
    }

    @Test
    void epsilonIsTheGapAboveOneAndUnitRoundoffHalfOfIt() {
        assertEquals(0x1p-52, EPS);
        assertEquals(Math.nextUp(1.0) - 1.0, EPS);
        assertEquals(0x1p-53, UNIT_ROUNDOFF);
        // 1 + u is a tie and rounds to even (1); anything above it rounds up.
        assertEquals(1.0, 1.0 + UNIT_ROUNDOFF);
        assertEquals(1.0 + EPS, 1.0 + Math.nextUp(UNIT_ROUNDOFF));
    }

    @Test
    void powersOfTwoAreTheirOwnLeadingPower() {
        for (int e = Double.MIN_EXPONENT; e <= Double.MAX_EXPONENT; e++) {
            double p = power(e);
            assertEquals(p, leadingPowerOfTwo(p), "2^" + e);
            assertEquals(p, leadingPowerOfTwo(-p), "-2^" + e);
        }
    }

    @Test
    void justBelowAPowerOfTwoIsTheBinadeBelowAndJustAboveTheSame() {
        for (int e = Double.MIN_EXPONENT + 1; e <= Double.MAX_EXPONENT; e++) {
            double p = power(e);
            assertEquals(p / 2, leadingPowerOfTwo(Math.nextDown(p)), "below 2^" + e);
            assertEquals(p, leadingPowerOfTwo(Math.nextUp(p)), "above 2^" + e);
        }
        assertEquals(1.0, leadingPowerOfTwo(Math.nextDown(2.0)));
        assertEquals(0.5, leadingPowerOfTwo(Math.nextDown(1.0)));
    }

    @Test
    void theEndsOfTheRange() {
        double half = Double.MIN_NORMAL / 2;
        assertEquals(0x1p-1023, half);
        assertEquals(Double.MIN_NORMAL, leadingPowerOfTwo(Double.MIN_NORMAL));
        // Zero and subnormals share Math.getExponent's exponent -1023.
        assertEquals(half, leadingPowerOfTwo(Math.nextDown(Double.MIN_NORMAL)));
        assertEquals(half, leadingPowerOfTwo(Double.MIN_VALUE));
        assertEquals(half, leadingPowerOfTwo(-Double.MIN_VALUE));
        assertEquals(half, leadingPowerOfTwo(0.0));
        assertEquals(half, leadingPowerOfTwo(-0.0));
        assertEquals(0x1p1023, leadingPowerOfTwo(Double.MAX_VALUE));
        assertEquals(Double.POSITIVE_INFINITY, leadingPowerOfTwo(Double.POSITIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, leadingPowerOfTwo(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, leadingPowerOfTwo(Double.NaN));
        // The power above |v| overflows in the top binade; the reciprocal scale does not.
        assertEquals(Double.POSITIVE_INFINITY, 2 * leadingPowerOfTwo(Double.MAX_VALUE));
        assertEquals(0x1p-1024, 0.5 / leadingPowerOfTwo(Double.MAX_VALUE));
        assertEquals(0x1p1022, 0.5 / leadingPowerOfTwo(Double.MIN_VALUE));
    }

    @Test
    void everyFiniteValueIsBelowTwiceItsLeadingPower() {
        Random random = new Random(5);
        for (int i = 0; i < 100_000; i++) {
            double v = Double.longBitsToDouble(random.nextLong());
            if (!Double.isFinite(v)) {
                continue;
            }
            double p = leadingPowerOfTwo(v);
            assertTrue(Math.abs(v) < 2 * p, v + " vs " + p);
            if (Math.abs(v) >= Double.MIN_NORMAL) {
                assertTrue(p <= Math.abs(v), v + " vs " + p);
            }
        }
    }

    /**
     * The scalings built on the helper are the Math.scalb forms they replaced, bit for bit, for
     * every exponent Math.getExponent returns: Blas.nrm2's power above |v|, NcMetrics's unit
     * scale and the decompositions' Rows.safeScale (a quotient of two powers, of finite values),
     * the latter also where it leaves the range of doubles.
     */
    @Test
    void theScalingsBuiltOnItAreTheScalbFormsBitForBit() {
        for (int a = Double.MIN_EXPONENT - 1; a <= Double.MAX_EXPONENT + 1; a++) {
            double v = a < Double.MIN_EXPONENT ? Double.MIN_VALUE
                    : a > Double.MAX_EXPONENT ? Double.POSITIVE_INFINITY : 1.5 * power(a);
            assertEquals(a, Math.getExponent(v));
            assertEquals(Math.scalb(1.0, a + 1), 2 * leadingPowerOfTwo(v), "above, 2^" + a);
            if (!Double.isFinite(v)) {
                continue;
            }
            assertEquals(Math.scalb(1.0, -a - 1), 0.5 / leadingPowerOfTwo(v), "unit, 2^" + a);
            for (int b = Double.MIN_EXPONENT - 1; b <= Double.MAX_EXPONENT; b++) {
                double w = b < Double.MIN_EXPONENT ? Double.MIN_VALUE : power(b);
                int numerator = a;
                int denominator = b;
                assertEquals(Math.scalb(1.0, a - b), leadingPowerOfTwo(v) / leadingPowerOfTwo(w),
                        () -> "2^" + numerator + " / 2^" + denominator);
            }
        }
    }
}
