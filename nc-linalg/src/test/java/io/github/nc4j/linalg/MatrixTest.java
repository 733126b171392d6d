package io.github.nc4j.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class MatrixTest {

    private final Matrix a = Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}});

    @Test
    void wrapSharesTheArrayAndChecksItsLength() {
        double[] data = {1, 2, 3, 4, 5, 6};
        Matrix m = Matrix.wrap(2, 3, data);
        assertSame(data, m.data());
        data[4] = 50;
        assertEquals(50, m.get(1, 1));
        var e = assertThrows(IllegalArgumentException.class, () -> Matrix.wrap(2, 2, data));
        assertTrue(e.getMessage().contains("2x2") && e.getMessage().contains("6"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.wrap(-1, 2, new double[0]));
    }

    @Test
    void factories() {
        assertEquals(Matrix.of(new double[][] {{1, 0}, {0, 1}}), Matrix.identity(2));
        assertEquals(Matrix.of(new double[][] {{2, 0}, {0, 3}}), Matrix.diagonal(2, 3));
        assertEquals(Matrix.of(new double[][] {{7, 7}}), Matrix.filled(1, 2, 7));
        assertEquals(Matrix.of(new double[][] {{0, 1}, {10, 11}}),
                Matrix.generate(2, 2, (i, j) -> 10 * i + j));
        assertEquals(Matrix.columnVector(1, 2), Matrix.rowVector(1, 2).transpose());
        assertEquals(0, Matrix.zeros(0, 5).size());
        assertEquals(Matrix.gaussian(3, 4, new Random(5)), Matrix.gaussian(3, 4, new Random(5)));
        assertThrows(IllegalArgumentException.class,
                () -> Matrix.of(new double[][] {{1, 2}, {3}}));
    }

    @Test
    void elementAccessIsBoundsChecked() {
        assertEquals(6, a.get(1, 2));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> a.get(2, 0));
        assertTrue(e.getMessage().contains("2x3"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> a.get(0, 3));
        Matrix m = a.copy();
        m.set(0, 0, -1);
        assertEquals(-1, m.get(0, 0));
        assertEquals(1, a.get(0, 0), "copy is independent");
    }

    @Test
    void productsAndTransposes() {
        Matrix b = Matrix.of(new double[][] {{1, 0}, {0, 1}, {1, 1}});
        assertEquals(Matrix.of(new double[][] {{4, 5}, {10, 11}}), a.times(b));
        assertEquals(Matrix.of(new double[][] {{17, 22, 27}, {22, 29, 36}, {27, 36, 45}}),
                a.transposeTimes(a));
        assertEquals(Matrix.of(new double[][] {{14, 32}, {32, 77}}), a.timesTranspose(a));
        assertEquals(a.transposeTimes(a), a.gram());
        assertEquals(a.timesTranspose(a), a.outerGram());
        assertArrayEquals(new double[] {14, 32}, a.times(new double[] {1, 2, 3}));
        assertEquals(Matrix.of(new double[][] {{1, 4}, {2, 5}, {3, 6}}), a.transpose());
        Matrix big = Matrix.gaussian(37, 70, new Random(1));
        assertEquals(big, big.transpose().transpose());
        assertEquals(big.get(20, 65), big.transpose().get(65, 20));
    }

    @Test
    void elementwiseOperations() {
        assertEquals(Matrix.of(new double[][] {{2, 4, 6}, {8, 10, 12}}), a.plus(a));
        assertEquals(Matrix.zeros(2, 3), a.minus(a));
        assertEquals(a.scale(2), a.plus(a));
        assertEquals(Matrix.of(new double[][] {{1, 4, 9}, {16, 25, 36}}), a.elementTimes(a));
        assertEquals(Matrix.filled(2, 3, 1), a.elementDivide(a));
        assertEquals(Matrix.of(new double[][] {{2, 3, 4}, {5, 6, 7}}), a.plus(1));
        assertEquals(a.elementTimes(a), a.map(x -> x * x));
        assertEquals(Matrix.of(new double[][] {{11, 22, 33}, {14, 25, 36}}),
                a.plusRow(Matrix.rowVector(10, 20, 30)));
        Matrix m = a.copy();
        m.plusInPlace(a).scaleInPlace(0.5);
        assertEquals(a, m);
        var e = assertThrows(IllegalArgumentException.class, () -> a.plus(a.transpose()));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x2"));
        assertThrows(IllegalArgumentException.class, () -> a.plusRow(Matrix.rowVector(1, 2)));
    }

    @Test
    void reductionsAndNorms() {
        assertEquals(21, a.sum());
        assertEquals(6, a.trace());
        assertEquals(Matrix.rowVector(5, 7, 9), a.columnSums());
        assertEquals(Matrix.columnVector(6, 15), a.rowSums());
        assertEquals(Matrix.rowVector(2.5, 3.5, 4.5), a.columnMeans());
        assertEquals(Matrix.columnVector(2, 5), a.rowMeans());
        assertEquals(Math.sqrt(91), a.normFrobenius(), 1e-15 * Math.sqrt(91));
        assertEquals(9, a.norm1());
        assertEquals(15, a.normInf());
        assertEquals(6, a.maxAbs());
        assertTrue(a.isFinite());
        assertFalse(Matrix.rowVector(1, Double.NaN).isFinite());
        assertTrue(Double.isNaN(Matrix.rowVector(1, Double.NaN).maxAbs()));
        assertEquals(1e300 * Math.sqrt(2), Matrix.rowVector(1e300, 1e300).normFrobenius(), 1e285);
    }

    @Test
    void slicingAndConcatenation() {
        assertEquals(Matrix.rowVector(4, 5, 6), a.row(1));
        assertEquals(Matrix.columnVector(2, 5), a.column(1));
        assertEquals(Matrix.of(new double[][] {{2, 3}, {5, 6}}), a.columnRange(1, 3));
        assertEquals(Matrix.rowVector(4, 5, 6), a.rowRange(1, 2));
        assertEquals(Matrix.of(new double[][] {{5}}), a.slice(1, 2, 1, 2));
        assertEquals(Matrix.of(new double[][] {{4, 5, 6}, {1, 2, 3}, {4, 5, 6}}),
                a.selectRows(1, 0, 1));
        assertEquals(Matrix.of(new double[][] {{1, 2, 3}, {4, 5, 6}, {1, 2, 3}, {4, 5, 6}}),
                Matrix.concatRows(a, a));
        assertEquals(Matrix.of(new double[][] {{1, 2, 3, 1}, {4, 5, 6, 4}}),
                Matrix.concatColumns(a, a.column(0)));
        Matrix m = Matrix.zeros(3, 4);
        m.setSlice(1, 1, a);
        assertEquals(a, m.slice(1, 3, 1, 4));
        assertEquals(0, m.get(0, 0));
        assertArrayEquals(new double[] {1, 5}, a.diagonalValues());
        assertEquals(a, a.reshape(3, 2).reshape(2, 3));
        assertThrows(IndexOutOfBoundsException.class, () -> a.slice(0, 3, 0, 1));
        var e = assertThrows(IndexOutOfBoundsException.class, () -> m.setSlice(2, 0, a));
        assertTrue(e.getMessage().contains("2x3") && e.getMessage().contains("3x4"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Matrix.concatRows(a, a.transpose()));
        assertThrows(IllegalArgumentException.class, () -> a.reshape(4, 2));
    }

    @Test
    void equalityAndToString() {
        assertEquals(a, a.copy());
        assertEquals(a.hashCode(), a.copy().hashCode());
        assertNotEquals(a, a.reshape(3, 2));
        assertTrue(a.equalsWithin(a.plus(1e-9), 1e-8));
        assertFalse(a.equalsWithin(a.plus(1e-7), 1e-8));
        assertFalse(a.equalsWithin(a.transpose(), 1));
        assertTrue(a.toString().startsWith("Matrix 2x3"), a.toString());
        assertTrue(a.toString().contains("6.000"), a.toString());
        String big = Matrix.zeros(100, 100).toString();
        assertTrue(big.contains("...") && big.lines().count() < 12, big);
    }
}
