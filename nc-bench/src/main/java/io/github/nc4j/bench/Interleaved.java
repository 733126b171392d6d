package io.github.nc4j.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * One side of an interleaved pair: {@code nc-bench/scripts/interleaved_pairs.py} starts it,
 * then alternates between asking it for a round of calls and timing NumPy's round itself, so
 * that both libraries meet the same neighbours on a shared machine, round after round, instead
 * of one JMH run and then one NumPy run a minute apart.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp nc-bench/target/benchmarks.jar \
 *     io.github.nc4j.bench.Interleaved LIBRARY OPERATION N
 * </pre>
 *
 * <p>The operations are {@link ColdStart}'s, with the same inputs. Each line read from standard
 * input is a duration in seconds; the calls run back to back until that much time has passed
 * (at least one call), and one JSON line answers: {@code calls}, {@code meanMs} and
 * {@code medianMs} of the round's calls, and {@code check} (a sum of output entries, which keeps
 * the results alive). The end of the input ends the program.
 */
public final class Interleaved {

    private Interleaved() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException(
                    "usage: Interleaved nc4j|ejml gemm|sgemm|svd N, then seconds per line");
        }
        ColdStart.Operation operation =
                ColdStart.operation(args[0], args[1], Integer.parseInt(args[2]));
        BufferedReader in = new BufferedReader(
                new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (!line.isBlank()) {
                System.out.println(round(operation, Double.parseDouble(line.strip())));
                System.out.flush();
            }
        }
    }

    /** Calls for {@code seconds}, at least once, and says how long they took. */
    private static String round(ColdStart.Operation operation, double seconds) {
        long[] nanos = new long[64];
        int calls = 0;
        double check = 0;
        long budget = (long) (seconds * 1e9);
        long start = System.nanoTime();
        long last = start;
        do {
            check += operation.call();
            long now = System.nanoTime();
            if (calls == nanos.length) {
                nanos = Arrays.copyOf(nanos, 2 * calls);
            }
            nanos[calls++] = now - last;
            last = now;
        } while (last - start < budget);
        long[] sorted = Arrays.copyOf(nanos, calls);
        Arrays.sort(sorted);
        double median = calls % 2 == 1 ? sorted[calls / 2]
                : 0.5 * (sorted[calls / 2 - 1] + sorted[calls / 2]);
        return String.format(Locale.ROOT,
                "{\"calls\": %d, \"meanMs\": %.6e, \"medianMs\": %.6e, \"check\": %.6e}",
                calls, (last - start) * 1e-6 / calls, median * 1e-6, check);
    }
}
