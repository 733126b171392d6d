package io.github.nc4j.bench;

import io.github.nc4j.linalg.Parallelism;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One full-batch gradient-descent step of each unconstrained feature model at the settings of
 * {@code nc4j reproduce} ({@link ModelSetting}), through the tape as {@code Trainer} takes it.
 * {@code nc-bench/scripts/ufm_numpy.py} times the same steps written out in NumPy, from the same
 * initial parameters ({@link ModelStepReference}), and {@code model_step_report.py} puts the two
 * side by side.
 *
 * <p>The model is rebuilt from its seed before every iteration, so every iteration times the
 * same stretch of the trajectory from the initialization.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class ModelStepBenchmark {

    @Param({"UFM_MSE", "UFM_CE", "DEEP_LINEAR_M3", "RELU_UFM_CE", "DUFM_K2_L4", "DUFM_K10_L4",
            "DUFM_LARGE"})
    public ModelSetting setting;

    /** Threads of the GEMM kernels ({@link Parallelism}). */
    @Param({"1", "2"})
    public int threads;

    private FullBatchStep step;

    @Setup(Level.Iteration)
    public void setUp() {
        Parallelism.setThreads(threads);
        step = new FullBatchStep(setting);
    }

    @Benchmark
    public double step() {
        return step.step();
    }
}
