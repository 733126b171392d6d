package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;
import static io.github.nc4j.linalg.FloatingPoint.leadingPowerOfTwo;

/**
 * Whole-row operations on a row-major block (element (i, j) at {@code x[off + i * ld + j]}):
 * row swaps for pivoting and sorting, sign flips of singular vectors, and the power-of-two
 * scaling of inputs near underflow or overflow.
 */
final class Rows {

    /**
     * The range {@code [SAFE_SMALL, SAFE_LARGE]} of {@code max|a_ij|} that LAPACK's
     * {@code dgesvd} leaves unscaled ({@code smlnum = sqrt(safmin) / eps} and
     * {@code bignum = 1 / smlnum}): well inside it, no intermediate of a Householder
     * factorization overflows or underflows.
     */
    static final double SAFE_SMALL = Math.sqrt(Double.MIN_NORMAL) / EPS;
    static final double SAFE_LARGE = 1 / SAFE_SMALL;

    private Rows() {
    }

    static void swap(double[] x, int off, int ld, int cols, int i, int k) {
        int a = off + i * ld;
        int b = off + k * ld;
        for (int j = 0; j < cols; j++) {
            double t = x[a + j];
            x[a + j] = x[b + j];
            x[b + j] = t;
        }
    }

    static void negate(double[] x, int off, int ld, int cols, int i) {
        int row = off + i * ld;
        for (int j = row; j < row + cols; j++) {
            x[j] = -x[j];
        }
    }

    /**
     * A power of two that brings a finite {@code norm} into {@code [small, large]}, or 1 if it is
     * there already (or zero): the ratio of the leading powers of two of the bound and the norm
     * ({@link io.github.nc4j.linalg.FloatingPoint#leadingPowerOfTwo}). Powers of two scale
     * exactly, so values the scaling does not push into the subnormal range come back unchanged
     * (LAPACK's drivers scale by dlascl the same way).
     */
    static double safeScale(double norm, double small, double large) {
        if (norm > 0 && norm < small) {
            return leadingPowerOfTwo(small) / leadingPowerOfTwo(norm);
        }
        if (norm > large) {
            return leadingPowerOfTwo(large) / leadingPowerOfTwo(norm);
        }
        return 1;
    }
}
