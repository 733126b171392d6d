package io.github.nc4j.linalg.internal;

import static io.github.nc4j.linalg.internal.VectorKernels.LANES;
import static io.github.nc4j.linalg.internal.VectorKernels.SPECIES;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/** {@link Level1Kernels} on the Vector API (see {@link VectorKernels} for the conventions). */
final class VectorLevel1Kernels implements Level1Kernels {

    /** Lane i takes lane (i + r) mod LANES: the steps of the fixed-order lane sum in dot. */
    private static final VectorShuffle<Double> ROTATE_BY_1 =
            VectorShuffle.iota(SPECIES, 1, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_2 =
            VectorShuffle.iota(SPECIES, 2, 1, true);
    private static final VectorShuffle<Double> ROTATE_BY_4 =
            VectorShuffle.iota(SPECIES, 4, 1, true);

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        int unrolledBound = n - 4 * LANES;
        for (; i <= unrolledBound; i += 4 * LANES) {
            s0 = DoubleVector.fromArray(SPECIES, x, xOff + i)
                    .fma(DoubleVector.fromArray(SPECIES, y, yOff + i), s0);
            s1 = DoubleVector.fromArray(SPECIES, x, xOff + i + LANES)
                    .fma(DoubleVector.fromArray(SPECIES, y, yOff + i + LANES), s1);
            s2 = DoubleVector.fromArray(SPECIES, x, xOff + i + 2 * LANES)
                    .fma(DoubleVector.fromArray(SPECIES, y, yOff + i + 2 * LANES), s2);
            s3 = DoubleVector.fromArray(SPECIES, x, xOff + i + 3 * LANES)
                    .fma(DoubleVector.fromArray(SPECIES, y, yOff + i + 3 * LANES), s3);
        }
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            s0 = DoubleVector.fromArray(SPECIES, x, xOff + i)
                    .fma(DoubleVector.fromArray(SPECIES, y, yOff + i), s0);
        }
        double sum = sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            sum = Math.fma(x[xOff + i], y[yOff + i], sum);
        }
        return sum;
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        DoubleVector a = DoubleVector.broadcast(SPECIES, alpha);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            DoubleVector.fromArray(SPECIES, x, xOff + i)
                    .fma(a, DoubleVector.fromArray(SPECIES, y, yOff + i))
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] = Math.fma(alpha, x[xOff + i], y[yOff + i]);
        }
    }

    @Override
    public void addWherePositive(int n, double[] x, int xOff, double[] m, int mOff,
                                 double[] y, int yOff) {
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            VectorMask<Double> positive = DoubleVector.fromArray(SPECIES, m, mOff + i)
                    .compare(VectorOperators.GT, 0.0);
            DoubleVector.fromArray(SPECIES, y, yOff + i)
                    .add(DoubleVector.fromArray(SPECIES, x, xOff + i), positive)
                    .intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            if (m[mOff + i] > 0) {
                y[yOff + i] += x[xOff + i];
            }
        }
    }

    /** Two accumulators for the dot product; each loaded vector of a feeds both FMAs. */
    @Override
    public double dotAxpy(int n, double[] a, int aOff, double[] x, int xOff, double alpha,
                          double[] y, int yOff) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector scale = DoubleVector.broadcast(SPECIES, alpha);
        int i = 0;
        for (; i <= n - 2 * LANES; i += 2 * LANES) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, aOff + i);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, a, aOff + i + LANES);
            s0 = a0.fma(DoubleVector.fromArray(SPECIES, x, xOff + i), s0);
            s1 = a1.fma(DoubleVector.fromArray(SPECIES, x, xOff + i + LANES), s1);
            a0.fma(scale, DoubleVector.fromArray(SPECIES, y, yOff + i)).intoArray(y, yOff + i);
            a1.fma(scale, DoubleVector.fromArray(SPECIES, y, yOff + i + LANES))
                    .intoArray(y, yOff + i + LANES);
        }
        for (; i <= n - LANES; i += LANES) {
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, aOff + i);
            s0 = a0.fma(DoubleVector.fromArray(SPECIES, x, xOff + i), s0);
            a0.fma(scale, DoubleVector.fromArray(SPECIES, y, yOff + i)).intoArray(y, yOff + i);
        }
        double sum = sumLanes(s0.add(s1));
        for (; i < n; i++) {
            double ai = a[aOff + i];
            sum = Math.fma(ai, x[xOff + i], sum);
            y[yOff + i] = Math.fma(alpha, ai, y[yOff + i]);
        }
        return sum;
    }

    /** One accumulator per row; each loaded vector of x feeds both rows' FMAs. */
    @Override
    public void dotAxpy2(int n, double[] a, int a0Off, int a1Off, double[] x, int xOff,
                         double alpha0, double alpha1, double[] y, int yOff, double[] dots) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector scale0 = DoubleVector.broadcast(SPECIES, alpha0);
        DoubleVector scale1 = DoubleVector.broadcast(SPECIES, alpha1);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            DoubleVector xv = DoubleVector.fromArray(SPECIES, x, xOff + i);
            DoubleVector a0 = DoubleVector.fromArray(SPECIES, a, a0Off + i);
            DoubleVector a1 = DoubleVector.fromArray(SPECIES, a, a1Off + i);
            s0 = a0.fma(xv, s0);
            s1 = a1.fma(xv, s1);
            a1.fma(scale1, a0.fma(scale0, DoubleVector.fromArray(SPECIES, y, yOff + i)))
                    .intoArray(y, yOff + i);
        }
        double sum0 = sumLanes(s0);
        double sum1 = sumLanes(s1);
        for (; i < n; i++) {
            double a0 = a[a0Off + i];
            double a1 = a[a1Off + i];
            sum0 = Math.fma(a0, x[xOff + i], sum0);
            sum1 = Math.fma(a1, x[xOff + i], sum1);
            y[yOff + i] = Math.fma(alpha1, a1, Math.fma(alpha0, a0, y[yOff + i]));
        }
        dots[0] = sum0;
        dots[1] = sum1;
    }

    /**
     * Four rows at a time ({@link #dot4}). A last group of fewer rows repeats its last row in
     * the missing places, whose results are not stored, so that every row takes the same order
     * of operations.
     */
    @Override
    public void multiDot(int rows, int n, double[] x, int xOff, int ldx, double[] v, int vOff,
                         double[] out, int outOff) {
        int last = rows - 1;
        for (int r = 0; r < rows; r += 4) {
            dot4(n, x, xOff + r * ldx, xOff + Math.min(r + 1, last) * ldx,
                    xOff + Math.min(r + 2, last) * ldx, xOff + Math.min(r + 3, last) * ldx,
                    v, vOff, out, outOff + r, Math.min(4, rows - r));
        }
    }

    /**
     * Four rows at a time ({@link #axpy4}); the rows left over go through {@link #axpy}.
     */
    @Override
    public void multiAxpy(int rows, int n, double[] alpha, int alphaOff, double[] x, int xOff,
                          int ldx, double[] y, int yOff) {
        int r = 0;
        for (; r <= rows - 4; r += 4) {
            int o0 = xOff + r * ldx;
            axpy4(n, alpha, alphaOff + r, x, o0, o0 + ldx, o0 + 2 * ldx, o0 + 3 * ldx, y, yOff);
        }
        for (; r < rows; r++) {
            axpy(n, alpha[alphaOff + r], x, xOff + r * ldx, y, yOff);
        }
    }

    /*
     * dot4 and axpy4 are methods of their own, called once per group of rows, because the JIT
     * compiles a method once it has been called often enough: as loops inside multiDot and
     * multiAxpy, which are called only a few times per column, they stayed interpreted (the
     * Vector API allocating an object per operation there) through the first calls of a JVM.
     */

    /**
     * The dot products of the rows at o0 .. o3 of x with v, one accumulator each; each loaded
     * vector of v feeds four FMAs. Stores the first {@code count} of them from {@code out[outOff]}.
     */
    private static void dot4(int n, double[] x, int o0, int o1, int o2, int o3, double[] v,
                             int vOff, double[] out, int outOff, int count) {
        DoubleVector s0 = DoubleVector.zero(SPECIES);
        DoubleVector s1 = s0;
        DoubleVector s2 = s0;
        DoubleVector s3 = s0;
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            DoubleVector vv = DoubleVector.fromArray(SPECIES, v, vOff + i);
            s0 = DoubleVector.fromArray(SPECIES, x, o0 + i).fma(vv, s0);
            s1 = DoubleVector.fromArray(SPECIES, x, o1 + i).fma(vv, s1);
            s2 = DoubleVector.fromArray(SPECIES, x, o2 + i).fma(vv, s2);
            s3 = DoubleVector.fromArray(SPECIES, x, o3 + i).fma(vv, s3);
        }
        double d0 = sumLanes(s0);
        double d1 = sumLanes(s1);
        double d2 = sumLanes(s2);
        double d3 = sumLanes(s3);
        for (; i < n; i++) {
            double vi = v[vOff + i];
            d0 = Math.fma(x[o0 + i], vi, d0);
            d1 = Math.fma(x[o1 + i], vi, d1);
            d2 = Math.fma(x[o2 + i], vi, d2);
            d3 = Math.fma(x[o3 + i], vi, d3);
        }
        out[outOff] = d0;
        if (count > 1) {
            out[outOff + 1] = d1;
        }
        if (count > 2) {
            out[outOff + 2] = d2;
        }
        if (count > 3) {
            out[outOff + 3] = d3;
        }
    }

    /**
     * y += alpha[aOff + q] times the row at o_q of x, for q = 0 .. 3: y is loaded once, takes the
     * four rows' FMAs in row order, and is stored once.
     */
    private static void axpy4(int n, double[] alpha, int aOff, double[] x, int o0, int o1,
                              int o2, int o3, double[] y, int yOff) {
        double a0 = alpha[aOff];
        double a1 = alpha[aOff + 1];
        double a2 = alpha[aOff + 2];
        double a3 = alpha[aOff + 3];
        DoubleVector b0 = DoubleVector.broadcast(SPECIES, a0);
        DoubleVector b1 = DoubleVector.broadcast(SPECIES, a1);
        DoubleVector b2 = DoubleVector.broadcast(SPECIES, a2);
        DoubleVector b3 = DoubleVector.broadcast(SPECIES, a3);
        int i = 0;
        int bound = SPECIES.loopBound(n);
        for (; i < bound; i += LANES) {
            DoubleVector acc = DoubleVector.fromArray(SPECIES, y, yOff + i);
            acc = DoubleVector.fromArray(SPECIES, x, o0 + i).fma(b0, acc);
            acc = DoubleVector.fromArray(SPECIES, x, o1 + i).fma(b1, acc);
            acc = DoubleVector.fromArray(SPECIES, x, o2 + i).fma(b2, acc);
            acc = DoubleVector.fromArray(SPECIES, x, o3 + i).fma(b3, acc);
            acc.intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            double acc = y[yOff + i];
            acc = Math.fma(a0, x[o0 + i], acc);
            acc = Math.fma(a1, x[o1 + i], acc);
            acc = Math.fma(a2, x[o2 + i], acc);
            y[yOff + i] = Math.fma(a3, x[o3 + i], acc);
        }
    }

    /**
     * The sum of the lanes in a fixed pairwise order. {@code reduceLanes} leaves its order open,
     * and the interpreter and C2 do use different orders, so a dot product would change value
     * once the JIT compiled it.
     */
    private static double sumLanes(DoubleVector s) {
        if (LANES >= 8) {
            s = s.add(s.rearrange(ROTATE_BY_4));
        }
        if (LANES >= 4) {
            s = s.add(s.rearrange(ROTATE_BY_2));
        }
        return s.add(s.rearrange(ROTATE_BY_1)).lane(0);
    }
}
