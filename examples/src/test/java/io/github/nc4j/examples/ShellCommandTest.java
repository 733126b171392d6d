package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Matrix;
import io.github.nc4j.linalg.decomp.Svd;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code nc4j shell} with a script on standard input, through the command class with its streams
 * replaced (the launcher's {@code examples/nc4j shell} needs the packaged jar, which the test
 * phase does not build). Each run starts JShell's execution JVM, a second or two.
 */
class ShellCommandTest {

    private record Run(int exit, String out, String err) {
    }

    /** {@code nc4j shell} reading {@code script} as its standard input. */
    private static Run shell(String script) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        InputStream in = new ByteArrayInputStream(script.getBytes(StandardCharsets.UTF_8));
        PrintStream outStream = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        CommandLine cli = new CommandLine(new Nc4jCommand(), new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == ShellCommand.class ? type.cast(new ShellCommand(in, outStream, errStream))
                        : CommandLine.defaultFactory().create(type);
            }
        });
        int exit = cli.execute("shell");
        return new Run(exit, unix(out.toString(StandardCharsets.UTF_8)), unix(err.toString(StandardCharsets.UTF_8)));
    }

    private static String unix(String text) {
        return text.replace(System.lineSeparator(), "\n");
    }

    /** JShell's rendering of a double[] value. */
    private static String jshellArray(double[] values) {
        return "double[" + values.length + "] { " + Arrays.stream(values).mapToObj(Double::toString)
                .collect(Collectors.joining(", ")) + " }";
    }

    @Test
    void aScriptEvaluatesNc4jCodeWithJShellsFeedbackAfterTheTourLine() {
        Run r = shell("""
                var a = Matrix.gaussian(3, 3, new Random(1));
                a.times(Matrix.identity(3))
                // singular values, largest first
                double[] s = Svd.values(Matrix.of(new double[][] {{3, 0}, {4, 5}}))
                System.out.println("trace " + Matrix.diagonal(1, 2, 3).trace());
                double square(double x) {
                    return x * x;
                }
                square(s[1])
                """);
        assertEquals(0, r.exit(), r.out() + r.err());
        Matrix a = Matrix.gaussian(3, 3, new Random(1));
        double[] s = Svd.values(Matrix.of(new double[][] {{3, 0}, {4, 5}}));
        String expected = "a ==> " + a + "\n"
                + "$2 ==> " + a.times(Matrix.identity(3)) + "\n"
                + "s ==> " + jshellArray(s) + "\n"
                + "trace 6.0\n"
                + "|  created method square(double)\n"
                + "$6 ==> " + s[1] * s[1] + "\n";
        assertEquals(expected, r.out());
        // [[3, 0], [4, 5]] has singular values 3 sqrt(5) and sqrt(5)
        assertEquals(3 * Math.sqrt(5), s[0], 1e-14);
        assertEquals(Math.sqrt(5), s[1], 1e-14);
        assertEquals(ShellCommand.TOUR, r.err().strip(), "only the tour line on standard error");
        assertTrue(r.err().startsWith("nc4j shell: ") && r.err().contains("docs/internals/README.md"), r.err());
    }

    @Test
    void anExceptionStopsTheScriptWithStatusOneAndNamesIt() {
        Run r = shell("""
                var a = Matrix.identity(2);

                a.times(Matrix.identity(3))
                System.out.println("not reached");
                """);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertFalse(r.out().contains("not reached"), r.out());
        assertTrue(r.err().contains("|  Exception java.lang.IllegalArgumentException: gemm: "), r.err());
        assertTrue(r.err().contains("(line 3)"), "the snippet's frame as its script line:\n" + r.err());
        assertTrue(r.err().strip().endsWith("nc4j shell: stopped at line 3: the snippet threw"
                + " java.lang.IllegalArgumentException (exit status 1)"), r.err());
    }

    @Test
    void aSnippetThatDoesNotCompileStopsTheScriptAndShowsWhere() {
        Run r = shell("""
                var a = Matrix.identity(2);
                var b = a.times(
                    Matrix.idenity(2));
                System.out.println("not reached");
                """);
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals("a ==> " + Matrix.identity(2) + "\n", r.out());
        assertTrue(r.err().contains("|  Error:\n|  cannot find symbol\n|    symbol:   method idenity(int)\n"
                + "|      Matrix.idenity(2));\n|      ^------------^\n"), r.err());
        assertFalse(r.err().contains("Warning"), "no incubator warning:\n" + r.err());
        assertTrue(r.err().strip().endsWith("nc4j shell: stopped at line 3: the snippet does not"
                + " compile (exit status 1)"), r.err());
    }

    @Test
    void exitSetsTheStatusAndOtherCommandsStopTheScript() {
        Run exit = shell("int status = 3;\n/exit status\nSystem.out.println(\"not reached\");\n");
        assertEquals(3, exit.exit(), exit.out() + exit.err());
        assertEquals("status ==> 3\n", exit.out());

        Run vars = shell("int x = 1;\n/vars\n");
        assertEquals(1, vars.exit(), vars.out() + vars.err());
        assertTrue(vars.err().contains("nc4j shell: stopped at line 2: the command /vars is not run"
                + " in scripts"), vars.err());

        Run systemExit = shell("System.exit(3);\nSystem.out.println(\"not reached\");\n");
        assertEquals(1, systemExit.exit(), systemExit.out() + systemExit.err());
        assertTrue(systemExit.err().contains("/exit N, not System.exit(N)"), systemExit.err());

        Run incomplete = shell("double f(double x) {\n    return x;\n");
        assertEquals(1, incomplete.exit(), incomplete.out() + incomplete.err());
        assertTrue(incomplete.err().contains("stopped at line 1: the snippet is incomplete"), incomplete.err());
    }

    @Test
    void helpListsTheShellAndItsExitStatus() {
        StringWriter out = new StringWriter();
        CommandLine cli = Nc4jCommand.commandLine();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("--help"));
        assertTrue(out.toString().contains("shell"), out.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, cli.execute("shell", "--help"));
        assertTrue(out.toString().contains("Exit status: 0 when every snippet of a script ran"), out.toString());
    }
}
