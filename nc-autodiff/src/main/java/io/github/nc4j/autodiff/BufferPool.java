package io.github.nc4j.autodiff;

import io.github.nc4j.linalg.Matrix;
import java.util.ArrayList;
import java.util.List;

/**
 * The matrices a {@link Tape} lends to intermediate values and gradients. A training loop records
 * the same operations every step, so after {@link #releaseAll} every request of the next step
 * finds a free matrix of its shape and nothing new is allocated.
 *
 * <p>Lent matrices hold whatever the previous borrower left in them: an operation overwrites its
 * output completely, and a gradient is zeroed when it is taken.
 */
final class BufferPool {

    private final List<Matrix> free = new ArrayList<>();
    private final List<Matrix> lent = new ArrayList<>();
    private long allocations;

    /** A {@code rows x cols} matrix with unspecified contents, lent until {@link #releaseAll}. */
    Matrix take(int rows, int cols) {
        // Requests come in the same order every step, so the match is almost always at the front.
        for (int i = 0; i < free.size(); i++) {
            Matrix candidate = free.get(i);
            if (candidate.rows() == rows && candidate.cols() == cols) {
                free.remove(i);
                lent.add(candidate);
                return candidate;
            }
        }
        Matrix fresh = Matrix.zeros(rows, cols);
        allocations++;
        lent.add(fresh);
        return fresh;
    }

    /** Takes back every lent matrix. */
    void releaseAll() {
        for (int i = 0; i < lent.size(); i++) {
            free.add(lent.get(i));
        }
        lent.clear();
    }

    /** How many matrices this pool has ever allocated. */
    long allocations() {
        return allocations;
    }
}
