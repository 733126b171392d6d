package io.github.nc4j.linalg.internal;

/**
 * Level-1 BLAS and elementwise loops over slices of arrays: {@link ScalarLevel1Kernels}, the
 * reference, and {@code VectorLevel1Kernels}. Arguments are not bounds-checked here beyond what
 * the JVM does; callers validate shapes at the public API boundary.
 */
public interface Level1Kernels {

    /** {@code sum_i x[xOff + i] * y[yOff + i]} for {@code i < n}. */
    double dot(int n, double[] x, int xOff, double[] y, int yOff);

    /** {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}. */
    void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff);

    /**
     * {@code y[yOff + i] += x[xOff + i]} where {@code m[mOff + i] > 0}, for {@code i < n}; y is
     * left as it was elsewhere, even where x is infinite or NaN. The backward pass of a ReLU
     * (x the output gradient, m the input): a branch on the signs of fresh pre-activations is
     * mispredicted half the time, which is why the vector kernels blend instead.
     */
    void addWherePositive(int n, double[] x, int xOff, double[] m, int mOff,
                          double[] y, int yOff);

    /**
     * Returns {@code sum_i a[aOff + i] * x[xOff + i]} and, in the same pass over a, adds
     * {@code alpha * a[aOff + i]} to {@code y[yOff + i]}, for {@code i < n}: one row of a
     * symmetric matrix-vector product that reads only one triangle, where the row serves both
     * as a row (the dot product) and as a column (the AXPY). x and y must not overlap.
     */
    double dotAxpy(int n, double[] a, int aOff, double[] x, int xOff, double alpha,
                   double[] y, int yOff);

    /**
     * {@link #dotAxpy} for two rows of a at once, at {@code a0Off} and {@code a1Off}: stores
     * {@code sum_i a[a0Off + i] * x[xOff + i]} in {@code dots[0]} and the second row's sum in
     * {@code dots[1]}, and adds {@code alpha0 * a[a0Off + i] + alpha1 * a[a1Off + i]} to
     * {@code y[yOff + i]}, for {@code i < n}. Each element of x and y is loaded, and y stored,
     * once for both rows, which is what limits the one-row kernel when a is in cache. x, y and
     * dots must not overlap a or each other.
     */
    void dotAxpy2(int n, double[] a, int a0Off, int a1Off, double[] x, int xOff, double alpha0,
                  double alpha1, double[] y, int yOff, double[] dots);

    /**
     * {@code out[outOff + r] = sum_i x[xOff + r * ldx + i] * v[vOff + i]} for {@code r < rows},
     * {@code i < n}: the product of a row-major rows x n matrix and a vector, that is, the dot
     * products of several vectors with one. The vector kernel reads v once per group of rows,
     * which is what limits separate short dot products. out must not overlap x or v.
     */
    void multiDot(int rows, int n, double[] x, int xOff, int ldx, double[] v, int vOff,
                  double[] out, int outOff);

    /**
     * {@code y[yOff + i] += sum_r alpha[alphaOff + r] * x[xOff + r * ldx + i]} for
     * {@code i < n}, {@code r < rows}: the transposed product of a row-major rows x n matrix and
     * a vector, added to y, that is, several AXPYs into one y. The vector kernel loads and stores
     * y once per group of rows, which is what limits separate short AXPYs. y must not overlap
     * x or alpha.
     */
    void multiAxpy(int rows, int n, double[] alpha, int alphaOff, double[] x, int xOff, int ldx,
                   double[] y, int yOff);
}
