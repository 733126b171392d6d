package io.github.nc4j.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MiniBatchesTest {

    private static LabeledData indexed(int n) {
        int[] labels = new int[n];
        Arrays.setAll(labels, i -> i % 2);
        return LabeledData.of(Matrix.generate(n, 1, (i, j) -> i), labels, 2);
    }

    @Property(tries = 200)
    void permutationsArePermutationsDeterminedBySeedAndStream(
            @ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed, @ForAll long stream) {
        int[] p = MiniBatches.permutation(n, seed, stream);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i]);
        }
        assertArrayEquals(p, MiniBatches.permutation(n, seed, stream));
    }

    @Property(tries = 100)
    void everyEpochVisitsEachSampleOnceInBatchesOfTheGivenSize(
            @ForAll @IntRange(min = 0, max = 97) int n, @ForAll @IntRange(min = 1, max = 20) int size,
            @ForAll @IntRange(min = 0, max = 5) int epoch) {
        MiniBatches batches = MiniBatches.of(indexed(n), size, 11);
        boolean[] seen = new boolean[n];
        int count = 0;
        int[] order = batches.order(epoch);
        int position = 0;
        for (LabeledData batch : batches.epoch(epoch)) {
            count++;
            int expected = Math.min(size, n - (count - 1) * size);
            assertEquals(expected, batch.size());
            for (int r = 0; r < batch.size(); r++) {
                int i = (int) batch.features().get(r, 0);
                assertEquals(order[position++], i);
                assertFalse(seen[i]);
                seen[i] = true;
                assertEquals(i % 2, batch.label(r));
            }
        }
        assertEquals(batches.batchesPerEpoch(), count);
        assertEquals(n, position);
    }

    @Test
    void epochsDifferAndDoNotDependOnEachOther() {
        MiniBatches a = MiniBatches.of(indexed(50), 8, 3);
        MiniBatches b = MiniBatches.of(indexed(50), 5, 3); // batch size does not change orders
        assertArrayEquals(a.order(4), b.order(4));
        assertFalse(Arrays.equals(a.order(0), a.order(1)));
        assertFalse(Arrays.equals(a.order(0), MiniBatches.of(indexed(50), 8, 4).order(0)));
    }

    /**
     * Uniformity: the 6 permutations of 3 elements, 6000 fixed draws (streams 0..5999). Pearson's
     * statistic has 5 degrees of freedom; P(chi^2_5 > 20.52) = 0.001, and the draws are fixed,
     * so this either always passes or always fails.
     */
    @Test
    void permutationsOfThreeAreUniform() {
        Map<String, Integer> counts = new HashMap<>();
        int draws = 6000;
        for (int s = 0; s < draws; s++) {
            counts.merge(Arrays.toString(MiniBatches.permutation(3, 99, s)), 1, Integer::sum);
        }
        assertEquals(6, counts.size());
        double expected = draws / 6.0;
        double chi2 = counts.values().stream()
                .mapToDouble(c -> (c - expected) * (c - expected) / expected).sum();
        assertTrue(chi2 < 20.52, "chi^2 = " + chi2 + " for " + counts);
    }

    @Test
    void rejectsNonPositiveBatchSizeAndOverrunningIterators() {
        assertThrows(IllegalArgumentException.class, () -> MiniBatches.of(indexed(3), 0, 1));
        Iterator<LabeledData> it = MiniBatches.of(indexed(3), 5, 1).epoch(0).iterator();
        it.next();
        assertFalse(it.hasNext());
        assertThrows(NoSuchElementException.class, it::next);
    }
}
