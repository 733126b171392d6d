package io.github.nc4j.autodiff.optim;

/**
 * Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay,
 * exactly as PyTorch's {@code torch.optim.SGD}. With gradient g of parameter w at update t:
 * <pre>
 *   d = g + lambda w                               (weight decay)
 *   b = d                          if t = 0        (momentum buffer)
 *   b = mu b + (1 - tau) d         otherwise
 *   d = d + mu b  (Nesterov)  or  d = b  (classical)     (only when mu != 0)
 *   w = w - lr d
 * </pre>
 * Defaults, as PyTorch: learning rate 1e-3, momentum mu = 0, dampening tau = 0, weight decay
 * lambda = 0, no Nesterov. Without momentum and decay this is plain (full-batch, when the loss
 * covers all samples) gradient descent {@code w = w - lr g}, the setting of the UFM papers.
 */
public final class Sgd extends Optimizer {

    private double momentum;
    private double dampening;
    private boolean nesterov;

    /** SGD with PyTorch's defaults (learning rate 1e-3). */
    public Sgd() {
        this(1e-3);
    }

    /**
     * SGD with the given learning rate and PyTorch's other defaults.
     *
     * @param learningRate the default learning rate
     */
    public Sgd(double learningRate) {
        super(learningRate, 0);
    }

    /**
     * Sets the momentum mu (default 0: none).
     *
     * @param mu the momentum, at least 0
     * @return this optimizer
     */
    public Sgd momentum(double mu) {
        momentum = requireNonNegative(mu, "momentum");
        return this;
    }

    /**
     * Sets the dampening tau of the momentum buffer (default 0).
     *
     * @param tau the dampening
     * @return this optimizer
     */
    public Sgd dampening(double tau) {
        dampening = requireNonNegative(tau, "dampening");
        return this;
    }

    /**
     * Switches Nesterov momentum on or off (default off); it needs momentum > 0, dampening 0.
     *
     * @param on whether to use Nesterov momentum
     * @return this optimizer
     */
    public Sgd nesterov(boolean on) {
        nesterov = on;
        return this;
    }

    /** {@return the momentum mu} */
    public double momentum() {
        return momentum;
    }

    /** {@return the dampening tau} */
    public double dampening() {
        return dampening;
    }

    /** {@return true if Nesterov momentum is on} */
    public boolean nesterov() {
        return nesterov;
    }

    @Override
    public Sgd learningRate(double rate) {
        super.learningRate(rate);
        return this;
    }

    @Override
    public Sgd weightDecay(double lambda) {
        super.weightDecay(lambda);
        return this;
    }

    @Override
    public Sgd schedule(Schedule s) {
        super.schedule(s);
        return this;
    }

    @Override
    void validate() {
        if (nesterov && (momentum == 0 || dampening != 0)) {
            throw new IllegalStateException("Nesterov momentum needs momentum > 0 and dampening 0"
                    + " (as in PyTorch), got momentum " + momentum + ", dampening " + dampening);
        }
    }

    @Override
    void update(Parameter p, double lr, double lambda) {
        double[] w = p.var().value().data();
        double[] g = p.var().grad().data();
        if (momentum == 0) {
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * (g[i] + lambda * w[i]);
            }
            return;
        }
        double[] b = p.firstMoment().data();
        boolean first = p.updates() == 0;
        for (int i = 0; i < w.length; i++) {
            double d = g[i] + lambda * w[i];
            b[i] = first ? d : momentum * b[i] + (1 - dampening) * d;
            d = nesterov ? d + momentum * b[i] : b[i];
            w[i] -= lr * d;
        }
    }
}
