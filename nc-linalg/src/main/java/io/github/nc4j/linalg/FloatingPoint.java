package io.github.nc4j.linalg;

/**
 * The constants of IEEE 754 double precision that nc4j's error bounds and tolerances are written
 * in, and the power of two by which its algorithms scale values exactly.
 *
 * <p>Two conventions for "epsilon" are in use (Higham, "Accuracy and Stability of Numerical
 * Algorithms", 2nd ed., 2002, §2.1): the machine epsilon {@link #EPS}, the distance from 1 to the
 * next double (NumPy's {@code finfo(float).eps}, MATLAB's {@code eps}, DESIGN.md's {@code eps}),
 * and the unit roundoff {@link #UNIT_ROUNDOFF}, half of it, the largest relative error of one
 * correctly rounded operation (LAPACK's {@code dlamch('E')}).
 */
public final class FloatingPoint {

    /** Machine epsilon, {@code 2^-52}: the distance from 1 to the next larger double. */
    public static final double EPS = Math.ulp(1.0);

    /**
     * Unit roundoff, {@code 2^-53 = EPS / 2}: {@code |fl(x op y) - x op y| <= UNIT_ROUNDOFF
     * |x op y|} for one correctly rounded operation in the normal range.
     */
    public static final double UNIT_ROUNDOFF = EPS / 2;

    private FloatingPoint() {
    }

    /**
     * The power of two {@code 2^Math.getExponent(v)}: for a normal v, that of its leading bit, so
     * {@code 1 <= |v| / leadingPowerOfTwo(v) < 2}. For zero and subnormal v it is {@code 2^-1023}
     * (half of {@link Double#MIN_NORMAL}: {@link Math#getExponent} gives them the exponent
     * -1023); for infinities and NaN it is infinite. So {@code |v| < 2 leadingPowerOfTwo(v)} for
     * every finite v.
     *
     * <p>Multiplying by a power of two is exact unless the product leaves the normal range, so a
     * scaling built from this power keeps values intact while keeping intermediate results, such
     * as sums of squares, from overflowing or underflowing (as LAPACK's {@code dlascl} and
     * {@code dnrm2} do). The result is exact for every v, and so are these, for every finite v:
     * {@code 0.5 / leadingPowerOfTwo(v)} (between {@code 2^-1024} and {@code 2^1022}), which
     * brings a normal v into [0.5, 1) in magnitude; {@code 2 leadingPowerOfTwo(v)}, the power
     * above |v| (infinite for {@code |v| >= 2^1023}); and the quotient of two of them, a power of
     * two that moves one binade onto another, correctly rounded where it leaves the range of
     * doubles. (The reciprocal of {@code 2 leadingPowerOfTwo(v)} is not: it is 0 rather than
     * {@code 2^-1024} for {@code |v| >= 2^1023}.)
     *
     * @param v any double
     * @return {@code 2^Math.getExponent(v)}
     */
    public static double leadingPowerOfTwo(double v) {
        return Math.scalb(1.0, Math.getExponent(v));
    }
}
