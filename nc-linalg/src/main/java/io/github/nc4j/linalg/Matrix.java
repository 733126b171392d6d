package io.github.nc4j.linalg;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * A dense matrix of doubles stored row-major in one {@code double[]}: element (i, j) lives at
 * {@code data()[i * cols() + j]}.
 *
 * <p>Storage is mutable ({@link #set}, the {@code ...InPlace} methods, or writing into
 * {@link #data()}), but every readable operation ({@link #times}, {@link #plus},
 * {@link #transpose}, ...) returns a new matrix and leaves its operands alone. Code on a hot path
 * calls the explicit-output kernels in {@link Blas} instead, which allocate nothing.
 *
 * <p>Vectors are matrices with one row or one column. Shapes are checked on every operation;
 * a mismatch throws {@link IllegalArgumentException} naming both shapes.
 */
public final class Matrix {

    private final int rows;
    private final int cols;
    private final double[] data;

    private Matrix(int rows, int cols, double[] data) {
        this.rows = rows;
        this.cols = cols;
        this.data = data;
    }

    // ---------------------------------------------------------------- factories

    /**
     * Wraps a row-major array without copying it: later writes to {@code rowMajor} are visible in
     * the matrix and vice versa.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param rowMajor the elements, row after row
     * @return a matrix backed by {@code rowMajor}
     * @throws IllegalArgumentException if a dimension is negative or
     *     {@code rowMajor.length != rows * cols}
     */
    public static Matrix wrap(int rows, int cols, double[] rowMajor) {
        Objects.requireNonNull(rowMajor, "rowMajor");
        long size = checkedSize(rows, cols);
        if (rowMajor.length != size) {
            throw new IllegalArgumentException("a " + rows + "x" + cols + " matrix needs "
                    + size + " values, but the array holds " + rowMajor.length);
        }
        return new Matrix(rows, cols, rowMajor);
    }

    /**
     * {@return a {@code rows x cols} matrix of zeros}
     *
     * @param rows the number of rows
     * @param cols the number of columns
     */
    public static Matrix zeros(int rows, int cols) {
        return new Matrix(rows, cols, new double[(int) checkedSize(rows, cols)]);
    }

    /**
     * {@return a {@code rows x cols} matrix with every element equal to {@code value}}
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param value the value of every element
     */
    public static Matrix filled(int rows, int cols, double value) {
        Matrix m = zeros(rows, cols);
        Arrays.fill(m.data, value);
        return m;
    }

    /**
     * {@return the {@code n x n} identity}
     *
     * @param n the number of rows and columns
     */
    public static Matrix identity(int n) {
        Matrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = 1.0;
        }
        return m;
    }

    /**
     * {@return a square matrix with {@code values} on the diagonal and zeros elsewhere}
     *
     * @param values the diagonal elements
     */
    public static Matrix diagonal(double... values) {
        int n = values.length;
        Matrix m = zeros(n, n);
        for (int i = 0; i < n; i++) {
            m.data[i * n + i] = values[i];
        }
        return m;
    }

    /**
     * Copies a rectangular array of rows.
     *
     * @param rowArrays the rows, all of the same length
     * @return a new {@code rowArrays.length x rowArrays[0].length} matrix
     * @throws IllegalArgumentException if the rows have different lengths
     */
    public static Matrix of(double[][] rowArrays) {
        int rows = rowArrays.length;
        int cols = rows == 0 ? 0 : rowArrays[0].length;
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            if (rowArrays[i].length != cols) {
                throw new IllegalArgumentException("row " + i + " has " + rowArrays[i].length
                        + " values, row 0 has " + cols);
            }
            System.arraycopy(rowArrays[i], 0, m.data, i * cols, cols);
        }
        return m;
    }

    /**
     * {@return a {@code 1 x n} matrix holding a copy of {@code values}}
     *
     * @param values the elements
     */
    public static Matrix rowVector(double... values) {
        return new Matrix(1, values.length, values.clone());
    }

    /**
     * {@return an {@code n x 1} matrix holding a copy of {@code values}}
     *
     * @param values the elements
     */
    public static Matrix columnVector(double... values) {
        return new Matrix(values.length, 1, values.clone());
    }

    /**
     * {@return a matrix whose element (i, j) is {@code f.at(i, j)}}
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param f the value of each element
     */
    public static Matrix generate(int rows, int cols, ElementFunction f) {
        Matrix m = zeros(rows, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.data[i * cols + j] = f.at(i, j);
            }
        }
        return m;
    }

    /**
     * Independent standard normal entries drawn from {@code random} in row-major order.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param random the source of the entries
     * @return a new {@code rows x cols} matrix
     */
    public static Matrix gaussian(int rows, int cols, Random random) {
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            m.data[k] = random.nextGaussian();
        }
        return m;
    }

    /**
     * Independent entries uniform on [lo, hi) drawn from {@code random} in row-major order.
     *
     * @param rows the number of rows
     * @param cols the number of columns
     * @param lo the lower bound, included
     * @param hi the upper bound, excluded
     * @param random the source of the entries
     * @return a new {@code rows x cols} matrix
     */
    public static Matrix uniform(int rows, int cols, double lo, double hi, Random random) {
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < m.data.length; k++) {
            m.data[k] = lo + (hi - lo) * random.nextDouble();
        }
        return m;
    }

    /**
     * Stacks matrices with equal column counts on top of each other.
     *
     * @param blocks the matrices, top to bottom
     * @return a new matrix with the blocks' rows, in order
     */
    public static Matrix concatRows(Matrix... blocks) {
        if (blocks.length == 0) {
            return zeros(0, 0);
        }
        int cols = blocks[0].cols;
        long rows = 0;
        for (Matrix b : blocks) {
            if (b.cols != cols) {
                throw new IllegalArgumentException("concatRows: " + blocks[0].shape() + " and "
                        + b.shape() + " have different column counts");
            }
            rows += b.rows;
        }
        Matrix m = zeros(Math.toIntExact(rows), cols);
        int offset = 0;
        for (Matrix b : blocks) {
            System.arraycopy(b.data, 0, m.data, offset, b.data.length);
            offset += b.data.length;
        }
        return m;
    }

    /**
     * Places matrices with equal row counts side by side.
     *
     * @param blocks the matrices, left to right
     * @return a new matrix with the blocks' columns, in order
     */
    public static Matrix concatColumns(Matrix... blocks) {
        if (blocks.length == 0) {
            return zeros(0, 0);
        }
        int rows = blocks[0].rows;
        long cols = 0;
        for (Matrix b : blocks) {
            if (b.rows != rows) {
                throw new IllegalArgumentException("concatColumns: " + blocks[0].shape() + " and "
                        + b.shape() + " have different row counts");
            }
            cols += b.cols;
        }
        Matrix m = zeros(rows, Math.toIntExact(cols));
        int offset = 0;
        for (Matrix b : blocks) {
            for (int i = 0; i < rows; i++) {
                System.arraycopy(b.data, i * b.cols, m.data, i * m.cols + offset, b.cols);
            }
            offset += b.cols;
        }
        return m;
    }

    // ---------------------------------------------------------------- shape and elements

    /** {@return the number of rows} */
    public int rows() {
        return rows;
    }

    /** {@return the number of columns} */
    public int cols() {
        return cols;
    }

    /** {@return the number of elements, {@code rows() * cols()}} */
    public int size() {
        return data.length;
    }

    /** {@return the shape as {@code "rows x cols"}, as used in error messages} */
    public String shape() {
        return rows + "x" + cols;
    }

    /** {@return true if the matrix has as many rows as columns} */
    public boolean isSquare() {
        return rows == cols;
    }

    /** {@return the backing row-major array (not a copy)} */
    public double[] data() {
        return data;
    }

    /**
     * {@return element (i, j)}
     *
     * @param i the row index
     * @param j the column index
     */
    public double get(int i, int j) {
        return data[index(i, j)];
    }

    /**
     * Sets element (i, j).
     *
     * @param i the row index
     * @param j the column index
     * @param value the new value
     */
    public void set(int i, int j, double value) {
        data[index(i, j)] = value;
    }

    private int index(int i, int j) {
        if (i < 0 || i >= rows || j < 0 || j >= cols) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ") is outside a "
                    + shape() + " matrix");
        }
        return i * cols + j;
    }

    /** {@return an independent copy} */
    public Matrix copy() {
        return new Matrix(rows, cols, data.clone());
    }

    /**
     * {@return the same elements read in row-major order as a {@code rows x cols} matrix (a copy)}
     *
     * @param newRows the number of rows of the result
     * @param newCols the number of columns of the result; {@code newRows * newCols} must equal
     *     {@code size()}
     */
    public Matrix reshape(int newRows, int newCols) {
        if (checkedSize(newRows, newCols) != data.length) {
            throw new IllegalArgumentException("cannot reshape " + shape() + " to "
                    + newRows + "x" + newCols);
        }
        return new Matrix(newRows, newCols, data.clone());
    }

    /** {@return the rows as a new array of arrays} */
    public double[][] toArray() {
        double[][] out = new double[rows][];
        for (int i = 0; i < rows; i++) {
            out[i] = Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
        }
        return out;
    }

    // ---------------------------------------------------------------- slicing

    /**
     * {@return a copy of row {@code i} as a {@code 1 x cols} matrix}
     *
     * @param i the row index
     */
    public Matrix row(int i) {
        return slice(i, i + 1, 0, cols);
    }

    /**
     * {@return a copy of column {@code j} as a {@code rows x 1} matrix}
     *
     * @param j the column index
     */
    public Matrix column(int j) {
        return slice(0, rows, j, j + 1);
    }

    /**
     * {@return a copy of rows {@code [from, to)}}
     *
     * @param from the first row, included
     * @param to the last row, excluded
     */
    public Matrix rowRange(int from, int to) {
        return slice(from, to, 0, cols);
    }

    /**
     * {@return a copy of columns {@code [from, to)}}
     *
     * @param from the first column, included
     * @param to the last column, excluded
     */
    public Matrix columnRange(int from, int to) {
        return slice(0, rows, from, to);
    }

    /**
     * {@return a copy of rows {@code [rowFrom, rowTo)} and columns {@code [colFrom, colTo)}}
     *
     * @param rowFrom the first row, included
     * @param rowTo the last row, excluded
     * @param colFrom the first column, included
     * @param colTo the last column, excluded
     */
    public Matrix slice(int rowFrom, int rowTo, int colFrom, int colTo) {
        Objects.checkFromToIndex(rowFrom, rowTo, rows);
        Objects.checkFromToIndex(colFrom, colTo, cols);
        Matrix m = zeros(rowTo - rowFrom, colTo - colFrom);
        for (int i = rowFrom; i < rowTo; i++) {
            System.arraycopy(data, i * cols + colFrom, m.data, (i - rowFrom) * m.cols, m.cols);
        }
        return m;
    }

    /**
     * {@return a matrix made of the rows {@code indices[0], indices[1], ...} of this one, in that
     * order}
     *
     * @param indices the row indices, repeats allowed
     */
    public Matrix selectRows(int... indices) {
        Matrix m = zeros(indices.length, cols);
        for (int r = 0; r < indices.length; r++) {
            Objects.checkIndex(indices[r], rows);
            System.arraycopy(data, indices[r] * cols, m.data, r * cols, cols);
        }
        return m;
    }

    /**
     * Copies {@code block} into this matrix with its top-left corner at (row, col).
     *
     * @param row the row of the block's top-left corner
     * @param col the column of the block's top-left corner
     * @param block the matrix to copy
     * @throws IndexOutOfBoundsException if the block does not fit there; the message names both
     *     shapes
     */
    public void setSlice(int row, int col, Matrix block) {
        if (row < 0 || col < 0 || row > rows - block.rows || col > cols - block.cols) {
            throw new IndexOutOfBoundsException("setSlice: a " + block.shape() + " block at ("
                    + row + ", " + col + ") does not fit in a " + shape() + " matrix");
        }
        for (int i = 0; i < block.rows; i++) {
            System.arraycopy(block.data, i * block.cols, data, (row + i) * cols + col, block.cols);
        }
    }

    /** {@return the main diagonal as a new array of length {@code min(rows, cols)}} */
    public double[] diagonalValues() {
        double[] d = new double[Math.min(rows, cols)];
        for (int i = 0; i < d.length; i++) {
            d[i] = data[i * cols + i];
        }
        return d;
    }

    // ---------------------------------------------------------------- products

    /**
     * {@return the product {@code this * other}}
     *
     * @param other the right factor, with {@code cols()} rows
     */
    public Matrix times(Matrix other) {
        Matrix c = zeros(rows, other.cols);
        Blas.gemm(1.0, this, false, other, false, 0.0, c);
        return c;
    }

    /**
     * {@return the product {@code this * other} computed in the given precision (see
     * {@link Blas#gemm(double, Matrix, boolean, Matrix, boolean, double, Matrix, Precision)})}
     *
     * @param other the right factor, with {@code cols()} rows
     * @param precision the arithmetic of the product
     */
    public Matrix times(Matrix other, Precision precision) {
        Matrix c = zeros(rows, other.cols);
        Blas.gemm(1.0, this, false, other, false, 0.0, c, precision);
        return c;
    }

    /**
     * {@return the product {@code this^T * other}, without forming the transpose}
     *
     * @param other the right factor, with {@code rows()} rows
     */
    public Matrix transposeTimes(Matrix other) {
        Matrix c = zeros(cols, other.cols);
        Blas.gemm(1.0, this, true, other, false, 0.0, c);
        return c;
    }

    /**
     * {@return the product {@code this * other^T}, without forming the transpose}
     *
     * @param other the right factor, with {@code cols()} columns
     */
    public Matrix timesTranspose(Matrix other) {
        Matrix c = zeros(rows, other.rows);
        Blas.gemm(1.0, this, false, other, true, 0.0, c);
        return c;
    }

    /** {@return the symmetric Gram matrix {@code this^T * this} ({@code cols x cols})} */
    public Matrix gram() {
        Matrix c = zeros(cols, cols);
        Blas.syrk(1.0, this, true, 0.0, c);
        return c;
    }

    /** {@return the symmetric outer Gram matrix {@code this * this^T} ({@code rows x rows})} */
    public Matrix outerGram() {
        Matrix c = zeros(rows, rows);
        Blas.syrk(1.0, this, false, 0.0, c);
        return c;
    }

    /**
     * {@return the matrix-vector product {@code this * x}; {@code x.length} must equal
     * {@code cols()}}
     *
     * @param x the vector, of length {@code cols()}
     */
    public double[] times(double[] x) {
        double[] y = new double[rows];
        Blas.gemv(1.0, this, false, x, 0.0, y);
        return y;
    }

    /** {@return the transpose, as a new matrix} */
    public Matrix transpose() {
        Matrix t = zeros(cols, rows);
        // Tiles keep both the read and the write side in L1; the inner loop writes a contiguous
        // run, since strided stores at a power-of-two stride collide in the cache sets.
        final int block = 16;
        for (int i0 = 0; i0 < rows; i0 += block) {
            int i1 = Math.min(i0 + block, rows);
            for (int j0 = 0; j0 < cols; j0 += block) {
                int j1 = Math.min(j0 + block, cols);
                for (int j = j0; j < j1; j++) {
                    for (int i = i0; i < i1; i++) {
                        t.data[j * rows + i] = data[i * cols + j];
                    }
                }
            }
        }
        return t;
    }

    // ---------------------------------------------------------------- elementwise

    /**
     * {@return {@code this + other}}
     *
     * @param other a matrix of the same shape
     */
    public Matrix plus(Matrix other) {
        return zipWith(other, Double::sum, "plus");
    }

    /**
     * {@return {@code this - other}}
     *
     * @param other a matrix of the same shape
     */
    public Matrix minus(Matrix other) {
        return zipWith(other, (x, y) -> x - y, "minus");
    }

    /**
     * {@return the elementwise (Hadamard) product}
     *
     * @param other a matrix of the same shape
     */
    public Matrix elementTimes(Matrix other) {
        return zipWith(other, (x, y) -> x * y, "elementTimes");
    }

    /**
     * {@return the elementwise quotient {@code this[i, j] / other[i, j]}}
     *
     * @param other a matrix of the same shape
     */
    public Matrix elementDivide(Matrix other) {
        return zipWith(other, (x, y) -> x / y, "elementDivide");
    }

    /**
     * {@return {@code factor * this}}
     *
     * @param factor the scalar
     */
    public Matrix scale(double factor) {
        Matrix m = copy();
        m.scaleInPlace(factor);
        return m;
    }

    /**
     * {@return {@code this + value} in every element}
     *
     * @param value the scalar added to every element
     */
    public Matrix plus(double value) {
        return map(x -> x + value);
    }

    /**
     * {@return {@code f} applied to every element}
     *
     * @param f the function
     */
    public Matrix map(DoubleUnaryOperator f) {
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) {
            m.data[k] = f.applyAsDouble(data[k]);
        }
        return m;
    }

    /**
     * {@return {@code f(this[i, j], other[i, j])} for every element; the shapes must match}
     *
     * @param other a matrix of the same shape
     * @param f the function of the two elements
     */
    public Matrix zipWith(Matrix other, DoubleBinaryOperator f) {
        return zipWith(other, f, "zipWith");
    }

    private Matrix zipWith(Matrix other, DoubleBinaryOperator f, String operation) {
        requireSameShape(other, operation);
        Matrix m = zeros(rows, cols);
        for (int k = 0; k < data.length; k++) {
            m.data[k] = f.applyAsDouble(data[k], other.data[k]);
        }
        return m;
    }

    /**
     * Adds {@code other} into this matrix.
     *
     * @param other a matrix of the same shape
     * @return this matrix
     */
    public Matrix plusInPlace(Matrix other) {
        requireSameShape(other, "plusInPlace");
        Blas.axpy(1.0, other, this);
        return this;
    }

    /**
     * Multiplies every element of this matrix by {@code factor}.
     *
     * @param factor the scalar
     * @return this matrix
     */
    public Matrix scaleInPlace(double factor) {
        for (int k = 0; k < data.length; k++) {
            data[k] *= factor;
        }
        return this;
    }

    /**
     * Sets every element to {@code value}.
     *
     * @param value the new value of every element
     * @return this matrix
     */
    public Matrix fill(double value) {
        Arrays.fill(data, value);
        return this;
    }

    /**
     * Adds the row vector {@code row} (1 x cols) to every row: broadcasting, as a bias.
     *
     * @param row a {@code 1 x cols()} matrix
     * @return this matrix
     */
    public Matrix plusRow(Matrix row) {
        if (row.rows != 1 || row.cols != cols) {
            throw new IllegalArgumentException("plusRow: " + shape() + " needs a 1x" + cols
                    + " row, got " + row.shape());
        }
        Matrix m = copy();
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                m.data[i * cols + j] += row.data[j];
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- reductions

    /** {@return the sum of all elements} */
    public double sum() {
        double s = 0;
        for (double v : data) {
            s += v;
        }
        return s;
    }

    /** {@return the sum of the diagonal} */
    public double trace() {
        double s = 0;
        int n = Math.min(rows, cols);
        for (int i = 0; i < n; i++) {
            s += data[i * cols + i];
        }
        return s;
    }

    /** {@return the column sums as a {@code 1 x cols} row vector} */
    public Matrix columnSums() {
        Matrix s = zeros(1, cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                s.data[j] += data[i * cols + j];
            }
        }
        return s;
    }

    /** {@return the row sums as a {@code rows x 1} column vector} */
    public Matrix rowSums() {
        Matrix s = zeros(rows, 1);
        for (int i = 0; i < rows; i++) {
            double acc = 0;
            for (int j = 0; j < cols; j++) {
                acc += data[i * cols + j];
            }
            s.data[i] = acc;
        }
        return s;
    }

    /** {@return column means as a {@code 1 x cols} row vector; NaN for a matrix with no rows} */
    public Matrix columnMeans() {
        return columnSums().scaleInPlace(1.0 / rows);
    }

    /** {@return row means as a {@code rows x 1} column vector; NaN for a matrix with no columns} */
    public Matrix rowMeans() {
        return rowSums().scaleInPlace(1.0 / cols);
    }

    /**
     * Frobenius norm, {@code sqrt(sum a_ij^2)}, computed with scaling so that it neither
     * overflows nor underflows when the result is representable (as LAPACK's dnrm2).
     *
     * @return the Frobenius norm
     */
    public double normFrobenius() {
        return Blas.nrm2(data.length, data, 0);
    }

    /**
     * Induced 1-norm: the largest column sum of absolute values.
     *
     * @return the 1-norm
     */
    public double norm1() {
        double[] colAbs = new double[cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                colAbs[j] += Math.abs(data[i * cols + j]);
            }
        }
        double max = 0;
        for (double v : colAbs) {
            max = Math.max(max, v);
        }
        return max;
    }

    /**
     * Induced infinity-norm: the largest row sum of absolute values.
     *
     * @return the infinity-norm
     */
    public double normInf() {
        double max = 0;
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0; j < cols; j++) {
                s += Math.abs(data[i * cols + j]);
            }
            max = Math.max(max, s);
        }
        return max;
    }

    /**
     * Largest absolute element (0 for an empty matrix; NaN if any element is NaN).
     *
     * @return the largest absolute element
     */
    public double maxAbs() {
        double max = 0;
        for (double v : data) {
            double a = Math.abs(v);
            if (!(a <= max)) {
                max = a;
            }
        }
        return max;
    }

    /** {@return true if every element is finite (no NaN, no infinity)} */
    public boolean isFinite() {
        for (double v : data) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- comparison

    /**
     * {@return true if the shapes match and every element differs from {@code other}'s by at most
     * {@code tolerance} (absolute)} NaN is never within any tolerance.
     *
     * @param other the matrix to compare with
     * @param tolerance the largest absolute difference allowed
     */
    public boolean equalsWithin(Matrix other, double tolerance) {
        if (rows != other.rows || cols != other.cols) {
            return false;
        }
        for (int k = 0; k < data.length; k++) {
            if (!(Math.abs(data[k] - other.data[k]) <= tolerance)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Exact equality of shape and of every element (as {@link Double#compare}).
     *
     * @param o the object to compare with
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Matrix m && rows == m.rows && cols == m.cols
                && Arrays.equals(data, m.data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * rows + cols) + Arrays.hashCode(data);
    }

    /**
     * A compact, readable rendering: every element for matrices up to 8 x 8, otherwise the
     * corners with the elided parts marked.
     */
    @Override
    public String toString() {
        final int shown = 4;
        StringBuilder sb = new StringBuilder("Matrix ").append(shape());
        boolean rowsElided = rows > 2 * shown;
        boolean colsElided = cols > 2 * shown;
        for (int i = 0; i < rows; i++) {
            if (rowsElided && i == shown) {
                sb.append("\n  ...");
                i = rows - shown - 1;
                continue;
            }
            sb.append("\n  [");
            for (int j = 0; j < cols; j++) {
                if (colsElided && j == shown) {
                    sb.append(" ...");
                    j = cols - shown - 1;
                    continue;
                }
                sb.append(String.format(" %11.4g", data[i * cols + j]));
            }
            sb.append(" ]");
        }
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    void requireSameShape(Matrix other, String operation) {
        if (rows != other.rows || cols != other.cols) {
            throw new IllegalArgumentException(operation + ": shapes " + shape() + " and "
                    + other.shape() + " differ");
        }
    }

    private static long checkedSize(int rows, int cols) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("negative dimension: " + rows + "x" + cols);
        }
        long size = (long) rows * cols;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(rows + "x" + cols
                    + " is too large for one Java array");
        }
        return size;
    }

    /** The element function of {@link #generate}. */
    @FunctionalInterface
    public interface ElementFunction {
        /**
         * {@return the value of element (i, j)}
         *
         * @param i the row index
         * @param j the column index
         */
        double at(int i, int j);
    }
}
