package io.github.nc4j.autodiff.optim;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, "Decoupled Weight Decay
 * Regularization", ICLR 2019), exactly as PyTorch's {@code torch.optim.AdamW}: each update first
 * shrinks the weights, {@code w = (1 - lr lambda) w}, then takes {@link Adam}'s step from the
 * plain gradient, so the decay is not rescaled by the second moments.
 * Defaults, as PyTorch: learning rate 1e-3, betas (0.9, 0.999), eps 1e-8, weight decay 1e-2.
 */
public final class AdamW extends Adam {

    /** AdamW with PyTorch's defaults (learning rate 1e-3, weight decay 1e-2). */
    public AdamW() {
        this(1e-3);
    }

    /**
     * AdamW with the given learning rate and PyTorch's other defaults (weight decay 1e-2).
     *
     * @param learningRate the default learning rate
     */
    public AdamW(double learningRate) {
        super(learningRate, 1e-2, true);
    }

    @Override
    public AdamW betas(double first, double second) {
        super.betas(first, second);
        return this;
    }

    @Override
    public AdamW eps(double epsilon) {
        super.eps(epsilon);
        return this;
    }

    @Override
    public AdamW learningRate(double rate) {
        super.learningRate(rate);
        return this;
    }

    @Override
    public AdamW weightDecay(double lambda) {
        super.weightDecay(lambda);
        return this;
    }

    @Override
    public AdamW schedule(Schedule s) {
        super.schedule(s);
        return this;
    }
}
