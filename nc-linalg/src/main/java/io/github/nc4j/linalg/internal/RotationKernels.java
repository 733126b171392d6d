package io.github.nc4j.linalg.internal;

/**
 * The plane-rotation updates of the QR iterations behind the SVD and the symmetric
 * eigensolver: {@link ScalarRotationKernels}, the reference, and {@code VectorRotationKernels}.
 */
public interface RotationKernels {

    /**
     * Applies a chain of plane rotations in scaled ("fast Givens") form to consecutive rows of a
     * row-major block: rotation {@code r} replaces rows p and q by {@code p + mulP[csOff + r] q}
     * and {@code q + mulQ[csOff + r] p} (both from the old values, each one FMA), where (p, q)
     * is (row r, row r + 1) in a forward chain and (row r + 1, row r) in a backward one; row
     * {@code r} is {@code x[off + r * ld + j]} for {@code j < len}. A forward chain applies
     * {@code r = 0, 1, ..., count - 1} in that order, a backward chain the reverse. The caller
     * turns each rotation into its two multipliers and keeps the rows' scale factors.
     *
     * <p>This is the vector update of the QR algorithms for bidiagonal and tridiagonal matrices
     * (LAPACK's {@code dlasr}) with the vectors stored as rows, so that each rotation reads and
     * writes two contiguous rows; the row shared by consecutive rotations stays in registers.
     */
    void rotateRows(int count, double[] mulP, double[] mulQ, int csOff, boolean forward,
                    double[] x, int off, int ld, int len);
}
