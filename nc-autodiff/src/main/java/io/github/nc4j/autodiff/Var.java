package io.github.nc4j.autodiff;

import io.github.nc4j.linalg.Blas;
import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.Precision;
import java.util.Locale;
import java.util.Objects;

/**
 * A matrix-valued node of a {@link Tape}: a value, a gradient once {@link Tape#backward} has
 * computed one, and, for a result, the rule that pulls its gradient back to its operands.
 *
 * <p>Every operation below is one small unit, written the way micrograd writes its
 * {@code Value} operations (Karpathy, github.com/karpathy/micrograd): it computes its value into
 * a fresh result, then registers its vector-Jacobian product, which receives G = d loss / d out
 * and <em>adds</em> each operand's share into that operand's gradient. Adding is what makes a
 * value used twice (say {@code a.plus(a)}) correct. The one-line comment on each rule is the
 * product it implements: gX is the gradient of operand X, G the incoming gradient (g when the
 * result is 1 x 1), {@code o} the elementwise product.
 *
 * <p>Shapes follow nc4j's layout, rows = samples: features H are N x d, a linear layer W is
 * out x in, and its output is {@code H.timesTranspose(W)} = H W^T. Operations check their
 * operands' shapes and throw {@link IllegalArgumentException} naming both shapes on a mismatch;
 * combining Vars of different tapes, or using a result after {@link Tape#reset}, throws too.
 *
 * <p>Costs are those of the underlying kernels: products are one GEMM forward and at most two
 * backward (transposes folded into the GEMM, never formed); everything else is one or two passes
 * over the elements.
 */
public final class Var {

    /** What a Var is; see {@link Tape}. */
    enum Kind { PARAMETER, CONSTANT, RESULT }

    /** The vector-Jacobian product of the operation that made a result. */
    @FunctionalInterface
    private interface Backward {
        /** Adds the result's gradient g, pulled back through the operation, to the operands'. */
        void propagate(Matrix g);
    }

    final Tape tape;
    final Kind kind;
    final int step;
    final Matrix value;
    private final boolean requiresGrad;
    private Matrix grad;
    private int gradPass = -1;
    private Backward backward;

    Var(Tape tape, Kind kind, int step, Matrix value, boolean requiresGrad) {
        this.tape = tape;
        this.kind = kind;
        this.step = step;
        this.value = value;
        this.requiresGrad = requiresGrad;
    }

    // ---------------------------------------------------------------- value and gradient

    /**
     * {@return the value} For a parameter or constant this is the matrix given to the tape; for a
     * result it is a pooled matrix, valid until the next {@link Tape#reset} (copy it to keep it).
     */
    public Matrix value() {
        tape.requireCurrent(this, "value");
        return value;
    }

    /** {@return the value of a 1 x 1 Var, such as a loss} */
    public double scalar() {
        tape.requireCurrent(this, "scalar");
        if (value.rows() != 1 || value.cols() != 1) {
            throw new IllegalArgumentException("scalar: the value is " + value.shape()
                    + ", not 1x1");
        }
        return value.data()[0];
    }

    /**
     * {@code d loss / d this} from the last {@link Tape#backward}, with the shape of the value.
     *
     * @return the gradient, a matrix of the value's shape
     * @throws IllegalStateException if there is none: a constant, a value computed without
     *     gradient tracking, or one the last backward pass did not reach
     */
    public Matrix grad() {
        tape.requireCurrent(this, "grad");
        if (!requiresGrad) {
            throw new IllegalStateException("no gradient: this Var "
                    + (kind == Kind.CONSTANT ? "is a constant"
                    : "does not depend on any parameter, or was computed inside noGrad()"));
        }
        if (gradPass != tape.backwardPass()) {
            throw new IllegalStateException("no gradient yet: call Tape.backward(loss) with a loss"
                    + " that depends on this Var");
        }
        return grad;
    }

    /**
     * {@return true for a parameter and for any result computed from one while the tape records}
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** {@return true if this Var was made by {@link Tape#parameter}} */
    public boolean isParameter() {
        return kind == Kind.PARAMETER;
    }

    /** {@return the tape this Var lives on} */
    public Tape tape() {
        return tape;
    }

    /** {@return the number of rows of the value} */
    public int rows() {
        return value.rows();
    }

    /** {@return the number of columns of the value} */
    public int cols() {
        return value.cols();
    }

    /** {@return the shape as {@code "rows x cols"}} */
    public String shape() {
        return value.shape();
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT) + " " + value.shape()
                + (requiresGrad ? "" : " (no grad)");
    }

    // ---------------------------------------------------------------- elementwise arithmetic

    /**
     * {@return {@code A + B}; the shapes must match}
     *
     * @param other the Var B
     */
    public Var plus(Var other) {
        requireSameShape(other, "plus");
        Var out = result(rows(), cols(), other);
        double[] a = value.data();
        double[] b = other.value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = a[i] + b[i];
        }
        // gA += G, gB += G
        return out.onBackward(g -> {
            this.accumulate(1, g);
            other.accumulate(1, g);
        });
    }

    /**
     * {@return {@code A - B}; the shapes must match}
     *
     * @param other the Var B
     */
    public Var minus(Var other) {
        requireSameShape(other, "minus");
        Var out = result(rows(), cols(), other);
        double[] a = value.data();
        double[] b = other.value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = a[i] - b[i];
        }
        // gA += G, gB -= G
        return out.onBackward(g -> {
            this.accumulate(1, g);
            other.accumulate(-1, g);
        });
    }

    /**
     * {@return the elementwise (Hadamard) product {@code A o B}; the shapes must match}
     *
     * @param other the Var B
     */
    public Var elementTimes(Var other) {
        requireSameShape(other, "elementTimes");
        Var out = result(rows(), cols(), other);
        double[] a = value.data();
        double[] b = other.value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = a[i] * b[i];
        }
        // gA += G o B, gB += G o A
        return out.onBackward(g -> {
            this.accumulateElementTimes(g, other.value);
            other.accumulateElementTimes(g, this.value);
        });
    }

    /**
     * {@return {@code c A} for a number c}
     *
     * @param c the number
     */
    public Var scale(double c) {
        Var out = result(rows(), cols());
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = c * a[i];
        }
        // gA += c G
        return out.onBackward(g -> accumulate(c, g));
    }

    // ---------------------------------------------------------------- matrix products

    /**
     * {@return the matrix product {@code A B}}
     *
     * @param other the right factor B
     */
    public Var times(Var other) {
        return product(this, false, other, false, "times");
    }

    /**
     * {@return {@code A^T B}, without forming A^T}
     *
     * @param other the right factor B
     */
    public Var transposeTimes(Var other) {
        return product(this, true, other, false, "transposeTimes");
    }

    /**
     * {@return {@code A B^T}, without forming B^T: a linear layer {@code H W^T} on rows of samples}
     *
     * @param other the factor B, whose transpose multiplies
     */
    public Var timesTranspose(Var other) {
        return product(this, false, other, true, "timesTranspose");
    }

    /**
     * {@code C = op(A) op(B)}, op(X) = X or X^T, as one GEMM. The backward rule is two more GEMMs
     * that read the stored operands with the transposes folded in and write straight into the
     * gradients: no transpose is ever formed. All three run in the tape's precision at the time
     * of recording ({@link Tape#setPrecision}).
     */
    private static Var product(Var a, boolean transA, Var b, boolean transB, String name) {
        a.requireOperand(b, name);
        int m = transA ? a.cols() : a.rows();
        int k = transA ? a.rows() : a.cols();
        int kB = transB ? b.cols() : b.rows();
        int n = transB ? b.rows() : b.cols();
        if (k != kB) {
            throw new IllegalArgumentException(name + ": inner dimensions differ, "
                    + (transA ? "A^T" : "A") + " is " + m + "x" + k + " (A is " + a.shape()
                    + ") and " + (transB ? "B^T" : "B") + " is " + kB + "x" + n
                    + " (B is " + b.shape() + ")");
        }
        Var c = a.result(m, n, b);
        Precision precision = a.tape.precision();
        Blas.gemm(1, a.value, transA, b.value, transB, 0, c.value, precision);
        // g op(A) += G op(B)^T, g op(B) += op(A)^T G
        return c.onBackward(g -> {
            if (a.requiresGrad) {
                if (transA) { // gA += (G op(B)^T)^T = op(B) G^T
                    a.accumulateProduct(b.value, transB, g, true, precision);
                } else {      // gA += G op(B)^T
                    a.accumulateProduct(g, false, b.value, !transB, precision);
                }
            }
            if (b.requiresGrad) {
                if (transB) { // gB += (op(A)^T G)^T = G^T op(A)
                    b.accumulateProduct(g, true, a.value, transA, precision);
                } else {      // gB += op(A)^T G
                    b.accumulateProduct(a.value, !transA, g, false, precision);
                }
            }
        });
    }

    /**
     * {@return the transpose {@code A^T}, formed (to multiply by a transpose, use the products
     * above)}
     */
    public Var transpose() {
        int r = rows();
        int c = cols();
        Var out = result(c, r);
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                z[j * r + i] = a[i * c + j];
            }
        }
        // gA += G^T
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double[] gz = g.data();
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    ga[i * c + j] += gz[j * r + i];
                }
            }
        });
    }

    /**
     * {@return the rows at {@code indices}, in that order: {@code out_i = a_{indices[i]}} (a
     * mini-batch of the rows of free features)} An index may repeat; its row then gets every use's
     * gradient.
     *
     * @param indices the rows to take, each in {@code [0, rows)}
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, rows)}
     */
    public Var selectRows(int[] indices) {
        tape.requireCurrent(this, "selectRows");
        Objects.requireNonNull(indices, "indices");
        int c = cols();
        for (int i = 0; i < indices.length; i++) {
            Objects.checkIndex(indices[i], rows());
        }
        Var out = result(indices.length, c);
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < indices.length; i++) {
            System.arraycopy(a, indices[i] * c, z, i * c, c);
        }
        // gA[indices[i], :] += G[i, :]
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double[] gz = g.data();
            for (int i = 0; i < indices.length; i++) {
                int target = indices[i] * c;
                for (int j = 0; j < c; j++) {
                    ga[target + j] += gz[i * c + j];
                }
            }
        });
    }

    // ---------------------------------------------------------------- broadcasting bias

    /**
     * {@return {@code A + 1 b}: adds the 1 x cols row vector b to every row (a bias per output,
     * with rows of samples)}
     *
     * @param bias the row vector b, {@code 1 x cols}
     */
    public Var plusRow(Var bias) {
        requireOperand(bias, "plusRow");
        if (bias.rows() != 1 || bias.cols() != cols()) {
            throw new IllegalArgumentException("plusRow: " + shape() + " needs a 1x" + cols()
                    + " row vector, got " + bias.shape());
        }
        int r = rows();
        int c = cols();
        Var out = result(r, c, bias);
        double[] a = value.data();
        double[] b = bias.value.data();
        double[] z = out.value.data();
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                z[i * c + j] = a[i * c + j] + b[j];
            }
        }
        // gA += G, gb += 1^T G (the column sums of G)
        return out.onBackward(g -> {
            this.accumulate(1, g);
            if (bias.requiresGrad) {
                double[] gb = bias.gradientBuffer().data();
                double[] gz = g.data();
                for (int i = 0; i < r; i++) {
                    for (int j = 0; j < c; j++) {
                        gb[j] += gz[i * c + j];
                    }
                }
            }
        });
    }

    /**
     * {@return {@code A + b 1^T}: adds the rows x 1 column vector b to every column}
     *
     * @param bias the column vector b, {@code rows x 1}
     */
    public Var plusColumn(Var bias) {
        requireOperand(bias, "plusColumn");
        if (bias.cols() != 1 || bias.rows() != rows()) {
            throw new IllegalArgumentException("plusColumn: " + shape() + " needs a " + rows()
                    + "x1 column vector, got " + bias.shape());
        }
        int r = rows();
        int c = cols();
        Var out = result(r, c, bias);
        double[] a = value.data();
        double[] b = bias.value.data();
        double[] z = out.value.data();
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                z[i * c + j] = a[i * c + j] + b[i];
            }
        }
        // gA += G, gb += G 1 (the row sums of G)
        return out.onBackward(g -> {
            this.accumulate(1, g);
            if (bias.requiresGrad) {
                double[] gb = bias.gradientBuffer().data();
                double[] gz = g.data();
                for (int i = 0; i < r; i++) {
                    double rowSum = 0;
                    for (int j = 0; j < c; j++) {
                        rowSum += gz[i * c + j];
                    }
                    gb[i] += rowSum;
                }
            }
        });
    }

    // ---------------------------------------------------------------- activations

    /** {@return {@code max(A, 0)} elementwise; NaN stays NaN} */
    public Var relu() {
        Var out = result(rows(), cols());
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.max(a[i], 0.0);
        }
        // gA += G o [A > 0]
        return out.onBackward(g -> Blas.addWherePositive(g, value, gradientBuffer()));
    }

    /**
     * {@return {@code x} where {@code x > 0}, else {@code slope x}, elementwise (PyTorch's default
     * slope is 0.01)}
     *
     * @param slope the slope for negative inputs
     */
    public Var leakyRelu(double slope) {
        Var out = result(rows(), cols());
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = a[i] > 0 ? a[i] : slope * a[i];
        }
        // gA += G o (1 where A > 0, slope elsewhere)
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double[] gz = g.data();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += a[i] > 0 ? gz[i] : slope * gz[i];
            }
        });
    }

    /** {@return {@code tanh(A)} elementwise} */
    public Var tanh() {
        Var out = result(rows(), cols());
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.tanh(a[i]);
        }
        // gA += G o (1 - tanh(A)^2)
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double[] gz = g.data();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += gz[i] * (1 - z[i] * z[i]);
            }
        });
    }

    /** {@return the logistic sigmoid {@code 1 / (1 + exp(-A))} elementwise} */
    public Var sigmoid() {
        Var out = result(rows(), cols());
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < z.length; i++) {
            z[i] = 1 / (1 + Math.exp(-a[i]));
        }
        // gA += G o sigmoid(A) o (1 - sigmoid(A))
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double[] gz = g.data();
            for (int i = 0; i < ga.length; i++) {
                ga[i] += gz[i] * z[i] * (1 - z[i]);
            }
        });
    }

    // ---------------------------------------------------------------- reductions

    /** {@return {@code sum_ij a_ij}, as a 1 x 1 Var (0 for an empty matrix)} */
    public Var sum() {
        Var out = result(1, 1);
        double[] a = value.data();
        double s = 0;
        for (double v : a) {
            s += v;
        }
        out.value.data()[0] = s;
        // gA += g 1 1^T: every element gets the scalar g
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double gz = g.data()[0];
            for (int i = 0; i < ga.length; i++) {
                ga[i] += gz;
            }
        });
    }

    /**
     * {@return {@code (1/(rows cols)) sum_ij a_ij}, as a 1 x 1 Var}
     *
     * @throws IllegalArgumentException for an empty matrix, whose mean is undefined
     */
    public Var mean() {
        tape.requireCurrent(this, "mean");
        if (value.size() == 0) {
            throw new IllegalArgumentException("mean: undefined for an empty " + shape()
                    + " matrix");
        }
        // gA += (g / (rows cols)) 1 1^T, by the rules of sum() and scale()
        return sum().scale(1.0 / value.size());
    }

    /** {@return the squared Frobenius norm {@code ||A||_F^2 = sum_ij a_ij^2}, as a 1 x 1 Var} */
    public Var squaredNorm() {
        Var out = result(1, 1);
        // Blas.dot sums in a fixed order, the same interpreted and compiled, so training stays
        // reproducible; a plain loop would be one latency-bound chain of additions.
        out.value.data()[0] = Blas.dot(value, value);
        // gA += 2 g A
        return out.onBackward(g -> {
            accumulate(2 * g.data()[0], value);
        });
    }

    // ---------------------------------------------------------------- losses

    /**
     * The row-wise log-softmax: {@code out_ij = a_ij - log sum_k exp(a_ik)}, each row of logits
     * turned into log-probabilities. The row maximum is subtracted before exponentiating, so
     * logits of any magnitude give finite results.
     *
     * @return the log-probabilities, of the shape of the logits
     * @throws IllegalArgumentException if the matrix has no columns
     */
    public Var logSoftmax() {
        tape.requireCurrent(this, "logSoftmax");
        if (cols() == 0) {
            throw new IllegalArgumentException("logSoftmax: a " + shape()
                    + " matrix has no classes to normalize over");
        }
        int r = rows();
        int c = cols();
        Var out = result(r, c);
        double[] a = value.data();
        double[] z = out.value.data();
        for (int i = 0; i < r; i++) {
            double shift = rowMax(a, i * c, c);
            double logSum = Math.log(sumExp(a, i * c, c, shift));
            for (int j = 0; j < c; j++) {
                z[i * c + j] = (a[i * c + j] - shift) - logSum;
            }
        }
        // row by row: gA_row += G_row - softmax(A_row) sum(G_row), softmax(A) = exp(out)
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double[] gz = g.data();
            for (int i = 0; i < r; i++) {
                double rowSum = 0;
                for (int j = 0; j < c; j++) {
                    rowSum += gz[i * c + j];
                }
                for (int j = 0; j < c; j++) {
                    ga[i * c + j] += gz[i * c + j] - Math.exp(z[i * c + j]) * rowSum;
                }
            }
        });
    }

    /**
     * {@return mean cross-entropy of rows of logits Z (N x K) against integer labels:
     * {@code (1/N) sum_i -log softmax(z_i)_{y_i}}, as in definitions.md §1.3} Computed as
     * {@code (max_k z_ik - z_iy) + log sum_k exp(z_ik - max_k z_ik)} per row, which is finite
     * for logits of any magnitude and accurate to a few eps |z_ik - max_k z_ik| (not eps |z|).
     * The backward rule is the fused {@code (softmax(Z) - onehot(y)) / N}. The labels array is
     * read again by {@link Tape#backward}; do not change it in between.
     *
     * @param labels the class of each row, in {@code 0..K-1}
     * @throws IllegalArgumentException if {@code labels.length != N}, a label is outside
     *     {@code [0, K)}, or N = 0
     */
    public Var crossEntropy(int[] labels) {
        tape.requireCurrent(this, "crossEntropy");
        Objects.requireNonNull(labels, "labels");
        int r = rows();
        int c = cols();
        if (labels.length != r) {
            throw new IllegalArgumentException("crossEntropy: " + labels.length
                    + " labels for a " + shape() + " matrix of logits (one label per row)");
        }
        requireSamples("crossEntropy");
        for (int i = 0; i < r; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " of row "
                        + i + " is outside [0, " + c + ")");
            }
        }
        Var out = result(1, 1);
        double[] a = value.data();
        // saved per row for the backward rule: softmax_ij = exp((z_ij - shift_i) - logSum_i)
        double[] shift = tape.borrow(r, 1).data();
        double[] logSum = tape.borrow(r, 1).data();
        double total = 0;
        for (int i = 0; i < r; i++) {
            shift[i] = rowMax(a, i * c, c);
            logSum[i] = Math.log(sumExp(a, i * c, c, shift[i]));
            total += (shift[i] - a[i * c + labels[i]]) + logSum[i];
        }
        out.value.data()[0] = total / r;
        // gZ += (g / N) (softmax(Z) - onehot(y))
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double weight = g.data()[0] / r;
            for (int i = 0; i < r; i++) {
                for (int j = 0; j < c; j++) {
                    ga[i * c + j] += weight * Math.exp((a[i * c + j] - shift[i]) - logSum[i]);
                }
                ga[i * c + labels[i]] -= weight;
            }
        });
    }

    /**
     * {@return mean squared error against a target Y of the same shape, normalized as in
     * definitions.md §1.3: {@code (1/(2N)) ||Z - Y||_F^2} with N = rows (samples)} With one-hot
     * targets ({@link Labels#oneHot}) this is the MSE loss of the unconstrained feature model
     * papers.
     *
     * @param target the target Y
     * @throws IllegalArgumentException if the shapes differ or N = 0
     */
    public Var mse(Matrix target) {
        tape.requireCurrent(this, "mse");
        Objects.requireNonNull(target, "target");
        if (target.rows() != rows() || target.cols() != cols()) {
            throw new IllegalArgumentException("mse: prediction is " + shape()
                    + " but target is " + target.shape());
        }
        requireSamples("mse");
        int n = rows();
        Var out = result(1, 1);
        double[] a = value.data();
        double[] y = target.data();
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - y[i];
            sum += d * d;
        }
        out.value.data()[0] = sum / (2.0 * n);
        // gZ += (g / N) (Z - Y)
        return out.onBackward(g -> {
            double[] ga = gradientBuffer().data();
            double weight = g.data()[0] / n;
            for (int i = 0; i < ga.length; i++) {
                ga[i] += weight * (a[i] - y[i]);
            }
        });
    }

    // ---------------------------------------------------------------- plumbing

    /** A result of this tape, made from this Var alone. */
    private Var result(int rows, int cols) {
        tape.requireCurrent(this, "operation");
        return tape.result(rows, cols, requiresGrad);
    }

    /** A result of this tape, made from this Var and {@code other} (already checked). */
    private Var result(int rows, int cols, Var other) {
        return tape.result(rows, cols, requiresGrad || other.requiresGrad);
    }

    /** Registers the backward rule, if this result needs one. */
    private Var onBackward(Backward rule) {
        if (requiresGrad) {
            backward = rule;
        }
        return this;
    }

    /** Runs the backward rule when the current backward pass has reached this result. */
    void propagate() {
        if (backward != null && gradPass == tape.backwardPass()) {
            backward.propagate(grad);
        }
    }

    /**
     * This Var's gradient for the current backward pass, zeroed on first use in the pass. A
     * parameter owns its gradient matrix; a result borrows one from the tape's pool.
     */
    Matrix gradientBuffer() {
        if (startsGradient()) {
            grad.fill(0.0);
        }
        return grad;
    }

    private void allocateGradient() {
        if (grad == null) {
            grad = kind == Kind.PARAMETER ? Matrix.zeros(rows(), cols())
                    : tape.borrow(rows(), cols());
        }
    }

    /**
     * {@code grad += op(X) op(Y)} by one GEMM. The first contribution of a backward pass
     * overwrites the gradient instead (GEMM's beta = 0), which spares clearing the buffer: for
     * the large feature matrices of a model that clearing would be a noticeable share of a step.
     */
    private void accumulateProduct(Matrix x, boolean transX, Matrix y, boolean transY,
                                   Precision precision) {
        double beta = startsGradient() ? 0 : 1;
        Blas.gemm(1, x, transX, y, transY, beta, grad, precision);
    }

    /**
     * Whether the current backward pass has not yet contributed to this Var's gradient, whose
     * contents are then stale; either way the gradient exists afterwards and is this pass's.
     */
    private boolean startsGradient() {
        int pass = tape.backwardPass();
        boolean first = gradPass != pass;
        allocateGradient();
        gradPass = pass;
        return first;
    }

    /**
     * {@code grad += alpha G}, if this Var needs a gradient. The first contribution of a backward
     * pass writes {@code alpha G + 0} instead, as {@link #accumulateProduct}'s does: one pass
     * over the gradient rather than one to clear it and one to add (a weight's decay term, the
     * first to reach it, is as large as the weight). Adding 0 gives what adding to the cleared
     * buffer gave, -0 included.
     */
    private void accumulate(double alpha, Matrix g) {
        if (!requiresGrad) {
            return;
        }
        if (!startsGradient()) {
            Blas.axpy(alpha, g, grad);
            return;
        }
        double[] target = grad.data();
        double[] source = g.data();
        for (int i = 0; i < target.length; i++) {
            target[i] = alpha * source[i] + 0.0;
        }
    }

    /** {@code grad += G o factor}, if this Var needs a gradient. */
    private void accumulateElementTimes(Matrix g, Matrix factor) {
        if (requiresGrad) {
            double[] target = gradientBuffer().data();
            double[] gz = g.data();
            double[] f = factor.data();
            for (int i = 0; i < target.length; i++) {
                target[i] += gz[i] * f[i];
            }
        }
    }

    private void requireOperand(Var other, String operation) {
        tape.requireCurrent(this, operation);
        tape.requireCurrent(other, operation);
    }

    private void requireSameShape(Var other, String operation) {
        requireOperand(other, operation);
        if (rows() != other.rows() || cols() != other.cols()) {
            throw new IllegalArgumentException(operation + ": shapes " + shape() + " and "
                    + other.shape() + " differ");
        }
    }

    private void requireSamples(String operation) {
        if (rows() == 0) {
            throw new IllegalArgumentException(operation + ": the mean over samples is undefined"
                    + " for a " + shape() + " matrix (no rows)");
        }
    }

    private static double rowMax(double[] a, int from, int length) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = from; j < from + length; j++) {
            max = Math.max(max, a[j]);
        }
        return max;
    }

    private static double sumExp(double[] a, int from, int length, double shift) {
        double sum = 0;
        for (int j = from; j < from + length; j++) {
            sum += Math.exp(a[j] - shift);
        }
        return sum;
    }
}
