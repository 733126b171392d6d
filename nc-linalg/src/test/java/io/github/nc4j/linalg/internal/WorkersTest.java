package io.github.nc4j.linalg.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.nc4j.linalg.Parallelism;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every part of a job runs exactly once, part 0 on the caller; nested and concurrent jobs finish
 * (a deadlock would trip the timeouts); failures reach the caller after every part is done.
 */
class WorkersTest {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    private final int savedThreads = Parallelism.threads();

    @AfterEach
    void restoreThreads() {
        Parallelism.setThreads(savedThreads);
    }

    @ParameterizedTest(name = "{0} parts")
    @ValueSource(ints = {0, 1, 2, 3, 17, 64})
    void everyPartRunsOnceAndPartZeroOnTheCaller(int parts) {
        Parallelism.setThreads(4);
        AtomicIntegerArray runs = new AtomicIntegerArray(parts);
        Thread[] callerAndPartZero = new Thread[2];
        assertTimeoutPreemptively(LIMIT, () -> {
            callerAndPartZero[0] = Thread.currentThread();
            Workers.forEach(parts, part -> {
                runs.incrementAndGet(part);
                if (part == 0) {
                    callerAndPartZero[1] = Thread.currentThread();
                }
            });
        });
        for (int part = 0; part < parts; part++) {
            assertEquals(1, runs.get(part), "runs of part " + part);
        }
        if (parts > 0) {
            assertSame(callerAndPartZero[0], callerAndPartZero[1]);
        }
    }

    /** Parts that start jobs of their own, three levels deep, while all workers are busy. */
    @Test
    void nestedJobsFinish() {
        Parallelism.setThreads(3);
        AtomicIntegerArray leaves = new AtomicIntegerArray(5 * 5 * 5);
        assertTimeoutPreemptively(LIMIT, () -> Workers.forEach(5, i ->
                Workers.forEach(5, j ->
                        Workers.forEach(5, k -> leaves.incrementAndGet((i * 5 + j) * 5 + k)))));
        for (int leaf = 0; leaf < leaves.length(); leaf++) {
            assertEquals(1, leaves.get(leaf), "runs of leaf " + leaf);
        }
    }

    /** Several user threads submitting many small jobs at once, as a parallel sweep would. */
    @Test
    void concurrentCallersAllFinish() throws Exception {
        Parallelism.setThreads(4);
        int callers = 6;
        int jobs = 2_000;
        ExecutorService executor = Executors.newFixedThreadPool(callers);
        try {
            List<Callable<Integer>> tasks = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                tasks.add(() -> {
                    int wrongJobs = 0;
                    for (int job = 0; job < jobs; job++) {
                        AtomicIntegerArray runs = new AtomicIntegerArray(4);
                        Workers.forEach(4, runs::incrementAndGet);
                        for (int part = 0; part < 4; part++) {
                            if (runs.get(part) != 1) {
                                wrongJobs++;
                                break;
                            }
                        }
                    }
                    return wrongJobs;
                });
            }
            List<Future<Integer>> results = assertTimeoutPreemptively(LIMIT,
                    () -> executor.invokeAll(tasks));
            for (Future<Integer> result : results) {
                assertEquals(0, result.get(), "jobs in which a part did not run exactly once");
            }
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void failuresAreRethrownAfterEveryPartFinished() {
        Parallelism.setThreads(4);
        AtomicIntegerArray finished = new AtomicIntegerArray(8);
        IllegalStateException thrown = assertThrows(IllegalStateException.class,
                () -> Workers.forEach(8, part -> {
                    finished.incrementAndGet(part);
                    if (part % 3 == 1) {
                        throw new IllegalStateException("part " + part);
                    }
                }));
        for (int part = 0; part < 8; part++) {
            assertEquals(1, finished.get(part), "runs of part " + part);
        }
        // Parts 1, 4 and 7 failed: one is thrown, the other two are suppressed by it.
        assertEquals(2, thrown.getSuppressed().length);
    }

    @Test
    void errorsAreRethrownToo() {
        Parallelism.setThreads(2);
        assertThrows(AssertionError.class, () -> Workers.forEach(2, part -> {
            if (part == 1) {
                throw new AssertionError("part 1");
            }
        }));
    }
}
