package io.github.nc4j.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.ExpressionSnippet;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.MethodSnippet;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.TypeDeclSnippet;
import jdk.jshell.UnresolvedReferenceException;
import jdk.jshell.VarSnippet;

/**
 * A JShell script run snippet by snippet through the {@code jdk.jshell} API, for
 * {@code nc4j shell} with a script on standard input. It reads the script as JShell's tool does
 * (line by line, a snippet ends where it is complete, a missing final semicolon is added) and
 * prints what the tool prints in its normal feedback mode ({@code x ==> value},
 * {@code |  created method f(int)}), but stops at the first snippet that does not compile or
 * throws, reports it with its script line and returns exit status 1. The tool itself reports such
 * a snippet, goes on and exits 0, which hides a broken script from a test or a CI job.
 *
 * <p>Of JShell's commands only {@code /exit [status]} is run; any other command stops the
 * script (exit status 1), since a script that needs one is meant for the interactive shell.
 */
final class ShellScript implements AutoCloseable {

    /** The exit status of a script that stopped at a failing snippet or command. */
    static final int FAILED = 1;

    private final JShell shell;
    private final PrintStream out;
    private final PrintStream err;
    /** Snippet id to the script line its source starts on, to name lines in stack traces. */
    private final Map<String, Integer> firstLines = new HashMap<>();
    /** As JShell's tool: start-up snippets are s1, s2, ..., the script's 1, 2, ... and $1, $2, .... */
    private boolean startingUp = true;
    /** Set when the JVM that runs the snippets ends (a snippet called System.exit, or a crash). */
    private boolean engineEnded;
    private int nextStartupId = 1;
    private int nextId = 1;

    /**
     * Starts JShell's execution engine (a second JVM) with the class path, the compiler and
     * remote JVM options, and evaluates the start-up imports.
     *
     * @throws IllegalStateException if JShell cannot start or an import does not compile
     */
    ShellScript(String classPath, List<String> compilerOptions, List<String> remoteVmOptions,
            List<String> startup, PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        shell = JShell.builder()
                .in(InputStream.nullInputStream()) // standard input holds the script
                .out(out)
                .err(err)
                .compilerOptions(compilerOptions.toArray(String[]::new))
                .remoteVMOptions(remoteVmOptions.toArray(String[]::new))
                .tempVariableNameGenerator(() -> "$" + nextId)
                .idGenerator((snippet, index) -> startingUp ? "s" + nextStartupId++ : String.valueOf(nextId++))
                .build();
        shell.onShutdown(closed -> engineEnded = true);
        shell.addToClasspath(classPath);
        for (String snippet : startup) {
            for (SnippetEvent e : shell.eval(snippet)) {
                if (e.causeSnippet() == null && e.status() != Snippet.Status.VALID) {
                    throw new IllegalStateException("the start-up snippet " + snippet
                            + " does not compile: " + shell.diagnostics(e.snippet())
                                    .map(d -> d.getMessage(null)).collect(Collectors.joining("; ")));
                }
            }
        }
        startingUp = false;
    }

    /**
     * Runs the script to its end, a failing snippet or {@code /exit}.
     *
     * @return 0 if every snippet ran, {@link #FAILED} at the first snippet that does not compile
     *     or throws, at a command other than {@code /exit}, or at a script that ends inside a
     *     snippet; the status {@code /exit} names
     */
    int run(BufferedReader script) throws IOException {
        String pending = ""; // read but not yet evaluated
        int pendingLine = 0; // the script line on which pending starts
        int lineNumber = 0;
        while (true) {
            if (!pending.isBlank() && isComplete(pending)) {
                if (isCommand(pending)) {
                    return command(pending.strip(), pendingLine);
                }
                CompletionInfo info = shell.sourceCodeAnalysis().analyzeCompletion(pending);
                if (info.completeness() != Completeness.EMPTY
                        && !evaluate(info.source().stripTrailing(), pendingLine)) {
                    return FAILED;
                }
                String remaining = info.remaining();
                pendingLine += newlines(pending.substring(0, pending.length() - remaining.length()));
                pending = remaining;
                continue;
            }
            String line = script.readLine();
            lineNumber++;
            if (line == null) {
                if (pending.isBlank()) {
                    return 0;
                }
                err.printf("|  Error:%n|  the script ends inside a snippet:%n%s%n", indent(pending));
                return stopped(pendingLine, "the snippet is incomplete");
            }
            if (pending.isBlank()) {
                pending = line;
                pendingLine = lineNumber;
            } else {
                pending = pending + "\n" + line;
            }
        }
    }

    @Override
    public void close() {
        shell.close();
    }

    // ---------------------------------------------------------------- snippets

    private boolean isComplete(String source) {
        if (isCommand(source)) {
            return true;
        }
        Completeness c = shell.sourceCodeAnalysis().analyzeCompletion(source).completeness();
        return c.isComplete() || c == Completeness.EMPTY;
    }

    /** Evaluates one snippet and prints what JShell's normal feedback shows; false if it failed. */
    private boolean evaluate(String source, int line) {
        List<SnippetEvent> events = shell.eval(source);
        if (engineEnded) {
            err.println("|  The JVM running the snippets has ended: /exit N, not System.exit(N),"
                    + " ends a script with status N");
            stopped(line + leadingNewlines(source), "the snippet ended JShell's execution JVM");
            return false;
        }
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue; // an update of an earlier snippet
            }
            Snippet snippet = e.snippet();
            int startLine = line + leadingNewlines(snippet.source());
            firstLines.put(snippet.id(), line);
            if (e.status() == Snippet.Status.REJECTED) {
                List<Diag> diagnostics = shell.diagnostics(snippet).toList();
                for (Diag d : diagnostics) {
                    printDiagnostic(snippet.source(), d);
                }
                int errorLine = diagnostics.stream().filter(Diag::isError).findFirst()
                        .map(d -> line + newlines(snippet.source().substring(0,
                                (int) Math.max(0, Math.min(d.getStartPosition(), snippet.source().length())))))
                        .orElse(startLine);
                stopped(errorLine, "the snippet does not compile");
                return false;
            }
            if (e.exception() != null) {
                printException(e.exception(), null);
                stopped(startLine, "the snippet threw " + exceptionName(e.exception()));
                return false;
            }
            shell.diagnostics(snippet).filter(d -> !d.isError())
                    .forEach(d -> printDiagnostic(snippet.source(), d));
            printFeedback(e);
        }
        return true;
    }

    /** {@code name ==> value} for variables and expressions, {@code |  created ...} for declarations. */
    private void printFeedback(SnippetEvent e) {
        Snippet snippet = e.snippet();
        String name = switch (snippet) {
            case VarSnippet v -> v.name();
            case ExpressionSnippet x when x.subKind() != Snippet.SubKind.OTHER_EXPRESSION_SUBKIND -> x.name();
            default -> null;
        };
        if (name != null && e.value() != null) {
            out.println(name + " ==> " + e.value());
        } else if (snippet instanceof MethodSnippet || snippet instanceof TypeDeclSnippet) {
            DeclarationSnippet declaration = (DeclarationSnippet) snippet;
            String what = declaration instanceof MethodSnippet m
                    ? "method " + m.name() + "(" + m.parameterTypes() + ")"
                    : kind(declaration.subKind()) + " " + declaration.name();
            String action = !e.previousStatus().isDefined() ? "created"
                    : e.isSignatureChange() ? "replaced" : "modified";
            String unresolved = shell.unresolvedDependencies(declaration)
                    .collect(Collectors.joining(", "));
            out.println("|  " + action + " " + what + (unresolved.isEmpty() ? ""
                    : ", however, it cannot be used until " + unresolved + " is declared"));
        }
        out.flush();
    }

    private static String kind(Snippet.SubKind subKind) {
        return switch (subKind) {
            case INTERFACE_SUBKIND -> "interface";
            case ENUM_SUBKIND -> "enum";
            case RECORD_SUBKIND -> "record";
            case ANNOTATION_TYPE_SUBKIND -> "annotation interface";
            default -> "class";
        };
    }

    /** JShell's rendering: the message, the source line and a caret under the span. */
    private void printDiagnostic(String source, Diag d) {
        err.println(d.isError() ? "|  Error:" : "|  Warning:");
        for (String line : d.getMessage(null).split("\\R")) {
            if (!line.strip().startsWith("location:")) {
                err.println("|  " + line);
            }
        }
        int start = (int) d.getStartPosition();
        int end = (int) d.getEndPosition();
        if (start < 0 || end < 0 || start > source.length()) {
            return;
        }
        int lineStart = source.lastIndexOf('\n', start - 1) + 1;
        int lineEnd = source.indexOf('\n', start);
        lineEnd = lineEnd < 0 ? source.length() : lineEnd;
        err.println("|  " + source.substring(lineStart, lineEnd));
        int width = Math.min(end, lineEnd) - start;
        err.println("|  " + " ".repeat(start - lineStart) + (width <= 1 ? "^"
                : "^" + "-".repeat(width - 2) + "^"));
    }

    /** As JShell's tool: the exception, its stack trace with snippet frames as script lines, the causes. */
    private void printException(JShellException exception, StackTraceElement[] enclosing) {
        if (exception instanceof UnresolvedReferenceException u) {
            DeclarationSnippet s = u.getSnippet();
            err.println("|  " + s.name() + " cannot be used until " + shell.unresolvedDependencies(s)
                    .collect(Collectors.joining(", ")) + " is declared");
            return;
        }
        if (!(exception instanceof EvalException ex)) {
            err.println("|  " + exception);
            return;
        }
        err.println("|  " + (enclosing == null ? "Exception " : "Caused by: ")
                + ex.getExceptionClassName() + (ex.getMessage() == null ? "" : ": " + ex.getMessage()));
        StackTraceElement[] trace = ex.getStackTrace();
        int shared = 0;
        while (enclosing != null && shared < Math.min(trace.length, enclosing.length)
                && trace[trace.length - 1 - shared].equals(enclosing[enclosing.length - 1 - shared])) {
            shared++;
        }
        for (int i = 0; i < trace.length - shared; i++) {
            err.println("|        at " + frame(trace[i]));
        }
        if (shared > 0) {
            err.println("|        ...");
        }
        if (ex.getCause() != null) {
            printException(ex.getCause(), trace);
        }
    }

    /** A frame as JShell shows it, with a snippet's frame ({@code #id}) as its script line. */
    private String frame(StackTraceElement f) {
        String className = f.getClassName();
        String method = (className.isEmpty() ? "" : className.substring(className.lastIndexOf('.') + 1) + ".")
                + f.getMethodName();
        String file = f.getFileName();
        Integer first = file != null && file.startsWith("#") ? firstLines.get(file.substring(1)) : null;
        String where = first != null ? "line " + (first + Math.max(0, f.getLineNumber() - 1))
                : f.isNativeMethod() ? "Native Method"
                : file == null ? "Unknown Source"
                : f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
        return (method.isEmpty() ? "" : method + " ") + "(" + where + ")";
    }

    private static String exceptionName(JShellException e) {
        return e instanceof EvalException ex ? ex.getExceptionClassName()
                : "an unresolved reference";
    }

    // ---------------------------------------------------------------- commands

    private static boolean isCommand(String source) {
        return source.startsWith("/") && !source.startsWith("//") && !source.startsWith("/*");
    }

    /** Runs {@code /exit [status]} and returns its status; any other command fails. */
    private int command(String command, int line) {
        String[] parts = command.split("\\s+", 2);
        if (!parts[0].equals("/exit")) {
            err.println("|  Error:");
            err.println("|  " + parts[0] + ": of JShell's commands a script may only use /exit;"
                    + " run the others in the interactive shell");
            return stopped(line, "the command " + parts[0] + " is not run in scripts");
        }
        if (parts.length == 1 || parts[1].isBlank()) {
            return 0;
        }
        for (SnippetEvent e : shell.eval(parts[1])) {
            if (e.causeSnippet() == null && e.status() != Snippet.Status.REJECTED
                    && e.exception() == null && e.value() != null) {
                try {
                    return Integer.parseInt(e.value());
                } catch (NumberFormatException notAnInt) {
                    break;
                }
            }
        }
        err.println("|  Error:");
        err.println("|  /exit takes an int expression: " + parts[1]);
        return stopped(line, "the /exit status is not an int");
    }

    // ---------------------------------------------------------------- reporting

    /** The last line of a failed script, on standard error; returns {@link #FAILED}. */
    private int stopped(int line, String why) {
        err.println("nc4j shell: stopped at line " + line + ": " + why + " (exit status " + FAILED + ")");
        err.flush();
        out.flush();
        return FAILED;
    }

    private static String indent(String text) {
        return text.lines().map(l -> "|  " + l).collect(Collectors.joining(System.lineSeparator()));
    }

    private static int newlines(String text) {
        return (int) text.chars().filter(c -> c == '\n').count();
    }

    private static int leadingNewlines(String text) {
        int firstNonBlank = 0;
        while (firstNonBlank < text.length() && Character.isWhitespace(text.charAt(firstNonBlank))) {
            firstNonBlank++;
        }
        return newlines(text.substring(0, firstNonBlank));
    }
}
