package io.github.nc4j.core.theory;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The optimum of the balanced unconstrained feature model with a bias: K classes of n samples,
 * M linear layers ({@code M = 1} is the plain UFM), MSE or cross-entropy, weight decays
 * {@code lambda_H} and {@code lambda_Wl} and an unpenalized bias. Its features and classifier
 * form a simplex ETF (Zhu et al. 2021 and Tirer and Bruna 2022 for M = 1; Dang et al. 2023 for
 * deep linear heads; definitions.md §4.1); this class gives the value of the objective there.
 *
 * <p>At the ETF the logits of class k's samples are {@code a (e_k - (1/K) 1) + b}: the class-mean
 * logit matrix has K-1 equal singular values {@code a}. The penalties on H (n copies of each
 * mean) and on the M layers that map the means to these logits are smallest when all M+1 terms
 * are equal, as in {@link DeepLinearMseOptimum}, which leaves one variable:
 * <pre>
 *   phi(a) = loss(a) + (K-1) ((M+1)/2) (n lambda_H prod_l lambda_Wl)^(1/(M+1)) a^(2/(M+1))
 *   cross-entropy: loss(a) = log(1 + (K-1) e^-a)
 *   MSE:           loss(a) = ((K-1)/(2K)) (a-1)^2   (the bias takes the targets' mean 1/K)
 * </pre>
 * For MSE this is K-1 copies of the bias-free class problem of {@link DeepLinearMseOptimum}; for
 * cross-entropy with {@code M = 1} its minimizer is the margin of definitions.md §4.6,
 * {@code log(1/sqrt(n lambda_W lambda_H) - (K-1))}. A penalty on the bias changes nothing for
 * cross-entropy (a constant shift of the logits does not change the softmax, so b = 0 is
 * optimal) but does for MSE, where this class does not apply.
 */
public final class SimplexEtfOptimum {

    /** Grid points per scan of phi' for sign changes (log-spaced over 12 decades). */
    private static final int GRID = 4096;
    /** The scan starts this far below the bound beyond which phi exceeds phi(0). */
    private static final double GRID_DECADES = 12;
    /** Bisection halves a bracket at most this often. */
    private static final int MAX_BISECTIONS = 200;

    private final double margin;
    private final double objective;

    private SimplexEtfOptimum(DoubleUnaryOperator loss, DoubleUnaryOperator lossSlope,
                              double penalty, double exponent) {
        DoubleUnaryOperator phi = a -> loss.applyAsDouble(a) + penalty * Math.pow(a, exponent);
        DoubleUnaryOperator slope = a -> lossSlope.applyAsDouble(a)
                + penalty * exponent * Math.pow(a, exponent - 1);
        double best = 0;
        double bestValue = phi.applyAsDouble(0);
        // loss >= 0, so phi(a) > phi(0) once the penalty alone exceeds phi(0): beyond this bound.
        double upper = Math.pow(bestValue / penalty, 1 / exponent);
        double previous = upper * Math.pow(10, -GRID_DECADES);
        for (int i = 1; i <= GRID; i++) {
            double next = upper * Math.pow(10, GRID_DECADES * ((double) i / GRID - 1));
            if (slope.applyAsDouble(previous) < 0 && slope.applyAsDouble(next) >= 0) {
                double a = bisect(slope, previous, next);
                double value = phi.applyAsDouble(a);
                if (value < bestValue) {
                    best = a;
                    bestValue = value;
                }
            }
            previous = next;
        }
        this.margin = best;
        this.objective = bestValue;
    }

    /**
     * The optimum with MSE against one-hot targets.
     *
     * @param k       the number of classes, at least 2
     * @param n       the samples per class, at least 1
     * @param lambdaH the weight decay of the features, positive
     * @param lambdaW the weight decay of each layer (M values), positive
     * @return the optimum
     * @throws IllegalArgumentException if an argument is out of range
     */
    public static SimplexEtfOptimum mse(int k, long n, double lambdaH, double... lambdaW) {
        return new SimplexEtfOptimum(a -> (k - 1) / (2.0 * k) * (a - 1) * (a - 1),
                a -> (k - 1) / (double) k * (a - 1), penalty(k, n, lambdaH, lambdaW),
                2.0 / (lambdaW.length + 1));
    }

    /**
     * {@return the optimum with cross-entropy; arguments as {@link #mse}}
     *
     * @param k the number of classes, at least 2
     * @param n the samples per class, at least 1
     * @param lambdaH the weight decay of the features, positive
     * @param lambdaW the weight decay of each layer (M values), positive
     */
    public static SimplexEtfOptimum crossEntropy(int k, long n, double lambdaH,
                                                 double... lambdaW) {
        return new SimplexEtfOptimum(a -> Math.log1p((k - 1) * Math.exp(-a)),
                a -> -(k - 1) / (Math.exp(a) + k - 1), penalty(k, n, lambdaH, lambdaW),
                2.0 / (lambdaW.length + 1));
    }

    /** {@code (K-1) ((M+1)/2) (n lambda_H prod_l lambda_Wl)^(1/(M+1))}, through logarithms. */
    private static double penalty(int k, long n, double lambdaH, double[] lambdaW) {
        long[] sizes = new long[Math.max(k, 0)];
        Arrays.fill(sizes, n);
        Arguments.totalSamples(sizes, 2);
        Arguments.requirePositive("lambdaH", lambdaH);
        if (lambdaW.length == 0) {
            throw new IllegalArgumentException("need the weight decay of at least one layer");
        }
        double logSum = Math.log(n) + Math.log(lambdaH);
        for (double lw : lambdaW) {
            Arguments.requirePositive("lambdaW", lw);
            logSum += Math.log(lw);
        }
        int m = lambdaW.length;
        return (k - 1) * 0.5 * (m + 1) * Math.exp(logSum / (m + 1));
    }

    /** The root of an increasing-through-zero {@code slope} in {@code [lo, hi]}. */
    private static double bisect(DoubleUnaryOperator slope, double lo, double hi) {
        for (int i = 0; i < MAX_BISECTIONS; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) {
                break;
            }
            if (slope.applyAsDouble(mid) < 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    /**
     * {@return the logit margin {@code a} of the class means at the optimum, {@code z_k - z_j} for
     * a sample of class k; 0 when the weight decay wins and everything collapses to 0}
     */
    public double margin() {
        return margin;
    }

    /** {@return the optimal value of the objective, {@code phi(a)}} */
    public double objective() {
        return objective;
    }

    @Override
    public String toString() {
        return "SimplexEtfOptimum[margin=" + margin + ", objective=" + objective + "]";
    }
}
