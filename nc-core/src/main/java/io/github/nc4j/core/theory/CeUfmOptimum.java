package io.github.nc4j.core.theory;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.Svd;
import java.util.Arrays;

/**
 * The optimum of the bias-free unconstrained feature model with cross-entropy loss (no ReLU),
 * for any class sizes, as the solution of a small convex program (definitions.md §4.6): an exact
 * oracle for minority collapse (Fang, He, Long and Su, "Exploring deep neural networks via
 * layer-peeled model: minority collapse in imbalanced training", PNAS 2021).
 *
 * <p>The model: minimize over W ({@code K x d}) and H ({@code d x N})
 * {@code (1/N) sum_i CE(W h_i, y_i) + (lambda_W/2) ||W||_F^2 + (lambda_H/2) ||H||_F^2}. At the
 * optimum features collapse to their class means, and since
 * {@code min (lambda_W/2)||W||^2 + (lambda_H/2) sum_k n_k ||mu_k||^2} over factorizations of the
 * logit matrix {@code Z = W [mu_1 .. mu_K]} is {@code sqrt(lambda_W lambda_H) ||Z diag(sqrt(n_k))||_*}
 * (the variational form of the nuclear norm), the optimal logits solve
 * <pre>
 *   min_Z  sum_k (n_k/N) CE(Z[:, k], k) + sqrt(lambda_W lambda_H) ||Z diag(sqrt(n_k))||_*
 * </pre>
 * (column k: the logits of class k's mean). nc4j solves it in {@code Y = Z diag(sqrt(n_k))}, where
 * the penalty's proximal map is singular-value soft-thresholding: accelerated proximal gradient
 * (FISTA; Beck and Teboulle, SIAM J. Imaging Sci. 2009) with step {@code 2N} (the loss gradient is
 * {@code 1/(2N)}-Lipschitz in Y, as the softmax Hessian is at most 1/2) and adaptive restart
 * (O'Donoghue and Candès, Found. Comput. Math. 2015), until the proximal-gradient fixed-point
 * residual is below {@code 1e-13 max(1, ||Y||_F)}. Balanced classes give a simplex ETF with the
 * margin of {@link #balancedMargin}.
 */
public final class CeUfmOptimum {

    /** Iteration cap; the examples converge in a few thousand. */
    static final int MAX_ITERATIONS = 200_000;

    private static final double TOLERANCE = 1e-13;

    private final long[] classSizes;
    private final long total;
    private final double tau;
    private final Matrix logits;
    private final double objective;
    private final int iterations;

    private CeUfmOptimum(long[] classSizes, double lambdaW, double lambdaH) {
        int k = classSizes.length;
        long n = Arguments.totalSamples(classSizes, 2);
        Arguments.requirePositive("lambdaW", lambdaW);
        Arguments.requirePositive("lambdaH", lambdaH);
        this.classSizes = classSizes.clone();
        this.total = n;
        this.tau = Math.sqrt(lambdaW * lambdaH);
        double[] solution = new double[1];
        int[] steps = new int[1];
        Matrix y = solve(solution, steps);
        this.logits = unscale(y);
        this.objective = solution[0];
        this.iterations = steps[0];
    }

    /**
     * {@return the optimum for the given class sizes and weight decays}
     *
     * @param classSizes the number of samples of each class
     * @param lambdaW the weight decay {@code lambda_W}
     * @param lambdaH the feature decay {@code lambda_H}
     * @throws IllegalArgumentException if there are fewer than 2 classes, a class is empty or a
     *     decay is not positive and finite
     * @throws ArithmeticException if the iteration does not converge within
     *     {@value #MAX_ITERATIONS} steps (the message names K and the count)
     */
    public static CeUfmOptimum of(long[] classSizes, double lambdaW, double lambdaH) {
        return new CeUfmOptimum(classSizes, lambdaW, lambdaH);
    }

    /**
     * The balanced case in closed form: K classes of n samples collapse to a simplex ETF whose
     * logits {@code m (e_k - (1/K) 1)} have margin
     * {@code m = log(1/sqrt(n lambda_W lambda_H) - (K-1))}.
     *
     * @param k the number of classes K
     * @param n the number of samples per class
     * @param lambdaW the weight decay {@code lambda_W}
     * @param lambdaH the feature decay {@code lambda_H}
     * @return the margin m
     * @throws IllegalArgumentException unless {@code sqrt(n lambda_W lambda_H) < 1/K}; beyond
     *     that the optimum is the trivial W = 0, H = 0
     */
    public static double balancedMargin(int k, long n, double lambdaW, double lambdaH) {
        double root = Math.sqrt(n * lambdaW * lambdaH);
        if (!(root < 1.0 / k)) {
            throw new IllegalArgumentException("sqrt(n lambda_W lambda_H) = " + root
                    + " is not below 1/K = " + 1.0 / k + ": the optimum is trivial");
        }
        return Math.log(1 / root - (k - 1));
    }

    // ---------------------------------------------------------------- the convex program

    /** Gradient of the loss part in Y: column k is {@code (sqrt(n_k)/N) (softmax(z_k) - e_k)}. */
    private Matrix lossGradient(Matrix y) {
        int k = classSizes.length;
        Matrix z = unscale(y);
        Matrix g = Matrix.zeros(k, k);
        for (int c = 0; c < k; c++) {
            double[] p = softmax(z, c);
            p[c] -= 1;
            double f = Math.sqrt(classSizes[c]) / total;
            for (int j = 0; j < k; j++) {
                g.set(j, c, f * p[j]);
            }
        }
        return g;
    }

    private double value(Matrix y) {
        Matrix z = unscale(y);
        double loss = 0;
        for (int c = 0; c < classSizes.length; c++) {
            loss += classSizes[c] * crossEntropy(z, c);
        }
        double nuclear = 0;
        for (double s : Svd.values(y)) {
            nuclear += s;
        }
        return loss / total + tau * nuclear;
    }

    /** Singular-value soft-thresholding: the proximal map of {@code threshold ||.||_*}. */
    private static Matrix shrink(Matrix x, double threshold) {
        Svd svd = Svd.of(x);
        double[] s = svd.singularValues();
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.max(0, s[i] - threshold);
        }
        return svd.u().times(Matrix.diagonal(s)).timesTranspose(svd.v());
    }

    /** FISTA with function-value restart; returns Y and fills in the objective and step count. */
    private Matrix solve(double[] objectiveOut, int[] stepsOut) {
        int k = classSizes.length;
        double step = 2.0 * total;
        Matrix y = Matrix.zeros(k, k);
        Matrix previous = y;
        double t = 1;
        double value = value(y);
        for (int it = 1; it <= MAX_ITERATIONS; it++) {
            double tNext = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            Matrix x = y.plus(y.minus(previous).scaleInPlace((t - 1) / tNext));
            Matrix next = shrink(x.minus(lossGradient(x).scaleInPlace(step)), step * tau);
            double nextValue = value(next);
            if (nextValue > value) {
                // Momentum overshot (or, at the optimum, rounding did): restart it and take the
                // plain proximal step from y, which cannot increase the objective in exact
                // arithmetic, so the iteration always moves on.
                tNext = 1;
                next = shrink(y.minus(lossGradient(y).scaleInPlace(step)), step * tau);
                nextValue = value(next);
            }
            previous = y;
            y = next;
            value = nextValue;
            t = tNext;
            if (it % 10 == 0 && residual(y, step) <= TOLERANCE * Math.max(1, y.normFrobenius())) {
                objectiveOut[0] = value;
                stepsOut[0] = it;
                return y;
            }
        }
        throw new ArithmeticException("CE UFM convex program (K = " + k + ") did not converge in "
                + MAX_ITERATIONS + " proximal-gradient iterations");
    }

    /** {@code ||Y - prox(Y - step grad f(Y))||_F}: zero exactly at the optimum. */
    private double residual(Matrix y, double step) {
        return y.minus(shrink(y.minus(lossGradient(y).scale(step)), step * tau)).normFrobenius();
    }

    private Matrix unscale(Matrix y) {
        Matrix z = y.copy();
        for (int c = 0; c < classSizes.length; c++) {
            double f = 1 / Math.sqrt(classSizes[c]);
            for (int j = 0; j < classSizes.length; j++) {
                z.set(j, c, f * z.get(j, c));
            }
        }
        return z;
    }

    private static double[] softmax(Matrix z, int column) {
        int k = z.rows();
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            max = Math.max(max, z.get(j, column));
        }
        double sum = 0;
        double[] p = new double[k];
        for (int j = 0; j < k; j++) {
            p[j] = Math.exp(z.get(j, column) - max);
            sum += p[j];
        }
        for (int j = 0; j < k; j++) {
            p[j] /= sum;
        }
        return p;
    }

    private static double crossEntropy(Matrix z, int column) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < z.rows(); j++) {
            max = Math.max(max, z.get(j, column));
        }
        double sum = 0;
        for (int j = 0; j < z.rows(); j++) {
            sum += Math.exp(z.get(j, column) - max);
        }
        return max + Math.log(sum) - z.get(column, column);
    }

    // ---------------------------------------------------------------- results

    /** {@return K, the number of classes} */
    public int numClasses() {
        return classSizes.length;
    }

    /**
     * {@return the optimal logits Z ({@code K x K}): column k holds the logits of class k's mean}
     */
    public Matrix logits() {
        return logits.copy();
    }

    /** {@return the optimal objective value} */
    public double objective() {
        return objective;
    }

    /**
     * {@return class k's margin at the optimum, {@code min_{j != k} Z[k, k] - Z[j, k]}: zero (to
     * solver accuracy) when class k cannot be told apart from another, as minority classes under
     * strong imbalance (minority collapse)}
     *
     * @param k the class
     */
    public double margin(int k) {
        double margin = Double.POSITIVE_INFINITY;
        for (int j = 0; j < numClasses(); j++) {
            if (j != k) {
                margin = Math.min(margin, logits.get(k, k) - logits.get(j, k));
            }
        }
        return margin;
    }

    /** {@return the number of proximal-gradient iterations used} */
    public int iterations() {
        return iterations;
    }

    @Override
    public String toString() {
        return "CeUfmOptimum[n=" + Arrays.toString(classSizes) + ", objective=" + objective
                + ", iterations=" + iterations + "]";
    }
}
