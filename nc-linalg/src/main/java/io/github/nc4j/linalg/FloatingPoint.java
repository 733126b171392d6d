package io.github.nc4j.linalg;

/**
 * The constants of IEEE 754 double precision that nc4j's error bounds and tolerances are written
 * in.
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
}
