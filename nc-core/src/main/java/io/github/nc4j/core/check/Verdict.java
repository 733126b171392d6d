package io.github.nc4j.core.check;

import java.util.List;

/**
 * How a trained solution compares with theory. There are three outcomes, never two: a check with
 * nothing to compare (no closed form applies, or it predicts nothing this run can be held to) is
 * {@link #NO_PREDICTION}, which is not agreement.
 */
public enum Verdict {

    /** Every compared quantity is within the tolerance of its closed-form value. */
    AGREES("agrees"),
    /** At least one compared quantity is off by more than the tolerance, or is NaN. */
    DISAGREES("disagrees"),
    /** There is no closed-form value to compare with. */
    NO_PREDICTION("no-prediction");

    private final String label;

    Verdict(String label) {
        this.label = label;
    }

    /** {@return the name in {@code metrics.json}: agrees, disagrees or no-prediction} */
    public String label() {
        return label;
    }

    /**
     * {@return the verdict on {@code comparisons} at a relative {@code tolerance}: no prediction
     * for an empty list, agreement when every comparison is {@link Comparison#within} the
     * tolerance}
     *
     * @param comparisons the learned against the predicted quantities
     * @param tolerance the relative tolerance
     */
    public static Verdict of(List<Comparison> comparisons, double tolerance) {
        if (comparisons.isEmpty()) {
            return NO_PREDICTION;
        }
        return comparisons.stream().allMatch(c -> c.within(tolerance)) ? AGREES : DISAGREES;
    }
}
