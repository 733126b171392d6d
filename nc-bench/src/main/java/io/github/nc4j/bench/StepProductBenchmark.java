package io.github.nc4j.bench;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The six products of one training step of the deep UFM at {@link ModelSetting#DUFM_K10_L4}
 * (N = 200 samples, d = 40, K = 10), one GEMM each, on one thread: a layer {@code H W^T}, the
 * logits, and the two gradients of each, which the tape accumulates ({@code beta = 1}). Such
 * products are too small for packing to vanish behind the flops and too narrow for whole
 * micro-tiles, so they show what {@link ModelStepBenchmark} spends outside the micro-kernel.
 * {@code nc-bench/scripts/step_products_numpy.py} times the same products in NumPy.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class StepProductBenchmark {

    /**
     * {@code m x n x k} of C = op(A) op(B), then the layout (NN: A B, NT: A B^T, TN: A^T B) and
     * {@code +} where the product is added to C.
     */
    @Param({"200x40x40 NT", "200x10x40 NT", "200x40x40 NN+", "40x40x200 TN+", "200x40x10 NN+",
            "10x40x200 TN+"})
    public String product;

    private Matrix a;
    private Matrix b;
    private Matrix c;
    private boolean transA;
    private boolean transB;
    private double beta;

    @Setup
    public void setUp() {
        Parallelism.setThreads(1);
        String[] parts = product.split(" ");
        String[] dims = parts[0].split("x");
        int m = Integer.parseInt(dims[0]);
        int n = Integer.parseInt(dims[1]);
        int k = Integer.parseInt(dims[2]);
        transA = parts[1].charAt(0) == 'T';
        transB = parts[1].charAt(1) == 'T';
        beta = parts[1].endsWith("+") ? 1.0 : 0.0;
        Random random = new Random(42);
        a = transA ? Matrix.gaussian(k, m, random) : Matrix.gaussian(m, k, random);
        b = transB ? Matrix.gaussian(n, k, random) : Matrix.gaussian(k, n, random);
        c = Matrix.zeros(m, n);
    }

    @Benchmark
    public Matrix nc4j() {
        Blas.gemm(1.0, a, transA, b, transB, beta, c);
        return c;
    }
}
