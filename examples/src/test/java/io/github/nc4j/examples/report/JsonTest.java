package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonTest {

    @Test
    void writesNestedValuesIndented() {
        Map<String, Object> layer = new LinkedHashMap<>();
        layer.put("nc1", 1.5e-7);
        layer.put("rank", 4);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", "deep-linear");
        root.put("converged", true);
        root.put("lengths", new double[] {1.0, 0.25, Double.NaN});
        root.put("sizes", new int[] {200, 100});
        root.put("layers", List.of(layer, Map.of()));
        root.put("empty", List.of());
        root.put("missing", null);

        assertEquals("""
                {
                  "model": "deep-linear",
                  "converged": true,
                  "lengths": [1, 0.25, null],
                  "sizes": [200, 100],
                  "layers": [
                    {
                      "nc1": 1.5E-7,
                      "rank": 4
                    },
                    {}
                  ],
                  "empty": [],
                  "missing": null
                }""", Json.format(root));
    }

    @Test
    void escapesStringsAndMapsNonFiniteNumbersToNull() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", Json.format("a\"b\\c\nd\u0001"));
        assertEquals("null", Json.format(Double.POSITIVE_INFINITY));
        assertEquals("[1, null, 2.5]", Json.format(List.of(1, Double.NaN, 2.5)));
        assertEquals("\"SGD\"", Json.format(Optimizer.SGD));
    }

    private enum Optimizer { SGD }

    @Test
    void rejectsWhatJsonCannotHoldNamingWhere() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Json.format(Map.of("layers", List.of(1, new Object()))));
        assertTrue(e.getMessage().contains("$.layers[1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Json.format(Map.of(3, 4)));
        assertTrue(e.getMessage().contains("keys must be strings"), e.getMessage());
    }

    @Test
    void writesAFileEndingWithANewline(@TempDir Path dir) throws IOException {
        Path file = Json.write(dir.resolve("m.json"), Map.of("nc1", 0.5));
        assertEquals("{\n  \"nc1\": 0.5\n}\n", Files.readString(file));
    }
}
