package io.github.nc4j.bench;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.autodiff.optim.Lbfgs;
import io.github.nc4j.core.model.Architecture;
import io.github.nc4j.core.model.DeepLinearUfm;
import io.github.nc4j.core.model.UfmConfig;
import io.github.nc4j.core.theory.DeepLinearMseOptimum;
import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * One minimization of issue 17's deep linear UFM by {@link Lbfgs}, from the initialization of a
 * seed to the closed-form optimum: K = 5 classes of 240, 120, 60, 30 and 15 samples, d = 20,
 * M = 2 bias-free linear layers, MSE, {@code lambda_W = (4e-3, 6e-3)}, {@code lambda_H = 5e-3}.
 * The objective, as {@link io.github.nc4j.core.model.FeatureModel} records it,
 * <pre>
 *   (1/(2N)) ||H W_1^T W_2^T - Y||_F^2 + sum_l (lambda_Wl/2) ||W_l||_F^2 + (lambda_H/2) ||H||_F^2,
 * </pre>
 * with H ~ N(0, 1) (N x d) and {@code W_l ~ N(0, 1/d)}; its global minimum is
 * {@link DeepLinearMseOptimum#objective()} (0.1442957...).
 *
 * <p>A run takes L-BFGS steps (history 10) until the objective is within
 * {@link #RELATIVE_ERROR} of that minimum, relative to it, and fails if it is not reached
 * within {@link #MAX_ITERATIONS} iterations (a run that stops at a local minimum, with a
 * class lost, would never get there). {@code nc-bench/scripts/ufm_lbfgs_scipy.py} does the same
 * with SciPy's L-BFGS-B.
 */
final class LbfgsRun {

    /** The stopping target: {@code (f - f*) / f* <= 1e-8}. */
    static final double RELATIVE_ERROR = 1e-8;
    /** A run that has not reached the target by then has failed. */
    static final int MAX_ITERATIONS = 20_000;
    /** The L-BFGS history, SciPy's {@code maxcor}. */
    static final int HISTORY = 10;

    /** Issue 17's example with the initialization drawn from {@code seed}. */
    static UfmConfig config(long seed) {
        return UfmConfig.of(Architecture.DEEP_LINEAR, new int[] {240, 120, 60, 30, 15}, 20)
                .withLambdaW(4e-3, 6e-3).withLambdaH(5e-3).withSeed(seed);
    }

    /** The closed-form minimum of {@link #config}'s objective. */
    static double optimum(UfmConfig config) {
        return DeepLinearMseOptimum.of(config.classSizesLong(), config.lambdaH(),
                config.lambdaW()).objective();
    }

    private final DeepLinearUfm model;
    private final Tape tape;
    private final double target;
    private final Matrix initialFeatures;
    private final List<Matrix> initialWeights;
    private final Lbfgs.Objective objective;

    LbfgsRun(long seed) {
        UfmConfig config = config(seed);
        model = new DeepLinearUfm(config);
        tape = model.tape();
        target = optimum(config);
        initialFeatures = model.features();
        initialWeights = new ArrayList<>(model.layerWeights());
        objective = () -> {
            tape.reset();
            Var o = model.objective();
            tape.backward(o);
            return o.scalar();
        };
    }

    DeepLinearUfm model() {
        return model;
    }

    /** The closed-form minimum f*. */
    double target() {
        return target;
    }

    /** The objective as L-BFGS evaluates it (and the gradient, into the parameters' grads). */
    Lbfgs.Objective objective() {
        return objective;
    }

    /** Puts the parameters back at the seed's initialization. */
    void restart() {
        model.setParameters(initialFeatures, initialWeights);
    }

    /**
     * Minimizes from the initialization until {@code (f - f*) / f* <= RELATIVE_ERROR}; returns
     * the last step's result.
     *
     * @throws IllegalStateException if L-BFGS stops or runs out of iterations first
     */
    Lbfgs.Result run() {
        restart();
        Lbfgs lbfgs = new Lbfgs(tape.parameters(), HISTORY);
        Lbfgs.Result r = lbfgs.begin(objective);
        while (r.objective() - target > RELATIVE_ERROR * target) {
            if (r.iterations() >= MAX_ITERATIONS || r.stop() != null) {
                throw new IllegalStateException("seed " + model.config().seed() + ": the"
                        + " optimum " + target + " not reached, " + r.describe());
            }
            r = lbfgs.step(objective);
        }
        return r;
    }
}
