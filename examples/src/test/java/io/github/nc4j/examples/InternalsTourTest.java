package io.github.nc4j.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.nc4j.examples.TourHarness.Block;
import io.github.nc4j.examples.TourHarness.Session;
import io.github.nc4j.linalg.Blas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every {@code ```java} block of the internals tour ({@code docs/internals/*.md}) with
 * {@link TourHarness}: one dynamic container per chapter, one dynamic test per block, the blocks
 * of a chapter in order in one JShell state. After a block fails, the rest of its chapter is
 * skipped (they would fail for the same reason). The other tests check the harness itself on
 * chapters written here, so that a broken snippet is known to fail.
 */
class InternalsTourTest {

    /** The tour, seen from the examples module's folder (where Maven runs the tests). */
    static final Path TOUR = Path.of("..", "docs", "internals");

    @TestFactory
    Stream<DynamicNode> everyJavaBlockOfTheTourRuns() throws IOException {
        assertTrue(Files.isDirectory(TOUR), "no tour at " + TOUR.toAbsolutePath());
        List<Path> chapters;
        try (Stream<Path> files = Files.list(TOUR)) {
            chapters = files.filter(p -> p.getFileName().toString().endsWith(".md")).sorted()
                    .toList();
        }
        assertFalse(chapters.isEmpty(), "no chapters in " + TOUR.toAbsolutePath());
        return chapters.stream().map(InternalsTourTest::chapter);
    }

    private static DynamicNode chapter(Path file) {
        String name = file.getFileName().toString();
        List<Block> blocks;
        try {
            blocks = TourHarness.blocks(name, Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChapterRun run = new ChapterRun(blocks.size());
        URI uri = file.toAbsolutePath().normalize().toUri();
        return DynamicContainer.dynamicContainer(name, uri, blocks.stream().map(b ->
                DynamicTest.dynamicTest("block at line " + b.line(),
                        URI.create(uri + "?line=" + b.line()), () -> run.execute(b))));
    }

    /**
     * The blocks of one chapter, run in order in one {@link Session}, opened at the first block
     * and closed after the last.
     */
    private static final class ChapterRun {
        private final int blocks;
        private int done;
        private Session session;
        private String failed;

        ChapterRun(int blocks) {
            this.blocks = blocks;
        }

        void execute(Block block) {
            try {
                Assumptions.assumeTrue(failed == null, () -> "skipped: " + failed
                        + " failed, and the blocks after it build on it");
                if (session == null) {
                    session = new Session();
                }
                Optional<String> failure = session.run(block);
                if (failure.isPresent()) {
                    failed = block.where();
                    fail(failure.get());
                }
            } finally {
                if (++done == blocks && session != null) {
                    session.close();
                }
            }
        }
    }

    @Test
    void theReadmeListsExactlyTheImportsTheHarnessMakes() throws IOException {
        List<String> listed = TourHarness.blocks("README.md",
                Files.readString(TOUR.resolve("README.md"))).stream()
                .filter(b -> b.code().strip().startsWith("import "))
                .flatMap(b -> b.code().lines()).map(String::strip).filter(l -> !l.isEmpty())
                .toList();
        assertEquals(TourHarness.IMPORTED_PACKAGES.stream().map(p -> "import " + p + ".*;")
                .toList(), listed);
    }

    // ---------------------------------------------------------------- the harness itself

    /** Runs a chapter's blocks in one session; the first failure, or empty. */
    private static Optional<String> runChapter(String name, String markdown) {
        try (Session session = new Session()) {
            for (Block block : TourHarness.blocks(name, markdown)) {
                Optional<String> failure = session.run(block);
                if (failure.isPresent()) {
                    return failure;
                }
            }
            return Optional.empty();
        }
    }

    private static final String GOOD = """
            # A chapter

            ```java
            Matrix a = Matrix.of(new double[][] {{1, 2}, {3, 4}});
            ```

            Later blocks see earlier ones; text blocks are not run:

            ```text
            this is not Java
            ```

            ```java
            double t = a.times(a).trace();
            System.out.println("trace " + t);
            // prints: trace 29.0
            ```
            """;

    @Test
    void aChapterThatWorksPasses() {
        assertEquals(Optional.empty(), runChapter("good.md", GOOD));
    }

    @Test
    void aBlockThatDoesNotCompileFailsNamingTheChapterTheLineAndTheError() {
        String broken = GOOD + """

                ```java
                int n = 3;                 // the comment ends this line, not the next snippet
                String s = n.toString();
                ```
                """;
        String failure = runChapter("broken.md", broken).orElseThrow();
        assertTrue(failure.startsWith("broken.md, block at line 20: the snippet at line 21 does"
                + " not compile"), failure);
        assertTrue(failure.contains("error: line 21, at \"n.toString();\": int cannot be"
                + " dereferenced"), failure);
    }

    @Test
    void aBlockThatThrowsFailsNamingTheException() {
        String failure = runChapter("throws.md", """
                ```java
                int[] a = new int[2];
                System.out.println("before");
                int b = a[2];
                ```
                """).orElseThrow();
        assertTrue(failure.startsWith("throws.md, block at line 2: the snippet at line 4 throws"
                + " java.lang.ArrayIndexOutOfBoundsException"), failure);
        assertTrue(failure.contains("the block printed:\nbefore"), failure);
    }

    @Test
    void aBlockWhoseOutputLacksItsPrintsTextFails() {
        String failure = runChapter("prints.md", """
                Some text.

                ```java
                System.out.println(Math.sqrt(2));
                // prints: 1.5
                ```
                """).orElseThrow();
        assertTrue(failure.startsWith("prints.md, block at line 4: its output does not contain"
                + " the text of its // prints: comment, \"1.5\""), failure);
        assertTrue(failure.contains("1.4142135623730951"), failure);
    }

    @Test
    void everyPrintsTextOfABlockIsChecked() {
        String twoTexts = """
                ```java
                System.out.println("one"); // prints: one
                // prints: two
                ```
                """;
        assertEquals(List.of("one", "two"), TourHarness.blocks("c.md", twoTexts).get(0)
                .expected());
        assertTrue(runChapter("c.md", twoTexts).orElseThrow().contains("\"two\""));
    }

    @Test
    void aPrintsCommentThatDoesNotEndItsBlockIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TourHarness.blocks("c.md", """
                        ```java
                        System.out.println(1); // prints: 1
                        System.out.println(2);
                        ```
                        """));
        assertTrue(e.getMessage().contains("c.md: the // prints: comment at line 2 does not end"
                + " its block"), e.getMessage());
    }

    @Test
    void anUnfinishedSnippetFails() {
        String failure = runChapter("open.md", """
                ```java
                for (int i = 0; i < 3; i++) {
                    System.out.println(i);
                ```
                """).orElseThrow();
        assertTrue(failure.startsWith("open.md, block at line 2: the snippet at line 2 is"
                + " unfinished"), failure);
    }

    @Test
    void aJavaFenceThatIsNeverClosedIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TourHarness.blocks("c.md", "text\n```java\nint x = 1;\n"));
        assertEquals("c.md: the ```java block opened at line 2 is never closed", e.getMessage());
    }

    @Test
    void aLongerFenceShowsAJavaFenceWithoutRunningIt() {
        List<Block> blocks = TourHarness.blocks("c.md", """
                ````text
                ```java
                not run
                ```
                ````
                """);
        assertEquals(List.of(), blocks);
    }

    @Test
    void chaptersDoNotShareState() {
        assertEquals(Optional.empty(), runChapter("a.md", "```java\nint shared = 1;\n```\n"));
        String failure = runChapter("b.md", "```java\nSystem.out.println(shared);\n```\n")
                .orElseThrow();
        assertTrue(failure.contains("does not compile"), failure);
    }

    @Test
    void aMethodUsingWhatNoBlockDefinesFails() {
        String failure = runChapter("m.md", """
                ```java
                double twice(double x) { return helper(x) * 2; }
                ```
                """).orElseThrow();
        assertTrue(failure.contains("uses what no block above defines (method helper(double))"),
                failure);
    }

    @Test
    void snippetsRunOnTheKernelsOfTheTests() {
        assertEquals(Optional.empty(), runChapter("kernels.md", "```java\n"
                + "System.out.println(\"kernels: \" + Blas.implementation());\n"
                + "// prints: kernels: " + Blas.implementation() + "\n```\n"));
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()) {
            assertEquals("vector", Blas.implementation(),
                    "Surefire starts the tests with the Vector API");
        }
    }
}
