package io.github.nc4j.linalg.internal;

import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of one computation on the library's worker threads.
 *
 * <p>A job's parts are claimed, one at a time, by whoever is free: the calling thread runs part
 * 0 and then claims every part no worker has taken, so a job always finishes even when every
 * worker is busy elsewhere, and a part may itself call {@link #forEach} (a factorization calling
 * GEMM from a worker) without deadlock. A thread only ever waits for parts that another thread
 * is running.
 *
 * <p>Idle workers spin for {@link #SPIN_NANOS} before they park, because waking a parked thread
 * costs about as much as a small product: the kernels of a training step run back to back, and
 * a spinning worker takes the next job at once. That keeps a hand-off cheap enough for small
 * products to be split; with a pool whose threads park, far larger products had to stay on one
 * thread.
 */
public final class Workers {

    /** How long an idle worker, or a caller waiting for parts, polls before parking. */
    static final long SPIN_NANOS = 50_000;

    /** Jobs that may still have unclaimed parts, oldest first. */
    private static final ConcurrentLinkedQueue<Job> OPEN = new ConcurrentLinkedQueue<>();

    /** The workers started so far; replaced, never changed, so that a job reads it unlocked. */
    private static volatile Worker[] workers = new Worker[0];

    private Workers() {
    }

    /**
     * Runs {@code body.accept(part)} for every {@code part < parts}, part 0 on the calling thread
     * and the rest on whichever threads claim them first (the calling thread included), and
     * returns when all are done. The first exception or error of any part is rethrown, with those
     * of other parts suppressed, after every part has finished.
     */
    public static void forEach(int parts, IntConsumer body) {
        if (parts <= 1) {
            if (parts == 1) {
                body.accept(0);
            }
            return;
        }
        Job job = new Job(body, parts, Thread.currentThread());
        OPEN.add(job);
        wake(parts - 1);
        job.run(0);
        job.runUnclaimed();
        OPEN.remove(job);
        job.awaitParts();
        job.rethrowFailure();
    }

    /**
     * Makes sure {@code count} workers exist (never more than {@link ThreadSetting#threads()} - 1)
     * and unparks up to {@code count} of those that are parked.
     */
    private static void wake(int count) {
        int wanted = Math.min(count, ThreadSetting.threads() - 1);
        Worker[] started = workers;
        if (started.length < wanted) {
            started = startWorkers(wanted);
        }
        int woken = 0;
        for (int i = 0; i < started.length && woken < wanted; i++) {
            if (started[i].parked) {
                LockSupport.unpark(started[i].thread);
                woken++;
            }
        }
    }

    private static synchronized Worker[] startWorkers(int count) {
        Worker[] started = workers;
        if (started.length < count) {
            started = Arrays.copyOf(started, count);
            for (int i = workers.length; i < count; i++) {
                started[i] = new Worker(i);
                started[i].thread.start();
            }
            workers = started;
        }
        return started;
    }

    /** A job of {@link #forEach}: parts are claimed through {@code nextPart}. */
    private static final class Job {
        private final IntConsumer body;
        private final int parts;
        private final Thread caller;
        private final AtomicInteger nextPart = new AtomicInteger(1);
        private final AtomicInteger unfinished;
        private volatile boolean callerParked;
        private Throwable failure;

        Job(IntConsumer body, int parts, Thread caller) {
            this.body = body;
            this.parts = parts;
            this.caller = caller;
            this.unfinished = new AtomicInteger(parts);
        }

        /** Claims a part nobody has taken yet; -1 once every part has been claimed. */
        int claim() {
            int part = nextPart.getAndIncrement();
            return part < parts ? part : -1;
        }

        void runUnclaimed() {
            for (int part = claim(); part >= 0; part = claim()) {
                run(part);
            }
        }

        void run(int part) {
            try {
                body.accept(part);
            } catch (RuntimeException | Error e) {
                recordFailure(e);
            }
            if (unfinished.decrementAndGet() == 0 && callerParked) {
                LockSupport.unpark(caller);
            }
        }

        private synchronized void recordFailure(Throwable e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }

        /** Waits until the parts other threads claimed have finished. */
        void awaitParts() {
            long deadline = System.nanoTime() + SPIN_NANOS;
            while (unfinished.get() > 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            if (unfinished.get() > 0) {
                callerParked = true;
                while (unfinished.get() > 0) {
                    LockSupport.park(this);
                }
                callerParked = false;
            }
        }

        synchronized void rethrowFailure() {
            if (failure instanceof RuntimeException e) {
                throw e;
            }
            if (failure instanceof Error e) {
                throw e;
            }
        }
    }

    /** A daemon thread that claims parts of open jobs, spinning a while before it parks. */
    private static final class Worker implements Runnable {
        private final Thread thread;
        private volatile boolean parked;

        Worker(int index) {
            thread = new Thread(this, "nc4j-worker-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            while (true) {
                if (claimAny()) {
                    continue;
                }
                long deadline = System.nanoTime() + SPIN_NANOS;
                while (OPEN.isEmpty() && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                if (OPEN.isEmpty()) {
                    // Announce the park before the last look, so that a job added after that
                    // look sees the flag and unparks this thread.
                    parked = true;
                    if (OPEN.isEmpty()) {
                        LockSupport.park(this);
                    }
                    parked = false;
                }
            }
        }

        /** Runs one part of the oldest open job that has one; false if none had. */
        private static boolean claimAny() {
            for (Job job : OPEN) {
                int part = job.claim();
                if (part >= 0) {
                    job.run(part);
                    return true;
                }
                OPEN.remove(job);
            }
            return false;
        }
    }
}
