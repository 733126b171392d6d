package io.github.nc4j.linalg.internal;

/** Plain Java loops: the reference implementation, and the fallback without the Vector API. */
public final class ScalarKernels implements Kernels {

    private static final int MR = 4;
    private static final int NR = 4;

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public double dot(int n, double[] x, int xOff, double[] y, int yOff) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += x[xOff + i] * y[yOff + i];
        }
        return sum;
    }

    @Override
    public void axpy(int n, double alpha, double[] x, int xOff, double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            y[yOff + i] += alpha * x[xOff + i];
        }
    }

    @Override
    public int microRows() {
        return MR;
    }

    @Override
    public int microCols() {
        return NR;
    }

    @Override
    public void microKernel(int kc, double[] a, int aOff, double[] b, int bOff,
                            double[] c, int cOff, int ldc) {
        for (int i = 0; i < MR; i++) {
            for (int j = 0; j < NR; j++) {
                double sum = 0;
                for (int p = 0; p < kc; p++) {
                    sum += a[aOff + p * MR + i] * b[bOff + p * NR + j];
                }
                c[cOff + i * ldc + j] += sum;
            }
        }
    }

    @Override
    public void rotateRows(int count, double[] cos, double[] sin, int csOff, boolean forward,
                           double[] x, int off, int ld, int len) {
        for (int step = 0; step < count; step++) {
            int r = forward ? step : count - 1 - step;
            double c = cos[csOff + r];
            double s = sin[csOff + r];
            int top = off + r * ld;
            int bottom = top + ld;
            for (int j = 0; j < len; j++) {
                double u = x[top + j];
                double v = x[bottom + j];
                x[top + j] = c * u + s * v;
                x[bottom + j] = c * v - s * u;
            }
        }
    }

    @Override
    public double dotAxpy(int n, double[] a, int aOff, double[] x, int xOff, double alpha,
                          double[] y, int yOff) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double ai = a[aOff + i];
            sum += ai * x[xOff + i];
            y[yOff + i] += alpha * ai;
        }
        return sum;
    }
}
