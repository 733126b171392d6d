package io.github.nc4j.bench;

import io.github.nc4j.linalg.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ojalgo.matrix.store.R064Store;

/** Copies of an nc4j matrix in the peer libraries' dense types, for side-by-side benchmarks. */
final class PeerMatrices {

    private PeerMatrices() {
    }

    /** EJML's row-major dense matrix (a copy of the data). */
    static DMatrixRMaj ejml(Matrix m) {
        return new DMatrixRMaj(m.rows(), m.cols(), true, m.data());
    }

    /** ojAlgo's dense double store (a copy). */
    static R064Store ojalgo(Matrix m) {
        R064Store store = R064Store.FACTORY.make(m.rows(), m.cols());
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                store.set(i, j, m.get(i, j));
            }
        }
        return store;
    }
}
