package io.github.nc4j.core.data;

import static io.github.nc4j.core.data.IdxTest.assertMentions;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LabeledDataTest {

    /** Row i is (i, 10 i); labels cycle 0, 1, 2, 0, 1, 2, 0 ... */
    private static LabeledData sample(int n) {
        Matrix x = Matrix.generate(n, 2, (i, j) -> j == 0 ? i : 10 * i);
        int[] y = new int[n];
        Arrays.setAll(y, i -> i % 3);
        return LabeledData.of(x, y, 3);
    }

    @Test
    void exposesShapesCountsAndLabels() {
        LabeledData d = sample(7);
        assertEquals(7, d.size());
        assertEquals(2, d.dimension());
        assertEquals(3, d.numClasses());
        assertArrayEquals(new int[] {3, 2, 2}, d.classCounts());
        assertArrayEquals(new int[] {1, 4}, d.indicesOfClass(1));
        assertEquals(2, d.label(5));
        int[] labels = d.labels();
        labels[0] = 2;
        assertEquals(0, d.label(0), "labels() must be a copy");
    }

    @Test
    void aClassSubsetKeepsItsSamplesInOrderRelabeledByPosition() {
        Matrix x = Matrix.of(new double[][] {{0}, {1}, {2}, {3}, {4}, {5}});
        LabeledData data = LabeledData.of(x, new int[] {0, 6, 3, 6, 0, 1}, 7);
        LabeledData binary = data.ofClasses(6, 0);
        assertEquals(2, binary.numClasses());
        assertArrayEquals(new int[] {1, 0, 0, 1}, binary.labels());
        assertEquals(Matrix.of(new double[][] {{0}, {1}, {3}, {4}}), binary.features());
        assertThrows(IllegalArgumentException.class, () -> data.ofClasses(0));
        assertThrows(IllegalArgumentException.class, () -> data.ofClasses(0, 0));
        assertThrows(IllegalArgumentException.class, () -> data.ofClasses(0, 7));
    }

    @Test
    void inferredClassCountIsOnePlusTheLargestLabel() {
        assertEquals(5, LabeledData.of(Matrix.zeros(2, 1), new int[] {4, 0}).numClasses());
        assertEquals(1, LabeledData.of(Matrix.zeros(0, 3), new int[0]).numClasses());
    }

    @Test
    void rejectsInconsistentInputWithClearMessages() {
        Matrix x = Matrix.zeros(3, 2);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> LabeledData.of(x, new int[] {0, 1}, 2)), "3x2", "2 labels");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> LabeledData.of(x, new int[] {0, 1, 2}, 2)), "sample 2", "0..1");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> LabeledData.of(x, new int[] {0, -1, 0}, 2)), "sample 1", "-1");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> LabeledData.of(x, new int[] {0, 0, 0}, 0)), "numClasses");
        Matrix nan = Matrix.zeros(3, 2);
        nan.set(2, 1, Double.NaN);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> LabeledData.of(nan, new int[] {0, 0, 0}, 1)), "(2, 1)", "NaN");
        Matrix inf = Matrix.zeros(3, 2);
        inf.set(0, 0, Double.NEGATIVE_INFINITY);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> LabeledData.of(inf, new int[] {0, 0, 0}, 1)), "(0, 0)", "Infinity");
    }

    @Test
    void subsetsAndBatchesCopyTheChosenRowsInOrder() {
        LabeledData d = sample(7);
        LabeledData s = d.subset(6, 0, 4);
        assertEquals(Matrix.of(new double[][] {{6, 60}, {0, 0}, {4, 40}}), s.features());
        assertArrayEquals(new int[] {0, 0, 1}, s.labels());
        assertEquals(3, s.numClasses());
        s.features().set(0, 0, -1);
        assertEquals(6, d.features().get(6, 0), "subset must copy");

        int[] order = {3, 1, 5, 0};
        LabeledData b = d.batch(order, 1, 3);
        assertArrayEquals(new int[] {1, 2}, b.labels());
        assertEquals(5, b.features().get(1, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> d.subset(7));
    }

    @Test
    void copyBatchIntoFillsReusedBuffersWithoutTouchingTheRest() {
        LabeledData d = sample(7);
        Matrix buffer = Matrix.filled(4, 2, -9);
        int[] labels = {-9, -9, -9, -9};
        d.copyBatchInto(new int[] {2, 6, 3}, 0, 3, buffer, labels);
        assertEquals(Matrix.of(new double[][] {{2, 20}, {6, 60}, {3, 30}, {-9, -9}}), buffer);
        assertArrayEquals(new int[] {2, 0, 0, -9}, labels);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> d.copyBatchInto(new int[] {1, 2, 3, 4, 5}, 0, 5, buffer, new int[5])),
                "5 samples", "4x2");
    }

    @Test
    void subsampleDrawsExactClassSizesReproduciblyAndNested() {
        LabeledData d = sample(300); // 100 per class
        LabeledData s = d.subsample(new int[] {50, 10, 1}, 7);
        assertArrayEquals(new int[] {50, 10, 1}, s.classCounts());
        assertEquals(s.features(), d.subsample(new int[] {50, 10, 1}, 7).features());
        assertNotEquals(s.features(), d.subsample(new int[] {50, 10, 1}, 8).features());

        // Original order kept: feature column 0 is the original index, so it increases.
        double[] index = s.features().column(0).data();
        for (int r = 1; r < index.length; r++) {
            assertTrue(index[r] > index[r - 1]);
        }
        // Nested: the 50 picks of class 0 contain the 20 picks made with a smaller size.
        Set<Double> large = originalIndices(s, 0);
        Set<Double> small = originalIndices(d.subsample(new int[] {20, 10, 1}, 7), 0);
        assertTrue(large.containsAll(small));
        // Class 1's draw does not depend on class 0's size.
        assertEquals(originalIndices(s, 1),
                originalIndices(d.subsample(new int[] {20, 10, 1}, 7), 1));
    }

    @Test
    void subsampleRejectsImpossibleSizes() {
        LabeledData d = sample(9);
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> d.subsample(new int[] {1, 4, 1}, 0)), "class 1 has 3 samples, 4 requested");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> d.subsample(new int[] {1, 1}, 0)), "2 class sizes", "3 classes");
        assertMentions(assertThrows(IllegalArgumentException.class,
                () -> d.subsample(new int[] {1, -1, 1}, 0)), "class 1", "-1 requested");
    }

    private static Set<Double> originalIndices(LabeledData s, int k) {
        Set<Double> out = new HashSet<>();
        for (int i : s.indicesOfClass(k)) {
            out.add(s.features().get(i, 0));
        }
        return out;
    }
}
