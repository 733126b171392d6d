package io.github.nc4j.core.metrics;

import io.github.nc4j.linalg.Matrix;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * The reference for the streaming statistics: a direct two-pass computation in exact decimal
 * arithmetic, rounded to double once at the end.
 *
 * <p>The features are first scaled by a power of two so their largest magnitude is about 1
 * (exact, and it keeps the decimal expansions short). A deviation from the class mean is then
 * held exactly as {@code (n_k x - S_k) / n_k} with {@code S_k} the exact class sum, so the class's
 * scatter is an exact sum of products divided once by {@code n_k^2}.
 */
final class ExactMoments {

    private static final MathContext MC = MathContext.DECIMAL128;

    final long[] counts;
    final Matrix means;
    final Matrix scatter;
    /** Per element (a, b): sum_i |h_ia - mu_a| |h_ib - mu_b|, the scale of the scatter's rounding. */
    final Matrix absScatter;
    final double[] squaredDeviations;
    /** Per feature, max_i |h_ij - mu_{y_i, j}|: the spread that rounding errors scale with. */
    final double[] maxDeviation;

    ExactMoments(Matrix features, int[] labels, int numClasses) {
        int n = features.rows();
        int d = features.cols();
        double maxAbs = features.maxAbs();
        int e = maxAbs == 0 ? 0 : Math.getExponent(maxAbs);
        BigDecimal[][] x = new BigDecimal[n][d];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < d; j++) {
                x[i][j] = new BigDecimal(Math.scalb(features.get(i, j), -e));
            }
        }
        counts = new long[numClasses];
        BigDecimal[][] sums = new BigDecimal[numClasses][d];
        for (BigDecimal[] row : sums) {
            java.util.Arrays.fill(row, BigDecimal.ZERO);
        }
        for (int i = 0; i < n; i++) {
            counts[labels[i]]++;
            for (int j = 0; j < d; j++) {
                sums[labels[i]][j] = sums[labels[i]][j].add(x[i][j]);
            }
        }
        means = Matrix.zeros(numClasses, d);
        for (int k = 0; k < numClasses; k++) {
            for (int j = 0; j < d; j++) {
                if (counts[k] > 0) {
                    double mean = sums[k][j].divide(BigDecimal.valueOf(counts[k]), MC).doubleValue();
                    means.set(k, j, Math.scalb(mean, e));
                }
            }
        }
        // Per class: exact sums of (n_k x_ia - S_a)(n_k x_ib - S_b), divided by n_k^2 at the end.
        BigDecimal[][] total = new BigDecimal[d][d];
        for (BigDecimal[] row : total) {
            java.util.Arrays.fill(row, BigDecimal.ZERO);
        }
        BigDecimal[] dev2 = new BigDecimal[numClasses];
        absScatter = Matrix.zeros(d, d);
        maxDeviation = new double[d];
        for (int k = 0; k < numClasses; k++) {
            BigDecimal nk = BigDecimal.valueOf(counts[k]);
            BigDecimal[][] numerator = new BigDecimal[d][d];
            for (BigDecimal[] row : numerator) {
                java.util.Arrays.fill(row, BigDecimal.ZERO);
            }
            BigDecimal squares = BigDecimal.ZERO;
            for (int i = 0; i < n; i++) {
                if (labels[i] != k) {
                    continue;
                }
                BigDecimal[] dev = new BigDecimal[d];
                double[] devDouble = new double[d];
                for (int j = 0; j < d; j++) {
                    dev[j] = nk.multiply(x[i][j]).subtract(sums[k][j]);
                    devDouble[j] = Math.scalb(dev[j].doubleValue() / counts[k], e);
                    maxDeviation[j] = Math.max(maxDeviation[j], Math.abs(devDouble[j]));
                    squares = squares.add(dev[j].multiply(dev[j]));
                }
                for (int a = 0; a < d; a++) {
                    for (int b = 0; b < d; b++) {
                        numerator[a][b] = numerator[a][b].add(dev[a].multiply(dev[b]));
                        absScatter.set(a, b, absScatter.get(a, b) + Math.abs(devDouble[a] * devDouble[b]));
                    }
                }
            }
            if (counts[k] == 0) {
                dev2[k] = BigDecimal.ZERO;
                continue;
            }
            BigDecimal n2 = nk.multiply(nk);
            dev2[k] = squares.divide(n2, MC);
            for (int a = 0; a < d; a++) {
                for (int b = 0; b < d; b++) {
                    total[a][b] = total[a][b].add(numerator[a][b].divide(n2, MC), MC);
                }
            }
        }
        scatter = Matrix.zeros(d, d);
        for (int a = 0; a < d; a++) {
            for (int b = 0; b < d; b++) {
                scatter.set(a, b, Math.scalb(total[a][b].doubleValue(), 2 * e));
            }
        }
        squaredDeviations = new double[numClasses];
        for (int k = 0; k < numClasses; k++) {
            squaredDeviations[k] = Math.scalb(dev2[k].doubleValue(), 2 * e);
        }
    }
}
