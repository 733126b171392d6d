package io.github.nc4j.linalg.internal;

import static io.github.nc4j.linalg.internal.VectorKernels.LANES;
import static io.github.nc4j.linalg.internal.VectorKernels.SPECIES;

import jdk.incubator.vector.DoubleVector;

/** {@link RotationKernels} on the Vector API (see {@link VectorKernels} for the conventions). */
final class VectorRotationKernels implements RotationKernels {

    /**
     * Walks down (forward) or up (backward) the chain once per group of columns, keeping the row
     * that the next rotation shares in registers: each rotation then loads and stores one row
     * instead of two, and costs two FMAs per element. Four vectors per group give the FMAs of
     * consecutive rotations, which depend on each other, independent work to overlap with.
     */
    @Override
    public void rotateRows(int count, double[] mulP, double[] mulQ, int csOff, boolean forward,
                           double[] x, int off, int ld, int len) {
        if (count <= 0) {
            return;
        }
        int rowStep = forward ? ld : -ld;
        int firstRow = off + (forward ? 0 : count * ld);
        int j = 0;
        for (; j <= len - 4 * LANES; j += 4 * LANES) {
            int row = firstRow + j;
            DoubleVector t0 = DoubleVector.fromArray(SPECIES, x, row);
            DoubleVector t1 = DoubleVector.fromArray(SPECIES, x, row + LANES);
            DoubleVector t2 = DoubleVector.fromArray(SPECIES, x, row + 2 * LANES);
            DoubleVector t3 = DoubleVector.fromArray(SPECIES, x, row + 3 * LANES);
            for (int step = 0; step < count; step++) {
                int r = csOff + (forward ? step : count - 1 - step);
                DoubleVector kp = DoubleVector.broadcast(SPECIES, mulP[r]);
                DoubleVector kq = DoubleVector.broadcast(SPECIES, mulQ[r]);
                int next = row + rowStep;
                DoubleVector o0 = DoubleVector.fromArray(SPECIES, x, next);
                DoubleVector o1 = DoubleVector.fromArray(SPECIES, x, next + LANES);
                DoubleVector o2 = DoubleVector.fromArray(SPECIES, x, next + 2 * LANES);
                DoubleVector o3 = DoubleVector.fromArray(SPECIES, x, next + 3 * LANES);
                o0.fma(kp, t0).intoArray(x, row);
                o1.fma(kp, t1).intoArray(x, row + LANES);
                o2.fma(kp, t2).intoArray(x, row + 2 * LANES);
                o3.fma(kp, t3).intoArray(x, row + 3 * LANES);
                t0 = t0.fma(kq, o0);
                t1 = t1.fma(kq, o1);
                t2 = t2.fma(kq, o2);
                t3 = t3.fma(kq, o3);
                row = next;
            }
            t0.intoArray(x, row);
            t1.intoArray(x, row + LANES);
            t2.intoArray(x, row + 2 * LANES);
            t3.intoArray(x, row + 3 * LANES);
        }
        for (; j <= len - LANES; j += LANES) {
            int row = firstRow + j;
            DoubleVector t = DoubleVector.fromArray(SPECIES, x, row);
            for (int step = 0; step < count; step++) {
                int r = csOff + (forward ? step : count - 1 - step);
                int next = row + rowStep;
                DoubleVector o = DoubleVector.fromArray(SPECIES, x, next);
                o.fma(DoubleVector.broadcast(SPECIES, mulP[r]), t).intoArray(x, row);
                t = t.fma(DoubleVector.broadcast(SPECIES, mulQ[r]), o);
                row = next;
            }
            t.intoArray(x, row);
        }
        for (; j < len; j++) {
            int row = firstRow + j;
            double t = x[row];
            for (int step = 0; step < count; step++) {
                int r = csOff + (forward ? step : count - 1 - step);
                int next = row + rowStep;
                double o = x[next];
                x[row] = Math.fma(o, mulP[r], t);
                t = Math.fma(t, mulQ[r], o);
                row = next;
            }
            x[row] = t;
        }
    }
}
