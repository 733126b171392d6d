package io.github.nc4j.examples.report;

import java.io.Console;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Progress of long work (training steps or epochs), with the current values that matter
 * (loss, NC1):
 * <pre>
 * train  42% [============>                 ] 420/1000 steps  0:12&lt;0:17  35.1 steps/s  loss 0.0123
 * train: 420/1000 steps (42%), elapsed 0:12, ETA 0:17, loss 0.0123, NC1 4.56e-05
 * </pre>
 * <ul>
 *   <li>{@link Mode#BAR} redraws one line in place (the first above), for an interactive
 *       terminal;</li>
 *   <li>{@link Mode#LINES} prints a plain line (the second) at every tenth of the work and at
 *       least every 30 s, for logs, pipes and CI, where carriage returns make a mess;</li>
 *   <li>{@link Mode#QUIET} prints nothing;</li>
 *   <li>{@link Mode#AUTO} picks BAR when standard output is a terminal, LINES otherwise.</li>
 * </ul>
 *
 * <p>This is a small class of our own rather than a library such as me.tongfei:progressbar:
 * that one brings JLine (about 1 MB) for terminal handling we do not need, has no plain-lines
 * mode for CI built around the same call, and the fields shown here (loss, NC1) are ours to
 * format. What we do need from a terminal is only its width ({@code COLUMNS}, default 100) and
 * whether there is one ({@link #isTerminal()}).
 */
public final class Progress implements AutoCloseable {

    /** How progress is shown. */
    public enum Mode { AUTO, BAR, LINES, QUIET }

    /** One named value shown after the counts, such as the current loss. */
    public record Value(String name, double value) {}

    private static final long REDRAW_NANOS = 100_000_000L;      // bar: at most 10 redraws a second
    private static final long LINE_INTERVAL_NANOS = 30_000_000_000L;
    private static final int LINE_STEPS = 10;                    // lines: at every tenth

    private final String task;
    private final long total;
    private final String unit;
    private final Mode mode;
    private final PrintStream out;
    private final LongSupplier clock;
    private final int width;
    private final long start;
    private long done;
    private Value[] values = {};
    private long lastPrint;
    private long lastPrintedTenth = -1;
    private int lastLength;
    private boolean closed;

    private Progress(String task, long total, String unit, Mode mode, PrintStream out,
            LongSupplier clock, int width) {
        if (total < 0) {
            throw new IllegalArgumentException("total must be non-negative, got " + total);
        }
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.mode = mode;
        this.out = out;
        this.clock = clock;
        this.width = width;
        this.start = clock.getAsLong();
        this.lastPrint = start;
    }

    /**
     * Starts reporting {@code total} units of work (e.g. 1000 "steps") on standard output. With
     * {@link Mode#AUTO} the mode is BAR if {@link #isTerminal()} and the terminal is not
     * {@code TERM=dumb}, LINES otherwise.
     */
    public static Progress start(String task, long total, String unit, Mode mode) {
        Mode resolved = mode != Mode.AUTO ? mode
                : isTerminal() && !"dumb".equals(System.getenv("TERM")) ? Mode.BAR : Mode.LINES;
        return start(task, total, unit, resolved, System.out, System::nanoTime, terminalWidth());
    }

    /** As {@link #start(String, long, String, Mode)} with explicit output, clock and width. */
    static Progress start(String task, long total, String unit, Mode mode, PrintStream out,
            LongSupplier nanoClock, int width) {
        if (mode == Mode.AUTO) {
            throw new IllegalArgumentException("resolve AUTO before choosing the output");
        }
        return new Progress(task, total, unit, mode, out, nanoClock, width);
    }

    /** A named value for {@link #update}. */
    public static Value value(String name, double value) {
        return new Value(name, value);
    }

    /**
     * Records that {@code done} units are complete (clamped to [0, total]) and the current
     * values, printing if the mode and the time since the last print call for it.
     */
    public void update(long done, Value... values) {
        this.done = Math.max(0, Math.min(done, total));
        this.values = values.clone();
        long now = clock.getAsLong();
        switch (mode) {
            case BAR -> {
                if (now - lastPrint >= REDRAW_NANOS || this.done == total) {
                    drawBar(now);
                }
            }
            case LINES -> {
                long tenth = total == 0 ? LINE_STEPS : this.done * LINE_STEPS / total;
                if (tenth > lastPrintedTenth || now - lastPrint >= LINE_INTERVAL_NANOS) {
                    lastPrintedTenth = tenth;
                    printLine(now);
                }
            }
            default -> { }
        }
    }

    /** Finishes the report: the bar's line is ended, LINES prints the final state once more. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        long now = clock.getAsLong();
        switch (mode) {
            case BAR -> {
                drawBar(now);
                out.println();
            }
            case LINES -> {
                if (lastPrintedTenth < LINE_STEPS || done < total) {
                    printLine(now);
                }
            }
            default -> { }
        }
        out.flush();
    }

    private void drawBar(long now) {
        String counts = String.format(Locale.ROOT, "%3d%%", percent());
        String tail = String.format(Locale.ROOT, " %d/%d %s  %s<%s  %s%s", done, total, unit,
                duration(now - start), eta(now), rate(now), valuesText("  "));
        int barWidth = Math.max(10, Math.min(30, width - task.length() - counts.length()
                - tail.length() - 5));
        int filled = total == 0 ? barWidth : (int) (barWidth * done / total);
        String bar = "=".repeat(filled) + (filled < barWidth ? ">" : "")
                + " ".repeat(Math.max(0, barWidth - filled - 1));
        String line = task + " " + counts + " [" + bar + "]" + tail;
        if (line.length() > width) {
            line = line.substring(0, width);
        }
        // \r returns to the line start; spaces wipe what a longer previous line left behind.
        out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
        out.flush();
        lastLength = line.length();
        lastPrint = now;
    }

    private void printLine(long now) {
        out.printf(Locale.ROOT, "%s: %d/%d %s (%d%%), elapsed %s, ETA %s%s%n", task, done, total,
                unit, percent(), duration(now - start), eta(now), valuesText(", "));
        out.flush();
        lastPrint = now;
    }

    private int percent() {
        return total == 0 ? 100 : (int) (100 * done / total);
    }

    private String eta(long now) {
        if (done == total) {
            return duration(0);
        }
        if (done == 0) {
            return "?";
        }
        return duration((long) ((double) (now - start) / done * (total - done)));
    }

    private String rate(long now) {
        double seconds = (now - start) * 1e-9;
        return seconds <= 0 ? "" : String.format(Locale.ROOT, "%.3g %s/s", done / seconds, unit);
    }

    private String valuesText(String separator) {
        StringBuilder text = new StringBuilder();
        for (Value v : values) {
            text.append(separator).append(String.format(Locale.ROOT, "%s %.3g", v.name(),
                    v.value()));
        }
        return text.toString();
    }

    /** {@code h:mm:ss}, or {@code m:ss} under an hour. */
    static String duration(long nanos) {
        long s = Math.max(0, nanos / 1_000_000_000L);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    /**
     * Whether standard input and output are an interactive terminal. {@code System.console()}
     * alone no longer tells: since JDK 22 it returns a console even when output is redirected,
     * and {@code Console.isTerminal()} (JDK 22+) answers instead. Called reflectively because
     * nc4j targets Java 21, where a non-null console already means a terminal.
     */
    public static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException e) {
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    private static int terminalWidth() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
