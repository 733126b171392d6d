package io.github.nc4j.linalg;

import io.github.nc4j.linalg.internal.FloatGemm;
import io.github.nc4j.linalg.internal.Gemm;
import io.github.nc4j.linalg.internal.Kernels;
import io.github.nc4j.linalg.internal.Level1Kernels;
import java.util.Objects;

/**
 * BLAS-style kernels with explicit outputs: they write into an argument and allocate nothing in
 * steady state.
 *
 * <p>Two levels of entry point: {@link Matrix} arguments for ordinary use, and raw row-major
 * arrays with an offset and a leading dimension (the distance between consecutive rows), so
 * that blocked algorithms can multiply sub-blocks of a larger matrix in place. In a raw call,
 * {@code op(X)} is {@code X} or {@code X^T}; the stored matrix {@code X} has {@code ld} columns
 * between row starts.
 *
 * <p>The level-3 kernels run on the SIMD implementation when the Vector API is available (see
 * {@link #implementation()}) and on {@link Parallelism#threads()} threads for large problems.
 * Their results are bitwise identical for every thread count.
 */
public final class Blas {

    /**
     * The smallest plain sum of squares {@link #nrm2} returns the root of. Squares that underflow
     * err by at most {@code MIN_VALUE / 2} each, relatively {@code n 2^-157} of a sum this large
     * (MIN_NORMAL / EPS^2): far below the sum's rounding error.
     */
    private static final double UNSCALED_MIN = 0x1p-918;

    private Blas() {
    }

    /**
     * {@return the name of the kernel implementation in use, {@code "vector"} or {@code "scalar"}}
     */
    public static String implementation() {
        return Kernels.get().name();
    }

    /**
     * Starts now, in the background, what the first products of each kind would otherwise
     * start: loading the SIMD kernels and running them until the JIT has compiled them, while
     * GEMM runs the scalar kernels, with the same results. A short-lived program that reads its
     * data before it multiplies can call this first, so that its products run at full speed
     * sooner. Returns at once; does nothing when the scalar kernels are in use or the warm-up is
     * off ({@code -Dnc4j.warmup=false}).
     *
     * @param precisions the precisions of the products to warm up; none means
     *     {@link Precision#FLOAT64}
     */
    public static void warmUp(Precision... precisions) {
        Objects.requireNonNull(precisions, "precisions");
        if (precisions.length == 0) {
            Gemm.warmUp(false);
        }
        for (Precision precision : precisions) {
            Gemm.warmUp(Objects.requireNonNull(precision, "precision") == Precision.FLOAT32);
        }
    }

    // ---------------------------------------------------------------- level 1

    /**
     * {@return the dot product of two matrices read as vectors; they must have the same shape}
     *
     * @param x the first matrix
     * @param y the second matrix
     */
    public static double dot(Matrix x, Matrix y) {
        x.requireSameShape(y, "dot");
        return Kernels.get().level1().dot(x.size(), x.data(), 0, y.data(), 0);
    }

    /**
     * {@return {@code sum_i x[xOff + i] * y[yOff + i]} for {@code i < n}}
     *
     * @param n the number of terms
     * @param x the first array
     * @param xOff the index of x's first term
     * @param y the second array
     * @param yOff the index of y's first term
     */
    public static double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        Objects.checkFromIndexSize(xOff, n, x.length);
        Objects.checkFromIndexSize(yOff, n, y.length);
        return Kernels.get().level1().dot(n, x, xOff, y, yOff);
    }

    /**
     * {@code y += alpha * x}; the shapes must match.
     *
     * @param alpha the scalar
     * @param x the matrix added
     * @param y the matrix updated in place
     */
    public static void axpy(double alpha, Matrix x, Matrix y) {
        x.requireSameShape(y, "axpy");
        Kernels.get().level1().axpy(x.size(), alpha, x.data(), 0, y.data(), 0);
    }

    /**
     * {@code y[yOff + i] += alpha * x[xOff + i]} for {@code i < n}.
     *
     * @param n the number of elements
     * @param alpha the scalar
     * @param x the array added
     * @param xOff the index of x's first element
     * @param y the array updated in place
     * @param yOff the index of y's first element
     */
    public static void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        Objects.checkFromIndexSize(xOff, n, x.length);
        Objects.checkFromIndexSize(yOff, n, y.length);
        Kernels.get().level1().axpy(n, alpha, x, xOff, y, yOff);
    }

    /**
     * {@code y += x} where {@code mask > 0}, elementwise; y keeps its value elsewhere, even where
     * x is infinite or NaN. The shapes must match. This is the backward pass of a ReLU (x the
     * output gradient, mask the input, y the input gradient): the vector kernels blend instead
     * of branching on signs, which fresh pre-activations make unpredictable.
     *
     * @param x the values added (the output gradient)
     * @param mask the values whose sign selects (the input)
     * @param y the matrix updated in place (the input gradient)
     */
    public static void addWherePositive(Matrix x, Matrix mask, Matrix y) {
        x.requireSameShape(mask, "addWherePositive");
        x.requireSameShape(y, "addWherePositive");
        Kernels.get().level1().addWherePositive(x.size(), x.data(), 0, mask.data(), 0,
                y.data(), 0);
    }

    /**
     * {@return the Euclidean norm of {@code x[off .. off + n)}, scaled as LAPACK's {@code dnrm2} so
     * that it overflows or underflows only when the result itself does}
     *
     * @param n the number of elements
     * @param x the array
     * @param off the index of the first element
     */
    public static double nrm2(int n, double[] x, int off) {
        Objects.checkFromIndexSize(off, n, x.length);
        double sumOfSquares = Kernels.get().level1().dot(n, x, off, x, off);
        // One pass when the plain sum of squares is finite (then no partial sum overflowed:
        // all terms are nonnegative) and not small enough for underflow to matter; else scale.
        if (sumOfSquares >= UNSCALED_MIN && sumOfSquares <= Double.MAX_VALUE) {
            return Math.sqrt(sumOfSquares);
        }
        double scale = 0;
        for (int i = off; i < off + n; i++) {
            double a = Math.abs(x[i]);
            if (!(a <= scale)) {
                scale = a;
            }
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale;
        }
        // Scaling by a power of two is exact; it keeps the sum of squares in range. Written as
        // 0.5 / 2^e rather than 1 / 2^(e+1), which overflows to 0 for the largest binade.
        double inv = 0.5 / FloatingPoint.leadingPowerOfTwo(scale);
        double sum = 0;
        for (int i = off; i < off + n; i++) {
            double v = x[i] * inv;
            sum += v * v;
        }
        return Math.sqrt(sum) / inv;
    }

    // ---------------------------------------------------------------- level 2

    /**
     * {@code y = alpha * op(A) x + beta * y} with {@code op(A)} = A or A^T.
     * With {@code beta == 0} the old contents of {@code y} are ignored (NaN included), and with
     * {@code alpha == 0} A and x are not read, as in reference BLAS.
     *
     * @param alpha the scalar on {@code op(A) x}
     * @param a the matrix A
     * @param transA whether {@code op(A)} is A^T
     * @param x the vector, of length {@code op(A)}'s column count
     * @param beta the scalar on the old y
     * @param y the result, of length {@code op(A)}'s row count, updated in place
     */
    public static void gemv(double alpha, Matrix a, boolean transA, double[] x,
                            double beta, double[] y) {
        int outLength = transA ? a.cols() : a.rows();
        int inLength = transA ? a.rows() : a.cols();
        if (x.length != inLength || y.length != outLength) {
            throw new IllegalArgumentException("gemv: op(A) is " + outLength + "x" + inLength
                    + " (A is " + a.shape() + (transA ? ", transposed" : "") + "), x has length "
                    + x.length + ", y has length " + y.length);
        }
        if (alpha == 0) {
            scale(beta, y);
            return;
        }
        Level1Kernels kernels = Kernels.get().level1();
        double[] ad = a.data();
        int cols = a.cols();
        if (!transA) {
            for (int i = 0; i < outLength; i++) {
                double product = kernels.dot(cols, ad, i * cols, x, 0);
                y[i] = beta == 0 ? alpha * product : alpha * product + beta * y[i];
            }
        } else {
            scale(beta, y);
            for (int i = 0; i < inLength; i++) {
                double coefficient = alpha * x[i];
                if (coefficient != 0) {
                    kernels.axpy(cols, coefficient, ad, i * cols, y, 0);
                }
            }
        }
    }

    private static void scale(double beta, double[] y) {
        if (beta == 0) {
            java.util.Arrays.fill(y, 0.0);
        } else if (beta != 1) {
            for (int i = 0; i < y.length; i++) {
                y[i] *= beta;
            }
        }
    }

    // ---------------------------------------------------------------- level 3

    /**
     * {@code C = alpha * op(A) op(B) + beta * C}, where {@code op(X)} is X or X^T.
     *
     * <p>With {@code beta == 0} the old contents of C are ignored (NaN included), and with
     * {@code alpha == 0} A and B are not read, as in reference BLAS. Each element of the result
     * is within {@code k * eps * sum_l |op(A)_il| |op(B)_lj|} of the exact value.
     *
     * @param alpha the scalar on the product
     * @param a the matrix A
     * @param transA whether {@code op(A)} is A^T
     * @param b the matrix B
     * @param transB whether {@code op(B)} is B^T
     * @param beta the scalar on the old C
     * @param c the result, updated in place
     * @throws IllegalArgumentException if the inner dimensions or the shape of C do not match;
     *     the message names all three shapes
     */
    public static void gemm(double alpha, Matrix a, boolean transA, Matrix b, boolean transB,
                            double beta, Matrix c) {
        gemm(alpha, a, transA, b, transB, beta, c, Precision.FLOAT64);
    }

    /**
     * {@code C = alpha * op(A) op(B) + beta * C} computed in the given precision; C is double
     * either way. {@link Precision#FLOAT64} is {@link #gemm(double, Matrix, boolean, Matrix,
     * boolean, double, Matrix)}. {@link Precision#FLOAT32} rounds the elements of A and B to
     * float as it packs them, multiplies and sums in float, and adds {@code alpha} times the
     * product into C in double: about twice as fast for large products, with each element
     * within {@code (k + 3) u |alpha| sum_l |op(A)_il| |op(B)_lj| + (k + 2) eps |beta C_ij|}
     * of the exact value, u = 2^-24 ({@link Precision#unitRoundoff()}) and eps = 2^-52, for
     * operands in float's normal range. Products of a few thousand multiply-adds, too small to gain from float, are
     * computed in double, which meets the same bound. The results are bitwise identical for
     * every thread count in both precisions; beta = 0 and alpha = 0 behave as above.
     *
     * @param alpha the scalar on the product
     * @param a the matrix A
     * @param transA whether {@code op(A)} is A^T
     * @param b the matrix B
     * @param transB whether {@code op(B)} is B^T
     * @param beta the scalar on the old C
     * @param c the result, updated in place
     * @param precision the arithmetic of the product
     * @throws IllegalArgumentException if the inner dimensions or the shape of C do not match;
     *     the message names all three shapes
     * @throws NullPointerException if {@code precision} is null
     */
    public static void gemm(double alpha, Matrix a, boolean transA, Matrix b, boolean transB,
                            double beta, Matrix c, Precision precision) {
        Objects.requireNonNull(precision, "gemm: precision");
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kB = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kB || c.rows() != m || c.cols() != n) {
            throw new IllegalArgumentException("gemm: op(A) is " + m + "x" + k + " (A is "
                    + a.shape() + (transA ? ", transposed" : "") + "), op(B) is " + kB + "x" + n
                    + " (B is " + b.shape() + (transB ? ", transposed" : "") + "), C is "
                    + c.shape());
        }
        if (precision == Precision.FLOAT32) {
            FloatGemm.multiply(m, n, k, alpha, a.data(), 0, a.cols(), transA,
                    b.data(), 0, b.cols(), transB, beta, c.data(), 0, c.cols());
        } else {
            Gemm.multiply(m, n, k, alpha, a.data(), 0, a.cols(), transA,
                    b.data(), 0, b.cols(), transB, beta, c.data(), 0, c.cols());
        }
    }

    /**
     * Raw {@code C = alpha * op(A) op(B) + beta * C} on row-major sub-blocks: {@code op(A)} is
     * {@code m x k}, {@code op(B)} is {@code k x n} and C is {@code m x n}, with element (i, j) of
     * stored X at {@code x[xOff + i * ldx + j]}.
     *
     * @param m the number of rows of {@code op(A)} and C
     * @param n the number of columns of {@code op(B)} and C
     * @param k the inner dimension
     * @param alpha the scalar on the product
     * @param a the array holding A
     * @param aOff the index of A's element (0, 0)
     * @param lda the leading dimension of A
     * @param transA whether {@code op(A)} is A^T
     * @param b the array holding B
     * @param bOff the index of B's element (0, 0)
     * @param ldb the leading dimension of B
     * @param transB whether {@code op(B)} is B^T
     * @param beta the scalar on the old C
     * @param c the array holding C, updated in place
     * @param cOff the index of C's element (0, 0)
     * @param ldc the leading dimension of C
     * @throws IllegalArgumentException if a dimension is negative, a leading dimension is too
     *     small, or a block reaches past the end of its array
     */
    public static void gemm(int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, boolean transA,
                            double[] b, int bOff, int ldb, boolean transB,
                            double beta, double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("gemm: negative dimension m=" + m + " n=" + n
                    + " k=" + k);
        }
        checkBlock("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkBlock("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkBlock("C", c, cOff, ldc, m, n);
        Gemm.multiply(m, n, k, alpha, a, aOff, lda, transA, b, bOff, ldb, transB,
                beta, c, cOff, ldc);
    }

    private static void checkBlock(String name, double[] x, int off, int ld, int rows, int cols) {
        if (ld < cols || off < 0) {
            throw new IllegalArgumentException("gemm: " + name + " has leading dimension " + ld
                    + " and offset " + off + " for a stored block of " + rows + "x" + cols);
        }
        if (rows > 0 && cols > 0 && off + (long) (rows - 1) * ld + cols > x.length) {
            throw new IllegalArgumentException("gemm: stored " + name + " block " + rows + "x"
                    + cols + " at offset " + off + " with leading dimension " + ld
                    + " reaches past the end of its array (length " + x.length + ")");
        }
    }

    /**
     * Symmetric rank-k update: {@code C = alpha * A^T A + beta * C} when {@code transA},
     * otherwise {@code C = alpha * A A^T + beta * C}. Only one triangle is computed (about half
     * the flops of {@link #gemm}); it is then mirrored, so C is exactly symmetric.
     *
     * @param alpha the scalar on the product
     * @param a the matrix A
     * @param transA whether the product is {@code A^T A} rather than {@code A A^T}
     * @param beta the scalar on the old C
     * @param c the square result, updated in place
     */
    public static void syrk(double alpha, Matrix a, boolean transA, double beta, Matrix c) {
        int n = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        if (c.rows() != n || c.cols() != n) {
            throw new IllegalArgumentException("syrk: " + (transA ? "A^T A" : "A A^T")
                    + " is " + n + "x" + n + " for A " + a.shape() + ", but C is " + c.shape());
        }
        Gemm.symmetricRankK(n, k, alpha, a.data(), 0, a.cols(), transA,
                beta, c.data(), 0, c.cols());
    }
}
