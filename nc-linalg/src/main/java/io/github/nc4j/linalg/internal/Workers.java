package io.github.nc4j.linalg.internal;

import io.github.nc4j.linalg.Parallelism;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.function.IntConsumer;

/**
 * Runs independent pieces of one computation on the library's worker threads: a daemon
 * {@link ForkJoinPool} sized by {@link Parallelism#threads()}, rebuilt when that setting changes.
 * A fork-join pool, because a task may itself fork (a blocked factorization calling GEMM from a
 * worker): joining threads then help run the queued work instead of blocking.
 */
public final class Workers {

    private static ForkJoinPool pool;

    private Workers() {
    }

    /**
     * Runs {@code body.accept(part)} for every {@code part < parts}, part 0 on the calling thread
     * and the rest on workers, and returns when all are done. An exception from any part is
     * rethrown after every part has finished.
     */
    public static void forEach(int parts, IntConsumer body) {
        if (parts <= 1) {
            if (parts == 1) {
                body.accept(0);
            }
            return;
        }
        ForkJoinPool workers = pool();
        ForkJoinTask<?>[] forks = new ForkJoinTask<?>[parts - 1];
        for (int part = 1; part < parts; part++) {
            int p = part;
            forks[part - 1] = workers.submit(() -> body.accept(p));
        }
        RuntimeException failure = null;
        try {
            body.accept(0);
        } catch (RuntimeException e) {
            failure = e;
        }
        for (ForkJoinTask<?> fork : forks) {
            try {
                fork.join();
            } catch (RuntimeException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static synchronized ForkJoinPool pool() {
        int wanted = Parallelism.threads();
        if (pool == null || pool.getParallelism() != wanted) {
            if (pool != null) {
                pool.shutdown();
            }
            pool = new ForkJoinPool(wanted, p -> {
                var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(p);
                thread.setName("nc4j-worker-" + thread.getPoolIndex());
                thread.setDaemon(true);
                return thread;
            }, null, false);
        }
        return pool;
    }
}
