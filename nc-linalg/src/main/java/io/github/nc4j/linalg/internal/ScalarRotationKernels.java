package io.github.nc4j.linalg.internal;

/** {@link RotationKernels} as plain Java loops: the reference, and the fallback. */
final class ScalarRotationKernels implements RotationKernels {

    @Override
    public void rotateRows(int count, double[] mulP, double[] mulQ, int csOff, boolean forward,
                           double[] x, int off, int ld, int len) {
        for (int step = 0; step < count; step++) {
            int r = forward ? step : count - 1 - step;
            double kp = mulP[csOff + r];
            double kq = mulQ[csOff + r];
            int top = off + r * ld;
            int p = forward ? top : top + ld;
            int q = forward ? top + ld : top;
            for (int j = 0; j < len; j++) {
                double u = x[p + j];
                double v = x[q + j];
                x[p + j] = Math.fma(v, kp, u);
                x[q + j] = Math.fma(u, kq, v);
            }
        }
    }
}
