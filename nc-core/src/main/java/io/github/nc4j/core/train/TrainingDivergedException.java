package io.github.nc4j.core.train;

/**
 * Training met a NaN or infinite objective: the learning rate is too large for the problem, or
 * the initialization is. Carries the step and what was recorded before it.
 */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The step at which the objective was not finite (serialized). */
    private final long step;
    /** The non-finite objective (serialized). */
    private final double objective;
    private final transient Trajectory trajectory;

    TrainingDivergedException(long step, double objective, Trajectory trajectory) {
        super("training diverged at step " + step + ": the objective is " + objective
                + "; lower the learning rate or the initialization scale");
        this.step = step;
        this.objective = objective;
        this.trajectory = trajectory;
    }

    /** {@return the step (number of updates made) at which the objective was not finite} */
    public long step() {
        return step;
    }

    /** {@return the non-finite objective} */
    public double objective() {
        return objective;
    }

    /** {@return the points recorded before the divergence} */
    public Trajectory trajectory() {
        return trajectory;
    }
}
