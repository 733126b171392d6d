package io.github.nc4j.bench;

import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * What the processor this JVM runs on can do right now, for telling a slow phase of a shared
 * machine from a slow build: the throughput of independent vector FMAs (the GEMM micro-kernel's
 * ceiling) and of a short integer loop (the front end's and the integer units'). On the shared
 * VM of BENCHMARKS.md ("Float32 GEMM", seventh session) both dropped together in the minutes
 * when the libraries slowed, as a second hardware thread on the same core makes them drop; a
 * library that merely slowed down would leave them where they were.
 *
 * <pre>
 * taskset -c 0 java --add-modules jdk.incubator.vector -cp nc-bench/target/benchmarks.jar \
 *     io.github.nc4j.bench.CoreProbe [ROUNDS]
 * </pre>
 *
 * <p>Each round (default 5) times both loops for about 0.2 s each after a warm-up second, and
 * prints one JSON line: {@code fmaGflops} (two flops per lane of each FMA, the widest float
 * species) and {@code intGiga} (loop iterations per nanosecond).
 */
public final class CoreProbe {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Independent accumulators: more than FMA latency times FMA units, so none waits. */
    private static final int CHAINS = 16;
    private static final long FMA_STEPS = 2_000_000;
    private static final long INT_STEPS = 200_000_000;

    /** Written after each loop so that no loop is dead code. */
    private static double sink;

    private CoreProbe() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        long warmUntil = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < warmUntil) {
            sink += fmaLoop(FMA_STEPS / 10) + intLoop(INT_STEPS / 10);
        }
        for (int round = 0; round < rounds; round++) {
            long start = System.nanoTime();
            sink += fmaLoop(FMA_STEPS);
            long middle = System.nanoTime();
            sink += intLoop(INT_STEPS);
            long end = System.nanoTime();
            double flops = 2.0 * SPECIES.length() * CHAINS * FMA_STEPS;
            System.out.println(String.format(Locale.ROOT,
                    "{\"fmaGflops\": %.1f, \"intGiga\": %.3f, \"check\": %.3e}",
                    flops / (middle - start), (double) INT_STEPS / (end - middle), sink));
        }
    }

    /** {@code steps} rounds of one FMA on each of {@link #CHAINS} accumulators. */
    private static double fmaLoop(long steps) {
        FloatVector x = FloatVector.broadcast(SPECIES, 1.0000001f);
        FloatVector y = FloatVector.broadcast(SPECIES, -1e-7f);
        FloatVector a0 = FloatVector.broadcast(SPECIES, 0f);
        FloatVector a1 = FloatVector.broadcast(SPECIES, 1f);
        FloatVector a2 = FloatVector.broadcast(SPECIES, 2f);
        FloatVector a3 = FloatVector.broadcast(SPECIES, 3f);
        FloatVector a4 = FloatVector.broadcast(SPECIES, 4f);
        FloatVector a5 = FloatVector.broadcast(SPECIES, 5f);
        FloatVector a6 = FloatVector.broadcast(SPECIES, 6f);
        FloatVector a7 = FloatVector.broadcast(SPECIES, 7f);
        FloatVector a8 = FloatVector.broadcast(SPECIES, 8f);
        FloatVector a9 = FloatVector.broadcast(SPECIES, 9f);
        FloatVector a10 = FloatVector.broadcast(SPECIES, 10f);
        FloatVector a11 = FloatVector.broadcast(SPECIES, 11f);
        FloatVector a12 = FloatVector.broadcast(SPECIES, 12f);
        FloatVector a13 = FloatVector.broadcast(SPECIES, 13f);
        FloatVector a14 = FloatVector.broadcast(SPECIES, 14f);
        FloatVector a15 = FloatVector.broadcast(SPECIES, 15f);
        for (long s = 0; s < steps; s++) {
            a0 = a0.fma(x, y);
            a1 = a1.fma(x, y);
            a2 = a2.fma(x, y);
            a3 = a3.fma(x, y);
            a4 = a4.fma(x, y);
            a5 = a5.fma(x, y);
            a6 = a6.fma(x, y);
            a7 = a7.fma(x, y);
            a8 = a8.fma(x, y);
            a9 = a9.fma(x, y);
            a10 = a10.fma(x, y);
            a11 = a11.fma(x, y);
            a12 = a12.fma(x, y);
            a13 = a13.fma(x, y);
            a14 = a14.fma(x, y);
            a15 = a15.fma(x, y);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9)
                .add(a10).add(a11).add(a12).add(a13).add(a14).add(a15)
                .reduceLanes(VectorOperators.ADD);
    }

    /** Six integer operations a step: additions and XORs on six variables, partly overlapping. */
    private static long intLoop(long steps) {
        long a = 1;
        long b = 2;
        long c = 3;
        long d = 4;
        long e = 5;
        long f = 6;
        for (long s = 0; s < steps; s++) {
            a += s;
            b ^= s;
            c += b;
            d ^= a;
            e += d;
            f ^= c;
        }
        return a + b + c + d + e + f;
    }
}
