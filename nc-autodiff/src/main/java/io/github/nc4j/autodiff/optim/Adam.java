package io.github.nc4j.autodiff.optim;

/**
 * Adam (Kingma and Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015), exactly as
 * PyTorch's {@code torch.optim.Adam} with {@code amsgrad = false}. With gradient g of parameter w
 * at update t = 1, 2, ...:
 * <pre>
 *   g = g + lambda w                                   (L2 weight decay, in the gradient)
 *   m = beta1 m + (1 - beta1) g                        (first moment)
 *   v = beta2 v + (1 - beta2) g^2                      (second moment)
 *   w = w - (lr / (1 - beta1^t)) m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * The two factors {@code 1 - beta^t} correct the bias of moments started at zero, so the first
 * update moves each element by about {@code lr} whatever the gradient's scale.
 * Defaults, as PyTorch: learning rate 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 0.
 * {@link AdamW} decouples the weight decay from the moments.
 */
public sealed class Adam extends Optimizer permits AdamW {

    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double eps = 1e-8;
    private final boolean decoupledDecay;

    /** Adam with PyTorch's defaults (learning rate 1e-3). */
    public Adam() {
        this(1e-3);
    }

    /**
     * Adam with the given learning rate and PyTorch's other defaults.
     *
     * @param learningRate the default learning rate
     */
    public Adam(double learningRate) {
        this(learningRate, 0, false);
    }

    Adam(double learningRate, double weightDecay, boolean decoupledDecay) {
        super(learningRate, weightDecay);
        this.decoupledDecay = decoupledDecay;
    }

    /**
     * Sets the decay rates of the moment averages (default 0.9 and 0.999).
     *
     * @param first the first-moment decay rate beta1
     * @param second the second-moment decay rate beta2
     * @return this optimizer
     * @throws IllegalArgumentException unless both are in [0, 1)
     */
    public Adam betas(double first, double second) {
        if (!(first >= 0 && first < 1 && second >= 0 && second < 1)) {
            throw new IllegalArgumentException("Adam betas must be in [0, 1), got " + first
                    + " and " + second);
        }
        beta1 = first;
        beta2 = second;
        return this;
    }

    /**
     * Sets the term added to the denominator for stability (default 1e-8).
     *
     * @param epsilon the term eps
     * @return this optimizer
     */
    public Adam eps(double epsilon) {
        eps = requireNonNegative(epsilon, "eps");
        return this;
    }

    /** {@return the first-moment decay rate beta1} */
    public double beta1() {
        return beta1;
    }

    /** {@return the second-moment decay rate beta2} */
    public double beta2() {
        return beta2;
    }

    /** {@return the denominator term eps} */
    public double eps() {
        return eps;
    }

    @Override
    public Adam learningRate(double rate) {
        super.learningRate(rate);
        return this;
    }

    @Override
    public Adam weightDecay(double lambda) {
        super.weightDecay(lambda);
        return this;
    }

    @Override
    public Adam schedule(Schedule s) {
        super.schedule(s);
        return this;
    }

    @Override
    final void update(Parameter p, double lr, double lambda) {
        double[] w = p.var().value().data();
        double[] g = p.var().grad().data();
        double[] m = p.firstMoment().data();
        double[] v = p.secondMoment().data();
        int t = p.updates() + 1;
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double secondCorrection = Math.sqrt(1 - Math.pow(beta2, t));
        double l2 = decoupledDecay ? 0 : lambda;          // Adam: decay inside the gradient
        double shrink = decoupledDecay ? 1 - lr * lambda : 1; // AdamW: decay on the weights
        for (int i = 0; i < w.length; i++) {
            double gi = g[i] + l2 * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            w[i] = shrink * w[i] - stepSize * m[i] / (Math.sqrt(v[i]) / secondCorrection + eps);
        }
    }
}
