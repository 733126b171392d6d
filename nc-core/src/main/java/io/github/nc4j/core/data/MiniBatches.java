package io.github.nc4j.core.data;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Seeded mini-batches over a {@link LabeledData}: every epoch visits each sample once, in an
 * order that is a uniformly random permutation determined by {@code (seed, epoch)} alone.
 *
 * <p>Because an epoch's order does not depend on which epochs ran before, training resumed at
 * epoch e, or run on another thread count, sees exactly the same batches. Batch b of an epoch
 * holds {@code order[b * batchSize .. min((b + 1) * batchSize, N))}; the last one is smaller
 * when {@code batchSize} does not divide N.
 *
 * <p>The permutation is a Fisher–Yates shuffle (Knuth, TAOCP vol. 2, Algorithm 3.4.2 P) driven
 * by {@link Random}, whose generator is fixed by its specification, so orders are the same on
 * every JVM.
 */
public final class MiniBatches {

    private final LabeledData data;
    private final int batchSize;
    private final long seed;

    private MiniBatches(LabeledData data, int batchSize, long seed) {
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
    }

    /**
     * {@return mini-batches of {@code batchSize} samples of {@code data}}
     *
     * @param data the data set
     * @param batchSize the number of samples per batch (the last batch of an epoch may be smaller)
     * @param seed the seed of the visiting orders
     * @throws IllegalArgumentException if {@code batchSize < 1}
     */
    public static MiniBatches of(LabeledData data, int batchSize, long seed) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        return new MiniBatches(data, batchSize, seed);
    }

    /** {@return the number of samples per full batch} */
    public int batchSize() {
        return batchSize;
    }

    /** {@return {@code ceil(N / batchSize)}: the number of batches in one epoch} */
    public int batchesPerEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /**
     * {@return the visiting order of {@code epoch}: a permutation of {@code 0..N-1}} O(N).
     *
     * @param epoch the epoch, from 0
     */
    public int[] order(long epoch) {
        return permutation(data.size(), seed, epoch);
    }

    /**
     * {@return the batches of {@code epoch} in order, each copied from the data when the iterator
     * reaches it (so one epoch never holds more than one batch in memory on its own account)}
     *
     * @param epoch the epoch, from 0
     */
    public Iterable<LabeledData> epoch(long epoch) {
        int[] order = order(epoch);
        return () -> new Iterator<>() {
            private int from = 0;

            @Override
            public boolean hasNext() {
                return from < order.length;
            }

            @Override
            public LabeledData next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("epoch " + epoch + " has "
                            + batchesPerEpoch() + " batches");
                }
                int to = Math.min(from + batchSize, order.length);
                LabeledData batch = data.batch(order, from, to);
                from = to;
                return batch;
            }
        };
    }

    /**
     * {@return a uniformly random permutation of {@code 0..n-1} that depends only on
     * {@code (seed, stream)}: different streams (epochs, say) give independent permutations}
     *
     * @param n the number of elements
     * @param seed the seed
     * @param stream the stream, such as the epoch
     */
    public static int[] permutation(int n, long seed, long stream) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        Random random = new Random(mix(seed, stream));
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /**
     * Combines two longs into a well-spread seed with the SplitMix64 finalizer (Steele, Lea and
     * Flood, "Fast splittable pseudorandom number generators", OOPSLA 2014), so that nearby
     * (seed, stream) pairs do not give correlated {@link Random} sequences.
     */
    static long mix(long seed, long stream) {
        long z = seed + 0x9E3779B97F4A7C15L * (stream + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
