package io.github.nc4j.core.train;

/**
 * The outcome of a {@link Trainer} run: the model holds the trained parameters; this says how it
 * got there.
 *
 * @param steps        the number of updates made
 * @param reason       why training stopped
 * @param objective    the objective at the final parameters (of the last batch for mini-batches)
 * @param gradientNorm its gradient's Euclidean norm over all parameters
 * @param trajectory   the recorded points, the final parameters' last
 * @param seconds      wall-clock time of the run, metrics included
 */
public record TrainingResult(long steps, StopReason reason, double objective,
                             double gradientNorm, Trajectory trajectory, double seconds) {

    /** {@return the final parameters' metrics} */
    public NcSnapshot finalMetrics() {
        return trajectory.last().nc();
    }
}
