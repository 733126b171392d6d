package io.github.nc4j.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchmarkFiguresTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFieldsOfAJmhResult() throws IOException {
        Files.writeString(dir.resolve("gemm.json"), gemmResults());
        List<JmhResult> results = JmhResult.read(dir.resolve("gemm.json"));
        assertEquals(8, results.size());
        JmhResult first = results.get(0);
        assertEquals("GemmBenchmark", first.benchmarkClass());
        assertEquals("nc4j", first.method());
        assertEquals(Map.of("n", "64", "layout", "NN", "threads", "1"), first.params());
        assertEquals(0.03, first.score());
        assertEquals("ms/op", first.unit());
        assertEquals(64, first.intParam("n"));
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> first.intParam("setting"));
        assertTrue(missing.getMessage().contains("setting"), missing.getMessage());
    }

    @Test
    void aFileThatIsNotAJmhResultIsNamed() throws IOException {
        Path notAnArray = Files.writeString(dir.resolve("gemm.json"), "{\"NN 64\": 1.0}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JmhResult.read(notAnArray));
        assertTrue(e.getMessage().contains(notAnArray.toString()), e.getMessage());
        Path noMetric = Files.writeString(dir.resolve("svd.json"), "[{\"benchmark\": \"a.B.c\"}]");
        e = assertThrows(IllegalArgumentException.class, () -> JmhResult.read(noMetric));
        assertTrue(e.getMessage().contains("entry 0"), e.getMessage());
    }

    @Test
    void gflopsIsTwiceTheCubeOverTheTime() {
        assertEquals(2000.0, BenchmarkFigures.gflops(1000, 1.0), 1e-9);
        assertEquals(2.0 * 64 * 64 * 64 / 0.5e6, BenchmarkFigures.gflops(64, 0.5), 1e-12);
    }

    @Test
    void drawsAPanelPerThreadCountAndSkipsFamiliesWithoutResults() throws IOException {
        Files.writeString(dir.resolve("gemm.json"), gemmResults());
        Files.writeString(dir.resolve("gemm-numpy-1.json"), "{\"NN 64\": 0.02, \"NN 128\": 0.2}");
        Map<String, Optional<BenchmarkFigures.Figure>> figures = BenchmarkFigures.draw(dir);
        assertEquals(List.of("gemm", "svd", "eigen", "model-steps", "tape", "lbfgs"),
                List.copyOf(figures.keySet()));
        BufferedImage gemm = figures.get("gemm").orElseThrow().image();
        BufferedImage onePanel = BenchmarkFigures.decomposition(writeSvd(), "svd", "SVD", "svd full")
                .orElseThrow().image();
        assertEquals(2 * onePanel.getWidth(), gemm.getWidth(), "threads 1 and 0: two panels");
        assertTrue(figures.get("eigen").isEmpty());
        assertTrue(figures.get("model-steps").isEmpty());
    }

    @Test
    void theReportTabulatesWhatTheFigureDraws() throws IOException {
        // An NT product first: the figure is of NN products only.
        Files.writeString(dir.resolve("gemm.json"), "[" + entry("GemmBenchmark", "nc4j",
                "\"n\": \"64\", \"layout\": \"NT\", \"threads\": \"1\"", 100.0) + ","
                + gemmResults().substring(1));
        Files.writeString(dir.resolve("gemm-numpy-1.json"), "{\"NN 64\": 0.02}");
        String table = BenchmarkFigures.gemm(dir).orElseThrow().table();
        // n = 64 on one thread: nc4j 0.03 ms, OpenBLAS 0.02 ms, EJML 0.1 ms, no ojAlgo run.
        assertTrue(table.contains("| 1 thread | 64 | " + gflops(64, 0.03) + " | "
                + gflops(64, 0.02) + " | " + gflops(64, 0.1) + " | - |"), table);
        assertTrue(table.contains("| all processors | 128 | " + gflops(128, 0.12) + " | - | "),
                "no NumPy run for every processor: " + table);
        assertTrue(table.indexOf("| 1 thread |") < table.indexOf("| all processors |"),
                "one thread first, every processor last: " + table);
    }

    @Test
    void mainWritesAFigurePerFamilyAndTheReport() throws IOException {
        Files.writeString(dir.resolve("gemm.json"), gemmResults());
        Path out = dir.resolve("out");
        BenchmarkFigures.main(new String[] {dir.toString(), out.toString()});
        assertTrue(Files.size(out.resolve("gemm.png")) > 0);
        assertTrue(Files.notExists(out.resolve("svd.png")));
        String report = Files.readString(out.resolve("README.md"));
        assertTrue(report.contains("(gemm.png)"), report);
    }

    private static String gflops(int n, double ms) {
        return String.format(Locale.ROOT, "%.3g", BenchmarkFigures.gflops(n, ms));
    }

    @Test
    void comparisonsWithoutTheirReferenceAreSkipped() throws IOException {
        Files.writeString(dir.resolve("models.json"), "[" + entry("ModelStepBenchmark", "step",
                "\"setting\": \"UFM_MSE\", \"threads\": \"1\"", 9.5) + "]");
        Files.writeString(dir.resolve("lbfgs.json"), "[" + entry("LbfgsBenchmark", "evaluate",
                "\"seed\": \"1\", \"threads\": \"1\"", 0.05) + "," + entry("LbfgsBenchmark",
                "minimize", "\"seed\": \"1\", \"threads\": \"1\"", 40.0) + "]");
        assertTrue(BenchmarkFigures.modelSteps(dir).isEmpty());
        assertTrue(BenchmarkFigures.lbfgs(dir).isEmpty());
        Files.writeString(dir.resolve("ufm-numpy-1.json"), "{\"UFM_MSE\": 19.0}");
        Files.writeString(dir.resolve("lbfgs-scipy-1.json"),
                "{\"1\": {\"ms\": 140.0, \"median_ms\": 139.0, \"iterations\": 300}}");
        assertTrue(BenchmarkFigures.modelSteps(dir).orElseThrow().table()
                .contains("| UFM_MSE | 1 | 9.50 | 19.0 | 2.00 |"));
        String lbfgs = BenchmarkFigures.lbfgs(dir).orElseThrow().table();
        assertTrue(lbfgs.contains("| 1 | 40.0 | 140 | 3.50 |"), lbfgs);
        assertTrue(!lbfgs.contains("0.0500"), "one evaluation is not a minimization: " + lbfgs);
    }

    @Test
    void theTapeFigureSetsTheTapeBesideTheHandWrittenStep() throws IOException {
        StringBuilder json = new StringBuilder("[");
        for (String threads : List.of("1", "2")) {
            json.append(entry("TapeBenchmark", "tape", "\"threads\": \"" + threads + "\"",
                    11.0 * Integer.parseInt(threads))).append(',').append(entry("TapeBenchmark",
                    "handWritten", "\"threads\": \"" + threads + "\"",
                    10.0 * Integer.parseInt(threads))).append(threads.equals("1") ? "," : "");
        }
        Files.writeString(dir.resolve("tape.json"), json.append("]").toString());
        String table = BenchmarkFigures.tape(dir).orElseThrow().table();
        assertTrue(table.contains("| 1 thread | 11.0 | 10.0 | 1.10 |"), table);
        assertTrue(table.contains("| 2 threads | 22.0 | 20.0 | 1.10 |"), table);
    }

    @Test
    void aReferenceThatWasNotRunIsEmpty() throws IOException {
        assertTrue(BenchmarkFigures.reference(dir, "gemm-numpy-0").isEmpty());
        Files.writeString(dir.resolve("ufm-numpy-1.json"), "{\"UFM_MSE\": 51.7}");
        assertEquals(Map.of("UFM_MSE", 51.7), BenchmarkFigures.reference(dir, "ufm-numpy-1"));
    }

    private Path writeSvd() throws IOException {
        Path svd = Files.createDirectories(dir.resolve("svd-only"));
        Files.writeString(svd.resolve("svd.json"), "[" + entry("SvdBenchmark", "nc4jFull",
                "\"n\": \"64\", \"threads\": \"1\"", 1.5) + "]");
        return svd;
    }

    private static String gemmResults() {
        StringBuilder json = new StringBuilder("[");
        String separator = "";
        for (String threads : List.of("1", "0")) {
            for (String n : List.of("64", "128")) {
                for (String method : List.of("nc4j", "ejml")) {
                    // Every processor halves the time.
                    double ms = (method.equals("nc4j") ? 0.03 : 0.1) * (n.equals("64") ? 1 : 8)
                            * (threads.equals("0") ? 0.5 : 1);
                    json.append(separator).append(entry("GemmBenchmark", method, "\"n\": \"" + n
                            + "\", \"layout\": \"NN\", \"threads\": \"" + threads + "\"", ms));
                    separator = ",";
                }
            }
        }
        return json.append("]").toString();
    }

    private static String entry(String benchmarkClass, String method, String params,
            double score) {
        return "{\"benchmark\": \"io.github.nc4j.bench." + benchmarkClass + "." + method
                + "\", \"params\": {" + params + "}, \"primaryMetric\": {\"score\": " + score
                + ", \"scoreError\": 0.001, \"scoreUnit\": \"ms/op\"}}";
    }
}
