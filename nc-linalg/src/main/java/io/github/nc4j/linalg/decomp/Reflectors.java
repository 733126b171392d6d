package io.github.nc4j.linalg.decomp;

/**
 * Where a factorization left its Householder reflectors {@code H_j = I - tau_j v_j v_j^T},
 * {@code j < count}, each acting on vectors of length {@code length}: {@code v_j(i) = 0} for
 * {@code i < j}, {@code v_j(j) = 1} (implicit, not stored), and {@code v_j(i)} for {@code i > j}
 * stored in {@code a} down a column ({@code a[off + i * lda + j]}) or along a row
 * ({@code a[off + j * lda + i]}), as LAPACK stores them below or right of the diagonal.
 */
record Reflectors(double[] a, int off, int lda, boolean alongRows, int count, int length,
                  double[] tau) {

    /** Stored element i (> j) of reflector j. */
    double element(int j, int i) {
        return alongRows ? a[off + j * lda + i] : a[off + i * lda + j];
    }
}
