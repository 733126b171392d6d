package io.github.nc4j.bench;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.Precision;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.concurrency.EjmlConcurrency;
import org.ejml.data.FMatrixRMaj;
import org.ejml.dense.row.CommonOps_FDRM;
import org.ejml.dense.row.CommonOps_MT_FDRM;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.matrix.store.MatrixStore;
import org.ojalgo.matrix.store.R032Store;
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
 * Square single-precision {@code C = op(A) op(B)}: nc4j's {@code Blas.gemm} with
 * {@link Precision#FLOAT32} (double matrices, float arithmetic), EJML's {@code FMatrixRMaj}
 * ({@code CommonOps_FDRM.mult}, {@code CommonOps_MT_FDRM} with more than one thread) and
 * ojAlgo's {@code R032Store}, as {@link GemmBenchmark} runs the double ones; NumPy's float32
 * matmul (OpenBLAS sgemm) is timed by {@code nc-bench/scripts/gemm_numpy.py --float32}, and
 * {@code gemm_report.py} puts them in one table. The peers hold float data; nc4j reads
 * doubles and converts while packing, which its time includes.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class Float32GemmBenchmark {

    @Param({"64", "256", "1024", "2048"})
    int n;

    /** NN: A B; NT: A B^T; TN: A^T B. */
    @Param({"NN"})
    String layout;

    @Param({"1", "0"})
    int threads;

    private Matrix a;
    private Matrix b;
    private Matrix c;
    private FMatrixRMaj ejmlA;
    private FMatrixRMaj ejmlB;
    private FMatrixRMaj ejmlC;
    private MatrixStore<Double> ojA;
    private MatrixStore<Double> ojB;
    private R032Store ojC;

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
        ejmlA = PeerMatrices.ejmlFloat(a);
        ejmlB = PeerMatrices.ejmlFloat(b);
        ejmlC = new FMatrixRMaj(n, n);
        R032Store storeA = ojalgo(a);
        R032Store storeB = ojalgo(b);
        ojA = layout.equals("TN") ? storeA.transpose() : storeA;
        ojB = layout.equals("NT") ? storeB.transpose() : storeB;
        ojC = R032Store.FACTORY.make(n, n);
    }

    private static R032Store ojalgo(Matrix m) {
        R032Store store = R032Store.FACTORY.make(m.rows(), m.cols());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                store.set(i, j, (float) m.get(i, j));
            }
        }
        return store;
    }

    @Benchmark
    public Matrix nc4j() {
        Blas.gemm(1.0, a, layout.equals("TN"), b, layout.equals("NT"), 0.0, c,
                Precision.FLOAT32);
        return c;
    }

    @Benchmark
    public FMatrixRMaj ejml() {
        boolean single = threads == 1;
        switch (layout) {
            case "NN" -> {
                if (single) {
                    CommonOps_FDRM.mult(ejmlA, ejmlB, ejmlC);
                } else {
                    CommonOps_MT_FDRM.mult(ejmlA, ejmlB, ejmlC);
                }
            }
            case "NT" -> {
                if (single) {
                    CommonOps_FDRM.multTransB(ejmlA, ejmlB, ejmlC);
                } else {
                    CommonOps_MT_FDRM.multTransB(ejmlA, ejmlB, ejmlC);
                }
            }
            default -> {
                if (single) {
                    CommonOps_FDRM.multTransA(ejmlA, ejmlB, ejmlC);
                } else {
                    CommonOps_MT_FDRM.multTransA(ejmlA, ejmlB, ejmlC);
                }
            }
        }
        return ejmlC;
    }

    @Benchmark
    public R032Store ojalgo() {
        ojC.fillByMultiplying(ojA, ojB);
        return ojC;
    }
}
