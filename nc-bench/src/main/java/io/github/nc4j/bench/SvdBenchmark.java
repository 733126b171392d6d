package io.github.nc4j.bench;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.decomp.Svd;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.matrix.decomposition.SingularValue;
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
 * SVD of a Gaussian n x n matrix: thin U, s, V ({@code full}) and singular values only
 * ({@code values}), for nc4j, EJML and ojAlgo in the same run.
 * {@code nc-bench/scripts/linalg_numpy.py} times {@code numpy.linalg.svd} (LAPACK dgesdd) on the
 * same shapes for the ratio against LAPACK.
 *
 * <p>{@code threads = 0} means every available processor (nc4j's GEMM and rotation batches,
 * ojAlgo's pool); EJML's SVD is single-threaded either way.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class SvdBenchmark {

    @Param({"64", "128", "256", "512", "1024"})
    int n;

    /** 0: every available processor. */
    @Param({"0", "1"})
    int threads;

    private Matrix a;
    private DMatrixRMaj ejmlA;
    private SingularValueDecomposition_F64<DMatrixRMaj> ejmlFull;
    private SingularValueDecomposition_F64<DMatrixRMaj> ejmlValues;
    private R064Store ojA;
    private SingularValue<Double> ojSvd;

    @Setup
    public void setUp() {
        int threadCount = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Parallelism.setThreads(threadCount);
        OjAlgoUtils.limitThreadsTo(threadCount);
        a = Matrix.gaussian(n, n, new Random(42));
        ejmlA = PeerMatrices.ejml(a);
        ejmlFull = DecompositionFactory_DDRM.svd(n, n, true, true, true);
        ejmlValues = DecompositionFactory_DDRM.svd(n, n, false, false, true);
        ojA = PeerMatrices.ojalgo(a);
        ojSvd = SingularValue.R064.make(ojA, false);
    }

    @Benchmark
    public Svd nc4jFull() {
        return Svd.of(a);
    }

    @Benchmark
    public double[] nc4jValues() {
        return Svd.values(a);
    }

    @Benchmark
    public Object ejmlFull() {
        if (!ejmlFull.decompose(input(ejmlFull))) {
            throw new IllegalStateException("EJML SVD failed");
        }
        return ejmlFull.getV(null, true);
    }

    @Benchmark
    public Object ejmlValues() {
        if (!ejmlValues.decompose(input(ejmlValues))) {
            throw new IllegalStateException("EJML SVD failed");
        }
        return ejmlValues.getSingularValues();
    }

    @Benchmark
    public Object ojAlgoFull() {
        ojSvd.decompose(ojA);
        return ojSvd.getV();
    }

    @Benchmark
    public Object ojAlgoValues() {
        ojSvd.computeValuesOnly(ojA);
        return ojSvd.getSingularValues();
    }

    /** EJML may work in place; then it gets a fresh copy (O(n^2), negligible). */
    private DMatrixRMaj input(SingularValueDecomposition_F64<DMatrixRMaj> svd) {
        return svd.inputModified() ? ejmlA.copy() : ejmlA;
    }
}
