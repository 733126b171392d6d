package io.github.nc4j.examples;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.examples.report.Plots;
import io.github.nc4j.linalg.Matrix;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The snippet harness of the internals tour, {@code docs/internals} (its README, "How the
 * snippets run", states the convention for writers):
 * <ul>
 *   <li>every fenced block opened with {@code ```java} in a chapter is a runnable JShell
 *       snippet; other fences ({@code ```text}, {@code ```bash}) are for reading only;</li>
 *   <li>the blocks of one chapter run in order in one fresh JShell state, so a block sees the
 *       variables, methods and classes of the blocks above it, and nothing of other chapters;</li>
 *   <li>before the first block the state imports {@link #IMPORTED_PACKAGES}, and nothing
 *       else is hidden from the reader;</li>
 *   <li>a block fails when a snippet is rejected (a compile error: the diagnostics are
 *       reported), throws (the exception is reported), uses something never defined, or its
 *       standard output lacks the text of a {@code // prints: TEXT} comment that ends the block
 *       (the last lines of the block; one line with code may carry it as its trailing comment).
 *       A {@code // prints:} anywhere else is itself an error, so that a check is never silently
 *       skipped.</li>
 * </ul>
 * Snippets run in this JVM through JShell's {@code local} execution engine, on the test's class
 * path, so they see the same kernels as the tests (the Vector API, when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as Surefire is), with the root locale (so that
 * {@code printf} writes {@code 0.5} on every machine). A bare expression prints nothing
 * (JShell the tool echoes values, the API does not): a block prints with
 * {@code System.out.println}.
 */
final class TourHarness {

    /** The packages whose public classes every chapter can use without importing them. */
    static final List<String> IMPORTED_PACKAGES = List.of(
            "io.github.nc4j.linalg",
            "io.github.nc4j.linalg.decomp",
            "io.github.nc4j.linalg.io",
            "io.github.nc4j.autodiff",
            "io.github.nc4j.autodiff.optim",
            "io.github.nc4j.core.metrics",
            "io.github.nc4j.core.theory",
            "io.github.nc4j.core.model",
            "io.github.nc4j.core.train",
            "io.github.nc4j.core.data",
            "io.github.nc4j.core.check",
            "java.util");

    /** The comment that states expected output. */
    static final String PRINTS = "// prints:";

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** An opening or closing code fence: up to three spaces, then three or more ` or ~. */
    private static final Pattern FENCE = Pattern.compile("^( {0,3})(`{3,}|~{3,})(.*)$");

    /** How much of a block's output a failure message shows. */
    private static final int SHOWN_OUTPUT = 2000;

    private TourHarness() {
    }

    /**
     * One {@code ```java} block of a chapter.
     *
     * @param chapter  the chapter's file name, e.g. {@code 03-autodiff.md}
     * @param line     the line of the chapter (from 1) holding the block's first line of code
     * @param code     the block's text, without the fences
     * @param expected the texts of its {@code // prints:} comments, in order
     */
    record Block(String chapter, int line, String code, List<String> expected) {

        /** How failure messages name the block: {@code 03-autodiff.md, block at line 42}. */
        String where() {
            return chapter + ", block at line " + line;
        }
    }

    // ---------------------------------------------------------------- reading a chapter

    /**
     * The {@code ```java} blocks of a chapter, in order. Fences follow CommonMark: a block opened
     * by n backticks (or tildes) is closed by a line of at least n of the same, so a
     * {@code ````text} block can show a {@code ```java} fence without running it.
     *
     * @throws IllegalArgumentException naming the chapter and line if a {@code ```java} block is
     *     never closed or has a {@code // prints:} comment that does not end it
     */
    static List<Block> blocks(String chapter, String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Block> blocks = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches() || (open.group(2).charAt(0) == '`'
                    && open.group(3).contains("`"))) {
                i++;
                continue;
            }
            String indent = open.group(1);
            String fence = open.group(2);
            String info = open.group(3).strip();
            boolean java = info.split("\\s+", 2)[0].equals("java");
            int close = i + 1;
            while (close < lines.size() && !closes(lines.get(close), fence)) {
                close++;
            }
            if (close == lines.size() && java) {
                throw new IllegalArgumentException(chapter + ": the " + fence + "java block"
                        + " opened at line " + (i + 1) + " is never closed");
            }
            if (java) {
                List<String> code = new ArrayList<>();
                for (String line : lines.subList(i + 1, close)) {
                    code.add(stripIndent(line, indent.length()));
                }
                blocks.add(new Block(chapter, i + 2, String.join("\n", code),
                        expectations(chapter, i + 2, code)));
            }
            i = close + 1;
        }
        return blocks;
    }

    private static boolean closes(String line, String fence) {
        Matcher m = FENCE.matcher(line);
        return m.matches() && m.group(2).charAt(0) == fence.charAt(0)
                && m.group(2).length() >= fence.length() && m.group(3).isBlank();
    }

    private static String stripIndent(String line, int indent) {
        int n = 0;
        while (n < indent && n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return line.substring(n);
    }

    /**
     * The {@code // prints:} texts of a block: from the trailing lines that are such comments
     * (blank lines may sit between them) and from a trailing comment on the last line of code
     * before them.
     */
    private static List<String> expectations(String chapter, int firstLine, List<String> code) {
        int end = code.size();
        int k = end - 1;
        while (k >= 0 && (code.get(k).isBlank() || code.get(k).strip().startsWith(PRINTS))) {
            k--;
        }
        int runStart = k >= 0 && code.get(k).contains(PRINTS) ? k : k + 1;
        List<String> expected = new ArrayList<>();
        for (int j = 0; j < end; j++) {
            String line = code.get(j);
            int at = line.indexOf(PRINTS);
            if (at < 0) {
                continue;
            }
            if (j < runStart) {
                throw new IllegalArgumentException(chapter + ": the " + PRINTS + " comment at"
                        + " line " + (firstLine + j) + " does not end its block (line "
                        + firstLine + "); only the last lines of a block may state its output");
            }
            String text = line.substring(at + PRINTS.length()).strip();
            if (text.isEmpty()) {
                throw new IllegalArgumentException(chapter + ": the " + PRINTS + " comment at"
                        + " line " + (firstLine + j) + " states no text");
            }
            expected.add(text);
        }
        return List.copyOf(expected);
    }

    // ---------------------------------------------------------------- running a chapter

    /**
     * One chapter's JShell state: fresh, with {@link #IMPORTED_PACKAGES} imported, running
     * blocks in the order they are given. Not thread-safe (it swaps {@code System.out} while a
     * block runs).
     */
    static final class Session implements AutoCloseable {

        private final ByteArrayOutputStream output = new ByteArrayOutputStream();
        private final PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8);
        private final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        private final JShell shell;

        /**
         * A fresh state on the test's class path, with the common imports made.
         *
         * @throws IllegalStateException if an import is rejected (a package that does not exist)
         */
        Session() {
            JShell.Builder builder = JShell.builder().executionEngine("local").out(out)
                    .err(new PrintStream(errors, true, StandardCharsets.UTF_8));
            if (ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent()) {
                builder.compilerOptions("--add-modules", VECTOR_MODULE);
            }
            shell = builder.build();
            try {
                for (String entry : classPath()) {
                    shell.addToClasspath(entry);
                }
                for (String p : IMPORTED_PACKAGES) {
                    importAll(p);
                }
            } catch (RuntimeException e) {
                shell.close();
                throw e;
            }
        }

        private void importAll(String packageName) {
            String source = "import " + packageName + ".*;";
            for (SnippetEvent e : shell.eval(source)) {
                if (e.causeSnippet() == null && e.status() != Snippet.Status.VALID) {
                    throw new IllegalStateException("the harness cannot make the common import "
                            + source + " (" + e.status() + "): " + shell.diagnostics(e.snippet())
                            .map(d -> d.getMessage(Locale.ROOT)).collect(Collectors.joining("; ")));
                }
            }
        }

        /**
         * Runs {@code block} after the blocks run before it in this state, with standard output
         * captured and the default locale set to {@link Locale#ROOT}.
         *
         * @return empty if it passes, otherwise why it fails, naming the chapter and the line
         */
        Optional<String> run(Block block) {
            output.reset();
            errors.reset();
            PrintStream systemOut = System.out;
            Locale locale = Locale.getDefault();
            Locale display = Locale.getDefault(Locale.Category.DISPLAY);
            Locale format = Locale.getDefault(Locale.Category.FORMAT);
            System.setOut(out);
            Locale.setDefault(Locale.ROOT);
            try {
                Optional<String> failure = evaluate(block);
                if (failure.isPresent()) {
                    return failure.map(f -> block.where() + ": " + f + shownOutput());
                }
            } finally {
                System.setOut(systemOut);
                Locale.setDefault(locale);
                Locale.setDefault(Locale.Category.DISPLAY, display);
                Locale.setDefault(Locale.Category.FORMAT, format);
            }
            String printed = printed();
            for (String text : block.expected()) {
                if (!printed.contains(text)) {
                    return Optional.of(block.where() + ": its output does not contain the text"
                            + " of its " + PRINTS + " comment, \"" + text + "\"" + shownOutput());
                }
            }
            return Optional.empty();
        }

        /** What the last block wrote to standard output. */
        String printed() {
            return output.toString(StandardCharsets.UTF_8);
        }

        private String shownOutput() {
            String printed = printed();
            String err = errors.toString(StandardCharsets.UTF_8);
            String shown = printed.isEmpty() ? "\n--- the block printed nothing"
                    : "\n--- the block printed:\n" + tail(printed);
            return err.isEmpty() ? shown : shown + "\n--- and on standard error:\n" + tail(err);
        }

        private static String tail(String s) {
            return s.length() <= SHOWN_OUTPUT ? s : "..." + s.substring(s.length() - SHOWN_OUTPUT);
        }

        /** Splits the block into JShell snippets and evaluates them; the first failure, if any. */
        private Optional<String> evaluate(Block block) {
            String code = block.code();
            String remaining = code;
            while (!remaining.isBlank()) {
                int start = code.length() - remaining.length();
                CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(remaining);
                Completeness completeness = info.completeness();
                if (completeness == Completeness.EMPTY) {
                    break; // only comments and blank lines are left
                }
                // A comment ending the previous line belongs to this snippet's text: skip it.
                int codeAt = skipComments(code, start);
                int line = block.line() + lineOffset(code, codeAt);
                if (!completeness.isComplete()) {
                    return Optional.of("the snippet at line " + line + " is unfinished (a missing"
                            + " ';', ')' or '}'?):\n" + code.substring(codeAt).strip());
                }
                String source = info.source();
                remaining = info.remaining();
                Piece piece = new Piece(block, source, find(code, source.strip(), start),
                        code.substring(codeAt, code.length() - remaining.length()).strip(), line);
                for (SnippetEvent e : shell.eval(source)) {
                    if (e.causeSnippet() != null) {
                        continue; // a consequence for an earlier snippet, such as a redefinition
                    }
                    Optional<String> failure = failure(e, piece);
                    if (failure.isPresent()) {
                        return failure;
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * One snippet of a block: the source JShell evaluates (it may add a ';'), where that
         * source starts in the block's code (-1 if it was changed beyond that), the text as
         * written, and the chapter line of its first code.
         */
        private record Piece(Block block, String source, int sourceAt, String text, int line) {
        }

        private Optional<String> failure(SnippetEvent e, Piece piece) {
            String snippet = "the snippet at line " + piece.line();
            if (e.status() == Snippet.Status.REJECTED) {
                return Optional.of(snippet + " does not compile:\n" + piece.text() + "\n"
                        + diagnostics(e.snippet(), piece));
            }
            if (e.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                String missing = e.snippet() instanceof jdk.jshell.DeclarationSnippet d
                        ? shell.unresolvedDependencies(d).collect(Collectors.joining(", "))
                        : "";
                return Optional.of(snippet + " uses what no block above defines (" + missing
                        + "):\n" + piece.text());
            }
            if (e.exception() != null) {
                return Optional.of(snippet + " throws " + describe(e.exception()) + ":\n"
                        + piece.text());
            }
            return Optional.empty();
        }

        /** The compiler's errors, each with the chapter line it points at where that is known. */
        private String diagnostics(Snippet snippet, Piece piece) {
            String source = piece.source().strip();
            int offset = piece.source().indexOf(source); // leading blanks JShell kept, if any
            return shell.diagnostics(snippet).filter(Diag::isError).map(d -> {
                long at = d.getStartPosition() - offset;
                String where = "";
                if (at >= 0 && at <= source.length() && piece.sourceAt() >= 0) {
                    int end = source.indexOf('\n', (int) at);
                    where = "line " + (piece.block().line() + lineOffset(piece.block().code(),
                            piece.sourceAt() + (int) at)) + ", at \""
                            + source.substring((int) at, end < 0 ? source.length() : end).strip()
                            + "\": ";
                }
                return "error: " + where + d.getMessage(Locale.ROOT);
            }).collect(Collectors.joining("\n"));
        }

        private static String describe(JShellException ex) {
            if (ex instanceof UnresolvedReferenceException u) {
                return "UnresolvedReferenceException: it calls " + u.getSnippet().source().strip()
                        + ", which uses what is not defined";
            }
            String name = ex instanceof EvalException eval ? eval.getExceptionClassName()
                    : ex.getClass().getName();
            StringBuilder sb = new StringBuilder(name);
            if (ex.getMessage() != null) {
                sb.append(": ").append(ex.getMessage());
            }
            StackTraceElement[] trace = ex.getStackTrace();
            for (int i = 0; i < Math.min(trace.length, 8); i++) {
                sb.append("\n    at ").append(trace[i]);
            }
            Throwable cause = ex.getCause();
            if (cause instanceof JShellException c) {
                sb.append("\n  caused by ").append(describe(c));
            }
            return sb.toString();
        }

        @Override
        public void close() {
            shell.close();
        }
    }

    /**
     * Where {@code source} starts in {@code code} at or after {@code from}, allowing for the ';'
     * JShell adds to a last statement written without one; -1 if it is not there.
     */
    private static int find(String code, String source, int from) {
        int at = code.indexOf(source, from);
        if (at < 0 && source.endsWith(";")) {
            at = code.indexOf(source.substring(0, source.length() - 1), from);
        }
        return at;
    }

    /** The first position at or after {@code from} that is neither blank nor in a comment. */
    private static int skipComments(String s, int from) {
        int i = from;
        while (i < s.length()) {
            if (Character.isWhitespace(s.charAt(i))) {
                i++;
            } else if (s.startsWith("//", i)) {
                int end = s.indexOf('\n', i);
                i = end < 0 ? s.length() : end + 1;
            } else if (s.startsWith("/*", i)) {
                int end = s.indexOf("*/", i + 2);
                i = end < 0 ? s.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static int lineOffset(String s, int at) {
        int lines = 0;
        for (int i = 0; i < at && i < s.length(); i++) {
            if (s.charAt(i) == '\n') {
                lines++;
            }
        }
        return lines;
    }

    /**
     * The class path the snippets compile and run against: the test JVM's (Surefire names the
     * real one in {@code surefire.test.class.path}; its {@code java.class.path} may be a single
     * manifest-only jar) and, whatever the runner, the folders or jars that hold nc-linalg,
     * nc-autodiff, nc-core and the examples.
     */
    static List<String> classPath() {
        Set<String> entries = new LinkedHashSet<>();
        String path = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path", ""));
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isBlank() && Files.exists(Path.of(entry))) {
                entries.add(entry);
            }
        }
        for (Class<?> anchor : List.of(Matrix.class, Tape.class, NcMetrics.class, Plots.class)) {
            CodeSource source = anchor.getProtectionDomain().getCodeSource();
            if (source == null) {
                throw new IllegalStateException("cannot tell where " + anchor.getName()
                        + " was loaded from");
            }
            try {
                entries.add(Path.of(source.getLocation().toURI()).toString());
            } catch (URISyntaxException e) {
                throw new IllegalStateException("cannot tell where " + anchor.getName()
                        + " was loaded from", e);
            }
        }
        return List.copyOf(entries);
    }
}
