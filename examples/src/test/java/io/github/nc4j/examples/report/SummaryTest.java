package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.Comparison;
import io.github.nc4j.core.check.Verdict;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SummaryTest {

    private static final List<Comparison> CLOSE = List.of(
            Comparison.of("||mu_1||", 1.502, 1.5),
            Comparison.of("||mu_2||", 0.999, 1.0),
            Comparison.relativeTo("||mu_4||", 1e-9, 0.0, 1.5));

    @Test
    void relativeErrorsHandleZeroPredictions() {
        assertEquals(0.002 / 1.5, CLOSE.get(0).relativeError(), 1e-16);
        assertEquals(1e-9 / 1.5, CLOSE.get(2).relativeError(), 1e-24);
        assertEquals(0.0, Comparison.of("zero", 0, 0).relativeError());
        assertEquals(Double.POSITIVE_INFINITY, Comparison.of("x", 1e-12, 0).relativeError());
        assertFalse(Comparison.of("nan", Double.NaN, 1).within(1e9));
    }

    @Test
    void verdictSaysPlainlyWhetherTheoryAndTrainingAgree() {
        assertEquals("Training agrees with theory: all 3 quantities within 1% (largest relative"
                + " error 0.133%, ||mu_1||).", Comparison.verdict(CLOSE, 0.01));
        assertEquals("Training does not match theory: 1 of 3 quantities are off by more than"
                + " 0.12% (largest relative error 0.133%, ||mu_1||).",
                Comparison.verdict(CLOSE, 0.0012));
        assertEquals(Verdict.AGREES, Verdict.of(CLOSE, 0.01));
        assertEquals(Verdict.DISAGREES, Verdict.of(CLOSE, 0.0012));
        assertEquals(Verdict.NO_PREDICTION, Verdict.of(List.of(), 0.01));
        assertEquals("No quantity has a closed-form prediction to compare with.",
                Comparison.verdict(List.of(), 0.01));
        List<Comparison> withNan = List.of(CLOSE.get(0), Comparison.of("sigma_1", Double.NaN, 2));
        assertEquals(Verdict.DISAGREES, Verdict.of(withNan, 1e9));
        assertTrue(Comparison.verdict(withNan, 0.01).contains("1 of 2")
                && Comparison.verdict(withNan, 0.01).contains("NaN, sigma_1"));
        assertEquals("12.3%", Comparison.percent(0.123));
        assertEquals("1%", Comparison.percent(0.01));
        assertEquals("1.00e-05%", Comparison.percent(1e-7));
    }

    @Test
    void textTablesEscapeTheirCellsAndNeedFullRows() {
        String md = Summary.titled("Runs").textTable("Runs", List.of("run", "observed"),
                List.of(List.of("[M1](M1/summary.md)", "||mu_1|| off"))).toMarkdown();
        assertTrue(md.contains("| run | observed |\n| --- | --- |\n"
                + "| [M1](M1/summary.md) | \\|\\|mu_1\\|\\| off |\n"), md);
        assertThrows(IllegalArgumentException.class, () -> Summary.titled("x")
                .textTable("Runs", List.of("run", "observed"), List.of(List.of("M1"))));
    }

    @Test
    void markdownHasEverySectionInOrder() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", "deep-linear");
        config.put("samples", new int[] {200, 100, 50, 20});
        config.put("lambda_W", 5e-3);
        config.put("note", "a|b");
        Table layers = Table.withColumns("layer", "nc1").addRow(1, 0.25).addRow(2, 1.234567e-8);

        String md = Summary.titled("Deep linear UFM")
                .paragraph("Trained for 1000 steps.")
                .configuration(config)
                .metrics("Final metrics", Map.of("NC1", 3.14159e-7))
                .table("Per layer", layers)
                .theoryComparison(CLOSE, 0.01)
                .figure(new Figure("NC1 [log]", "nc1.png", "nc1.svg"))
                .toMarkdown();

        assertEquals("""
                # Deep linear UFM

                Trained for 1000 steps.

                ## Configuration

                | setting | value |
                | --- | --- |
                | model | deep-linear |
                | samples | [200, 100, 50, 20] |
                | lambda_W | 0.005 |
                | note | a\\|b |

                ## Final metrics

                | metric | value |
                | --- | --- |
                | NC1 | 3.142e-07 |

                ## Per layer

                | layer | nc1 |
                | --- | --- |
                | 1 | 0.2500 |
                | 2 | 1.235e-08 |

                ## Agreement with theory

                **Training agrees with theory: all 3 quantities within 1% (largest relative error 0.133%, ||mu_1||).**

                | quantity | learned | predicted | relative error | within 1% |
                | --- | --- | --- | --- | --- |
                | \\|\\|mu_1\\|\\| | 1.502 | 1.500 | 0.133% | yes |
                | \\|\\|mu_2\\|\\| | 0.9990 | 1 | 0.1% | yes |
                | \\|\\|mu_4\\|\\| | 1.000e-09 | 0 | 6.67e-08% | yes |

                ![NC1 \\[log\\]](nc1.png)

                *NC1 [log]* ([SVG](nc1.svg))
                """, md);
    }
}
