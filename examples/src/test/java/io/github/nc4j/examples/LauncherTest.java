package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the {@code nc4j} launcher and {@code .ci/run} rely on besides the jar: {@code jdk.sh}'s
 * version check on JDK homes laid out by hand, and help texts that picocli formats without
 * complaint.
 */
class LauncherTest {

    @TempDir
    Path dir;

    /** {@code jdk.sh}'s {@code nc4j_java_version} of {@code home}, through bash. */
    private static String javaVersion(Path home) throws IOException, InterruptedException {
        return bash(". ./jdk.sh && nc4j_java_version \"$1\"", home.toString());
    }

    private static String bash(String script, String argument)
            throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("bash", "-c", script, "bash", argument)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            assumeTrue(false, "bash not found: skipping the launcher's shell functions");
            throw e;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "bash did not finish");
        assertEquals(0, p.exitValue(), out);
        return out.strip();
    }

    private Path home(String name, String release) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        if (release != null) {
            Files.writeString(home.resolve("release"), release);
        }
        return home;
    }

    @Test
    void readsTheMajorVersionFromTheReleaseFile() throws Exception {
        assertEquals("25", javaVersion(home("jdk25",
                "IMPLEMENTOR=\"Eclipse Adoptium\"\nJAVA_VERSION=\"25.0.3\"\nOS_ARCH=\"x86_64\"\n")));
        assertEquals("21", javaVersion(home("jdk21", "JAVA_VERSION=\"21\"\n")));
        assertEquals("8", javaVersion(home("jdk8", "JAVA_VERSION=\"1.8.0_392\"\n")));
    }

    /** Without a release file the home's own java is asked, as before the file was read. */
    @Test
    void asksTheJavaOfAHomeWithoutAReleaseFile() throws Exception {
        Path bin = Files.createDirectories(home("old", null).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho '    java.specification.version = 17' >&2\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals("17", javaVersion(dir.resolve("old")));
        assertEquals("", javaVersion(home("empty", null)));
    }

    @Test
    void takesJavaHomeWhenItIsNewEnough() throws Exception {
        Path home = home("jdk25", "JAVA_VERSION=\"25.0.3\"\n");
        Files.createDirectories(home.resolve("bin"));
        Path java = home.resolve("bin").resolve("java");
        Files.writeString(java, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(home.toString(),
                bash(". ./jdk.sh && JAVA_HOME=\"$1\" nc4j_find_jdk", home.toString()));
    }

    /** The option that quiets Maven's Guava under JDK 23 and newer, and nothing for older JDKs. */
    @Test
    void silencesMavensUnsafeWarningsOnlyWhereTheJdkKnowsTheOption() throws Exception {
        String script = ". ./jdk.sh && nc4j_maven_opts \"$1\"";
        assertEquals("--sun-misc-unsafe-memory-access=allow",
                bash(script, home("jdk25", "JAVA_VERSION=\"25.0.3\"\n").toString()));
        assertEquals("--sun-misc-unsafe-memory-access=allow",
                bash(script, home("jdk23", "JAVA_VERSION=\"23\"\n").toString()));
        assertEquals("", bash(script, home("jdk22", "JAVA_VERSION=\"22.0.2\"\n").toString()));
        assertEquals("", bash(script, home("none", null).toString()));
    }

    /**
     * Every command's help, formatted by picocli: a lone {@code %} in a description makes it
     * print a warning to standard error and fall back to the raw text.
     */
    @Test
    void everyHelpTextFormatsWithoutWarnings() {
        PrintStream saved = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, TrainCommandTest.run("--help").exit());
            for (String command : Nc4jCommand.commandLine().getSubcommands().keySet()) {
                assertEquals(0, TrainCommandTest.run(command, "--help").exit(), command);
            }
        } finally {
            System.setErr(saved);
        }
        String err = captured.toString(StandardCharsets.UTF_8);
        assertFalse(err.contains("WARN"), err);
    }
}
