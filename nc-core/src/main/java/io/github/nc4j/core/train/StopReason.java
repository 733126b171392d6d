package io.github.nc4j.core.train;

/** Why a {@link Trainer} run ended (divergence throws {@link TrainingDivergedException}). */
public enum StopReason {
    /** The configured number of steps was done. */
    MAX_STEPS,
    /** The gradient norm fell to the configured tolerance. */
    GRADIENT_NORM,
    /** The objective stopped changing over the configured window. */
    PLATEAU,
    /**
     * L-BFGS found no step along its direction that satisfies the Wolfe conditions: the
     * objective no longer decreases beyond rounding.
     */
    NO_DESCENT
}
