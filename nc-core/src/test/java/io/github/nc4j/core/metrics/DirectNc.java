package io.github.nc4j.core.metrics;

import static io.github.nc4j.linalg.FloatingPoint.EPS;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.SymmetricEigen;

/**
 * A second, independent implementation of the metrics for the agreement tests: straight from the
 * features, two passes, the textbook route. {@code Sigma_B} is formed as a d x d matrix and
 * pseudo-inverted through its own eigendecomposition, keeping the eigenvalues above a cut-off
 * relative to the largest, as {@code numpy.linalg.pinv(Sigma_B, rcond=cutoff)} followed by
 * {@code trace(Sigma_W @ pinv) / K}: by default {@link NcMetrics#NC1_RELATIVE_CUTOFF}, the
 * library's NC1; with {@code max(d, K) eps} NumPy's rounding-level cut-off.
 */
final class DirectNc {

    final Matrix means;
    final double[] globalMean;
    final Matrix sigmaW;
    final Matrix sigmaB;
    final double nc1;
    final double traceRatio;
    final int rank;
    /** Largest over smallest kept eigenvalue of Sigma_B. */
    final double condition;

    /** With the library's cut-off, {@link NcMetrics#NC1_RELATIVE_CUTOFF}. */
    DirectNc(Matrix h, int[] y, int k) {
        this(h, y, k, NcMetrics.NC1_RELATIVE_CUTOFF);
    }

    /** With NumPy's rounding-level cut-off {@code max(d, K) eps}. */
    static DirectNc rounding(Matrix h, int[] y, int k) {
        return new DirectNc(h, y, k, Math.max(h.cols(), k) * EPS);
    }

    DirectNc(Matrix h, int[] y, int k, double relativeCutoff) {
        int n = h.rows();
        int d = h.cols();
        means = Matrix.zeros(k, d);
        int[] counts = new int[k];
        for (int i = 0; i < n; i++) {
            counts[y[i]]++;
            for (int j = 0; j < d; j++) {
                means.set(y[i], j, means.get(y[i], j) + h.get(i, j));
            }
        }
        globalMean = new double[d];
        for (int c = 0; c < k; c++) {
            for (int j = 0; j < d; j++) {
                globalMean[j] += means.get(c, j) / n;
                means.set(c, j, means.get(c, j) / counts[c]);
            }
        }
        sigmaW = Matrix.zeros(d, d);
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < d; a++) {
                double da = h.get(i, a) - means.get(y[i], a);
                for (int b = 0; b < d; b++) {
                    sigmaW.set(a, b, sigmaW.get(a, b) + da * (h.get(i, b) - means.get(y[i], b)) / n);
                }
            }
        }
        sigmaB = Matrix.zeros(d, d);
        for (int c = 0; c < k; c++) {
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    sigmaB.set(a, b, sigmaB.get(a, b) + (means.get(c, a) - globalMean[a])
                            * (means.get(c, b) - globalMean[b]) / k);
                }
            }
        }
        SymmetricEigen eigen = SymmetricEigen.of(sigmaB);
        double[] lambda = eigen.values();
        Matrix u = eigen.vectors();
        double cutoff = relativeCutoff * lambda[d - 1];
        Matrix pinv = Matrix.zeros(d, d);
        int kept = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < d; i++) {
            if (lambda[i] > cutoff && lambda[d - 1] > 0) {
                kept++;
                smallest = Math.min(smallest, lambda[i]);
                Matrix ui = u.column(i);
                pinv.plusInPlace(ui.timesTranspose(ui).scaleInPlace(1 / lambda[i]));
            }
        }
        rank = kept;
        condition = lambda[d - 1] / smallest;
        nc1 = sigmaW.times(pinv).trace() / k;
        traceRatio = sigmaW.trace() / sigmaB.trace();
    }
}
