package io.github.nc4j.examples;

import io.github.nc4j.autodiff.Tape;
import io.github.nc4j.core.metrics.NcMetrics;
import io.github.nc4j.examples.report.Progress;
import io.github.nc4j.linalg.Matrix;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import jdk.jshell.tool.JavaShellToolBuilder;
import picocli.CommandLine.Command;

/**
 * {@code nc4j shell}: JShell with nc4j on the class path, the Vector API module added (to the
 * compiler and to the JVM that runs the snippets) and nc4j's packages imported. On a terminal
 * it is JShell's own tool; a script on standard input runs through {@link ShellScript}, which
 * stops with exit status 1 at the first snippet that fails.
 *
 * <p>Standard input and output are byte streams here, not picocli's writers: JShell forwards the
 * snippets' own output ({@code System.out.println}) to a {@link PrintStream}, and the feedback
 * lines must interleave with it in order. Tests pass their own streams to the constructor.
 */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"JShell with nc4j ready: its classes on the class path, the Vector API"
                + " module added, its packages imported.",
            "Try Matrix.gaussian(3, 3, new Random(1)).times(Matrix.identity(3)). On a terminal"
                + " this is JShell itself (/help, tab completion, /exit to leave). A script on"
                + " standard input (nc4j shell < script.jsh) runs snippet by snippet with JShell's"
                + " feedback (x ==> value) and stops at the first snippet that does not compile or"
                + " throws, naming its line on standard error; of JShell's commands a script may"
                + " only use /exit [status].",
            "Imported: " + ShellCommand.PACKAGES_HELP + ".",
            "-Dnc4j.* properties of this JVM (NC4J_JAVA_OPTS=-Dnc4j.threads=1) reach the JVM"
                + " that runs the snippets."},
        footer = {"", "Exit status: 0 when every snippet of a script ran, or JShell on a terminal"
                + " was left; N for /exit N; 1 for a snippet that does not compile or throws, a"
                + " script that ends inside a snippet, a command other than /exit, or a JShell"
                + " that cannot start; 2 for bad options.",
            "Example: echo 'Svd.values(Matrix.gaussian(4, 3, new Random(1)))' | nc4j shell"})
final class ShellCommand implements Callable<Integer> {

    /** The line printed on start (standard error), pointing to the tour. */
    static final String TOUR = "nc4j shell: nc4j's packages are imported; a guided tour of the"
            + " library: docs/internals/README.md";

    /** The packages imported on start, after JShell's usual java.* imports. */
    static final List<String> PACKAGES = List.of("io.github.nc4j.linalg",
            "io.github.nc4j.linalg.decomp", "io.github.nc4j.linalg.io", "io.github.nc4j.autodiff",
            "io.github.nc4j.autodiff.optim", "io.github.nc4j.core.metrics",
            "io.github.nc4j.core.theory", "io.github.nc4j.core.model", "io.github.nc4j.core.train",
            "io.github.nc4j.core.data", "io.github.nc4j.core.check");

    static final String PACKAGES_HELP = "io.github.nc4j.linalg(.decomp, .io),"
            + " io.github.nc4j.autodiff(.optim), io.github.nc4j.core.(metrics, theory, model,"
            + " train, data, check), and JShell's default imports (java.util, java.io, ...)";

    /** The start-up snippets that import nc4j's packages. */
    static final List<String> IMPORTS = PACKAGES.stream().map(p -> "import " + p + ".*;").toList();

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    /** Without it javac adds "using incubating module(s)" to every rejected snippet's errors. */
    private static final String NO_INCUBATING_WARNING = "-Xlint:-incubating";

    private final InputStream in;
    private final PrintStream out;
    private final PrintStream err;

    ShellCommand() {
        this(System.in, System.out, System.err);
    }

    ShellCommand(InputStream in, PrintStream out, PrintStream err) {
        this.in = in;
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        err.println(TOUR);
        err.flush();
        String classPath = classPath();
        try {
            return in == System.in && Progress.isTerminal() ? interactive(classPath) : script(classPath);
        } catch (Exception e) {
            err.println("nc4j shell: JShell failed: " + e);
            err.flush();
            return 1;
        }
    }

    /** JShell's tool, as the {@code jshell} launcher runs it, with nc4j's class path and imports. */
    private int interactive(String classPath) throws Exception {
        Path startup = Files.createTempFile("nc4j-shell-", ".jsh");
        try {
            Files.write(startup, IMPORTS);
            List<String> args = new ArrayList<>(List.of("--class-path", classPath,
                    "--add-modules", VECTOR_MODULE, "-C" + NO_INCUBATING_WARNING,
                    "--startup", "DEFAULT", "--startup", startup.toString()));
            nc4jProperties().forEach(p -> args.add("-R" + p));
            return JavaShellToolBuilder.builder().start(args.toArray(String[]::new));
        } finally {
            Files.deleteIfExists(startup);
        }
    }

    private int script(String classPath) throws IOException {
        List<String> remote = new ArrayList<>(List.of("--add-modules", VECTOR_MODULE));
        remote.addAll(nc4jProperties());
        ShellScript script;
        try {
            script = new ShellScript(classPath, List.of("--add-modules", VECTOR_MODULE,
                    NO_INCUBATING_WARNING), remote, scriptStartup(), out, err);
        } catch (IllegalStateException e) {
            err.println("nc4j shell: JShell did not start: " + e.getMessage());
            err.flush();
            return 1;
        }
        try (script) {
            return script.run(new BufferedReader(new InputStreamReader(in, inputCharset())));
        }
    }

    /**
     * Where nc4j's classes were loaded from: the runnable jar, or each module's classes folder
     * or jar when run from the build (tests); the JVM's class path is added if one is unknown.
     */
    static String classPath() {
        Set<String> entries = new LinkedHashSet<>();
        List<Class<?>> modules = List.of(ShellCommand.class, Matrix.class, Tape.class, NcMetrics.class);
        int found = 0;
        for (Class<?> c : modules) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            URL location = source == null ? null : source.getLocation();
            if (location != null && location.getProtocol().equals("file")) {
                try {
                    entries.add(Path.of(location.toURI()).toString());
                    found++;
                } catch (URISyntaxException e) {
                    // not a path: the JVM's class path below
                }
            }
        }
        if (found < modules.size()) {
            entries.addAll(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
        }
        return String.join(File.pathSeparator, entries);
    }

    /** This JVM's {@code nc4j.*} system properties as {@code -D} options. */
    private static List<String> nc4jProperties() {
        List<String> options = new ArrayList<>();
        for (Map.Entry<Object, Object> p : System.getProperties().entrySet()) {
            if (p.getKey() instanceof String key && key.startsWith("nc4j.")) {
                options.add("-D" + key + "=" + p.getValue());
            }
        }
        return options;
    }

    private static Charset inputCharset() {
        String name = System.getProperty("stdin.encoding"); // JDK 25+
        try {
            return name == null ? Charset.defaultCharset() : Charset.forName(name);
        } catch (IllegalArgumentException e) {
            return Charset.defaultCharset();
        }
    }

    /**
     * JShell's DEFAULT start-up, which the API does not run by itself: {@code import module
     * java.base} from JDK 25 (module imports are final there), the java.* packages before; then
     * nc4j's packages.
     */
    static List<String> scriptStartup() {
        List<String> snippets = new ArrayList<>();
        if (Runtime.version().feature() >= 25) {
            snippets.add("import module java.base;");
        } else {
            for (String p : List.of("java.io", "java.math", "java.net", "java.nio.file", "java.util",
                    "java.util.concurrent", "java.util.function", "java.util.prefs",
                    "java.util.regex", "java.util.stream")) {
                snippets.add("import " + p + ".*;");
            }
        }
        snippets.addAll(IMPORTS);
        return snippets;
    }
}
