package io.github.nc4j.autodiff.optim;

import io.github.nc4j.autodiff.Var;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * Updates parameters in place from the gradients of the last
 * {@link io.github.nc4j.autodiff.Tape#backward}.
 *
 * <p>Every parameter has a learning rate and a weight decay: the optimizer's defaults, or its own
 * when set through the {@link Parameter} handle that {@link #add} returns (PyTorch's parameter
 * groups, one parameter at a time):
 * <pre>{@code
 * Sgd sgd = new Sgd(0.1).momentum(0.9);
 * sgd.add(w).weightDecay(5e-4);
 * sgd.add(h).weightDecay(1e-3).learningRate(0.05);
 * }</pre>
 * The learning rate of update t is the parameter's rate times {@link #schedule()}'s factor(t).
 * Defaults are read at every step, so changing one affects every parameter that has not set
 * its own. An optimizer allocates its state (momentum, moments) on a parameter's first update and
 * nothing afterwards.
 *
 * <p>Weight decay here is applied through the optimizer; the same penalty can instead be part of
 * the loss on the tape, as the unconstrained-feature-model papers write it:
 * {@code w.squaredNorm().scale(lambda / 2)}. For {@link Sgd} and {@link Adam} the two are the
 * same update (the decay adds {@code lambda w} to the gradient, which is the gradient of
 * {@code (lambda/2)||w||_F^2}); only the loss value differs. {@link AdamW}'s decoupled decay has
 * no loss form.
 */
public abstract sealed class Optimizer permits Sgd, Adam {

    private final List<Parameter> parameters = new ArrayList<>();
    private double learningRate;
    private double weightDecay;
    private Schedule schedule = Schedule.constant();
    private int steps;

    Optimizer(double learningRate, double weightDecay) {
        learningRate(learningRate);
        weightDecay(weightDecay);
    }

    /**
     * Adds a parameter to update, with the optimizer's default learning rate and weight decay
     * until the returned handle sets its own.
     *
     * @param parameter a parameter of the tape
     * @return the parameter's handle, to set its own learning rate and weight decay
     * @throws IllegalArgumentException if {@code parameter} is not a tape parameter or was
     *     added before
     */
    public Parameter add(Var parameter) {
        Objects.requireNonNull(parameter, "parameter");
        if (!parameter.isParameter()) {
            throw new IllegalArgumentException("only parameters made by Tape.parameter can be"
                    + " optimized, got a " + parameter);
        }
        for (Parameter p : parameters) {
            if (p.var == parameter) {
                throw new IllegalArgumentException("the " + parameter + " was already added");
            }
        }
        Parameter p = new Parameter(parameter);
        parameters.add(p);
        return p;
    }

    /**
     * Adds every parameter in {@code list} with the default settings.
     *
     * @param list parameters of the tape
     */
    public void addAll(List<Var> list) {
        for (Var v : list) {
            add(v);
        }
    }

    /** {@return the parameters added so far, in order (a read-only view)} */
    public List<Parameter> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /**
     * Updates every added parameter once from its current gradient, then advances the schedule.
     *
     * @throws IllegalStateException if a parameter has no gradient (no backward pass yet); no
     *     parameter is changed then
     */
    public final void step() {
        validate();
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).var().grad(); // throws before any update, not halfway through
        }
        double factor = schedule.factor(steps);
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            update(p, p.learningRate() * factor, p.weightDecay());
            p.updates++;
        }
        steps++;
    }

    /** {@return the number of completed {@link #step()} calls} */
    public int steps() {
        return steps;
    }

    /** {@return the default learning rate} */
    public double learningRate() {
        return learningRate;
    }

    /** {@return the default weight decay} */
    public double weightDecay() {
        return weightDecay;
    }

    /** {@return the learning-rate schedule} */
    public Schedule schedule() {
        return schedule;
    }

    /**
     * Sets the default learning rate.
     *
     * @param rate the learning rate
     * @return this optimizer
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public Optimizer learningRate(double rate) {
        learningRate = requireNonNegative(rate, "learning rate");
        return this;
    }

    /**
     * Sets the default weight decay lambda.
     *
     * @param lambda the weight decay
     * @return this optimizer
     * @throws IllegalArgumentException if it is negative or not finite
     */
    public Optimizer weightDecay(double lambda) {
        weightDecay = requireNonNegative(lambda, "weight decay");
        return this;
    }

    /**
     * Sets the learning-rate schedule (the default is {@link Schedule#constant()}).
     *
     * @param s the schedule
     * @return this optimizer
     */
    public Optimizer schedule(Schedule s) {
        schedule = Objects.requireNonNull(s, "schedule");
        return this;
    }

    /** Checks settings that are only meaningful together, before the first update of a step. */
    void validate() {
    }

    /**
     * Updates {@code p}'s value from its gradient with the given (scheduled) learning rate and
     * weight decay. {@code p.updates()} is the number of earlier updates of p.
     */
    abstract void update(Parameter p, double learningRate, double weightDecay);

    static double requireNonNegative(double value, String name) {
        if (!(value >= 0 && value < Double.POSITIVE_INFINITY)) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got "
                    + value);
        }
        return value;
    }

    /**
     * One optimized parameter: its own learning rate and weight decay (when set) and the state
     * the optimizer keeps for it.
     */
    public final class Parameter {
        private final Var var;
        private double ownLearningRate = Double.NaN; // NaN: use the optimizer's default
        private double ownWeightDecay = Double.NaN;
        private int updates;
        private Matrix firstMoment;
        private Matrix secondMoment;

        private Parameter(Var var) {
            this.var = var;
        }

        /** {@return the parameter} */
        public Var var() {
            return var;
        }

        /**
         * {@return this parameter's learning rate: its own if set, else the optimizer's default}
         */
        public double learningRate() {
            return Double.isNaN(ownLearningRate) ? learningRate : ownLearningRate;
        }

        /** {@return this parameter's weight decay: its own if set, else the optimizer's default} */
        public double weightDecay() {
            return Double.isNaN(ownWeightDecay) ? weightDecay : ownWeightDecay;
        }

        /**
         * Sets this parameter's own learning rate.
         *
         * @param rate the learning rate
         * @return this handle
         */
        public Parameter learningRate(double rate) {
            ownLearningRate = requireNonNegative(rate, "learning rate");
            return this;
        }

        /**
         * Sets this parameter's own weight decay.
         *
         * @param lambda the weight decay
         * @return this handle
         */
        public Parameter weightDecay(double lambda) {
            ownWeightDecay = requireNonNegative(lambda, "weight decay");
            return this;
        }

        /** Number of updates applied to this parameter so far. */
        int updates() {
            return updates;
        }

        /** The first per-element state (momentum buffer, first moment), zero at first. */
        Matrix firstMoment() {
            if (firstMoment == null) {
                firstMoment = Matrix.zeros(var.rows(), var.cols());
            }
            return firstMoment;
        }

        /** The optimizer's second per-element state (second moment), zero at first. */
        Matrix secondMoment() {
            if (secondMoment == null) {
                secondMoment = Matrix.zeros(var.rows(), var.cols());
            }
            return secondMoment;
        }
    }
}
