package io.github.nc4j.core.check;

/**
 * Why a trained solution does or does not match its closed form, read from the numbers: the
 * gradient (has training converged?), the class-mean lengths (is a class stuck at zero?) and the
 * objective (is it that of the critical point the lengths suggest?).
 *
 * @param kind        which case
 * @param explanation one or two sentences with the numbers behind it (empty for
 *                    {@link Kind#AT_OPTIMUM} at a converged run)
 */
public record Diagnosis(Kind kind, String explanation) {

    /** The cases {@link TheoryCheck#diagnosis} tells apart. */
    public enum Kind {
        /** The comparisons agree with the closed form. */
        AT_OPTIMUM,
        /**
         * The gradient is still large: the run stopped before reaching any critical point, so a
         * mismatch says nothing against the theory.
         */
        NOT_CONVERGED,
        /**
         * Converged, with every class that the global optimum keeps at its optimal length except
         * some at zero, and the objective of exactly that critical point: the local minimum
         * {@code p = 0} of the bias-free deep linear model with depth {@code M >= 2}
         * (definitions.md §4.2).
         */
        LOCAL_MINIMUM_LOST_CLASSES,
        /**
         * Converged to the trivial critical point: the model gives every sample the same logits
         * (features or weights all zero), although the optimum does not.
         */
        TRIVIAL_SOLUTION,
        /** Converged to a critical point that is none of the above. */
        OTHER_CRITICAL_POINT,
        /** Nothing to compare: no closed form applies. */
        NO_PREDICTION
    }
}
