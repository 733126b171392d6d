package io.github.nc4j.core.check;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A learned quantity next to its closed-form prediction, e.g. the length of a class mean or a
 * singular value of W_l, with the relative error {@code |learned - predicted| / reference}.
 *
 * <p>The reference is {@code |predicted|} unless given: a quantity predicted to vanish (a class
 * predicted to collapse to zero, p_k = 0) is compared relative to a scale of the problem such
 * as the largest predicted length, since an error relative to 0 means nothing.
 *
 * @param quantity what is compared, as shown in tables (e.g. {@code "||mu_3||"})
 * @param learned the value the training reached
 * @param predicted the value theory predicts
 * @param reference the positive scale the error is relative to
 */
public record Comparison(String quantity, double learned, double predicted, double reference) {

    /**
     * {@return a comparison relative to {@code |predicted|}}
     *
     * @param quantity the quantity's name
     * @param learned the trained value
     * @param predicted the closed form's value
     */
    public static Comparison of(String quantity, double learned, double predicted) {
        return new Comparison(quantity, learned, predicted, Math.abs(predicted));
    }

    /**
     * {@return a comparison relative to {@code reference}, for predictions that may be 0}
     *
     * @param quantity the quantity's name
     * @param learned the trained value
     * @param predicted the closed form's value
     * @param reference the value the error is relative to
     */
    public static Comparison relativeTo(String quantity, double learned, double predicted,
            double reference) {
        return new Comparison(quantity, learned, predicted, Math.abs(reference));
    }

    /**
     * {@code |learned - predicted| / reference}; 0 when both values are equal (even with a zero
     * reference), infinite when they differ and the reference is 0, NaN if a value is NaN.
     *
     * @return the relative error
     */
    public double relativeError() {
        double difference = Math.abs(learned - predicted);
        return difference == 0 ? 0 : difference / reference;
    }

    /**
     * {@return whether the relative error is at most {@code tolerance} (never for NaN)}
     *
     * @param tolerance the relative tolerance
     */
    public boolean within(double tolerance) {
        return relativeError() <= tolerance;
    }

    /** {@return the fields and the relative error, for {@code metrics.json}} */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("quantity", quantity);
        map.put("learned", learned);
        map.put("predicted", predicted);
        map.put("relative_error", relativeError());
        return map;
    }

    /**
     * A one-sentence {@link Verdict}, e.g. "Training agrees with theory: all 8 quantities within 1%
     * (largest relative error 0.23%, ||mu_1||)." or "Training does not match theory: 2 of 8
     * quantities are off by more than 1% (largest relative error 12.3%, sigma_1(W_2))."
     *
     * @param comparisons the comparisons
     * @param tolerance the relative tolerance
     * @return the sentence
     */
    public static String verdict(List<Comparison> comparisons, double tolerance) {
        if (Verdict.of(comparisons, tolerance) == Verdict.NO_PREDICTION) {
            return "No quantity has a closed-form prediction to compare with.";
        }
        Comparison worst = comparisons.get(0);
        for (Comparison c : comparisons) {
            // Double.compare orders NaN above every number, so a NaN stays the worst
            if (Double.compare(c.relativeError(), worst.relativeError()) > 0) {
                worst = c;
            }
        }
        long off = comparisons.stream().filter(c -> !c.within(tolerance)).count();
        String largest = "largest relative error " + percent(worst.relativeError()) + ", "
                + worst.quantity();
        if (off == 0) {
            return "Training agrees with theory: all " + comparisons.size() + " quantities within "
                    + percent(tolerance) + " (" + largest + ").";
        }
        return "Training does not match theory: " + off + " of " + comparisons.size()
                + " quantities are off by more than " + percent(tolerance) + " (" + largest + ").";
    }

    /**
     * {@return a relative error as a percentage with three significant digits: 0.0023 -> "0.23%"}
     *
     * @param fraction the relative error
     */
    public static String percent(double fraction) {
        if (Double.isNaN(fraction)) {
            return "NaN";
        }
        if (Double.isInfinite(fraction)) {
            return "inf";
        }
        String digits = String.format(Locale.ROOT, "%.3g", 100 * fraction);
        // %g keeps trailing zeros ("1.00"); a percentage reads better without them.
        if (!digits.contains("e") && digits.contains(".")) {
            digits = digits.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return digits + "%";
    }
}
