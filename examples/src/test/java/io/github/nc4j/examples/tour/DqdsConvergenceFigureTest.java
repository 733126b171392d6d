package io.github.nc4j.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dqds figure of docs/internals/02-svd.md, drawn from the checked-in trace (which
 * nc-linalg's {@code DqdsConvergenceTrace} writes): the CSV must still read and draw.
 */
class DqdsConvergenceFigureTest {

    @TempDir
    Path dir;

    @Test
    void drawsThePngFromTheCheckedInTrace() throws Exception {
        Files.copy(Path.of("..", "docs", "internals", "figures", "dqds-convergence.csv"),
                dir.resolve("dqds-convergence.csv"));
        Path png = DqdsConvergenceFigure.draw(dir);
        assertEquals(dir.resolve("dqds-convergence.png"), png);
        assertNotNull(ImageIO.read(png.toFile()), "not a readable PNG");
    }
}
