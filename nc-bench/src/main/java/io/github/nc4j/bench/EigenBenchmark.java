package io.github.nc4j.bench;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.decomp.SymmetricEigen;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ojalgo.OjAlgoUtils;
import org.ojalgo.matrix.decomposition.Eigenvalue;
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
 * Symmetric eigen-decomposition of {@code A + A^T}, A Gaussian n x n: values and vectors
 * ({@code full}) and values only ({@code values}), for nc4j, EJML and ojAlgo in the same run.
 * {@code nc-bench/scripts/linalg_numpy.py} times {@code numpy.linalg.eigh} (LAPACK dsyevd) and
 * {@code eigvalsh} on the same matrices for the ratio against LAPACK.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx4g"})
public class EigenBenchmark {

    @Param({"64", "128", "256", "512", "1024"})
    int n;

    /** 0: every available processor. */
    @Param({"0", "1"})
    int threads;

    private Matrix a;
    private DMatrixRMaj ejmlA;
    private EigenDecomposition_F64<DMatrixRMaj> ejmlFull;
    private EigenDecomposition_F64<DMatrixRMaj> ejmlValues;
    private R064Store ojA;
    private Eigenvalue<Double> ojEigen;

    @Setup
    public void setUp() {
        int threadCount = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        Parallelism.setThreads(threadCount);
        OjAlgoUtils.limitThreadsTo(threadCount);
        Matrix g = Matrix.gaussian(n, n, new Random(42));
        a = g.plus(g.transpose());
        ejmlA = PeerMatrices.ejml(a);
        ejmlFull = DecompositionFactory_DDRM.eig(n, true, true);
        ejmlValues = DecompositionFactory_DDRM.eig(n, false, true);
        ojA = PeerMatrices.ojalgo(a);
        ojEigen = Eigenvalue.R064.make(ojA, true);
    }

    @Benchmark
    public SymmetricEigen nc4jFull() {
        return SymmetricEigen.of(a);
    }

    @Benchmark
    public double[] nc4jValues() {
        return SymmetricEigen.values(a);
    }

    @Benchmark
    public Object ejmlFull() {
        if (!ejmlFull.decompose(input(ejmlFull))) {
            throw new IllegalStateException("EJML eigen-decomposition failed");
        }
        return ejmlFull.getEigenVector(0);
    }

    @Benchmark
    public Object ejmlValues() {
        if (!ejmlValues.decompose(input(ejmlValues))) {
            throw new IllegalStateException("EJML eigen-decomposition failed");
        }
        return ejmlValues.getEigenvalue(0);
    }

    @Benchmark
    public Object ojAlgoFull() {
        ojEigen.decompose(ojA);
        return ojEigen.getV();
    }

    @Benchmark
    public Object ojAlgoValues() {
        ojEigen.computeValuesOnly(ojA);
        return ojEigen.getEigenvalues();
    }

    /** EJML may work in place; then it gets a fresh copy (O(n^2), negligible). */
    private DMatrixRMaj input(EigenDecomposition_F64<DMatrixRMaj> eigen) {
        return eigen.inputModified() ? ejmlA.copy() : ejmlA;
    }
}
