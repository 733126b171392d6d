package io.github.nc4j.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The line protocol that {@code interleaved_pairs.py} speaks with {@link Interleaved}. */
class InterleavedTest {

    private static final Pattern ROUND = Pattern.compile("\\{\"calls\": (\\d+), \"meanMs\": "
            + "(\\S+), \"medianMs\": (\\S+), \"check\": (\\S+)}");

    private static List<String> answers(String input, String... args) throws Exception {
        InputStream savedIn = System.in;
        PrintStream savedOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setIn(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Interleaved.main(args);
        } finally {
            System.setIn(savedIn);
            System.setOut(savedOut);
        }
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void answersEachRoundWithOneLineAndEndsWithItsInput() throws Exception {
        List<String> lines = answers("0.05\n\n0\n", "nc4j", "gemm", "8");
        assertEquals(2, lines.size(), lines.toString());
        for (String line : lines) {
            Matcher m = ROUND.matcher(line);
            assertTrue(m.matches(), line);
            int calls = Integer.parseInt(m.group(1));
            double mean = Double.parseDouble(m.group(2));
            double median = Double.parseDouble(m.group(3));
            assertTrue(calls >= 1 && mean > 0 && median > 0, line);
            assertTrue(Double.isFinite(Double.parseDouble(m.group(4))), line);
        }
        // A round of 0 s still makes one call; one of 0.05 s goes on for at least that long (the
        // mean is printed to 7 significant digits).
        Matcher first = ROUND.matcher(lines.get(0));
        assertTrue(first.matches());
        assertTrue(Integer.parseInt(first.group(1)) * Double.parseDouble(first.group(2))
                >= 50 * (1 - 1e-6), lines.get(0));
        Matcher second = ROUND.matcher(lines.get(1));
        assertTrue(second.matches());
        assertEquals(1, Integer.parseInt(second.group(1)), lines.get(1));
    }

    @Test
    void refusesAnUnknownOperation() {
        assertThrows(IllegalArgumentException.class, () -> answers("", "nc4j", "qr", "8"));
        assertThrows(IllegalArgumentException.class, () -> answers("", "nc4j", "gemm"));
    }
}
