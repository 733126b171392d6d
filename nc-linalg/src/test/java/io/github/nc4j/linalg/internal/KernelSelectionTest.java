package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.Precision;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Kernel selection and the thread setting happen once, at start-up, from the JVM's flags and
 * system properties, so each case runs {@link Probe} in a fresh JVM and reads what it chose.
 */
class KernelSelectionTest {

    private static final String LOG_LINE = "nc4j uses scalar kernels";

    @Test
    void selectionHonoursTheModuleFlag() {
        // Surefire runs with --add-modules jdk.incubator.vector and C2 on.
        assertEquals("vector", Kernels.get().name());
    }

    @Test
    void withoutTheVectorModuleItRunsScalarAndSaysHowToEnableSimdOnce() throws Exception {
        Launch run = launch(List.of());
        assertEquals("scalar", run.kernels(), run.stderr);
        assertEquals(1, run.logLines(), run.stderr);
        assertTrue(run.stderr.contains("--add-modules jdk.incubator.vector"), run.stderr);
    }

    @Test
    void withoutC2ItRunsScalarAndSaysWhy() throws Exception {
        Launch run = launch(List.of("--add-modules", "jdk.incubator.vector",
                "-XX:TieredStopAtLevel=1"));
        assertEquals("scalar", run.kernels(), run.stderr);
        assertEquals(1, run.logLines(), run.stderr);
        assertTrue(run.stderr.contains("C2"), run.stderr);
    }

    @Test
    void thePropertyForcesScalarSilently() throws Exception {
        Launch run = launch(List.of("--add-modules", "jdk.incubator.vector",
                "-Dnc4j.kernels=scalar"));
        assertEquals("scalar", run.kernels(), run.stderr);
        assertEquals(0, run.logLines(), run.stderr);
    }

    @Test
    void withTheModuleItRunsVectorSilentlyOnTheThreadsItIsGiven() throws Exception {
        Launch run = launch(List.of("--add-modules", "jdk.incubator.vector",
                "-Dnc4j.threads=3"));
        assertEquals("vector", run.kernels(), run.stderr);
        assertEquals("3", run.threads(), run.stderr);
        assertEquals(0, run.logLines(), run.stderr);
    }

    /**
     * {@code Blas.warmUp} alone, with no product made, takes both kinds of product of both
     * precisions to the SIMD kernels: their warm-up stages would otherwise wait for a product
     * of each kind.
     */
    @Test
    void warmUpSwitchesEveryKindOfProductWithoutAProduct() throws Exception {
        Launch run = launch(WarmUpProbe.class, List.of("--add-modules", "jdk.incubator.vector"));
        assertEquals("switched", run.stdout.strip(), run.stderr);
    }

    /**
     * Calls {@code Blas.warmUp} for both precisions, then waits (50 s at most) for both kinds of
     * product of both to have switched, and prints {@code switched} or what had not.
     */
    public static final class WarmUpProbe {
        public static void main(String[] args) throws InterruptedException {
            Blas.warmUp(Precision.FLOAT64, Precision.FLOAT32);
            var sources = List.of(KernelSelection.gemm(), KernelSelection.floatGemm());
            long deadline = System.nanoTime() + 50_000_000_000L;
            while (!sources.stream().allMatch(WarmUpProbe::switched)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            System.out.println(sources.stream().allMatch(WarmUpProbe::switched) ? "switched"
                    : "not switched: " + sources);
        }

        private static boolean switched(GemmKernelSource<?> source) {
            return source instanceof WarmingGemmKernels<?> warming
                    && warming.switched(false) && warming.switched(true);
        }
    }

    /** Prints the kernels and thread count in use, after multiplying twice. */
    public static final class Probe {
        public static void main(String[] args) {
            Matrix a = Matrix.filled(40, 40, 1.0);
            a.times(a).times(a);
            System.out.println(Blas.implementation() + " " + Parallelism.threads());
        }
    }

    private record Launch(String stdout, String stderr) {
        String kernels() {
            return stdout.strip().split(" ")[0];
        }

        String threads() {
            return stdout.strip().split(" ")[1];
        }

        long logLines() {
            return stderr.lines().filter(line -> line.contains(LOG_LINE)).count();
        }
    }

    private static Launch launch(List<String> jvmOptions)
            throws IOException, InterruptedException, URISyntaxException {
        return launch(Probe.class, jvmOptions);
    }

    private static Launch launch(Class<?> main, List<String> jvmOptions)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(location(Blas.class) + File.pathSeparator + location(main));
        command.add(main.getName());
        // Outputs go to files, so that a child that hangs cannot block this test beyond the
        // timeout.
        File out = File.createTempFile("probe", ".out");
        File err = File.createTempFile("probe", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out)
                    .redirectError(err).start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the probe JVM did not finish within 60 s");
            }
            String stdout = Files.readString(out.toPath());
            String stderr = Files.readString(err.toPath());
            assertEquals(0, process.exitValue(), stderr);
            return new Launch(stdout, stderr);
        } finally {
            out.delete();
            err.delete();
        }
    }

    private static String location(Class<?> type) throws URISyntaxException {
        return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
    }
}
