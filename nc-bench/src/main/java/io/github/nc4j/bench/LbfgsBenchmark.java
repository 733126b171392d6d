package io.github.nc4j.bench;

import io.github.nc4j.autodiff.optim.Lbfgs;
import io.github.nc4j.linalg.Parallelism;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The time {@link Lbfgs} takes to minimize issue 17's deep linear UFM ({@link LbfgsRun}: K = 5,
 * n = (240, 120, 60, 30, 15), d = 20, M = 2, MSE) from the initialization of a seed to within
 * 1e-8 of the closed-form optimum, relative to it. Each operation is one whole minimization: the
 * parameters are put back at the initialization, a new {@code Lbfgs} is made, and it steps until
 * the objective reaches the target. L-BFGS is deterministic, so every operation of a seed takes
 * the same iterations; {@link LbfgsReference} prints them and writes the initial parameters for
 * {@code nc-bench/scripts/ufm_lbfgs_scipy.py}, which times SciPy's L-BFGS-B on the same problem
 * from the same points.
 *
 * <p>{@link #evaluate} times one evaluation of the objective and its gradient (reset the tape,
 * record, backward), the part of a minimization's time that is not L-BFGS's own: a run of E
 * evaluations spends about E times that in the objective, the rest in the two-loop recursion, the
 * line search and the copies between the parameters and L-BFGS's vectors.
 *
 * <p>{@link #minimize} also counts the CPU time of the benchmark thread ({@link CpuTime}: JMH
 * reports {@code cpuMillis} and {@code runs} per iteration, so CPU milliseconds per minimization
 * are their ratio). With one GEMM thread the work is that thread's, so on a machine shared with
 * other processes, whose time slices lengthen the wall-clock time, the CPU time is the steadier
 * figure; {@code ufm_lbfgs_scipy.py} measures SciPy's the same way.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class LbfgsBenchmark {

    /** Seeds the initialization (H ~ N(0, 1), W_l ~ N(0, 1/d)). */
    @Param({"1", "2", "3", "4", "5"})
    public long seed;

    /** Threads of the GEMM kernels ({@link Parallelism}). */
    @Param({"1"})
    public int threads;

    private LbfgsRun run;

    @Setup(Level.Trial)
    public void setUp() {
        Parallelism.setThreads(threads);
        run = new LbfgsRun(seed);
        run.run(); // fails the trial if this seed does not reach the optimum
    }

    /** One minimization from the initialization; returns the objective reached. */
    @Benchmark
    public double minimize(CpuTime cpu) {
        long start = CpuTime.THREADS.getCurrentThreadCpuTime();
        double objective = run.run().objective();
        cpu.cpuMillis += (CpuTime.THREADS.getCurrentThreadCpuTime() - start) * 1e-6;
        cpu.runs++;
        return objective;
    }

    /** The CPU time of the benchmark thread in {@link #minimize}, summed over an iteration. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class CpuTime {

        static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        /** CPU milliseconds spent in the minimizations of this iteration. */
        public double cpuMillis;
        /** Minimizations in this iteration. */
        public long runs;

        @Setup(Level.Iteration)
        public void clear() {
            cpuMillis = 0;
            runs = 0;
        }
    }

    /** One evaluation of the objective and its gradient, at the point the last run reached. */
    @Benchmark
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double evaluate() {
        return run.objective().evaluate();
    }
}
