package io.github.nc4j.bench;

import io.github.nc4j.linalg.Matrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.data.FMatrixRMaj;
import org.ojalgo.matrix.store.R064Store;

/** Copies of an nc4j matrix in the peer libraries' dense types, for side-by-side benchmarks. */
final class PeerMatrices {

    private PeerMatrices() {
    }

    /** EJML's row-major dense matrix (a copy of the data). */
    static DMatrixRMaj ejml(Matrix m) {
        return new DMatrixRMaj(m.rows(), m.cols(), true, m.data());
    }

    /** EJML's row-major dense float matrix (each entry rounded to float). */
    static FMatrixRMaj ejmlFloat(Matrix m) {
        FMatrixRMaj x = new FMatrixRMaj(m.rows(), m.cols());
        for (int e = 0; e < m.size(); e++) {
            x.data[e] = (float) m.data()[e];
        }
        return x;
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
