package io.github.nc4j.linalg;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

/**
 * Independent references for the kernel tests: dot products accurate as if computed in twice the
 * working precision (Ogita, Rump and Oishi, "Accurate sum and dot product", SIAM J. Sci. Comput.
 * 2005, algorithm Dot2: error-free products by FMA and error-free sums by TwoSum).
 */
public final class Reference {

    private Reference() {
    }

    /** {@code sum_i x(i) y(i)} with x(i) = {@code x[xOff + i * xStride]}, compensated. */
    public static double dot(int n, double[] x, int xOff, int xStride,
                             double[] y, int yOff, int yStride) {
        double sum = 0;
        double compensation = 0;
        for (int i = 0; i < n; i++) {
            double a = x[xOff + i * xStride];
            double b = y[yOff + i * yStride];
            double product = a * b;
            double productError = Math.fma(a, b, -product);
            double t = sum + product;
            double z = t - sum;
            double sumError = (sum - (t - z)) + (product - z);
            sum = t;
            compensation += productError + sumError;
        }
        return sum + compensation;
    }

    /** {@code sum_i |x(i)| |y(i)|}, the scale of a dot product's rounding error. */
    public static double absDot(int n, double[] x, int xOff, int xStride,
                                double[] y, int yOff, int yStride) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.abs(x[xOff + i * xStride] * y[yOff + i * yStride]);
        }
        return sum;
    }

    /**
     * The error a product may make in one element of {@code alpha op(A) op(B) + beta C}, given
     * {@code |alpha|}, {@code sum_l |a_il||b_lj|} and {@code |beta c_ij|}.
     */
    @FunctionalInterface
    public interface ElementBound {
        /** {@return the bound for these magnitudes} */
        double of(double absAlpha, double absProducts, double absOld);
    }

    /**
     * A GEMM reference on stored operands: fills {@code exact} with
     * {@code alpha op(A) op(B) + beta C} and {@code bound} with the error a correct double
     * kernel may make in each element: {@code (k + 2) eps (|alpha| sum_l |a_il||b_lj| +
     * |beta c_ij|)} (k roundings of the products' sum, one of alpha, one of adding to C), plus
     * {@code (k + 2) MIN_VALUE} for results in the subnormal range.
     */
    public static void gemm(int m, int n, int k, double alpha, Matrix a, boolean transA,
                            Matrix b, boolean transB, double beta, Matrix c,
                            double[] exact, double[] bound) {
        gemm(m, n, k, alpha, a, transA, b, transB, beta, c, exact, bound,
                (absAlpha, absProducts, absOld) -> (k + 2) * EPS * (absAlpha * absProducts
                        + absOld) + (k + 2) * Double.MIN_VALUE);
    }

    /** {@link #gemm} with the error bound of each element given by {@code elementBound}. */
    public static void gemm(int m, int n, int k, double alpha, Matrix a, boolean transA,
                            Matrix b, boolean transB, double beta, Matrix c,
                            double[] exact, double[] bound, ElementBound elementBound) {
        double[] ad = a.data();
        double[] bd = b.data();
        int aRow = transA ? 1 : a.cols();
        int aCol = transA ? a.cols() : 1;
        int bRow = transB ? 1 : b.cols();
        int bCol = transB ? b.cols() : 1;
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double dot = dot(k, ad, i * aRow, aCol, bd, j * bCol, bRow);
                double scale = absDot(k, ad, i * aRow, aCol, bd, j * bCol, bRow);
                double old = beta == 0 ? 0 : beta * c.get(i, j);
                exact[i * n + j] = (alpha == 0 ? 0 : alpha * dot) + old;
                bound[i * n + j] = elementBound.of(Math.abs(alpha), scale, Math.abs(old));
            }
        }
    }
}
