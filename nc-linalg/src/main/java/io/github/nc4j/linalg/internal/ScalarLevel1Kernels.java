package io.github.nc4j.linalg.internal;

/** {@link Level1Kernels} as plain Java loops: the reference, and the fallback. */
final class ScalarLevel1Kernels implements Level1Kernels {

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
    public void addWherePositive(int n, double[] x, int xOff, double[] m, int mOff,
                                 double[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            if (m[mOff + i] > 0) {
                y[yOff + i] += x[xOff + i];
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

    @Override
    public void dotAxpy2(int n, double[] a, int a0Off, int a1Off, double[] x, int xOff,
                         double alpha0, double alpha1, double[] y, int yOff, double[] dots) {
        double sum0 = 0;
        double sum1 = 0;
        for (int i = 0; i < n; i++) {
            double a0 = a[a0Off + i];
            double a1 = a[a1Off + i];
            sum0 += a0 * x[xOff + i];
            sum1 += a1 * x[xOff + i];
            y[yOff + i] += alpha0 * a0 + alpha1 * a1;
        }
        dots[0] = sum0;
        dots[1] = sum1;
    }

    @Override
    public void multiDot(int rows, int n, double[] x, int xOff, int ldx, double[] v, int vOff,
                         double[] out, int outOff) {
        for (int r = 0; r < rows; r++) {
            out[outOff + r] = dot(n, x, xOff + r * ldx, v, vOff);
        }
    }

    @Override
    public void multiAxpy(int rows, int n, double[] alpha, int alphaOff, double[] x, int xOff,
                          int ldx, double[] y, int yOff) {
        for (int r = 0; r < rows; r++) {
            axpy(n, alpha[alphaOff + r], x, xOff + r * ldx, y, yOff);
        }
    }
}
