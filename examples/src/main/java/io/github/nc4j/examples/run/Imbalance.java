package io.github.nc4j.examples.run;

import io.github.nc4j.core.data.ClassSizes;
import java.util.Locale;

/**
 * The {@code --imbalance} option of {@code nc4j mlp}: {@code none}, {@code step:rho} or
 * {@code long-tail:rho}, with {@code rho = max_k n_k / min_k n_k} (see {@link ClassSizes} for
 * the two profiles and their sources).
 *
 * @param profile the shape of the class sizes
 * @param ratio   rho; 1 for {@link Profile#NONE}
 */
public record Imbalance(Profile profile, double ratio) {

    /** The shapes of the class sizes. */
    public enum Profile {
        /** Every class the same size. */
        NONE("none"),
        /** Half the classes (the last ones) are minorities of size {@code n_max / rho}. */
        STEP("step"),
        /** Exponentially decaying sizes, {@code n_k = n_max rho^(-k/(K-1))}. */
        LONG_TAIL("long-tail");

        final String cliName;

        Profile(String cliName) {
            this.cliName = cliName;
        }
    }

    /** The fraction of minority classes of step imbalance, as in Buda et al. and Cao et al. */
    static final double STEP_MINORITY_FRACTION = 0.5;

    /** Balanced classes. */
    public static final Imbalance NONE = new Imbalance(Profile.NONE, 1);

    /**
     * The class sizes for K classes whose largest has {@code largest} samples.
     *
     * @throws IllegalArgumentException if a class would be empty (the message says which ratio)
     */
    public int[] classSizes(int numClasses, int largest) {
        return switch (profile) {
            case NONE -> ClassSizes.balanced(numClasses, largest);
            case STEP -> ClassSizes.step(numClasses, largest, STEP_MINORITY_FRACTION, ratio);
            case LONG_TAIL -> ClassSizes.longTailed(numClasses, largest, ratio);
        };
    }

    /** The option's text: {@code none}, {@code step:10}, {@code long-tail:100}. */
    @Override
    public String toString() {
        if (profile == Profile.NONE) {
            return profile.cliName;
        }
        String rho = ratio == Math.rint(ratio) ? Long.toString((long) ratio)
                : Double.toString(ratio);
        return profile.cliName + ":" + rho;
    }

    /**
     * Parses the option's text.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static Imbalance parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals(Profile.NONE.cliName)) {
            return NONE;
        }
        int colon = t.indexOf(':');
        for (Profile p : Profile.values()) {
            if (p != Profile.NONE && colon > 0 && t.substring(0, colon).equals(p.cliName)) {
                double rho;
                try {
                    rho = Double.parseDouble(t.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("imbalance \"" + text + "\": the ratio \""
                            + t.substring(colon + 1) + "\" is not a number", e);
                }
                if (!(rho >= 1 && rho < Double.POSITIVE_INFINITY)) {
                    throw new IllegalArgumentException("imbalance \"" + text + "\": the ratio"
                            + " max/min class size must be finite and at least 1");
                }
                return new Imbalance(p, rho);
            }
        }
        throw new IllegalArgumentException("imbalance \"" + text + "\": use none, step:RHO or"
                + " long-tail:RHO (RHO = largest / smallest class, e.g. step:10)");
    }
}
