package io.github.nc4j.autodiff;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A record of matrix operations, in the order they were made, for reverse-mode automatic
 * differentiation (a Wengert list: Griewank and Walther, <i>Evaluating Derivatives</i>, 2nd ed.,
 * SIAM 2008, ch. 3). The creation order is already a topological order of the computation graph,
 * so {@link #backward} simply walks the record in reverse: no graph search, no recursion, any
 * depth.
 *
 * <p>Three kinds of {@link Var} live on a tape:
 * <ul>
 *   <li><b>parameters</b> ({@link #parameter}): the values being trained. They persist across
 *       steps, always need a gradient, and an optimizer updates their value in place;</li>
 *   <li><b>constants</b> ({@link #constant}): data and targets. They persist too and never get a
 *       gradient;</li>
 *   <li><b>results</b>: what the operations of {@link Var} return. They belong to the current
 *       step and become unusable at {@link #reset}.</li>
 * </ul>
 *
 * <p>A training step reads:
 * <pre>{@code
 * tape.reset();                                  // forget the previous step, keep its buffers
 * Var loss = h.timesTranspose(w).mse(y)          // (1/(2N)) ||H W^T - Y||_F^2
 *         .plus(w.squaredNorm().scale(lambda / 2));
 * tape.backward(loss);                           // every parameter's grad() = d loss / d param
 * optimizer.step();
 * }</pre>
 * {@link #reset} returns the matrices of the previous step's results and gradients to a pool,
 * and the next step's operations take them back by shape: a loop that records the same
 * operations every step allocates no matrices after its first step. The price is that a
 * result's {@link Var#value()} is only valid until the next reset; copy it to keep it.
 *
 * <p>{@link #noGrad} runs a computation whose operations compute values only, for evaluation.
 *
 * <p>{@link #setPrecision} chooses the arithmetic of the matrix products ({@link Var#times} and
 * its transposed forms), forward and backward: {@link Precision#FLOAT64} by default, or
 * {@link Precision#FLOAT32} for training at about twice the speed of large products. Values and
 * gradients stay double matrices either way; everything but the products computes in double.
 * <pre>{@code
 * Tape tape = new Tape();
 * tape.setPrecision(Precision.FLOAT32);         // products of every later step in float
 * }</pre>
 *
 * <p>A tape is not thread-safe; use one per thread. The parallelism lives inside the matrix
 * kernels, whose results do not depend on the thread count; the tape adds no order-dependent
 * arithmetic of its own.
 */
public final class Tape {

    private final List<Var> results = new ArrayList<>();
    private final List<Var> parameters = new ArrayList<>();
    private final BufferPool buffers = new BufferPool();
    private int step;
    private int backwardPass;
    private int noGradDepth;
    private Precision precision = Precision.FLOAT64;

    /** An empty tape. */
    public Tape() {
    }

    /**
     * A trainable value. The tape keeps {@code value} itself (no copy): optimizers update it in
     * place, so the caller's matrix always holds the current parameters.
     *
     * @param value the initial value, updated in place by optimizers
     * @return the parameter
     */
    public Var parameter(Matrix value) {
        Objects.requireNonNull(value, "value");
        Var p = new Var(this, Var.Kind.PARAMETER, step, value, true);
        parameters.add(p);
        return p;
    }

    /**
     * A value that is not differentiated: input data, targets. The tape keeps {@code value}
     * itself (no copy); it persists across {@link #reset}.
     *
     * @param value the value
     * @return the constant
     */
    public Var constant(Matrix value) {
        Objects.requireNonNull(value, "value");
        return new Var(this, Var.Kind.CONSTANT, step, value, false);
    }

    /** {@return the parameters made on this tape, in creation order (a read-only view)} */
    public List<Var> parameters() {
        return Collections.unmodifiableList(parameters);
    }

    /** {@return the number of results recorded since the last {@link #reset}} */
    public int size() {
        return results.size();
    }

    /**
     * Computes the gradient of the scalar {@code loss} with respect to every parameter and every
     * result it depends on, by one reverse sweep over the record. Afterwards
     * {@code p.grad()} is {@code d loss / d p} for every parameter p of this tape (zero for a
     * parameter the loss does not depend on). Each call computes fresh gradients: nothing
     * accumulates from an earlier call. Within one call, contributions accumulate, so a value
     * used several times gets the sum of its uses' gradients.
     *
     * <p>Cost: about twice the operations' forward cost; no allocation once buffers are pooled.
     *
     * @param loss a 1 x 1 result recorded on this tape
     * @throws IllegalArgumentException if {@code loss} is not 1x1 or belongs to another tape
     * @throws IllegalStateException if {@code loss} was recorded before the last {@link #reset},
     *     or it does not depend on any parameter (a constant, or computed in {@link #noGrad})
     */
    public void backward(Var loss) {
        requireCurrent(loss, "backward");
        if (loss.value.rows() != 1 || loss.value.cols() != 1) {
            throw new IllegalArgumentException("backward needs a scalar (1x1) loss, got a "
                    + loss.value.shape() + " value; reduce it first, e.g. with sum() or mean()");
        }
        if (!loss.requiresGrad()) {
            throw new IllegalStateException("the loss does not depend on any parameter (it is a"
                    + " constant, or it was computed inside noGrad()): nothing to differentiate");
        }
        backwardPass++;
        loss.gradientBuffer().data()[0] = 1.0; // d loss / d loss
        for (int i = results.size() - 1; i >= 0; i--) {
            results.get(i).propagate();
        }
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).gradientBuffer(); // zero for a parameter the loss does not reach
        }
    }

    /**
     * Starts a new step: forgets every result recorded so far and takes back their value and
     * gradient matrices for reuse. Parameters and constants stay, with their values and last
     * gradients. Using a forgotten result afterwards throws {@link IllegalStateException}.
     */
    public void reset() {
        results.clear();
        buffers.releaseAll();
        step++;
    }

    /**
     * Runs {@code computation} with gradient recording switched off and returns its result:
     * operations inside compute values only, for evaluation. Calls nest; recording resumes when
     * the outermost returns, also if it throws.
     * <pre>{@code
     * double accuracy = tape.noGrad(() -> Labels.accuracy(model.logits(x).value(), labels));
     * }</pre>
     *
     * @param <T> the type of the result
     * @param computation the computation to run
     * @return the computation's result
     */
    public <T> T noGrad(Supplier<T> computation) {
        Objects.requireNonNull(computation, "computation");
        noGradDepth++;
        try {
            return computation.get();
        } finally {
            noGradDepth--;
        }
    }

    /**
     * Sets the arithmetic of the matrix products recorded from now on: each product computes
     * its value, and later its two backward products, in the precision in force when it was
     * recorded (see {@link io.github.nc4j.linalg.Blas#gemm(double, Matrix, boolean, Matrix,
     * boolean, double, Matrix, Precision)} for the accuracy of {@link Precision#FLOAT32}). The
     * setting persists across {@link #reset}.
     *
     * @param precision the precision of later products
     */
    public void setPrecision(Precision precision) {
        this.precision = Objects.requireNonNull(precision, "precision");
    }

    /** {@return the precision of the products recorded now; {@link Precision#FLOAT64} unless set} */
    public Precision precision() {
        return precision;
    }

    /** {@return true unless inside {@link #noGrad}} */
    public boolean isRecording() {
        return noGradDepth == 0;
    }

    // ---------------------------------------------------------------- for Var

    /**
     * A new result with a pooled {@code rows x cols} value (contents unspecified: the operation
     * fills it). It needs a gradient when an operand does and the tape is recording.
     */
    Var result(int rows, int cols, boolean operandNeedsGradient) {
        boolean needsGradient = operandNeedsGradient && isRecording();
        Var r = new Var(this, Var.Kind.RESULT, step, buffers.take(rows, cols), needsGradient);
        results.add(r);
        return r;
    }

    /**
     * A pooled matrix with unspecified contents, valid until the next reset: a result's
     * gradient, or state an operation saves for its backward rule.
     */
    Matrix borrow(int rows, int cols) {
        return buffers.take(rows, cols);
    }

    int step() {
        return step;
    }

    int backwardPass() {
        return backwardPass;
    }

    /** How many matrices this tape's pool has ever allocated (for tests of steady state). */
    long pooledAllocations() {
        return buffers.allocations();
    }

    /**
     * Checks that {@code v} can be used now: it belongs to this tape and, if it is a result, to
     * the current step.
     */
    void requireCurrent(Var v, String operation) {
        Objects.requireNonNull(v, operation);
        if (v.tape != this) {
            throw new IllegalArgumentException(operation + ": the Var belongs to another tape;"
                    + " values from different tapes cannot be combined");
        }
        if (v.kind == Var.Kind.RESULT && v.step != step) {
            throw new IllegalStateException(operation + ": the Var was recorded before the last"
                    + " Tape.reset() and its storage has been reused; recompute it in this step");
        }
    }
}
