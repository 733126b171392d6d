package io.github.nc4j.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.linalg.Parallelism;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The roofline figure of docs/internals/01-gemm.md, drawn in its quick mode (seconds). */
class GemmRooflineFigureTest {

    @TempDir
    Path dir;

    @Test
    void drawsThePngAndTheNumbersBehindIt() throws Exception {
        int threads = Parallelism.threads();
        Path png = GemmRooflineFigure.draw(dir, true);
        assertEquals(dir.resolve("gemm-roofline.png"), png);
        assertNotNull(ImageIO.read(png.toFile()), "not a readable PNG");
        assertEquals(threads, Parallelism.threads(), "the thread setting must be restored");
        List<String> csv = Files.readAllLines(dir.resolve("gemm-roofline.csv"));
        assertTrue(csv.get(0).startsWith("what,threads,size"), csv.get(0));
        for (String what : List.of("micro-kernel peak", "stream scale bandwidth", "gemm n x n",
                "gemv n x n", "gemm N x d times d x K")) {
            assertTrue(csv.stream().anyMatch(line -> line.startsWith(what + ",")),
                    "no " + what + " in " + csv);
        }
    }
}
