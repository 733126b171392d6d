package io.github.nc4j.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.nc4j.core.check.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a command does: trajectory, metrics, plots and summary in one folder, a few calls. */
class RunOutputTest {

    @Test
    void writesTheStandardFilesAndTheSummaryLinksResolve(@TempDir Path tmp) throws Exception {
        Table trajectory = Table.withColumns("step", "loss", "nc1");
        for (int s = 0; s <= 100; s += 10) {
            trajectory.addRow(s, Math.exp(-s / 20.0), Math.exp(-s / 10.0));
        }
        List<Comparison> theory = List.of(Comparison.of("||mu_1||", 1.0, 1.0));
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("nc1", trajectory.lastRow()[2]);
        metrics.put("theory", theory.stream().map(Comparison::toMap).toList());

        RunOutput out = RunOutput.at(tmp.resolve("runs/ufm"));
        out.writeTrajectory(trajectory);
        out.writeMetrics(metrics);
        Figure nc1 = out.writePlot("nc1", "NC1 during training",
                Plots.lines(trajectory, "step", List.of("nc1", "loss"), "NC1", "value", true));
        out.writeSummary(Summary.titled("UFM").theoryComparison(theory, 0.01).figure(nc1));

        Path dir = tmp.resolve("runs/ufm");
        assertEquals(List.of(dir.resolve("trajectory.csv"), dir.resolve("metrics.json"),
                dir.resolve("nc1.png"), dir.resolve("nc1.svg"), dir.resolve("summary.md")),
                out.written());
        assertEquals(12, Files.readAllLines(dir.resolve("trajectory.csv")).size());
        assertTrue(Files.readString(dir.resolve("metrics.json")).contains("\"relative_error\": 0"));
        PlotsTest.checkPng(dir.resolve("nc1.png"));
        PlotsTest.checkSvg(dir.resolve("nc1.svg"));

        Matcher links = Pattern.compile("\\]\\(([^)]+)\\)")
                .matcher(Files.readString(dir.resolve("summary.md")));
        int count = 0;
        while (links.find()) {
            assertTrue(Files.isRegularFile(dir.resolve(links.group(1))), links.group(1));
            count++;
        }
        assertEquals(2, count, "the PNG embed and the SVG link");
    }
}
