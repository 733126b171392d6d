package io.github.nc4j.linalg;

/**
 * The arithmetic a matrix product is computed in. Matrices always hold doubles; a product in
 * {@link #FLOAT32} rounds its operands to float while packing them, multiplies and sums in
 * float, and adds the result into the double-precision output. That doubles the values a SIMD
 * register holds, and roughly the speed of a large product, at the cost of about eight of the
 * sixteen significant digits: the trade neural-network training makes. Decompositions and
 * everything else in nc4j stay in double.
 *
 * @see Blas#gemm(double, Matrix, boolean, Matrix, boolean, double, Matrix, Precision)
 */
public enum Precision {

    /** IEEE 754 double precision (binary64): 53 significant bits. */
    FLOAT64(FloatingPoint.UNIT_ROUNDOFF),

    /**
     * IEEE 754 single precision (binary32): 24 significant bits, and a range of about
     * {@code 1.2e-38} (normal) to {@code 3.4e38}; operands beyond it become infinite or lose
     * their low bits as subnormals when rounded to float.
     */
    FLOAT32(Math.ulp(1.0f) / 2.0);

    private final double unitRoundoff;

    Precision(double unitRoundoff) {
        this.unitRoundoff = unitRoundoff;
    }

    /**
     * {@return the unit roundoff u, the largest relative error of one correctly rounded operation
     * in the normal range: {@code 2^-53} for FLOAT64, {@code 2^-24} for FLOAT32}
     */
    public double unitRoundoff() {
        return unitRoundoff;
    }
}
