package io.github.nc4j.bench;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.Precision;
import io.github.nc4j.linalg.decomp.Svd;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * The cold start of one operation: run once per fresh JVM, it times back-to-back calls from the
 * very first and prints one JSON line with {@link WarmUp}'s figures (issue 21).
 * {@code nc-bench/scripts/cold_start.py} runs it in many JVMs and makes the BENCHMARKS.md table.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -cp nc-bench/target/benchmarks.jar \
 *     io.github.nc4j.bench.ColdStart LIBRARY OPERATION N [SECONDS [MIN_CALLS]]
 * </pre>
 *
 * <ul>
 *   <li>{@code LIBRARY}: {@code nc4j} or {@code ejml};</li>
 *   <li>{@code OPERATION}: {@code gemm}, {@code C = A B} of two Gaussian n x n matrices into a
 *       preallocated C, as {@link GemmBenchmark} times it ({@code Blas.gemm}; EJML's
 *       single-threaded {@code CommonOps_DDRM.mult}), {@code sgemm}, the same product in single
 *       precision ({@code Blas.gemm} with {@code Precision.FLOAT32}; EJML's
 *       {@code CommonOps_FDRM.mult} on float copies of A and B), or {@code svd}, the thin SVD
 *       of one ({@code Svd.of}; EJML's {@code DecompositionFactory_DDRM.svd(n, n, true, true, true)},
 *       made for each call as a program would make it before its first, then
 *       {@code decompose} and {@code getV}, as {@link SvdBenchmark} times it);</li>
 *   <li>{@code SECONDS} (default {@value #DEFAULT_SECONDS}) and {@code MIN_CALLS} (default
 *       {@value #DEFAULT_MIN_CALLS}, at least {@link WarmUp#MIN_CALLS}): calls go on until both
 *       that much time has passed since the first began and that many calls are made.</li>
 * </ul>
 *
 * <p>The inputs are made before the first call, as the JMH benchmarks make them
 * ({@code Matrix.gaussian} from {@code new Random(42)}, A then B), and nothing but the calls and
 * one {@code System.nanoTime} between two calls runs while timing: no lambda (its first use
 * would bootstrap {@code invokedynamic} inside the first call), no output. The first call
 * therefore includes what a program's first call pays: loading and initializing the library's
 * classes (for nc4j, choosing the kernels and loading the Vector API), then running in the
 * interpreter and C1 until C2 has compiled the hot loops. nc4j's thread count and kernels are its
 * defaults unless {@code -Dnc4j.threads} or {@code -Dnc4j.kernels} set them.
 *
 * <p>GEMM writes into one C rather than a new one each call ({@code Matrix.times}): with a new
 * C, EJML at n = 128 alternated between 0.69 and 1.03 ms per call in phases that changed at
 * each young collection (the new arrays' placement, presumably), which is no part of a cold
 * start and kept it from ever being steady.
 *
 * <p>The JSON line: {@code library, op, n, threads} (nc4j's; 1 for EJML), {@code kernels}
 * (nc4j's, {@code "-"} for EJML), {@code jvmToMainMs} (from the JVM's start time, as
 * {@code RuntimeMXBean} reports it, to the entry of {@code main}; millisecond resolution),
 * {@code firstCallAtMs} (the JVM's uptime when the first call began, on the clock of
 * {@code -XX:+PrintCompilation}'s time stamps, so that a series can be laid beside the JIT's
 * log), {@code calls}, {@code window} ({@link WarmUp#window()}), {@code wallMs} (from the first call's start to the last one's end),
 * {@code firstMs}, {@code steadyMs}, {@code callsBeforeSteady} and {@code msBeforeSteady}
 * ({@code null} when not converged), {@code minMs}, and {@code check} (a sum of output entries,
 * which keeps the results alive). With {@code -Dcoldstart.series=FILE} it also writes every call's
 * time to FILE, in microseconds, one a line. With {@code -Dcoldstart.warmUpThenSleepMs=MS} it
 * first calls {@code Blas.warmUp} (nc4j) and sleeps MS milliseconds, as a program that reads its
 * data before multiplying; the figures then count from the first call after that.
 */
public final class ColdStart {

    static final double DEFAULT_SECONDS = 5;
    static final int DEFAULT_MIN_CALLS = 15;
    /** When set, the file that receives every call's time (microseconds, one a line). */
    static final String SERIES_PROPERTY = "coldstart.series";
    /**
     * When set to a number of milliseconds, the program first calls {@code Blas.warmUp} (nc4j)
     * and then sleeps that long, as a program that reads its data before its first product.
     */
    static final String WARM_UP_PROPERTY = "coldstart.warmUpThenSleepMs";

    /** Written after each call so that no result is dead code. */
    private static double sink;

    private ColdStart() {
    }

    /** One call of the timed operation; returns an entry of its result. */
    interface Operation {
        double call();
    }

    public static void main(String[] args) throws InterruptedException {
        long mainMillis = System.currentTimeMillis();
        long mainNanos = System.nanoTime();
        if (args.length < 3 || args.length > 5) {
            throw new IllegalArgumentException(
                    "usage: ColdStart nc4j|ejml gemm|sgemm|svd N [SECONDS [MIN_CALLS]]");
        }
        String library = args[0];
        String op = args[1];
        int n = Integer.parseInt(args[2]);
        double seconds = args.length > 3 ? Double.parseDouble(args[3]) : DEFAULT_SECONDS;
        int minCalls = args.length > 4 ? Integer.parseInt(args[4]) : DEFAULT_MIN_CALLS;
        if (minCalls < WarmUp.MIN_CALLS) {
            throw new IllegalArgumentException("MIN_CALLS must be at least " + WarmUp.MIN_CALLS);
        }
        String reading = System.getProperty(WARM_UP_PROPERTY);
        if (reading != null) {
            long readingMs;
            try {
                readingMs = Long.parseLong(reading.trim());
            } catch (NumberFormatException e) {
                readingMs = -1;
            }
            if (readingMs < 0) {
                throw new IllegalArgumentException(WARM_UP_PROPERTY
                        + " must be a number of milliseconds >= 0, got " + reading);
            }
            if (library.equals("nc4j")) {
                Blas.warmUp(op.equals("sgemm") ? Precision.FLOAT32 : Precision.FLOAT64);
            }
            Thread.sleep(readingMs);
        }
        Operation operation = operation(library, op, n);

        long budget = (long) (seconds * 1e9);
        long[] stamps = new long[1024];
        int calls = 0;
        long start = System.nanoTime();
        stamps[0] = start;
        long now = start;
        while (now - start < budget || calls < minCalls) {
            sink += operation.call();
            now = System.nanoTime();
            calls++;
            if (calls == stamps.length) {
                stamps = Arrays.copyOf(stamps, 2 * calls);
            }
            stamps[calls] = now;
        }

        long[] nanos = new long[calls];
        for (int i = 0; i < calls; i++) {
            nanos[i] = stamps[i + 1] - stamps[i];
        }
        WarmUp w = WarmUp.of(nanos);
        String series = System.getProperty(SERIES_PROPERTY);
        if (series != null) {
            writeSeries(Path.of(series), nanos);
        }
        long jvmToMain = mainMillis - ManagementFactory.getRuntimeMXBean().getStartTime();
        boolean nc4j = library.equals("nc4j");
        System.out.println(String.format(Locale.ROOT,
                "{\"library\": \"%s\", \"op\": \"%s\", \"n\": %d, \"threads\": %d,"
                        + " \"kernels\": \"%s\", \"jvmToMainMs\": %d, \"firstCallAtMs\": %.1f,"
                        + " \"calls\": %d, \"window\": %d,"
                        + " \"wallMs\": %.3f, \"firstMs\": %.3f, \"steadyMs\": %.4f,"
                        + " \"callsBeforeSteady\": %s, \"msBeforeSteady\": %s, \"minMs\": %.4f,"
                        + " \"check\": %.6e}",
                library, op, n, nc4j ? Parallelism.threads() : 1,
                nc4j ? Blas.implementation() : "-", jvmToMain, jvmToMain + ms(start - mainNanos),
                calls, w.window(), ms(now - start),
                ms(w.firstNanos()), ms(w.steadyNanos()),
                w.converged() ? Integer.toString(w.callsBeforeSteady()) : "null",
                w.converged() ? String.format(Locale.ROOT, "%.3f", ms(w.nanosBeforeSteady()))
                        : "null",
                ms(Arrays.stream(nanos).min().orElseThrow()), sink));
    }

    /** Each call's time in microseconds, one a line, for a look at the whole series. */
    private static void writeSeries(Path file, long[] nanos) {
        StringBuilder text = new StringBuilder();
        for (long t : nanos) {
            text.append(String.format(Locale.ROOT, "%.1f%n", t * 1e-3));
        }
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double ms(long nanos) {
        return nanos * 1e-6;
    }

    /** The operation {@code LIBRARY OPERATION N} of the usage, with its inputs made. */
    static Operation operation(String library, String op, int n) {
        Random random = new Random(42);
        Matrix a = Matrix.gaussian(n, n, random);
        return switch (library + " " + op) {
            case "nc4j gemm" -> new Nc4jGemm(a, Matrix.gaussian(n, n, random), Matrix.zeros(n, n));
            case "ejml gemm" -> new EjmlGemm(PeerMatrices.ejml(a),
                    PeerMatrices.ejml(Matrix.gaussian(n, n, random)), new DMatrixRMaj(n, n));
            case "nc4j sgemm" -> new Nc4jFloatGemm(a, Matrix.gaussian(n, n, random),
                    Matrix.zeros(n, n));
            case "ejml sgemm" -> new EjmlFloatGemm(PeerMatrices.ejmlFloat(a),
                    PeerMatrices.ejmlFloat(Matrix.gaussian(n, n, random)), new FMatrixRMaj(n, n));
            case "nc4j svd" -> new Nc4jSvd(a);
            case "ejml svd" -> new EjmlSvd(PeerMatrices.ejml(a));
            default -> throw new IllegalArgumentException("unknown library and operation: "
                    + library + " " + op + " (nc4j|ejml gemm|sgemm|svd)");
        };
    }

    private record Nc4jGemm(Matrix a, Matrix b, Matrix c) implements Operation {
        @Override
        public double call() {
            Blas.gemm(1.0, a, false, b, false, 0.0, c);
            return c.get(0, 0);
        }
    }

    private record EjmlGemm(DMatrixRMaj a, DMatrixRMaj b, DMatrixRMaj c) implements Operation {
        @Override
        public double call() {
            CommonOps_DDRM.mult(a, b, c);
            return c.get(0, 0);
        }
    }

    private record Nc4jFloatGemm(Matrix a, Matrix b, Matrix c) implements Operation {
        @Override
        public double call() {
            Blas.gemm(1.0, a, false, b, false, 0.0, c, Precision.FLOAT32);
            return c.get(0, 0);
        }
    }

    private record EjmlFloatGemm(FMatrixRMaj a, FMatrixRMaj b, FMatrixRMaj c)
            implements Operation {
        @Override
        public double call() {
            CommonOps_FDRM.mult(a, b, c);
            return c.get(0, 0);
        }
    }

    private record Nc4jSvd(Matrix a) implements Operation {
        @Override
        public double call() {
            return Svd.of(a).singularValues()[0];
        }
    }

    private record EjmlSvd(DMatrixRMaj a) implements Operation {
        @Override
        public double call() {
            SingularValueDecomposition_F64<DMatrixRMaj> svd =
                    DecompositionFactory_DDRM.svd(a.numRows, a.numCols, true, true, true);
            if (!svd.decompose(svd.inputModified() ? a.copy() : a)) {
                throw new IllegalStateException("EJML SVD failed");
            }
            return svd.getV(null, true).get(0, 0);
        }
    }
}
