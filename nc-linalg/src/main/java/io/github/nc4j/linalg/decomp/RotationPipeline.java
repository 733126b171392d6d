package io.github.nc4j.linalg.decomp;

import io.github.nc4j.linalg.Parallelism;
import io.github.nc4j.linalg.internal.Workers;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Runs a QR iteration on the calling thread while other threads apply its rotations: the
 * iteration records a batch into one set of {@link RotationLog}s while the previous batch, in a
 * second set, is applied strip by strip by the workers (and by the calling thread whenever it
 * has to wait). Targets too small to share out are applied by the calling thread alone, each
 * batch as it is published, with one set of logs. The sweeps themselves are serial, about a fifth of the work of the vector
 * updates for the SVD; this way they cost no extra time when a second core is free.
 *
 * <p>Batches are applied in the order they were recorded (a batch is finished before the next is
 * published), and each strip's arithmetic is the same whoever applies it, so results do not
 * depend on the thread count. The calling thread claims any strip that is still free, so the
 * iteration's progress never depends on a worker having started.
 */
final class RotationPipeline {

    /**
     * Elements of the targets (rows times columns, summed) below which the calling thread
     * applies every batch itself: a batch would then hold too little work to hand over.
     */
    private static final long PARALLEL_SIZE = 1L << 16;

    private final RotationLog[] recording;
    private RotationLog[] spare;
    private final int parts;
    private volatile Batch published;
    private volatile boolean done;

    /** One log per target in each set; {@code first[i]} and {@code second[i]} share a target. */
    private RotationPipeline(RotationLog[] first, RotationLog[] second, int parts) {
        this.recording = first.clone();
        this.spare = second;
        this.parts = parts;
    }

    /**
     * Runs {@code iteration} with a pipeline over the given targets (row-major blocks: array,
     * offset, leading dimension, rows, columns, as for {@link RotationLog}), then applies what is
     * left and returns. The iteration records through {@link #log} and calls {@link #publish}
     * when a log is full.
     */
    static void run(Target[] targets, Consumer<RotationPipeline> iteration) {
        long size = 0;
        for (Target t : targets) {
            size += (long) t.rows * t.cols;
        }
        int parts = size < PARALLEL_SIZE ? 1 : Parallelism.threads();
        RotationLog[] first = logs(targets);
        // On one thread a batch is applied as soon as it is published: one set of logs serves.
        RotationLog[] second = parts == 1 ? first : logs(targets);
        RotationPipeline pipeline = new RotationPipeline(first, second, parts);
        Workers.forEach(parts, part -> {
            if (part == 0) {
                try {
                    iteration.accept(pipeline);
                    pipeline.publish();
                    pipeline.finishPublished();
                } finally {
                    pipeline.stop();
                }
            } else {
                pipeline.help();
            }
        });
    }

    private static RotationLog[] logs(Target[] targets) {
        RotationLog[] logs = new RotationLog[targets.length];
        for (int i = 0; i < targets.length; i++) {
            Target t = targets[i];
            logs[i] = new RotationLog(t.x, t.off, t.ld, t.rows, t.cols);
        }
        return logs;
    }

    /** A row-major block of vectors (one per row) that rotations are applied to. */
    record Target(double[] x, int off, int ld, int rows, int cols) {

        void negateRow(int i) {
            Rows.negate(x, off, ld, cols, i);
        }

        void swapRows(int i, int k) {
            Rows.swap(x, off, ld, cols, i, k);
        }
    }

    /** The log currently recording rotations for target {@code i}. */
    RotationLog log(int i) {
        return recording[i];
    }

    /**
     * Hands the recorded rotations over for application and starts a new batch; returns once the
     * previous batch is fully applied (with the caller's help), so that its logs can be reused.
     */
    void publish() {
        finishPublished();
        RotationLog[] full = recording.clone();
        for (int i = 0; i < recording.length; i++) {
            recording[i] = spare[i];
        }
        spare = full;
        Batch batch = new Batch(full);
        if (parts == 1) {
            batch.work();
            batch.finish();
            return;
        }
        synchronized (this) {
            published = batch;
            notifyAll();
        }
    }

    /** Applies what is left of the published batch, waits for strips in progress, retires it. */
    private void finishPublished() {
        Batch batch = published;
        if (batch == null) {
            return;
        }
        batch.work();
        // Strips still in progress take well under a millisecond; on a busy machine their
        // thread may have been descheduled, so stop spinning after a while and yield the core.
        for (int spins = 0; batch.finished.get() < batch.strips; spins++) {
            if (spins < 10_000) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        if (batch.failure != null) {
            throw new IllegalStateException("applying rotations failed on a worker thread",
                    batch.failure);
        }
        batch.finish();
        published = null;
    }

    private void stop() {
        synchronized (this) {
            done = true;
            notifyAll();
        }
    }

    /** A worker's loop: apply strips of each published batch until the iteration is done. */
    private void help() {
        Batch last = null;
        while (true) {
            Batch batch;
            synchronized (this) {
                while (true) {
                    if (done) {
                        return;
                    }
                    // Read once: the caller may retire the batch (set null) at any moment.
                    Batch current = published;
                    if (current != null && current != last) {
                        batch = current;
                        break;
                    }
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            // A batch already retired has no strips left to claim, so this is then a no-op.
            batch.work();
            last = batch;
        }
    }

    /** The strips of one batch of logs, claimed one at a time by whoever is free. */
    private static final class Batch {
        private final RotationLog[] logs;
        private final int strips;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger finished = new AtomicInteger();
        /** The first exception of any strip; a failed strip still counts as finished. */
        private volatile Throwable failure;

        Batch(RotationLog[] logs) {
            this.logs = logs;
            int count = 0;
            for (RotationLog log : logs) {
                if (log.strips() > 0) {
                    log.prepare();
                }
                count += log.strips();
            }
            this.strips = count;
        }

        void work() {
            for (int strip = next.getAndIncrement(); strip < strips;
                 strip = next.getAndIncrement()) {
                try {
                    int local = strip;
                    for (RotationLog log : logs) {
                        if (local < log.strips()) {
                            log.applyToStrip(local);
                            break;
                        }
                        local -= log.strips();
                    }
                } catch (RuntimeException | Error e) {
                    if (failure == null) {
                        failure = e;
                    }
                } finally {
                    finished.incrementAndGet();
                }
            }
        }

        void finish() {
            for (RotationLog log : logs) {
                log.clear();
            }
        }
    }
}
