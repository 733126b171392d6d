package io.github.nc4j.core.train;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.autodiff.optim.Lbfgs;
import io.github.nc4j.autodiff.optim.Optimizer;
import io.github.nc4j.core.data.MiniBatches;
import io.github.nc4j.core.model.Model;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Trains a {@link Model} as a {@link TrainingConfig} says, recording a {@link Trajectory}.
 *
 * <p>Step t (t = 0, 1, ...) evaluates the objective and its gradient at the parameters after t
 * updates, records a trajectory point when t is a multiple of {@code recordEvery}, checks the
 * stopping rules, and, unless one holds or t = maxSteps, updates the parameters and restores the
 * model's constraints ({@link Model#afterUpdate}). The final parameters are always recorded, so
 * {@link Trajectory#last()} describes the trained model. With {@link Method#LBFGS} an update is
 * one L-BFGS iteration, whose line search evaluates the full objective and leaves the gradient of
 * the accepted point, so the next step does not evaluate it again; when no step decreases the
 * objective any more, training stops with {@link StopReason#NO_DESCENT}.
 *
 * <p>Full batch (batch size 0, or at least N) every step sees every sample. Otherwise step t
 * takes batch {@code t mod B} of epoch {@code t / B} (B batches per epoch) in the order of
 * {@link MiniBatches#permutation}, which depends on the seed and the epoch only.
 *
 * <p>Reproducible: the same model configuration, training configuration and seed give bitwise
 * the same trajectory and parameters, for any number of threads, since nc-linalg's kernels sum
 * in the same order whatever the thread count and nothing here depends on timing.
 */
public final class Trainer {

    private Trainer() {
    }

    /**
     * Trains {@code model} in place.
     *
     * @param model the model, whose parameters are trained in place
     * @param config how to train
     * @param listeners called at every step and record
     * @return the steps taken, why training stopped, the final objective and gradient norm, and the
     *     trajectory
     * @throws TrainingDivergedException if the objective becomes NaN or infinite; the message
     *     names the step
     */
    public static TrainingResult train(Model model, TrainingConfig config,
                                       TrainingListener... listeners) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(config, "config");
        List<TrainingListener> followers = List.of(listeners);
        Tape tape = model.tape();
        Updates updates = Updates.of(model, config);
        Batches batches = new Batches(model.numSamples(), config.batchSize(), config.seed());
        Trajectory trajectory = new Trajectory();
        double[] recentObjectives = new double[(int) Math.min(config.plateauWindow() + 1,
                Integer.MAX_VALUE)];
        long start = System.nanoTime();
        double initialObjective = Double.POSITIVE_INFINITY;
        for (long step = 0; ; step++) {
            double value;
            if (updates.hasEvaluated()) {
                value = updates.objective(); // L-BFGS's line search ended with this evaluation
            } else {
                tape.reset();
                int[] batch = batches.of(step);
                Var objective = batch == null ? model.objective() : model.objective(batch);
                value = objective.scalar();
                if (!Double.isFinite(value)) {
                    throw new TrainingDivergedException(step, value, trajectory);
                }
                tape.backward(objective);
            }
            double gradientNorm = model.storedGradientNorm();
            for (TrainingListener listener : followers) {
                listener.onStep(step, value, gradientNorm);
            }
            StopReason stop = updates.stalled() ? StopReason.NO_DESCENT
                    : stopReason(config, step, value, Math.min(Math.abs(value),
                            Math.abs(initialObjective)), gradientNorm, recentObjectives);
            initialObjective = step == 0 ? value : initialObjective;
            if (stop != null || step % config.recordEvery() == 0) {
                Trajectory.Point point = new Trajectory.Point(step, value, gradientNorm,
                        NcSnapshot.of(model));
                trajectory.add(point);
                for (TrainingListener listener : followers) {
                    listener.onRecord(point);
                }
            }
            if (stop != null) {
                return new TrainingResult(step, stop, value, gradientNorm, trajectory,
                        (System.nanoTime() - start) * 1e-9);
            }
            updates.apply();
        }
    }

    /**
     * How the parameters move: an {@link Optimizer} step from the gradient just computed,
     * followed by the model's projection, or one L-BFGS iteration, which evaluates the full
     * objective itself, keeps the model's non-negative parameters {@code >= 0} along its search
     * path, and leaves the parameters and their gradients at the accepted point.
     */
    private static final class Updates {
        /** Pairs L-BFGS keeps: Nocedal and Wright's and SciPy's default. */
        private static final int LBFGS_HISTORY = 10;

        private final Model model;
        private final Optimizer optimizer;
        private final Lbfgs lbfgs;
        private Lbfgs.Result last;

        private Updates(Model model, Optimizer optimizer, Lbfgs lbfgs) {
            this.model = model;
            this.optimizer = optimizer;
            this.lbfgs = lbfgs;
        }

        static Updates of(Model model, TrainingConfig config) {
            List<Var> parameters = model.tape().parameters();
            if (config.method() != Method.LBFGS) {
                Optimizer optimizer = config.newOptimizer();
                optimizer.addAll(parameters);
                return new Updates(model, optimizer, null);
            }
            return new Updates(model, null,
                    new Lbfgs(parameters, LBFGS_HISTORY, model.nonNegativeParameters()));
        }

        void apply() {
            if (lbfgs == null) {
                optimizer.step();
                model.afterUpdate();
                return;
            }
            Tape tape = model.tape();
            last = lbfgs.step(() -> {
                tape.reset();
                Var objective = model.objective();
                tape.backward(objective);
                return objective.scalar();
            });
        }

        /** Whether the last update evaluated the objective at the new parameters. */
        boolean hasEvaluated() {
            return last != null;
        }

        /** The objective the last L-BFGS iteration ended at. */
        double objective() {
            return last.objective();
        }

        /** Whether the last L-BFGS iteration found no step that decreases the objective. */
        boolean stalled() {
            return last != null && last.stop() == Lbfgs.Stop.LINE_SEARCH;
        }
    }

    /**
     * The rule that ends training at this step, or null. {@code scale} is what the gradient norm
     * is relative to: the objective, or the first step's if that is smaller (the gradient of a
     * run whose objective explodes is small next to it, yet that run is not converging).
     * {@code recent} is a ring buffer of the last {@code plateauWindow + 1} objectives.
     */
    private static StopReason stopReason(TrainingConfig config, long step, double objective,
                                         double scale, double gradientNorm, double[] recent) {
        double tolerance = config.relativeGradientTolerance();
        if (tolerance > 0 && gradientNorm <= tolerance * scale) {
            return StopReason.GRADIENT_NORM;
        }
        long window = config.plateauWindow();
        if (window > 0) {
            int slot = (int) (step % recent.length);
            double before = recent[slot]; // the objective of step - window, once step >= window
            recent[slot] = objective;
            if (step >= window && Math.abs(before - objective)
                    <= config.plateauTolerance() * Math.abs(objective)) {
                return StopReason.PLATEAU;
            }
        }
        return step >= config.maxSteps() ? StopReason.MAX_STEPS : null;
    }

    /** The samples of each step: null for full batch, else the step's mini-batch. */
    private static final class Batches {
        private final int samples;
        private final int batchSize;
        private final long seed;
        private final int perEpoch;
        private long epoch = -1;
        private int[] order;

        Batches(int samples, int batchSize, long seed) {
            this.samples = samples;
            this.batchSize = batchSize == 0 || batchSize >= samples ? 0 : batchSize;
            this.seed = seed;
            this.perEpoch = this.batchSize == 0 ? 1 : (samples + batchSize - 1) / batchSize;
        }

        int[] of(long step) {
            if (batchSize == 0) {
                return null;
            }
            long e = step / perEpoch;
            if (e != epoch) {
                order = MiniBatches.permutation(samples, seed, e);
                epoch = e;
            }
            int from = (int) (step % perEpoch) * batchSize;
            return Arrays.copyOfRange(order, from, Math.min(samples, from + batchSize));
        }
    }
}
