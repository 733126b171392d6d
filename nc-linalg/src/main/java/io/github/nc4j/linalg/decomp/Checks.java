package io.github.nc4j.linalg.decomp;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;

/** Argument checks shared by the decompositions, with messages that name the problem. */
final class Checks {

    /**
     * A matrix counts as symmetric when {@code |a_ij - a_ji| <= SYMMETRY_TOLERANCE * max|a|}:
     * half the working precision, loose enough for a Gram matrix summed in a different order
     * on each side, tight enough to reject a matrix that was never meant to be symmetric.
     */
    static final double SYMMETRY_TOLERANCE = Math.sqrt(EPS);

    private Checks() {
    }

    static void requireFinite(Matrix a, String operation) {
        double[] data = a.data();
        for (int k = 0; k < data.length; k++) {
            if (!Double.isFinite(data[k])) {
                throw new IllegalArgumentException(operation + ": element (" + k / a.cols() + ", "
                        + k % a.cols() + ") of the " + a.shape() + " input is " + data[k]);
            }
        }
    }

    static void requireSquare(Matrix a, String operation) {
        if (!a.isSquare()) {
            throw new IllegalArgumentException(operation + " needs a square matrix, got "
                    + a.shape());
        }
    }

    /** Square, finite and symmetric within {@link #SYMMETRY_TOLERANCE}. */
    static void requireSymmetric(Matrix a, String operation) {
        requireSquare(a, operation);
        requireFinite(a, operation);
        int n = a.rows();
        double[] data = a.data();
        double allowed = SYMMETRY_TOLERANCE * a.maxAbs();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double lower = data[i * n + j];
                double upper = data[j * n + i];
                if (!(Math.abs(lower - upper) <= allowed)) {
                    throw new IllegalArgumentException(operation + " needs a symmetric matrix, but"
                            + " in the " + a.shape() + " input a(" + i + ", " + j + ") = " + lower
                            + " and a(" + j + ", " + i + ") = " + upper
                            + " (allowed difference " + allowed + ")");
                }
            }
        }
    }

    static void requireRows(Matrix b, int rows, int cols, String operation) {
        if (b.rows() != rows) {
            throw new IllegalArgumentException(operation + ": the right-hand side is " + b.shape()
                    + " but the matrix is " + rows + "x" + cols
                    + "; they need the same number of rows");
        }
    }
}
