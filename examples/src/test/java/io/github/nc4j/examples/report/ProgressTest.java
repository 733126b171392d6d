package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    private long now = 0;

    /** 100 steps, one simulated second each, reporting loss and NC1. */
    private String run(Progress.Mode mode) {
        try (Progress p = Progress.start("train", 100, "steps", mode, out, () -> now, 120)) {
            for (int step = 1; step <= 100; step++) {
                now += 1_000_000_000L;
                p.update(step, Progress.value("loss", 1.0 / step), Progress.value("NC1", 1e-3));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void barRedrawsOneLineWithPercentEtaAndValues() {
        String shown = run(Progress.Mode.BAR);
        String[] frames = shown.split("\r");
        // "" before the first \r, a frame per update (1 s apart), the final one again on close
        assertEquals(102, frames.length);
        assertTrue(frames[50].startsWith("train  50% [===="), frames[50]);
        assertTrue(frames[50].contains("50/100 steps  0:50<0:50  1.00 steps/s  loss 0.0200  NC1 0.00100"),
                frames[50]);
        assertTrue(frames[100].contains("100% [" + "=".repeat(10)), frames[100]);
        assertTrue(shown.endsWith(System.lineSeparator()), "the bar's line is ended on close");
        assertTrue(Arrays.stream(frames).allMatch(f -> f.strip().length() <= 120));
    }

    @Test
    void barIsThrottledToTenRedrawsASecond() {
        try (Progress p = Progress.start("fast", 1000, "steps", Progress.Mode.BAR, out,
                () -> now, 100)) {
            for (int step = 1; step <= 1000; step++) {
                now += 1_000_000L; // 1 ms per step
                p.update(step);
            }
        }
        long frames = bytes.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\r').count();
        assertTrue(frames >= 10 && frames <= 12, frames + " redraws for 1 s of work");
    }

    @Test
    void linesModePrintsAPlainLineAtTheStartAndAtEveryTenth() {
        List<String> lines = run(Progress.Mode.LINES).lines().toList();
        assertEquals(11, lines.size(), String.join("\n", lines));
        assertEquals("train: 1/100 steps (1%), elapsed 0:01, ETA 1:39, loss 1.00, NC1 0.00100",
                lines.get(0));
        assertEquals("train: 10/100 steps (10%), elapsed 0:10, ETA 1:30, loss 0.100, NC1 0.00100",
                lines.get(1));
        assertTrue(lines.get(10).startsWith("train: 100/100 steps (100%), elapsed 1:40, ETA 0:00"));
        assertFalse(String.join("", lines).contains("\r"));
    }

    @Test
    void linesModeAlsoPrintsEveryThirtySecondsOfSlowWork() {
        try (Progress p = Progress.start("slow", 1000, "epochs", Progress.Mode.LINES, out,
                () -> now, 100)) {
            for (int epoch = 1; epoch <= 20; epoch++) {
                now += 10_000_000_000L; // 10 s an epoch: 200 s, 2% of the work
                p.update(epoch);
            }
        }
        // the first update (10 s), then 40, 70, ..., 190 s (six), and the final state on close
        assertEquals(8, bytes.toString(StandardCharsets.UTF_8).lines().count());
    }

    @Test
    void quietPrintsNothing() {
        assertEquals("", run(Progress.Mode.QUIET));
    }

    @Test
    void durationsReadAsClockTimes() {
        assertEquals("0:00", Progress.duration(0));
        assertEquals("1:05", Progress.duration(65_000_000_000L));
        assertEquals("2:03:04", Progress.duration((2 * 3600 + 3 * 60 + 4) * 1_000_000_000L));
    }

    /** Surefire's forked JVM writes to a pipe: whatever the JDK, this is not a terminal. */
    @Test
    void testsDoNotRunOnATerminal() {
        assertFalse(Progress.isTerminal());
    }
}
