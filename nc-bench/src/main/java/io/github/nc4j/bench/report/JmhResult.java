package io.github.nc4j.bench.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark result of a JMH JSON file ({@code -rf json}): which benchmark, at which
 * parameters, and its score.
 *
 * @param benchmarkClass the simple name of the benchmark class, e.g. {@code GemmBenchmark}
 * @param method         the benchmark method, e.g. {@code nc4j}
 * @param params         the {@code @Param} values, by name
 * @param score          the primary metric (a time per operation in average-time mode)
 * @param unit           its unit, e.g. {@code ms/op}
 */
public record JmhResult(String benchmarkClass, String method, Map<String, String> params,
        double score, String unit) {

    /**
     * Reads every result of a JMH JSON result file.
     *
     * @throws IOException              if the file cannot be read
     * @throws IllegalArgumentException if it is not a JMH result array, naming the entry
     */
    public static List<JmhResult> read(Path file) throws IOException {
        JsonElement root = JsonParser.parseString(Files.readString(file));
        if (!root.isJsonArray()) {
            throw new IllegalArgumentException(file + " is not a JMH JSON result (an array)");
        }
        List<JmhResult> results = new ArrayList<>();
        for (JsonElement element : root.getAsJsonArray()) {
            results.add(parse(file, results.size(), element.getAsJsonObject()));
        }
        return results;
    }

    /** The parameter {@code name} as an integer. */
    public int intParam(String name) {
        String value = params.get(name);
        if (value == null) {
            throw new IllegalArgumentException(benchmarkClass + "." + method + " has no parameter "
                    + name + " (it has " + params.keySet() + ")");
        }
        return Integer.parseInt(value);
    }

    private static JmhResult parse(Path file, int index, JsonObject entry) {
        if (!entry.has("benchmark") || !entry.has("primaryMetric")) {
            throw new IllegalArgumentException(file + ": entry " + index
                    + " lacks \"benchmark\" or \"primaryMetric\"");
        }
        String name = entry.get("benchmark").getAsString();
        int lastDot = name.lastIndexOf('.');
        String className = name.substring(0, lastDot);
        Map<String, String> params = new LinkedHashMap<>();
        if (entry.has("params")) {
            entry.getAsJsonObject("params").entrySet()
                    .forEach(e -> params.put(e.getKey(), e.getValue().getAsString()));
        }
        JsonObject metric = entry.getAsJsonObject("primaryMetric");
        return new JmhResult(className.substring(className.lastIndexOf('.') + 1),
                name.substring(lastDot + 1), Map.copyOf(params),
                metric.get("score").getAsDouble(), metric.get("scoreUnit").getAsString());
    }
}
