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
}
