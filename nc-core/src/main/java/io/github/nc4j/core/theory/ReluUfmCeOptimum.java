package io.github.nc4j.core.theory;

import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;

/**
 * The optimum of the bias-free ReLU unconstrained feature model with cross-entropy loss on
 * imbalanced classes (Dang, Tran, Tran-The, Nguyen and Ho, "Neural collapse for cross-entropy
 * class-imbalanced learning with unconstrained ReLU feature model", ICML 2024; definitions.md
 * §4.5).
 *
 * <p>The model: minimize over W ({@code K x d}) and non-negative features H ({@code d x N})
 * <pre>
 *   (1/N) sum_i CE(W h_i, y_i) + (lambda_W/2) ||W||_F^2 + (lambda_H/2) ||H||_F^2.
 * </pre>
 * At the optimum the features collapse to mutually orthogonal class means, class k reaching the
 * logit margin
 * <pre>
 *   rho_k = sqrt(n_k) / (N sqrt(lambda_W lambda_H (K-1)/K)),
 *   m_k   = log((K-1)(rho_k - 1)) if (K-1)(rho_k - 1) > 1, else 0 (class k collapses, mu_k = 0),
 * </pre>
 * with {@code ||mu_k||^2 = m_k sqrt((K-1) lambda_W / (K lambda_H n_k))}, logits
 * {@code W mu_k = m_k (e_k - (1/K) 1)}, and classifier rows
 * {@code w_j = sqrt(K lambda_H / ((K-1) lambda_W)) (sqrt(n_j) mu_j - (1/K) sum_c sqrt(n_c) mu_c)}:
 * W is aligned with the class means after scaling each by {@code sqrt(n_k)} and centering.
 *
 * <p>These formulas follow from the objective above and agree with gradient descent to seven
 * digits. The authors' published validation script uses a differently scaled expression that
 * agrees with them only when {@code lambda_H = lambda_W / 4}; nc4j follows the objective.
 */
public final class ReluUfmCeOptimum {

    private final long[] classSizes;
    private final long total;
    private final double lambdaW;
    private final double lambdaH;
    private final double[] margins;

    private ReluUfmCeOptimum(long[] classSizes, double lambdaW, double lambdaH) {
        int k = classSizes.length;
        long n = Arguments.totalSamples(classSizes, 2);
        Arguments.requirePositive("lambdaW", lambdaW);
        Arguments.requirePositive("lambdaH", lambdaH);
        this.classSizes = classSizes.clone();
        this.total = n;
        this.lambdaW = lambdaW;
        this.lambdaH = lambdaH;
        this.margins = new double[k];
        for (int c = 0; c < k; c++) {
            double rho = Math.sqrt(classSizes[c]) / (n * Math.sqrt(lambdaW * lambdaH * (k - 1) / k));
            double t = (k - 1) * (rho - 1);
            margins[c] = t > 1 ? Math.log(t) : 0;
        }
    }

    /**
     * {@return the optimum for the given class sizes and weight decays}
     *
     * @param classSizes the number of samples of each class
     * @param lambdaW the weight decay {@code lambda_W}
     * @param lambdaH the feature decay {@code lambda_H}
     * @throws IllegalArgumentException if there are fewer than 2 classes, a class is empty, or a
     *     decay is not positive and finite
     */
    public static ReluUfmCeOptimum of(long[] classSizes, double lambdaW, double lambdaH) {
        return new ReluUfmCeOptimum(classSizes, lambdaW, lambdaH);
    }

    /** {@return K, the number of classes} */
    public int numClasses() {
        return classSizes.length;
    }

    /**
     * {@return the logit margin {@code m_k} of class k (0 for a collapsed class)}
     *
     * @param k the class
     */
    public double margin(int k) {
        return margins[k];
    }

    /**
     * {@return true if class k collapses to the origin ({@code m_k = 0})}
     *
     * @param k the class
     */
    public boolean isCollapsed(int k) {
        return margins[k] == 0;
    }

    /**
     * {@return the length of class k's mean,
     * {@code ||mu_k|| = sqrt(m_k sqrt((K-1) lambda_W / (K lambda_H n_k)))}}
     *
     * @param k the class
     */
    public double meanNorm(int k) {
        int kk = numClasses();
        return Math.sqrt(margins[k] * Math.sqrt((kk - 1) * lambdaW / (kk * lambdaH * classSizes[k])));
    }

    /** {@return the lengths of all class means} */
    public double[] meanNorms() {
        double[] norms = new double[numClasses()];
        for (int k = 0; k < norms.length; k++) {
            norms[k] = meanNorm(k);
        }
        return norms;
    }

    /** {@return the Gram matrix of the optimal class means, {@code diag(||mu_k||^2)}} */
    public Matrix meanGram() {
        return OrthogonalFrame.gram(meanNorms());
    }

    /**
     * {@return the optimal objective: {@code (1/N) sum_k n_k log(1 + (K-1) e^(-m_k))} for the loss
     * (each sample of class k sees logits {@code m_k (e_k - (1/K) 1)}), plus
     * {@code lambda_H sum_k n_k ||mu_k||^2} for both penalties, which are equal at the optimum}
     */
    public double objective() {
        int kk = numClasses();
        double loss = 0;
        double penalty = 0;
        for (int k = 0; k < kk; k++) {
            loss += classSizes[k] * Math.log1p((kk - 1) * Math.exp(-margins[k]));
            double norm = meanNorm(k);
            penalty += classSizes[k] * norm * norm;
        }
        return loss / total + lambdaH * penalty;
    }

    /**
     * The optimal classifier for the given class means (rows): {@link #classifierScale} times
     * {@link NcMetrics#scaledCenteredMeans}.
     *
     * @param classMeans the class means, one per row
     * @return the classifier's weights, one class per row
     */
    public Matrix classifier(Matrix classMeans) {
        return NcMetrics.scaledCenteredMeans(classMeans, classSizes).scaleInPlace(classifierScale());
    }

    /** {@return the classifier's scale, {@code sqrt(K lambda_H / ((K-1) lambda_W))}} */
    public double classifierScale() {
        int kk = numClasses();
        return Math.sqrt(kk * lambdaH / ((kk - 1) * lambdaW));
    }

    @Override
    public String toString() {
        return "ReluUfmCeOptimum[n=" + Arrays.toString(classSizes) + ", margins="
                + Arrays.toString(margins) + ", objective=" + objective() + "]";
    }
}
