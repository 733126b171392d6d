package io.github.nc4j.examples.report;

import io.github.nc4j.linalg.io.Csv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes plain values as indented JSON (RFC 8259), for {@code metrics.json}.
 *
 * <p>Accepted values: {@code null}, {@link Boolean}, {@link Number}, {@link String},
 * {@link Enum} (its name), {@code double[]}, {@code int[]}, {@link Iterable} and {@link Map}
 * with string keys (written in iteration order, so use a {@link java.util.LinkedHashMap} for a
 * stable layout), nested freely. Numbers are exact (see {@link Csv}); NaN and infinities, which
 * JSON cannot represent, are written as {@code null}. Arrays of numbers stay on one line.
 */
public final class Json {

    private static final String INDENT = "  ";

    private Json() {}

    /** Writes {@code value} to {@code file}, replacing it, with a final newline. */
    public static Path write(Path file, Object value) throws IOException {
        return Files.writeString(file, format(value) + "\n", StandardCharsets.UTF_8);
    }

    /**
     * The JSON text of {@code value}.
     *
     * @throws IllegalArgumentException for a value of another type, or a map key that is not a
     *     string (the message names the path to it, e.g. {@code $.layers[2]})
     */
    public static String format(Object value) {
        StringBuilder out = new StringBuilder();
        append(out, value, "", "$");
        return out.toString();
    }

    private static void append(StringBuilder out, Object value, String indent, String path) {
        switch (value) {
            case null -> out.append("null");
            case Boolean b -> out.append(b);
            case Double d -> out.append(number(d));
            case Float f -> out.append(number(f));
            case Number n -> out.append(n);
            case String s -> string(out, s);
            case Enum<?> e -> string(out, e.name());
            case double[] a -> numbers(out, Arrays.stream(a).mapToObj(Json::number).toList());
            case int[] a -> numbers(out, Arrays.stream(a).mapToObj(Integer::toString).toList());
            case Map<?, ?> map -> object(out, map, indent, path);
            case Iterable<?> items -> array(out, items, indent, path);
            default -> throw new IllegalArgumentException("cannot write a "
                    + value.getClass().getName() + " as JSON at " + path);
        }
    }

    private static String number(double v) {
        return Double.isFinite(v) ? Csv.formatNumber(v) : "null";
    }

    private static void numbers(StringBuilder out, List<String> values) {
        out.append('[').append(String.join(", ", values)).append(']');
    }

    private static void object(StringBuilder out, Map<?, ?> map, String indent, String path) {
        if (map.isEmpty()) {
            out.append("{}");
            return;
        }
        String inner = indent + INDENT;
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys must be strings, got "
                        + e.getKey() + " at " + path);
            }
            out.append(inner);
            string(out, key);
            out.append(": ");
            append(out, e.getValue(), inner, path + "." + key);
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void array(StringBuilder out, Iterable<?> items, String indent, String path) {
        List<Object> list = new ArrayList<>();
        items.forEach(list::add);
        if (list.stream().allMatch(x -> x instanceof Number)) {
            numbers(out, list.stream().map(x -> x instanceof Double || x instanceof Float
                    ? number(((Number) x).doubleValue()) : x.toString()).toList());
            return;
        }
        String inner = indent + INDENT;
        out.append("[\n");
        for (int i = 0; i < list.size(); i++) {
            out.append(inner);
            append(out, list.get(i), inner, path + "[" + i + "]");
            out.append(i + 1 < list.size() ? ",\n" : "\n");
        }
        out.append(indent).append(']');
    }

    /** A JSON string literal: quotes, backslashes and control characters escaped. */
    private static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
