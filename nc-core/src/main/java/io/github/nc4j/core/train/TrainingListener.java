package io.github.nc4j.core.train;

/**
 * Follows a {@link Trainer} run: progress displays, extra evaluations (test accuracy at each
 * recorded point), early logging. Both methods run on the training thread, between steps.
 */
public interface TrainingListener {

    /**
     * Step {@code step} has computed the objective and its gradient at the current parameters
     * (after {@code step} updates, before the next).
     *
     * @param step the number of updates made
     * @param objective the objective
     * @param gradientNorm the gradient norm
     */
    default void onStep(long step, double objective, double gradientNorm) {
    }

    /**
     * A point of the trajectory was recorded (its metrics describe the current parameters).
     *
     * @param point the recorded point
     */
    default void onRecord(Trajectory.Point point) {
    }
}
