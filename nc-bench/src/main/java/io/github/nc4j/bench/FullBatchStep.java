package io.github.nc4j.bench;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.autodiff.Var;
import io.github.nc4j.autodiff.optim.Sgd;
import io.github.nc4j.core.model.FeatureModel;
import io.github.nc4j.core.train.Trainer;

/**
 * One step of full-batch gradient descent on a {@link ModelSetting}, the work {@link Trainer}
 * does per step when it records nothing: reset the tape, record the objective, backward, the
 * gradient norm (the trainer's stopping rule reads it), the update, and the model's constraint
 * (H >= 0 for the ReLU UFM).
 */
final class FullBatchStep {

    private final FeatureModel model;
    private final Tape tape;
    private final Sgd gd;
    private double gradientNorm = Double.NaN;

    FullBatchStep(ModelSetting setting) {
        model = FeatureModel.of(setting.config());
        tape = model.tape();
        gd = new Sgd(setting.learningRate());
        gd.addAll(tape.parameters());
    }

    FeatureModel model() {
        return model;
    }

    /** Takes the step; returns the objective before it. */
    double step() {
        tape.reset();
        Var objective = model.objective();
        double value = objective.scalar();
        tape.backward(objective);
        gradientNorm = model.storedGradientNorm();
        gd.step();
        model.afterUpdate();
        return value;
    }

    /** The norm of the gradient of the last step's objective over all parameters. */
    double gradientNorm() {
        return gradientNorm;
    }
}
