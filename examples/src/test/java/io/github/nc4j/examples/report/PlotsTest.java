package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.w3c.dom.Document;

class PlotsTest {

    @TempDir
    Path dir;

    private static Table trajectory() {
        Table t = Table.withColumns("epoch", "nc1_layer1", "nc1_layer2", "loss");
        for (int e = 0; e <= 60; e++) {
            t.addRow(e, Math.exp(-e / 30.0), Math.exp(-e / 10.0), e < 50 ? 1.0 / (e + 1) : 0.0);
        }
        return t;
    }

    @Test
    void logLineChartIsWrittenAsPngAndSvg() throws Exception {
        XYChart chart = Plots.lines(trajectory(), "epoch", List.of("nc1_layer1", "nc1_layer2"),
                "NC1 per layer", "NC1", true);

        List<Path> files = Plots.save(chart, dir.resolve("plots"), "nc1");

        assertEquals(List.of(dir.resolve("plots/nc1.png"), dir.resolve("plots/nc1.svg")), files);
        checkPng(files.get(0));
        checkSvg(files.get(1));
    }

    /** Zeros cannot go on a log axis: they become gaps, and an all-zero series is left out. */
    @Test
    void logChartsSurviveNonPositiveValues() throws Exception {
        XYChart gaps = Plots.lines(trajectory(), "epoch", List.of("loss"), "loss", "loss", true);
        checkPng(Plots.save(gaps, dir, "gaps").get(0));

        double[] x = {0, 1, 2};
        XYChart chart = Plots.lines("NC", "step", "value", true, List.of(
                new Plots.Series("collapsed", x, new double[] {0, 0, -1}),
                new Plots.Series("nc1", x, new double[] {1, 0.1, 0.01})));
        assertTrue(chart.getTitle().contains("1 series without positive values omitted"),
                chart.getTitle());
        checkPng(Plots.save(chart, dir, "omitted").get(0));
    }

    /** Powers of ten alone leave a narrow log axis unlabeled; wide ones keep only those. */
    @Test
    void narrowLogAxesLabelEveryMultiple() {
        double[] x = {0, 1, 2};
        XYChart narrow = Plots.lines("NC1", "epoch", "NC1", true,
                List.of(new Plots.Series("layer 1", x, new double[] {4, 0.7, 0.15})));
        XYChart wide = Plots.lines("NC1", "epoch", "NC1", true,
                List.of(new Plots.Series("layer 1", x, new double[] {4, 0.07, 0.001})));
        assertFalse(narrow.getStyler().isYAxisLogarithmicDecadeOnly());
        assertTrue(wide.getStyler().isYAxisLogarithmicDecadeOnly());
    }

    @Test
    void comparisonChartsDrawOnLinearAndLogAxes() throws Exception {
        List<String> classes = List.of("class 1", "class 2", "class 3", "class 4");
        double[] learned = {1.52, 1.21, 0.83, 1e-9};
        double[] predicted = {1.51, 1.2, 0.84, 0};
        CategoryChart linear = Plots.comparison("Lengths", "||mu_k||", classes, learned,
                predicted, false);
        CategoryChart log = Plots.comparison("Lengths", "||mu_k||", classes, learned,
                predicted, true);
        checkPng(Plots.save(linear, dir, "linear").get(0));
        checkSvg(Plots.save(log, dir, "log").get(1));
        assertArrayEquals(new double[] {1.51, 1.2, 0.84, 0}, predicted, "inputs are not modified");
    }

    @Test
    void rejectsMalformedSeries() {
        double[] x = {0, 1};
        assertThrows(IllegalArgumentException.class,
                () -> new Plots.Series("s", x, new double[] {1}));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Plots.lines("t", "x", "y", false, List.of(new Plots.Series("s", x, x),
                        new Plots.Series("s", x, x))));
        assertTrue(e.getMessage().contains("\"s\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Plots.comparison("t", "v",
                List.of("a", "b"), new double[] {1, 2}, new double[] {1}, false));
    }

    static void checkPng(Path png) throws IOException {
        byte[] signature = Arrays.copyOf(Files.readAllBytes(png), 8);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'},
                signature, png + " is not a PNG");
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(Plots.WIDTH, image.getWidth());
        assertEquals(Plots.HEIGHT, image.getHeight());
    }

    static void checkSvg(Path svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        // The file names the SVG 1.1 DTD; a well-formedness check must not fetch it.
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd",
                false);
        Document doc = factory.newDocumentBuilder().parse(svg.toFile());
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(doc.getElementsByTagName("path").getLength()
                + doc.getElementsByTagName("line").getLength() > 10, svg + " draws nothing");
    }
}
