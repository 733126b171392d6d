package io.github.nc4j.autodiff.optim;

/**
 * A learning-rate schedule: the factor by which an {@link Optimizer} multiplies every
 * parameter's base learning rate at each step. Step t counts completed updates, so the first
 * update uses {@code factor(0)}. The factories follow PyTorch's {@code torch.optim.lr_scheduler}
 * closed forms, expressed as factors of the base rate.
 */
@FunctionalInterface
public interface Schedule {

    /**
     * {@return the factor for update number {@code step} (0 for the first)}
     *
     * @param step the update's number, from 0
     */
    double factor(int step);

    /** {@return a schedule that is always 1} */
    static Schedule constant() {
        return step -> 1.0;
    }

    /**
     * {@code gamma^floor(t / stepSize)}: the rate drops by {@code gamma} every {@code stepSize}
     * updates (PyTorch {@code StepLR}).
     *
     * @param stepSize the number of updates between drops
     * @param gamma the factor of each drop
     * @return the schedule
     * @throws IllegalArgumentException if {@code stepSize < 1} or {@code gamma} is not in (0, 1]
     */
    static Schedule step(int stepSize, double gamma) {
        if (stepSize < 1) {
            throw new IllegalArgumentException("step schedule: stepSize must be at least 1, got "
                    + stepSize);
        }
        if (!(gamma > 0 && gamma <= 1)) {
            throw new IllegalArgumentException("step schedule: gamma must be in (0, 1], got "
                    + gamma);
        }
        return step -> Math.pow(gamma, step / stepSize);
    }

    /**
     * {@link #step(int, double)} with PyTorch's default {@code gamma = 0.1}.
     *
     * @param stepSize the number of updates between drops
     * @return the schedule
     */
    static Schedule step(int stepSize) {
        return step(stepSize, 0.1);
    }

    /**
     * Cosine annealing from 1 to {@code minFactor} over {@code totalSteps} updates:
     * {@code minFactor + (1 - minFactor) (1 + cos(pi t / totalSteps)) / 2} (PyTorch
     * {@code CosineAnnealingLR} with {@code T_max = totalSteps} and
     * {@code eta_min = minFactor * lr}). After {@code totalSteps} the factor stays at
     * {@code minFactor}, where PyTorch's closed form would rise again.
     *
     * @param totalSteps the number of updates over which to anneal
     * @param minFactor the final factor
     * @return the schedule
     * @throws IllegalArgumentException if {@code totalSteps < 1} or {@code minFactor} is not in
     *     [0, 1]
     */
    static Schedule cosine(int totalSteps, double minFactor) {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("cosine schedule: totalSteps must be at least 1,"
                    + " got " + totalSteps);
        }
        if (!(minFactor >= 0 && minFactor <= 1)) {
            throw new IllegalArgumentException("cosine schedule: minFactor must be in [0, 1],"
                    + " got " + minFactor);
        }
        return step -> {
            double progress = Math.min(step, totalSteps) / (double) totalSteps;
            return minFactor + (1 - minFactor) * (1 + Math.cos(Math.PI * progress)) / 2;
        };
    }

    /**
     * {@link #cosine(int, double)} annealing to 0 (PyTorch's default {@code eta_min = 0}).
     *
     * @param totalSteps the number of updates over which to anneal
     * @return the schedule
     */
    static Schedule cosine(int totalSteps) {
        return cosine(totalSteps, 0);
    }
}
