package io.github.nc4j.core.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Comparison} and {@link Verdict}: what a relative error is relative to, the edge of the
 * tolerance, and the sentences and percentages the reports print. The values are chosen so that
 * every relative error is exact in binary (halves and quarters).
 */
class ComparisonTest {

    @Test
    void theErrorIsRelativeToThePredictionOrToTheGivenReference() {
        assertEquals(0.25, Comparison.of("x", 2.5, 2).relativeError(), 0.0);
        assertEquals(0.25, Comparison.of("x", -2.5, -2).relativeError(), 0.0, "|predicted|");
        Comparison collapsed = Comparison.relativeTo("||mu_3||", 0.5, 0, -4);
        assertEquals(4, collapsed.reference(), 0.0, "the reference is taken as a magnitude");
        assertEquals(0.125, collapsed.relativeError(), 0.0);
    }

    @Test
    void equalValuesAgreeEvenAgainstAZeroReference() {
        assertEquals(0.0, Comparison.of("exact zero", 0, 0).relativeError());
        assertEquals(Double.POSITIVE_INFINITY, Comparison.of("x", 0.5, 0).relativeError());
        assertTrue(Double.isNaN(Comparison.of("x", Double.NaN, 1).relativeError()));
        assertFalse(Comparison.of("x", Double.NaN, 1).within(Double.POSITIVE_INFINITY));
    }

    @Test
    void anErrorExactlyAtTheToleranceIsWithinIt() {
        Comparison c = Comparison.of("x", 1.5, 1);
        assertTrue(c.within(0.5));
        assertFalse(c.within(Math.nextDown(0.5)));
    }

    @Test
    void toMapHoldsTheFieldsAndTheErrorForMetricsJson() {
        Map<String, Object> map = Comparison.of("||mu_0||", 3, 4).toMap();
        assertEquals(List.of("quantity", "learned", "predicted", "relative_error"),
                List.copyOf(map.keySet()));
        assertEquals(List.of("||mu_0||", 3.0, 4.0, 0.25), List.copyOf(map.values()));
    }

    @Test
    void theVerdictOfTheComparisonsNeedsOneAndAllWithin() {
        List<Comparison> both = List.of(Comparison.of("a", 1, 1), Comparison.of("b", 1.25, 1));
        assertEquals(Verdict.AGREES, Verdict.of(both, 0.25));
        assertEquals(Verdict.DISAGREES, Verdict.of(both, 0.125));
        assertEquals(Verdict.NO_PREDICTION, Verdict.of(List.of(), 0.125));
        assertEquals(List.of("agrees", "disagrees", "no-prediction"),
                List.of(Verdict.AGREES.label(), Verdict.DISAGREES.label(),
                        Verdict.NO_PREDICTION.label()));
    }

    @Test
    void theSentenceCountsTheQuantitiesAndNamesTheWorst() {
        List<Comparison> three = List.of(Comparison.of("a", 1.125, 1),
                Comparison.of("worst", 1.5, 1), Comparison.of("c", 1, 1));
        assertEquals("Training agrees with theory: all 3 quantities within 50% (largest"
                + " relative error 50%, worst).", Comparison.verdict(three, 0.5));
        assertEquals("Training does not match theory: 2 of 3 quantities are off by more than"
                + " 10% (largest relative error 50%, worst).", Comparison.verdict(three, 0.1));
        assertEquals("No quantity has a closed-form prediction to compare with.",
                Comparison.verdict(List.of(), 0.1));
        List<Comparison> tied = List.of(Comparison.of("first", 1.5, 1),
                Comparison.of("second", 0.5, 1));
        assertTrue(Comparison.verdict(tied, 0.5).endsWith("(largest relative error 50%, first)."),
                "of equal errors, the first is named");
    }

    /** A NaN anywhere in the list, even after a finite error, is the worst quantity. */
    @Test
    void aNanIsTheWorstQuantity() {
        List<Comparison> withNan = List.of(Comparison.of("a", 1.5, 1),
                Comparison.of("broken", Double.NaN, 1), Comparison.of("c", 1.75, 1));
        assertEquals("Training does not match theory: 3 of 3 quantities are off by more than"
                + " 1% (largest relative error NaN, broken).", Comparison.verdict(withNan, 0.01));
    }

    @Test
    void percentagesKeepThreeSignificantDigitsWithoutTrailingZeros() {
        assertEquals("0.23%", Comparison.percent(0.0023));
        assertEquals("50%", Comparison.percent(0.5));
        assertEquals("100%", Comparison.percent(1), "no decimal point: nothing to strip");
        assertEquals("0%", Comparison.percent(0));
        assertEquals("1.00e+03%", Comparison.percent(10), "zeros of an exponent form stay");
        assertEquals("NaN", Comparison.percent(Double.NaN));
        assertEquals("inf", Comparison.percent(Double.POSITIVE_INFINITY));
    }
}
