package io.github.nc4j.core.train;

import io.github.nc4j.autodiff.optim.Adam;
import io.github.nc4j.autodiff.optim.Optimizer;
import io.github.nc4j.autodiff.optim.Schedule;
import io.github.nc4j.autodiff.optim.Sgd;
import java.io.Serializable;
import java.util.Objects;

/**
 * How to train, as a plain value: the update rule, its step sizes, the batches, when to stop and
 * how often to record the neural-collapse metrics.
 *
 * <p>Training stops after {@code maxSteps} updates, or earlier when a rule that is switched on
 * holds at the current parameters: the gradient norm is at most
 * {@code relativeGradientTolerance} times the objective (a scale-free test of stationarity, the
 * one {@code TheoryCheck} reads; the initial objective when that is smaller), or the objective changed by at most {@code plateauTolerance}
 * (relative) over the last {@code plateauWindow} steps. Both rules read the objective and
 * gradient of the step's batch, so they are meant for full-batch training.
 *
 * @param method            the update rule
 * @param learningRate      the base learning rate
 * @param momentum          SGD's momentum (ignored by the other methods)
 * @param cosineSchedule    anneal the learning rate to 0 over {@code maxSteps} (cosine), instead
 *                          of keeping it constant
 * @param batchSize         samples per step; 0 for full batch (every sample every step)
 * @param maxSteps          the number of updates at most
 * @param relativeGradientTolerance stop when the gradient norm is at most this times the
 *                          objective; 0: never
 * @param plateauWindow     the window of the plateau rule, in steps; 0: off
 * @param plateauTolerance  stop when {@code |L(t - window) - L(t)| <= tolerance |L(t)|}
 * @param recordEvery       record the metrics every this many steps (and at the end)
 * @param seed              seeds the order of the mini-batches
 * @param stepEvery         a step schedule (PyTorch's {@code StepLR}, as the seeds' scripts use):
 *                          the learning rate is multiplied by {@code stepGamma} every this many
 *                          steps; 0: off
 * @param stepGamma         the factor of each drop of the step schedule, in (0, 1]
 */
public record TrainingConfig(Method method, double learningRate, double momentum,
                             boolean cosineSchedule, int batchSize, long maxSteps,
                             double relativeGradientTolerance, long plateauWindow,
                             double plateauTolerance, long recordEvery, long seed, long stepEvery,
                             double stepGamma)
        implements Serializable {

    /**
     * A configuration without a step schedule.
     *
     * @param method            the update rule
     * @param learningRate      the base learning rate
     * @param momentum          SGD's momentum
     * @param cosineSchedule    anneal the learning rate to 0 over {@code maxSteps}
     * @param batchSize         samples per step; 0 for full batch
     * @param maxSteps          the number of updates at most
     * @param relativeGradientTolerance stop when the gradient norm is at most this times the
     *                          objective; 0: never
     * @param plateauWindow     the window of the plateau rule, in steps; 0: off
     * @param plateauTolerance  the plateau rule's relative tolerance
     * @param recordEvery       record the metrics every this many steps (and at the end)
     * @param seed              seeds the order of the mini-batches
     */
    public TrainingConfig(Method method, double learningRate, double momentum,
                          boolean cosineSchedule, int batchSize, long maxSteps,
                          double relativeGradientTolerance, long plateauWindow,
                          double plateauTolerance, long recordEvery, long seed) {
        this(method, learningRate, momentum, cosineSchedule, batchSize, maxSteps,
                relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery, seed, 0,
                1);
    }

    /**
     * Checks every field.
     *
     * @throws IllegalArgumentException naming the offending field
     */
    public TrainingConfig {
        Objects.requireNonNull(method, "method");
        if (!(learningRate > 0 && learningRate < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got "
                    + learningRate);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        if (batchSize < 0) {
            throw new IllegalArgumentException("batch size must be positive, or 0 for full batch;"
                    + " got " + batchSize);
        }
        if (method == Method.LBFGS && batchSize != 0) {
            throw new IllegalArgumentException("L-BFGS is a full-batch method; got batch size "
                    + batchSize);
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps must be non-negative, got " + maxSteps);
        }
        if (!(relativeGradientTolerance >= 0 && plateauTolerance >= 0)) {
            throw new IllegalArgumentException("tolerances must be non-negative, got gradient "
                    + relativeGradientTolerance + ", plateau " + plateauTolerance);
        }
        if (plateauWindow < 0) {
            throw new IllegalArgumentException("plateau window must be non-negative, got "
                    + plateauWindow);
        }
        if (recordEvery < 1) {
            throw new IllegalArgumentException("recordEvery must be at least 1, got "
                    + recordEvery);
        }
        if (stepEvery < 0 || stepEvery > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("stepEvery must be in [0, 2^31), got "
                    + stepEvery);
        }
        if (!(stepGamma > 0 && stepGamma <= 1)) {
            throw new IllegalArgumentException("stepGamma must be in (0, 1], got " + stepGamma);
        }
        if (stepEvery > 0 && cosineSchedule) {
            throw new IllegalArgumentException("a cosine and a step schedule at once");
        }
    }

    /**
     * Full-batch gradient descent for {@code steps} steps at learning rate {@code lr}, recording
     * about 100 times, no early stop.
     *
     * @param lr the learning rate
     * @param steps the number of steps
     * @return the configuration
     */
    public static TrainingConfig gradientDescent(double lr, long steps) {
        return new TrainingConfig(Method.GD, lr, 0, false, 0, steps, 0, 0, 0,
                Math.max(1, steps / 100), 0);
    }

    /**
     * {@return this configuration with another method (SGD gets momentum 0.9 if it has none)}
     *
     * @param value the method
     */
    public TrainingConfig withMethod(Method value) {
        double m = value == Method.SGD && momentum == 0 ? 0.9 : momentum;
        return new TrainingConfig(value, learningRate, m, cosineSchedule, batchSize, maxSteps,
                relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with another learning rate}
     *
     * @param value the learning rate
     */
    public TrainingConfig withLearningRate(double value) {
        return new TrainingConfig(method, value, momentum, cosineSchedule, batchSize, maxSteps,
                relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with another momentum (for SGD)}
     *
     * @param value the momentum
     */
    public TrainingConfig withMomentum(double value) {
        return new TrainingConfig(method, learningRate, value, cosineSchedule, batchSize,
                maxSteps, relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery,
                seed, stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with or without cosine annealing of the learning rate}
     *
     * @param value whether to anneal the learning rate
     */
    public TrainingConfig withCosineSchedule(boolean value) {
        return new TrainingConfig(method, learningRate, momentum, value, batchSize, maxSteps,
                relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with another batch size (0: full batch)}
     *
     * @param value the batch size, 0 for the full batch
     */
    public TrainingConfig withBatchSize(int value) {
        return new TrainingConfig(method, learningRate, momentum, cosineSchedule, value, maxSteps,
                relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with another number of steps (recording every as before)}
     *
     * @param value the number of steps
     */
    public TrainingConfig withMaxSteps(long value) {
        return new TrainingConfig(method, learningRate, momentum, cosineSchedule, batchSize,
                value, relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery,
                seed, stepEvery, stepGamma);
    }

    /**
     * {@return this configuration stopping once the gradient norm is at most {@code tolerance}
     * times the objective}
     *
     * @param tolerance the relative tolerance
     */
    public TrainingConfig withRelativeGradientTolerance(double tolerance) {
        return new TrainingConfig(method, learningRate, momentum, cosineSchedule, batchSize,
                maxSteps, tolerance, plateauWindow, plateauTolerance, recordEvery, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration stopping on a plateau of the objective}
     *
     * @param window the number of steps the plateau must last
     * @param tolerance the relative change of the objective below which it is flat
     */
    public TrainingConfig withPlateau(long window, double tolerance) {
        return new TrainingConfig(method, learningRate, momentum, cosineSchedule, batchSize,
                maxSteps, relativeGradientTolerance, window, tolerance, recordEvery, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration recording every {@code steps} steps}
     *
     * @param steps the number of steps between records
     */
    public TrainingConfig withRecordEvery(long steps) {
        return new TrainingConfig(method, learningRate, momentum, cosineSchedule, batchSize,
                maxSteps, relativeGradientTolerance, plateauWindow, plateauTolerance, steps, seed,
                stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with another seed for the batch order}
     *
     * @param value the seed of the batch order
     */
    public TrainingConfig withSeed(long value) {
        return new TrainingConfig(method, learningRate, momentum, cosineSchedule, batchSize,
                maxSteps, relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery,
                value, stepEvery, stepGamma);
    }

    /**
     * {@return this configuration with a step schedule: the learning rate times {@code gamma}
     * every {@code every} steps (and no cosine schedule)}
     *
     * @param every the number of steps between drops
     * @param gamma the factor of each drop
     */
    public TrainingConfig withStepSchedule(long every, double gamma) {
        return new TrainingConfig(method, learningRate, momentum, false, batchSize, maxSteps,
                relativeGradientTolerance, plateauWindow, plateauTolerance, recordEvery, seed,
                every, gamma);
    }

    /** A fresh optimizer for this configuration, without parameters yet. */
    Optimizer newOptimizer() {
        Schedule schedule = cosineSchedule && maxSteps > 0
                ? Schedule.cosine((int) Math.min(Integer.MAX_VALUE, maxSteps))
                : stepEvery > 0 ? Schedule.step((int) stepEvery, stepGamma)
                : Schedule.constant();
        return switch (method) {
            case GD -> new Sgd(learningRate).schedule(schedule);
            case SGD -> new Sgd(learningRate).momentum(momentum).schedule(schedule);
            case ADAM -> new Adam(learningRate).schedule(schedule);
            case LBFGS -> throw new IllegalStateException("L-BFGS is not an Optimizer");
        };
    }
}
