package io.github.nc4j.core.theory;

/**
 * The optimum of the deep unconstrained feature model (DUFM) with MSE loss for two balanced
 * classes (Súkeník, Mondelli and Lampert, "Deep neural collapse is provably optimal for the deep
 * unconstrained features model", NeurIPS 2023; definitions.md §4.4).
 *
 * <p>The model: free features {@code H_1} (one column per sample, N = 2n), layers
 * {@code H_{l+1} = relu(W_l H_l)} for {@code l < L}, output {@code W_L H_L}, loss
 * {@code (1/(2N)) ||W_L H_L - Y||_F^2} plus {@code (lambda/2)} times the squared Frobenius norm
 * of {@code H_1} and of every {@code W_l}. The optimum exhibits deep neural collapse: every layer's
 * features collapse to their class means, the means of the post-ReLU layers are orthogonal with
 * equal norms, and every {@code W_l} has two equal singular values aligned with them. With a
 * common squared norm q ({@code ||W_1||_F^2 = q}, class means of H_1 of length
 * {@code sqrt(q/N)}, singular values {@code sqrt(q/2)}) the objective reduces to
 * <pre>
 *   L(q) = (1/2) (1 - sqrt(q/N) (q/2)^(L/2))^2 + lambda (L+1) q / 2,
 * </pre>
 * minimized here exactly over {@code q >= 0} ({@code q = 0}, the trivial solution, wins when
 * lambda is too large). The angle between the two class means of H_1 is not determined: every
 * angle in [90, 180] degrees is optimal.
 */
public final class DeepUfmBinaryOptimum {

    private final int layers;
    private final long perClass;
    private final double lambda;
    private final double q;

    private DeepUfmBinaryOptimum(int layers, long perClass, double lambda) {
        if (layers < 1) {
            throw new IllegalArgumentException("at least one layer is needed, got " + layers);
        }
        if (perClass < 1) {
            throw new IllegalArgumentException("each class needs at least one sample, got "
                    + perClass);
        }
        if (!(lambda > 0 && lambda < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("lambda must be positive and finite, got " + lambda);
        }
        this.layers = layers;
        this.perClass = perClass;
        this.lambda = lambda;
        this.q = minimize();
    }

    /**
     * {@return the optimum for {@code layers} weight matrices (L), {@code perClass} samples in each
     * of the two classes and the common weight decay {@code lambda}}
     *
     * @param layers the number of weight matrices L
     * @param perClass the number of samples in each class
     * @param lambda the weight decay, the same for every layer and the features
     */
    public static DeepUfmBinaryOptimum of(int layers, long perClass, double lambda) {
        return new DeepUfmBinaryOptimum(layers, perClass, lambda);
    }

    private double totalSamples() {
        return 2.0 * perClass;
    }

    /** The model's output on its own class, {@code sqrt(q/N) (q/2)^(L/2) = c q^s}. */
    private double output(double x) {
        return Math.sqrt(x / totalSamples()) * Math.pow(x / 2, layers / 2.0);
    }

    /**
     * {@return the reduced objective {@code L(q)} of the class comment}
     *
     * @param x the value of q
     */
    public double reducedLoss(double x) {
        double miss = 1 - output(x);
        return 0.5 * miss * miss + lambda * (layers + 1) * x / 2;
    }

    private double minimize() {
        // output = c q^s with s = (L+1)/2; L'(q) = beta - (1 - c q^s) c s q^(s-1), beta =
        // lambda (L+1)/2. L'' changes sign once, where c (2s-1) q^s = s - 1: L' decreases, then
        // increases. At output = 1, L' = beta > 0, which bounds the bracket.
        double s = (layers + 1) / 2.0;
        double c = 1 / (Math.sqrt(totalSamples()) * Math.pow(2, layers / 2.0));
        double beta = lambda * (layers + 1) / 2;
        double turn = Math.pow((s - 1) / (c * (2 * s - 1)), 1 / s);
        double upper = Math.pow(1 / c, 1 / s);
        return HalfLineMinimizer.argmin(this::reducedLoss,
                x -> beta - (1 - c * Math.pow(x, s)) * c * s * Math.pow(x, s - 1), turn, upper);
    }

    /** {@return the optimal q, the squared Frobenius norm of {@code W_1}} */
    public double q() {
        return q;
    }

    /** {@return the optimal objective {@code L(q)}} */
    public double objective() {
        return reducedLoss(q);
    }

    /** {@return true if the optimum is the trivial all-zero solution} */
    public boolean isTrivial() {
        return q == 0;
    }

    /** {@return the length of each class mean of the free features H_1, {@code sqrt(q/N)}} */
    public double firstLayerMeanNorm() {
        return Math.sqrt(q / totalSamples());
    }

    /** {@return the two equal nonzero singular values of every {@code W_l}, {@code sqrt(q/2)}} */
    public double singularValue() {
        return Math.sqrt(q / 2);
    }

    /** {@return the output of the network on either class, {@code sqrt(q/N) (q/2)^(L/2)}} */
    public double output() {
        return output(q);
    }

    @Override
    public String toString() {
        return "DeepUfmBinaryOptimum[L=" + layers + ", n=" + perClass + ", lambda=" + lambda
                + ", q=" + q + ", objective=" + objective() + "]";
    }
}
