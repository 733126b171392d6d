package io.github.nc4j.bench;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.CommonOps_MT_DDRM;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R064Store;
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
 * Square {@code C = op(A) op(B)} for nc4j, EJML and ojAlgo in the same run. GFLOP/s is
 * {@code 2 n^3 / time}; {@code nc-bench/scripts/gemm_report.py} turns a JSON result file into
 * the BENCHMARKS.md table, with NumPy/OpenBLAS measured alongside.
 *
 * <p>{@code threads = 0} means every available processor. EJML's single-threaded
 * {@code CommonOps_DDRM} runs for {@code threads = 1} and its {@code CommonOps_MT_DDRM}
 * otherwise; ojAlgo is limited with {@code OjAlgoUtils.limitThreadsTo}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class GemmBenchmark {

    @Param({"64", "128", "256", "512", "1024", "2048"})
    int n;

    /** NN: A B; NT: A B^T; TN: A^T B. */
    @Param({"NN", "NT", "TN"})
    String layout;

    @Param({"1", "0"})
    int threads;

    private Matrix a;
    private Matrix b;
    private Matrix c;
    private DMatrixRMaj ejmlA;
    private DMatrixRMaj ejmlB;
    private DMatrixRMaj ejmlC;
    private MatrixStore<Double> ojA;
    private MatrixStore<Double> ojB;
    private R064Store ojC;

    @Setup
    public void setUp() {
        int threadCount = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Parallelism.setThreads(threadCount);
        EjmlConcurrency.setMaxThreads(threadCount);
        OjAlgoUtils.limitThreadsTo(threadCount);
        Random random = new Random(42);
        a = Matrix.gaussian(n, n, random);
        b = Matrix.gaussian(n, n, random);
        c = Matrix.zeros(n, n);
        ejmlA = PeerMatrices.ejml(a);
        ejmlB = PeerMatrices.ejml(b);
        ejmlC = new DMatrixRMaj(n, n);
        R064Store storeA = PeerMatrices.ojalgo(a);
        R064Store storeB = PeerMatrices.ojalgo(b);
        ojA = layout.equals("TN") ? storeA.transpose() : storeA;
        ojB = layout.equals("NT") ? storeB.transpose() : storeB;
        ojC = R064Store.FACTORY.make(n, n);
    }

    @Benchmark
    public Matrix nc4j() {
        Blas.gemm(1.0, a, layout.equals("TN"), b, layout.equals("NT"), 0.0, c);
        return c;
    }

    @Benchmark
    public DMatrixRMaj ejml() {
        boolean single = threads == 1;
        switch (layout) {
            case "NN" -> {
                if (single) {
                    CommonOps_DDRM.mult(ejmlA, ejmlB, ejmlC);
                } else {
                    CommonOps_MT_DDRM.mult(ejmlA, ejmlB, ejmlC);
                }
            }
            case "NT" -> {
                if (single) {
                    CommonOps_DDRM.multTransB(ejmlA, ejmlB, ejmlC);
                } else {
                    CommonOps_MT_DDRM.multTransB(ejmlA, ejmlB, ejmlC);
                }
            }
            default -> {
                if (single) {
                    CommonOps_DDRM.multTransA(ejmlA, ejmlB, ejmlC);
                } else {
                    CommonOps_MT_DDRM.multTransA(ejmlA, ejmlB, ejmlC);
                }
            }
        }
        return ejmlC;
    }

    @Benchmark
    public R064Store ojalgo() {
        ojC.fillByMultiplying(ojA, ojB);
        return ojC;
    }
}
