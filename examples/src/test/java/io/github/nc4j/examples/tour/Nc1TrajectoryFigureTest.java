package io.github.nc4j.examples.tour;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.examples.report.Plots;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figure of the internals tour's chapter 4: written, readable, documented, checked in. */
class Nc1TrajectoryFigureTest {

    private static final Path TOUR = Path.of("..", "docs", "internals");

    @Test
    void mainWritesTheFigureIntoTheFolderItIsGiven(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("figures");
        Nc1TrajectoryFigure.main(new String[] {folder.toString()});
        Path png = folder.resolve(Nc1TrajectoryFigure.FILE_NAME);
        assertTrue(Files.isRegularFile(png), png + " was not written");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " is not an image ImageIO can read");
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
    }

    @Test
    void theChapterSaysHowToRegenerateTheFigureAndShowsIt() throws IOException {
        String chapter = Files.readString(TOUR.resolve("04-nc-metrics.md"));
        String command = "java -cp examples/target/nc4j.jar " + Nc1TrajectoryFigure.class.getName()
                + " docs/internals/figures";
        assertTrue(chapter.contains(command), "04-nc-metrics.md does not give the command "
                + command);
        assertTrue(chapter.contains("(figures/" + Nc1TrajectoryFigure.FILE_NAME + ")"),
                "04-nc-metrics.md does not show the figure");
        assertTrue(Files.isRegularFile(TOUR.resolve("figures").resolve(
                Nc1TrajectoryFigure.FILE_NAME)), "the figure is not checked in");
    }
}
